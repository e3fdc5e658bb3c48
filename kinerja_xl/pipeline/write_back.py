"""Write-back: *Hasil* and *Validasi* into every readable unit workbook of a batch (or into copies).

:func:`validate_and_write` (``hitung``) reads each file once: the bytes it validates are the bytes it splices, and
a file is written as soon as it and the files before it are read (its *Validasi* lists the batch's problems about
it, which only earlier files can cause), so neither figures nor files pile up in memory. :func:`write_back` writes
the files of a report already made. Each file is a :class:`WriteBackTask`; the tasks run in this process or in
worker processes (the catalog sent once per worker), and the result sheets come from the batch's templates
(:class:`~kinerja_xl.render.donor_templates.ResultTemplates`: the same bytes as a donor per file). One file's
failure never stops the batch: it is reported, and its workbook is left as it was (the writer replaces files
atomically). A workbook open in Excel or LibreOffice is skipped unless the task forces it; a workbook that is
inconsistent to begin with is refused, never repaired (:mod:`kinerja_xl.package`).
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog.schema import Catalog
from ..atomic import Snapshot, StagedFile, inside
from ..errors import FileChangedError, InternalError, KinerjaXlError, OutputClash, OutputRefused, WorkbookLockedError, \
    describe_os_error
from ..model import UnitSubmission
from ..reading.reader import ESCAPING
from ..problems import Problem, sort_key
from ..validate.checks import BatchChecks
from ..validate.report import ValidationReport, file_status, report_from_submissions
from .collector import collector_for_batch
from .parallel import parallel_map, parallel_stream
from .ledger import Session
from .validation import ReadSettings, read_noted, read_one

if TYPE_CHECKING:
    from ..render.donor_templates import ResultTemplates

#: Files staged but not yet in place (their ``fsync`` and rename run beside the next files' work), or sent to
#: the workers and not yet back: a bound on what a batch holds in memory at once.
WINDOW = 8


@dataclass(frozen=True)
class WriteBackTask:
    """One workbook to write: its submission and problems, the copy to write instead (``output``),
    whether to write it even when it looks open in Excel (``force``) and, when the batch has read it already,
    the bytes it validated (``snapshot``: spliced as they are, never read again)."""

    submission: UnitSubmission
    problems: tuple[Problem, ...]
    output: Path | None = None
    force: bool = False
    snapshot: Snapshot | None = None
    #: Only the *Validasi* sheet (``validasi --tulis-lembar``), into the workbook itself.
    only_validation: bool = False


@dataclass(frozen=True)
class WriteBackResult:
    """What happened to one workbook: ``error`` when it could not be written (the file is unchanged),
    ``results`` whether it got a *Hasil* (else only *Validasi*, saying what to fix), ``locked`` when it
    was skipped because it is open in Excel or LibreOffice."""

    file: str
    error: str | None
    results: bool
    locked: bool = False

    def status_text(self) -> str:
        """The write-back as its progress line says it."""
        if self.locked:
            return "DILEWATI (sedang dibuka)"
        if self.error:
            return "GAGAL: " + self.error
        return "Hasil ditulis" if self.results else "hanya Validasi ditulis"


def write_back_one(catalog: Catalog, task: WriteBackTask, read: ReadSettings | None = None,
                   templates: ResultTemplates | None = None) -> WriteBackResult:
    """Hasil + Validasi into one unit workbook (or its copy); only Validasi, and no stale Hasil, when a
    problem means the formulas would compute with rejected values or point at the wrong cells. With
    ``read``, the task's submission holds no figures and the file is read again with these settings."""
    staged = _stage(catalog, task, read, templates)
    return staged if isinstance(staged, WriteBackResult) else _commit(*staged)


def _stage(catalog: Catalog, task: WriteBackTask, read: ReadSettings | None,
           templates: ResultTemplates | None) -> WriteBackResult | tuple[str, StagedFile, bool]:
    """The new workbook written beside its target, or what went wrong."""
    from ..plans.validation_sheet import plan_validation_sheet  # the plans: validasi alone starts without them
    from ..render.write_back import read_workbook, stage_results, stage_validation
    from .unit import unit_results

    source = Path(task.submission.file)
    target = task.output or source
    try:
        if task.output is not None:
            _check_copy(catalog, task.submission, task.output)
        snapshot = task.snapshot or read_workbook(source)  # its bytes are validated and spliced
        validated = task.submission.file_identity
        if validated is not None and snapshot.identity != validated:
            raise FileChangedError(source)
        if task.only_validation:
            problems = task.problems
            return str(source), stage_validation(snapshot, lambda sheets: plan_validation_sheet(
                problems, sheets=sheets, target=source), force=task.force, templates=templates), False
        submission, problems = _reread(read, task, snapshot) if read is not None else (task.submission,
                                                                                        task.problems)
        results = unit_results(submission, problems, catalog)
        staged = stage_results(snapshot, target, results.result_sheet(),
                               lambda sheets: results.validation_sheet(sheets, target=source), force=task.force,
                               templates=templates)
        return str(source), staged, results.writes_results
    except BaseException as exc:  # noqa: BLE001 - worded per file: one file's failure never stops the batch
        return _failure(str(source), exc)


