"""The *Survei* sheet of a unit workbook written with XlsxWriter from its plan (:mod:`kinerja_xl.plans.survey_sheet`).

The recap (counts, NRR, IKM) is locked formulas; the answer area below the header is unlocked, so a unit
pastes a form export there, and carries an input message naming what an answer may be. Values of the rows
an example comes with are written by type: text never becomes a formula or a number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..plans.survey_sheet import DIGITS, SurveySheetPlan
from .printing import apply_page
from .styles import FORMULA_FILL, INPUT_FILL, LOCKED_FILL, Styles

#: Cell kinds of the plan -> XlsxWriter format properties (added to the workbook's shared styles).
KINDS: dict[str, dict[str, Any]] = {
    # texts overflow into the empty cells beside them rather than wrap in a narrow cell
    "subtitle": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "note": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "label": {"valign": "top", "border": 1},
    "section": {"bold": True, "border": 1},
    "code": {"bold": True, "align": "center", "border": 1, "bg_color": LOCKED_FILL},
    "name": {"text_wrap": True, "valign": "top", "align": "center", "border": 1, "font_size": 9,
             "bg_color": LOCKED_FILL},
    "choices": {"text_wrap": True, "valign": "top", "border": 1, "font_size": 8, "font_color": "#404040"},
    "population": {"num_format": "#,##0", "bg_color": INPUT_FILL, "border": 1, "locked": False},
    "weight": {"num_format": "0." + "0" * DIGITS["weight"], "bg_color": LOCKED_FILL, "border": 1},
    "text": {"bg_color": FORMULA_FILL, "border": 1, "valign": "top"},
    **{kind: {"num_format": "#,##0" if digits == 0 else "0." + "0" * digits, "bg_color": FORMULA_FILL, "border": 1}
       for kind, digits in DIGITS.items() if kind != "weight"},
    "answer": {"locked": False},
    "answer_date": {"locked": False, "num_format": "dd/mm/yyyy"},
}
#: Plan kinds written with the workbook's own styles.
SHARED = {"title": "title", "header": "header"}


def write_survey_sheet(ws: Any, plan: SurveySheetPlan, styles: Styles) -> None:
    """Place the Survei sheet's plan on ``ws``."""
    formats: dict[str, Any] = {}

    def fmt(kind: str) -> Any:
        if kind in SHARED:
            return styles[SHARED[kind]]
        if kind not in formats:
            formats[kind] = styles.workbook.add_format({"font_name": "Calibri", **KINDS[kind]})
        return formats[kind]

    layout = plan.layout
    first_row, first_col, last_row, last_col = plan.answer_area
    for col, width in plan.widths.items():
        # the whole column unlocked: the answer area is where a unit pastes (the recap cells have their own,
        # locked, formats)
        ws.set_column(col - 1, col - 1, width, fmt("answer"))
    for (row, col), cell in sorted(plan.cells.items()):
        r, c = row - 1, col - 1
        if cell.formula:
            ws.write_formula(r, c, cell.formula, fmt(cell.kind), cell.value)
        elif cell.kind == "population":
            ws.write_blank(r, c, None, fmt(cell.kind))
            ws.data_validation(r, c, r, c, {
                "validate": "integer", "criteria": ">", "value": 0, "ignore_blank": True,
                "input_title": "Populasi (opsional)",
                "input_message": "Jumlah penerima layanan dalam periode survei; dipakai untuk memeriksa sampel "
                                 "minimum (tabel Krejcie–Morgan).",
                "error_title": "Isian tidak valid", "error_message": "Isi bilangan bulat lebih dari 0.",
                "error_type": "stop"})
        elif cell.kind == "weight":
            ws.write_number(r, c, cell.value, fmt(cell.kind))
        elif isinstance(cell.value, str):
            if (row, col) in plan.spans:  # a line under the title, wrapped across the printed columns
                ws.merge_range(r, c, r, plan.spans[(row, col)] - 1, "", fmt(cell.kind))
            ws.write_string(r, c, cell.value, fmt(cell.kind))  # never write(): text stays text
    for row, height in plan.heights.items():
        ws.set_row(row - 1, height)
    for i, line in enumerate(plan.rows):
        r = layout.first_row - 1 + i
        for c, value in enumerate(line):
            _write_value(ws, r, c, value, fmt)
    ws.data_validation(first_row - 1, first_col - 1, last_row - 1, last_col - 1, {
        "validate": "any", "input_title": "Jawaban responden", "input_message": plan.answer_hint[:255]})
    ws.autofilter(layout.header_row - 1, 0, max(layout.header_row, layout.first_row - 1 + len(plan.rows)) - 1,
                  last_col - 1)
    apply_page(ws, plan.page)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
                    "format_rows": True, "autofilter": True, "sort": True})


def _write_value(ws: Any, r: int, c: int, value: Any, fmt: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        ws.write_string(r, c, value, fmt("answer"))
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt("answer"))
    elif isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value, fmt("answer_date"))
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt("answer_date"))
    else:
        ws.write_number(r, c, float(value), fmt("answer"))
