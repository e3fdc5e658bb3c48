"""The zip container of a package: members decompressed only when read, unchanged ones copied raw.

Write-back touches a handful of small parts; sheets, pictures and macros pass through untouched. Their
compressed bytes are copied as they are (with the CRC and sizes from the central directory), so a
large screenshot is neither inflated nor deflated again, and its content is byte-identical by
construction. What is decompressed is bounded: the declared size is a ceiling (a zip bomb cannot
inflate past it) and the CRC is checked.

Parts are inflated and their CRC computed by zlib-ng (:mod:`zlib_ng`, the same API and results as :mod:`zlib`),
about twice as fast: every file of a batch has its sheet inflated here. What is written is deflated by
:mod:`zlib`, whose output (unlike zlib-ng's) stays byte for byte what it was.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import NamedTuple, cast

from zlib_ng import zlib_ng

from ..errors import BrokenPackageError, UnsafePackageError, UnsupportedPartError, describe_zip_error

MIB = 1024 * 1024
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
_END_MAGIC, _ZIP64_LOCATOR_MAGIC = b"PK\x05\x06", b"PK\x06\x07"
_EXTRA = struct.Struct("<HH")
_ZIP64_EXTRA = 0x0001
#: zlib-ng's error class (its stub names it as an instance).
_INFLATE_ERROR = cast("type[Exception]", zlib_ng.error)
_MAX_EXTRACT_VERSION = 63  # zipfile's own limit
_UTF8_FLAG = 0x800
_ZIP32_MAX = 0xFFFFFFFF
_DOS_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Limits:
    """Bounds on what is read: the zip itself, its member count, one decompressed part and all of them."""

    max_package: int = 512 * MIB
    max_members: int = 10_000
    max_part: int = 64 * MIB
    max_total: int = 2048 * MIB


class Member:
    """One zip entry: its name and either its raw compressed stream (as read) or new content."""

    __slots__ = ("name", "date_time", "_method", "_crc", "_compress_size", "_file_size", "_raw", "_data",
                 "_limit")

    def __init__(self, name: str, *, data: bytes | None = None, raw: memoryview | None = None,
                 method: int = zipfile.ZIP_DEFLATED, crc: int = 0, compress_size: int = 0, file_size: int = 0,
                 date_time: tuple[int, int, int, int, int, int] = _DOS_EPOCH, limit: int = 64 * MIB) -> None:
        self.name = name
        self.date_time = date_time
        self._method, self._crc = method, crc
        self._compress_size, self._file_size = compress_size, file_size
        self._raw, self._data, self._limit = raw, data, limit

    @classmethod
    def new(cls, name: str, data: bytes, date_time: tuple[int, int, int, int, int, int] = _DOS_EPOCH) -> Member:
        """A member with new content (compressed when written)."""
        return cls(name, data=data, file_size=len(data), date_time=date_time)

    @property
    def is_dir(self) -> bool:
        return self.name.endswith("/")

    @property
    def size(self) -> int:
        """The uncompressed size (declared in the zip directory for members as read)."""
        return len(self._data) if self._data is not None else self._file_size

    @property
    def stored(self) -> bool:
        """True for a member as read that its zip stores without compression."""
        return self._raw is not None and self._method == zipfile.ZIP_STORED

    @property
    def identity(self) -> tuple[object, ...]:
        """What this member's content follows from, without inflating it: for a member as read, its compressed
        stream with its method, declared CRC and sizes (the same stream gives the same content; another stream
        of the same content only compares unequal); for a new one, its content."""
        if self._raw is not None:
            return self._method, self._crc, self._file_size, self._raw.tobytes()
        return ("new", self.data)

    @property
    def data(self) -> bytes:
        """The uncompressed content; decompressed once, within the size limit, CRC checked."""
        if self._data is None:
            self._data = self._inflate()
        return self._data

    def with_data(self, data: bytes) -> Member:
        """The same entry with new content (its date kept)."""
        return Member.new(self.name, data, self.date_time)

    def renamed(self, name: str) -> Member:
        """The same content under another name; a member as read keeps its compressed stream."""
        return Member(name, data=self._data, raw=self._raw, method=self._method, crc=self._crc,
                      compress_size=self._compress_size, file_size=self._file_size, date_time=self.date_time,
                      limit=self._limit)

    def _inflate(self) -> bytes:
        assert self._raw is not None
        if self._file_size > self._limit:
            raise UnsafePackageError(f"bagian {self.name} terlalu besar setelah diekstrak "
                                     f"({self._file_size} bita; batas {self._limit} bita)")
        if self._method == zipfile.ZIP_STORED:
            data = bytes(self._raw)
        else:
            inflater = zlib_ng.decompressobj(-15)
            try:
                # max_length: never inflate past the declared size, whatever the stream says
                data = inflater.decompress(self._raw, self._file_size + 1)
            except _INFLATE_ERROR as exc:
                raise BrokenPackageError(f"bagian {self.name} rusak (data terkompresi tidak valid: {exc})") from None
        if len(data) != self._file_size:
            raise BrokenPackageError(f"bagian {self.name} rusak: ukurannya tidak sesuai dengan direktori zip")
        if zlib_ng.crc32(data) != self._crc:
            raise BrokenPackageError(f"bagian {self.name} rusak: CRC tidak cocok")
        return data

    def _stream(self, level: int, copy_raw: bool) -> tuple[int, int, int, int, bytes | memoryview]:
        """(method, crc, compressed size, size, stream) as written."""
        if self._raw is not None and copy_raw:
            return self._method, self._crc, self._compress_size, self._file_size, self._raw
        data = self.data
        deflater = zlib.compressobj(level, zlib.DEFLATED, -15)
        stream = deflater.compress(data) + deflater.flush()
        return zipfile.ZIP_DEFLATED, zlib.crc32(data), len(stream), len(data), stream


class DirectoryEntry(NamedTuple):
    """One entry of a zip's central directory, as :class:`zipfile.ZipInfo` names what is used of it."""

    filename: str
    orig_filename: str
    flag_bits: int
    compress_type: int
    date_time: tuple[int, int, int, int, int, int]
    CRC: int
    compress_size: int
    file_size: int
    header_offset: int


