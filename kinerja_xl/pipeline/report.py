"""``laporan``: the Laporan Kinerja draft in Word, from the same consolidation as ``konsolidasi``.

validate → consolidate → (reviu) → plan → write. A unit is in the draft or out of it: the draft is computed
over the workbooks without errors only (a signed document does not mix a unit's checked and unchecked
figures), and the units left out — workbook invalid, unreadable or missing — are named in the document
and their figures print as "–". With no usable workbook at all there is no document, only a message.
python-docx and matplotlib are an extra (``kinerja-xl[laporan]``): :func:`require_writer` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType

from ..catalog.schema import Catalog
from ..errors import MissingExtra, NothingValid, UsageError, describe_error, writing
from ..plans.report import Excluded, Reason, ReportPlan, plan_report
from ..review.compare import ReviewReport
from ..validate.report import ValidationReport
from .batch import Batch
from .consolidation import Consolidation, consolidate

INSTALL = 'pip install "kinerja-xl[laporan]"'


@dataclass(frozen=True)
class ReportDraft:
    """A planned draft: its consolidation, the units it leaves out, the reviu it appends, the plan."""

    consolidation: Consolidation
    excluded: tuple[Excluded, ...]
    review: ReviewReport | None
    plan: ReportPlan


def require_writer() -> ModuleType:
    """The Word writer module; :class:`~kinerja_xl.errors.MissingExtra` (exit 2) when python-docx or
    matplotlib (or one of their own libraries) is not installed."""
    try:
        from ..render import report_docx
    except ImportError as exc:
        missing = exc.name or ""
        if not missing or missing.split(".")[0] == "kinerja_xl":
            raise  # our own import failing is a bug, not a missing extra
        raise MissingExtra(f"draf laporan Word membutuhkan python-docx dan matplotlib ({missing} tidak terpasang). "
                           f"Pasang dengan: {INSTALL}") from exc
    return report_docx


def excluded_units(report: ValidationReport, catalog: Catalog, batch: Batch) -> tuple[Excluded, ...]:
    """The catalog's units with no valid workbook of the batch's year and period (of a locked period: no
    final version), each with the reason:
    an invalid file of the unit, else an unreadable one, else none at all (also a file unreadable before
    its unit could be known)."""
    included = {s.unit for s in report.valid_submissions if (s.year, s.period) == (batch.year, batch.period)}
    if batch.final is not None:  # a locked period: its final set, whatever the folder holds now
        included = {unit for unit, values in batch.final.values.items() if values}
    statuses: dict[str, set[str]] = {}
    for f in report.files:
        if f.unit is not None:
            statuses.setdefault(f.unit, set()).add(f.status)
    out = []
    for unit in catalog.units:
        if unit.code in included:
            continue
        seen = statuses.get(unit.code, set())
        reason: Reason = "tidak-valid" if "invalid" in seen else "tidak-terbaca" if "unreadable" in seen \
            else "tidak-ada"
        out.append(Excluded(unit.code, reason))
    return tuple(out)


def review_draft(catalog: Catalog, reported: str | Path, batch: Batch, *, rounding: str | None = None,
                 layout: str | Path | None = None, tolerance: Decimal = Decimal("0.01")) -> ReviewReport:
    """The reviu of a *Dilaporkan* file against the draft's own data (as ``kinerja-xl reviu`` does)."""
    from ..review import review_files

    try:
        return review_files(catalog, reported, batch.inputs(), layout=layout, tolerance=tolerance,
                            rounding=rounding or catalog.rounding.mode, year=batch.year)
    except OSError as exc:
        raise UsageError(f"berkas Dilaporkan tidak dapat dibaca: {describe_error(exc, reported)}") from exc
    except ValueError as exc:  # the reviu's own errors (worded in Bahasa Indonesia where raised)
        raise UsageError(f"berkas Dilaporkan tidak dapat dipakai: {exc}") from exc


def draft_report(report: ValidationReport, catalog: Catalog, *, year: int | None = None, period: str | None = None,
                 rounding: str | None = None, reported: str | Path | None = None,
                 layout: str | Path | None = None) -> ReportDraft:
    """Consolidate the valid workbooks of one year and period and plan the draft; ``reported`` (a
    *Dilaporkan* file) adds the reviu appendix. :class:`~kinerja_xl.errors.NothingValid` when no workbook
    can be used, :class:`~kinerja_xl.errors.MixedPeriods` as for ``konsolidasi``."""
    consolidation = consolidate(report, catalog, year=year, period=period, rounding=rounding, valid_only=True)
    batch = consolidation.batch
    excluded = excluded_units(report, catalog, batch)
    if len(excluded) == len(catalog.units):
        when = f"tahun {batch.year or year or catalog.year} periode {batch.period}"
        raise NothingValid(f"tidak ada buku kerja unit yang valid untuk {when}: draf laporan tidak ditulis. "
                           "Perbaiki buku kerja yang disebut di atas, lalu jalankan lagi.",
                           max(report.exit_code, 1))
    review = None
    if reported is not None:
        review = review_draft(catalog, reported, batch, rounding=rounding, layout=layout)
    plan = plan_report(consolidation.computation, review=review, excluded=excluded, versions=consolidation.history)
    return ReportDraft(consolidation, excluded, review, plan)


def write_report(draft: ReportDraft, path: str | Path) -> Path:
    """The draft written to ``path`` as Word (atomically: a failed write leaves the old file)."""
    writer = require_writer()
    with writing(path):
        written: Path = writer.write_docx(draft.plan, path)
    return written
