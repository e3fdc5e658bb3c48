"""A planned report workbook written with XlsxWriter: the consolidated one (:mod:`kinerja_xl.plans.consolidated`)
and the monitoring one (:mod:`kinerja_xl.plans.monitoring`).

XlsxWriter because it is a new file: every formula is stored with its cached value, so viewers that do
not recalculate show the figures. This module only places the plan: styles, row heights for wrapped
text, capaian colour bands, page setup and the native charts (:mod:`.charts`).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from .xlsx import MemoryWorkbook, save
from ..catalog.schema import bands_high_first
from ..cells import a1, vertical_runs
from ..plans.sheet import SheetPlan, WorkbookPlan
from ..plans.formulas import cached, text_literal
from .charts import insert_charts
from ..plans.formats import DECIMAL, INTEGER, RUPIAH
from .styles import HEADER_FILL, SECTION_FILL, Styles


class ReportStyles(Styles):
    """The shared styles plus the report's own (table rows, totals, rupiah, severities)."""

    SPECS: dict[str, dict[str, Any]] = {  # noqa: RUF012 - same declaration as the base class
        **Styles.SPECS,
        "goal_code": {"bold": True, "bg_color": SECTION_FILL, "border": 1, "valign": "top"},
        "goal": {"bold": True, "bg_color": SECTION_FILL, "border": 1, "valign": "top", "text_wrap": True},
        "goal_blank": {"bg_color": SECTION_FILL, "border": 1},
        "sub": {"text_wrap": True, "valign": "top", "border": 1, "indent": 1},
        "component": {"text_wrap": True, "valign": "top", "border": 1, "indent": 2, "font_color": "#404040"},
        "group": {"italic": True, "text_wrap": True, "valign": "top", "border": 1, "indent": 3,
                  "font_color": "#595959"},
        "center": {"align": "center", "valign": "top", "border": 1, "text_wrap": True},
        "pct": {"num_format": DECIMAL, "border": 1, "valign": "top"},
        "pct_bold": {"num_format": DECIMAL, "border": 1, "valign": "top", "bold": True},
        "pct_total": {"num_format": DECIMAL, "bold": True, "font_size": 12, "top": 2, "bottom": 6, "left": 1,
                      "right": 1, "bg_color": SECTION_FILL},
        "total_label": {"bold": True, "font_size": 12, "top": 2, "bottom": 6, "left": 1, "right": 1,
                        "bg_color": SECTION_FILL, "text_wrap": True},
        "sum_label": {"bold": True, "border": 1, "bg_color": SECTION_FILL, "valign": "top", "text_wrap": True},
        "sum_center": {"bold": True, "border": 1, "bg_color": SECTION_FILL, "valign": "top", "align": "center"},
        "sum_rupiah": {"num_format": RUPIAH, "bold": True, "border": 1, "bg_color": SECTION_FILL},
        "sum_pct": {"num_format": DECIMAL, "bold": True, "border": 1, "bg_color": SECTION_FILL},
        "rupiah": {"num_format": RUPIAH, "border": 1, "valign": "top"},
        "integer": {"num_format": INTEGER, "border": 1, "valign": "top"},
        "na": {"align": "center", "valign": "top", "border": 1, "font_color": "#7F7F7F"},
        "predicate": {"align": "center", "valign": "top", "border": 1, "text_wrap": True},
        "galat": {"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE", "border": 1, "valign": "top"},
        "peringatan": {"font_color": "#9C5700", "bg_color": "#FFEB9C", "border": 1, "valign": "top"},
        "info": {"font_color": HEADER_FILL, "border": 1, "valign": "top"},
        "cell_top": {"border": 1, "valign": "top"},
        "status": {"align": "center", "valign": "top", "border": 1, "text_wrap": True},
        "ok": {"font_color": "#006100", "bg_color": "#C6EFCE", "border": 1, "valign": "top", "text_wrap": True},
        "missing": {"italic": True, "font_color": "#7F7F7F", "bg_color": "#F2F2F2", "border": 1,
                    "align": "center", "valign": "top"},
    }

    def number_format(self, code: str) -> Any:
        key = f"num:{code}"
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format({"font_name": "Calibri", "num_format": code, "border": 1,
                                                         "valign": "top"})
        return self._cache[key]


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
            last_row, last_col = insert_charts(workbook, ws, plan.charts)
            _page_setup(ws, sheet, last_row=last_row + 1, last_col=last_col + 1)
        else:
            _page_setup(ws, sheet)
    worksheets[plan.active_sheet or plan.sheets[0].name].activate()


