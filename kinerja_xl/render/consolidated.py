"""The ministry workbook: every figure of the consolidated LKj as a live formula over the unit inputs.

The workbook is planned first (:func:`plan_consolidated`): each sheet is a list of cells, and each
input, catalog constant and computed figure gets one *home* cell. Formulas are then rendered from the
engine's expressions (:mod:`kinerja_xl.render.formulas`) with a resolver that maps every reference to
its home, so a figure shown twice is computed twice by the same expression and recalculation always
gives the Python value. Each formula also carries that value as its cached result, for viewers that do
not recalculate (pandas, calamine, previews).

Sheets, in reading order: Ringkasan (Tabel 3.1), one sheet per sasaran (Tabel 3.3 and 3.4 style),
Anggaran (Tabel 2.2, 3.32, 3.33, Nilai Kinerja Anggaran), Grafik, Data Grafik, Data (every input with
its source cell) and Validasi (the problems of the batch).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import xlsxwriter

from .. import __version__
from ..compute.engine import Computation
from ..compute.expr import Expr, Ref, ResultRef, Value, evaluate
from ..atomic import atomic_write
from ..model import InputValue
from ..problems import Problem
from .charts import ChartSpec, insert_charts, plan_chart_data
from .consolidated_sheets import NA, plan_budget, plan_data, plan_goal, plan_problems, plan_summary
from ..cells import CellAddress, a1, vertical_runs
from .formulas import FormulaRenderer
from .styles import DECIMAL, HEADER_FILL, INTEGER, RUPIAH, SECTION_FILL, Styles
from .template import cached

SHEET_SUMMARY = "Ringkasan"
SHEET_BUDGET = "Anggaran"
SHEET_CHARTS = "Grafik"
SHEET_CHART_DATA = "Data Grafik"
SHEET_DATA = "Data"
SHEET_PROBLEMS = "Validasi"


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
        "center": {"align": "center", "valign": "top", "border": 1},
        "pct": {"num_format": DECIMAL, "border": 1, "valign": "top"},
        "pct_bold": {"num_format": DECIMAL, "border": 1, "valign": "top", "bold": True},
        "pct_total": {"num_format": DECIMAL, "bold": True, "font_size": 12, "top": 2, "bottom": 6, "left": 1,
                      "right": 1, "bg_color": SECTION_FILL},
        "total_label": {"bold": True, "font_size": 12, "top": 2, "bottom": 6, "left": 1, "right": 1,
                        "bg_color": SECTION_FILL, "text_wrap": True},
        "sum_label": {"bold": True, "border": 1, "bg_color": SECTION_FILL, "valign": "top", "text_wrap": True},
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
    }

    def number_format(self, code: str) -> Any:
        key = f"num:{code}"
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format({"font_name": "Calibri", "num_format": code, "border": 1,
                                                         "valign": "top"})
        return self._cache[key]


# -- the plan ------------------------------------------------------------------------------------
Kind = Literal["text", "number", "blank", "formula"]


@dataclass
class Entry:
    kind: Kind
    style: str
    value: Any = None           # text, Decimal, or the formula's Python value
    expr: Expr | None = None


@dataclass
class SheetPlan:
    """Cells and page setup of one sheet (1-based rows and columns)."""

    plan: ConsolidatedPlan
    name: str
    cells: dict[tuple[int, int], Entry] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    band_cells: list[tuple[int, int]] = field(default_factory=list)
    freeze: tuple[int, int] | None = None
    repeat: tuple[int, int] | None = None
    autofilter: tuple[int, int, int, int] | None = None
    last_col: int = 1
    one_page: bool = False     # print on a single page (short sheets: no orphaned table titles)

    def _put(self, row: int, col: int, entry: Entry) -> None:
        self.cells[(row, col)] = entry
        self.last_col = max(self.last_col, col)

    def text(self, row: int, col: int, text: str, style: str = "text") -> None:
        self._put(row, col, Entry("text", style, str(text)))

    def number(self, row: int, col: int, value: Decimal | None, style: str = "pct") -> None:
        self._put(row, col, Entry("blank", style) if value is None else Entry("number", style, value))

    def blank(self, row: int, col: int, style: str = "cell") -> None:
        self._put(row, col, Entry("blank", style))

    def home(self, ref: Ref, row: int, col: int) -> None:
        self.plan.homes.setdefault(ref, CellAddress(self.name, row, col))

    def expression(self, row: int, col: int, expr: Expr, value: Value, style: str, band: bool = False) -> None:
        self._put(row, col, Entry("formula", style, value, expr))
        if band:
            self.band_cells.append((row, col))

    def figure(self, row: int, col: int, ref: ResultRef, style: str = "pct", band: bool = False) -> bool:
        """A computed figure (formula from its expression); blank when the engine has none."""
        figure = self.plan.computation.figures.get(ref)
        if figure is None:
            self.blank(row, col, style)
            return False
        self.expression(row, col, figure.expr, figure.value, style, band)
        self.home(ref, row, col)
        return True

    def constant(self, row: int, col: int, ref: ResultRef, style: str = "pct") -> None:
        """A catalog constant as a number; a missing one ('realisasi' of an earlier year) reads n.a."""
        constants = self.plan.computation.constants
        if ref not in constants:
            self.blank(row, col, style)
            return
        value = constants[ref]
        if isinstance(value, Decimal):
            self.number(row, col, value, style)
        else:
            self.text(row, col, NA if value is None else str(value), "na")
        self.home(ref, row, col)

    def field_value(self, row: int, col: int, expr: Expr, style: str) -> None:
        """An input shown outside the Data sheet: a formula pointing at its Data cell(s)."""
        self.expression(row, col, expr, evaluate(expr, self.plan.computation.env), style)

    def widths_from(self, widths: Sequence[float]) -> None:
        self.widths.update(dict(enumerate(widths, start=1)))

    def header(self, row: int, titles: Sequence[str], height: float = 32) -> None:
        for col, title in enumerate(titles, start=1):
            self.text(row, col, title, "header")
        self.heights[row] = height


@dataclass
class ConsolidatedPlan:
    computation: Computation
    sheets: list[SheetPlan] = field(default_factory=list)
    homes: dict[Ref, CellAddress] = field(default_factory=dict)
    charts: list[ChartSpec] = field(default_factory=list)

    def sheet(self, name: str) -> SheetPlan:
        plan = SheetPlan(self, name)
        self.sheets.append(plan)
        return plan

    def resolve(self, ref: Ref) -> CellAddress | Decimal | str | None:
        if ref in self.homes:
            return self.homes[ref]
        value = self.computation.constants.get(ref) if isinstance(ref, ResultRef) else None
        return value if isinstance(value, Decimal) else None

    def formula(self, sheet: str, expr: Expr) -> str:
        return FormulaRenderer(self.resolve, sheet).formula(expr)

    def formula_cells(self) -> dict[tuple[str, str], Value]:
        """``{(sheet, 'E7'): python value}`` of every formula cell (what recalculation must give)."""
        return {(s.name, a1(r, c)): e.value for s in self.sheets for (r, c), e in s.cells.items()
                if e.kind == "formula"}


def goal_sheet_name(code: str) -> str:
    """``Sasaran SS1``: a plain code like ``SS1`` would read as a cell address in formulas."""
    return re.sub(r"[\[\]:*?/\\']", "-", f"Sasaran {code}")[:31]


def plan_consolidated(computation: Computation, values: Sequence[InputValue],
                      problems: Sequence[Problem]) -> ConsolidatedPlan:
    """Lay out the whole workbook; homes are claimed in dependency-friendly order (inputs first)."""
    plan = ConsolidatedPlan(computation)
    catalog = computation.catalog
    summary = plan.sheet(SHEET_SUMMARY)
    goal_sheets = [plan.sheet(goal_sheet_name(g.code)) for g in catalog.goals]
    budget = plan.sheet(SHEET_BUDGET)
    charts = plan.sheet(SHEET_CHARTS)
    chart_data = plan.sheet(SHEET_CHART_DATA)
    data = plan.sheet(SHEET_DATA)
    validation = plan.sheet(SHEET_PROBLEMS)

    plan_data(data, computation, values)
    for sheet, goal in zip(goal_sheets, catalog.goals, strict=True):
        plan_goal(sheet, computation, goal)
    ranges = plan_budget(budget, computation)
    plan_summary(summary, computation)
    plan.charts = plan_chart_data(chart_data, computation, ranges)
    charts.text(1, 1, f"Grafik Capaian Kinerja dan Anggaran {catalog.ministry} Tahun {computation.year}", "title")
    charts.text(2, 1, f"Angka grafik dirujuk dari lembar {SHEET_CHART_DATA} dan {SHEET_BUDGET}.", "subtitle")
    plan_problems(validation, problems)
    missing = [ref for ref in computation.figures if ref not in plan.homes]
    if missing:  # every figure needs a cell, or formulas that use it could not be rendered
        raise RuntimeError(f"figures without a cell in the workbook: {', '.join(map(str, missing))}")
    return plan


# -- writing -------------------------------------------------------------------------------------
def write_consolidated(computation: Computation, values: Sequence[InputValue], problems: Sequence[Problem],
                       path: str | Path) -> Path:
    """Write the ministry workbook to ``path`` atomically (an old file survives any failure)."""
    plan = plan_consolidated(computation, values, problems)
    path = Path(path)
    with atomic_write(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                                  "strings_to_numbers": False})
        try:
            _write_workbook(workbook, plan)
        finally:
            workbook.close()
    return path


def _write_workbook(workbook: Any, plan: ConsolidatedPlan) -> None:
    c = plan.computation
    catalog = c.catalog
    workbook.set_properties({
        "title": f"Laporan Kinerja {catalog.ministry} Tahun {c.year}",
        "subject": f"Konsolidasi capaian kinerja dan anggaran (SAKIP) tahun {c.year}",
        "author": "kinerja_xl",
        "manager": catalog.ministry,
        "company": catalog.ministry,
        "category": "SAKIP — Laporan Kinerja",
        "keywords": "LKj, SAKIP, capaian kinerja, anggaran, konsolidasi",
        "comments": f"Dibuat oleh kinerja_xl {__version__} dari katalog {catalog.id} "
                    f"(Perjanjian Kinerja {catalog.agreement_version}).",
    })
    workbook.set_custom_property("kinerja_xl.katalog_id", catalog.id)
    workbook.set_custom_property("kinerja_xl.katalog_hash", catalog.content_hash or "-")
    workbook.set_custom_property("kinerja_xl.pembulatan", c.rounding.mode)
    styles = ReportStyles(workbook)
    worksheets = {s.name: workbook.add_worksheet(s.name) for s in plan.sheets}
    for sheet in plan.sheets:
        ws = worksheets[sheet.name]
        _write_sheet(ws, sheet, plan, styles)
        if sheet.name == SHEET_CHARTS:
            last_row, last_col = insert_charts(workbook, ws, plan.charts)
            _page_setup(ws, sheet, last_row=last_row + 1, last_col=last_col + 1)
        else:
            _page_setup(ws, sheet)
    worksheets[SHEET_SUMMARY].activate()


def _write_sheet(ws: Any, sheet: SheetPlan, plan: ConsolidatedPlan, styles: ReportStyles) -> None:
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
            ws.write_string(r, cc, e.value, fmt)  # never write(): text must not turn into a formula
        elif e.kind == "number":
            ws.write_number(r, cc, float(e.value), fmt)
        elif e.kind == "blank":
            ws.write_blank(r, cc, None, fmt)
        else:
            assert e.expr is not None
            ws.write_formula(r, cc, plan.formula(sheet.name, e.expr), fmt, cached(e.value))
    _band_formats(ws, sheet, plan, styles)
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


def _band_formats(ws: Any, sheet: SheetPlan, plan: ConsolidatedPlan, styles: ReportStyles) -> None:
    """Colour capaian cells by the catalog's achievement bands (numbers only: '' stays white)."""
    bands = sorted(plan.computation.catalog.achievement_bands,
                   key=lambda b: b.minimum if b.minimum is not None else Decimal("-Infinity"), reverse=True)
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
    ws.set_header("&L&8" + "&&".join(sheet.plan.computation.catalog.ministry.split("&"))
                  + f"&R&8Laporan Kinerja {sheet.plan.computation.year}")
    ws.set_footer("&L&8kinerja_xl · &A&R&8Halaman &P dari &N")
