"""A planned sheet of a new workbook: cells with kinds and style names, homes of figures, page setup.

:class:`SheetPlan` collects the cells of one sheet; :class:`WorkbookPlan` holds the sheets, the *home*
cell of every input, constant and figure (formulas refer to homes), the charts and the document
texts. Formula text is rendered from the engine's expressions once every home is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ..catalog.schema import AchievementBand
from ..cells import CellAddress, a1
from ..compute.engine import Computation
from ..compute.expr import Expr, Ref, ResultRef, Value, evaluate
from ..errors import InternalError
from .chart_specs import ChartSpec, Range, chart_grid_page, settle
from .fit import WRAP, fit_heights, look_of, text_points, text_room, width_for
from .formulas import FormulaRenderer
from .paging import Margins, PageSetup, fit_scale, area_width, plan_pages

#: What a missing earlier realisasi shows.
NA = "n.a"

Kind = Literal["text", "number", "blank", "formula"]
#: Styles of a row that heads what follows it (a title, a table's header, a sasaran): never a page's last row.
HEADING_STYLES = frozenset({"title", "subtitle", "bold", "bold_note", "header", "section", "goal", "goal_code",
                            "goal_blank"})


@dataclass
class Entry:
    """One planned cell: its kind, its style name, its value (text, Decimal, or a formula's Python value)
    and, for a formula, the expression and (once every home is known) the formula text."""

    kind: Kind
    style: str
    value: Any = None
    expr: Expr | None = None
    formula: str = ""
    scope: str = ""  # the computation the expression belongs to (a period of a monitoring workbook)


@dataclass
class Sheet:
    """Cells, sizes and print of one sheet (1-based rows and columns). A sheet of figures is a
    :class:`SheetPlan`; a sheet of texts (an instruction page, a list of findings) is a plain one."""

    name: str
    cells: dict[tuple[int, int], Entry] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    band_cells: list[tuple[int, int]] = field(default_factory=list)
    status_cells: list[tuple[int, int]] = field(default_factory=list)  # a band's label: coloured like it
    freeze: tuple[int, int] | None = None
    repeat: tuple[int, int] | None = None
    autofilter: tuple[int, int, int, int] | None = None
    last_col: int = 1
    one_page: bool = False     # print on a single page (short sheets: no orphaned table titles)
    keep: set[int] = field(default_factory=set)  # rows that must not end a page (besides headings)
    page: PageSetup | None = None
    landscape: bool = True
    links: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # a text cell opening (sheet, A1)

    def _put(self, row: int, col: int, entry: Entry) -> None:
        self.cells[(row, col)] = entry
        self.last_col = max(self.last_col, col)

    def text(self, row: int, col: int, text: str, style: str = "text") -> None:
        self._put(row, col, Entry("text", style, str(text)))

    def number(self, row: int, col: int, value: Decimal | None, style: str = "pct") -> None:
        self._put(row, col, Entry("blank", style) if value is None else Entry("number", style, value))

    def blank(self, row: int, col: int, style: str = "cell") -> None:
        self._put(row, col, Entry("blank", style))

    def widths_from(self, widths: Sequence[float]) -> None:
        self.widths.update(dict(enumerate(widths, start=1)))

    def widen(self, col: int, style: str = "cell_top", most: float | None = None) -> None:
        """Column ``col`` at least as wide as its longest text on one line (a code or key that must not be
        cut off or run into the next column); ``most``: no wider than that (a longer text wraps)."""
        texts = [e.value for (_, c), e in self.cells.items() if c == col and e.kind == "text" and e.style == style]
        width = width_for(texts, look_of(style), self.widths.get(col, 0))
        self.widths[col] = width if most is None else max(min(width, most), self.widths.get(col, 0))

    def header(self, row: int, titles: Sequence[str], height: float = 32) -> None:
        for col, title in enumerate(titles, start=1):
            self.text(row, col, title, "header")
        self.heights[row] = height

    def last_row(self) -> int:
        return max((r for r, _ in self.cells), default=1)

    def heading_rows(self) -> set[int]:
        """Rows holding only headings (titles, table headers, sasaran rows): kept with the next row."""
        rows: dict[int, bool] = {}
        for (row, _), e in self.cells.items():
            heading = e.style.removesuffix(WRAP) in HEADING_STYLES
            rows[row] = rows.get(row, True) and heading
        return {row for row, heading in rows.items() if heading}

    def _wrap_long_lines(self) -> None:
        """A line that does not wrap (a title, a note) but is wider than the print area to its right is
        merged across the area and wrapped, so it is neither cut at the page's edge nor printed over."""
        merged = {(r1, c1) for r1, c1, *_ in self.merges}
        for (row, col), e in self.cells.items():
            look = look_of(e.style)
            if e.kind != "text" or look.wrap or (row, col) in merged or col >= self.last_col:
                continue
            width = sum(self.widths.get(c, 8.43) for c in range(col, self.last_col + 1))
            if text_points(e.value, look) > text_room(width, look):
                e.style += WRAP
                self.merges.append((row, col, row, self.last_col, e.style))

    def fit(self, *, last_row: int | None = None, margins: Margins | None = None,
            header: tuple[str, str] = ("", "")) -> PageSetup:
        """Size every row to its text (:func:`~.fit.fit_heights`; a height the plan set is a minimum) and
        lay the sheet out on A4 (:func:`~.paging.plan_pages`): the plan's last step for the sheet."""
        self._wrap_long_lines()
        spans = {(r1, c1): c2 for r1, c1, r2, c2, _ in self.merges if r1 == r2}
        fitted = fit_heights(((r, c, e.value if e.kind == "text" else "", look_of(e.style))
                              for (r, c), e in self.cells.items()), self.widths, spans)
        for row, height in fitted.items():
            self.heights[row] = max(height, self.heights.get(row, 0))
        area = (1, 1, last_row or self.last_row(), self.last_col)
        margins = margins or Margins()
        if self.one_page:
            height = sum(self.heights.get(r, 15.0) for r in range(1, area[2] + 1))
            scale = fit_scale(area_width(self.widths, 1, self.last_col), self.landscape, margins, height)
            self.page = PageSetup(area, self.landscape, scale, (), self.repeat, margins, header=header)
        else:
            self.page = plan_pages(self.widths, self.heights, area, repeat=self.repeat,
                                   keep=self.heading_rows() | self.keep, landscape=self.landscape,
                                   margins=margins, header=header)
        return self.page


@dataclass
class SheetPlan(Sheet):
    """A sheet of a :class:`WorkbookPlan`: besides texts, computed figures as formulas and their homes."""

    plan: WorkbookPlan = field(kw_only=True, repr=False)

    def home(self, ref: Ref, row: int, col: int, scope: str = "") -> None:
        self.plan.homes_of(scope).setdefault(ref, CellAddress(self.name, row, col))

    def expression(self, row: int, col: int, expr: Expr, value: Value, style: str, band: bool = False,
                   scope: str = "") -> None:
        self._put(row, col, Entry("formula", style, value, expr, scope=scope))
        if band:
            self.band_cells.append((row, col))

    def figure(self, row: int, col: int, ref: ResultRef, style: str = "pct", band: bool = False,
               scope: str = "") -> bool:
        """A computed figure (formula from its expression); blank when the engine has none."""
        figure = self.plan.computation_of(scope).figures.get(ref)
        if figure is None:
            self.blank(row, col, style)
            return False
        self.expression(row, col, figure.expr, figure.value, style, band, scope)
        self.home(ref, row, col, scope)
        return True

    def constant(self, row: int, col: int, ref: ResultRef, style: str = "pct", scope: str = "") -> None:
        """A catalog constant as a number; a missing one ('realisasi' of an earlier year) reads n.a."""
        constants = self.plan.computation_of(scope).constants
        if ref not in constants:
            self.blank(row, col, style)
            return
        value = constants[ref]
        if isinstance(value, Decimal):
            self.number(row, col, value, style)
        else:
            self.text(row, col, NA if value is None else str(value), "na")
        self.home(ref, row, col, scope)

    def field_value(self, row: int, col: int, expr: Expr, style: str, scope: str = "") -> None:
        """An input shown outside the Data sheet: a formula pointing at its Data cell(s)."""
        self.expression(row, col, expr, evaluate(expr, self.plan.computation_of(scope).env), style, scope=scope)


@dataclass
class WorkbookPlan:
    """Every sheet of the workbook, the home cell of every figure, the charts and the document texts."""

    computation: Computation
    sheets: list[SheetPlan] = field(default_factory=list)
    homes: dict[Ref, CellAddress] = field(default_factory=dict)
    charts: list[ChartSpec] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    custom_properties: dict[str, str] = field(default_factory=dict)
    bands: tuple[AchievementBand, ...] = ()
    page_header: tuple[str, str] = ("", "")
    chart_sheet: str = "Grafik"
    active_sheet: str = ""
    #: Further computations by scope (the periods of a monitoring workbook), each with its own homes.
    scopes: dict[str, Computation] = field(default_factory=dict)
    scoped_homes: dict[str, dict[Ref, CellAddress]] = field(default_factory=dict)

    def sheet(self, name: str) -> SheetPlan:
        plan = SheetPlan(name, plan=self)
        self.sheets.append(plan)
        return plan

    def computation_of(self, scope: str) -> Computation:
        return self.computation if not scope else self.scopes[scope]

    def homes_of(self, scope: str) -> dict[Ref, CellAddress]:
        return self.homes if not scope else self.scoped_homes.setdefault(scope, {})

    def resolve(self, ref: Ref, scope: str = "") -> CellAddress | Decimal | str | None:
        homes = self.homes_of(scope)
        if ref in homes:
            return homes[ref]
        constants = self.computation_of(scope).constants
        value = constants.get(ref) if isinstance(ref, ResultRef) else None
        return value if isinstance(value, Decimal) else None

    def formula(self, sheet: str, expr: Expr, scope: str = "") -> str:
        return FormulaRenderer(lambda ref: self.resolve(ref, scope), sheet).formula(expr)

    def values_of(self, cells: Range) -> list[float | None]:
        """The numbers planned in a range (a chart's series), ``None`` where a cell holds none."""
        sheet = next(s for s in self.sheets if s.name == cells.sheet)
        out: list[float | None] = []
        for row, col in cells.cells():
            e = sheet.cells.get((row, col))
            value = e.value if e is not None and e.kind in ("number", "formula") else None
            out.append(float(value) if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool)
                       else None)
        return out

    def lay_out(self) -> None:
        """The plan's last step: charts settled on their values (:func:`~.chart_specs.settle`), every row
        sized to its text and every sheet laid out on A4 (the chart sheet by its grid of charts)."""
        self.charts = [settle(spec, self.values_of) for spec in self.charts]
        for sheet in self.sheets:
            if sheet.name == self.chart_sheet:
                sheet.page = chart_grid_page(len(self.charts), self.page_header)
            else:
                sheet.fit(header=self.page_header)

    def formula_cells(self) -> dict[tuple[str, str], Value]:
        """``{(sheet, 'E7'): python value}`` of every formula cell (what recalculation must give)."""
        return {(s.name, a1(r, c)): e.value for s in self.sheets for (r, c), e in s.cells.items()
                if e.kind == "formula"}

    def finish(self, complete: bool = True) -> None:
        """Render every formula from its expression, now that every home is known. With ``complete`` every
        figure of the main computation must have a home (the consolidated workbook shows each of them); a
        formula that refers to a figure without one cannot be rendered either way (UnresolvedReference)."""
        missing = [ref for ref in self.computation.figures if ref not in self.homes] if complete else []
        if missing:
            raise InternalError(f"figures without a cell in the workbook: {', '.join(map(str, missing))}")
        for sheet in self.sheets:
            for e in sheet.cells.values():
                if e.kind == "formula" and e.expr is not None:
                    e.formula = self.formula(sheet.name, e.expr, e.scope)
