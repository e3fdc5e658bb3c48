"""A survey computed twice: the engine, and the workbook's own formulas (the Survei sheet's COUNTIF recap, the
Isian cells that show its IKM, the Hasil SKM table and its per-layanan rows), recalculated by LibreOffice.
On a kota office's catalog (word answers, a 0,111 weight, a 14-unsur questionnaire) and on the example,
where one changed answer moves the IKM exactly as the regulation's formula says."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kinerja_xl import pipeline
from kinerja_xl.catalog import parse_catalog
from kinerja_xl.catalog.schema import Catalog, RoundingPolicy
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import ResultRef
from kinerja_xl.compute.rounding import excel_round
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.unit_layout import SHEET_RESULT, SHEET_SURVEY, SurveyLayout, unit_layout
from tests.conftest import EXAMPLES
from tests.support.catalogs import SURVEI, survei
from tests.support.libreoffice import find_soffice, read_values, recalculate
from tests.support.workbook_checks import (
    input_sheet_expected,
    mismatches,
    result_sheet_expected,
    survey_sheet_expected,
)

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) tidak terpasang")


def answer_rows(layout: SurveyLayout, answers: list[list[Any]], services: list[Any]) -> list[list[Any]]:
    rows = []
    for i, (line, service) in enumerate(zip(answers, services, strict=True)):
        row: list[Any] = [None] * layout.last_col
        row[0] = i + 1
        if "jenis_layanan" in layout.columns:
            row[layout.column("jenis_layanan") - 1] = service
        if "tanggal" in layout.columns:
            row[layout.column("tanggal") - 1] = dt.date(2025, 3, 1 + i % 28)
        for item, answer in zip(layout.spec.items, line, strict=True):
            row[layout.answer_col(item.code) - 1] = answer
        rows.append(row)
    return rows


def expected_of(path: Path, catalog: Catalog) -> dict[tuple[str, str], Any]:
    """The engine's value of every formula of Isian, Survei and the Hasil written for ``path``."""
    report = pipeline.validate_files([path], catalog)
    submission = report.submissions[0]
    results = pipeline.unit_results(submission, report.problems_of(submission.file), catalog)
    assert results.layout is not None and results.computation is not None
    sheet = results.result_sheet()
    assert sheet is not None and sheet.plan.survey is not None and submission.survey is not None
    extra = sheet.plan.survey.service_values(submission.survey)
    return {**input_sheet_expected(results.layout, results.computation),
            **survey_sheet_expected(results.layout, results.computation),
            **result_sheet_expected(sheet.plan, results.computation, extra)}


@needs_soffice
@pytest.mark.libreoffice
def test_jenis_layanan_that_look_like_formulas_are_compared_as_written(tmp_path):
    """The per-layanan formulas compare the Survei sheet's column with the name in Hasil: a name pasted from a
    form export that starts like a formula (or looks like rich-text markup) is stored there exactly, as text
    (Excel's quote prefix), never with a quote of ours in front, so Excel and LibreOffice count what the
    engine counts. Names set with openpyxl, as another program saves them."""
    catalog = survei()
    layout = unit_layout(catalog, "A").survey
    assert layout is not None
    names = ['=HYPERLINK("http://contoh","klik")', "-2+3", "@SUM(1)", "+ Izin usaha", "<r><t>x</t></r>"]
    answers = [[(u + r) % 4 + 1 for u in range(9)] for r in range(10)]
    path = tmp_path / "kinerja-A-2025-tahunan.xlsx"
    write_unit_workbook(catalog, "A", path, survey_rows=answer_rows(layout, answers, ["x"] * 10),
                        identity={"penanggung_jawab": "Uji", "tanggal": dt.date(2025, 12, 31)})
    wb = openpyxl.load_workbook(path)
    column = layout.column("jenis_layanan")
    for i in range(10):
        cell = wb[SHEET_SURVEY].cell(layout.first_row + i, column)
        cell.value = names[i % len(names)]
        cell.data_type = "s"  # text, as a pasted value is
    wb.save(path)
    report = pipeline.validate_files([path], catalog)
    assert [p.code for p in report.problems if p.severity == "galat"] == []
    assert pipeline.write_back(report, catalog)[str(path)].results
    want = expected_of(path, catalog)
    assert mismatches(want, read_values(recalculate([path], tmp_path / "lo")[0])) == {}
    hasil_want = {cell: v for cell, v in want.items() if cell[0] == SHEET_RESULT}  # openpyxl kept no cached
    assert mismatches(hasil_want, read_values(path)) == {}  # values on the sheets it saved; Hasil has them
    hasil = openpyxl.load_workbook(path)[SHEET_RESULT]
    shown = {c.value: c for row in hasil.iter_rows(max_col=2) for c in row if c.value in names}
    assert set(shown) == set(names)  # each name exactly as written, in a text cell marked text
    assert all(c.data_type == "s" and c.quotePrefix for c in shown.values())
    formulas = [str(c.value) for row in hasil.iter_rows() for c in row if c.data_type == "f"]
    assert not any("HYPERLINK" in f or "SUM(1)" in f for f in formulas)  # no name became a formula