#: A :class:`DirectoryEntry` made from its fields in one C call (its ``__new__`` is a Python function taking them
#: one by one: 16 entries a workbook, every workbook of a batch).
_new_entry = tuple.__new__

#: What a member is read from: a :class:`zipfile.ZipInfo` or a :class:`DirectoryEntry`.
EntryLike = zipfile.ZipInfo | DirectoryEntry


def zip_directory(data: bytes | memoryview) -> list[DirectoryEntry] | None:
    """The central directory of zip ``data`` read with a few struct calls, exactly as :mod:`zipfile` reads it, for
    the common form of a zip: the end record last (no archive comment), no ZIP64 record, nothing before the first
    member, every entry whole and inside the directory, no ZIP64 extra field, names without a NUL. None for any
    other zip, or anything that is not one: :mod:`zipfile` then reads it (and words what it finds wrong), so this
    only saves the work of building its objects. A property test holds the two to one answer."""
    size = len(data)
    end_at = size - _END.size
    if end_at < 20 or data[end_at:end_at + 4] != _END_MAGIC or data[size - 2:size] != b"\0\0" \
            or data[end_at - 20:end_at - 16] == _ZIP64_LOCATOR_MAGIC:
        return None
    _, _, _, _, count, directory_size, directory_at, _ = _END.unpack_from(data, end_at)
    if directory_at + directory_size != end_at:  # data before the zip (or a directory that does not fit)
        return None
    entries: list[DirectoryEntry] = []
    position = directory_at
    unpack, header_size = _CENTRAL.unpack_from, _CENTRAL.size
    while position < end_at:
        if position + header_size > end_at:
            return None
        (signature, _, extract_version, flags, method, time, date, crc, compressed, file_size, name_length,
         extra_length, comment_length, _, _, _, offset) = unpack(data, position)
        name_at = position + header_size
        position = name_at + name_length + extra_length + comment_length
        if signature != _CENTRAL_SIG or position > end_at or (extract_version & 0xFF) > _MAX_EXTRACT_VERSION:
            return None
        raw_name = bytes(data[name_at:name_at + name_length])
        if extra_length and not _plain_extra(data[name_at + name_length:name_at + name_length + extra_length]):
            return None
        try:  # ASCII reads the same in both encodings, without the cp437 codec's Python layer
            name = raw_name.decode("ascii" if raw_name.isascii() else "utf-8" if flags & _UTF8_FLAG else "cp437")
        except UnicodeDecodeError:
            return None
        if "\0" in name or (os.sep != "/" and os.sep in name):
            return None
        entries.append(_new_entry(DirectoryEntry, (name, name, flags, method, (
            (date >> 9) + 1980, (date >> 5) & 0xF, date & 0x1F, time >> 11, (time >> 5) & 0x3F, (time & 0x1F) * 2),
            crc, compressed, file_size, offset)))
    return entries if len(entries) == count else None


def _plain_extra(extra: bytes | memoryview) -> bool:
    """True when an entry's extra field is well formed and holds no ZIP64 record (which changes its sizes)."""
    position = 0
    while len(extra) - position >= 4:
        kind, length = _EXTRA.unpack_from(extra, position)
        position += 4 + length
        if kind == _ZIP64_EXTRA or position > len(extra):
            return False
    return True


