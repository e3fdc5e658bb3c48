"""Reviu of the printed LKj 2023: the Dilaporkan input, recomputation, classification and the Reviu sheet."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from kinerja_xl.pipeline.examples import EXAMPLE_SOURCE, EXAMPLE_TARGET, build_reported_example
from kinerja_xl.render.review_sheet import REVIEW_SHEET, write_review_workbook, write_reported_template
from kinerja_xl.review import (
    Finding,
    Printed,
    ReviewReport,
    checks_text,
    clean_reported,
    default_layout,
    find_layout,
    load_reported,
    parse_checks,
    printed_rows,
    read_reported_values,
    read_reported_workbook,
    review,
    review_files,
)
from kinerja_xl.review.printed import SHEET, parse_printed

#: Every printed figure of LKj 2023 that disagrees with its recomputation (default: bertahap, 0,01).
EXPECTED = [
    ("T2.1|total|alokasi", "data"),                      # 76.738.496.248 but the rows add up to ...208
    ("LINIMASA|Agustus|pagu", "data"),                   # July pagu + additions = ...926.000, printed ...895.000
    ("LINIMASA|November|pagu", "data"),                  # additions printed but pagu unchanged
    ("LINIMASA|Desember|pagu", "data"),                  # November pagu + additions != December pagu
    ("T3.1|SS2|capaian", "tidak konsisten"),             # 117,29 vs 117,30 (Ringkasan, Tabel 3.18)
    ("T3.3|SS1.1|kenaikan", "aritmetika"),               # 0,39 vs (99,74 - 99,65) / 99,65 = 0,09
    ("INFO.SS1.3|SS1.3|realisasi", "tidak konsisten"),   # 88,68 beside Tabel 3.16's 88,67
    ("T3.16|SS1.3|kenaikan", "pembulatan"),              # -6,89: without intermediate rounding; bertahap -6,90
    ("T3.22|SS3.1|kenaikan", "aritmetika"),              # 6,38 vs 6,79
    ("T3.24|SS3.1.1.b1|persen", "pembulatan"),           # 99,37: 35.043/35.267 = 99,3648 rounded twice
    ("T3.29|REHSOS|bobot", "data"),                      # Bobot column permuted between rows
    ("T3.29|LINJAMSOS|bobot", "data"),
    ("T3.29|DAYASOS|bobot", "data"),
    ("T3.33|SS2|capaian_kinerja", "tidak konsisten"),    # 117,29%
    ("BAB4|KEMENTERIAN|capaian", "tidak konsisten"),     # 107,24 vs 107,25
    ("BAB4|KEMENTERIAN.infografis|capaian", "tidak konsisten"),
    ("RB.GENERAL|total|indeks", "pembulatan"),           # 9,60 + 27,70 + 36,91 = 74,21
    ("RB.GENERAL|B|indeks", "pembulatan"),               # 22,15 + 5,56 = 27,71
    ("RB.GENERAL|B.hard|bobot", "data"),                 # item weights add up to 33,50, printed 33,00
    ("RB.GENERAL|B.hard.kp|bobot", "data"),
    ("RB.GENERAL|B.soft.kp|indeks", "tidak konsisten"),  # 5,55 vs Soft Element 5,56
    ("TEKS.ANGGARAN|pagu_awal|nilai", "tidak konsisten"),    # Rp78.179.586.686 (thousands dropped)
    ("TEKS.SS1.1.2|rpjmn|persen", "pembulatan"),         # 98,77: 98,7648 rounded twice
    ("TEKS.SS1.1.3|2022|persen", "pembulatan"),          # 99,25: 99,2448 rounded twice
    ("TEKS.SS1.1.6|kenaikan|persen", "aritmetika"),      # 293,76% vs 209,83%
    ("TEKS.SS1.2.1|penurunan|persen", "aritmetika"),     # 17,34% vs 17.244 / 58.061 = 29,70%
    ("TEKS.SS1.3|SS1.3|penurunan_persen", "pembulatan"),  # 6,89% like Tabel 3.16
    ("TEKS.SS1.3.1|sampel|persen", "aritmetika"),        # sample 6.665 of 12.001 is 55,54%, printed 78,15%
    ("TEKS.SS1.3.1|sampel|persen_2", "aritmetika"),
    ("TEKS.SS1.3.2|2023|penerima_2", "tidak konsisten"),  # PENA 2023: 7.486 then 7.487 KPM
    ("TEKS.SS2|SS2|capaian", "tidak konsisten"),         # 117,29%
    ("TEKS.SS4.2|SS4.2|realisasi_2021", "tidak konsisten"),  # "nilai tahun 2021 sebesar 2021"
]


@pytest.fixture(scope="module")
def printed(catalog):
    return load_reported(EXAMPLE_SOURCE, catalog)


@pytest.fixture(scope="module")
def report(catalog, raw, printed):
    return review(catalog, raw.all_values(), printed)


def pairs(report: ReviewReport) -> list[tuple[str, str]]:
    return [(f.kode, f.klasifikasi) for f in report.findings]


def by_key(report: ReviewReport) -> dict[str, Finding]:
    return {f.kode: f for f in report.findings}


# -- the findings of LKj 2023 -------------------------------------------------------------------------
def test_full_list_of_findings_is_pinned(report):
    assert pairs(report) == EXPECTED


def test_the_three_inconsistencies_of_the_domain_map(report):
    found = by_key(report)
    ss2 = found["T3.1|SS2|capaian"]
    assert (ss2.dicetak, ss2.dihitung, ss2.selisih) == (Decimal("117.29"), Decimal("117.30"), Decimal("-0.01"))
    assert "Tabel 3.18" in ss2.catatan and "Ringkasan Eksekutif" in ss2.catatan and "dipotong" in ss2.catatan
    ministry = found["BAB4|KEMENTERIAN|capaian"]
    assert (ministry.dicetak, ministry.dihitung) == (Decimal("107.24"), Decimal("107.25"))
    assert "Tabel 3.1" in ministry.catatan
    ss13 = found["INFO.SS1.3|SS1.3|realisasi"]
    assert (ss13.dicetak, ss13.dihitung) == (Decimal("88.68"), Decimal("88.67"))
    assert "tanpa pembulatan antara" in ss13.catatan and "Tabel 3.16" in ss13.catatan


def test_the_printed_arithmetic_that_does_not_add_up(report):
    found = by_key(report)
    assert found["T3.3|SS1.1|kenaikan"].dihitung == Decimal("0.09")
    assert found["T3.16|SS1.3|kenaikan"].dihitung == Decimal("-6.90")
    assert found["T3.22|SS3.1|kenaikan"].dihitung == Decimal("6.79")
    pkh = found["T3.24|SS3.1.1.b1|persen"]
    assert pkh.dihitung == Decimal("99.36") and "35.043 / 35.267" in pkh.catatan and "dua kali" in pkh.catatan
    for unit in ("REHSOS", "LINJAMSOS", "DAYASOS"):
        assert "tertukar antarbaris" in found[f"T3.29|{unit}|bobot"].catatan
    assert found["T3.29|REHSOS|bobot"].dihitung == Decimal("839168.95")  # 89,15 x 9.413
    assert "T3.29|SETJEN|bobot" not in found and "T3.29|ITJEN|bobot" not in found
    assert found["T2.1|total|alokasi"].selisih == Decimal(40)


def test_format_notes_keep_what_the_numbers_cannot_show(report):
    notes = {n.kode: n for n in report.format_notes}
    assert "tanpa tanda %" in notes["T3.33|SS3|realisasi_anggaran"].catatan
    assert notes["T3.33|SS3|realisasi_anggaran"].tercetak == "99,04"
    assert "tanpa tanda %" in notes["T3.33|SS4|capaian_kinerja"].catatan
    assert "karakter asing" in notes["T3.24|DAYASOS|optimal"].catatan
    assert "notasi Indonesia" in notes["PK.AGU|jumlah|anggaran"].catatan
    assert not any(k.startswith("T3.1|") for k in notes)


def test_transcription_covers_every_figure_of_every_table(catalog):
    data = yaml.safe_load(EXAMPLE_SOURCE.read_text(encoding="utf-8"))
    transcribed = {f"{table}|{rest}" for table, rows in data["tabel"].items() for rest in rows}
    assert transcribed == {r.key for r in printed_rows(catalog)}


def test_na_and_dash_are_empty_and_stray_characters_are_noted():
    assert parse_printed("n.a") == (None, None)
    assert parse_printed("-") == (None, None)
    assert parse_printed("6.600'") == (Decimal(6600), "karakter asing pada angka tercetak \"6.600'\"")
    assert parse_printed("+Rp1.242.167.312.000,-")[0] == Decimal(1242167312000)
    assert parse_printed("-Rp51.314.735.000,-")[0] == Decimal(-51314735000)
    assert parse_printed("89,44 %")[0] == Decimal("89.44")
    with pytest.raises(ValueError, match="notasi|format"):
        parse_printed("74.22")


# -- parameters -------------------------------------------------------------------------------------
def test_clean_reported_gives_no_findings(catalog, raw, printed):
    inputs = raw.all_values()
    clean = clean_reported(catalog, inputs, extra=printed.extra)
    assert len(clean.values) > 500
    result = review(catalog, inputs, clean)
    assert result.findings == [] and result.format_notes == []
    assert result.checked == len(clean.values)


def test_default_tolerance_finds_one_hundredth_differences(catalog, raw, printed, report):
    assert any(f.selisih is not None and abs(f.selisih) == Decimal("0.01") for f in report.findings)
    coarse = review(catalog, raw.all_values(), printed, tolerance=Decimal("0.02"))
    assert pairs(coarse) == [(f.kode, f.klasifikasi) for f in report.findings
                             if f.selisih is None or abs(f.selisih) >= Decimal("0.02")]
    assert "T3.24|SS3.1.1.b1|persen" not in by_key(coarse) and "T3.3|SS1.1|kenaikan" in by_key(coarse)


def test_rounding_order_is_a_parameter(catalog, raw, printed):
    full = by_key(review(catalog, raw.all_values(), printed, rounding="tanpa_antara"))
    assert "T3.16|SS1.3|kenaikan" not in full  # -6,89 is the full-precision result
    assert full["T3.1|SS2.1|capaian"].klasifikasi == "pembulatan"
    assert full["T3.1|SS2.1|capaian"].dihitung == Decimal("117.93")
    assert "pembulatan bertahap" in full["T3.1|SS2.1|capaian"].catatan
    assert full["T3.16|SS1.3|realisasi"].klasifikasi == "tidak konsisten"
    with pytest.raises(ValueError, match="urutan pembulatan"):
        review(catalog, raw.all_values(), printed, rounding="acak")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), delta=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2))
def test_any_changed_figure_is_found(catalog, raw, data, delta):
    inputs = raw.all_values()
    clean = clean_reported(catalog, inputs)
    key = data.draw(st.sampled_from(sorted(clean.values)))
    sign = data.draw(st.sampled_from((1, -1)))
    changed = Printed(values={**clean.values, key: clean.values[key] + sign * delta})
    assert key in by_key(review(catalog, inputs, changed))
    below = Printed(values={**clean.values, key: clean.values[key] + sign * Decimal("0.004")})
    assert key not in by_key(review(catalog, inputs, below))


def test_other_catalogs_get_the_generic_layout(catalog, raw):
    other = replace(catalog, id="kementerian-lain-2023")
    rows = printed_rows(other)
    assert rows and all(r.table_id.startswith("T.") for r in rows)
    assert "T.CAPAIAN|KEMENTERIAN|capaian" in {r.key for r in rows}
    clean = clean_reported(other, raw.all_values())
    assert review(other, raw.all_values(), clean).findings == []


# -- the check notation -----------------------------------------------------------------------------
def test_check_notation_round_trips_for_every_row(catalog, printed):
    for row in printed.rows(catalog):
        assert parse_checks(checks_text(row), row.table_id) == (row.checks, row.same), row.key


def test_bad_transcriptions_are_refused_in_indonesian(catalog, tmp_path):
    bad = tmp_path / "salah.yaml"
    bad.write_text("tabel:\n  T3.1:\n    SS9|capaian: '1,00'\n    SS1|capaian: 'seratus'\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_reported(bad, catalog)
    assert "kode tidak dikenal" in str(info.value) and "bukan angka" in str(info.value)
    with pytest.raises(ValueError, match="pemeriksaan tidak dikenal"):
        parse_checks("X a b", "T")


# -- workbooks --------------------------------------------------------------------------------------
def values_of(path: Path) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def test_committed_example_equals_a_fresh_generation(catalog, tmp_path):
    fresh = build_reported_example(catalog, target=tmp_path / "dilaporkan-2023.xlsx")
    assert values_of(fresh) == values_of(EXAMPLE_TARGET), "jalankan build_reported_example()"


def test_workbook_reads_back_as_the_transcription(catalog, raw, printed):
    back = load_reported(EXAMPLE_TARGET, catalog)
    assert back.values == printed.values and back.texts == printed.texts and back.notes == printed.notes
    assert [(r.key, r.checks, r.same, r.source) for r in back.extra] == \
        [(r.key, r.checks, r.same, r.source) for r in printed.extra]
    assert read_reported_values(EXAMPLE_TARGET) == printed.values
    from_xlsx = review_files(catalog, EXAMPLE_TARGET, raw.all_values())
    from_yaml = review_files(catalog, EXAMPLE_SOURCE, raw.all_values())
    assert pairs(from_xlsx) == pairs(from_yaml) == EXPECTED


def test_blank_template_has_validated_unlocked_inputs_only(catalog, tmp_path):
    path = write_reported_template(catalog, tmp_path / "templat.xlsx")
    assert read_reported_workbook(path, catalog).values == {}
    with pytest.raises(ValueError, match="belum berisi angka tercetak"):  # nothing to review: refused
        load_reported(path, catalog)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Petunjuk", SHEET, "_meta"] and wb["_meta"].sheet_state == "hidden"
    ws = wb[SHEET]
    assert ws.protection.sheet
    keys = {c.row: c.value for c in ws["A"] if isinstance(c.value, str) and c.value.count("|") == 2}
    assert set(keys.values()) == {r.key for r in printed_rows(catalog)}
    validated = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    for row in keys:
        assert ws.cell(row, 1).protection.locked and not ws.cell(row, 5).protection.locked
        assert validated[f"E{row}"] == "decimal"


def test_text_never_becomes_a_formula(catalog, tmp_path):
    hostile = Printed(values={"T3.1|SS2|capaian": Decimal("117.29")}, texts={"T3.1|SS2|capaian": "=1+1"})
    path = write_reported_template(catalog, tmp_path / "d.xlsx", hostile)
    ws = load_workbook(path)[SHEET]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "'=1+1"]  # inert, with a visible quote
    assert cells and all(c.data_type == "s" for c in cells)
    assert load_reported(path, catalog).texts["T3.1|SS2|capaian"] == "=1+1"  # and read back as transcribed
    report = ReviewReport([Finding("K|B|C", '=HYPERLINK("http://contoh")', "+baris", "-besaran", Decimal(1),
                                   None, None, "data", "=SUM(A1:A2)")], [], Decimal("0.01"), 2, "bertahap")
    out = write_review_workbook(report, tmp_path / "reviu.xlsx")
    ws = load_workbook(out)[REVIEW_SHEET]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_review_workbook_lists_every_finding(report, tmp_path):
    path = write_review_workbook(report, tmp_path / "reviu.xlsx")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(REVIEW_SHEET).to_python()
    listed = [(r[1], r[8]) for r in rows if isinstance(r[1], str) and r[1].count("|") == 2 and len(r) > 8
              and r[8] in ("pembulatan", "aritmetika", "tidak konsisten", "data")]
    assert listed == EXPECTED
    assert any(r[1] == "T3.33|SS3|realisasi_anggaran" for r in rows)  # the format notes follow


def test_report_as_json(report):
    data = json.loads(report.to_json())
    assert data["parameter"] == {"toleransi": 0.01, "desimal": 2, "pembulatan": "bertahap"}
    assert data["ringkasan"]["temuan"] == len(EXPECTED)
    assert data["ringkasan"]["per_klasifikasi"] == report.counts()
    first = data["temuan"][0]
    assert set(first) == {"kode", "tabel", "baris", "besaran", "dicetak", "dihitung", "selisih", "klasifikasi",
                          "catatan", "sumber"}
    pena = next(t for t in data["temuan"] if t["kode"] == "TEKS.SS1.3.2|2023|penerima_2")
    assert pena["dihitung"] is None and pena["dicetak"] == 7487


# -- the layout of the tables is data -----------------------------------------------------------------
LAYOUT = Path(__file__).resolve().parents[2] / "templates" / "reviu-lkj-kemensos-2023.yaml"
PACKAGED_LAYOUT = Path(__file__).resolve().parents[2] / "kinerja_xl" / "data" / LAYOUT.name


def edited_layout(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(LAYOUT.read_text(encoding="utf-8"))
    edit({t["kode"]: t for t in data["tabel"]}, data)
    path = tmp_path / "tata-letak.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_packaged_layout_is_the_template_copy():
    assert PACKAGED_LAYOUT.read_bytes() == LAYOUT.read_bytes()


def test_the_catalog_finds_its_layout_in_the_package(catalog):
    assert default_layout(catalog.id).id == "lkj-kemensos-2023"
    assert default_layout("kementerian-lain-2023") is None
    assert printed_rows(catalog) == printed_rows(catalog, LAYOUT) == printed_rows(catalog, "lkj-kemensos-2023")
    assert [r.table for r in printed_rows(catalog)][:1] == ["Ringkasan Eksekutif"]


def test_editing_the_layout_changes_the_review_without_python(catalog, raw, printed, tmp_path):
    def edit(tables, data):
        data["tabel"].remove(tables["T3.29"])
        tables["T2.1"]["nama"] = "Tabel 2.1 Prioritas Nasional (revisi)"
        tables["T2.1"]["sumber"] = "hal. 12"
        total = next(r for r in tables["T2.1"]["isi"] if r.get("kode") == "total|alokasi")
        total["label"] = "Jumlah seluruh PN"

    path = edited_layout(tmp_path, edit)
    rows = printed_rows(catalog, path)
    assert not any(r.table_id == "T3.29" for r in rows)
    assert len(rows) == len(printed_rows(catalog)) - sum(r.table_id == "T3.29" for r in printed_rows(catalog))
    with pytest.raises(ValueError, match=r"T3\.29\|REHSOS\|bobot: kode tidak dikenal"):
        load_reported(EXAMPLE_SOURCE, catalog, layout=path)
    values = {k: v for k, v in printed.values.items() if not k.startswith("T3.29|")}
    edited = review(catalog, raw.all_values(), replace(printed, values=values, layout=find_layout(path)))
    assert pairs(edited) == [p for p in EXPECTED if not p[0].startswith("T3.29|")]
    total = by_key(edited)["T2.1|total|alokasi"]
    assert (total.tabel, total.baris, total.sumber) == ("Tabel 2.1 Prioritas Nasional (revisi)", "Jumlah seluruh PN",
                                                        "hal. 12")


def test_a_dilaporkan_file_names_its_layout(catalog, raw, tmp_path):
    def edit(tables, data):
        tables["T3.3"]["nama"] = "Tabel 3.3 (judul revisi)"

    edited_layout(tmp_path, edit)
    source = tmp_path / "dilaporkan.yaml"
    source.write_text("tata_letak: tata-letak.yaml\n" + EXAMPLE_SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    result = review_files(catalog, source, raw.all_values())
    assert pairs(result) == EXPECTED
    assert by_key(result)["T3.3|SS1.1|kenaikan"].tabel == "Tabel 3.3 (judul revisi)"
    workbook = load_workbook(EXAMPLE_TARGET)
    meta = workbook["_meta"]
    meta.append(["tata_letak", "tata-letak.yaml"])
    workbook.save(tmp_path / "dilaporkan.xlsx")
    from_xlsx = review_files(catalog, tmp_path / "dilaporkan.xlsx", raw.all_values())
    assert by_key(from_xlsx)["T3.3|SS1.1|kenaikan"].tabel == "Tabel 3.3 (judul revisi)"
    with pytest.raises(ValueError, match="tata letak tidak ditemukan"):
        load_reported(EXAMPLE_SOURCE, catalog, layout="tidak-ada")


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t, d: t["T3.3"]["isi"][0].update(pola="riwayatt"), "tabel T3.3: pola tidak dikenal: riwayatt"),
    (lambda t, d: t["T3.3"]["isi"][0].update(simpul="SS1.1"), "parameter pola riwayat tidak sesuai"),
    (lambda t, d: t["T3.3"]["isi"][0].update(indikator="SS9.9"), "kode tidak dikenal pada katalog kemensos-2023"),
    (lambda t, d: t["T2.1"]["isi"][4].update(periksa="J *|anggaran"), "belum ada baris anggaran"),
    (lambda t, d: t["T2.1"]["isi"][0].update(kode="PN1"), r"harus berbentuk BARIS\|BESARAN"),
    (lambda t, d: t["T2.1"]["isi"].append(dict(t["T2.1"]["isi"][0])), r"kode ganda pada tata letak: \['T2.1\|PN1"),
    (lambda t, d: d.update(katalog="kementerian-lain-2023"), "untuk katalog kementerian-lain-2023, bukan kemensos"),
])
def test_layout_mistakes_are_refused_in_indonesian(catalog, tmp_path, edit, message):
    with pytest.raises(ValueError, match=message):
        printed_rows(catalog, edited_layout(tmp_path, edit))


def test_no_report_layout_remains_in_python():
    data = yaml.safe_load(LAYOUT.read_text(encoding="utf-8"))
    texts = {str(t[k]) for t in data["tabel"] for k in ("nama", "sumber")}
    texts |= {str(r["label"]) for t in data["tabel"] for r in t["isi"] if "kode" in r and "{" not in str(r["label"])}
    code = {p.name: p.read_text(encoding="utf-8") for p in (PACKAGED_LAYOUT.parent.parent / "review").glob("*.py")}
    assert [(t, name) for t in texts if len(t) >= 12 for name, text in code.items() if t in text] == []
    assert [name for name, text in code.items() if re.search(r"hal\. [0-9ivx]|baris \d|Tabel \d+\.\d", text)] == []


def test_a_dilaporkan_workbook_of_another_catalog_or_year_is_refused(catalog, tmp_path):
    """Its figures would be compared with tables they do not belong to (46 "temuan" against another catalog)."""
    from kinerja_xl.catalog import load_catalog

    pemda = load_catalog(Path(__file__).resolve().parents[2] / "templates" / "katalog-pemda-contoh-2024.yaml")
    other = write_reported_template(pemda, tmp_path / "lain.xlsx")
    with pytest.raises(ValueError, match="dibuat untuk katalog 'kab-contoh-2024', sedangkan reviu ini memakai "
                                         "katalog 'kemensos-2023'"):
        load_reported(other, catalog)
    with pytest.raises(ValueError, match="memuat angka laporan tahun 2023, sedangkan buku kerja unit yang direviu "
                                         "tahun 2024"):
        load_reported(EXAMPLE_TARGET, catalog, year=2024)
    assert load_reported(EXAMPLE_TARGET, catalog, year=2023).values


def test_a_finding_shows_the_recomputed_figure_with_the_printed_decimals(catalog, raw):
    report = review_files(catalog, EXAMPLE_TARGET, raw.all_values())
    by_key = {f.kode: f for f in report.findings}
    assert by_key["T3.1|SS2|capaian"].shown() == ("117,29", "117,30")  # never "117,3"
    assert by_key["TEKS.SS4.2|SS4.2|realisasi_2021"].shown()[0] == "2021"  # as printed, not "2.021"
    # the decimals the printed text shows, not those of the number the workbook stored
    assert by_key["RB.GENERAL|B.hard|bobot"].shown() == ("33,00", "33,50")  # never "33,5"
    assert by_key["T2.1|total|alokasi"].shown() == ("76.738.496.248", "76.738.496.208")  # never "…208,0"
    assert by_key["LINIMASA|Agustus|pagu"].shown()[1] == "79.419.425.926.000"  # printed "Rp….000,-"


def test_a_printed_ikm_that_only_a_rounded_unsur_weight_explains(catalog, raw, printed):
    """A unit's IKM printed as computed with 0,11 for 1/9 (LKj 2023 writes "1/9 = 0,11"): the reviu names the
    rounded weight; the example's printed IKM (the exact 1/9) gives no finding at all."""
    from kinerja_xl.catalog import parse_catalog
    from kinerja_xl.compute.engine import compute

    text = Path(catalog.source).read_text(encoding="utf-8")
    rounded = compute(parse_catalog(text.replace("bobot_unsur: 1/9", "bobot_unsur: 0.11")), raw.all_values())
    with_011 = rounded.number("SS4.1", "survei.SETJEN.ikm")
    assert with_011 == Decimal("90.20")  # 91,11 with the exact weight
    values = {**printed.values, "T3.29|SETJEN|ikm": with_011}
    found = by_key(review(catalog, raw.all_values(), replace(printed, values=values)))
    finding = found["T3.29|SETJEN|ikm"]
    assert (finding.klasifikasi, finding.dihitung) == ("pembulatan", Decimal("91.11"))
    assert "bobot unsur 0,11 (1/9 dibulatkan)" in finding.catatan
    assert not any(key.endswith("|ikm") and key.startswith("T3.29") for key in by_key(review(
        catalog, raw.all_values(), printed)))


