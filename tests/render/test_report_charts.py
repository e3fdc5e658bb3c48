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



def test_the_target_line_does_not_strike_through_a_value_label() -> None:
    """A capaian just above 100 has its label where the dashed 100 % line runs (the printed Gambar 3: "100,39",
    "100,37", "98,31" struck through); a label now lies on a white ground above the line. Measured on the picture:
    in the band of the line's rows, the columns under the middle label hold no red of the line."""
    spec = ChartSpec("kolom", ("SS1.1", "SS1.2", "SS1.3"),
                     (Series("% Capaian", (Decimal("60"), Decimal("97.6"), Decimal("60")), "#1F4E78"),),
                     "% capaian", reference=Decimal("100"), reference_label="Target 100%")
    image = Image.open(io.BytesIO(render_png(spec, width_cm=15.0, height_cm=7.5, dpi=200))).convert("RGB")
    width, height = image.size
    pixels = image.load()

    def red(x: int, y: int) -> bool:
        r, g, b = pixels[x, y]
        return r > 150 and g < 90 and b < 90

    rows = [y for y in range(height) if sum(red(x, y) for x in range(0, width, 2)) > width // 12]
    assert rows, "the reference line is drawn"
    bar = [x for x in range(width) if pixels[x, height // 2] == (0x1F, 0x4E, 0x78)]  # the three bars, halfway up
    runs = [x for i, x in enumerate(bar) if i == 0 or bar[i - 1] != x - 1]
    assert len(runs) == 3
    middle = (runs[1] + max(x for x in bar if x < runs[2])) // 2  # 97,60: its bar ends just below the line
    label_columns = range(middle - 25, middle + 25)  # "97,60" at 7,5 points, 200 dpi: about 55 pixels wide
    assert not [(x, y) for y in rows for x in label_columns if red(x, y)]
    assert [(x, y) for y in rows for x in range(runs[2], runs[2] + 50) if red(x, y)], \
        "away from the labels the line is still drawn"