def _check_copy(catalog: Catalog, source: UnitSubmission, copy: Path) -> None:
    """Refuse to write a copy over what ``--keluaran``'s folder already holds unless it is a copy of the same unit
    workbook (the unit, year and period of ``source``, from an earlier run): not through a symbolic link (its
    target is another folder's file), not over a device or pipe, not over another file (the user's own, another
    unit's workbook, a text file given that name)."""
    from ..atomic import special_file_refusal
    from ..validate.unit import read_unit_workbook

    if copy.is_symlink():
        raise OutputRefused(f"{copy} adalah tautan (symbolic link) ke {os.path.realpath(copy)}; --keluaran menulis "
                            "salinan sebagai berkas baru di foldernya dan tidak menulis melalui tautan. Hapus tautan "
                            "itu, atau pilih folder keluaran lain.")
    if not copy.exists():
        return
    if not copy.is_file():
        raise OutputRefused(special_file_refusal(copy))
    earlier = read_unit_workbook(copy, catalog, figures=False)
    if (earlier.unit, earlier.year, earlier.period) != (source.unit, source.year, source.period) or \
            earlier.unit is None:
        raise OutputRefused(f"{copy} sudah ada dan bukan salinan buku kerja ini (unit {source.unit}, tahun "
                            f"{source.year}, periode {source.period}); kinerja-xl tidak menimpanya. Pindahkan berkas "
                            "itu, atau pilih folder keluaran lain.")


def _commit(file: str, staged: StagedFile, results: bool) -> WriteBackResult:
    """The staged workbook put in place (``fsync``, the check that nobody changed the file, the rename)."""
    try:
        staged.commit()
        return WriteBackResult(file, None, results)
    except BaseException as exc:  # noqa: BLE001 - see _stage
        return _failure(file, exc)


def _refuse_overwrites(files: Iterable[str | Path], outdir: Path) -> None:
    """Copies into ``outdir`` never overwrite each other (two files of the same name) nor their own originals
    (``outdir`` an input's own folder: ``--keluaran`` keeps the originals)."""
    files = list(files)
    names = Counter(Path(f).name for f in files)
    clashes = sorted(n for n, count in names.items() if count > 1)
    if clashes:
        raise OutputClash(clashes)
    folders: dict[Path, str] = {}  # each input folder once (a batch is a few), with a file of it to name
    for file in files:
        folders.setdefault(Path(file).parent, Path(file).name)
    for folder, name in folders.items():
        try:
            original = os.path.samefile(folder, outdir)
        except OSError:
            original = False
        if original:
            raise OutputRefused(f"folder keluaran {outdir} adalah folder berkas asli ({name}); "
                                "--keluaran menulis salinan dan tidak menimpa berkas asli. Hapus --keluaran untuk "
                                "menulis Hasil ke berkas asli, atau pilih folder lain.")


def _failure(file: str, exc: BaseException) -> WriteBackResult:
    """What went wrong with one workbook, worded for the user (an exception that must stop the run raises)."""
    if isinstance(exc, ESCAPING):
        raise exc
    if isinstance(exc, OSError):  # reading the workbook again (writing is worded by kinerja_xl.atomic)
        return WriteBackResult(file, describe_os_error(exc, Path(file), "membaca"), False)
    if isinstance(exc, WorkbookLockedError):
        return WriteBackResult(file, str(exc), False, locked=True)
    if isinstance(exc, InternalError):  # a bug of kinerja_xl (e.g. a donor the splice cannot carry): say so
        return WriteBackResult(file, f"galat internal: {type(exc).__name__}: {exc}", False)
    if isinstance(exc, KinerjaXlError):  # the message is written for the user
        return WriteBackResult(file, str(exc), False)
    return WriteBackResult(file, f"galat internal: {type(exc).__name__}: {exc}", False)  # a bug


