"""Write-back: *Hasil* and *Validasi* into every readable unit workbook of a batch (or into copies).

Each file is a :class:`WriteBackTask`; the tasks run in this process or in worker processes
(:func:`~.parallel.parallel_map`, the catalog and the read settings sent once per worker). One file's
failure never stops the batch: it is reported, and its workbook is left as it was (the writer replaces
files atomically). A workbook open in Excel or LibreOffice is skipped unless the task forces it; a
workbook that is inconsistent to begin with is refused, never repaired (:mod:`kinerja_xl.package`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..catalog.schema import Catalog
from ..atomic import Snapshot, inside
from ..errors import FileChangedError, InternalError, KinerjaXlError, OutputClash, WorkbookLockedError, \
    describe_os_error
from ..model import UnitSubmission
from ..problems import Problem, sort_key
from ..validate.report import ValidationReport
from .parallel import parallel_map
from .unit import unit_results
from .validation import ReadSettings, read_one


@dataclass(frozen=True)
class WriteBackTask:
    """One workbook to write: its submission and problems, the copy to write instead (``output``), and
    whether to write it even when it looks open in Excel (``force``)."""

    submission: UnitSubmission
    problems: tuple[Problem, ...]
    output: Path | None = None
    force: bool = False


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


def write_back_one(catalog: Catalog, task: WriteBackTask, read: ReadSettings | None = None) -> WriteBackResult:
    """Hasil + Validasi into one unit workbook (or its copy); only Validasi, and no stale Hasil, when a
    problem means the formulas would compute with rejected values or point at the wrong cells. With
    ``read``, the task's submission holds no figures and the file is read again with these settings."""
    from ..render.write_back import read_workbook, write_results

    source = Path(task.submission.file)
    target = task.output or source
    try:
        snapshot = read_workbook(source)  # the one read of this write: its bytes are validated and spliced
        validated = task.submission.file_identity
        if validated is not None and snapshot.identity != validated:
            raise FileChangedError(source)
        submission, problems = _reread(read, task, snapshot) if read is not None else (task.submission,
                                                                                        task.problems)
        results = unit_results(submission, problems, catalog)
        write_results(snapshot, target, results.result_sheet(),
                      lambda sheets: results.validation_sheet(sheets, target=source), force=task.force)
        return WriteBackResult(str(source), None, results.writes_results)
    except OSError as exc:  # reading the workbook again (writing is worded by kinerja_xl.atomic)
        return WriteBackResult(str(source), describe_os_error(exc, source, "membaca"),
                               False)
    except WorkbookLockedError as exc:
        return WriteBackResult(str(source), str(exc), False, locked=True)
    except InternalError as exc:  # a bug of kinerja_xl (e.g. a donor the splice cannot carry): say so
        return WriteBackResult(str(source), f"galat internal: {type(exc).__name__}: {exc}", False)
    except KinerjaXlError as exc:  # the message is written for the user
        return WriteBackResult(str(source), str(exc), False)
    except Exception as exc:  # noqa: BLE001 - a bug; one file's failure never stops the batch
        return WriteBackResult(str(source), f"galat internal: {type(exc).__name__}: {exc}", False)


def _reread(settings: ReadSettings, task: WriteBackTask,
            snapshot: Snapshot) -> tuple[UnitSubmission, tuple[Problem, ...]]:
    """The file's figures read again from ``snapshot``, with its own problems from this read and the batch's
    from the report (a batch check looks at identities only), so values, problems and the spliced bytes always
    come from the same read."""
    fresh = read_one(settings, task.submission.file, snapshot)
    own = set(task.submission.problems)
    batch = [p for p in task.problems if p not in own]
    return fresh, tuple(sorted([*fresh.problems, *batch], key=sort_key))


def _write_task(shared: tuple[Catalog, ReadSettings | None], task: WriteBackTask) -> WriteBackResult:
    return write_back_one(shared[0], task, shared[1])


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
        names = Counter(Path(s.file).name for s in readable)
        clashes = sorted(n for n, count in names.items() if count > 1)
        if clashes:
            raise OutputClash(clashes)
    tasks = [WriteBackTask(s, tuple(report.problems_of(s.file)), inside(outdir, Path(s.file).name) if outdir else None,
                           force) for s in readable]
    results: dict[str, WriteBackResult] = {}
    for result in parallel_map(_write_task, tasks, (catalog, read), jobs=jobs, max_chunk=8):
        results[result.file] = result
        if on_file:
            on_file(result)
    return results
