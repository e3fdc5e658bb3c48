"""The library's batch operations, shared by the CLI and the Excel buttons.

validate → compute → write: each step takes plain objects and returns plain objects; the CLI only
adds argument parsing, progress and exit codes on top.
"""

from __future__ import annotations

import gc
import glob
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from decimal import Decimal
from pathlib import Path

from .catalog.schema import Catalog, RoundingPolicy
from .errors import MixedPeriods, OutputClash
from .compute.engine import Computation, compute
from .compute.expr import InputRef
from .reading.safety import ALLOWED_SUFFIXES
from .model import InputValue, UnitSubmission
from .problems import Problem
from .validate.report import ValidationReport, fill_validation_sheet, validate_files

WORKBOOK_SUFFIXES = ALLOWED_SUFFIXES  # what a folder contributes = what the reader accepts
#: Skipped when expanding a folder: Excel/LibreOffice lock files, hidden temp files, and the reviewer's
#: *Dilaporkan* workbook (``kinerja-xl templat --dilaporkan``), which is an input of ``reviu``, not a unit.
SKIPPED_PREFIXES = ("~$", ".~lock", ".", "dilaporkan")


def collect_inputs(items: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files, folders (recursively) and glob patterns; return (files, items that matched nothing).

    A folder contributes its ``.xlsx``/``.xlsm`` unit workbooks; a file named explicitly is always taken,
    so a wrong extension is reported by validation rather than silently ignored.
    """
    found: dict[Path, None] = {}
    missing: list[str] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
                             and not p.name.startswith(SKIPPED_PREFIXES))
        elif path.exists():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(str(item), recursive=True) if Path(p).is_file())
        if not matches:
            missing.append(str(item))
        for match in matches:
            found.setdefault(match, None)
    return list(found), missing


def validate(paths: list[Path], catalog: Catalog, *, jobs: int = 1, expected_units: Iterable[str] | None = None,
             expected_year: int | None = None, expected_period: str | None = None, keep_values: bool = True,
             on_file: Callable[[UnitSubmission], None] | None = None) -> ValidationReport:
    return validate_files(paths, catalog, jobs=jobs, expected_units=expected_units, expected_year=expected_year,
                          expected_period=expected_period, keep_values=keep_values, on_file=on_file)


#: Structure problems after which formulas would point at the wrong cells (the rest of group berkas/struktur).
_HARMLESS_STRUCTURE = frozenset({"baris-tak-dikenal", "identitas-kosong"})


def result_blockers(problems: Iterable[Problem]) -> list[Problem]:
    """Problems that forbid writing a *Hasil* sheet: any error, or a structure problem (moved rows...).

    Hasil formulas read the input cells directly; with an error in an input (a value out of range, a
    formula, text) Excel would compute with what the engine refuses, and with moved rows the formulas
    would point at the wrong cells. The *Validasi* sheet says what to fix first. Problems of the batch
    as a whole (a second file for the same unit and period, a unit missing) concern the consolidation,
    not the file's own figures, and do not block its *Hasil*.
    """
    from .problems import CODES

    return [p for p in problems if CODES[p.code].group != "kumpulan" and (
        p.severity == "galat" or (CODES[p.code].group in ("berkas", "struktur") and p.code not in _HARMLESS_STRUCTURE))]


def formula_consistent_values(values: Iterable[InputValue], problems: Iterable[Problem]) -> list[InputValue]:
    """Values as Excel formulas see them: a number typed as text (read by kinerja_xl, reported as
    ``teks-dikonversi``) is blank to Excel's arithmetic, so the cached figures leave it out too."""
    text = {(p.sheet, p.cell) for p in problems if p.code == "teks-dikonversi"}
    return [v for v in values if (v.source.sheet, v.source.cell) not in text]


def usable_values(submission: UnitSubmission, problems: Iterable[Problem]) -> list[InputValue]:
    """Values of a readable file minus those sitting in a cell with an error (never compute with them);
    ``problems`` are the file's (any others are ignored)."""
    bad = {(p.sheet, p.cell) for p in problems if p.severity == "galat" and p.file == submission.file and p.cell}
    return [v for v in submission.values if (v.source.sheet, v.source.cell) not in bad]


@dataclass
class Batch:
    """A validated batch and the values it contributes to the computation."""

    report: ValidationReport
    values: list[InputValue]
    per_file: dict[str, list[InputValue]]
    year: int | None = None
    period: str = "tahunan"

    def inputs(self) -> dict[InputRef, Decimal]:
        return {v.ref: v.value for v in self.values}


def gather(report: ValidationReport, *, year: int | None = None, period: str | None = None,
           one_period: bool = True) -> Batch:
    """Values from every readable file; for a unit sent twice only the first file counts (reported).

    The consolidation adds units of ONE year and period: with ``year``/``period`` only matching files
    count; without them the batch must hold a single combination (else :class:`MixedPeriods`), unless
    ``one_period`` is False (write-back, where each file keeps its own period).
    """
    readable = [s for s in report.submissions if s.readable]
    combos = sorted({(s.year, s.period) for s in readable}, key=lambda c: (c[0] or 0, c[1] or ""))
    chosen = [c for c in combos if (year is None or c[0] == year) and (period is None or c[1] == period)]
    if one_period and len(chosen) > 1:
        raise MixedPeriods(chosen)
    batch_year, batch_period = chosen[0] if chosen else (year, period)
    seen_units: set[tuple[str | None, int | None, str | None]] = set()
    values: list[InputValue] = []
    per_file: dict[str, list[InputValue]] = {}
    for submission in readable:
        own = usable_values(submission, report.problems_of(submission.file))
        per_file[submission.file] = own
        key = (submission.unit, submission.year, submission.period)
        if key in seen_units or (submission.year, submission.period) not in chosen[:1]:
            continue
        seen_units.add(key)
        values.extend(own)
    return Batch(report, values, per_file, batch_year, batch_period or "tahunan")


def consolidate(batch: Batch, catalog: Catalog, *, rounding: RoundingPolicy | None = None) -> Computation:
    return compute(catalog, batch.inputs(), rounding=rounding, year=batch.year, period=batch.period)


def write_consolidated_workbook(computation: Computation, batch: Batch, path: Path) -> Path:
    from .render.consolidated import write_consolidated

    return write_consolidated(computation, batch.values, list(batch.report.problems), path)


def write_back_one(path: str, catalog: Catalog, unit: str, year: int | None, period: str | None,
                   values: list[InputValue], problems: list[Problem], output: Path | None) -> Path:
    """Hasil + Validasi into one unit workbook (or a copy in ``output``); only Validasi (and no stale
    Hasil) when :func:`result_blockers` finds a reason the formulas would be wrong."""
    from .render.results_sheet import write_results

    target = Path(path)
    values = formula_consistent_values(values, problems)
    return write_results(target, catalog, {v.ref: v.value for v in values}, unit, year=year,
                         period=period or "tahunan", output=output, results=not result_blockers(problems),
                         validation_sheet=lambda wb: fill_validation_sheet(wb, problems, target))


_WORKER: dict[str, Catalog] = {}


def _init_write_back_worker(catalog: Catalog) -> None:
    _WORKER["catalog"] = catalog


def _write_back_task(args: tuple, catalog: Catalog | None = None) -> tuple[str, str | None]:
    """One file's write-back; in a worker process the catalog was sent once, by the initializer."""
    try:
        with _collected_once():
            return str(write_back_one(args[0], catalog or _WORKER["catalog"], *args[1:])), None
    except Exception as exc:  # noqa: BLE001 - one file's failure never stops the batch
        return str(args[0]), f"{type(exc).__name__}: {exc}"


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

    The batch's figures stay alive for the whole write-back while openpyxl makes and drops many objects
    per workbook; each full collection would walk the whole batch again, so a long batch would slow down
    with its own length. Frozen objects are skipped until the block ends.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_back(batch: Batch, catalog: Catalog, *, outdir: Path | None = None, jobs: int = 1,
               on_file: Callable[[str, str | None], None] | None = None) -> dict[str, str | None]:
    """Write *Hasil* and *Validasi* into every readable unit workbook; returns {file: error or None}."""
    tasks = []
    if outdir is not None:
        names = Counter(Path(s.file).name for s in batch.report.submissions if s.readable)
        clashes = sorted(n for n, count in names.items() if count > 1)
        if clashes:
            raise OutputClash(clashes)
    for s in batch.report.submissions:
        if not s.readable or s.unit is None:
            continue
        output = outdir / Path(s.file).name if outdir else None
        tasks.append((s.file, s.unit, s.year, s.period, batch.per_file.get(s.file, []),
                      batch.report.problems_of(s.file), output))
    results: dict[str, str | None] = {}

    def collect(outcomes: Iterable[tuple[str, str | None]]) -> None:
        for task, (_, error) in zip(tasks, outcomes, strict=True):
            results[task[0]] = error
            if on_file:
                on_file(task[0], error)

    if jobs <= 1 or len(tasks) <= 1:
        with _batch_left_out_of_gc():
            collect(map(partial(_write_back_task, catalog=catalog), tasks))
        return results
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_init_write_back_worker,
                             initargs=(catalog,)) as pool:
        collect(pool.map(_write_back_task, tasks, chunksize=max(1, min(8, len(tasks) // (jobs * 4)))))
    return results
