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
from .chart_specs import ChartSpec
from .formulas import FormulaRenderer

#: What a missing earlier realisasi shows.
NA = "n.a"

Kind = Literal["text", "number", "blank", "formula"]


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
class SheetPlan:
    """Cells and page setup of one sheet (1-based rows and columns)."""

    plan: WorkbookPlan
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

    def _put(self, row: int, col: int, entry: Entry) -> None:
        self.cells[(row, col)] = entry
        self.last_col = max(self.last_col, col)

    def text(self, row: int, col: int, text: str, style: str = "text") -> None:
        self._put(row, col, Entry("text", style, str(text)))

    def number(self, row: int, col: int, value: Decimal | None, style: str = "pct") -> None:
        self._put(row, col, Entry("blank", style) if value is None else Entry("number", style, value))

    def blank(self, row: int, col: int, style: str = "cell") -> None:
        self._put(row, col, Entry("blank", style))

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

    def widths_from(self, widths: Sequence[float]) -> None:
        self.widths.update(dict(enumerate(widths, start=1)))

    def header(self, row: int, titles: Sequence[str], height: float = 32) -> None:
        for col, title in enumerate(titles, start=1):
            self.text(row, col, title, "header")
        self.heights[row] = height


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
        plan = SheetPlan(self, name)
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
