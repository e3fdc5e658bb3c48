"""Atomic file replacement, and the identity of what was read: the one way kinerja_xl writes a file.

Every output (workbooks, the Word report, CSV, JSON, a catalog) is written to a temporary file beside its
target and renamed over it in one step, so a failure at any point (a full disk, a ``kill -9``) leaves the
old file as it was. What can go wrong is settled here, once:

* an :class:`OSError` becomes :class:`~kinerja_xl.errors.OutputWriteError`, a message in Bahasa Indonesia
  (exit code 2), never a traceback; the temporary file is removed;
* temporary files are named ``.~kinerja-xl-HOST-PID-RANDOM.tmp``: hidden, never taken for a workbook, and
  recognised later, so one left behind by a killed process is removed by the next run that writes there;
* a symbolic link is written through: its target gets the new content and the link stays a link;
* a device, a pipe (FIFO) or a socket is never replaced by a plain file: the write is refused
  (:class:`~kinerja_xl.errors.OutputRefused`);
* with ``expect`` (the :class:`FileIdentity` of the file as it was read), a file that changed meanwhile (saved
  by someone else) is not replaced: :class:`~kinerja_xl.errors.FileChangedError`, "berkas berubah selama
  diproses; ulangi".
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .errors import FileChangedError, KinerjaXlError, OutputRefused, OutputWriteError, UsageError

TEMP_PREFIX = ".~kinerja-xl-"
TEMP_SUFFIX = ".tmp"
#: A temporary file this old is stale whoever made it (a process on another computer sharing the folder).
STALE_AFTER_SECONDS = 24 * 3600
_CLEANED: set[str] = set()
T = TypeVar("T")


@cache
def _temporary_names() -> re.Pattern[str]:
    """The names of kinerja_xl's temporary files; compiled when a folder is first cleaned (a command that writes
    nothing never needs it). Only this recognisable name is removed: the plain ``.NAME-xxxxxxxx.xlsx.tmp`` of
    early versions is a name any user's file may have (``.anggaran-revisi_2.xlsx.tmp``), and is left alone."""
    return re.compile(re.escape(TEMP_PREFIX) + r"([0-9a-f]{8})-([0-9]+)-[A-Za-z0-9_]+" + re.escape(TEMP_SUFFIX))


@cache
def _host() -> str:
    """This computer, as its temporary files name it: a hash of its host name (asked when a file is first
    written). Where the system has ``uname`` its node name is the host name ``socket.gethostname()`` gives,
    without importing ``socket``."""
    if hasattr(os, "uname"):
        name = os.uname().nodename
    else:  # Windows
        import socket

        name = socket.gethostname()
    return hashlib.sha1(name.encode("utf-8", "replace")).hexdigest()[:8]


@dataclass(frozen=True)
class FileIdentity:
    """Which file, in which state: a replacement (another inode) or a save in place (size, time) changes it."""

    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileIdentity:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)


def identity(path: str | Path) -> FileIdentity | None:
    """The identity of the file at ``path`` (through symbolic links), None when there is none."""
    try:
        return FileIdentity.of(os.stat(path))
    except OSError:
        return None


