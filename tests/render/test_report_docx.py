"""The Word draft of workbooks/2023, read back with python-docx: every number in every table equals the
computation, and Word's machinery (styles, fields, page set-up, pictures, placeholders, schema order)."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Emu
from lxml import etree

from kinerja_xl.compute.results import result_tree
from kinerja_xl.compute.engine import compute
from kinerja_xl.plans.report import Heading, ReportPlan, plan_report
from kinerja_xl.render.report_docx import PLACEHOLDER_STYLE, TABLE_STYLE, write_docx

from tests.support.catalogs import pemda, pemda_values
from tests.support.report import (
    PLACEHOLDER,
    W,
    blank_png,
    cell_fill,
    docx_table,
    expected,
    fmt,
    grid_cells,
    is_right_aligned,
    resolve,
    rows,
    sign,
    walk_tree,
)

PUBLISHED = {"SS1": "104,63", "SS2": "117,30", "SS3": "107,72", "SS4": "99,34"}


@pytest.fixture(scope="module")
def tree(consolidation) -> dict[str, Any]:
    """The JSON of ``hitung --json`` for the same folder."""
    return result_tree(consolidation.computation)


def _xml(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


def _row_of(table_rows: list[list[str]], first: str) -> list[str]:
    found = [r for r in table_rows if r[0] == first]
    assert len(found) == 1, f"satu baris berkode {first}"
    return found[0]


# -- every number ----------------------------------------------------------------------------------------
def test_the_document_has_the_plan_tables_in_order(report_plan: ReportPlan, report_document: Any) -> None:
    assert len(report_document.tables) == len(report_plan.tables())
    for table, written in zip(report_plan.tables(), report_document.tables, strict=True):
        assert len(written.rows) == len(table.rows), table.key
        assert len(written.columns) == len(table.widths), table.key


def test_every_cell_prints_the_plan(report_plan: ReportPlan, report_document: Any) -> None:
    for table, written in zip(report_plan.tables(), report_document.tables, strict=True):
        for r, c, cell in grid_cells(table):
            assert written.cell(r, c).text == cell.text(), f"{table.key} baris {r} kolom {c}"


def test_every_figure_cell_equals_the_computation(consolidation, report_plan: ReportPlan,
                                                  report_document: Any) -> None:
    checked = 0
    for table, written in zip(report_plan.tables(), report_document.tables, strict=True):
        for r, c, cell in grid_cells(table):
            if cell.source:
                assert written.cell(r, c).text == expected(cell, consolidation.computation), \
                    f"{table.key} baris {r} kolom {c} ({cell.source})"
                checked += 1
    cells = [cell for t in report_plan.tables() for _, _, cell in grid_cells(t)]
    assert all(cell.source for cell in cells if isinstance(cell.value, Decimal)), "every number names its source"
    assert checked > 250


def test_sources_resolve_to_the_engine_figures(consolidation, report_plan: ReportPlan) -> None:
    """Each plan value is the computation's published value (the plan reads, never recomputes)."""
    for table in report_plan.tables():
        for _, _, cell in grid_cells(table):
            if cell.source and isinstance(cell.value, Decimal):
                assert cell.value == resolve(cell.source, consolidation.computation), (table.key, cell.source)


def test_tabel_3_1_shows_the_published_figures(catalog, report_plan: ReportPlan, report_document: Any) -> None:
    table = rows(docx_table(report_plan, report_document, "capaian"))
    for code, value in PUBLISHED.items():
        label = [r for r in table if r[1] == f"Rata-rata capaian {code}"]
        assert label and label[0][-1] == value
    assert table[-1][-1] == "107,25"
    assert table[-1][0] == f"Capaian kinerja {catalog.ministry} tahun 2023"
    assert report_plan.table("capaian").caption.full() == \
        "Tabel 3.1 Capaian Kinerja Kementerian Sosial Republik Indonesia Tahun 2023"


def test_tabel_capaian_equals_the_result_tree(tree, report_plan: ReportPlan, report_document: Any) -> None:
    table = rows(docx_table(report_plan, report_document, "capaian"))
    for goal in tree["sasaran"]:
        for ind in goal["indikator"]:
            row = _row_of(table, ind["kode"])
            assert row[1] == ind["nama"]
            assert row[3:] == [sign(ind["target"]), fmt(ind["realisasi"]), fmt(ind["capaian"])]
    assert table[-1][-1] == fmt(tree["capaian_kementerian"])


