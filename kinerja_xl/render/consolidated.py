"""A planned report workbook written with XlsxWriter: the consolidated one (:mod:`kinerja_xl.plans.consolidated`)
and the monitoring one (:mod:`kinerja_xl.plans.monitoring`).

XlsxWriter because it is a new file: every formula is stored with its cached value, so viewers that do
not recalculate show the figures. This module only places the plan (:mod:`.sheets`: cells, the planned row
heights and print), with its styles, capaian colour bands and native charts (:mod:`.charts`).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from .xlsx import MemoryWorkbook, save
from ..catalog.schema import bands_high_first
from ..cells import a1, vertical_runs
from ..plans.sheet import SheetPlan, WorkbookPlan
from ..plans.formulas import text_literal
from .charts import insert_charts
from .sheets import write_sheet
from ..plans.formats import DECIMAL, INTEGER, RUPIAH
from .styles import HEADER_FILL, SECTION_FILL, Styles


class ReportStyles(Styles):
    """The shared styles plus the report's own (table rows, totals, rupiah, severities)."""

    SPECS: dict[str, dict[str, Any]] = {  # noqa: RUF012 - same declaration as the base class
        **Styles.SPECS,
        "goal_code": {"bg_color": SECTION_FILL, "border": 1, "valign": "top"},
        "goal": {"bg_color": SECTION_FILL, "border": 1, "valign": "top"},
        "goal_blank": {"bg_color": SECTION_FILL, "border": 1},
        "sub": {"valign": "top", "border": 1},
        "component": {"valign": "top", "border": 1, "font_color": "#404040"},
        "group": {"valign": "top", "border": 1, "font_color": "#595959"},
        "center": {"align": "center", "valign": "top", "border": 1},
        "pct": {"num_format": DECIMAL, "border": 1, "valign": "top"},
        "pct_bold": {"num_format": DECIMAL, "border": 1, "valign": "top"},
        "pct_total": {"num_format": DECIMAL, "top": 2, "bottom": 6, "left": 1, "right": 1, "bg_color": SECTION_FILL},
        "total_label": {"top": 2, "bottom": 6, "left": 1, "right": 1, "bg_color": SECTION_FILL},
        "sum_label": {"border": 1, "bg_color": SECTION_FILL, "valign": "top"},
        "sum_center": {"border": 1, "bg_color": SECTION_FILL, "valign": "top", "align": "center"},
        "sum_predicate": {"border": 1, "bg_color": SECTION_FILL, "valign": "top", "align": "center"},
        "total_predicate": {"top": 2, "bottom": 6, "left": 1, "right": 1, "bg_color": SECTION_FILL,
                            "align": "center"},
        "sum_rupiah": {"num_format": RUPIAH, "border": 1, "bg_color": SECTION_FILL},
        "sum_pct": {"num_format": DECIMAL, "border": 1, "bg_color": SECTION_FILL},
        "rupiah": {"num_format": RUPIAH, "border": 1, "valign": "top"},
        "integer": {"num_format": INTEGER, "border": 1, "valign": "top"},
        "na": {"align": "center", "valign": "top", "border": 1, "font_color": "#7F7F7F"},
        "predicate": {"align": "center", "valign": "top", "border": 1},
        "galat": {"font_color": "#9C0006", "bg_color": "#FFC7CE", "border": 1, "valign": "top"},
        "peringatan": {"font_color": "#9C5700", "bg_color": "#FFEB9C", "border": 1, "valign": "top"},
        "info": {"font_color": HEADER_FILL, "border": 1, "valign": "top"},
        "cell_top": {"border": 1, "valign": "top"},
        "status": {"align": "center", "valign": "top", "border": 1},
        "ok": {"font_color": "#006100", "bg_color": "#C6EFCE", "border": 1, "valign": "top"},
        "missing": {"font_color": "#7F7F7F", "bg_color": "#F2F2F2", "border": 1, "align": "center", "valign": "top"},
    }


def write_workbook(plan: WorkbookPlan, path: str | Path) -> Path:
    """Write a planned report workbook to ``path`` atomically (an old file survives any failure)."""
    workbook = MemoryWorkbook()
    _write_sheets(workbook, plan)
    return save(workbook, path)


def _write_sheets(workbook: Any, plan: WorkbookPlan) -> None:
    workbook.set_properties(dict(plan.properties))
    for name, value in plan.custom_properties.items():
        workbook.set_custom_property(name, value)
    styles = ReportStyles(workbook)
    worksheets = {s.name: workbook.add_worksheet(s.name) for s in plan.sheets}
    for sheet in plan.sheets:
        ws = worksheets[sheet.name]
        _write_sheet(ws, sheet, plan, styles)
        if sheet.name == plan.chart_sheet:
            insert_charts(workbook, ws, plan.charts)
    worksheets[plan.active_sheet or plan.sheets[0].name].activate()


def _write_sheet(ws: Any, sheet: SheetPlan, plan: WorkbookPlan, styles: ReportStyles) -> None:
    write_sheet(ws, sheet, styles)
    _band_formats(ws, sheet, plan, styles)
    _status_formats(ws, sheet, plan, styles)


def _band_formats(ws: Any, sheet: SheetPlan, plan: WorkbookPlan, styles: ReportStyles) -> None:
    """Colour capaian cells by the catalog's achievement bands (numbers only: '' stays white)."""
    bands = bands_high_first(plan.bands)
    for col, first, last in vertical_runs(sheet.band_cells):
        cell = a1(first, col)  # formula rules are relative to the top-left cell of the range
        upper: Decimal | None = None
        for band in bands:
            tests = [f"ISNUMBER({cell})"]
            if band.minimum is not None:
                tests.append(f"{cell}>={band.minimum}")
            if upper is not None:
                tests.append(f"{cell}<{upper}")
            ws.conditional_format(first - 1, col - 1, last - 1, col - 1, {
                "type": "formula", "criteria": f"=AND({','.join(tests)})", "format": styles.band(band.color)})
            upper = band.minimum


def _status_formats(ws: Any, sheet: SheetPlan, plan: WorkbookPlan, styles: ReportStyles) -> None:
    """Colour status cells (a band's label, e.g. *Tercapai*) like the band they name."""
    for col, first, last in vertical_runs(sheet.status_cells):
        cell = a1(first, col)
        for band in plan.bands:
            ws.conditional_format(first - 1, col - 1, last - 1, col - 1, {
                "type": "formula", "criteria": f"={cell}={text_literal(band.label)}",
                "format": styles.band(band.color)})