def _reread(settings: ReadSettings, task: WriteBackTask,
            snapshot: Snapshot) -> tuple[UnitSubmission, tuple[Problem, ...]]:
    """The file's figures read again from ``snapshot``, with its own problems from this read and the batch's
    from the report (a batch check looks at identities only), so values, problems and the spliced bytes always
    come from the same read."""
    fresh = read_one(settings, task.submission.file, snapshot)
    own = set(task.submission.problems)
    batch = [p for p in task.problems if p not in own]
    return fresh, tuple(sorted([*fresh.problems, *batch], key=sort_key))


def _write_task(shared: tuple[Catalog, ReadSettings | None, ResultTemplates], task: WriteBackTask) -> WriteBackResult:
    return write_back_one(shared[0], task, shared[1], shared[2])


def _templates() -> ResultTemplates:
    from ..render.donor_templates import ResultTemplates

    return ResultTemplates()


def write_back(report: ValidationReport, catalog: Catalog, *, outdir: Path | None = None, jobs: int = 1,
               force: bool = False, read: ReadSettings | None = None,
               on_file: Callable[[WriteBackResult], None] | None = None) -> dict[str, WriteBackResult]:
    """Write *Hasil* and *Validasi* into every readable unit workbook of ``report`` (copies in ``outdir``);
    ``force`` writes workbooks that look open in Excel or LibreOffice too.

    ``read``: the settings of a report read without figures (``validate_files(..., keep_values=False)``);
    each file's figures are then read again while it is written, one workbook at a time, so the memory of
    a batch stays flat in the number of files.
    """
    readable = [s for s in report.submissions if s.readable]
    if outdir is not None:
        _refuse_overwrites((s.file for s in readable), outdir)
    tasks = [WriteBackTask(s, tuple(report.problems_of(s.file)), inside(outdir, Path(s.file).name) if outdir else None,
                           force) for s in readable]
    results: dict[str, WriteBackResult] = {}
    for result in parallel_map(_write_task, tasks, (catalog, read, _templates()), jobs=jobs, max_chunk=8):
        results[result.file] = result
        if on_file:
            on_file(result)
    return results


def validate_and_write(paths: Iterable[str | Path], settings: ReadSettings, *, outdir: Path | None = None,
                       jobs: int = 1, force: bool = False, only_validation: bool = False,
                       expected_units: Sequence[str] | None = None,
                       on_file: Callable[[UnitSubmission, WriteBackResult | None], None] | None = None,
                       ) -> tuple[ValidationReport, dict[str, WriteBackResult]]:
    """Read, check and write every file once, in input order (``hitung``): the report of the batch, and what
    happened to each readable workbook (copies in ``outdir``). ``only_validation`` writes only the *Validasi*
    sheet, into every workbook that could be read (``validasi --tulis-lembar``; ``expected_units``: the units
    that must send a file).

    Each file's bytes are read once, validated, and spliced (the file is not replaced when it changed since it
    was read). Its *Validasi* lists its own problems and the batch's about it, which only the files before it
    can cause (a second file for a unit and period), so it is written as soon as it is read. With
    ``settings.figures`` the report keeps every file's figures (``--json``); otherwise a file's figures are
    dropped once it is written and memory stays flat in the number of files. The files are read and checked in
    this process; the writing runs in ``jobs`` worker processes, or here, where each file's ``fsync`` and rename
    overlap the next file's work. ``on_file(submission, result)`` follows every file in input order (``result``:
    None when it is not written: unreadable, or passed over).
    """
    paths = list(paths)
    if outdir is not None:
        _refuse_overwrites(paths, outdir)
    reading = replace(settings, figures=not only_validation)  # a file's own write needs its figures
    session = Session.start(settings.ledger, settings.catalog, paths) if settings.ledger is not None else None
    if session is not None:
        reading = replace(reading, ledger=session.reading)
    checks = BatchChecks(settings.catalog, expected_units=expected_units, year=settings.expected_year,
                         period=settings.expected_period)
    kept: list[UnitSubmission] = []
    results: dict[str, WriteBackResult] = {}

    def tasks() -> Iterator[WriteBackTask | UnitSubmission]:
        for path in paths:
            snapshots: list[Snapshot] = []
            submission, sighting = read_noted(reading, path, keep=snapshots)  # recorded in the ledger, too
            locked: list[Problem] = []
            if session is not None:
                session.note(sighting)
                locked = session.check(submission)  # a locked period's file: its problem goes on its sheet
            light = submission if settings.figures else replace(submission, values=(), reported={}, notes={})
            kept.append(light)
            problems = [] if submission.skipped else sorted([*submission.problems, *checks.add(submission),
                                                             *locked], key=sort_key)
            writable = submission.readable if not only_validation else file_status(problems) != "unreadable"
            if submission.skipped or not writable or not snapshots:
                yield light
                continue
            yield WriteBackTask(submission, tuple(problems), inside(outdir, Path(path).name) if outdir else None,
                                force, snapshots[0], only_validation)

    def done(item: WriteBackTask | UnitSubmission, result: WriteBackResult | None) -> None:
        submission = item.submission if isinstance(item, WriteBackTask) else item
        if result is not None:
            results[result.file] = result
        if on_file:
            on_file(submission, result)

    with collector_for_batch():
        if jobs > 1:
            _write_in_workers(tasks(), settings.catalog, jobs, done)
        else:
            _write_here(tasks(), settings.catalog, done)
    submissions = session.finish(kept) if session is not None else kept
    report = report_from_submissions(submissions, settings.catalog, expected_year=settings.expected_year,
                                     expected_period=settings.expected_period, expected_units=expected_units,
                                     extra=session.problems if session is not None else ())
    report.ledger = session
    return report, results