def read_members(data: bytes, limits: Limits, directory: Sequence[EntryLike] | None = None) -> list[Member]:
    """The members of zip ``data`` in stored order, none decompressed yet; ``directory``: its central directory
    already read (by :func:`zip_directory` or :mod:`zipfile`), not read again."""
    if len(data) > limits.max_package:
        raise UnsafePackageError(f"berkas terlalu besar ({len(data)} bita; batas {limits.max_package} bita)")
    if directory is None:
        directory = zip_directory(data)
    if directory is None:
        try:
            directory = zipfile.ZipFile(BytesIO(data)).infolist()
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise BrokenPackageError(f"bukan berkas zip yang utuh ({describe_zip_error(exc)})") from None
    infos = directory
    if len(infos) > limits.max_members:
        raise UnsafePackageError(f"terlalu banyak anggota zip ({len(infos)}; batas {limits.max_members})")
    if sum(info.file_size for info in infos) > limits.max_total:
        raise UnsafePackageError("total ukuran isi zip setelah diekstrak melebihi batas")
    seen: dict[str, str] = {}
    view = memoryview(data)
    members: list[Member] = []
    for info in infos:
        key = info.filename.casefold()
        if key in seen:
            # two entries of one name (OPC names ignore case): readers would disagree on which one counts
            first = seen[key]
            raise UnsafePackageError(f"nama anggota zip ganda: {info.filename}" if first == info.filename else
                                     f"nama anggota zip ganda (hanya beda huruf besar/kecil): {first} dan "
                                     f"{info.filename}")
        seen[key] = info.filename
        members.append(_member(data, view, info, limits))
    return members


def _member(data: bytes, view: memoryview, info: EntryLike, limits: Limits) -> Member:
    """The member of directory entry ``info`` in zip ``data`` (``view``: a view of it), its local header checked."""
    filename, flags, method, offset = info.filename, info.flag_bits, info.compress_type, info.header_offset
    if flags & 0x1:
        raise UnsupportedPartError(f"anggota zip {filename} terenkripsi; buka sandinya di Excel dulu")
    if method != zipfile.ZIP_DEFLATED and method != zipfile.ZIP_STORED:
        raise UnsupportedPartError(f"anggota zip {filename} memakai metode kompresi {method} "
                                   "yang tidak didukung")
    if 0 <= offset <= len(data) - _LOCAL.size:
        fields: tuple[int, ...] | None = _LOCAL.unpack_from(data, offset)
    else:
        header = view[offset:offset + _LOCAL.size]
        fields = _LOCAL.unpack(header) if len(header) == _LOCAL.size else None
    if fields is None or fields[0] != _LOCAL_SIG:
        raise BrokenPackageError(f"anggota zip {filename} rusak: kepala lokal tidak ditemukan")
    name_at, name_length = offset + _LOCAL.size, fields[9]
    start, size = name_at + name_length + fields[10], info.compress_size
    if start + size > len(data):
        raise BrokenPackageError(f"anggota zip {filename} terpotong")
    name = info.orig_filename
    if name.isascii():  # only the same ASCII bytes decode to an ASCII name, in either encoding
        same = data[name_at:name_at + name_length] == name.encode("ascii")
    else:
        local_name = data[name_at:name_at + name_length]
        same = local_name.decode("utf-8" if flags & _UTF8_FLAG else "cp437", "replace") == name
    if not same:
        raise BrokenPackageError(f"anggota zip {filename} rusak: nama di kepala lokal berbeda")
    date_time = info.date_time
    return Member(filename, raw=view[start:start + size], method=method, crc=info.CRC, compress_size=size,
                  file_size=info.file_size, date_time=date_time if date_time >= _DOS_EPOCH else _DOS_EPOCH,
                  limit=limits.max_part)


def write_members(members: Iterable[Member], *, level: int = 6, copy_raw: bool = True) -> bytes:
    """A zip of ``members`` in the given order; members as read are copied raw unless ``copy_raw`` is off."""
    chunks: list[bytes | memoryview] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for member in members:
        name = member.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_FLAG
        method, crc, compressed, size, stream = member._stream(level, copy_raw)
        if max(compressed, size, offset) > _ZIP32_MAX:
            raise UnsupportedPartError("paket melebihi 4 GiB (ZIP64) dan tidak didukung")
        time, date = _dos(member.date_time)
        local = _LOCAL.pack(_LOCAL_SIG, 20, flags, method, time, date, crc, compressed, size, len(name), 0)
        chunks += (local, name, stream)
        central.append(_CENTRAL.pack(_CENTRAL_SIG, 20, 20, flags, method, time, date, crc, compressed, size,
                                     len(name), 0, 0, 0, 0, 0, offset) + name)
        offset += len(local) + len(name) + compressed
        count += 1
    if count > 0xFFFF:
        raise UnsupportedPartError("paket memuat lebih dari 65535 anggota (ZIP64) dan tidak didukung")
    directory = b"".join(central)
    chunks += (directory, _END.pack(_END_SIG, 0, 0, count, count, len(directory), offset, 0))
    return b"".join(chunks)


def _dos(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day
