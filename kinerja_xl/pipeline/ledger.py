"""The ledger in the pipeline: where it lives, what each read adds to it, and the lock checks.

Every command that reads unit workbooks goes through :func:`~.validation.read_submissions`; that is the one
place the ledger is fed. Each worker hashes the bytes it already read for validation (no second read), asks
the ledger's index whether it holds that version (:func:`recorded`), and only for content it does not know yet
builds the record (every input with its cell, the figures computed in the unit's own scope) and the
compressed copy (:func:`note_version`). The main process records them in short transactions as they arrive
(:class:`Session`), looking up only the versions read, so a batch of any size keeps flat memory and a run's
cost follows its files, never the ledger's history; then it checks every file of a locked year and period
against its final version.

The ledger never fails a command: a folder on a read-only medium, a locked or damaged database, a full
disk each become one ``buku-besar-dilewati`` warning, and the command goes on without recording.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from ..catalog.schema import Catalog
from ..errors import LedgerError
from ..ledger import Content, Ledger, LockEvent, Sighting, content_of, default_path
from ..ledger.chain import sha256_hex
from ..ledger.locks import lock_problem
from ..model import FileVersion, UnitSubmission, evolve
from ..problems import SEVERITY_ORDER, Problem, problem
from ..validate.report import file_status

#: Sightings kept before they are written (with their copies: a few MB at most).
FLUSH_COUNT = 32
FLUSH_BYTES = 4 * 1024 * 1024
#: How long a worker's question to the ledger waits for another process's write before the worker builds the
#: record anyway (seconds).
LOOKUP_TIMEOUT_S = 2.0
#: The environment's say over the ledger: another file, or none at all.
LEDGER_VARIABLE, NO_LEDGER_VARIABLE = "KINERJA_XL_BUKU_BESAR", "KINERJA_XL_TANPA_BUKU_BESAR"


@dataclass(frozen=True)
class LedgerSettings:
    """Where the ledger is and whether copies are kept (sent to the workers). Once a :class:`Session` records
    the run: ``recorder``, the id of its process, and ``expected``, the version last seen at the place of each
    of the run's files (what a folder read again holds: one per file, whatever the ledger's size), which the
    readers know without asking the ledger (:func:`recorded`)."""

    path: Path
    copies: bool = True
    recorder: int = 0
    expected: frozenset[str] = frozenset()


def collection_folder(inputs: Iterable[str | Path]) -> Path:
    """The folder a batch comes from: the folder named (the first, when several), else the deepest folder
    holding every file named (the current folder when nothing names one)."""
    items = [Path(i) for i in inputs]
    folders = [i for i in items if i.is_dir()]
    if folders:
        return folders[0]
    parents = [str(p.resolve().parent) for p in items if p.exists()]
    if not parents:
        globbed = [Path(str(i).split("*", 1)[0]) for i in items]
        parents = [str(p if p.is_dir() else p.parent) for p in globbed]
    try:
        return Path(os.path.commonpath(parents)) if parents else Path(".")
    except ValueError:  # on different drives
        return Path(parents[0])


def ledger_off() -> bool:
    """Whether ``KINERJA_XL_TANPA_BUKU_BESAR`` turns the ledger off (``1``, ``ya``, ``true``, ``yes``)."""
    return os.environ.get(NO_LEDGER_VARIABLE, "").strip().lower() in ("1", "ya", "true", "yes")


def ledger_settings(inputs: Iterable[str | Path], *, path: str | Path | None = None, enabled: bool = True,
                    copies: bool = True) -> LedgerSettings | None:
    """The ledger of a run over ``inputs``: ``path`` when given, else the environment's
    ``KINERJA_XL_BUKU_BESAR``, else ``FOLDER/.kinerja-xl/buku-besar.sqlite`` of the collection folder; ``None``
    when turned off, also by ``KINERJA_XL_TANPA_BUKU_BESAR=1`` (a server or a test run, for every command and
    button alike)."""
    if not enabled or ledger_off():
        return None
    path = path if path is not None else os.environ.get(LEDGER_VARIABLE) or None
    return LedgerSettings(Path(path) if path is not None else default_path(collection_folder(inputs)), copies)


# -- in the worker ------------------------------------------------------------------------------------------

#: Per ledger, what this process asks whether a version is recorded, with the id of the process that opened
#: it: in the recording process the session's own ledger; in a worker a read-only connection opened on first
#: use and kept while the worker lives (a forked worker inherits its parent's entry and must not use it).
_ASKED: dict[Path, tuple[int, Ledger | None]] = {}


def recorded(settings: LedgerSettings, sha: str) -> bool:
    """Whether the ledger already holds the version ``sha``, so its reader builds no record of it: one of the
    versions expected at the run's places, else one search of the ledger's index, whatever the ledger's size.
    Any failure answers ``False``: the record is built, and the recording process finds the version there."""
    if sha in settings.expected:
        return True
    pid = os.getpid()
    if not settings.recorder:
        return False
    owner, ledger = _ASKED.get(settings.path, (0, None))
    if owner != pid:
        if pid == settings.recorder:  # the session is over
            return False
        try:
            ledger = Ledger(settings.path, readonly=True, timeout=LOOKUP_TIMEOUT_S)
        except LedgerError:
            ledger = None
        _ASKED[settings.path] = (pid, ledger)
    try:
        return ledger is not None and ledger.recorded(sha)
    except LedgerError:
        return False


def _mtime_ns(submission: UnitSubmission) -> int | None:
    """The file's modification time as read (from the identity the reader kept, else the file now)."""
    if submission.file_identity is not None:
        return submission.file_identity.mtime_ns
    try:
        return Path(submission.file).stat().st_mtime_ns
    except OSError:
        return None


