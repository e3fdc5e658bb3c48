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