def test_perjanjian_kinerja_lists_every_indicator_with_its_target(tree, report_plan: ReportPlan,
                                                                  report_document: Any) -> None:
    table = rows(docx_table(report_plan, report_document, "perjanjian_kinerja"))[1:]
    indicators = [i for g in tree["sasaran"] for i in g["indikator"]]
    assert [r[2] for r in table] == [f"{i['kode']} {i['nama']}" for i in indicators]
    assert [r[4] for r in table] == [sign(i["target"]) for i in indicators]
    # the sasaran cell is merged down over its indicators: every row reads the sasaran's name
    assert [r[1] for r in table] == [g["nama"] for g in tree["sasaran"] for _ in g["indikator"]]


def test_history_rows_equal_the_result_tree(tree, report_plan: ReportPlan, report_document: Any) -> None:
    for goal in tree["sasaran"]:
        for ind in goal["indikator"]:
            table = rows(docx_table(report_plan, report_document, f"indikator:{ind['kode']}"))
            history = [("n.a" if v is None else fmt(v)) for _, v in sorted(ind["realisasi_lalu"].items())]
            riwayat = ind["riwayat"]
            kenaikan = "n.a" if riwayat["kenaikan"] is None else fmt(riwayat["kenaikan"])
            assert table[2] == history + [sign(ind["target"]), fmt(ind["realisasi"]), fmt(ind["capaian"]), kenaikan,
                                          sign(riwayat["target_akhir"]), fmt(riwayat["capaian_akhir"])], ind["kode"]
            assert table[1][-1] == f"% Capaian thd Target {riwayat['tahun_akhir']}"


def test_breakdowns_equal_the_result_tree(tree, report_plan: ReportPlan, report_document: Any) -> None:
    keys = {t.key for t in report_plan.tables()}
    seen = 0
    for goal in tree["sasaran"]:
        for ind in goal["indikator"]:
            if f"rincian:{ind['kode']}" not in keys:
                assert not ind.get("sub") and not ind.get("kelompok")
                continue
            if "survei" in ind:  # the per-unit survey table (test_the_survey_table_is_tabel_3_29)
                seen += len(list(walk_tree(ind))) - 1
                continue
            table = rows(docx_table(report_plan, report_document, f"rincian:{ind['kode']}"))
            by_code = {r[0]: r for r in table}
            for node in list(walk_tree(ind))[1:]:
                assert by_code[node["kode"]][1].strip() == node["nama"]
                assert by_code[node["kode"]][table[0].index("Realisasi 2023")] == fmt(node["realisasi"]), node["kode"]
                seen += 1
            assert table[-1][1] == f"Realisasi indikator {ind['kode']}"
    assert seen == sum(len(list(walk_tree(i))) - 1 for g in tree["sasaran"] for i in g["indikator"])


def test_group_rows_equal_the_result_tree(tree, report_plan: ReportPlan, report_document: Any) -> None:
    table = rows(docx_table(report_plan, report_document, "rincian:SS1.1"))
    months = tree["sasaran"][0]["indikator"][0]["sub"][1]["kelompok"]
    assert [r[-1] for r in table if r[1].strip().split(" ")[0] in months][:12] == [fmt(v) for v in months.values()]
    assert any(r[1].strip() == "April (periode puncak)" for r in table)


def test_the_survey_table_is_tabel_3_29(tree, report_plan: ReportPlan, report_document: Any) -> None:
    """LKj 2023 Tabel 3.29 (IKM, respondents, IKM × respondents, quality per unit; the ministry's 90,33 of
    18.380 respondents), recomputed from the units' survey answers. The printed table swaps the "Bobot"
    column between three rows (the reviu reports it); the arithmetic is asserted here."""
    ikm = rows(docx_table(report_plan, report_document, "rincian:SS4.1"))
    assert ikm[0] == ["Unit Eselon I", "IKM", "Jumlah Responden", "IKM × Responden", "Mutu (Kinerja)",
                      "Unsur Terendah (NRR)"]
    assert [r[:5] for r in ikm[1:]] == [
        ["Sekretariat Jenderal", "91,11", "5.023", "457.645,53", "A (Sangat Baik)"],
        ["Ditjen Rehabilitasi Sosial", "89,15", "9.413", "839.168,95", "A (Sangat Baik)"],
        ["Ditjen Perlindungan & Jaminan Sosial", "91,68", "2.264", "207.563,52", "A (Sangat Baik)"],
        ["Ditjen Pemberdayaan Sosial", "92,17", "1.047", "96.501,99", "A (Sangat Baik)"],
        ["Inspektorat Jenderal", "93,95", "633", "59.470,35", "A (Sangat Baik)"],
        ["Kementerian Sosial Republik Indonesia", "90,33", "18.380", "1.660.350,34", "A (Sangat Baik)"]]
    surveys = next(i for g in tree["sasaran"] for i in g["indikator"] if i["kode"] == "SS4.1")["survei"]
    for line, unit in zip(ikm[1:-1], ("SETJEN", "REHSOS", "LINJAMSOS", "DAYASOS", "ITJEN"), strict=True):
        weakest = surveys[unit]["terendah"]
        assert line[5] == f"{weakest['kode']} {weakest['nama']} ({fmt(weakest['nrr'], 3)})"


