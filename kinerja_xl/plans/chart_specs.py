"""Native charts described as data: series by cell ranges, titles, axes and formats (no spreadsheet library).

Tests check that every series points at the cells holding the right figures; the writers
(:mod:`kinerja_xl.render.charts`, and the Excel button for the chart of *Hasil*) turn each spec into a
chart. A chart must not mislead: a bar or column chart starts its value axis at zero (74,38 against 76,68
must not look like a doubling), every chart has a title and both axis titles, and the plan places the data
labels of a line chart so that labels of different series never print over each other (from the values
it knows: :func:`line_label_positions`), and turns the labels of crowded columns upright.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from ..cells import range_a1
from ..errors import InternalError
from .fit import Look, shown_number, text_points
from .paging import Margins, PageSetup, fit_scale

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


#: Where a data label sits beside its point; "" shows no label (its value is in the table beside the chart).
LabelPosition = Literal["above", "below", "right", "left", ""]


@dataclass(frozen=True)
class Series:
    name: str
    categories: Range
    values: Range
    color: str = PRIMARY
    labels: bool = False
    dashed: bool = False
    #: Per point, where its label goes (a line chart's, placed by :func:`line_label_positions`).
    label_positions: tuple[LabelPosition, ...] = ()


@dataclass(frozen=True)
class ChartSpec:
    """One chart. The value axis of a column or bar chart starts at zero, always; a line chart's range is
    the plan's (``y_min``..``y_max``, from :func:`axis_range`), so its labels can be placed."""

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
    y_max: float | None = None
    y_step: float | None = None
    legend: bool = True
    label_size: float = 8
    label_rotation: int = 0               # -90: labels read upwards, one per column (crowded columns)
    gap: int = 150                        # room between groups of columns, in % of a column's width
    reverse: bool = False                 # categories top-down (a bar chart read like the table beside it)
    size: tuple[int, int] = (620, 390)    # pixels at 96 dpi

    def __post_init__(self) -> None:
        if self.kind in ("column", "bar") and self.y_min != 0:
            raise InternalError(f"chart {self.key}: the value axis of a column or bar chart starts at zero")
        if not (self.title and self.x_title and self.y_title):
            raise InternalError(f"chart {self.key}: a chart needs its title and both axis titles")

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




# -- the chart grid of a Grafik sheet -------------------------------------------------------------------
GRID_COLUMNS = 2
ROWS_PER_CHART = 21          # default rows are 20 px: 390 px + a gap
COLUMNS_PER_CHART = 10       # default columns are 64 px
FIRST_CHART_ROW = 2          # 0-based: below the sheet title
CHART_ROWS_PER_PAGE = 2
TITLE_ROWS_HEIGHT = 2 * 15.0 + 6


def chart_anchor(index: int) -> tuple[int, int]:
    """0-based (row, col) of the top-left cell of the index-th chart on the Grafik grid."""
    grid_row, grid_col = divmod(index, GRID_COLUMNS)
    return FIRST_CHART_ROW + grid_row * ROWS_PER_CHART, grid_col * COLUMNS_PER_CHART


