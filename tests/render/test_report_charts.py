"""The report's chart pictures: PNG at the printed size, reproducible, Indonesian notation on the axis."""

from __future__ import annotations

import io
from decimal import Decimal

from PIL import Image

from kinerja_xl.plans.report import ChartSpec, Series
from kinerja_xl.render.report_charts import _plain, render_png


def test_chart_ticks_use_indonesian_notation() -> None:
    assert [_plain(v) for v in (0.0, 20.0, 0.5, 1250.0)] == ["0", "20", "0,5", "1.250"]


def test_a_chart_is_a_png_of_the_printed_size() -> None:
    spec = ChartSpec("garis", ("2021", "2022", "2023"), (Series("SS4.1", (None, Decimal("90.14"), Decimal("90.33")),
                                                                 "#1F4E78"),), "Realisasi (nilai)")
    png = render_png(spec, width_cm=15.0, height_cm=7.5, dpi=100)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (590, 295)  # 15 x 7,5 cm at 100 dpi
    assert render_png(spec, dpi=100) == render_png(spec, dpi=100)  # no timestamp or version stamp: reproducible