def _write_here(items: Iterator[WriteBackTask | UnitSubmission], catalog: Catalog,
                done: Callable[[WriteBackTask | UnitSubmission, WriteBackResult | None], None]) -> None:
    """Each file staged here, put in place by a second thread while the next files are read and staged."""
    templates = _templates()
    pending: deque[tuple[WriteBackTask | UnitSubmission, _Committer | WriteBackResult | None]] = deque()
    committer = _Committer()

    def flush(keep: int) -> None:
        while pending and (len(pending) > keep or not isinstance(pending[0][1], _Committer) or committer.ready()):
            item, outcome = pending.popleft()
            done(item, committer.result() if isinstance(outcome, _Committer) else outcome)

    try:
        for item in items:
            outcome: _Committer | WriteBackResult | None = None
            if isinstance(item, WriteBackTask):
                staged = _stage(catalog, item, None, templates)
                if isinstance(staged, WriteBackResult):
                    outcome = staged
                else:
                    committer.submit(staged)
                    outcome = committer  # its result, when it comes, is this file's
            pending.append((item, outcome))
            flush(WINDOW)
        flush(0)
    finally:
        committer.close()


class _Committer:
    """A second thread that puts staged files in place (:func:`_commit`) in the order they were staged; their results
    come back in that order. What a one-worker ``ThreadPoolExecutor`` did, without importing ``concurrent.futures``
    (and with it ``logging``) into every ``hitung``."""

    def __init__(self) -> None:
        import queue
        import threading

        self._jobs: queue.SimpleQueue[tuple[str, StagedFile, bool] | None] = queue.SimpleQueue()
        self._results: queue.SimpleQueue[tuple[WriteBackResult | None, BaseException | None]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="kinerja-xl-tulis")
        self._thread.start()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                self._results.put((_commit(*job), None))
            except BaseException as exc:  # noqa: BLE001 - raised where the result is taken, as a Future would
                self._results.put((None, exc))

    def submit(self, staged: tuple[str, StagedFile, bool]) -> None:
        self._jobs.put(staged)

    def ready(self) -> bool:
        """Whether the oldest result not yet taken has come."""
        return not self._results.empty()

    def result(self) -> WriteBackResult:
        """The oldest result not yet taken (waiting for it)."""
        result, error = self._results.get()
        if error is not None:
            raise error
        assert result is not None
        return result

    def close(self) -> None:
        """Wait until every file submitted is in place (also when the batch stops on an error)."""
        self._jobs.put(None)
        self._thread.join()


def _write_in_workers(items: Iterator[WriteBackTask | UnitSubmission], catalog: Catalog, jobs: int,
                      done: Callable[[WriteBackTask | UnitSubmission, WriteBackResult | None], None]) -> None:
    """Each file written by a worker process (the bytes read here sent along), in input order."""
    order: deque[WriteBackTask | UnitSubmission] = deque()

    def sent() -> Iterator[WriteBackTask | None]:
        for item in items:
            order.append(item)
            yield item if isinstance(item, WriteBackTask) else None

    shared = (catalog, None, _templates())
    for result in parallel_stream(_write_or_pass, sent(), shared, jobs=jobs, window=WINDOW * jobs, affinity=_layout):
        done(order.popleft(), result)


def _layout(task: WriteBackTask | None) -> Hashable:
    """The files of one unit layout go to one worker: its templates are built once."""
    return (task.submission.unit, task.submission.year, task.submission.period) if task is not None else None


def _write_or_pass(shared: tuple[Catalog, ReadSettings | None, ResultTemplates],
                   task: WriteBackTask | None) -> WriteBackResult | None:
    return _write_task(shared, task) if task is not None else None
