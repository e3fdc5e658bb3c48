"""Build the bundled example workbooks from the raw figures file (so examples never drift from the template)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


from ..catalog.safe_yaml import load_yaml
from ..catalog.schema import Catalog
from ..compute.expr import InputRef
from ..unit_layout import file_stem
from ..catalog import load_catalog
from ..render.review_sheet import write_reported_template
from ..review.printed import load_reported_yaml
from .templates import write_unit_workbook


@dataclass(frozen=True)
class RawFigures:
    """Raw figures per unit as typed into the workbooks, plus the figures the units report."""

    year: int
    period: str
    values: dict[str, dict[InputRef, Decimal]]
    reported: dict[str, dict[str, Decimal]]
    person_in_charge: str
    submitted: dt.date | None = None
    note: str = ""                                    # for each workbook's Petunjuk (where figures come from)
    synthetic: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per unit: nodes with invented figures

    def all_values(self) -> dict[InputRef, Decimal]:
        return {ref: v for per_unit in self.values.values() for ref, v in per_unit.items()}


def _decimal(value: object) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))


def load_raw_figures(path: str | Path) -> RawFigures:
    """The figures of one period (``periode: tahunan``); see :func:`load_example_figures` for several."""
    return _figures(load_yaml(Path(path).read_text(encoding="utf-8")), {})


def load_example_figures(path: str | Path) -> list[RawFigures]:
    """The figures of one period, or of several (``periode: {TW1: {tanggal, sintetis, unit}, ...}``)."""
    data = load_yaml(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data.get("periode"), dict):
        return [_figures(data, {})]
    return [_figures(data, {**part, "periode": period}) for period, part in data["periode"].items()]


def _figures(data: dict, part: dict) -> RawFigures:
    """Figures of ``data`` (a file) overridden by ``part`` (one of its periods)."""
    data = {**data, **part}
    values = {unit: {InputRef(node, key, unit): _decimal(v) for node, fields in nodes.items()
                     for key, v in fields.items()}
              for unit, nodes in data["unit"].items()}
    reported = {unit: {node: _decimal(v) for node, v in nodes.items()}
                for unit, nodes in (data.get("dilaporkan") or {}).items()}
    submitted = data.get("tanggal")
    synthetic = {unit: tuple(nodes) for unit, nodes in (data.get("sintetis") or {}).items()}
    return RawFigures(int(data["tahun"]), str(data["periode"]), values, reported,
                      str(data.get("penanggung_jawab", "")), submitted if isinstance(submitted, dt.date) else None,
                      str(data.get("catatan", "")).strip(), synthetic)


def example_note(raw: RawFigures, unit: str) -> str:
    """The Petunjuk note of an example workbook: where its figures come from, and which are invented."""
    if not raw.note:
        return ""
    nodes = raw.synthetic.get(unit, ())
    which = (f"Angka sintetis (bukan angka terbitan) pada buku kerja ini: {', '.join(nodes)}." if nodes
             else "Tidak ada angka sintetis pada buku kerja ini.")
    return f"{raw.note} {which}"


def build_examples(catalog: Catalog, raw: RawFigures, outdir: str | Path) -> list[Path]:
    """Write one filled input workbook per unit of the catalog into ``outdir``."""
    outdir = Path(outdir)
    paths = []
    for unit in catalog.units:
        path = outdir / f"{file_stem(catalog, unit.code, raw.year, raw.period)}.xlsx"
        write_unit_workbook(catalog, unit.code, path, year=raw.year, period=raw.period,
                            values=raw.values.get(unit.code, {}),
                            identity={"penanggung_jawab": raw.person_in_charge,
                                      **({"tanggal": raw.submitted} if raw.submitted else {})},
                            reported=raw.reported.get(unit.code, {}), note=example_note(raw, unit.code))
        paths.append(path)
    return paths


# -- the reviewer's workbook of the bundled example --------------------------------------------------
ROOT = Path(__file__).resolve().parents[2]  # the repository of the bundled example
EXAMPLE_CATALOG = ROOT / "templates" / "katalog-kemensos-2023.yaml"
EXAMPLE_SOURCE = ROOT / "workbooks" / "2023" / "sumber" / "dilaporkan-lkj-2023.yaml"
EXAMPLE_TARGET = ROOT / "workbooks" / "2023" / "dilaporkan-2023.xlsx"


def build_reported_example(catalog: Catalog | None = None, source: str | Path = EXAMPLE_SOURCE,
                           target: str | Path = EXAMPLE_TARGET) -> Path:
    """Regenerate ``workbooks/2023/dilaporkan-2023.xlsx`` from the transcription of the printed LKj 2023."""
    catalog = catalog or load_catalog(EXAMPLE_CATALOG)
    return write_reported_template(catalog, target, load_reported_yaml(source, catalog))
