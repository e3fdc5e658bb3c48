"""The second example, Pemerintah Kabupaten Contoh 2024: figures computed by hand, through every command.

The catalog (templates/katalog-pemda-contoh-2024.yaml) and the figures (workbooks/pemda-2024/sumber) are
invented for the example; each expected value below is worked out from them by hand:

* S1.1 angka kematian bayi 42 / 5.000 × 1.000 = 8,40 per 1.000 KH (lower is better) against the range 7–8:
  outside, so the nearer bound counts: (2 × 8 − 8,40) / 8 × 100 = 95,00; against the 2026 range 6–7:
  (14 − 8,4) / 7 × 100 = 80,00; kenaikan (8,40 − 8,90) / 8,90 × 100 = −5,6179… → −5,62; against the national
  target 16 (pembanding): (32 − 8,4) / 16 × 100 = 147,5, capped at 120,00;
* S1.2 4.512 / 4.800 × 100 = 94,00, capaian against ≥ 95: 94 / 95 × 100 = 98,947… → 98,95;
* S1.3 tuberkulosis 1.062 / 412.345 × 100.000 = 257,5513… → 257,55 per 100.000 against ≤ 250 (lower is
  better): (500 − 257,55) / 250 × 100 = 96,98; against the national 190: (380 − 257,55) / 190 × 100 = 64,447…
  → 64,45 (Rendah); S1 (95 + 98,95 + 96,98) / 3 = 96,9766… → 96,98;
* S2.1 150 + 120 + 110 + 140 = 520 against 400: 130, capped at 120,00; S2.2 88,2 / 85 × 100 = 103,76;
  S2 (120 + 103,76) / 2 = 111,88;
* S3.1 72,5 / 70 × 100 = 103,571… → 103,57, predikat BB (above 70 up to 80); S3.2 11 / 12 = 91,666… → 91,67;
  S3 (103,57 + 91,67) / 2 = 97,62;
* the instansi (96,98 + 111,88 + 97,62) / 3 = 102,16, Sangat Tinggi (91 and over);
* belanja: pegawai 98,00, barang dan jasa 90,00, modal 80,00; total 227,3 / 250 miliar = 90,92.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import openpyxl
import pytest

from kinerja_xl.catalog import load_catalog
from kinerja_xl.compute.engine import MINISTRY, compute
from kinerja_xl.pipeline import consolidate, validate_files
from kinerja_xl.pipeline.examples import build_examples, load_raw_figures
from kinerja_xl.plans.consolidated import SHEET_BUDGET, plan_consolidated
from kinerja_xl.plans.results_sheet import result_sheet_plan
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_RESULT, unit_layout
from tests.support.reported import fill_reported, printed_keys
from tests.conftest import ROOT, copy_example
from tests.support.libreoffice import find_soffice, read_values, recalculate
from tests.support.workbook_checks import input_sheet_expected, mismatches, result_sheet_expected

CATALOG = ROOT / "templates" / "katalog-pemda-contoh-2024.yaml"
FOLDER = ROOT / "workbooks" / "pemda-2024"
UNITS = ("DINKES", "DISDIK", "BAPPEDA")
BY_HAND = {  # node: (realisasi, capaian)
    "S1.1": ("8.40", "95.00"), "S1.2": ("94.00", "98.95"), "S1.3": ("257.55", "96.98"), "S1": (None, "96.98"),
    "S2.1": ("520.00", "120.00"), "S2.2": ("88.20", "103.76"), "S2": (None, "111.88"),
    "S3.1": ("72.50", "103.57"), "S3.2": ("91.67", "91.67"), "S3": (None, "97.62"), MINISTRY: (None, "102.16"),
}


@pytest.fixture(scope="module")
def pemda():
    return load_catalog(CATALOG)


@pytest.fixture(scope="module")
def figures():
    return load_raw_figures(FOLDER / "sumber" / "angka-contoh-2024.yaml")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kinerja_xl", *args, "--katalog", str(CATALOG)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_the_engine_gives_the_figures_worked_out_by_hand(pemda, figures):
    c = compute(pemda, figures.all_values())
    for node, (realisasi, capaian) in BY_HAND.items():
        assert c.number(node, "capaian") == Decimal(capaian), node
        if realisasi is not None:
            assert c.number(node, "realisasi") == Decimal(realisasi), node
    assert c.number("S1.1", "capaian_akhir") == Decimal("80.00")
    assert [c.number(n, "capaian_pembanding1") for n in ("S1.1", "S1.3")] == [Decimal("120.00"), Decimal("64.45")]
    assert [c.value(n, m) for n, m in (("S1.3", "kategori_pembanding1"), ("S1.3", "kategori"), (MINISTRY, "kategori"))
            ] == ["Rendah", "Sangat Tinggi", "Sangat Tinggi"]
    assert c.number("S1.1", "kenaikan") == Decimal("-5.62")
    assert c.value("S3.1", "predikat") == "BB (Sangat Baik)"
    assert [c.number("ANGGARAN.BELANJA", f"persen.{t}") for t in ("pegawai", "barang_jasa", "modal")] == [
        Decimal("98.00"), Decimal("90.00"), Decimal("80.00")]
    assert c.number("ANGGARAN.BELANJA", "total.persen") == Decimal("90.92")
    assert not any(ref.node in ("ANGGARAN.UNIT", "ANGGARAN.SASARAN", "ANGGARAN.NKA") for ref in c.figures)


def test_only_the_declared_budget_part_is_asked_for(pemda):
    assert [f.node for f in pemda.fields_of_unit("BAPPEDA") if f.node.startswith("ANGGARAN")] == \
        ["ANGGARAN.BELANJA"] * 6
    for unit in ("DINKES", "DISDIK"):
        assert not any(f.node.startswith("ANGGARAN") for f in pemda.fields_of_unit(unit))
        assert not any((row.node or "").startswith("ANGGARAN") for row in unit_layout(pemda, unit).rows)


def test_committed_examples_equal_a_fresh_generation(pemda, figures, tmp_path):
    for fresh in build_examples(pemda, figures, tmp_path):
        committed = openpyxl.load_workbook(FOLDER / fresh.name)
        new = openpyxl.load_workbook(fresh)
        assert committed.sheetnames == new.sheetnames
        for name in new.sheetnames:
            cells = [[c.value for c in r] for r in new[name].iter_rows()]
            assert [[c.value for c in r] for r in committed[name].iter_rows()] == cells, \
                f"{fresh.name}: jalankan workbooks/buat_contoh.py"


def test_every_command_goes_through(tmp_path):
    folder = tmp_path / "pemda"
    copy_example(FOLDER, folder)
    validated = run("validasi", str(folder))
    assert validated.returncode == 0 and "3 valid, 0 valid dengan peringatan" in validated.stdout
    computed = run("hitung", str(folder), "--json", str(tmp_path / "hasil.json"))
    assert computed.returncode == 0 and "Lembar Hasil ditulis ke 3 buku kerja." in computed.stdout
    tree = json.loads((tmp_path / "hasil.json").read_text(encoding="utf-8"))
    assert tree["capaian_kementerian"] == 102.16
    assert [g["capaian"] for g in tree["sasaran"]] == [96.98, 111.88, 97.62]
    s11 = tree["sasaran"][0]["indikator"][0]
    assert (s11["target"], s11["realisasi"], s11["capaian"], s11["polaritas"]) == ([7.0, 8.0], 8.4, 95.0, "turun")
    assert s11["pembanding"] == [{"nama": "Target nasional (RPJMN 2020–2024)", "target": 16, "capaian": 120.0,
                                  "kategori": "Sangat Tinggi"}]
    assert tree["sasaran"][0]["indikator"][2]["target"] == {"paling_banyak": 250}
    assert set(tree["anggaran"]) == {"jenis_belanja", "total_belanja"}
    built = run("konsolidasi", str(folder), "-o", str(tmp_path / "lkjip.xlsx"))
    assert built.returncode == 0, built.stderr
    assert "Capaian kinerja Pemerintah Kabupaten Contoh tahun 2024: 102,16" in built.stdout
    book = openpyxl.load_workbook(tmp_path / "lkjip.xlsx")
    budget_titles = [c.value for row in book[SHEET_BUDGET].iter_rows() for c in row
                     if isinstance(c.value, str) and c.value.startswith(("Pagu", "Capaian kinerja dan", "Nilai"))]
    assert budget_titles == ["Pagu dan realisasi anggaran per jenis belanja tahun 2024", "Pagu (Rp)"]
    words = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "Eselon" not in words and "Kementerian" not in words and "Tabel 3." not in words
    exported = run("ekspor", str(folder), "-o", str(tmp_path / "data.csv"))
    assert exported.returncode == 0 and "(26 baris)" in exported.stdout
    made = run("templat", "--dilaporkan", "-o", str(tmp_path / "d"))
    assert made.returncode == 0
    reported = tmp_path / "d" / "dilaporkan-2024.xlsx"
    empty = run("reviu", str(folder), "--dilaporkan", str(reported))
    assert empty.returncode == 2 and "belum berisi angka tercetak" in empty.stderr  # nothing to review: refused
    first = next(k for k in printed_keys(reported) if k.endswith("|capaian"))
    fill_reported(reported, {first: "1,23"})  # a figure the draft printed wrong
    reviewed = run("reviu", str(folder), "--dilaporkan", str(reported))
    assert reviewed.returncode == 1 and "Reviu: 1 temuan" in reviewed.stdout, reviewed.stdout + reviewed.stderr
    assert "tidak ada tata letak reviu untuk katalog ini" in reviewed.stdout
    for result in (validated, computed, built, exported, made, reviewed):
        assert "Traceback" not in result.stderr and "Galat internal" not in result.stderr


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_recalculation_gives_the_engine_values(pemda, tmp_path):
    """Range bounds in locked cells, the lower-is-better rule, the cap and the predicate: every live formula
    of Isian, Hasil and the consolidated workbook recalculates to the engine's value."""
    folder = tmp_path / "pemda"
    copy_example(FOLDER, folder)
    assert run("hitung", str(folder)).returncode == 0
    report = validate_files(sorted(folder.glob("*.xlsx")), pemda)
    consolidation = consolidate(report, pemda)
    assert run("konsolidasi", str(folder), "-o", str(tmp_path / "lkjip.xlsx")).returncode == 0
    paths = [folder / f"kinerja-{u}-2024-tahunan.xlsx" for u in UNITS] + [tmp_path / "lkjip.xlsx"]
    recalculated = recalculate(paths, tmp_path / "rec")
    for unit, out in zip(UNITS, recalculated, strict=False):
        submission = next(s for s in report.submissions if s.unit == unit)
        computation = compute(pemda, submission.inputs(), scope={unit})
        layout = unit_layout(pemda, unit)
        expected = {**input_sheet_expected(layout, computation),
                    **result_sheet_expected(result_sheet_plan(layout, computation), computation)}
        assert not mismatches(expected, read_values(out)), unit
        assert sum(1 for sheet, _ in expected if sheet == SHEET_RESULT) >= 3
        assert sum(1 for sheet, _ in expected if sheet == SHEET_INPUT) >= 3
    plan = plan_consolidated(consolidation.computation, consolidation.batch.values, list(report.problems))
    assert not mismatches(plan.formula_cells(), read_values(recalculated[-1]))


