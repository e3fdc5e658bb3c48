"""The *Validasi* sheet written with openpyxl into an existing workbook (``validasi --tulis-lembar``).

The sheet itself is a :class:`~kinerja_xl.plans.validation_sheet.ValidationSheetPlan`; this writer only
places it. Every text goes through :func:`~kinerja_xl.text.safe_text` and is stored as a string cell.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..cells import a1, column_letter, quote_sheet
from ..plans.validation_sheet import ValidationSheetPlan
from ..problems import SEVERITY_FILLS
from ..text import safe_text
from ..unit_layout import SHEET_INPUT, SHEET_VALIDATION
from .styles import StyleCopier


@functools.cache
def _looks() -> dict[str, dict[str, Any]]:
    """Style parts of the sheet, built once per process (openpyxl style objects are values)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    wrap = Alignment(wrap_text=True, vertical="top")
    looks: dict[str, dict[str, Any]] = {
        "title": {"font": Font(bold=True, size=14)},
        "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="D9D9D9")},
        "cell": {"alignment": wrap},
        "link": {"alignment": wrap, "font": Font(color="0563C1", underline="single")},
    }
    for severity, color in SEVERITY_FILLS.items():
        looks[severity] = {"alignment": wrap, "fill": PatternFill("solid", fgColor=color)}
    return looks


def fill_validation_sheet(wb: Any, plan: ValidationSheetPlan) -> Any:
    """Replace the 'Validasi' sheet of an open openpyxl workbook (after 'Isian') with ``plan``."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    if SHEET_VALIDATION in wb.sheetnames:
        index = wb.sheetnames.index(SHEET_VALIDATION)
        wb.remove(wb[SHEET_VALIDATION])
    else:
        index = wb.sheetnames.index(SHEET_INPUT) + 1 if SHEET_INPUT in wb.sheetnames else len(wb.sheetnames)
    ws = wb.create_sheet(SHEET_VALIDATION, index)
    style = StyleCopier(_looks())
    style(ws.cell(1, 1, plan.title), "title")
    ws["A2"] = safe_text(plan.summary)
    head = plan.header_row
    for col, (title, width) in enumerate(zip(plan.headers, plan.widths, strict=True), start=1):
        style(ws.cell(head, col, title), "header")
        ws.column_dimensions[column_letter(col)].width = width
    if not plan.rows:
        ws.cell(head + 1, 1, plan.empty_text)
    for r, row in enumerate(plan.rows, start=head + 1):
        for col, value in enumerate(row.values, start=1):
            look = row.severity if col == plan.severity_column else \
                "link" if col == plan.link_column and row.link else "cell"
            style(ws.cell(r, col, safe_text(value) if isinstance(value, str) else value), look)
        if row.link:
            sheet, cell = row.link
            link = ws.cell(r, plan.link_column)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheet(sheet)}!{cell}", display=cell)
    ws.freeze_panes = ws.cell(head + 1, 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head}:{head}"
    if plan.rows:
        ws.auto_filter.ref = f"A{head}:{a1(plan.last_row, len(plan.headers))}"
    return ws


def visible_sheets(wb: Any) -> list[str]:
    """The sheets of an open openpyxl workbook a link can open (not hidden ones such as ``_meta``)."""
    return [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]


def write_validation_workbook(path: str | Path, plan_for: Any) -> Path:
    """Write (or replace) only the 'Validasi' sheet of workbook ``path``, atomically; a missing ``path``
    becomes a new workbook. ``plan_for(sheets)`` makes the plan once the workbook's visible sheets are known."""
    from openpyxl import Workbook, load_workbook

    target = Path(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if target.exists():
            wb = load_workbook(target, keep_vba=target.suffix.lower() == ".xlsm")
        else:
            wb = Workbook()
            wb.remove(wb.active)
    fill_validation_sheet(wb, plan_for(visible_sheets(wb)))
    with atomic_write(target) as tmp:
        wb.save(tmp)
    return target
