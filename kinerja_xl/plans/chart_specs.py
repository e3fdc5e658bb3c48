"""Native charts described as data: series by cell ranges, titles, axes and formats (no spreadsheet library).

Tests check that every series points at the cells holding the right figures; the writer
(:mod:`kinerja_xl.render.charts`) turns each spec into an XlsxWriter chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..cells import range_a1

ChartKind = Literal["column", "bar", "line"]

PRIMARY = "#1F4E78"
SECONDARY = "#9DC3E6"
TARGET_LINE = "#C00000"
PALETTE = ("#1F4E78", "#ED7D31", "#70AD47", "#7030A0", "#FFC000", "#5B9BD5")
HUNDRED = Decimal(100)

@dataclass(frozen=True)
class Range:
    """A rectangular block of cells (1-based, inclusive)."""

    sheet: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def a1(self) -> str:
        """The range as a chart series refers to it (``<c:f>``): ``'Data Grafik'!$C$5:$C$12``."""
        return range_a1(self.sheet, self.first_row, self.first_col, self.last_row, self.last_col)

    def cells(self) -> list[tuple[int, int]]:
        return [(r, c) for r in range(self.first_row, self.last_row + 1)
                for c in range(self.first_col, self.last_col + 1)]


@dataclass(frozen=True)
class Series:
    name: str
    categories: Range
    values: Range
    color: str = PRIMARY
    labels: bool = False
    dashed: bool = False


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    kind: ChartKind
    series: tuple[Series, ...]
    overlay: tuple[Series, ...] = ()      # line series drawn over a column chart (the 100 % line)
    x_title: str = ""
    y_title: str = ""
    y_format: str = "#,##0"
    label_format: str = "#,##0.00"
    y_min: float | None = 0
    legend: bool = True

    def all_series(self) -> tuple[Series, ...]:
        return self.series + self.overlay


@dataclass
class BudgetRanges:
    """Where the Anggaran tables put the figures the budget charts show."""

    unit_codes: Range | None = None
    pagu_awal: Range | None = None
    pagu_akhir: Range | None = None
    spending_names: Range | None = None
    spending_percent: Range | None = None
    goal_codes: Range | None = None
    goal_budget: Range | None = None
    goal_capaian: Range | None = None


