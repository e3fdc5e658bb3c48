"""A sound workbook's zip as the readers use it, and the limits on what they read of it.

:func:`~.safety.check_file` reads a file once and parses its zip with the splice's package rules; what it keeps
(:class:`OpenedFile`) is read through :class:`PackageArchive`: each part inflated once, its size checked against
a limit first (:func:`read_part`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from ..atomic import FileIdentity, Snapshot
from ..errors import UnreadableFile
from ..package import DirectoryEntry, Package


def human_size(size: int) -> str:
    """``1.536`` -> ``1,5 KB`` (Indonesian decimal comma)."""
    value = float(size)
    for unit in ("bita", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            text = f"{value:.0f}" if unit == "bita" else f"{value:.1f}".replace(".", ",")
            return f"{text} {unit}"
        value /= 1024
    return f"{size} bita"  # pragma: no cover


class PackageArchive:
    """A sound workbook's zip as the readers use it (``namelist``, ``getinfo``, ``read``, ``open``), its parts read
    through the package the splice rules already parsed: each inflated in one call (size and CRC checked), not
    through :mod:`zipfile`'s streams, and once. ``directory``: the zip's central directory the package was read
    from; ``archive``: the same bytes opened by :mod:`zipfile`, or None to open them only if a part is streamed
    (the streaming parser, for an unusual sheet)."""

    def __init__(self, package: Package, directory: Sequence[DirectoryEntry | zipfile.ZipInfo], content: bytes,
                 archive: zipfile.ZipFile | None = None) -> None:
        self._members = {m.name: m for m in package.members()}
        self._infos = {info.filename: info for info in directory}
        self._content = content
        self._archive = archive

    def namelist(self) -> list[str]:
        return list(self._members)

    def getinfo(self, name: str) -> DirectoryEntry | zipfile.ZipInfo:
        return self._infos[name]

    def read(self, name: str | DirectoryEntry | zipfile.ZipInfo) -> bytes:
        return self._members[name if isinstance(name, str) else name.filename].data

    def identity(self, name: str) -> tuple[object, ...] | None:
        """What part ``name``'s content follows from, without inflating it (None: no such part)."""
        member = self._members.get(name)
        return member.identity if member is not None else None

    def open(self, name: str) -> IO[bytes]:
        if self._archive is None:
            self._archive = zipfile.ZipFile(io.BytesIO(self._content))
        return self._archive.open(name)

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()


#: A workbook's zip: as :mod:`zipfile` opened it, or through its package.
ZipLike = zipfile.ZipFile | PackageArchive


@dataclass
class OpenedFile:
    """A sound workbook read into memory once: its bytes, the identity of the file they came from and its
    open zip (the caller closes it)."""

    content: bytes
    archive: ZipLike
    identity: FileIdentity | None = None
    #: The read it came from, with what was parsed from it (the package): a write-back splices these bytes.
    snapshot: Snapshot | None = None


def read_part(archive: ZipLike, name: str, limit: int, sheet: str = "") -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise part_too_large(name, info.file_size, limit, sheet)
    return archive.read(name)


def part_too_large(part: str, size: int, limit: int, sheet: str = "") -> UnreadableFile:
    """What was too large, by how much: a sheet (with its part) or another part of the zip."""
    what = f"Lembar '{sheet}' ({part})" if sheet else f"Bagian {part}"
    return UnreadableFile("bagian-terlalu-besar", sheet=sheet, what=what, size=human_size(size),
                          limit=human_size(limit))


#: Entries each store of the readers' remembered answers (by a part's compressed stream) keeps at most (emptied when
#: full: a batch's templates are few).
KEPT = 64
