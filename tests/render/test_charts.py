"""Charts that do not mislead (issue 22): column and bar charts from zero, every chart titled with both
axes, labels of different series apart; in the plans and in the chart parts every writer produces."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import example as hypothesis_example, given
from hypothesis import strategies as st

from kinerja_xl import pipeline
from kinerja_xl.errors import InternalError
from kinerja_xl.plans.chart_specs import (
    MARKER,
    PLOT_MARGINS,
    ChartSpec,
    Range,
    Series,
    axis_range,
    line_label_positions,
    upright_labels,
)
from kinerja_xl.plans.consolidated import plan_consolidated
from kinerja_xl.plans.fit import Look, text_points
from kinerja_xl.render.consolidated import write_workbook
from tests.conftest import ROOT
from tests.support.donors import donor_for, example

CATS = Range("Data Grafik", 1, 3, 1, 6)
VALS = Range("Data Grafik", 2, 3, 2, 6)


# -- the plans -----------------------------------------------------------------------------------------
def test_a_column_or_bar_chart_starts_at_zero_and_every_chart_is_titled():
    series = (Series("Realisasi", CATS, VALS),)
    with pytest.raises(InternalError, match="zero"):
        ChartSpec("k", "Judul", "column", series, x_title="Periode", y_title="%", y_min=72)
    with pytest.raises(InternalError, match="zero"):
        ChartSpec("k", "Judul", "bar", series, x_title="Periode", y_title="%", y_min=None)
    with pytest.raises(InternalError, match="titles"):
        ChartSpec("k", "Judul", "line", series, x_title="", y_title="%")
    assert ChartSpec("k", "Judul", "line", series, x_title="Tahun", y_title="%", y_min=70).y_min == 70


@pytest.fixture(scope="module")
def plans(catalog, computation, raw):
    from tests.render.test_consolidated import input_values

    consolidated = plan_consolidated(computation, input_values(raw.all_values()), [])
    paths, _ = pipeline.collect_inputs([ROOT / "workbooks" / "2023-triwulan"])
    report, year = pipeline.validate_for_monitoring(paths, catalog)
    return {"konsolidasi": consolidated, "pantau": pipeline.monitor(report, catalog, year=year).plan()}


@pytest.mark.parametrize("name", ["konsolidasi", "pantau"])
def test_every_chart_of_a_workbook_is_titled_and_columns_start_at_zero(plans, name):
    specs = plans[name].charts
    assert specs
    for spec in specs:
        assert spec.title and spec.x_title and spec.y_title, spec.key
        if spec.kind in ("column", "bar"):
            assert spec.y_min == 0, spec.key
        else:  # a line chart's range is the plan's, so its labels could be placed
            assert spec.y_min is not None and spec.y_max is not None and spec.y_min < spec.y_max, spec.key
            assert all(s.label_positions for s in spec.series if s.labels), spec.key


def test_the_monitoring_charts_of_each_indicator_start_at_zero(plans):
    """Pantau drew 74,38 against 76,68 from an axis at 72 once: a doubling to the eye."""
    indicator = [s for s in plans["pantau"].charts if s.key.startswith("pantau_SS")]
    assert len(indicator) >= 8 and all(s.kind == "column" and s.y_min == 0 for s in indicator)


def test_crowded_column_labels_read_upwards(plans):
    sasaran = next(s for s in plans["pantau"].charts if s.key == "pantau_sasaran")  # 4 series × 4 periods
    instansi = next(s for s in plans["pantau"].charts if s.key == "pantau_instansi")  # one series
    assert sasaran.label_rotation == -90 and instansi.label_rotation == 0
    assert upright_labels(["104,63"] * 16, 4, 4) and not upright_labels(["104,63"] * 4, 4, 1)


def _boxes(values, positions, labels, y_range, size=(620, 390), label_size=8.0):
    """The label boxes as line_label_positions reckons them (its geometry, repeated to check its result)."""
    width, height = size[0] * 0.75, size[1] * 0.75
    plot_w = width - PLOT_MARGINS[0] - PLOT_MARGINS[1]
    plot_h = height - PLOT_MARGINS[2] - PLOT_MARGINS[3]
    slot = plot_w / max(len(v) for v in values)
    line = label_size * 1.25
    out = []
    for i, series in enumerate(values):
        for j, value in enumerate(series):
            if value is None or not positions[i][j]:
                continue
            x, y = slot * (j + 0.5), plot_h * (value - y_range[0]) / (y_range[1] - y_range[0])
            w = text_points(labels[i][j], Look(size=label_size)) + 2
            out.append({"above": (x - w / 2, y + MARKER + 1, x + w / 2, y + MARKER + 1 + line),
                        "below": (x - w / 2, y - MARKER - 1 - line, x + w / 2, y - MARKER - 1),
                        "right": (x + MARKER + 2, y - line / 2, x + MARKER + 2 + w, y + line / 2),
                        "left": (x - MARKER - 2 - w, y - line / 2, x - MARKER - 2, y + line / 2)}[positions[i][j]])
    return out


@given(st.lists(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=200)), min_size=4, max_size=4),
                min_size=1, max_size=4))
@hypothesis_example([[None, None, 0.0, 5e-324]])  # a span of almost nothing has no logarithm (found in CI)
def test_labels_of_a_line_chart_never_overlap(values):
    """Two series close together (the trend charts of the consolidated workbook) get their labels apart."""
    numbers = [v for series in values for v in series if v is not None]
    low, high, _ = axis_range(numbers) if numbers else (0, 100, 20)
    labels = [[f"{v:.2f}" if v is not None else "" for v in series] for series in values]
    positions = line_label_positions(values, labels, (low, high))
    boxes = _boxes(values, positions, labels, (low, high))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_close_values_of_two_series_get_labels_on_either_side():
    values = [[99.65, 99.74], [99.5, 99.6]]
    positions = line_label_positions(values, [["99,65", "99,74"], ["99,50", "99,60"]], (85, 105))
    assert positions[0] != positions[1] and all(all(p) for p in positions)


def test_axis_ranges_are_whole_steps_around_the_values():
    assert axis_range([99.65, 99.74, 92.29, 91.82, 95.24, 88.67]) == (85, 105, 5)
    low, high, step = axis_range([5])
    assert low <= 5 <= high and low >= 0


# -- the written charts ----------------------------------------------------------------------------------
def chart_parts(data: bytes | Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as z:
        return [z.read(n).decode() for n in sorted(z.namelist()) if re.match(r"xl/charts/chart\d+\.xml$", n)]


def check_chart_xml(xml: str) -> None:
    """Titled, both axes titled, and a bar or column chart's value axis from zero."""
    assert xml.count("<c:title>") >= 3, "a chart title and two axis titles"
    if "<c:barChart>" in xml:
        value_axis = re.search(r"<c:valAx>.*?</c:valAx>", xml, re.S)
        assert value_axis and '<c:min val="0"/>' in value_axis.group(), "value axis from zero"
    # every label that shows a value says it shows nothing else: a part left out is on in LibreOffice for a workbook
    # it (or another application) saved last
    shown = re.findall(r"<c:showVal [^>]*>", xml)
    assert xml.count(VALUE_ONLY) == len(shown) == xml.count("<c:showLegendKey") == xml.count("<c:showCatName"), xml