def test_budget_tables_equal_the_result_tree(tree, report_plan: ReportPlan, report_document: Any) -> None:
    budget = tree["anggaran"]
    units = rows(docx_table(report_plan, report_document, "pagu_unit"))
    for unit in budget["unit"]:
        assert _row_of(units, unit["kode"])[2:] == [fmt(unit["pagu_awal"], 0), fmt(unit["pagu_akhir"], 0)]
    assert units[-1][2:] == [fmt(budget["total_pagu_awal"], 0), fmt(budget["total_pagu_akhir"], 0)]
    spending = rows(docx_table(report_plan, report_document, "belanja"))
    for line in budget["jenis_belanja"]:
        assert _row_of(spending, line["nama"])[1:] == [fmt(line["pagu"], 0), fmt(line["realisasi"], 0),
                                                       fmt(line["persen"])]
    total = budget["total_belanja"]
    assert spending[-1] == ["Jumlah", fmt(total["pagu"], 0), fmt(total["realisasi"], 0), fmt(total["persen"])]
    efficiency = rows(docx_table(report_plan, report_document, "efisiensi"))
    for goal in budget["efisiensi"]:
        assert _row_of(efficiency, goal["kode"])[2:] == [fmt(goal["capaian_kinerja"]),
                                                         fmt(goal["persen_realisasi_anggaran"]), goal["efisiensi"]]
    nka = rows(docx_table(report_plan, report_document, "kinerja_anggaran"))
    values = budget["nilai_kinerja_anggaran"]
    assert _row_of(nka, "EKA")[2] == fmt(values["EKA"]) and _row_of(nka, "IKPA")[2] == fmt(values["IKPA"])
    assert nka[-2][2] == fmt(values["nilai"]) and nka[-1][2] == values["predikat"]


def test_a_pemda_draft_equals_its_computation(tmp_path: Path) -> None:
    comp = compute(pemda(), pemda_values())
    plan = plan_report(comp)
    document = Document(str(write_docx(plan, tmp_path / "lkjip.docx")))
    assert len(document.tables) == len(plan.tables()) and len(document.inline_shapes) == len(plan.figures())
    for table, written in zip(plan.tables(), document.tables, strict=True):
        for r, c, cell in grid_cells(table):
            if cell.source:
                assert written.cell(r, c).text == expected(cell, comp), (table.key, cell.source)
    assert rows(document.tables[1])[-1][-1] == "99,24"  # the instansi's capaian: (101,25 + 97,22) / 2


# -- pictures, placeholders, styles, fields, page ---------------------------------------------------------
def test_every_chart_picture_is_present(report_plan: ReportPlan, report_document: Any, report_docx: Path) -> None:
    figures = report_plan.figures()
    assert len(figures) == 10  # pagu, trend, per indicator, per sasaran, four sasaran trends, spending, efficiency
    assert len(report_document.inline_shapes) == len(figures)
    with zipfile.ZipFile(report_docx) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    assert len(images) == len(figures)
    assert [s._inline.docPr.get("descr") for s in report_document.inline_shapes] == \
        [f.description for f in figures]


def test_chart_series_are_the_computation(consolidation, catalog, report_plan: ReportPlan) -> None:
    comp = consolidation.computation
    by_key = {f.key: f.chart for f in report_plan.figures()}
    indicators = by_key["capaian_indikator"]
    assert indicators.categories == tuple(i.code for i in catalog.indicators())
    assert indicators.series[0].values == tuple(comp.number(i.code, "capaian") for i in catalog.indicators())
    goals = by_key["capaian_sasaran"]
    assert [str(v) for v in goals.series[0].values] == ["104.63", "117.30", "107.72", "99.34"]
    assert goals.reference == 100
    trend = by_key["tren:SS4"]
    assert trend.categories == ("2020", "2021", "2022", "2023")
    assert trend.series[1].values == tuple(comp.shown("SS4.2", m) for m in
                                           ("realisasi_2020", "realisasi_2021", "realisasi_2022", "realisasi"))
    assert trend.series[0].values[0] is None  # SS4.1 has no 2020 figure: a gap, not a zero
    assert [str(v) for v in by_key["efisiensi"].series[1].values] == ["97.99", "96.83", "99.04", "98.66"]
    assert [str(v) for v in by_key["tren_instansi"].series[0].values] == ["111.37", "107.25"]


