"""Write-back: *Hasil* and *Validasi* into every readable unit workbook of a batch (or into copies).

Each file is a :class:`WriteBackTask`; the tasks run in this process or in worker processes
(:func:`~.parallel.parallel_map`, the catalog sent once per worker). One file's failure never stops the
batch: it is reported, and its workbook is left as it was (the writer replaces files atomically). A
workbook open in Excel or LibreOffice is skipped unless the task forces it; a workbook that is
inconsistent to begin with is refused, never repaired (:mod:`kinerja_xl.package`).
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..catalog.schema import Catalog
from ..errors import KinerjaXlError, OutputClash, WorkbookLockedError
from ..model import UnitSubmission
from ..problems import Problem
from ..validate.report import ValidationReport
from .parallel import parallel_map
from .unit import unit_results


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


def write_back_one(catalog: Catalog, task: WriteBackTask) -> WriteBackResult:
    """Hasil + Validasi into one unit workbook (or its copy); only Validasi, and no stale Hasil, when a
    problem means the formulas would compute with rejected values or point at the wrong cells."""
    from ..render.write_back import write_results

    source = Path(task.submission.file)
    try:
        with _collected_once():
            results = unit_results(task.submission, task.problems, catalog)
            write_results(source, task.output or source, results.result_sheet(),
                          lambda sheets: results.validation_sheet(sheets, target=source), force=task.force)
        return WriteBackResult(str(source), None, results.writes_results)
    except WorkbookLockedError as exc:
        return WriteBackResult(str(source), str(exc), False, locked=True)
    except KinerjaXlError as exc:  # the message is written for the user
        return WriteBackResult(str(source), str(exc), False)
    except Exception as exc:  # noqa: BLE001 - one file's failure never stops the batch
        return WriteBackResult(str(source), f"{type(exc).__name__}: {exc}", False)


@contextmanager
def _collected_once() -> Iterator[None]:
    """Write one workbook with the cyclic garbage collector paused, then collect its garbage once.

    openpyxl builds and drops a large object graph per workbook; running, the collector walks that
    graph again and again while it grows (about 4 % of the write-back time); paused, it walks it once.
    Everything made while paused stays in the youngest generation, so collecting that one suffices.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect(0)


@contextmanager
def _batch_left_out_of_gc() -> Iterator[None]:
    """Keep the cyclic garbage collector from re-scanning the batch after every file.

    The batch's figures stay alive for the whole write-back while the writer makes and drops many objects
    per workbook; each full collection would walk the whole batch again, so a long batch would slow down
    with its own length. Frozen objects are skipped until the block ends.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_back(report: ValidationReport, catalog: Catalog, *, outdir: Path | None = None, jobs: int = 1,
               force: bool = False,
               on_file: Callable[[WriteBackResult], None] | None = None) -> dict[str, WriteBackResult]:
    """Write *Hasil* and *Validasi* into every readable unit workbook of ``report`` (copies in ``outdir``);
    ``force`` writes workbooks that look open in Excel or LibreOffice too."""
    readable = [s for s in report.submissions if s.readable]
    if outdir is not None:
        names = Counter(Path(s.file).name for s in readable)
        clashes = sorted(n for n, count in names.items() if count > 1)
        if clashes:
            raise OutputClash(clashes)
    tasks = [WriteBackTask(s, tuple(report.problems_of(s.file)), outdir / Path(s.file).name if outdir else None,
                           force) for s in readable]
    results: dict[str, WriteBackResult] = {}
    with _batch_left_out_of_gc():
        for result in parallel_map(write_back_one, tasks, catalog, jobs=jobs, max_chunk=8):
            results[result.file] = result
            if on_file:
                on_file(result)
    return results