def chart_grid_page(count: int, header: tuple[str, str] = ("", ""), margins: Margins | None = None) -> PageSetup:
    """The print of a Grafik sheet: two charts wide and two rows of charts a page, a break between."""
    margins = margins or Margins()
    rows = max(1, (count + GRID_COLUMNS - 1) // GRID_COLUMNS)
    width = GRID_COLUMNS * COLUMNS_PER_CHART * 64 * 0.75
    height = TITLE_ROWS_HEIGHT + min(rows, CHART_ROWS_PER_PAGE) * ROWS_PER_CHART * 15.0
    breaks = tuple(FIRST_CHART_ROW + 1 + k * ROWS_PER_CHART for k in range(CHART_ROWS_PER_PAGE, rows,
                                                                          CHART_ROWS_PER_PAGE))
    last_row = FIRST_CHART_ROW + rows * ROWS_PER_CHART
    return PageSetup((1, 1, last_row, GRID_COLUMNS * COLUMNS_PER_CHART), True, fit_scale(width, True, margins, height),
                     breaks, None, margins, header=header)


# -- axes and labels ------------------------------------------------------------------------------------
MIN_STEP = 0.01


def nice_step(span: float, ticks: int = 5) -> float:
    """A tick step of 1, 2, 2,5 or 5 times a power of ten giving about ``ticks`` steps over ``span``; never
    below 0,01, the last decimal a chart label shows (and a span of almost nothing has no logarithm)."""
    raw = max(span / ticks, MIN_STEP) if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def axis_range(values: Sequence[float]) -> tuple[float, float, float]:
    """A line chart's value axis (lowest, highest, step): whole steps around the values, with room above
    and below for labels; never below zero for values that are not."""
    if not values:
        return 0.0, 100.0, 20.0
    low, high = min(values), max(values)
    pad = 0.2 * (high - low or abs(high) or 1.0)
    step = nice_step(high - low + 2 * pad)
    bottom = math.floor((low - pad) / step) * step
    top = math.ceil((high + pad) / step) * step
    return (max(bottom, 0.0) if low >= 0 else bottom), top, step


#: The plot area of a chart of :attr:`ChartSpec.size`, in points: what is left by the title, the axes with
#: their titles and the legend (estimated generously).
PLOT_MARGINS = (60.0, 20.0, 30.0, 70.0)   # left, right, top, bottom
MARKER = 4.0
SEGMENT_SAMPLES = 16   # points along a line between two values, kept free of labels


def line_label_positions(values: Sequence[Sequence[float | None]], labels: Sequence[Sequence[str]],
                         y_range: tuple[float, float], size: tuple[int, int] = (620, 390),
                         label_size: float = 8) -> list[tuple[LabelPosition, ...]]:
    """Where each point's label goes on a line chart (``values[series][category]``), so that no two labels
    and no label and point overlap: above its point, else below, right or left of it, else none. Points
    are placed from the highest down in each category, so the top line keeps its labels above."""
    width, height = size[0] * 0.75, size[1] * 0.75
    left, right, top, bottom = PLOT_MARGINS
    plot_w, plot_h = width - left - right, height - top - bottom
    low, high = y_range
    categories = max((len(v) for v in values), default=0)
    slot = plot_w / max(categories, 1)

    def y_of(value: float) -> float:
        return plot_h * (value - low) / ((high - low) or 1)

    line = label_size * 1.25
    boxes: list[tuple[float, float, float, float]] = []
    for series in values:  # the points and the lines between them: no label on either
        for j, value in enumerate(series):
            if value is None:
                continue
            x, y = slot * (j + 0.5), y_of(value)
            boxes.append((x - MARKER, y - MARKER, x + MARKER, y + MARKER))
            after = series[j + 1] if j + 1 < len(series) else None
            if after is not None:
                y2 = y_of(after)
                for k in range(1, SEGMENT_SAMPLES):
                    xs, ys = x + slot * k / SEGMENT_SAMPLES, y + (y2 - y) * k / SEGMENT_SAMPLES
                    boxes.append((xs - 1, ys - 1, xs + 1, ys + 1))
    out: list[list[LabelPosition]] = [["" for _ in series] for series in values]
    for j in range(categories):
        points = sorted(((s[j], i) for i, s in enumerate(values) if j < len(s) and s[j] is not None),
                        key=lambda p: -float(p[0] or 0))
        for value, i in points:
            x, y = slot * (j + 0.5), y_of(float(value or 0))
            w = text_points(labels[i][j], Look(size=label_size)) + 2
            candidates: dict[LabelPosition, tuple[float, float, float, float]] = {
                "above": (x - w / 2, y + MARKER + 1, x + w / 2, y + MARKER + 1 + line),
                "below": (x - w / 2, y - MARKER - 1 - line, x + w / 2, y - MARKER - 1),
                "right": (x + MARKER + 2, y - line / 2, x + MARKER + 2 + w, y + line / 2),
                "left": (x - MARKER - 2 - w, y - line / 2, x - MARKER - 2, y + line / 2),
            }
            for position, box in candidates.items():
                inside = box[0] >= 0 and box[2] <= plot_w and box[1] >= -line and box[3] <= plot_h + line
                if inside and not any(_overlap(box, other) for other in boxes):
                    out[i][j] = position
                    boxes.append(box)
                    break
    return [tuple(series) for series in out]


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def upright_labels(labels: Sequence[str], categories: int, series: int, gap: int = 150,
                   size: tuple[int, int] = (620, 390), label_size: float = 8) -> bool:
    """Whether the value labels of a column chart must read upwards: when the widest does not fit over
    its column (side by side with its neighbours' labels)."""
    plot_w = size[0] * 0.75 - PLOT_MARGINS[0] - PLOT_MARGINS[1]
    column = plot_w / max(categories, 1) / (series + gap / 100)
    widest = max((text_points(t, Look(size=label_size)) for t in labels), default=0.0)
    return widest + 2 > (column if series > 1 else column * (1 + gap / 100))


def settle(spec: ChartSpec, values_of: Callable[[Range], list[float | None]]) -> ChartSpec:
    """``spec`` with what only the values decide: a line chart's axis range and the place of each label,
    upright labels over crowded columns. ``values_of`` gives the values a range holds."""
    labelled = [s for s in spec.series if s.labels]
    if spec.kind == "line":
        values = [values_of(s.values) for s in spec.series]
        low, high, step = axis_range([v for series in values for v in series if v is not None])
        texts = [[shown_number(v, spec.label_format) if v is not None else "" for v in series] for series in values]
        positions = line_label_positions(values, texts, (low, high), spec.size, spec.label_size)
        series = tuple(replace(s, label_positions=p) if s.labels else s
                       for s, p in zip(spec.series, positions, strict=True))
        return replace(spec, series=series, y_min=low, y_max=high, y_step=step)
    if spec.kind == "column" and labelled:
        shown = [shown_number(v, spec.label_format) for s in labelled for v in values_of(s.values) if v is not None]
        categories = max(len(s.categories.cells()) for s in spec.series)
        if upright_labels(shown, categories, len(spec.series), spec.gap, spec.size, spec.label_size):
            return replace(spec, label_rotation=-90, gap=min(spec.gap, 60))
    return spec
