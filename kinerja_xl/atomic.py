"""Atomic file replacement: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_write(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``path`` in one rename.

    If the block raises (or the process dies), the old file is untouched and the temporary file is
    removed (or left with a ``.tmp`` suffix that never shadows the real name).
    """
    path = Path(path)
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        # a rename would silently replace a read-only file: honour the protection instead
        raise PermissionError(13, "berkas hanya-baca (read-only)", str(path))
    if path.is_dir():
        raise IsADirectoryError(21, "tujuan adalah folder, bukan berkas", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        # mkstemp creates 0600 files: keep the old file's mode, or the usual umask-based mode.
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)  # atomic on POSIX and Windows when on the same volume
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` in one rename (see :func:`atomic_write`); returns ``path``."""
    with atomic_write(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