def _write_sheet(ws: Any, sheet: SheetPlan, plan: WorkbookPlan, styles: ReportStyles) -> None:
    for col, width in sheet.widths.items():
        ws.set_column(col - 1, col - 1, width)
    for row, height in {**_fitted_heights(sheet), **sheet.heights}.items():
        ws.set_row(row - 1, height)
    for r1, c1, r2, c2, style in sheet.merges:
        ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "", styles[style])
    for (row, col), e in sorted(sheet.cells.items()):
        fmt = styles.number_format(e.style[4:]) if e.style.startswith("num:") else styles[e.style]
        r, cc = row - 1, col - 1
        if e.kind == "text":
            ws.write_string(r, cc, e.value, fmt)  # never write(); and the sheet makes the text inert
        elif e.kind == "number":
            ws.write_number(r, cc, float(e.value), fmt)
        elif e.kind == "blank":
            ws.write_blank(r, cc, None, fmt)
        else:
            assert e.expr is not None
            ws.write_formula(r, cc, e.formula, fmt, cached(e.value))
    _band_formats(ws, sheet, plan, styles)
    _status_formats(ws, sheet, plan, styles)
    if sheet.autofilter:
        r1, c1, r2, c2 = sheet.autofilter
        ws.autofilter(r1 - 1, c1 - 1, r2 - 1, c2 - 1)
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze[0] - 1, sheet.freeze[1] - 1)
    ws.hide_gridlines(2)


def _wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped text needs in a column ``width`` characters wide (greedy word wrap)."""
    lines, used = 1, 0
    for word in text.split():
        need = len(word) if used == 0 else used + 1 + len(word)
        if need <= width or used == 0:
            used = need
        else:
            lines, used = lines + 1, len(word)
        while used > width:  # a word longer than the column breaks anywhere
            lines, used = lines + 1, used - int(width)
    return lines


def _fitted_heights(sheet: SheetPlan) -> dict[int, float]:
    """Row heights for wrapped text. LibreOffice keeps the default height of rows written without one,
    so wrapped cells would overlap; the estimate is generous (wide fallback fonts fit too)."""
    heights: dict[int, float] = {}
    for (row, col), e in sheet.cells.items():
        spec = ReportStyles.SPECS.get(e.style, {})
        text = e.value if isinstance(e.value, str) else ""
        if not spec.get("text_wrap") or not text:
            continue
        width = 1.1 * sheet.widths.get(col, 8.43) - 2 * spec.get("indent", 0) - (1 if spec.get("bold") else 0)
        size = spec.get("font_size", 11)
        height = _wrapped_lines(text, max(width, 1)) * size * 1.3 + 3
        heights[row] = max(heights.get(row, 15), height)
    return heights


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


def _page_setup(ws: Any, sheet: SheetPlan, last_row: int | None = None, last_col: int | None = None) -> None:
    rows = [r for r, _ in sheet.cells]
    last_row = last_row or (max(rows) if rows else 1)
    last_col = last_col or sheet.last_col
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 1 if sheet.one_page else 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.print_area(0, 0, last_row - 1, last_col - 1)
    if sheet.repeat:
        ws.repeat_rows(sheet.repeat[0] - 1, sheet.repeat[1] - 1)
    left, right = sheet.plan.page_header
    ws.set_header("&L&8" + "&&".join(left.split("&")) + "&R&8" + "&&".join(right.split("&")))
    ws.set_footer("&L&8kinerja_xl · &A&R&8Halaman &P dari &N")
