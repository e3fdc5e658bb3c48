"""The unit input workbook written with XlsxWriter: Petunjuk, Isian (inputs + live formulas), hidden _meta.

XlsxWriter because it is a new file: it stores each formula's cached value (openpyxl cannot), writes
data validation, protection and print setup, and can embed a VBA project for the ``--makro`` variant.
What the sheets hold is a :class:`~kinerja_xl.plans.unit_workbook.UnitWorkbookPlan`; this writer only
places it (positions from the layout, formulas and texts from the plan).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..cells import a1
from ..catalog.schema import InputField
from ..compute.expr import InputRef
from ..plans.formulas import band_rule
from ..plans.unit_workbook import NumberRule, UnitWorkbookPlan
from ..unit_layout import (
    COL_CAPAIAN,
    COL_CODE,
    COL_IN1,
    COL_KEY,
    COL_NAME,
    COL_NOTE,
    COL_TARGET_HIGH,
    COL_TARGET_LOW,
    HEADER_ROW,
    IDENTITY_FIELDS,
    IDENTITY_FIRST_ROW,
    IDENTITY_INPUTS,
    SHEET_GUIDE,
    SHEET_INPUT,
    SHEET_META,
    SHEET_SURVEY,
    TITLE_ROW,
    Row,
    headers,
)
from .printing import apply_page
from .sheets import write_sheet
from .xlsx import MemoryWorkbook, save
from .styles import Styles
from .survey_sheet import write_survey_sheet

MAX_TEXT = 2000
FORMULA_STYLES = {"text": "formula_text", "integer": "formula_integer", "percent": "formula_percent"}


def write_unit_workbook(plan: UnitWorkbookPlan, path: str | Path, *, vba_project: Path | None = None,
                        buttons: bool = False) -> Path:
    """Write the input workbook of ``plan`` to ``path`` atomically.

    With ``vba_project`` the file is a macro workbook (``.xlsm``) carrying that VBA project.
    With ``buttons`` it is the full macro variant (``.xlsm``): Validasi/Hitung buttons, ``xlwings.conf``
    sheet and, without ``vba_project``, the VBA project built from the installed xlwings.
    """
    path = Path(path)
    workbook = MemoryWorkbook()
    _TemplateWriter(workbook, plan).write()
    if vba_project is not None:
        workbook.add_vba_project(str(vba_project))
    if buttons:
        from .macro_parts import add_macro_parts  # lazy: only the --makro variant needs it
        add_macro_parts(workbook, workbook.get_worksheet_by_name(SHEET_INPUT), path)
    return save(workbook, path)


class _TemplateWriter:
    def __init__(self, workbook: Any, plan: UnitWorkbookPlan):
        self.wb = workbook
        self.p = plan
        self.layout = plan.layout
        self.s = Styles(workbook)

    def write(self) -> None:
        self.wb.set_properties(dict(self.p.properties))
        for name, value in self.p.meta:
            self.wb.set_custom_property(f"kinerja_xl.{name}", str(value))
        guide = self.wb.add_worksheet(SHEET_GUIDE)
        sheet = self.wb.add_worksheet(SHEET_INPUT)
        if self.p.survey is not None:  # only where the catalog declares a survey for the unit and period
            write_survey_sheet(self.wb.add_worksheet(SHEET_SURVEY), self.p.survey, self.s)
        meta = self.wb.add_worksheet(SHEET_META)
        self.write_input_sheet(sheet)
        self.write_guide(guide)
        self.write_meta(meta)
        sheet.activate()

    # -- Isian -----------------------------------------------------------------------------------
    def write_input_sheet(self, ws: Any) -> None:
        s, layout = self.s, self.layout
        for col, width in self.p.widths.items():
            ws.set_column(col - 1, col - 1, width)
        ws.set_column(COL_KEY - 1, COL_KEY - 1, 4, None, {"hidden": True})
        ws.set_column(COL_TARGET_LOW - 1, COL_TARGET_HIGH - 1, 10, None, {"hidden": True})  # range targets' bounds
        for r, height in self.p.heights.items():
            ws.set_row(r - 1, height)
        ws.write_string(TITLE_ROW - 1, 0, self.p.title, s["title"])
        ws.write_string(TITLE_ROW, 0, self.p.subtitle, s["subtitle"])
        for i, (name, _) in enumerate(IDENTITY_FIELDS):
            r = IDENTITY_FIRST_ROW - 1 + i
            ws.write_string(r, COL_NAME - 1, self.p.identity_labels[name], s["node"])
            if name in IDENTITY_INPUTS:
                self.identity_input(ws, r, name)
            else:
                ws.merge_range(r, COL_IN1 - 1, r, COL_IN1 + 2, self.p.identity_values[name], s["formula_text"])
        for col, title in headers(layout.period).items():
            ws.write_string(HEADER_ROW - 1, col - 1, title, s["header"])
        for row in layout.rows:
            self.write_row(ws, row)
        self.conditional_formats(ws)
        ws.freeze_panes(HEADER_ROW, COL_NAME)
        apply_page(ws, self.p.page)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True,
                        "format_columns": True, "format_rows": True})

    def identity_input(self, ws: Any, r: int, name: str) -> None:
        s = self.s
        value = self.p.identity.get(name)
        if name == "tanggal":
            if isinstance(value, (dt.date, dt.datetime)):
                ws.write_datetime(r, COL_IN1 - 1, dt.datetime.combine(value, dt.time()) if not isinstance(
                    value, dt.datetime) else value, s["input_date"])
            else:
                ws.write_blank(r, COL_IN1 - 1, None, s["input_date"])
            ws.data_validation(r, COL_IN1 - 1, r, COL_IN1 - 1, {
                "validate": "date", "criteria": "between",
                "minimum": dt.date(2000, 1, 1), "maximum": dt.date(2100, 12, 31),
                "input_title": "Tanggal penyampaian", "input_message": "Ketik tanggal, mis. 15/01/2024.",
                "error_title": "Tanggal tidak valid", "error_message": "Isi dengan tanggal (hari/bulan/tahun).",
                "error_type": "stop"})
        else:
            ws.merge_range(r, COL_IN1 - 1, r, COL_IN1 + 2, "", s["input_text"])
            if value:
                ws.write_string(r, COL_IN1 - 1, str(value), s["input_text"])
            self.text_validation(ws, r, COL_IN1 - 1, "Penanggung jawab", "Nama dan jabatan penanggung jawab data.")

    def text_validation(self, ws: Any, r: int, c: int, title: str, message: str) -> None:
        ws.data_validation(r, c, r, c, {
            "validate": "length", "criteria": "<=", "value": MAX_TEXT,
            "input_title": title[:32], "input_message": message[:255],
            "error_title": "Teks terlalu panjang", "error_message": f"Maksimal {MAX_TEXT} karakter.",
            "error_type": "stop"})

    def write_row(self, ws: Any, row: Row) -> None:
        s, r = self.s, row.row - 1
        ws.write_string(r, COL_KEY - 1, row.key, s["hidden"])
        if row.kind == "bagian":
            ws.write_string(r, COL_CODE - 1, row.code, s["section"])
            ws.merge_range(r, COL_NAME - 1, r, COL_NOTE - 1, row.text, s["section"])
            return
        style = "node" if row.kind == "simpul" else "text"
        if row.code:
            ws.write_string(r, COL_CODE - 1, row.code, s["code"])
        else:
            ws.write_blank(r, COL_CODE - 1, None, s["code"])
        ws.write_string(r, COL_NAME - 1, row.text if row.kind == "simpul" else "   " + row.text, s[style])
        for col in range(COL_IN1, COL_NOTE + 1):
            if col not in row.labels and col not in row.inputs and col not in row.figures \
                    and col not in row.constants and col not in row.extras and col not in row.texts \
                    and col not in row.mirrors:
                ws.write_blank(r, col - 1, None, s["cell"])
        for col, text in row.texts.items():
            ws.write_string(r, col - 1, text, s["locked_text"])
        for col, note in row.notes.items():
            ws.write_comment(r, col - 1, note, {"author": "kinerja_xl", "x_scale": 2, "y_scale": 0.8})
        for col, label in row.labels.items():
            ws.write_string(r, col - 1, label, s["label"])
        for col, f in row.inputs.items():
            self.write_input(ws, r, col - 1, f, self.p.rules[(row.row, col)])
        for col in row.constants:
            value = self.p.constants.get((row.row, col))
            if value is not None:
                ws.write_number(r, col - 1, float(value), s["locked_number"])
        for col in (*row.figures, *row.mirrors):
            formula = self.p.formulas[(row.row, col)]
            ws.write_formula(r, col - 1, formula.text, s[FORMULA_STYLES[formula.kind]], formula.cached)
        for col, kind in row.extras.items():
            if kind == "dilaporkan":
                value = self.p.reported.get(row.node or "")
                if value is not None:
                    ws.write_number(r, col - 1, float(value), s["input_decimal"])
                else:
                    ws.write_blank(r, col - 1, None, s["input_decimal"])
                ws.data_validation(r, col - 1, r, col - 1, {
                    "validate": "decimal", "criteria": ">=", "value": 0,
                    "input_title": "Realisasi dilaporkan",
                    "input_message": "Opsional: angka realisasi menurut unit, untuk dicocokkan dengan hasil hitung.",
                    "error_title": "Harus angka", "error_message": "Isi dengan angka desimal ≥ 0 (mis. 99,35).",
                    "error_type": "stop"})
            else:
                ws.write_blank(r, col - 1, None, s["input_text"])
                self.text_validation(ws, r, col - 1, "Bukti dukung", "Sebutkan dokumen sumber / tautan bukti dukung.")

    def write_input(self, ws: Any, r: int, c: int, f: InputField, rule: NumberRule) -> None:
        s = self.s
        style = s["input_integer"] if f.kind == "bulat" else s["input_decimal"]
        value = self.p.values.get(InputRef(f.node, f.key, self.layout.unit))
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            ws.write_number(r, c, float(value), style)
        elif isinstance(value, str):
            ws.write_string(r, c, value, style)  # never write(): text must not turn into a formula
        else:
            ws.write_blank(r, c, None, style)
        ws.data_validation(r, c, r, c, number_validation(rule))

    def conditional_formats(self, ws: Any) -> None:
        s, layout = self.s, self.layout
        for row in layout.rows:
            for col, f in row.inputs.items():
                if f.required:
                    cell = a1(row.row, col)
                    ws.conditional_format(cell, {"type": "blanks", "format": s["required_blank"]})
        capaian_rows = [row.row for row in layout.rows if COL_CAPAIAN in row.figures]
        for r in capaian_rows:
            cell = a1(r, COL_CAPAIAN)
            for band in self.p.bands:
                # Formula rules are relative to the top-left cell of the range (here a single cell).
                ws.conditional_format(cell, {"type": "formula", "criteria": "=" + band_rule(cell, band.minimum),
                                             "format": s.band(band.color), "stop_if_true": True})

    # -- Petunjuk ---------------------------------------------------------------------------------
    def write_guide(self, ws: Any) -> None:
        write_sheet(ws, self.p.guide, self.s)
        ws.hide_gridlines(1)  # the grid on screen, as on every input sheet; not on paper
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})

    # -- _meta ------------------------------------------------------------------------------------
    def write_meta(self, ws: Any) -> None:
        ws.write_string(0, 0, "kunci")
        ws.write_string(0, 1, "nilai")
        r = 1
        for name, value in self.p.meta:
            ws.write_string(r, 0, name)
            if isinstance(value, int):
                ws.write_number(r, 1, value)
            else:
                ws.write_string(r, 1, str(value))
            r += 1
        for ref, (address, _) in self.layout.input_cells().items():
            ws.write_string(r, 0, f"isian|{ref.node}|{ref.key}")
            ws.write_string(r, 1, address.a1(absolute=False).split("!")[-1])
            r += 1
        ws.hide()
        ws.protect("")


def number_validation(rule: NumberRule) -> dict[str, Any]:
    """XlsxWriter's form of a number cell's data validation (stop alert in Bahasa Indonesia)."""
    out: dict[str, Any] = {"validate": "integer" if rule.whole else "decimal"}
    if rule.maximum is None:
        out.update({"criteria": ">=", "value": float(rule.minimum)})
    else:
        out.update({"criteria": "between", "minimum": float(rule.minimum), "maximum": float(rule.maximum)})
    out.update({"input_title": rule.title, "input_message": rule.input_message, "error_title": "Isian tidak valid",
                "error_message": rule.error_message, "error_type": "stop", "ignore_blank": True})
    return out
