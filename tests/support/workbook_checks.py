"""What a workbook kinerja_xl wrote must show: each formula cell's value, cached and recalculated.

Shared by the golden suites and the random-catalog property test: the expected value of every live
formula comes from the engine (a Computation) and the plans, never from the workbook itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from kinerja_xl.cells import a1
from kinerja_xl.compute.engine import Computation
from kinerja_xl.compute.expr import InputRef, ResultRef
from kinerja_xl.plans.results_sheet import ResultSheetPlan
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_RESULT, SHEET_SURVEY, UnitLayout

MISSING = object()

Cells = dict[tuple[str, str], Any]


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    """``{(sheet, 'E7'): '=ROUND(...)'}`` of every formula cell of the workbook."""
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"}


def comparable(value: Any) -> Any:
    """A cell value as both Python and a spreadsheet give it: numbers as float, empty as None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    return None if value in ("", None) else value


def same(want: Any, got: Any) -> bool:
    """Equal as a double can be: to 1e-9, or to 12 significant digits for large figures (a rate per 100.000
    kept unrounded is ~28.212,2048451395 in a spreadsheet and a longer Decimal in Python)."""
    a, b = comparable(want), comparable(got)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= max(1e-9, 1e-12 * abs(a))
    return a == b


def mismatches(expected: Mapping[tuple[str, str], Any], values: Mapping[str, Mapping[str, Any]]) -> Cells:
    """Cells whose value (``values``: {sheet: {A1: value}}, e.g. read by calamine) differs from ``expected``."""
    return {cell: (comparable(want), values.get(cell[0], {}).get(cell[1], "")) for cell, want in expected.items()
            if not same(want, values.get(cell[0], {}).get(cell[1], ""))}


def input_sheet_expected(layout: UnitLayout, computation: Computation) -> Cells:
    """The value of every live formula of a unit's Isian sheet."""
    return {(SHEET_INPUT, a1(row.row, col)): computation.figures[ref].value
            for row in layout.rows for col, ref in row.figures.items()}


def result_sheet_expected(plan: ResultSheetPlan, computation: Computation,
                          extra: Mapping[Any, Any] | None = None) -> Cells:
    """The value of every formula of the Hasil sheet (figures, a survey's counts, the chart's data block);
    ``extra``: the values of a file's jenis layanan rows (left out without it)."""
    def value(ref: Any) -> Any:
        if isinstance(ref, ResultRef) and ref in computation.figures:
            return computation.figures[ref].value
        if isinstance(ref, InputRef) and ref in computation.inputs:
            return computation.inputs[ref]
        return (extra or {}).get(ref, MISSING)

    cells = {(SHEET_RESULT, a1(e.row, e.col)): value(e.figure) for e in plan.entries if e.figure is not None}
    return {cell: v for cell, v in cells.items() if v is not MISSING}


def survey_sheet_expected(layout: UnitLayout, computation: Computation) -> Cells:
    """The value of every live formula of a unit's Survei sheet: the counts and the survey's figures."""
    survey = layout.survey
    if survey is None:
        return {}
    out: Cells = {(SHEET_SURVEY, address.cell): computation.inputs.get(ref, Decimal(0))
                  for ref, address in survey.input_cells().items()}
    out.update({(SHEET_SURVEY, address.cell): computation.figures[ref].value
                for ref, address in survey.figure_cells().items() if ref in computation.figures})
    return out
