"""A validated batch: which files it reads, which values count, and when a *Hasil* may be written.

The consolidation adds the units of one year and period; write-back gives each file its own results.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..catalog.schema import Catalog
from ..errors import MixedPeriods, UsageError, describe_os_error
from ..compute.refs import InputRef
from ..reading.safety import ALLOWED_SUFFIXES, OTHER_SPREADSHEETS
from ..model import FileVersion, InputValue, UnitSubmission
from ..unit_layout import unit_in_file_name
from ..problems import Problem
from ..validate.report import ValidationReport

WORKBOOK_SUFFIXES = ALLOWED_SUFFIXES  # what a folder contributes = what the reader accepts
#: Skipped when expanding a folder: Excel/LibreOffice lock files, hidden temp files, and the reviewer's
#: *Dilaporkan* workbook (``kinerja-xl templat --dilaporkan``), which is an input of ``reviu``, not a unit.
SKIPPED_PREFIXES = ("~$", ".~lock", ".", "dilaporkan")


def collect_inputs(items: Iterable[str | Path], catalog: Catalog | None = None) -> tuple[list[Path], list[str]]:
    """Expand files, folders (recursively) and glob patterns; return (files, items that matched nothing).

    A folder contributes its ``.xlsx``/``.xlsm`` workbooks and, with ``catalog``, the spreadsheets of other
    formats (``.xls``, ``.ods``, ``.xlsb``, ...) whose name names one of its units: a unit's workbook saved
    so is then reported with how to save it again, not silently left out. A file named explicitly is
    always taken, so a wrong extension is reported by validation rather than silently ignored.
    """
    found: dict[Path, None] = {}
    missing: list[str] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            matches = [p for p in _files_under(path) if p.suffix.lower() in WORKBOOK_SUFFIXES or (
                catalog is not None and p.suffix.lower() in OTHER_SPREADSHEETS
                and unit_in_file_name(p.name, catalog) is not None)]
        elif path.exists():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(str(item), recursive=True) if Path(p).is_file())
        if not matches:
            missing.append(str(item))
        for match in matches:
            found.setdefault(match, None)
    return list(found), missing


def _files_under(folder: Path) -> list[Path]:
    """The files in ``folder`` and its subfolders whose names are not skipped (:data:`SKIPPED_PREFIXES`), as
    ``sorted(folder.rglob("*"))`` filtered by ``is_file()`` finds them (hidden folders included, a linked folder
    not entered, an unreadable one passed over, a link to a file taken), in the same order: one ``os.scandir``
    per folder, whose entries know their type, instead of a ``stat`` per entry, and sorted by the parts below
    ``folder`` as paths compare (case-folded where the file system is), before any path object is made."""
    found: list[tuple[tuple[str, ...], str]] = []
    folders: list[tuple[tuple[str, ...], str]] = [((), str(folder))]
    fold = str.lower if os.name == "nt" else None  # how pathlib compares paths on Windows
    while folders:
        parts, current = folders.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except PermissionError:
            continue
        for entry in entries:
            name = entry.name
            key = (*parts, fold(name) if fold else name)
            if _entry_is(entry, folder=True):
                folders.append((key, entry.path))
            if not name.startswith(SKIPPED_PREFIXES) and _entry_is(entry, folder=False):
                found.append((key, entry.path))
    found.sort()
    return [Path(path) for _, path in found]


def _entry_is(entry: os.DirEntry[str], *, folder: bool) -> bool:
    """A folder (not followed through a link), or a file (through one), as pathlib's ``rglob`` and ``is_file``
    answer: an entry that cannot be looked at for the reasons pathlib ignores (gone, a looping link) is
    neither; any other error is raised, as there."""
    try:
        return entry.is_dir(follow_symlinks=False) if folder else entry.is_file()
    except OSError:
        path = Path(entry.path)
        return (not path.is_symlink() and path.is_dir()) if folder else path.is_file()


def input_files(items: Iterable[str | Path], catalog: Catalog, exclude: Iterable[Path | None] = ()) -> list[Path]:
    """The files of a run: :func:`collect_inputs`, without the run's own outputs (``exclude``, e.g. an earlier
    laporan.xlsx in the same folder); :class:`~kinerja_xl.errors.UsageError` naming each item that gives no
    file (not found, an empty folder, a folder without workbooks)."""
    paths, missing = collect_inputs(items, catalog)
    own = {_resolved(p) for p in exclude if p is not None}
    if own:
        paths = [p for p in paths if _resolved(p) not in own]
    if missing:
        raise UsageError("; ".join(why_nothing(item) for item in missing) + ". Sebutkan berkas, folder atau pola "
                         "(*.xlsx) yang berisi buku kerja unit.")
    return paths


def why_nothing(item: str) -> str:
    """Why an input gave no file: "folder X kosong", "folder X tidak berisi buku kerja .xlsx/.xlsm (ada 3
    berkas lain)" or "X tidak ditemukan"."""
    path = Path(item)
    if not path.is_dir():
        return f"{item} tidak ditemukan"
    try:
        others = [p for p in path.rglob("*") if p.is_file()]
    except OSError as exc:
        return describe_os_error(exc, path).rstrip(".")
    if not others:
        return f"folder {item} kosong"
    return f"folder {item} tidak berisi buku kerja .xlsx/.xlsm (ada {len(others)} berkas lain)"


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


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
    from ..problems import CODES

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