def test_a_printed_ikm_that_only_rounded_nrr_explain(catalog, raw, printed):
    """A unit's IKM printed as computed with each unsur's NRR rounded to 2 decimals first (what a catalog's
    ``pembulatan_nrr: 2`` does): the reviu names that way of computing it."""
    from kinerja_xl.catalog import parse_catalog
    from kinerja_xl.compute.engine import compute

    text = Path(catalog.source).read_text(encoding="utf-8")
    nrr_rounded = text.replace("bobot_unsur: 1/9\n", "bobot_unsur: 1/9\n          pembulatan_nrr: 2\n")
    rounded = compute(parse_catalog(nrr_rounded), raw.all_values())
    with_rounded_nrr = rounded.number("SS4.1", "survei.LINJAMSOS.ikm")
    assert with_rounded_nrr == Decimal("91.64")  # 91,68 from the NRR as they are (Tabel 3.29)
    values = {**printed.values, "T3.29|LINJAMSOS|ikm": with_rounded_nrr}
    finding = by_key(review(catalog, raw.all_values(), replace(printed, values=values)))["T3.29|LINJAMSOS|ikm"]
    assert (finding.klasifikasi, finding.dihitung) == ("pembulatan", Decimal("91.68"))
    assert "NRR setiap unsur dibulatkan 2 desimal" in finding.catatan, finding.catatan
