"""Write-back into a unit workbook with openpyxl: replace *Hasil* (formulas over the Isian inputs, chart)
and *Validasi*, keeping the rest.

openpyxl because the workbook already exists and must keep inputs, styles, validation, protection,
macros and buttons of ``.xlsm`` files (``keep_vba=True``). openpyxl writes formulas without cached
results, so while saving the plan's values go into the formula cells (:mod:`.cached_values`) and Excel
is asked to recalculate on open. The sheets are plans (:mod:`kinerja_xl.plans.results_sheet`,
:mod:`kinerja_xl.plans.validation_sheet`): this writer only places them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..atomic import atomic_write
from ..cells import column_letter
from ..plans.formulas import band_rule
from ..plans.results_sheet import CHART_TITLE, FIRST_ROW, RESULT_COLUMNS, ResultSheet, ResultSheetPlan
from ..plans.validation_sheet import ValidationSheetPlan
from ..unit_layout import COL_CAPAIAN, SHEET_INPUT, SHEET_META, SHEET_RESULT, SHEET_VALIDATION
from .cached_values import save_with_cached_values
from .styles import StyleCopier
from .validation_sheet import fill_validation_sheet, visible_sheets


def write_results(source: str | Path, target: str | Path, result: ResultSheet | None,
                  validation: Callable[[list[str]], ValidationSheetPlan] | None,
                  input_cached: dict[str, object]) -> Path:
    """Replace *Hasil* and *Validasi* of the workbook ``source``, saving it atomically to ``target``
    (the same file, or a copy). With ``result=None`` only *Validasi* is written and an old *Hasil* is
    removed (it would be stale). ``validation(sheets)`` gives the *Validasi* plan once the workbook's
    visible sheets are known (``None``: no *Validasi*); ``input_cached`` restores the cached values of
    the Isian sheet's live formulas, which openpyxl drops on load."""
    from openpyxl import load_workbook

    source, target = Path(source), Path(target)
    workbook = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm", keep_links=True)
    for name in (SHEET_RESULT, SHEET_VALIDATION):
        if name in workbook.sheetnames:
            del workbook[name]
    cache: dict[str, dict[str, object]] = {SHEET_INPUT: input_cached}
    if result is not None:
        sheet = workbook.create_sheet(SHEET_RESULT, index=_position(workbook))
        _write_sheet(sheet, result)
        _add_chart(sheet, result.plan)
        cache[SHEET_RESULT] = result.cached
    if validation is not None:
        fill_validation_sheet(workbook, validation(visible_sheets(workbook)))
    workbook.calculation.fullCalcOnLoad = True  # Excel recalculates every formula when opening the file
    with atomic_write(target) as tmp:
        save_with_cached_values(workbook, tmp, cache)
    return target


def _position(workbook: Any) -> int:
    names = workbook.sheetnames
    return names.index(SHEET_META) if SHEET_META in names else len(names)


@functools.cache
def _looks() -> dict[str, dict[str, Any]]:
    """The look of each planned kind on the Hasil sheet, built once per process (openpyxl style objects
    are values, safe to share); :class:`~.styles.StyleCopier` applies them. A kind without a look keeps
    the default style."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = Alignment(wrap_text=True, vertical="top")
    formula = PatternFill("solid", fgColor="DDEBF7")
    text = dict(border=border, alignment=top)
    return {
        "header": dict(font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F4E78"),
                       alignment=Alignment(wrap_text=True, horizontal="center", vertical="center"), border=border),
        "section": dict(font=Font(bold=True), fill=PatternFill("solid", fgColor="D9E1F2"), border=border,
                        alignment=top),
        "code": text,
        "text": text,
        "node": dict(font=Font(bold=True), border=border, alignment=top),
        "number": dict(border=border, number_format="0.00"),
        "target_text": dict(border=border, alignment=Alignment(horizontal="right", vertical="top")),
        "formula": dict(fill=formula, border=border, number_format="0.00"),
        "formula_rp": dict(fill=formula, border=border, number_format="#,##0"),
        "chart_title": dict(font=Font(bold=True)),
        "chart_ref": dict(number_format="0.00"),
    }


def _write_sheet(ws: Any, result: ResultSheet) -> None:
    from openpyxl.styles import Font

    plan = result.plan
    ws["A1"] = result.title
    ws["A1"].font = Font(bold=True, size=14, color="1F4E78")
    ws["A2"] = result.subtitle
    ws["A2"].font = Font(italic=True, color="595959")
    for i, width in enumerate(plan.widths, start=1):
        ws.column_dimensions[column_letter(i)].width = width
    looks = _looks()
    style = StyleCopier(looks)
    for entry in plan.entries:
        style(ws.cell(row=entry.row, column=entry.col, value=entry.value), entry.kind if entry.kind in looks else None)
    for row, height in plan.heights.items():
        ws.row_dimensions[row].height = height
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"
    _capaian_bands(ws, plan, result.bands)
    ws.protection.sheet = True  # results are formulas: protect against accidental edits (no password)


def _capaian_bands(ws: Any, plan: ResultSheetPlan, bands: tuple[Any, ...]) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    col = RESULT_COLUMNS[COL_CAPAIAN]
    rows = [row for row, lrow in plan.rows if COL_CAPAIAN in lrow.figures]
    if not rows:
        return
    letter = column_letter(col)
    area = f"{letter}{FIRST_ROW}:{letter}{plan.rows[-1][0]}"
    top = f"{letter}{FIRST_ROW}"  # conditional-format formulas are relative to the range's top-left cell
    for band in bands:
        ws.conditional_formatting.add(area, FormulaRule(formula=[band_rule(top, band.minimum)], stopIfTrue=True,
                                                        fill=PatternFill("solid", bgColor=band.color)))


def _add_chart(ws: Any, plan: ResultSheetPlan) -> None:
    """A native bar chart of the unit's realisasi per indicator / sub-indicator, below the table.

    Its data is the plan's block of references (``=C12``) to the node rows only, so month or group
    rows between them do not become bars; those reference cells carry cached values like the rest.
    """
    from openpyxl.chart import BarChart, Reference

    if not plan.chart_rows:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = CHART_TITLE
    chart.y_axis.title = "Realisasi"
    chart.x_axis.delete = False  # openpyxl hides axes unless told otherwise
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # first code at the top, as in the table
    chart.legend = None
    chart.height = max(7.5, 0.55 * len(plan.chart_rows) + 2)
    chart.width = 24
    first, last = plan.chart_rows[0][0], plan.chart_rows[-1][0]
    chart.add_data(Reference(ws, min_col=3, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    ws.add_chart(chart, f"B{last + 2}")
