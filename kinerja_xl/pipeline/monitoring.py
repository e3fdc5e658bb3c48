"""The monitoring of one year, period by period (``kinerja-xl pantau`` and the launcher's *Pemantauan*).

read → pick the year → check the batch per period → consolidate each period with files → plan. Each
period is consolidated exactly as ``konsolidasi --periode`` would (one file per unit and period, units
missing reported), so its figures equal ``hitung --json`` of that period's files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..catalog.schema import Catalog
from ..compute.engine import compute
from ..compute.results import result_tree
from ..errors import MixedYears
from ..model import UnitSubmission
from ..plans.monitoring import plan_monitoring
from ..plans.monitoring_data import MonitoringData, PeriodRun, shown_periods
from ..plans.sheet import WorkbookPlan
from ..validate.report import ValidationReport, report_from_submissions
from .consolidation import Consolidation, consolidate, rounding_policy
from .validation import ReadSettings, read_recorded


def monitoring_year(submissions: Iterable[UnitSubmission], catalog: Catalog, year: int | None = None) -> int:
    """The year the monitoring follows: ``year`` when chosen, else the one year of the readable files
    (:class:`~kinerja_xl.errors.MixedYears` when they have several; the catalog year when none)."""
    if year is not None:
        return year
    years = {s.year for s in submissions if s.readable and s.year is not None}
    if len(years) > 1:
        raise MixedYears(sorted(years))
    return years.pop() if years else catalog.year


def present_periods(submissions: Iterable[UnitSubmission], year: int) -> list[str]:
    return sorted({s.period or "tahunan" for s in submissions if s.readable and s.year == year})


def validate_for_monitoring(paths: Iterable[str | Path], settings: ReadSettings | Catalog, *, jobs: int = 1,
                            max_problems: int = 1000,
                            on_file: Callable[[UnitSubmission], None] | None = None) -> tuple[ValidationReport, int]:
    """Read every file (never stops on a bad one), pick the year (``settings.expected_year``, a filter, else
    the files' one year), then check the batch: a second file for a unit and period, and every catalog unit
    missing from a shown period. Every period of the year is followed (``settings.expected_period`` is not
    used). Returns the report and year."""
    settings = replace(ReadSettings.of(settings), expected_period=None)
    catalog, year = settings.catalog, settings.expected_year
    submissions, session = read_recorded(paths, settings, jobs=jobs, drop_repeats=True, on_file=on_file)
    chosen = monitoring_year([s for s in submissions if not s.skipped], catalog, year)
    periods = shown_periods(present_periods(submissions, chosen))
    report = report_from_submissions(submissions, catalog, max_problems=max_problems, expected_year=chosen,
                                     expected_units=[u.code for u in catalog.units], expected_periods=periods,
                                     extra=session.problems if session is not None else ())
    report.ledger = session
    return report, chosen


@dataclass
class Monitoring:
    """A validated batch of one year and the consolidation of each of its periods with files."""

    report: ValidationReport
    catalog: Catalog
    year: int
    periods: tuple[str, ...]
    runs: dict[str, Consolidation]
    rounding: str | None = None

    def data(self) -> MonitoringData:
        annual = compute(self.catalog, {}, rounding=rounding_policy(self.catalog, self.rounding), year=self.year)
        runs = {p: PeriodRun(c.computation, c.batch.values) for p, c in self.runs.items()}
        return MonitoringData(self.catalog, self.year, self.periods, runs, self.report.files,
                              list(self.report.problems), annual)

    def plan(self) -> WorkbookPlan:
        """The monitoring workbook: every period's figures as live formulas over its inputs."""
        return plan_monitoring(self.data())

    def tree(self) -> dict[str, object]:
        """Every period's figures as nested data (the JSON of ``pantau --json``), missing periods as null."""
        return {"tahun": self.year, "periode": list(self.periods),
                "hasil": {p: result_tree(self.runs[p].computation) if p in self.runs else None
                          for p in self.periods}}


def monitor(report: ValidationReport, catalog: Catalog, *, year: int, rounding: str | None = None) -> Monitoring:
    """Consolidate every period of ``year`` that has a readable file."""
    present = present_periods(report.submissions, year)
    runs = {p: consolidate(report, catalog, year=year, period=p, rounding=rounding) for p in present}
    return Monitoring(report, catalog, year, shown_periods(present), runs, rounding)


def write_monitoring(monitoring: Monitoring, path: str | Path) -> Path:
    """The monitoring workbook written to ``path`` (atomically)."""
    from ..render.consolidated import write_workbook

    return write_workbook(monitoring.plan(), path)
