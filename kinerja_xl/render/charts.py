"""Native Excel charts, built with XlsxWriter from their specs (:mod:`kinerja_xl.plans.chart_specs`).

The specs name every series by its cell range and say everything else (axis range, label places, upright
labels, size); here they only become charts, placed on the plan's grid of the *Grafik* sheet.
"""

from __future__ import annotations

from typing import Any

from ..plans.chart_specs import ChartSpec, Series, chart_anchor
from ..text import safe_text

#: Label positions by chart kind, as XlsxWriter names them.
OUTSIDE = {"column": "outside_end", "bar": "outside_end"}


def _labels(s: Series, spec: ChartSpec) -> dict[str, Any]:
    font: dict[str, Any] = {"size": spec.label_size, **({"rotation": spec.label_rotation} if spec.label_rotation
                                                        else {})}
    labels: dict[str, Any] = {"value": True, "num_format": spec.label_format, "font": font}
    if spec.kind in OUTSIDE:
        labels["position"] = OUTSIDE[spec.kind]
    elif s.label_positions:  # a line chart: each point where the plan placed it, or no label
        labels["position"] = "above"
        labels["custom"] = [{"delete": True} if not p else {"position": p} for p in s.label_positions]
    return labels


def _series_options(s: Series, spec: ChartSpec, line: bool) -> dict[str, Any]:
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
        opts["gap"] = spec.gap
    if s.labels:
        opts["data_labels"] = _labels(s, spec)
    return opts


#: What a value label shows, each part said explicitly. XlsxWriter writes only the parts that are on (``showVal``);
#: a reader then takes the missing ones from a default, and LibreOffice takes the schema's (on) for a workbook
#: another application saved last: the Hasil chart of a unit's workbook kept in LibreOffice printed "SS1.1.1;
#: Realisasi; 99.35" in every label, overlapping one another. Excel writes all six.
LABEL_PARTS = (("c:showLegendKey", 0), ("c:showVal", 1), ("c:showCatName", 0), ("c:showSerName", 0),
               ("c:showPercent", 0), ("c:showBubbleSize", 0))


def _value_labels_only(chart: Any) -> Any:
    """``chart`` writing its value labels' every part (:data:`LABEL_PARTS`, in the schema's order) where XlsxWriter
    writes ``showVal`` alone: in each series' labels and in each label placed on its own. The labels' options never
    ask for another part (:func:`_labels`), so none is written twice."""
    def write_parts() -> None:
        for name, value in LABEL_PARTS:
            chart._xml_empty_tag(name, [("val", value)])

    chart._write_show_val = write_parts
    return chart


def build_chart(workbook: Any, spec: ChartSpec) -> Any:
    """One native chart from its spec (a column chart may carry line series on the same axes)."""
    chart = _value_labels_only(workbook.add_chart({"type": spec.kind}))
    for s in spec.series:
        chart.add_series(_series_options(s, spec, spec.kind == "line"))
    if spec.overlay:
        line = _value_labels_only(workbook.add_chart({"type": "line"}))
        for s in spec.overlay:
            line.add_series(_series_options(s, spec, True))
        chart.combine(line)
    chart.set_title({"name": safe_text(spec.title), "name_font": {"size": 11, "bold": True}})
    category_axis: dict[str, Any] = {"name": safe_text(spec.x_title), "name_font": {"size": 9, "bold": False},
                                     "num_font": {"size": 9}, **({"reverse": True} if spec.reverse else {})}
    value_axis: dict[str, Any] = {"name": safe_text(spec.y_title), "name_font": {"size": 9, "bold": False},
                                  "num_font": {"size": 9}, "num_format": spec.y_format,
                                  "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    if spec.y_min is not None:
        value_axis["min"] = spec.y_min
    if spec.y_max is not None:
        value_axis["max"] = spec.y_max
    if spec.y_step is not None:
        value_axis["major_unit"] = spec.y_step
    # a bar chart's x axis is its value axis and its y axis the categories (XlsxWriter docs)
    x_axis, y_axis = (value_axis, category_axis) if spec.kind == "bar" else (category_axis, value_axis)
    chart.set_x_axis(x_axis)
    chart.set_y_axis(y_axis)
    chart.set_legend({"position": "bottom", "font": {"size": 9}} if spec.legend else {"none": True})
    chart.show_blanks_as("gap")
    chart.set_size({"width": spec.size[0], "height": spec.size[1]})
    return chart


def insert_charts(workbook: Any, worksheet: Any, specs: list[ChartSpec]) -> None:
    """Place the charts on the plan's grid (two per row); the plan's page setup breaks between them."""
    for i, spec in enumerate(specs):
        row, col = chart_anchor(i)
        worksheet.insert_chart(row, col, build_chart(workbook, spec), {"x_offset": 8, "y_offset": 4,
                                                                       "object_position": 3})
