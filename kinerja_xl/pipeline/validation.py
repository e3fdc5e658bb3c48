"""Validate a batch of unit workbooks into a :class:`~kinerja_xl.validate.report.ValidationReport`.

:func:`validate_files` never raises: every file is read in its own guard, a batch continues past bad
files, and an unexpected error becomes a ``galat-internal`` problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..atomic import Snapshot
from ..catalog.schema import Catalog
from ..model import UnitSubmission
from ..reading.safety import FileLimits
from ..validate.report import ValidationReport, report_from_submissions
from ..validate.unit import read_unit_workbook
from ..ledger import Sighting
from ..ledger.chain import sha256_hex
from .collector import collector_for_batch
from .ledger import LedgerSettings, Session, note_version, recorded
from .parallel import parallel_map


@dataclass(frozen=True)
class ReadSettings:
    """What every read of the batch shares (sent once to each worker process): the catalog, the file limits,
    the year and period chosen (filters: files of others are passed over) and whether figures are kept
    (``False``: identities and problems only, so a batch's memory stays flat)."""

    catalog: Catalog
    limits: FileLimits | None = None
    expected_year: int | None = None
    expected_period: str | None = None
    figures: bool = True
    #: The ledger every file read is recorded in (``None``: none).
    ledger: LedgerSettings | None = None

    @classmethod
    def of(cls, settings: ReadSettings | Catalog) -> ReadSettings:
        """``settings`` as given, or a catalog's default settings."""
        return settings if isinstance(settings, ReadSettings) else cls(settings)


def read_one(settings: ReadSettings, path: str | Path, snapshot: Snapshot | None = None,
             keep: list[Snapshot] | None = None) -> UnitSubmission:
    """One workbook read and checked (never raises); ``snapshot``: the file as already read; ``keep``: where to
    append the bytes read of a sound workbook."""
    return read_unit_workbook(path, settings.catalog, limits=settings.limits, expected_year=settings.expected_year,
                              expected_period=settings.expected_period, figures=settings.figures, snapshot=snapshot,
                              keep=keep)


def read_noted(settings: ReadSettings, path: str | Path,
               keep: list[Snapshot] | None = None) -> tuple[UnitSubmission, Sighting | None]:
    """One workbook read and checked, with the version it was read from and what the ledger records of it
    (from the bytes validation read; never raises); ``keep``: see :func:`read_one`.

    The figures are kept when asked, or when the ledger needs them for the record of content it does not know
    yet; a file the ledger knows is read for validation alone (its hash is taken as the bytes are read)."""
    read: list[tuple[bytes, str]] = []
    ledger = settings.ledger
    known: dict[str, bool] = {}

    def figures() -> bool:
        if settings.figures or ledger is None:
            return settings.figures
        if not read:
            return True
        sha = read[0][1]
        if sha not in known:
            known[sha] = recorded(ledger, sha)
        return not known[sha]

    submission = read_unit_workbook(path, settings.catalog, limits=settings.limits,
                                    expected_year=settings.expected_year, expected_period=settings.expected_period,
                                    figures=figures, on_content=lambda content: read.append(
                                        (content, sha256_hex(content))), keep=keep)
    content, sha = read[0] if read else (None, None)
    return note_version(submission, content, ledger, settings.catalog, keep_figures=settings.figures, sha=sha,
                        known=known.get(sha or ""))


def read_recorded(paths: Iterable[str | Path], settings: ReadSettings | Catalog, *, jobs: int = 1,
                  drop_repeats: bool = False, on_file: Callable[[UnitSubmission], None] | None = None
                  ) -> tuple[list[UnitSubmission], Session | None]:
    """Read every file (in ``jobs`` worker processes when > 1), in input order, recording each in the ledger
    of ``settings`` (the one place every command and button records what it reads); never raises: a ledger
    that cannot be used is the session's warning.

    ``drop_repeats``: a file for the unit, year and period of an earlier readable one keeps no figures,
    since a consolidation counts only the first (:func:`~.batch.gather`; the repeat is reported by the
    batch checks); so a batch's memory grows with its units and periods, not with its files.
    """
    settings = ReadSettings.of(settings)
    paths = list(paths)
    session = Session.start(settings.ledger, settings.catalog, paths) if settings.ledger is not None else None
    if session is not None:
        settings = replace(settings, ledger=session.reading)
    out: list[UnitSubmission] = []
    seen: set[tuple[str | None, int | None, str | None]] = set()
    with collector_for_batch():
        for submission, sighting in parallel_map(read_noted, paths, settings, jobs=jobs, share=True):
            if session is not None:
                session.note(sighting)
            if drop_repeats and submission.readable and not submission.skipped:
                key = (submission.unit, submission.year, submission.period)
                if key in seen:
                    submission = replace(submission, values=(), reported={}, notes={})
                seen.add(key)
            out.append(submission)
            if on_file:
                on_file(submission)
    return (session.finish(out) if session is not None else out), session


def read_submissions(paths: Iterable[str | Path], settings: ReadSettings | Catalog, *, jobs: int = 1,
                     drop_repeats: bool = False,
                     on_file: Callable[[UnitSubmission], None] | None = None) -> list[UnitSubmission]:
    """:func:`read_recorded` without what the ledger says."""
    return read_recorded(paths, settings, jobs=jobs, drop_repeats=drop_repeats, on_file=on_file)[0]


def validate_files(paths: Iterable[str | Path] | str | Path, settings: ReadSettings | Catalog, *,
                   expected_units: Iterable[str] | None = None, jobs: int = 1, drop_repeats: bool = False,
                   max_problems: int = 1000,
                   on_file: Callable[[UnitSubmission], None] | None = None) -> ValidationReport:
    """Read and check every file with ``settings`` (a catalog alone: its defaults), then the batch; never
    raises.

    ``settings.figures=False`` (validation only) keeps identities and problems but not the figures;
    ``drop_repeats`` (a consolidation) not those of a repeated unit and period (see :func:`read_recorded`).
    With ``settings.ledger`` every file is recorded there, and a file of a locked year and period is checked
    against its final version.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    settings = ReadSettings.of(settings)
    submissions, session = read_recorded(paths, settings, jobs=jobs, drop_repeats=drop_repeats, on_file=on_file)
    report = report_from_submissions(submissions, settings.catalog, max_problems=max_problems,
                                     expected_year=settings.expected_year, expected_period=settings.expected_period,
                                     expected_units=expected_units,
                                     extra=session.problems if session is not None else ())
    report.ledger = session
    return report


def write_validation_sheet(report: ValidationReport, path: str | Path, *, force: bool = False) -> Path:
    """Write (or replace) only the *Validasi* sheet of workbook ``path``: the problems of that file when it
    was validated, else of the whole batch (a new summary workbook). A workbook open in Excel is refused
    (:class:`~kinerja_xl.errors.WorkbookLockedError`) unless ``force``."""
    from ..plans.validation_sheet import plan_validation_sheet
    from ..render.write_back import write_validation_workbook

    problems = report.problems_for_workbook(path)
    read = report.file_identity(path)
    return write_validation_workbook(path, lambda sheets: plan_validation_sheet(problems, sheets=sheets,
                                                                               target=path), force=force, read=read)