def note_version(submission: UnitSubmission, content: bytes | None, settings: LedgerSettings | None,
                 catalog: Catalog, *, keep_figures: bool = True, sha: str | None = None,
                 known: bool | None = None) -> tuple[UnitSubmission, Sighting | None]:
    """The submission with the version it was read from (the SHA-256 of ``content``, the bytes the reader
    read; ``sha``: that hash, when taken already), and what the ledger records of it: the record and copy only
    when the ledger does not know the content yet (from the submission's figures; ``known``: whether it does,
    when asked already). ``keep_figures=False`` drops the figures afterwards (validation alone keeps none)."""
    sighting = None
    if content is not None:
        sha = sha or sha256_hex(content)
        version = FileVersion(sha, len(content), _mtime_ns(submission))
        submission = evolve(submission, version=version)
        if settings is not None and not submission.skipped:  # a file passed over is not read: nothing to record
            own = list(submission.problems)
            counts: Counter[str] = Counter(p.severity for p in own)
            record: Content | None = None
            copy = None
            modified = ""  # recorded with a version new to the ledger only (as its record and copy)
            if not (recorded(settings, sha) if known is None else known):
                from .unit import unit_results  # the unit's figures, for content new to the ledger only

                computation = unit_results(submission, own, catalog).computation if submission.readable else None
                record = content_of(submission, computation)
                copy = zlib.compress(content, 6) if settings.copies else None
                modified = version.modified
            sighting = Sighting(sha, os.path.basename(submission.file), submission.file, len(content), modified,
                                submission.unit, submission.year, submission.period, catalog.id,
                                catalog.content_hash, file_status(own), {s: counts.get(s, 0) for s in SEVERITY_ORDER},
                                record, copy)
    if not keep_figures and submission.values:
        submission = replace(submission, values=(), reported={}, notes={})
    return submission, sighting


# -- in the main process ------------------------------------------------------------------------------------

class Seen(NamedTuple):
    """A version read in this run: when the ledger first saw its content, and its fingerprint."""

    time: str
    fingerprint: str | None


