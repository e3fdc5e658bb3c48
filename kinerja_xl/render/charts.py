"""Native Excel charts of the consolidated workbook (XlsxWriter), described first as data.

A :class:`ChartSpec` names its series by cell ranges, so tests can check that every series points at
the cells holding the right figures. :func:`plan_chart_data` writes the helper tables the charts need
(sheet *Data Grafik*: capaian per indicator and per sasaran with a row of 100s, yearly trends) and
returns the specs; :func:`insert_charts` turns specs into XlsxWriter charts on the *Grafik* sheet.
Every chart text is in Bahasa Indonesia.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from xlsxwriter.utility import quote_sheetname, xl_range_abs

from ..compute.engine import MINISTRY, Computation
from ..compute.expr import ResultRef

if TYPE_CHECKING:
    from .consolidated import SheetPlan

ChartKind = Literal["column", "bar", "line"]

PRIMARY = "#1F4E78"
SECONDARY = "#9DC3E6"
TARGET_LINE = "#C00000"
PALETTE = ("#1F4E78", "#ED7D31", "#70AD47", "#7030A0", "#FFC000", "#5B9BD5")
HUNDRED = Decimal(100)

CHART_WIDTH, CHART_HEIGHT = 620, 390
GRID_COLUMNS = 2
ROWS_PER_CHART = 21          # default rows are 20 px: 390 px + a gap
COLUMNS_PER_CHART = 10       # default columns are 64 px
FIRST_CHART_ROW = 2          # 0-based: below the sheet title
CHART_ROWS_PER_PAGE = 2


@dataclass(frozen=True)
class Range:
    """A rectangular block of cells (1-based, inclusive)."""

    sheet: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def a1(self) -> str:
        """As XlsxWriter writes it in ``<c:f>``: ``'Data Grafik'!$C$5:$C$12``."""
        return f"{quote_sheetname(self.sheet)}!" + xl_range_abs(
            self.first_row - 1, self.first_col - 1, self.last_row - 1, self.last_col - 1)

    def xlsx(self) -> list[Any]:
        return [self.sheet, self.first_row - 1, self.first_col - 1, self.last_row - 1, self.last_col - 1]

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


@dataclass
class _Cursor:
    row: int = 1
    specs: list[ChartSpec] = field(default_factory=list)


def plan_chart_data(sheet: SheetPlan, computation: Computation, budget: BudgetRanges) -> list[ChartSpec]:
    """Fill the helper sheet and return the chart specs, in the order they appear on *Grafik*."""
    catalog, year = computation.catalog, computation.year
    name = sheet.name
    sheet.widths.update({1: 14, 2: 52})
    for col in range(3, 10):
        sheet.widths[col] = 11
    cur = _Cursor()
    sheet.text(cur.row, 1, "Data Grafik", "title")
    sheet.text(cur.row + 1, 1, "Tabel bantu yang dirujuk grafik pada lembar Grafik; angka dihitung dengan rumus "
               "yang sama seperti pada tabel laporan.", "subtitle")
    cur.row += 3

    def block(title: str, headers: list[str]) -> int:
        sheet.text(cur.row, 1, title, "bold")
        for i, h in enumerate(headers, start=1):
            sheet.text(cur.row + 1, i, h, "header")
        first = cur.row + 2
        return first

    def capaian_block(key: str, nodes: list, noun: str, x_title: str) -> None:
        """Capaian per node with a column of 100s drawn as the target line."""
        first = block(f"Capaian kinerja per {noun} tahun {year}",
                      ["Kode", noun.capitalize(), "% Capaian", "Target 100"])
        for i, node in enumerate(nodes):
            r = first + i
            sheet.text(r, 1, node.code, "code")
            sheet.text(r, 2, node.name, "text")
            sheet.figure(r, 3, ResultRef(node.code, "capaian"), "pct", band=True)
            sheet.number(r, 4, HUNDRED, "pct")
        last = first + len(nodes) - 1
        if nodes:
            cats = Range(name, first, 1, last, 1)
            cur.specs.append(ChartSpec(
                key, f"Capaian Kinerja per {noun.title()} Tahun {year} (%)", "column",
                (Series("% Capaian", cats, Range(name, first, 3, last, 3), PRIMARY, labels=True),),
                (Series("Target 100%", cats, Range(name, first, 4, last, 4), TARGET_LINE, dashed=True),),
                x_title=x_title, y_title="% capaian"))
        cur.row = last + 3

    # 1. and 2. Capaian per indicator and per sasaran.
    capaian_block("capaian_indikator", [i for i in catalog.indicators()
                                        if ResultRef(i.code, "capaian") in computation.figures],
                  "indikator", "Indikator kinerja")
    capaian_block("capaian_sasaran", [g for g in catalog.goals if ResultRef(g.code, "capaian") in computation.figures],
                  "sasaran strategis", "Sasaran strategis")

    # 3. Ministry capaian over the years (history from the catalog, then this year's figure).
    years = sorted(y for y in catalog.ministry_history if y < year) + [year]
    sheet.text(cur.row, 1, "Tren capaian kinerja Kementerian", "bold")
    header = cur.row + 1
    sheet.text(header, 1, "Kode", "header")
    sheet.text(header, 2, "Uraian", "header")
    for j, y in enumerate(years):
        sheet.text(header, 3 + j, str(y), "header")
    r = header + 1
    sheet.text(r, 1, MINISTRY, "code")
    sheet.text(r, 2, f"% Capaian kinerja {catalog.ministry}", "text")
    sheet.text(r + 1, 1, "", "code")
    sheet.text(r + 1, 2, "Target 100", "text")
    for j, y in enumerate(years):
        if y == year:
            sheet.figure(r, 3 + j, ResultRef(MINISTRY, "capaian"), "pct", band=True)
        else:
            sheet.number(r, 3 + j, catalog.ministry_history.get(y), "pct")
        sheet.number(r + 1, 3 + j, HUNDRED, "pct")
    last_col = 2 + len(years)
    cats = Range(name, header, 3, header, last_col)
    cur.specs.append(ChartSpec(
        "tren_kementerian", "Tren Capaian Kinerja Kementerian (%)", "column",
        (Series("% Capaian Kementerian", cats, Range(name, r, 3, r, last_col), PRIMARY, labels=True),),
        (Series("Target 100%", cats, Range(name, r + 1, 3, r + 1, last_col), TARGET_LINE, dashed=True),),
        x_title="Tahun", y_title="% capaian"))
    cur.row = r + 4

    # 4. Yearly realisasi of each indicator, one chart per sasaran (n.a years are left blank: gaps).
    for goal in catalog.goals:
        inds = list(goal.children)
        hist_years = sorted({y for ind in inds for y in ind.history if y < year})
        years = hist_years + [year]
        sheet.text(cur.row, 1, f"Tren realisasi indikator {goal.code}", "bold")
        header = cur.row + 1
        sheet.text(header, 1, "Kode", "header")
        sheet.text(header, 2, "Indikator", "header")
        for j, y in enumerate(years):
            sheet.text(header, 3 + j, str(y), "header")
        last_col = 2 + len(years)
        cats = Range(name, header, 3, header, last_col)
        series = []
        for i, ind in enumerate(inds):
            r = header + 1 + i
            sheet.text(r, 1, ind.code, "code")
            sheet.text(r, 2, ind.name, "text")
            for j, y in enumerate(years):
                if y == year:
                    sheet.figure(r, 3 + j, ResultRef(ind.code, "realisasi"), "pct")
                else:
                    sheet.number(r, 3 + j, computation.number(ind.code, f"realisasi_{y}"), "pct")
            series.append(Series(ind.code, cats, Range(name, r, 3, r, last_col), PALETTE[i % len(PALETTE)],
                                 labels=True))
        units = sorted({ind.unit_of_measure for ind in inds})
        if series:
            cur.specs.append(ChartSpec(
                f"tren_{goal.code}", f"Tren Realisasi Indikator {goal.code} {years[0]}–{year}", "line",
                tuple(series), x_title="Tahun", y_title="Realisasi (" + ", ".join(units) + ")",
                y_format="#,##0", y_min=None))
        cur.row = header + len(inds) + 3

    # 5. Budget charts read the Anggaran tables directly.
    if budget.spending_names and budget.spending_percent:
        cur.specs.append(ChartSpec(
            "belanja", f"Realisasi Anggaran per Jenis Belanja Tahun {year} (%)", "column",
            (Series("% Realisasi", budget.spending_names, budget.spending_percent, PRIMARY, labels=True),),
            x_title="Jenis belanja", y_title="% realisasi", legend=False))
    if budget.unit_codes and budget.pagu_awal and budget.pagu_akhir:
        cur.specs.append(ChartSpec(
            "pagu_unit", f"Pagu Anggaran per Unit Eselon I Tahun {year} (Rp triliun)", "column",
            (Series("Pagu awal", budget.unit_codes, budget.pagu_awal, SECONDARY),
             Series("Pagu akhir", budget.unit_codes, budget.pagu_akhir, PRIMARY)),
            x_title="Unit Eselon I", y_title="Rp triliun", y_format="#,##0,,,,", label_format="#,##0.00,,,,"))
    if budget.goal_codes and budget.goal_budget and budget.goal_capaian:
        cur.specs.append(ChartSpec(
            "efisiensi", "Capaian Kinerja dan Realisasi Anggaran per Sasaran (%)", "column",
            (Series("% Capaian kinerja", budget.goal_codes, budget.goal_capaian, PRIMARY, labels=True),
             Series("% Realisasi anggaran", budget.goal_codes, budget.goal_budget, SECONDARY, labels=True)),
            x_title="Sasaran strategis", y_title="%"))
    sheet.last_col = max(sheet.last_col, 9)
    return cur.specs


LABEL_POSITIONS = ("above", "right", "below", "left")


def _series_options(s: Series, label_format: str, line: bool, index: int = 0) -> dict[str, Any]:
    opts: dict[str, Any] = {"name": s.name, "categories": s.categories.xlsx(), "values": s.values.xlsx()}
    if line:
        opts["line"] = {"color": s.color, "width": 2.0 if not s.dashed else 1.5,
                        **({"dash_type": "dash"} if s.dashed else {})}
        if not s.dashed:
            opts["marker"] = {"type": "circle", "size": 6, "border": {"color": s.color}, "fill": {"color": s.color}}
        elif len(s.values.cells()) == 1:  # a one-point line is invisible: mark the level instead
            opts["marker"] = {"type": "dash", "size": 12, "border": {"color": s.color}, "fill": {"color": s.color}}
        else:
            opts["marker"] = {"type": "none"}
    else:
        opts["fill"] = {"color": s.color}
        opts["border"] = {"none": True}
    if s.labels:
        # Alternate label positions so the labels of neighbouring lines do not overprint each other.
        position = LABEL_POSITIONS[index % len(LABEL_POSITIONS)] if line else "outside_end"
        opts["data_labels"] = {"value": True, "num_format": label_format, "font": {"size": 8},
                               "position": position}
    return opts


def build_chart(workbook: Any, spec: ChartSpec) -> Any:
    """One native chart from its spec (a column chart may carry line series on the same axes)."""
    chart = workbook.add_chart({"type": spec.kind})
    for i, s in enumerate(spec.series):
        chart.add_series(_series_options(s, spec.label_format, spec.kind == "line", i))
    if spec.overlay:
        line = workbook.add_chart({"type": "line"})
        for s in spec.overlay:
            line.add_series(_series_options(s, spec.label_format, True))
        chart.combine(line)
    chart.set_title({"name": spec.title, "name_font": {"size": 11, "bold": True}})
    chart.set_x_axis({"name": spec.x_title, "name_font": {"size": 9, "bold": False}, "num_font": {"size": 9}})
    y_axis: dict[str, Any] = {"name": spec.y_title, "name_font": {"size": 9, "bold": False},
                              "num_font": {"size": 9}, "num_format": spec.y_format,
                              "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    if spec.y_min is not None:
        y_axis["min"] = spec.y_min
    chart.set_y_axis(y_axis)
    chart.set_legend({"position": "bottom", "font": {"size": 9}} if spec.legend else {"none": True})
    chart.show_blanks_as("gap")
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart


def chart_anchor(index: int) -> tuple[int, int]:
    """0-based (row, col) of the top-left cell of the index-th chart on the Grafik grid."""
    grid_row, grid_col = divmod(index, GRID_COLUMNS)
    return FIRST_CHART_ROW + grid_row * ROWS_PER_CHART, grid_col * COLUMNS_PER_CHART


def insert_charts(workbook: Any, worksheet: Any, specs: list[ChartSpec]) -> tuple[int, int]:
    """Place the charts two per row; returns the last 0-based (row, col) they cover (for the print area)."""
    last_row = FIRST_CHART_ROW
    for i, spec in enumerate(specs):
        row, col = chart_anchor(i)
        worksheet.insert_chart(row, col, build_chart(workbook, spec), {"x_offset": 8, "y_offset": 4,
                                                                       "object_position": 3})
        last_row = row + ROWS_PER_CHART - 1
    rows = (len(specs) + GRID_COLUMNS - 1) // GRID_COLUMNS
    breaks = [FIRST_CHART_ROW + k * ROWS_PER_CHART for k in range(CHART_ROWS_PER_PAGE, rows, CHART_ROWS_PER_PAGE)]
    if breaks:
        worksheet.set_h_pagebreaks(breaks)
    return last_row, GRID_COLUMNS * COLUMNS_PER_CHART
