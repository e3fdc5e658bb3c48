"""The unit input workbook: layout → computation of any pre-filled values → plan → XlsxWriter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..catalog.schema import Catalog
from ..compute.engine import compute
from ..compute.expr import InputRef
from ..plans.unit_workbook import plan_unit_workbook
from ..reading.survey import tally_rows
from ..unit_layout import SurveyLayout, unit_layout


def survey_counts(layout: SurveyLayout, rows: Sequence[Sequence[Any]]) -> dict[InputRef, Decimal]:
    """The engine's inputs of a survey (answers per unsur and level, respondents) counted from ``rows``."""
    return {ref: value for ref, (value, _) in tally_rows([list(r) for r in rows], layout).inputs().items()}


def write_unit_workbook(
    catalog: Catalog,
    unit: str,
    path: str | Path,
    *,
    year: int | None = None,
    period: str = "tahunan",
    values: Mapping[InputRef, Decimal | int | float | str] | None = None,
    identity: Mapping[str, str | dt.date] | None = None,
    reported: Mapping[str, Decimal | float] | None = None,
    vba_project: Path | None = None,
    buttons: bool = False,
    note: str = "",
    survey_rows: Sequence[Sequence[Any]] = (),
    survey_note: str = "",
) -> Path:
    """Write the input workbook of ``unit``; ``values`` pre-fills inputs (the examples, the benchmark).

    With ``vba_project`` the file is a macro workbook (``.xlsm``) carrying that VBA project; with
    ``buttons`` the full macro variant (Validasi/Hitung buttons, ``xlwings.conf`` sheet); ``note`` is a
    paragraph for the Petunjuk sheet. ``survey_rows`` pre-fill the Survei sheet (one respondent per row, from
    column A), ``survey_note`` is a line on it (e.g. that the answers are synthetic).
    """
    from ..render.template import write_unit_workbook as write

    layout = unit_layout(catalog, unit, year, period)
    numeric = {ref: Decimal(str(v)) for ref, v in (values or {}).items()
               if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)}
    if layout.survey is not None:  # the counts the Survei sheet's formulas make of its rows
        numeric.update(survey_counts(layout.survey, survey_rows))
    computation = compute(catalog, numeric, scope={unit}, year=layout.year, period=layout.period)
    plan = plan_unit_workbook(layout, computation, values=dict(values or {}), identity=identity, reported=reported,
                              note=note, survey_rows=survey_rows, survey_note=survey_note)
    return write(plan, path, vba_project=vba_project, buttons=buttons)