VALUE_ONLY = ('<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
              '<c:showPercent val="0"/><c:showBubbleSize val="0"/>')


def test_the_written_consolidated_and_monitoring_charts(plans, tmp_path):
    for name, plan in plans.items():
        charts = chart_parts(write_workbook(plan, tmp_path / f"{name}.xlsx"))
        assert len(charts) == len(plan.charts)
        for xml in charts:
            check_chart_xml(xml)


def test_the_hasil_chart_follows_its_plan():
    xml, nrr = chart_parts(donor_for(example("SETJEN")))  # realisasi; the NRR per unsur of its survey
    check_chart_xml(xml)
    assert "Realisasi per indikator / sub indikator" in xml and "Indikator / sub indikator" in xml
    assert "<c:dLbls>" in xml and '<c:orientation val="maxMin"/>' in xml  # labelled, in the table's order
    check_chart_xml(nrr)
    assert "Nilai rata-rata (NRR) per unsur pelayanan" in nrr and "<c:barDir val=\"col\"/>" in nrr
    assert '<c:min val="0"/>' in nrr and '<c:max val="4"/>' in nrr  # the whole 1–4 scale, from zero



@pytest.mark.libreoffice
def test_a_workbook_libreoffice_saved_prints_its_labels_as_values(tmp_path):
    """A unit's workbook kept in LibreOffice (its docProps/app.xml names LibreOffice) printed every label of the
    Hasil chart as "SS1.1.1; Realisasi; 99.35", overlapping one another: LibreOffice takes a label part XlsxWriter
    leaves out as on, for a file another application saved. Resaved by LibreOffice itself, written back by
    ``hitung``, printed by LibreOffice: the labels hold the values alone."""
    import shutil
    import subprocess
    import sys

    from tests.support import libreoffice as lo

    if lo.find_soffice() is None or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) atau poppler (pdftotext) tidak terpasang")
    source = tmp_path / "kinerja-REHSOS-2023-tahunan.xlsx"
    shutil.copy(ROOT / "workbooks" / "2023" / source.name, source)
    [resaved] = lo.recalculate([source], tmp_path / "disimpan-libreoffice")  # saved by LibreOffice itself
    with zipfile.ZipFile(resaved) as z:
        assert b"<Application>LibreOffice" in z.read("docProps/app.xml")
    result = subprocess.run([sys.executable, "-m", "kinerja_xl", "hitung", "--tanpa-buku-besar", str(resaved)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    text = lo.pdf_text(lo.convert_to_pdf(resaved, tmp_path / "pdf"))
    assert "Realisasi per indikator" in text  # the chart is printed
    assert not re.search(r"SS[0-9.]+[a-z.]*; |Realisasi; ", text), text