@needs_soffice
@pytest.mark.libreoffice
@pytest.mark.parametrize("nrr_digits", [None, 2])
def test_libreoffice_recalculates_every_survey_formula_to_the_engine(tmp_path, nrr_digits):
    """Also with ``pembulatan_nrr`` (each unsur's NRR rounded before it is weighted): the Survei sheet's and
    Hasil's formulas round them with ROUND as the engine does."""
    catalog = survei() if nrr_digits is None else parse_catalog(SURVEI.replace(
        "survei: {bobot_unsur: 0.111, ", f"survei: {{bobot_unsur: 0.111, pembulatan_nrr: {nrr_digits}, ").replace(
        "survei: {jumlah_unsur: 14, ", f"survei: {{jumlah_unsur: 14, pembulatan_nrr: {nrr_digits}, "), source="SURVEI")
    a = unit_layout(catalog, "A").survey
    c = unit_layout(catalog, "C").survey
    assert a is not None and c is not None
    words = {i.code: i for i in a.spec.items}
    answers_a = [[4, 3, 3, 4, 4, 3, 4, 2, 3], [words["U1"].words(4)[0].upper(), "Mudah", "Cepat", "Gratis", None,
                                              "Kompeten", "Sopan & ramah", "Ada tapi tidak berfungsi", "Baik"],
                 [3, 3, 2, 4, 3, 3, 3, 1, None], [None] * 9, [4] * 9]
    services_a = ["Izin usaha", "izin USAHA", "Izin bangunan", "Izin bangunan", 7]  # case-blind; a number too
    answers_c = [[(u + r) % 4 + 1 for u in range(14)] for r in range(6)]
    paths = []
    for unit, layout, answers, services in (("A", a, answers_a, services_a), ("C", c, answers_c, ["Loket"] * 6)):
        path = tmp_path / unit / f"kinerja-{unit}-2025-tahunan.xlsx"
        path.parent.mkdir()
        write_unit_workbook(catalog, unit, path, survey_rows=answer_rows(layout, answers, services),
                            identity={"penanggung_jawab": "Uji", "tanggal": dt.date(2025, 12, 31)})
        report = pipeline.validate_files([path], catalog)
        assert [p.code for p in report.problems if p.severity == "galat"] == []
        assert pipeline.write_back(report, catalog)[str(path)].results
        paths.append(path)
    wanted = [expected_of(p, catalog) for p in paths]
    hasil_a = {cell: v for cell, v in wanted[0].items() if cell[0] == SHEET_RESULT}
    assert len(hasil_a) > 60  # the SKM table, three jenis layanan (7, "Izin usaha", "Izin bangunan") and counts
    for path, want, recalculated in zip(paths, wanted, recalculate(paths, tmp_path / "lo"), strict=True):
        assert mismatches(want, read_values(recalculated)) == {}, path.name
        assert mismatches(want, read_values(path)) == {}, path.name  # the cached values say the same
    survey_a = read_values(paths[0])[SHEET_SURVEY]
    nrr = a.figure_cells()[ResultRef("S1.1", "survei.A.nrr.U3")]
    formula = openpyxl.load_workbook(paths[0])[SHEET_SURVEY][nrr.cell].value
    assert formula.startswith("=") and ("ROUND(" in formula) == (nrr_digits is not None), formula
    respondents = a.cell(a.summary_row("responden"), a.value_col).cell
    assert survey_a[respondents] == 4  # the row without an answer is nobody


