"""What the monitoring workbook shows (:mod:`.monitoring`): the periods, each period's run, the files.

Also the two rules every monitoring sheet shares: which target a period's capaian is measured against,
and the status of a capaian (the label of its ``pita_capaian`` band).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..catalog.schema import PERIODS, bands_high_first, QUARTERS, Catalog, Node, Target
from ..compute.engine import Computation
from ..compute.expr import Cell, Classify, Expr, ResultRef
from ..model import InputValue
from ..problems import Problem
from ..validate.report import FileResult

#: What a period without a single file shows (instead of figures).
MISSING = "tidak ada berkas"


def shown_periods(present: Sequence[str]) -> tuple[str, ...]:
    """The periods a monitoring workbook shows: every quarter up to the latest one with files (so a quarter
    nobody sent is visible as missing), then *tahunan* when it has files. Nothing present: every period."""
    if not present:
        return PERIODS
    quarters = [QUARTERS.index(p) for p in present if p in QUARTERS]
    shown = QUARTERS[: max(quarters) + 1] if quarters else ()
    return (*shown, "tahunan") if "tahunan" in present else shown


@dataclass(frozen=True)
class PeriodRun:
    """One period's consolidation: its computation and the values (with their sources) it used."""

    computation: Computation
    values: Sequence[InputValue]


@dataclass(frozen=True)
class MonitoringData:
    """What the monitoring workbook shows: the periods in order, the run of each period with files, every
    file's outcome and every problem; ``annual`` is the year's computation without inputs (its targets)."""

    catalog: Catalog
    year: int
    periods: tuple[str, ...]
    runs: Mapping[str, PeriodRun]
    files: Sequence[FileResult]
    problems: Sequence[Problem]
    annual: Computation

    def run(self, period: str) -> PeriodRun | None:
        return self.runs.get(period)


def status_expr(catalog: Catalog, ref: ResultRef) -> Expr:
    """The status of a capaian: the label of the catalog band (``pita_capaian``) it falls in."""
    bands = bands_high_first(catalog.achievement_bands)
    return Classify(Cell(ref), tuple((b.minimum, True, None, b.label) for b in bands))


def target_of(data: MonitoringData, node: Node, period: str) -> tuple[str, Target | None]:
    """The target a period's capaian is measured against, as the engine picks it
    (:meth:`~kinerja_xl.catalog.schema.Catalog.measured_target`)."""
    return data.catalog.measured_target(node, data.year, period)
