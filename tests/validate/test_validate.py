"""Validation: one broken workbook per check, the exact (code, sheet, cell) list, batches, reports."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kinerja_xl.pipeline.examples import build_examples
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_META, SHEET_SURVEY, SHEET_VALIDATION
from kinerja_xl.cells import quote_sheet
from kinerja_xl.problems import CODES
from kinerja_xl.pipeline import ReadSettings, validate_files, write_validation_sheet
from kinerja_xl.validate import checks as checks_module
from kinerja_xl.validate.report import ValidationReport
from tests.factories import (
    EXAMPLES_DIR,
    copy,
    edit_workbook,
    get_catalog,
    meta_cell,
    patch_cells,
    raw_figures,
    row_of,
    set_meta,
    type_text,
    unit_workbook,
    write_bytes,
)
from tests.factories import cell_of as at

Found = list[tuple[str, str, str]]
ISIAN = SHEET_INPUT


def found(report: ValidationReport, *, severities: tuple[str, ...] = ("galat", "peringatan", "info")) -> Found:
    return [(p.code, p.sheet, p.cell) for p in report.problems if p.severity in severities]


def check(path: Path, **kwargs: Any) -> Found:
    return found(validate_files([path], get_catalog(), **kwargs))


# -- valid workbooks ------------------------------------------------------------------------------------

def test_generated_examples_have_no_errors(tmp_path: Path) -> None:
    paths = build_examples(get_catalog(), raw_figures(), tmp_path)
    report = validate_files(paths, get_catalog(), expected_units=[u.code for u in get_catalog().units])
    assert found(report, severities=("galat",)) == []
    assert report.exit_code == 0
    assert {f.status for f in report.files} <= {"ok", "peringatan"}
    assert len(report.valid_submissions) == 5
    # LKj prints 99,37 for SS3.1.1.b1 although 35.043 / 35.267 = 99,36: a warning with both numbers.
    beda = [p for p in report.problems if p.code == "realisasi-beda"]
    assert [(Path(p.file).name, p.cell) for p in beda] == [("kinerja-LINJAMSOS-2023-tahunan.xlsx", "J46")]
    assert "99,37" in beda[0].message and "99,36" in beda[0].message and "aritmetika" in beda[0].message


def test_complete_workbook_is_ok(tmp_path: Path) -> None:
    report = validate_files([unit_workbook(tmp_path, "REHSOS")], get_catalog())
    assert found(report) == []
    assert report.files[0].status == "ok" and report.exit_code == 0


EXAMPLES = sorted(EXAMPLES_DIR.glob("kinerja-*-2023-tahunan.xlsx"))
needs_examples = pytest.mark.skipif(len(EXAMPLES) != 5, reason="contoh buku kerja workbooks/2023/*.xlsx belum ada")


@needs_examples
def test_committed_examples_have_no_errors() -> None:
    report = validate_files(EXAMPLES, get_catalog())
    assert found(report, severities=("galat",)) == []
    assert report.exit_code == 0


@needs_examples
def test_one_text_cell_gives_exactly_one_error(tmp_path: Path) -> None:
    source = next(p for p in EXAMPLES if "REHSOS" in p.name)
    cell = at("REHSOS", "SS1.2.1", "pembilang")
    broken = patch_cells(source, {(ISIAN, cell): "abc"}, out=tmp_path / source.name)
    report = validate_files(EXAMPLES_DIR.glob("kinerja-*-2023-tahunan.xlsx"), get_catalog())
    assert found(report, severities=("galat",)) == []
    report = validate_files([*(p for p in EXAMPLES if p != source), broken], get_catalog())
    errors = [p for p in report.problems if p.severity == "galat"]
    assert [(p.code, p.file, p.sheet, p.cell) for p in errors] == [("bukan-angka", str(broken), ISIAN, cell)]
    assert report.exit_code == 1


# -- structure ------------------------------------------------------------------------------------------

def test_missing_and_renamed_sheets(tmp_path: Path) -> None:
    renamed = edit_workbook(unit_workbook(tmp_path, "ITJEN"), lambda wb: setattr(wb[ISIAN], "title", "isian (2)"))
    report = validate_files([renamed], get_catalog())
    assert found(report) == [("lembar-hilang", "", "")]
    assert "isian (2)" in report.problems[0].message
    no_meta = edit_workbook(unit_workbook(tmp_path, "ITJEN", name="m.xlsx"), lambda wb: wb.remove(wb[SHEET_META]))
    assert check(no_meta) == [("meta-hilang", "", "")]


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("skema_templat", 99, "skema-templat-beda"),
        ("katalog_id", "kemensos-2019", "katalog-beda"),
        ("katalog_hash", "0000000000000000", "katalog-beda"),
        ("unit", "BPKP", "unit-tak-dikenal"),
        ("tahun", 2022, "tahun-beda"),
        ("periode", "semester", "periode-beda"),
    ],
)
def test_meta_checks(tmp_path: Path, key: str, value: Any, code: str) -> None:
    path = set_meta(unit_workbook(tmp_path, "ITJEN"), key, value)
    assert check(path) == [(code, SHEET_META, meta_cell(path, key))]


def test_a_chosen_year_and_period_are_filters(tmp_path: Path) -> None:
    """--tahun/--periode choose files: one of another year or period is passed over (one info problem for
    the batch), never an error of its own, and the batch exits 0."""
    path = unit_workbook(tmp_path, "ITJEN")
    for year, period, code in ((2024, "TW1", "berkas-tahun-lain"), (2023, "TW1", "berkas-periode-lain")):
        report = validate_files([path], ReadSettings(get_catalog(), expected_year=year, expected_period=period))
        assert report.files == [] and [s.file for s in report.skipped] == [str(path)]
        assert [(p.code, p.severity, p.file) for p in report.problems] == [(code, "info", "")]
        assert report.exit_code == 0
    assert found(validate_files([path], ReadSettings(get_catalog(), expected_year=2023,
                                                     expected_period="tahunan"))) == []


def test_duplicate_missing_moved_and_unknown_rows(tmp_path: Path) -> None:
    row = row_of("ITJEN", "isian|SS4.1|ITJEN")

    def duplicate(wb: openpyxl.Workbook) -> None:
        ws = wb[ISIAN]
        for col in range(1, 13):
            ws.cell(30, col, ws.cell(row, col).value)

    assert check(edit_workbook(unit_workbook(tmp_path, "ITJEN", name="a.xlsx"), duplicate)) == [
        ("baris-ganda", ISIAN, "A30")]

    def remove_key(wb: openpyxl.Workbook) -> None:
        wb[ISIAN].cell(row, 12).value = None

    assert check(edit_workbook(unit_workbook(tmp_path, "ITJEN", name="b.xlsx"), remove_key)) == [
        ("baris-hilang", ISIAN, f"A{row}")]

    def unknown(wb: openpyxl.Workbook) -> None:
        wb[ISIAN].cell(31, 12).value = "isian|SS1.1.1|anak"

    assert check(edit_workbook(unit_workbook(tmp_path, "ITJEN", name="c.xlsx"), unknown)) == [
        ("baris-tak-dikenal", ISIAN, "L31")]

    def clear_keys(wb: openpyxl.Workbook) -> None:
        for r in range(1, 40):
            wb[ISIAN].cell(r, 12).value = None

    assert check(edit_workbook(unit_workbook(tmp_path, "ITJEN", name="d.xlsx"), clear_keys)) == [
        ("kolom-kunci-hilang", ISIAN, "L10")]

    def swap(wb: openpyxl.Workbook) -> None:  # sort-like damage: two rows change places
        ws, other = wb[ISIAN], row_of("ITJEN", "isian|ANGGARAN.UNIT|ITJEN")
        for col in range(1, 13):
            a, b = ws.cell(row, col), ws.cell(other, col)
            a.value, b.value = b.value, a.value

    other = row_of("ITJEN", "isian|ANGGARAN.UNIT|ITJEN")
    assert check(edit_workbook(unit_workbook(tmp_path, "ITJEN", name="e.xlsx"), swap)) == [
        ("baris-berpindah", ISIAN, f"A{row}"), ("baris-berpindah", ISIAN, f"A{other}")]


def test_identity_inputs(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "ITJEN", identity={})
    assert check(path) == [("identitas-kosong", ISIAN, "C6"), ("identitas-kosong", ISIAN, "C7")]


# -- values ---------------------------------------------------------------------------------------------

VALUE_CASES = [
    # (unit, node, key, value, expected codes at that cell)
    ("REHSOS", "SS1.2.1", "pembilang", "abc", ["bukan-angka"]),
    ("REHSOS", "SS1.2.1", "pembilang", "1,234", ["angka-ambigu"]),
    ("REHSOS", "SS1.2.1", "pembilang", "9.921", ["teks-dikonversi"]),
    ("REHSOS", "SS1.2.1", "pembilang", -5, ["angka-negatif"]),
    ("REHSOS", "SS1.2.1", "pembilang", 9921.5, ["bukan-bilangan-bulat"]),
    ("ITJEN", "SS4.1", "ITJEN.nilai", 120, ["di-luar-rentang"]),
    ("ITJEN", "SS4.1", "ITJEN.nilai", "93,95", ["teks-dikonversi"]),
]


#: A quarter's workbook types the unit's IKM and respondents (the catalog's survey is annual, on a Survei sheet).
TYPED_IKM = {("SS4.1", "ITJEN.nilai"): Decimal("93.95"), ("SS4.1", "ITJEN.bobot"): 633}


@pytest.mark.parametrize(("unit", "node", "key", "value", "expected"), VALUE_CASES)
def test_value_checks(tmp_path: Path, unit: str, node: str, key: str, value: Any, expected: list[str]) -> None:
    period = "TW1" if node == "SS4.1" else "tahunan"
    base = TYPED_IKM if node == "SS4.1" else {}
    path = unit_workbook(tmp_path, unit, period=period, values={**base, (node, key): value})
    cell = at(unit, node, key, period=period)
    problems = [(c, s, a) for c, s, a in check(path) if c != "realisasi-beda"]
    assert problems == [(code, ISIAN, cell) for code in expected]


def test_a_number_typed_as_text_is_a_warning_the_file_shows(tmp_path: Path) -> None:
    """A number typed as text is read (the consolidation counts it) but left out by Excel's arithmetic, so the
    unit's own Hasil shows the figures that use it blank: said as a warning (the file is "valid, ada peringatan"),
    no longer an info line a unit staffer passes over."""
    path = unit_workbook(tmp_path, "REHSOS", values={("SS1.2.1", "pembilang"): "9.921"})
    report = validate_files([path], get_catalog())
    [found] = [p for p in report.problems if p.code == "teks-dikonversi"]
    assert found.severity == "peringatan" and "kosong di buku kerja ini" in found.hint
    assert [f.status for f in report.files] == ["peringatan"]


def test_empty_required_input(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "REHSOS", clear=(("SS1.2.1", "populasi"),))
    assert check(path) == [("isian-kosong", ISIAN, at("REHSOS", "SS1.2.1", "populasi"))]


def test_error_value_and_formula_in_input_cells(tmp_path: Path) -> None:
    pembilang, penyebut = at("REHSOS", "SS1.3.1", "pembilang"), at("REHSOS", "SS1.3.1", "penyebut")
    path = patch_cells(unit_workbook(tmp_path, "REHSOS"), {(ISIAN, pembilang): "=5000+209", (ISIAN, penyebut): "#REF!"})
    assert check(path) == [("rumus-di-isian", ISIAN, pembilang), ("nilai-galat", ISIAN, penyebut)]


def test_ratio_checks(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "REHSOS", values={("SS1.2.1", "pembilang"): 12000,
                                                     ("SS1.3.1", "penyebut"): 13000})
    assert [p for p in check(path) if p[0] != "realisasi-beda"] == [
        ("pembilang-melebihi-penyebut", ISIAN, at("REHSOS", "SS1.2.1", "pembilang")),
        ("sampel-melebihi-populasi", ISIAN, at("REHSOS", "SS1.3.1", "penyebut")),
    ]


def test_weight_parts(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "ITJEN", period="TW1", values={("SS4.1", "ITJEN.nilai"): Decimal("93.95")})
    assert check(path) == [("bobot-tidak-lengkap", ISIAN, at("ITJEN", "SS4.1", "ITJEN.bobot", period="TW1"))]
    both = unit_workbook(tmp_path, "ITJEN", name="k.xlsx", period="TW1",
                         clear=(("SS4.1", "ITJEN.bobot"), ("SS4.1", "ITJEN.nilai")))
    assert check(both) == [("isian-kosong", ISIAN, at("ITJEN", "SS4.1", "ITJEN.nilai", period="TW1")),
                           ("isian-kosong", ISIAN, at("ITJEN", "SS4.1", "ITJEN.bobot", period="TW1"))]


def test_budget_pairs(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "SETJEN", clear=(("ANGGARAN.SASARAN", "SS1.realisasi"),))
    assert check(path) == [("anggaran-tidak-lengkap", ISIAN, at("SETJEN", "ANGGARAN.SASARAN", "SS1.realisasi"))]


def test_monthly_series(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "LINJAMSOS", reported={},
                         clear=(("SS1.1.2", "Maret.penyebut"), ("SS1.1.2", "Mei.pembilang")))
    report = validate_files([path], get_catalog())
    assert found(report) == [("deret-bulanan-tidak-lengkap", ISIAN, at("LINJAMSOS", "SS1.1.2", "Maret.penyebut"))]
    assert "Maret, Mei" in report.problems[0].message


def test_quarter_needs_only_its_months(tmp_path: Path) -> None:
    later = tuple(("SS1.1.2", f"{m}.{r}") for m in ("April", "Desember") for r in ("pembilang", "penyebut"))
    path = unit_workbook(tmp_path, "LINJAMSOS", period="TW1", clear=later, reported={})
    assert [p for p in check(path) if p[0] == "deret-bulanan-tidak-lengkap"] == []
    early = unit_workbook(tmp_path, "LINJAMSOS", name="tw1.xlsx", period="TW1", reported={},
                          clear=(("SS1.1.2", "Februari.pembilang"),))
    assert [p for p in check(early) if p[0] == "deret-bulanan-tidak-lengkap"] == [
        ("deret-bulanan-tidak-lengkap", ISIAN, at("LINJAMSOS", "SS1.1.2", "Februari.pembilang", period="TW1"))]


def test_locked_target_changed(tmp_path: Path) -> None:
    row = row_of("ITJEN", "simpul|SS4.1")
    path = patch_cells(unit_workbook(tmp_path, "ITJEN"), {(ISIAN, f"G{row}"): 85})
    report = validate_files([path], get_catalog())
    assert found(report) == [("target-berubah", ISIAN, f"G{row}")]
    assert "90" in report.problems[0].message and "85" in report.problems[0].message


def test_reported_differs(tmp_path: Path) -> None:
    row_a, row_b = row_of("REHSOS", "simpul|SS3.1.3"), row_of("REHSOS", "simpul|SS1.2.1")
    # SS3.1.3 = mean(1/1, 1/6): 58,34 in stages (100 and 16,67), 58,33 without intermediate rounding.
    values = {("SS3.1.3.a", "pembilang"): 1, ("SS3.1.3.a", "penyebut"): 1, ("SS3.1.3.b", "pembilang"): 1,
              ("SS3.1.3.b", "penyebut"): 6, ("SS1.2.1", "pembilang"): 2, ("SS1.2.1", "penyebut"): 3}
    reported = {"SS3.1.3": Decimal("58.33"), "SS1.2.1": Decimal("66.66"), "SS3.1.3.a": 100}
    path = unit_workbook(tmp_path, "REHSOS", values=values, reported=reported)
    report = validate_files([path], get_catalog())
    assert found(report) == [("realisasi-beda", ISIAN, f"J{row_b}"), ("realisasi-beda", ISIAN, f"J{row_a}")]
    by_cell = {p.cell: p.message for p in report.problems}
    assert "pembulatan" in by_cell[f"J{row_a}"] and "tanpa pembulatan antara" in by_cell[f"J{row_a}"]
    assert "dipotong" in by_cell[f"J{row_b}"]
    assert report.exit_code == 0
    wrong = unit_workbook(tmp_path, "REHSOS", name="x.xlsx", reported={"SS1.2.1": Decimal("70")})
    assert "aritmetika" in validate_files([wrong], get_catalog()).problems[0].message


def test_reported_not_a_number(tmp_path: Path) -> None:
    row = row_of("REHSOS", "simpul|SS1.2.1")
    path = patch_cells(unit_workbook(tmp_path, "REHSOS", reported={}), {(ISIAN, f"J{row}"): "sekitar 88"})
    assert check(path) == [("dilaporkan-bukan-angka", ISIAN, f"J{row}")]


# -- batches and reports --------------------------------------------------------------------------------

def test_batch_duplicates_missing_units_and_bad_files(tmp_path: Path) -> None:
    first = unit_workbook(tmp_path, "ITJEN")
    second = copy(first, "kinerja-ITJEN-2023-tahunan-revisi.xlsx")
    broken = write_bytes(tmp_path, "rusak.xlsx", b"bukan excel")
    report = validate_files([first, second, broken], get_catalog(), expected_units=["ITJEN", "REHSOS"])
    assert [(Path(p.file).name if p.file else "", p.code) for p in report.problems] == [
        ("kinerja-ITJEN-2023-tahunan-revisi.xlsx", "berkas-ganda"),
        ("rusak.xlsx", "ekstensi-salah"),
        ("", "unit-tidak-ada"),
    ]
    assert [f.status for f in report.files] == ["ok", "invalid", "unreadable"]
    assert report.exit_code == 2
    assert report.counts_by_code() == {"berkas-ganda": 1, "ekstensi-salah": 1, "unit-tidak-ada": 1}
    data = json.loads(report.to_json())
    assert data["exit_code"] == 2 and len(data["files"]) == 3 and data["problems"][2]["code"] == "unit-tidak-ada"
    assert [s.unit for s in report.submissions] == ["ITJEN", "ITJEN", None]


def test_max_problems(tmp_path: Path) -> None:
    paths = [write_bytes(tmp_path, f"k{i}.xlsx", b"") for i in range(5)]
    report = validate_files(paths, get_catalog(), max_problems=2)
    assert [p.code for p in report.problems] == ["berkas-kosong", "berkas-kosong", "batas-masalah"]
    assert report.counts_by_code() == {"berkas-kosong": 5}
    assert report.dropped == 3 and report.exit_code == 2


def test_internal_error_becomes_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(scan: Any) -> Any:
        raise RuntimeError("uji")

    monkeypatch.setattr(checks_module, "UNIT_CHECKS", (boom, checks_module.check_cells))
    monkeypatch.setattr(checks_module.run_unit_checks, "__defaults__", ((boom, checks_module.check_cells),))
    report = validate_files([unit_workbook(tmp_path, "ITJEN")], get_catalog())
    assert [(p.code, p.severity) for p in report.problems] == [("galat-internal", "galat")]
    assert "RuntimeError: uji" in report.problems[0].message
    assert report.exit_code == 2


def test_every_code_has_indonesian_text() -> None:
    for code, spec in CODES.items():
        assert code == code.lower() and " " not in code
        assert spec.severity in ("galat", "peringatan", "info")
        assert spec.message and spec.hint


def test_write_sheet_with_links_and_no_formula_injection(tmp_path: Path) -> None:
    cell = at("REHSOS", "SS1.2.1", "pembilang")
    injected = '=HYPERLINK("http://contoh.invalid","klik")'  # text (not a formula) that looks like one
    path = type_text(unit_workbook(tmp_path, "REHSOS"), {(ISIAN, cell): injected})
    report = validate_files([path], get_catalog())
    assert found(report, severities=("galat",)) == [("bukan-angka", ISIAN, cell)]
    write_validation_sheet(report, path)
    write_validation_sheet(validate_files([path], get_catalog()), path)  # replacing, not adding a second sheet
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Petunjuk", ISIAN, SHEET_VALIDATION, SHEET_SURVEY, SHEET_META]
    ws = wb[SHEET_VALIDATION]
    headers = [c.value for c in ws[4]]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    bad = next(r for r in rows if r[headers.index("Kode")] == "bukan-angka")
    link = ws.cell(5 + rows.index(bad), headers.index("Sel") + 1)
    assert link.value == cell and link.hyperlink.location == f"{quote_sheet(ISIAN)}!{cell}"
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f"
    assert bad[headers.index("Nilai")] == "'" + injected
    assert (wb[ISIAN][cell].value, wb[ISIAN][cell].data_type) == (injected, "s")  # the unit's own cell is untouched


def test_write_sheet_new_file(tmp_path: Path) -> None:
    report = validate_files([write_bytes(tmp_path, "a.xlsx", b"")], get_catalog())
    out = write_validation_sheet(report, tmp_path / "ringkasan.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [SHEET_VALIDATION]
    assert [c.value for c in wb[SHEET_VALIDATION][5]][2] == "berkas-kosong"


def test_write_sheet_keeps_macros(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("xlwings")
    from kinerja_xl.pipeline.templates import write_unit_workbook
    from kinerja_xl.vba import project as vba

    monkeypatch.setattr(vba, "default_cache_dir", lambda: tmp_path / "cache")
    path = write_unit_workbook(get_catalog(), "ITJEN", tmp_path / "itjen.xlsm", buttons=True)
    with zipfile.ZipFile(path) as archive:
        project = archive.read("xl/vbaProject.bin")
    report = validate_files([path], get_catalog())
    pagu = at("ITJEN", "ANGGARAN.UNIT", "ITJEN.pagu_awal")
    assert ("isian-kosong", ISIAN, pagu) in found(report)  # an empty template: nothing filled in yet
    write_validation_sheet(report, path)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("xl/vbaProject.bin") == project
    assert SHEET_VALIDATION in openpyxl.load_workbook(path, keep_vba=True).sheetnames


def test_a_number_typed_with_a_percent_sign_is_refused_with_what_excel_shows(tmp_path: Path) -> None:
    """``4,8%`` typed into an input stores 0,048 in a cell formatted as a percentage: Excel shows 4,8 %, every
    reader reads 0,048 (a TPT of 0,05 took a capaian to its cap). Refused, naming what is shown and what is stored,
    for a built-in percent format (``0%``, id 9) and a workbook's own (``0.0%``); a percent sign in a format's
    literal text (``0 "%"``) is no percentage."""
    from kinerja_xl.reading.number_formats import percent_code

    pembilang, penyebut = at("REHSOS", "SS1.2.1", "pembilang"), at("REHSOS", "SS1.3.1", "penyebut")
    populasi = at("REHSOS", "SS1.2.1", "populasi")

    def percent(wb: openpyxl.Workbook) -> None:
        sheet = wb[ISIAN]
        sheet[pembilang].value, sheet[pembilang].number_format = 0.048, "0.0%"
        sheet[penyebut].value, sheet[penyebut].number_format = 1, "0%"
        sheet[populasi].number_format = '#,##0" %"'  # a literal percent sign: not a percentage

    path = edit_workbook(unit_workbook(tmp_path, "REHSOS"), percent)
    report = validate_files([path], get_catalog())
    found = [(p.code, p.severity, p.cell, p.message) for p in report.problems if p.code == "angka-persen"]
    assert [(code, severity, cell) for code, severity, cell, _ in found] == [
        ("angka-persen", "galat", pembilang), ("angka-persen", "galat", penyebut)]
    assert "Excel menampilkan 4,8%, tetapi angka yang tersimpan 0,048" in found[0][3]
    assert "Excel menampilkan 100%, tetapi angka yang tersimpan 1" in found[1][3]
    assert [percent_code(c) for c in ("0%", "0.00%", '0.0"%"', "0\\%", "[Red]0.0%", "#,##0")] == [
        True, True, False, False, True, False]