def test_one_placeholder_per_sasaran_and_indicator(catalog, report_plan: ReportPlan, report_document: Any) -> None:
    """Read back from the DOCX: each sasaran section (up to its first indicator) and each indicator
    section holds exactly one Isian Penyusun paragraph, and it names its code."""
    goals = [g.code for g in catalog.goals]
    indicators = [i.code for i in catalog.indicators()]
    found: dict[str, list[str]] = {code: [] for code in goals + indicators}
    current: str | None = None
    for p in report_document.paragraphs:
        style = p.style.name
        if style == "Heading 3":
            current = p.text.split(":")[0].split()[-1]                      # "IKU SS1.1: …"
        elif style == "Heading 2":
            head = re.match(r"\d+\.\d+ Sasaran Strategis (\d+): ", p.text)  # "3.2 Sasaran Strategis 1: …"
            current = goals[int(head[1]) - 1] if head else None
        elif style.startswith("Heading"):
            current = None
        elif style == PLACEHOLDER_STYLE and current is not None:
            found[current].append(p.text)
    for code, texts in found.items():
        assert len(texts) == 1, f"{code}: {texts}"
        assert code in texts[0] and PLACEHOLDER.match(texts[0])
    subjects = [p.subject for p in report_plan.placeholders()]
    assert all(subjects.count(code) == 1 for code in found)


def test_placeholders_have_their_own_style(report_document: Any, report_docx: Path) -> None:
    marked = [p for p in report_document.paragraphs if p.style.name == PLACEHOLDER_STYLE]
    assert marked and all(PLACEHOLDER.match(p.text) for p in marked)
    assert all(p.text.startswith("[Diisi oleh penyusun") is (p.style.name == PLACEHOLDER_STYLE)
               for p in report_document.paragraphs)
    styles = _xml(report_docx, "word/styles.xml")
    block = styles[styles.index(f'w:styleId="{PLACEHOLDER_STYLE.replace(" ", "")}"'):]
    block = block[: block.index("</w:style>")]
    assert 'w:fill="FFF2CC"' in block and "<w:i/>" in block  # shaded and italic: visibly "to be written"


def test_page_is_a4_portrait_with_header_and_page_numbers(catalog, report_document: Any, report_docx: Path) -> None:
    section = report_document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(section.left_margin.cm, 2), round(section.right_margin.cm, 2)) == (3.0, 2.5)
    assert section.header.paragraphs[0].text == catalog.ministry
    footer = _xml(report_docx, [n for n in zipfile.ZipFile(report_docx).namelist() if "footer" in n][0])
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    assert section.different_first_page_header_footer  # the cover carries neither


def test_contents_and_caption_lists_are_word_fields(report_docx: Path) -> None:
    body = _xml(report_docx, "word/document.xml")
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    assert 'TOC \\h \\z \\c "Tabel"' in body and 'TOC \\h \\z \\c "Gambar"' in body
    assert "SEQ Tabel \\* ARABIC \\r 1 " in body  # Tabel 3.1 keeps the catalog's number
    assert "SEQ Gambar \\* ARABIC " in body
    assert '<w:updateFields w:val="true"/>' in _xml(report_docx, "word/settings.xml")


def test_captions_follow_the_catalog(report_plan: ReportPlan, report_document: Any) -> None:
    captions = [p.text for p in report_document.paragraphs if p.style.name == "Caption"]
    assert "Tabel 3.1 Capaian Kinerja Kementerian Sosial Republik Indonesia Tahun 2023" in captions
    assert "Tabel 2.2 Anggaran Kementerian Sosial Republik Indonesia Tahun 2023 per Unit Eselon I" in captions
    assert "Tabel 3.33 Perbandingan Capaian Kinerja dengan Realisasi Anggaran" in captions
    assert report_plan.table("rincian:SS1.3").caption.number is None  # not in the catalog: no invented number
    figures = [f.caption.full() for f in report_plan.figures()]
    assert figures[0].startswith("Gambar 1 ") and figures[-1].startswith(f"Gambar {len(figures)} ")