@dataclass(frozen=True)
class Snapshot:
    """The bytes of a file and the identity of the file they were read from (one read, checked whole)."""

    path: Path
    content: bytes
    identity: FileIdentity

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, once per snapshot: what is parsed from these bytes (the package that validation checks and
        the write-back splices). Kept on the snapshot, never pickled with it."""
        store: dict[str, Any] = self.__dict__.setdefault("_derived", {})
        if key not in store:
            store[key] = make()
        return store[key]  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_derived", None)
        return state


def read_snapshot(path: str | Path, limit: int | None = None) -> Snapshot:
    """Read ``path`` once; :class:`~kinerja_xl.errors.FileChangedError` if it changed while being read.
    With ``limit``, at most ``limit + 1`` bytes are read (the caller refuses a larger file by its size).

    The read asks for the size the file has (and one byte more), not for the limit: a read of ``limit + 1`` bytes
    first allocates that much (tens of MB for a file of a few KB); a file longer than its size said is read on,
    to the same ``limit + 1`` bytes. The file is read through its descriptor (``os.open``, ``os.read``): its bytes
    go straight into the one object returned, with no file object, buffer or extra ``fstat`` made per file (half
    the time of a file object's read of a unit workbook, a read per file of every batch)."""
    path = Path(path)
    descriptor = os.open(path, os.O_RDONLY | _O_BINARY)
    try:
        before = os.fstat(descriptor)
        if stat.S_ISDIR(before.st_mode):  # as open() says it (os.open takes a folder)
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        wanted = before.st_size + 1 if limit is None else min(before.st_size, limit) + 1
        content = _read_at_most(descriptor, wanted, enough=before.st_size)
        if before.st_size < len(content) and (limit is None or len(content) <= limit):  # longer than it said
            content += _read_at_most(descriptor, _UNBOUNDED if limit is None else limit + 1 - len(content))
        after = os.fstat(descriptor)
    finally:
        os.close(descriptor)
    identity = FileIdentity.of(after)
    if identity != FileIdentity.of(before):
        raise FileChangedError(path)
    return Snapshot(path, content, identity)


#: Files read as bytes on every system (Windows' os.open would translate line ends without it).
_O_BINARY = getattr(os, "O_BINARY", 0)


#: What "no limit" asks of :func:`_read_at_most` (read in chunks to the end).
_UNBOUNDED = 1 << 62


def _read_at_most(descriptor: int, count: int, enough: int | None = None) -> bytes:
    """Up to ``count`` bytes of an open file, fewer only at its end (a read may return less than asked).
    ``enough``: the size the file had; once that much is read, no read is spent to meet the end (a file grown since
    is told by its identity after the read, as :func:`read_snapshot` compares)."""
    chunks = []
    total = 0
    while count > 0:
        chunk = os.read(descriptor, min(count, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
        total += len(chunk)
        if total == enough:
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


#: The most one read asks for (os.read allocates what it asks; the first read asks for the file's size).
_READ_CHUNK = 16 * 1024 * 1024


def atomic_write_bytes(path: str | Path, data: bytes, *, expect: FileIdentity | None = None) -> Path:
    """Replace ``path`` with ``data`` in one rename; returns ``path``. ``expect``: the identity ``path`` must
    still have (else :class:`~kinerja_xl.errors.FileChangedError` and nothing is written)."""
    return stage_bytes(path, data, expect=expect).commit()


@dataclass
class StagedFile:
    """New content written to a temporary file beside its target, not yet in place: :meth:`commit` puts it
    there (``fsync``, the ``expect`` check, one rename), :meth:`discard` removes it. Staging the next file
    while this one commits lets a batch overlap its ``fsync`` waits with work (``fsync`` releases the GIL)."""

    shown: Path
    target: Path
    tmp: Path | None
    expect: FileIdentity | None = None

    def commit(self) -> Path:
        """Put the new content in place; :class:`~kinerja_xl.errors.OutputWriteError` or
        :class:`~kinerja_xl.errors.FileChangedError` leave the old file as it was (the temporary file goes)."""
        if self.tmp is None:
            raise ValueError("berkas sementara sudah dipakai atau dibuang")
        with _worded(self.shown):
            try:
                with open(self.tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
                existing = _stat(self.target)
                # mkstemp creates 0600 files: keep the old file's mode, or the usual umask-based mode.
                os.chmod(self.tmp, existing.st_mode & 0o7777 if existing is not None else 0o666 & ~_umask())
                if self.expect is not None and (existing is None or FileIdentity.of(existing) != self.expect):
                    raise FileChangedError(self.shown)
                os.replace(self.tmp, self.target)  # atomic on POSIX and Windows when on the same volume
                self.tmp = None
            finally:
                self.discard()
        return self.shown

    def discard(self) -> None:
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                self.tmp.unlink()
            self.tmp = None


def stage_bytes(path: str | Path, data: bytes, *, expect: FileIdentity | None = None) -> StagedFile:
    """``data`` written beside ``path``, to be put in place by :meth:`StagedFile.commit` (see
    :func:`atomic_write_bytes`, which does both at once)."""
    staged = _stage(Path(path), expect)
    try:
        with _worded(staged.shown):
            assert staged.tmp is not None
            with staged.tmp.open("wb") as handle:
                handle.write(data)
    except BaseException:
        staged.discard()
        raise
    return staged


@contextmanager
def atomic_write(path: str | Path, *, expect: FileIdentity | None = None) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; when the block ends, it replaces ``path`` in one rename.

    If the block raises (or the process dies), the old file is untouched and the temporary file is removed
    (by this call, or by a later run). An :class:`OSError` of the block or of the replacement, also one
    wrapped by a library (e.g. XlsxWriter's ``FileCreateError``), becomes
    :class:`~kinerja_xl.errors.OutputWriteError`.
    """
    staged = _stage(Path(path), expect)
    assert staged.tmp is not None
    try:
        with _worded(staged.shown):
            yield staged.tmp
    except BaseException:
        staged.discard()
        raise
    staged.commit()


def _stage(shown: Path, expect: FileIdentity | None) -> StagedFile:
    """An empty temporary file beside ``shown`` (or beside the file a symbolic link points at)."""
    with _worded(shown):
        target = _write_target(shown)
        folder = target.parent
        if not shown.is_symlink():
            folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder)
        import tempfile  # here: a command that writes nothing starts without it

        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{_host()}-{os.getpid()}-", suffix=TEMP_SUFFIX, dir=folder)
        os.close(fd)
    return StagedFile(shown, target, Path(name), expect)


@contextmanager
def _worded(shown: Path) -> Iterator[None]:
    """An :class:`OSError` (also one a library wrapped) as :class:`~kinerja_xl.errors.OutputWriteError`."""
    try:
        yield
    except OSError as exc:
        raise OutputWriteError(shown, exc) from exc
    except KinerjaXlError:
        raise
    except Exception as exc:
        cause = _os_error_in(exc)
        if cause is not None:
            raise OutputWriteError(shown, cause) from exc
        raise


def _write_target(path: Path) -> Path:
    """The file that gets the content: a symbolic link's target (the link stays), refused when it is a folder
    or read-only (a rename would silently replace a read-only file: its protection is honoured instead)."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    existing = _stat(target)
    if existing is not None and os.path.isdir(target):
        raise IsADirectoryError(21, "tujuan adalah folder, bukan berkas", str(path))
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OutputRefused(special_file_refusal(path))
    if existing is not None and (not os.access(target, os.W_OK) or not existing.st_mode & 0o222):
        if _read_only_medium(target):  # a read-only mount or medium: said so, not "no permission"
            raise OSError(errno.EROFS, "media hanya-baca", str(path))
        raise PermissionError(13, "berkas hanya-baca (read-only)", str(path))
    return target


def special_file_refusal(path: str | Path) -> str:
    """Why an output is not written over ``path``, a device (``/dev/null``), a pipe (FIFO) or a socket: a rename
    would put a plain file in its place (as root, ``/dev/null`` itself), and writing into it is no file kept."""
    return (f"{path} bukan berkas biasa (perangkat, pipa/FIFO atau soket); kinerja-xl hanya menulis keluaran ke "
            "berkas biasa dan tidak menggantinya. Pilih nama berkas keluaran lain (JSON ke layar: --json -).")


def _read_only_medium(path: Path) -> bool:
    """Whether ``path`` lies on a file system mounted read-only (where the system can tell)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # Windows has no statvfs
        return False


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _os_error_in(exc: BaseException) -> OSError | None:
    """The OSError a library wrapped (as its first argument, like XlsxWriter's ``FileCreateError``, or as the
    explicit cause), if any; kinerja_xl's own errors are never re-worded."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and not isinstance(current, KinerjaXlError):
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        inner = current.args[0] if current.args and isinstance(current.args[0], OSError) else None
        current = inner or current.__cause__
    return None


def inside(folder: str | Path, name: str) -> Path:
    """``folder / name`` for a file name made from data (a unit code, an input's name): refused with
    :class:`~kinerja_xl.errors.UsageError` unless it is one plain name, so the file stays in ``folder`` (a
    symbolic link the user put there is written through, like any other)."""
    unsafe = (not name or name in (".", "..") or any(sep in name for sep in ("/", "\\", "\0"))
              or any(ord(ch) < 32 for ch in name) or os.path.isabs(name) or bool(os.path.splitdrive(name)[0]))
    if unsafe or (Path(folder) / name).parent != Path(folder):
        shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in name)
        raise UsageError(f"nama berkas keluaran '{shown}' tidak aman: berkas harus berada langsung di folder {folder}")
    return Path(folder) / name


def remove_stale_temporaries(folder: str | Path) -> list[Path]:
    """Remove the temporary files of kinerja_xl in ``folder`` that no running write owns: made on this computer
    by a process that no longer exists, or older than a day; once per folder and process. Returns what was removed."""
    key = os.path.normcase(os.path.abspath(folder))
    if key in _CLEANED:
        return []
    _CLEANED.add(key)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    names = _temporary_names()
    for entry in entries:
        ours = names.fullmatch(entry.name)
        if ours is None:
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
            dead = ours.group(1) == _host() and not _alive(int(ours.group(2)))
            if (old or dead) and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows: go by age there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, under another user
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
