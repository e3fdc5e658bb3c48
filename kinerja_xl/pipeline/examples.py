"""Build the bundled example workbooks from the raw figures file (so examples never drift from the template)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any


from ..catalog.safe_yaml import load_yaml
from ..catalog.schema import Catalog, respondents_key
from ..compute.engine import compute
from ..compute.expr import InputRef
from ..compute.survey import measure as survey_measure
from ..unit_layout import file_stem, unit_layout
from ..catalog import load_catalog
from ..render.review_sheet import write_reported_template
from ..review.printed import load_reported_yaml
from .survey_example import SurveyExample, SurveyProfile, synthetic_rows
from .templates import survey_counts, write_unit_workbook


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
    surveys: dict[str, SurveyExample] = field(default_factory=dict)      # per unit: its synthetic survey
    survey_profile: SurveyProfile | None = None
    survey_note: str = ""                             # on each Survei sheet: the answers are synthetic
    survey_rows: dict[str, list[list[Any]]] = field(default_factory=dict)  # per unit, once made

    def all_values(self) -> dict[InputRef, Decimal]:
        return {ref: v for per_unit in self.values.values() for ref, v in per_unit.items()}


def _decimal(value: object) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))


def load_raw_figures(path: str | Path, catalog: Catalog | None = None) -> RawFigures:
    """The figures of one period (``periode: tahunan``); see :func:`load_example_figures` for several. With
    ``catalog``, a synthetic survey's answers are made and their counts are among the figures (the raw
    inputs of the engine, as read from the workbooks)."""
    raw = _figures(load_yaml(Path(path).read_text(encoding="utf-8")), {})
    return with_surveys(catalog, raw) if catalog is not None else raw


def load_example_figures(path: str | Path) -> list[RawFigures]:
    """The figures of one period, or of several (``periode: {TW1: {tanggal, sintetis, unit}, ...}``)."""
    data = load_yaml(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data.get("periode"), dict):
        return [_figures(data, {})]
    return [_figures(data, {**part, "periode": period}) for period, part in data["periode"].items()]


def with_surveys(catalog: Catalog, raw: RawFigures) -> RawFigures:
    """``raw`` with each unit's synthetic survey made (:func:`example_survey`) and its counts added to the
    unit's figures."""
    rows = {unit: example_survey(catalog, raw, unit) for unit in raw.surveys}
    values = {unit: dict(figures) for unit, figures in raw.values.items()}
    for unit, lines in rows.items():
        layout = unit_layout(catalog, unit, raw.year, raw.period).survey
        if layout is not None and lines:
            values.setdefault(unit, {}).update(survey_counts(layout, lines))
    return replace(raw, values=values, survey_rows=rows)


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
    survey = data.get("survei") or {}
    surveys = {unit: SurveyExample(_decimal(s["ikm"]), int(s["responden"]), s.get("jawaban") == "kata",
                                   tuple(str(x) for x in s.get("layanan", ())))
               for unit, s in (survey.get("unit") or {}).items()}
    profile = None
    if survey:
        choices = dict(survey.get("profil") or {})
        low, high = choices.pop("usia", (18, 70))
        profile = SurveyProfile(str(survey["benih"]), int(data["tahun"]),
                                {str(k): float(v) for k, v in (survey.get("kecenderungan") or {}).items()},
                                {str(k): tuple(v) for k, v in choices.items()}, (int(low), int(high)))
    return RawFigures(int(data["tahun"]), str(data["periode"]), values, reported,
                      str(data.get("penanggung_jawab", "")), submitted if isinstance(submitted, dt.date) else None,
                      str(data.get("catatan", "")).strip(), synthetic, surveys, profile,
                      str(survey.get("catatan", "")).strip())


def example_note(raw: RawFigures, unit: str) -> str:
    """The Petunjuk note of an example workbook: where its figures come from, and which are invented (a
    synthetic survey says so too)."""
    survey = raw.survey_note if unit in raw.surveys else ""
    if not raw.note:
        return survey
    nodes = raw.synthetic.get(unit, ())
    which = (f"Angka sintetis (bukan angka terbitan) pada buku kerja ini: {', '.join(nodes)}." if nodes
             else "Tidak ada angka sintetis pada buku kerja ini.")
    return " ".join(t for t in (raw.note, which, survey) if t)


def example_survey(catalog: Catalog, raw: RawFigures, unit: str) -> list[list[Any]]:
    """The synthetic respondent rows of ``unit``'s Survei sheet, checked: the engine's IKM and respondents of
    these rows are the printed ones (none without a survey for the unit)."""
    if unit in raw.survey_rows:
        return raw.survey_rows[unit]
    example = raw.surveys.get(unit)
    layout = unit_layout(catalog, unit, raw.year, raw.period).survey
    if example is None or layout is None or raw.survey_profile is None:
        return []
    rows = synthetic_rows(layout, example, raw.survey_profile)
    counts = survey_counts(layout, rows)
    run = compute(catalog, counts, scope={unit}, year=raw.year, period=raw.period)
    ikm = run.shown(layout.node, survey_measure(layout.source.group, "ikm"))
    respondents = counts[InputRef(layout.node, respondents_key(layout.source.group), unit)]
    if ikm != example.ikm or respondents != example.respondents:
        raise ValueError(f"survei sintetis {unit}: IKM {ikm} dan {respondents} responden, seharusnya "
                         f"{example.ikm} dan {example.respondents}")
    return rows


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
                            reported=raw.reported.get(unit.code, {}), note=example_note(raw, unit.code),
                            survey_rows=example_survey(catalog, raw, unit.code), survey_note=raw.survey_note)
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