@dataclass(frozen=True)
class Source:
    """Where one unit's values in a consolidation come from: the file and the version read (``final``: the
    final version of a locked period, restored from the ledger)."""

    unit: str
    file: str
    version: FileVersion | None = None
    final: bool = False


@dataclass(frozen=True)
class FinalSet:
    """The final versions of a locked year and period, restored from the ledger (``kinerja-xl kunci``): a
    consolidation of that period uses exactly these, whatever the folder holds now."""

    year: int
    period: str
    locked_at: str
    locked_by: str
    values: dict[str, tuple[InputValue, ...]]
    sources: tuple[Source, ...]
    #: units whose stored copy no longer matches its version (changed by another tool): their recorded inputs used
    damaged: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """``REHSOS 1a2b3c4d, SETJEN 5e6f7a8b``: the versions, for a message."""
        return ", ".join(f"{s.unit} {s.version.short}" for s in self.sources if s.version is not None)


@dataclass
class Batch:
    """A validated batch and the values it contributes to the computation (``sources``: which file and
    version each unit's values come from; ``final``: the final set used, for a locked period)."""

    report: ValidationReport
    values: list[InputValue]
    per_file: dict[str, list[InputValue]]
    year: int | None = None
    period: str = "tahunan"
    sources: list[Source] = field(default_factory=list)
    final: FinalSet | None = None

    def inputs(self) -> dict[InputRef, Decimal]:
        return {v.ref: v.value for v in self.values}


#: The final set of a year and period, if it is locked (see :mod:`.final`).
FinalLookup = Callable[[int | None, str], FinalSet | None]


def gather(report: ValidationReport, *, year: int | None = None, period: str | None = None,
           one_period: bool = True, valid_only: bool = False, final: FinalLookup | None = None) -> Batch:
    """Values from every readable file; for a unit sent twice only the first file counts (reported).

    The consolidation adds units of ONE year and period: with ``year``/``period`` only matching files
    count; without them the batch must hold a single combination (else :class:`MixedPeriods`), unless
    ``one_period`` is False (write-back, where each file keeps its own period). ``valid_only`` leaves out
    every file with an error, not only its erroneous cells (the Word report: a unit is in or out).
    ``final``: for a locked year and period, the values are its final set's, not the folder's.
    """
    readable = report.valid_submissions if valid_only else [s for s in report.submissions if s.readable]
    combos = sorted({(s.year, s.period) for s in readable}, key=lambda c: (c[0] or 0, c[1] or ""))
    chosen = [c for c in combos if (year is None or c[0] == year) and (period is None or c[1] == period)]
    if one_period and len(chosen) > 1:
        raise MixedPeriods(chosen)
    batch_year, batch_period = chosen[0] if chosen else (year, period)
    seen_units: set[tuple[str | None, int | None, str | None]] = set()
    values: list[InputValue] = []
    per_file: dict[str, list[InputValue]] = {}
    sources: list[Source] = []
    for submission in readable:
        own = usable_values(submission, report.problems_of(submission.file))
        per_file[submission.file] = own
        key = (submission.unit, submission.year, submission.period)
        if key in seen_units or (submission.year, submission.period) not in chosen[:1]:
            continue
        seen_units.add(key)
        values.extend(own)
        sources.append(Source(submission.unit or "", submission.file, submission.version))
    final_set = final(batch_year, batch_period or "tahunan") if final is not None and one_period else None
    if final_set is not None:
        values = [v for unit_values in final_set.values.values() for v in unit_values]
        sources = list(final_set.sources)
    return Batch(report, values, per_file, batch_year, batch_period or "tahunan", sources, final_set)
