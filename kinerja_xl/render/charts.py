"""Native Excel charts of the consolidated workbook, built with XlsxWriter from their specs.

The specs (:mod:`kinerja_xl.plans.chart_specs`) name every series by its cell range; here they become
charts, two per row on the *Grafik* sheet, with page breaks every two rows of charts.
"""

from __future__ import annotations

from typing import Any

from ..plans.chart_specs import ChartSpec, Series
from ..text import safe_text

CHART_WIDTH, CHART_HEIGHT = 620, 390
GRID_COLUMNS = 2
ROWS_PER_CHART = 21          # default rows are 20 px: 390 px + a gap
COLUMNS_PER_CHART = 10       # default columns are 64 px
FIRST_CHART_ROW = 2          # 0-based: below the sheet title
CHART_ROWS_PER_PAGE = 2



LABEL_POSITIONS = ("above", "right", "below", "left")


def _series_options(s: Series, label_format: str, line: bool, index: int = 0) -> dict[str, Any]:
    # Ranges as formula text: XlsxWriter writes them verbatim into <c:f> (the sheet name always quoted); a
    # name is text, and XlsxWriter would take one starting with '=' for a reference: safe_text keeps it text.
    opts: dict[str, Any] = {"name": safe_text(s.name), "categories": "=" + s.categories.a1(),
                            "values": "=" + s.values.a1()}
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
    chart.set_title({"name": safe_text(spec.title), "name_font": {"size": 11, "bold": True}})
    chart.set_x_axis({"name": safe_text(spec.x_title), "name_font": {"size": 9, "bold": False},
                      "num_font": {"size": 9}})
    y_axis: dict[str, Any] = {"name": safe_text(spec.y_title), "name_font": {"size": 9, "bold": False},
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