@needs_soffice
@pytest.mark.libreoffice
def test_one_changed_answer_moves_the_ikm_exactly_as_the_formula_says(catalog, tmp_path):
    """ITJEN's example survey: one respondent's U1 from "Sangat sesuai" (4) to "Sesuai" (3) lowers the sum of
    U1 by 1, so IKM by 1/n(U1) × 1/9 × 25 exactly; the workbook's formulas, recalculated, agree."""
    path = tmp_path / "kinerja-ITJEN-2023-tahunan.xlsx"
    shutil.copy(EXAMPLES / path.name, path)
    layout = unit_layout(catalog, "ITJEN").survey
    assert layout is not None

    def exact_ikm(p: Path) -> tuple[Decimal, Decimal, Decimal]:
        sub = pipeline.validate_files([p], catalog).submissions[0]
        full = compute(catalog, sub.inputs(), scope={"ITJEN"}, rounding=RoundingPolicy("tanpa_antara", 2))
        staged = compute(catalog, sub.inputs(), scope={"ITJEN"})
        answered = full.number("SS4.1", "survei.ITJEN.jumlah.U1")
        assert answered is not None
        return (full.number("SS4.1", "survei.ITJEN.ikm"), staged.number("SS4.1", "survei.ITJEN.ikm"),  # type: ignore[return-value]
                answered)

    before, shown_before, answered = exact_ikm(path)
    assert shown_before == Decimal("93.95")  # LKj 2023 Tabel 3.29
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_SURVEY]
    col = layout.answer_col("U1")
    target = next(r for r in range(layout.first_row, layout.first_row + 633)
                  if ws.cell(r, col).value == "Sangat sesuai")
    ws.cell(target, col).value = "Sesuai"
    wb.save(path)
    after, shown_after, answered_after = exact_ikm(path)
    assert answered_after == answered
    assert Fraction(before) - Fraction(after) == pytest.approx(Fraction(25, 9) / Fraction(int(answered)), abs=1e-25)
    recalculated = recalculate([path], tmp_path / "lo")[0]
    ikm_cell = layout.cell(layout.summary_row("ikm"), layout.value_col).cell
    assert read_values(recalculated)[SHEET_SURVEY][ikm_cell] == float(shown_after)
    assert shown_after == excel_round(after, 2)  # the published IKM is the exact one rounded as Excel does


@needs_soffice
@pytest.mark.libreoffice
def test_the_weakest_unsur_of_values_in_no_one_range(tmp_path):
    """Where the NRR are not one range (cells apart), the weakest is the first value equal to their MIN: the
    engine's pick on ties too, recalculated by LibreOffice."""
    import xlsxwriter

    from kinerja_xl.cells import CellAddress, a1
    from kinerja_xl.compute.expr import ArgMin, Cell, ResultRef, evaluate
    from kinerja_xl.plans.formulas import FormulaRenderer

    refs = [ResultRef("S1", f"survei.nrr.U{i}") for i in (1, 2, 3)]
    expr = ArgMin(tuple(Cell(r) for r in refs), ("U1 Persyaratan", "U2 Prosedur", "U3 Waktu"))
    cases = [(3.5, 3.2, 3.2), (2.0, 3.0, 1.0), (1.5, 1.5, 1.5), (3.25, 2.75, 3.0)]
    path = tmp_path / "terendah.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    expected: dict[tuple[str, str], Any] = {}
    for col, values in enumerate(cases, start=1):
        homes = {ref: CellAddress("Data", 1 + 3 * i, col) for i, ref in enumerate(refs)}  # rows 1, 4, 7
        formula = FormulaRenderer(homes.get, "Data").formula(expr)
        assert "MATCH" not in formula and "MIN(" in formula
        for ref, value in zip(refs, values, strict=True):
            sheet.write_number(homes[ref].row - 1, col - 1, value)
        sheet.write_formula(9, col - 1, formula, None, "")
        expected[("Data", a1(10, col))] = evaluate(expr, {r: Decimal(str(v)) for r, v in zip(refs, values,
                                                                                             strict=True)})
    book.close()
    assert [expected[("Data", a1(10, c))] for c in (1, 2, 3, 4)] == ["U2 Prosedur", "U3 Waktu", "U1 Persyaratan",
                                                                     "U2 Prosedur"]
    (recalculated,) = recalculate([path], tmp_path / "lo")
    assert mismatches(expected, read_values(recalculated)) == {}
