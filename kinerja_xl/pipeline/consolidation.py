"""The consolidation: the units of one year and period added up, planned as the ministry workbook.

validate → gather → compute → plan, the same for ``kinerja-xl konsolidasi`` (and ``hitung --json``,
``ekspor``, ``reviu``) and the Excel launcher's *Konsolidasi* button.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from ..catalog.schema import Catalog, RoundingPolicy
from ..compute.engine import Computation, compute
from ..compute.results import result_tree
from ..ledger.history import ConsolidationHistory
from ..plans.consolidated import plan_consolidated
from ..plans.sheet import WorkbookPlan
from ..validate.report import ValidationReport
from .batch import Batch, gather
from .final import final_lookup
from .history import consolidation_history, record_consolidation


def rounding_policy(catalog: Catalog, mode: str | None) -> RoundingPolicy | None:
    """The catalog's rounding with another mode for this run (``None``: the catalog's own)."""
    return None if mode is None else replace(catalog.rounding, mode=mode)  # type: ignore[arg-type]


@dataclass
class Consolidation:
    """A validated batch of one year and period and its consolidated computation."""

    report: ValidationReport
    batch: Batch
    computation: Computation

    @cached_property
    def history(self) -> ConsolidationHistory:
        """The versions it is computed from, what changed since the previous consolidation (the ledger's)."""
        return consolidation_history(self.report, self.batch, self.computation)

    def plan(self) -> WorkbookPlan:
        """The ministry workbook: every figure a live formula over the units' inputs."""
        return plan_consolidated(self.computation, self.batch.values, list(self.report.problems), self.history)

    def record(self, output: str | Path, command: str) -> str | None:
        """Record in the ledger that ``output`` was computed from these versions; a warning when it cannot."""
        return record_consolidation(self.report, self.batch, self.computation, str(output), command)

    def tree(self) -> dict[str, object]:
        """Every figure as nested data (the JSON of ``--json``)."""
        return result_tree(self.computation)


def consolidate(report: ValidationReport, catalog: Catalog, *, year: int | None = None, period: str | None = None,
                rounding: str | None = None, valid_only: bool = False) -> Consolidation:
    """Gather the values of one year and period (:class:`~kinerja_xl.errors.MixedPeriods` when the files
    mix several and none was chosen) and compute the consolidation; ``valid_only``: over the files without
    errors only (see :func:`~.batch.gather`). A locked year and period is computed from its final set."""
    batch = gather(report, year=year, period=period, valid_only=valid_only, final=final_lookup(report))
    computation = compute(catalog, batch.inputs(), rounding=rounding_policy(catalog, rounding), year=batch.year,
                          period=batch.period)
    return Consolidation(report, batch, computation)


def write_consolidation(consolidation: Consolidation, path: str | Path) -> Path:
    """The ministry workbook of ``consolidation`` written to ``path`` (atomically)."""
    from ..render.consolidated import write_workbook

    return write_workbook(consolidation.plan(), path)