@dataclass
class Session:
    """The ledger of one run: opened once, fed every workbook read, then the lock checks and what the run's
    outputs say about versions. Any ledger failure becomes :attr:`warning` and recording stops there."""

    settings: LedgerSettings
    catalog: Catalog
    #: Per SHA-256 read in this run, or last seen at the place of one of its files: when the ledger first saw it
    #: and its fingerprint (a batch's memory stays flat, and the ledger's history is never read whole).
    versions: dict[str, Seen] = field(default_factory=dict)
    locks: dict[tuple[int, str], LockEvent] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    failed: str = ""
    _pending: list[Sighting] = field(default_factory=list)
    _pending_bytes: int = 0
    _ledger: Ledger | None = None
    _root: Path | None = None
    _folders: dict[str, str | None] = field(default_factory=dict)  # a folder as named -> its recorded place
    _places: dict[str, str] = field(default_factory=dict)  # a file of the run as named -> its recorded place
    _checked: dict[str, bool] = field(default_factory=dict)  # file -> its version is the locked one

    @classmethod
    def start(cls, settings: LedgerSettings, catalog: Catalog, paths: Iterable[str | Path] = ()) -> Session:
        """The ledger opened for a run over ``paths`` (the files it will read)."""
        session = cls(settings, catalog)
        try:
            session._ledger = Ledger(settings.path)
            session.locks = session._ledger.locks()
            session._places = {str(p): session.location(str(p)) for p in paths}
            session._look_up(session._ledger.seen_at(set(session._places.values())).values())
            session.settings = replace(settings, recorder=os.getpid(), expected=frozenset(session.versions))
            _ASKED[settings.path] = (os.getpid(), session._ledger)
        except LedgerError as exc:
            session.fail(exc)
        return session

    @property
    def reading(self) -> LedgerSettings | None:
        """What the readers of the run are given: ``None`` once the ledger failed (nothing is recorded, so no
        record is built)."""
        return None if self.failed else self.settings

    @property
    def path(self) -> Path:
        return self.settings.path

    @property
    def folder(self) -> Path:
        """The folder locations are recorded relative to (the collection folder of the default ledger)."""
        parent = self.path.parent
        return parent.parent if parent.name == ".kinerja-xl" else parent

    @property
    def warning(self) -> Problem | None:
        return next((p for p in self.problems if p.code == "buku-besar-dilewati"), None)

    def fail(self, exc: LedgerError) -> None:
        """Stop recording; one warning for the whole run."""
        if not self.failed:
            self.failed = exc.reason
            self.problems.append(problem("buku-besar-dilewati", path=str(exc.path), reason=exc.reason))
        self.close()

    def close(self) -> None:
        if self._ledger is not None:
            if _ASKED.get(self.path, (0, None))[1] is self._ledger:
                del _ASKED[self.path]
            self._ledger.close()
            self._ledger = None

    def location(self, file: str) -> str:
        """A file's place as recorded: relative to the collection folder when inside it, else absolute.

        A batch is a few folders: each is resolved once, and a file in it is placed by its name (the same place
        as the file resolved on its own, unless the file itself is a link: that one is resolved in full)."""
        if file in self._places:
            return self._places[file]
        folder, name = os.path.split(file)
        if name in ("", ".", "..") or os.path.islink(file):
            return self._located(file)
        if folder not in self._folders:
            self._folders[folder] = self._inside(folder or ".")
        inside = self._folders[folder]
        if inside is None:
            return str(Path(file).absolute())
        return name if inside == "." else f"{inside}/{name}"

    def _located(self, file: str) -> str:
        inside = self._inside(file)
        return inside if inside is not None else str(Path(file).absolute())

    def _inside(self, path: str) -> str | None:
        """``path`` resolved, relative to the collection folder (POSIX form); None when outside it."""
        try:
            if self._root is None:
                self._root = self.folder.resolve()
            return Path(path).resolve().relative_to(self._root).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None

    def note(self, sighting: Sighting | None) -> None:
        """Keep one sighting; written with the next few (short transactions, bounded memory)."""
        if sighting is None or self.failed:
            return
        self._pending.append(evolve(sighting, location=self.location(sighting.location)))
        self._pending_bytes += len(sighting.copy or b"")
        if len(self._pending) >= FLUSH_COUNT or self._pending_bytes >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        if not pending or self.failed or self._ledger is None:
            return
        try:
            self._look_up(s.sha256 for s in pending)
            new = self._ledger.record(pending, known=self.versions)
            self.versions.update((sha, Seen(v.time, v.fingerprint)) for sha, v in new.items())
        except LedgerError as exc:
            self.fail(exc)

    def _look_up(self, sha256s: Iterable[str]) -> None:
        """The first sighting and fingerprint of each version the ledger holds of ``sha256s`` (those not
        looked up yet), together: a search of the ledger's index each."""
        assert self._ledger is not None
        wanted = {sha for sha in sha256s if sha not in self.versions}
        if wanted:
            self.versions.update((sha, Seen(*seen)) for sha, seen in self._ledger.first_seen(wanted).items())

    def finish(self, submissions: Sequence[UnitSubmission]) -> list[UnitSubmission]:
        """Write what is pending, then give each submission its version's first sighting and check every file
        of a locked year and period against its final version (problems in :attr:`problems`; a file
        :meth:`check` saw already is not checked again)."""
        self.flush()
        if self._ledger is not None:  # files read but not recorded (passed over): when the ledger saw them
            try:
                self._look_up(s.version.sha256 for s in submissions if s.version is not None)
            except LedgerError as exc:
                self.fail(exc)
        out = []
        for s in submissions:
            version = self.versions.get(s.version.sha256) if s.version is not None else None
            if s.version is not None and version is not None:
                s = evolve(s, version=evolve(s.version, first_seen=version.time))
            lock = self._lock_of(s)
            if lock is not None and s.file not in self._checked:
                s = self._check_lock(s, lock, version)
            elif s.file in self._checked and s.version is not None and self._checked[s.file]:
                s = replace(s, version=replace(s.version, locked=True))
            out.append(s)
        self.close()
        return out

    def check(self, s: UnitSubmission) -> list[Problem]:
        """The lock check of one file as soon as it is read and noted (a write-back lists its problem on the
        file's own *Validasi* sheet): what is pending is written first, so that the version's fingerprint is
        known. Returns the file's problems (also in :attr:`problems`); :meth:`finish` does not check it again."""
        lock = self._lock_of(s)
        if lock is None:
            return []
        self.flush()
        before = len(self.problems)
        checked = self._check_lock(s, lock, self.versions.get(s.version.sha256) if s.version is not None else None)
        self._checked[s.file] = checked.version is not None and checked.version.locked
        return [p for p in self.problems[before:] if p.file == s.file]

    def _lock_of(self, s: UnitSubmission) -> LockEvent | None:
        """The lock of the file's year and period when the file takes part in it (a readable unit's version)."""
        lock = self.locks.get((s.year, s.period)) if s.year is not None and s.period is not None else None
        if lock is not None and s.readable and not s.skipped and s.unit is not None and s.version is not None:
            return lock
        return None

    def _check_lock(self, s: UnitSubmission, lock: LockEvent, version: Seen | None) -> UnitSubmission:
        assert s.unit is not None and s.version is not None
        locked = lock.versions.get(s.unit)
        fingerprint = version.fingerprint if version is not None else None
        if locked is not None and fingerprint is not None and fingerprint == locked.fingerprint:
            return replace(s, version=replace(s.version, locked=True))
        content = locked_content = None
        if locked is not None and self._ledger is not None:
            try:
                content = self._ledger.content(fingerprint)
                locked_content = self._ledger.content(locked.fingerprint)
            except LedgerError as exc:
                self.fail(exc)
        found = lock_problem(self.catalog, lock, s.unit, s.file, s.version.sha256, fingerprint, content,
                             locked_content)
        if found is not None:
            self.problems.append(found)
        return s