def test_the_word_draft_of_the_example_equals_its_computation(pemda, tmp_path):
    """``laporan`` over the pemda example: every figure cell of every table equals the computation, the
    instansi's own words and table titles, and every chart picture."""
    from docx import Document

    from kinerja_xl.plans.report import plan_report
    from kinerja_xl.render.report_docx import write_docx
    from tests.support.report import blank_png, expected, grid_cells, rows

    report = validate_files(sorted(FOLDER.glob("*.xlsx")), pemda, expected_units=[u.code for u in pemda.units])
    computation = consolidate(report, pemda, valid_only=True).computation
    plan = plan_report(computation)
    document = Document(str(write_docx(plan, tmp_path / "lkjip.docx", render=blank_png)))
    assert len(document.tables) == len(plan.tables()) and len(document.inline_shapes) == len(plan.figures()) > 0
    checked = 0
    for table, written in zip(plan.tables(), document.tables, strict=True):
        for r, c, cell in grid_cells(table):
            if cell.source:
                assert written.cell(r, c).text == expected(cell, computation), (table.key, cell.source)
                checked += 1
    assert checked > 20
    capaian = next(t for t, w in zip(plan.tables(), document.tables, strict=True) if t.key == "capaian")
    assert rows(document.tables[plan.tables().index(capaian)])[-1][-2:] == ["102,16", "Sangat Tinggi"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Pemerintah Kabupaten Contoh" in text and "Kementerian" not in text and "Eselon" not in text


def test_pantau_of_the_annual_example(pemda, tmp_path):
    from kinerja_xl import pipeline

    report, year = pipeline.validate_for_monitoring(sorted(FOLDER.glob("*.xlsx")), pemda)
    monitoring = pipeline.monitor(report, pemda, year=year)
    assert (year, monitoring.periods) == (2024, ("tahunan",))
    assert monitoring.runs["tahunan"].computation.shown(MINISTRY, "capaian") == Decimal("102.16")
    path = pipeline.write_monitoring(monitoring, tmp_path / "pemantauan-2024.xlsx")
    words = " ".join(str(c.value) for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows()
                     for c in row if isinstance(c.value, str))
    assert "Pemantauan Kinerja Pemerintah Kabupaten Contoh Tahun 2024" in words and "Eselon" not in words
    # the catalog's kategori_capaian: a Kategori column of the Indikator sheet (a formula on the capaian beside
    # it) under its legend, each indicator's category as the engine gives it
    indicators = openpyxl.load_workbook(path, data_only=True)["Indikator"]
    rows = [[c.value for c in r] for r in indicators.iter_rows()]
    header = next(r for r in rows if r[0] == "Kode")
    assert rows[3][0].startswith("Kategori capaian — ≥ 91: Sangat Tinggi;")
    computation = monitoring.runs["tahunan"].computation
    shown = {r[0]: r[header.index("Kategori")] for r in rows if r[0] and r[3] == "Tahunan"}
    assert shown == {ind.code: computation.value(ind.code, "kategori") for goal in pemda.goals
                     for ind in goal.children}
    # and in the Ringkasan, a third column of each period: every indicator's, sasaran's and the instansi's
    # category under the same legend (row 5)
    summary = [[c.value for c in r] for r in openpyxl.load_workbook(path, data_only=True)["Ringkasan"].iter_rows()]
    assert summary[4][0].startswith("Kategori capaian — ≥ 91: Sangat Tinggi;")
    assert summary[5][2] == "Tahunan" and summary[6][2:5] == ["% Capaian", "Status", "Kategori"]
    by_label = {(r[0] or r[1]): r[4] for r in summary[7:] if r[1]}
    expected = {ind.code: computation.value(ind.code, "kategori") for goal in pemda.goals for ind in goal.children}
    expected |= {f"Rata-rata capaian {goal.code}": computation.value(goal.code, "kategori") for goal in pemda.goals}
    expected[f"Capaian kinerja {pemda.ministry}"] = computation.value(MINISTRY, "kategori")
    assert {k: v for k, v in by_label.items() if k in expected} == expected
    assert computation.value(MINISTRY, "kategori") == "Sangat Tinggi"  # 102,16
    if find_soffice() is not None:
        plan = monitoring.plan()
        assert not mismatches(plan.formula_cells(), read_values(recalculate([path], tmp_path / "lo")[0]))
