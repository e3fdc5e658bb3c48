"""Write-back of known values into a unit workbook, without reading it first (the writer under test)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from kinerja_xl.catalog import Catalog
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.plans.results_sheet import result_sheet
from kinerja_xl.render.write_back import write_results as write
from kinerja_xl.unit_layout import unit_layout


def write_results(path: Path, catalog: Catalog, values: dict[InputRef, Decimal], unit: str, *,
                  output: Path | None = None, period: str = "tahunan", force: bool = False) -> Path:
    """*Hasil* of ``values`` into ``path`` (or its copy ``output``), no *Validasi*; raises."""
    layout = unit_layout(catalog, unit, period=period)
    computation = compute(catalog, values, scope={unit}, year=layout.year, period=layout.period)
    return write(path, output or path, result_sheet(layout, computation), None, force=force)
