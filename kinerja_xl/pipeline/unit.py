"""One unit workbook from its validation to its result sheets: the same steps for the CLI and the button.

validate → compute → plan: :func:`unit_results` takes a read submission and its problems and decides,
once, whether a *Hasil* may be written (:func:`~.batch.result_blockers`), which values the formulas see
(no value from a cell with an error; no number typed as text, which Excel's arithmetic leaves out) and
the plans of *Hasil* and *Validasi*. The writers (XlsxWriter + the package splice for files, xlwings in
Excel) only place them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..catalog.schema import Catalog
from ..compute.engine import Computation, compute
from ..model import UnitSubmission
from ..plans.results_sheet import ResultSheet, result_sheet
from ..plans.validation_sheet import ValidationSheetPlan, plan_validation_sheet
from ..problems import Problem
from ..unit_layout import UnitLayout, unit_layout
from .batch import formula_consistent_values, result_blockers, usable_values


@dataclass(frozen=True)
class UnitResults:
    """What one unit workbook gets: its problems, what blocks a *Hasil*, and the computation behind it."""

    submission: UnitSubmission
    problems: tuple[Problem, ...]
    blockers: tuple[Problem, ...]
    layout: UnitLayout | None
    computation: Computation | None

    @property
    def writes_results(self) -> bool:
        """A *Hasil* is written: the workbook is readable, of the template's structure, without errors."""
        return self.computation is not None and not self.blockers

    def result_sheet(self, made_by: str = "kinerja-xl hitung") -> ResultSheet | None:
        if not self.writes_results or self.layout is None or self.computation is None:
            return None
        return result_sheet(self.layout, self.computation, made_by, self.submission.survey)

    def validation_sheet(self, sheets: Sequence[str], *, target: str | Path | None = None, note: str = "",
                         when: dt.datetime | None = None) -> ValidationSheetPlan:
        """The *Validasi* sheet of this workbook; ``sheets`` are its visible sheets (links open them)."""
        return plan_validation_sheet(self.problems, sheets=sheets, target=target, note=note, when=when)


def unit_results(submission: UnitSubmission, problems: Sequence[Problem], catalog: Catalog) -> UnitResults:
    """validate → compute for one readable (or unreadable) submission; ``problems`` are the file's own
    and the batch's about it (the report's ``problems_of(file)``)."""
    problems = tuple(problems)
    blockers = tuple(result_blockers(problems))
    if submission.unit is None:
        return UnitResults(submission, problems, blockers, None, None)
    layout = unit_layout(catalog, submission.unit, submission.year, submission.period or "tahunan")
    values = formula_consistent_values(usable_values(submission, problems), problems)
    computation = compute(catalog, {v.ref: v.value for v in values}, scope={submission.unit}, year=layout.year,
                          period=layout.period)
    return UnitResults(submission, problems, blockers, layout, computation)