def test_tables_use_the_named_style_and_repeat_their_header(report_plan: ReportPlan, report_document: Any) -> None:
    for table, written in zip(report_plan.tables(), report_document.tables, strict=True):
        assert written.style.name == TABLE_STYLE
        for i, row in enumerate(written.rows):
            repeated = row._tr.find(f"{W}trPr/{W}tblHeader") is not None
            assert repeated == (i < len(table.header)), (table.key, i)


def test_numbers_are_right_aligned_and_capaian_banded(catalog, report_plan: ReportPlan,
                                                      report_document: Any) -> None:
    written = docx_table(report_plan, report_document, "capaian")
    by_code = {written.cell(r, 0).text: r for r in range(len(written.rows))}
    bands = {b.label: b.color for b in catalog.achievement_bands}
    assert cell_fill(written.cell(by_code["SS2.1"], 5)) == bands["Tercapai"]        # 117,92
    assert cell_fill(written.cell(by_code["SS4.2"], 5)) == bands["Hampir tercapai"]  # 98,31
    for code in [i.code for i in catalog.indicators()]:
        assert is_right_aligned(written.cell(by_code[code], 5))
    for column in (3, 4):
        assert is_right_aligned(written.cell(by_code["SS1.1"], column))


def test_tables_fit_the_page(report_document: Any) -> None:
    section = report_document.sections[0]
    width = Emu(section.page_width - section.left_margin - section.right_margin)
    for written in report_document.tables:
        assert int(written._tbl.tblPr.find(f"{W}tblW").get(f"{W}w")) <= width.twips + 1
        assert written._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"


def test_headings_use_word_heading_styles(report_plan: ReportPlan, report_document: Any) -> None:
    planned = [(b.level, b.text) for b in report_plan.blocks if isinstance(b, Heading)]
    written = [(int(p.style.name[-1]), p.text) for p in report_document.paragraphs
               if p.style.name.startswith("Heading")]
    assert written == planned
    assert [t for level, t in planned if level == 1] == [
        "Ikhtisar Eksekutif", "Bab I Pendahuluan", "Bab II Perencanaan Kinerja", "Bab III Akuntabilitas Kinerja",
        "Bab IV Penutup", "Lampiran"]


def test_document_language_is_indonesian(report_docx: Path, report_document: Any) -> None:
    assert 'w:lang w:val="id-ID"' in _xml(report_docx, "word/styles.xml")
    assert report_document.core_properties.language == "id-ID"


def test_writing_is_atomic(report_plan: ReportPlan, tmp_path: Path) -> None:
    target = tmp_path / "laporan.docx"
    target.write_bytes(b"versi lama")

    def broken(_spec: object) -> bytes:
        raise RuntimeError("grafik gagal")

    with pytest.raises(RuntimeError):
        write_docx(report_plan, target, render=broken)
    assert target.read_bytes() == b"versi lama"  # a failed write leaves the old file
    write_docx(report_plan, target, render=blank_png)
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.docx"]  # no temporary file left behind


# -- the schema order Word insists on ---------------------------------------------------------------------
# Word refuses a part whose elements break the schema's sequence ("unreadable content"); LibreOffice forgives
# it, so it is checked here. Sequences from ECMA-376 Part 1 (CT_TcPr, CT_TblPr, CT_PPrBase, CT_RPr,
# CT_Settings), for the elements the writer creates itself.
SEQUENCES = {
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
             "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "tblCellMar": "top start left bottom end right",
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
           "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
           "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
           "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
           "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
           "cs em lang eastAsianLayout specVanish oMath",
    "settings": "writeProtection view zoom removePersonalInformation removeDateAndTime proofState defaultTabStop "
                "characterSpacingControl savePreviewPicture updateFields hdrShapeDefaults footnotePr endnotePr compat "
                "docVars rsids mathPr themeFontLang clrSchemeMapping doNotAutoCompressPictures shapeDefaults "
                "decimalSymbol listSeparator",
}


def _out_of_order(root: Any) -> list[str]:
    problems = []
    for parent, sequence in SEQUENCES.items():
        rank = {name: i for i, name in enumerate(sequence.split())}
        for element in root.iter(f"{W}{parent}"):
            names = [etree.QName(c).localname for c in element if etree.QName(c).localname in rank]
            if names != sorted(names, key=rank.__getitem__):
                problems.append(f"{parent}: {names}")
    return problems


def test_the_writer_keeps_the_schema_order(report_docx: Path) -> None:
    with zipfile.ZipFile(report_docx) as z:
        for member in ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/header1.xml"):
            if member in z.namelist():
                assert not _out_of_order(etree.fromstring(z.read(member))), member
