"""The Survei sheet as a unit fills it: present only where the catalog declares a survey, answers as numbers or
the questionnaire's words (a form export pasted as is), and every answer the sheet's formulas would not count
reported with its cell. On the catalog of a kota office (``tests/support/catalogs.SURVEI``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kinerja_xl.catalog.schema import Catalog
from kinerja_xl.compute.engine import compute
from kinerja_xl.pipeline import validate_files
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_SURVEY, SurveyLayout, unit_layout
from tests.support.catalogs import survei, tiny

Found = list[tuple[str, str, str]]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return survei()


def layout_of(catalog: Catalog, unit: str, period: str = "tahunan") -> SurveyLayout:
    survey = unit_layout(catalog, unit, period=period).survey
    assert survey is not None
    return survey


def row(layout: SurveyLayout, answers: list[Any], **columns: Any) -> list[Any]:
    """A respondent row from column A: optional columns by name, then the answers."""
    line: list[Any] = [None] * layout.last_col
    for name, value in columns.items():
        line[layout.column(name) - 1] = value
    for item, answer in zip(layout.spec.items, answers, strict=False):
        line[layout.answer_col(item.code) - 1] = answer
    return line


def workbook(tmp_path: Path, catalog: Catalog, unit: str, rows: list[list[Any]], period: str = "tahunan",
             name: str | None = None) -> Path:
    path = tmp_path / (name or f"kinerja-{unit}-2025-{period}.xlsx")
    write_unit_workbook(catalog, unit, path, period=period, survey_rows=rows,
                        identity={"penanggung_jawab": "Uji", "tanggal": dt.date(2025, 12, 31)})
    return path


def found(path: Path, catalog: Catalog) -> Found:
    return [(p.code, p.sheet, p.cell) for p in validate_files([path], catalog).problems]


def cell(layout: SurveyLayout, row_number: int, item: str) -> str:
    return layout.cell(row_number, layout.answer_col(item)).cell


# -- where the sheet is ----------------------------------------------------------------------------------
def test_the_catalog_alone_decides_which_workbooks_have_a_survei_sheet(catalog, tmp_path):
    def sheets(unit: str, period: str, cat: Catalog = catalog) -> list[str]:
        path = tmp_path / f"{unit}-{period}.xlsx"
        write_unit_workbook(cat, unit, path, period=period)
        return openpyxl.load_workbook(path).sheetnames

    assert sheets("A", "tahunan") == ["Petunjuk", SHEET_INPUT, SHEET_SURVEY, "_meta"]
    assert sheets("A", "TW2") == ["Petunjuk", SHEET_INPUT, "_meta"]      # the survey is annual here
    assert SHEET_SURVEY in sheets("C", "TW2")                              # the UPT's runs every period
    assert SHEET_SURVEY not in sheets("A", "tahunan", tiny())              # a catalog without a survey
    survey = layout_of(catalog, "C", "TW2")
    assert [i.code for i in survey.spec.items][-1] == "U14" and survey.columns == ("jenis_layanan",)
    ws = openpyxl.load_workbook(tmp_path / "C-TW2.xlsx")[SHEET_SURVEY]
    assert [ws.cell(survey.header_row, c).value for c in range(1, survey.last_col + 1)] == \
        ["No.", "Jenis layanan", *(f"U{i}" for i in range(1, 15))]
    assert ws.cell(survey.names_row, survey.answer_col("U11")).value == "Kepastian biaya pelayanan"


def test_the_isian_shows_the_surveys_ikm_and_respondents(catalog, tmp_path):
    layout = unit_layout(catalog, "A")
    mirrors = next(r for r in layout.rows if r.mirrors)
    path = workbook(tmp_path, catalog, "A", [row(layout_of(catalog, "A"), [4] * 9)] * 2)
    ws = openpyxl.load_workbook(path)[SHEET_INPUT]
    survey = layout_of(catalog, "A")
    ikm, respondents = (ws.cell(mirrors.row, col).value for col in sorted(mirrors.mirrors))
    home = survey.cell(survey.summary_row("ikm"), survey.value_col).a1("Isian")
    assert ikm == f"=IF(COUNT({home})=1,IFERROR({home},\"\"),\"\")"
    count = survey.cell(survey.summary_row("responden"), survey.value_col).a1("Isian")
    assert respondents.endswith(f"{count},\"\"),\"\")")


# -- answers ----------------------------------------------------------------------------------------------
def test_words_and_numbers_count_alike(catalog, tmp_path):
    """A form export (the questionnaire's words, any letter case, the spellings forms use) counts as 1–4."""
    survey = layout_of(catalog, "A")
    words = ["sangat sesuai", "SANGAT MUDAH", "Sangat cepat", "Gratis", "Sangat sesuai", "Sangat kompeten",
             "Sangat sopan & ramah", "Dikelola dengan baik", "Sangat baik"]
    path = workbook(tmp_path, catalog, "A", [row(survey, words)] * 2 + [row(survey, [4] * 9)])
    at = survey.cell(survey.summary_row("responden"), survey.value_col).cell
    assert found(path, catalog) == [("sampel-survei-kurang", SHEET_SURVEY, at)]
    submission = validate_files([path], catalog).submissions[0]
    c = compute(catalog, submission.inputs(), scope={"A"})
    assert c.number("S1.1", "survei.A.ikm") == Decimal("99.90")  # all 4 with weight 0,111
    assert c.inputs[next(r for r in c.inputs if r.key == "A.survei.responden")] == 3


def test_every_answer_the_formulas_would_not_count_is_an_error_with_its_cell(catalog, tmp_path):
    survey = layout_of(catalog, "A")
    first = survey.first_row
    rows = [row(survey, [4] * 9) for _ in range(85)]
    rows[0] = row(survey, [5, 4, 4, 4, 4, 4, 4, 4, 4])                    # out of scale
    rows[1] = row(survey, [4, "Sangat mudah ", 4, 4, 4, 4, 4, 4, 4])        # a trailing space
    rows[2] = row(survey, [4, 4, "4", 4, 4, 4, 4, 4, 4])                    # a number stored as text
    rows[3] = row(survey, [4, 4, 4, "bagus", 4, 4, 4, 4, 4])                # not a word of the questionnaire
    rows[4] = row(survey, [4, 4, 4, 4, 3.5, 4, 4, 4, 4])                    # not a whole level
    rows[5] = row(survey, [None] * 9, jenis_layanan="Izin usaha", usia=40)  # a respondent without an answer
    path = workbook(tmp_path, catalog, "A", rows)
    assert found(path, catalog) == [
        ("jawaban-di-luar-skala", SHEET_SURVEY, cell(survey, first, "U1")),
        ("jawaban-tidak-dikenal", SHEET_SURVEY, cell(survey, first + 1, "U2")),
        ("jawaban-tidak-dikenal", SHEET_SURVEY, cell(survey, first + 2, "U3")),
        ("jawaban-tidak-dikenal", SHEET_SURVEY, cell(survey, first + 3, "U4")),
        ("jawaban-di-luar-skala", SHEET_SURVEY, cell(survey, first + 4, "U5")),
        ("responden-tanpa-jawaban", SHEET_SURVEY, cell(survey, first + 5, "U1")),
    ]
    messages = {p.cell: p for p in validate_files([path], catalog).problems}
    assert "ada spasi di awal atau akhir" in messages[cell(survey, first + 1, "U2")].message
    assert "angka tersimpan sebagai teks" in messages[cell(survey, first + 2, "U3")].message
    assert "Sangat mahal" in messages[cell(survey, first + 3, "U4")].hint and \
        "4 Gratis" in messages[cell(survey, first + 3, "U4")].hint
    assert "tidak dihitung sebagai responden" in messages[cell(survey, first + 5, "U1")].message


def test_many_bad_answers_are_summed_up(catalog, tmp_path):
    survey = layout_of(catalog, "A")
    path = workbook(tmp_path, catalog, "A", [row(survey, [9] * 9) for _ in range(10)] + [row(survey, [4] * 9)] * 80)
    problems = found(path, catalog)
    assert len(problems) == 51 and problems[-1] == ("jawaban-lain-tidak-valid", SHEET_SURVEY,
                                                   cell(survey, survey.first_row + 5, "U6"))
    summary = next(p for p in validate_files([path], catalog).problems if p.code == "jawaban-lain-tidak-valid")
    assert "40 jawaban lain" in summary.message


def test_an_empty_survey_and_an_unanswered_unsur_are_errors(catalog, tmp_path):
    survey = layout_of(catalog, "A")
    empty = workbook(tmp_path, catalog, "A", [], name="kosong.xlsx")
    assert found(empty, catalog) == [("survei-kosong", SHEET_SURVEY, cell(survey, survey.first_row, "U1"))]
    no_u4 = workbook(tmp_path, catalog, "A", [row(survey, [4, 4, 4, None, 4, 4, 4, 4, 4])] * 90, name="u4.xlsx")
    assert found(no_u4, catalog) == [("unsur-tanpa-jawaban", SHEET_SURVEY, cell(survey, survey.first_row, "U4"))]


def test_fewer_respondents_than_the_minimum_sample_of_the_population(catalog, tmp_path):
    """Population 100 (the catalog, for A): at least 80 respondents (Krejcie–Morgan); the workbook's own
    population replaces the catalog's; B has no population, so no minimum."""
    survey = layout_of(catalog, "A")
    at = survey.cell(survey.summary_row("responden"), survey.value_col).cell
    path = workbook(tmp_path, catalog, "A", [row(survey, [4] * 9)] * 79)
    problem = next(p for p in validate_files([path], catalog).problems if p.code == "sampel-survei-kurang")
    assert (problem.cell, problem.severity) == (at, "peringatan")
    assert "79" in problem.message and "80" in problem.message and "100" in problem.message
    assert found(workbook(tmp_path, catalog, "A", [row(survey, [4] * 9)] * 80, name="80.xlsx"), catalog) == []
    own = workbook(tmp_path, catalog, "A", [row(survey, [4] * 9)] * 79, name="sendiri.xlsx")
    wb = openpyxl.load_workbook(own)
    wb[SHEET_SURVEY][survey.population_cell().cell] = 50  # the workbook's population: 44 suffice
    wb.save(own)
    assert found(own, catalog) == []
    wb[SHEET_SURVEY][survey.population_cell().cell] = "banyak"
    wb.save(own)
    assert found(own, catalog) == [("populasi-survei-tidak-valid", SHEET_SURVEY, survey.population_cell().cell)]
    assert found(workbook(tmp_path, catalog, "B", [row(layout_of(catalog, "B"), [3] * 9)]), catalog) == []


def test_answers_below_the_counted_rows_and_a_moved_column(catalog, tmp_path):
    survey = layout_of(catalog, "A")  # capacity 200
    rows = [row(survey, [4] * 9)] * 85 + [[None] * survey.last_col] * 115 + [row(survey, [4] * 9)]
    path = workbook(tmp_path, catalog, "A", rows)
    assert found(path, catalog) == [("survei-di-luar-area", SHEET_SURVEY, cell(survey, survey.last_row + 1, "U1"))]
    wb = openpyxl.load_workbook(path)
    wb[SHEET_SURVEY].cell(survey.header_row, survey.answer_col("U3")).value = "U4"
    wb.save(path)
    assert ("survei-kolom-berubah", SHEET_SURVEY, cell(survey, survey.header_row, "U3")) in found(path, catalog)


def test_an_excel_error_among_the_answers(catalog, tmp_path):
    survey = layout_of(catalog, "A")
    path = workbook(tmp_path, catalog, "A", [row(survey, [4] * 9)] * 85)
    wb = openpyxl.load_workbook(path)
    wb[SHEET_SURVEY][cell(survey, survey.first_row + 2, "U7")] = "#N/A"
    wb.save(path)
    assert found(path, catalog) == [("jawaban-tidak-dikenal", SHEET_SURVEY, cell(survey, survey.first_row + 2, "U7"))]


def test_a_survei_sheet_removed_is_a_structure_error(catalog, tmp_path):
    path = workbook(tmp_path, catalog, "A", [row(layout_of(catalog, "A"), [4] * 9)] * 85)
    wb = openpyxl.load_workbook(path)
    wb.remove(wb[SHEET_SURVEY])
    wb.save(path)
    assert found(path, catalog) == [("lembar-hilang", "", "")]
