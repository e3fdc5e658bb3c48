"""File checks done before any parsing, and neutralisation of user text written back to Excel.

:func:`check_file` looks only at the file system entry, the first bytes and the zip directory, so a
hostile or broken file (empty, huge, encrypted, legacy, renamed, zip bomb) is rejected before
calamine or openpyxl touch it. It yields at most one problem: the first reason the file cannot be read.
The file is read into memory once (within the size limit), so the sheet scan and calamine see the same
bytes even if someone saves the workbook meanwhile.

:func:`inspect_sheets` then streams the XML of the sheets the reader needs, with defusedxml (no DTD,
no entities), to learn what calamine hides: formulas typed into cells, Excel error values (calamine
returns them as empty) and the sheet's extent (a few cells placed far away would make calamine
allocate a huge dense grid).
"""

from __future__ import annotations

import errno
import functools
import io
import os
import posixpath
import re
import stat
import zipfile
import zlib
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, NamedTuple

from ..atomic import FileIdentity, Snapshot, read_snapshot
from ..catalog.schema import Catalog
from ..errors import FileChangedError, UnreadableFile, describe_zip_error, os_error_parts
from ..package import DirectoryEntry, Package, PackageError, splice_refusals, zip_directory
from ..problems import Problem
from ..cells import column_letter
from ..memo import remember
from ..problems import problem

ALLOWED_SUFFIXES = (".xlsx", ".xlsm")
#: Spreadsheets saved in another format: a unit's workbook saved so is named with a problem saying how to
#: save it again as .xlsx (a folder scan takes them when their name names a unit).
OTHER_SPREADSHEETS = {".xls": "buku kerja Excel 97-2003 (.xls)", ".xlsb": "buku kerja biner Excel (.xlsb)",
                      ".ods": "lembar kerja OpenDocument (.ods)", ".fods": "lembar kerja OpenDocument datar (.fods)",
                      ".numbers": "berkas Apple Numbers (.numbers)"}
#: The custom document property every workbook kinerja_xl writes for its users carries (its value: the
#: kind, a key of :data:`OUTPUT_KINDS`), so a folder scan passes over it instead of reading it as a broken
#: unit workbook. Unit workbooks (``templat``, ``hitung --keluaran``) carry none: they are inputs.
OUTPUT_MARKER = "kinerja_xl.keluaran"
OUTPUT_KINDS = {"konsolidasi": "buku kerja konsolidasi", "pemantauan": "buku kerja pemantauan",
                "reviu": "buku kerja reviu", "peluncur": "buku kerja peluncur", "dilaporkan": "buku kerja Dilaporkan",
                "ekspor": "buku kerja ekspor"}
_MARKER = re.compile(rb'name="' + re.escape(OUTPUT_MARKER.encode())
                     + rb'"[^>]*>\s*<vt:lpwstr>([a-z]{1,20})</vt:lpwstr>')
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
MB = 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    """Limits applied before reading: file size, zip expansion (a bomb exceeds both the ratio and the
    absolute size), the decompressed size of one sheet's XML (``max_part``; ``max_small_sheet`` for a sheet read
    only for a few key/value rows, ``_meta``) and the extent of the sheets that are loaded (the template of a
    small catalog uses ~60 rows, 12 columns). :meth:`for_catalog` grows them with the catalog, so every
    workbook kinerja_xl writes, kinerja_xl reads."""

    max_bytes: int = 20 * MB
    max_ratio: int = 100
    max_uncompressed: int = 200 * MB
    max_rows: int = 20_000
    max_columns: int = 64
    max_part: int = 16 * MB
    max_small_sheet: int = 2 * MB

    @classmethod
    def for_catalog(cls, catalog: Catalog) -> FileLimits:
        """The defaults, raised for a catalog whose templates need more: per node and input field, a
        generous multiple of what the template writer uses (12,000 indicators: ~900 bytes of Isian XML,
        ~100 bytes of _meta XML, ~70 compressed bytes and one or two rows each). Built once per catalog (every
        file of a batch is read with the same limits)."""
        return catalog.memo("file-limits", lambda: cls._for_catalog(catalog))

    @classmethod
    def _for_catalog(cls, catalog: Catalog) -> FileLimits:
        items = sum(1 for _ in catalog.walk()) + len(catalog.input_fields())
        # a Survei sheet holds up to its catalog capacity of respondent rows (~12 compressed, ~60 XML bytes a cell)
        answers = sum(n.survey.capacity * (n.survey.size + len(n.survey.columns) + 1)
                      for n in catalog.walk() if n.survey is not None)
        base = cls()
        return replace(base, max_bytes=base.max_bytes + 1024 * items + 12 * answers,
                       max_uncompressed=base.max_uncompressed + 8 * 1024 * items + 60 * answers,
                       max_rows=max(base.max_rows, 2 * items + 1000),
                       max_part=base.max_part + 4 * 1024 * items,
                       max_small_sheet=base.max_small_sheet + 512 * items)


def human_size(size: int) -> str:
    """``1.536`` -> ``1,5 KB`` (Indonesian decimal comma)."""
    value = float(size)
    for unit in ("bita", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            text = f"{value:.0f}" if unit == "bita" else f"{value:.1f}".replace(".", ",")
            return f"{text} {unit}"
        value /= 1024
    return f"{size} bita"  # pragma: no cover


def _sniff(head: bytes) -> str:
    """What the first bytes look like: a short Indonesian description."""
    if head.startswith(b"%PDF"):
        return "berkas PDF"
    if head[:8].lower().lstrip().startswith((b"<html", b"<!doc")):
        return "halaman HTML"
    if head.lstrip().startswith(b"<?xml"):
        return "berkas XML (mis. 'XML Spreadsheet 2003')"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "berkas gambar"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
        if sum(ch.isprintable() or ch in "\r\n\t" for ch in text) < 0.95 * len(text):
            return ""
    if any(sep in text for sep in (",", ";", "\t")):
        return "berkas teks/CSV"
    return "berkas teks"


def _junk_before_zip(content: bytes) -> int:
    """How many bytes precede an otherwise complete zip (0 when there is no zip at all): zipfile reads such a
    file by its end record, Excel refuses it."""
    start = content.find(b"PK\x03\x04")
    if start <= 0 or not zipfile.is_zipfile(io.BytesIO(content)):
        return 0
    return start


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "dokumen Word (.docx)"
    if "ppt/presentation.xml" in names:
        return "presentasi PowerPoint (.pptx)"
    if "content.xml" in names or "mimetype" in names:
        return "dokumen OpenDocument (mis. .ods)"
    return "arsip zip biasa"


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


def check_file(path: str | Path, limits: FileLimits | None = None, *,
               keep_open: list[OpenedFile] | None = None, snapshot: Snapshot | None = None) -> Iterator[Problem]:
    """Yield the first reason ``path`` cannot be read as a unit workbook, if any.

    With ``keep_open`` a sound workbook is appended there as an :class:`OpenedFile`, so the readers
    after this check neither open the file nor read the zip directory again. ``snapshot``: the file as
    already read (a write-back validates exactly the bytes it splices).
    """
    limits = limits or FileLimits()
    path = Path(path)
    where = {"file": str(path)}
    suffix = path.suffix.lower()
    try:
        if snapshot is not None:
            size = snapshot.identity.size
        else:
            entry = _entry(path)
            if entry is None or not stat.S_ISREG(entry.st_mode):
                detail = "berkas itu adalah folder" if entry is not None and stat.S_ISDIR(entry.st_mode) else \
                    "bukan berkas biasa atau tidak ditemukan"
                yield problem("berkas-tidak-ada", **where, detail=detail)
                return
            size = entry.st_size
        if size == 0:
            yield problem("berkas-kosong", **where)
            return
        if size > limits.max_bytes:
            yield problem("berkas-terlalu-besar", **where, size=human_size(size), limit=human_size(limits.max_bytes))
            return
        snapshot = snapshot or read_snapshot(path, limits.max_bytes)
        content = snapshot.content
        if len(content) > limits.max_bytes:  # grown past the limit since it was measured
            yield problem("berkas-terlalu-besar", **where, size=f"> {human_size(limits.max_bytes)}",
                          limit=human_size(limits.max_bytes))
            return
        head = content[:512]
    except FileChangedError:
        yield problem("berkas-tidak-ada", **where, detail="berkas berubah selama dibaca; ulangi")
        return
    except OSError as exc:
        yield problem("berkas-tidak-ada", **where, detail=os_error_parts(exc, path)[0])
        return

    if head.startswith(OLE_MAGIC):
        if suffix == ".xls":
            yield problem("format-xls-lama", **where)
        elif suffix in ALLOWED_SUFFIXES:
            yield problem("berkas-terenkripsi", **where)
        else:
            yield problem("ekstensi-salah", **where, detail=f"ekstensi '{suffix or '(tanpa ekstensi)'}' "
                                                              "berisi berkas Office lama")
        return
    if not head.startswith(ZIP_MAGICS):
        junk = _junk_before_zip(content)
        if junk:  # a zip behind other bytes (a download's header, a bad copy): damaged, not a text file
            yield problem("berkas-rusak", **where, detail=f"ada {human_size(junk)} data asing di depan isi zip ("
                                                            "mungkin rusak saat diunduh atau disalin)")
            return
        if suffix in OTHER_SPREADSHEETS:  # a unit's workbook saved in another format (or a broken one)
            yield problem("format-bukan-xlsx", **where, format=OTHER_SPREADSHEETS[suffix])
            return
        kind = _sniff(head)
        if suffix in ALLOWED_SUFFIXES and not kind:
            yield problem("berkas-rusak", **where, detail="bukan berkas zip/OOXML yang sah")
        else:
            yield problem("ekstensi-salah", **where,
                          detail=f"isinya {kind or 'tidak dikenal'} (ekstensi '{suffix or '(tanpa ekstensi)'}')")
        return
    yield from _check_zip(path, content, suffix, limits, keep_open, snapshot)


#: What :meth:`pathlib.Path.is_file` takes for "no such file" rather than an error: these errno values, and on
#: Windows these winerror values (a drive not ready, an invalid name, a link that cannot be resolved).
_NO_ENTRY_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_NO_ENTRY_WINERRORS = (21, 123, 1921)


def _entry(path: Path) -> os.stat_result | None:
    """The file system entry at ``path`` (through symbolic links), in one ``stat``; None where
    :meth:`pathlib.Path.is_file` and ``is_dir`` answer False without raising (any other error is raised)."""
    try:
        return os.stat(path)
    except OSError as exc:
        if exc.errno in _NO_ENTRY_ERRNOS or getattr(exc, "winerror", None) in _NO_ENTRY_WINERRORS:
            return None
        raise
    except ValueError:  # a name the system cannot take (a NUL in it)
        return None


def _check_zip(path: Path, content: bytes, suffix: str, limits: FileLimits, keep_open: list[OpenedFile] | None,
               snapshot: Snapshot) -> Iterator[Problem]:
    """The zip checks of :func:`check_file` on ``content``, the bytes of ``snapshot`` (the one read of the file)."""
    where = {"file": str(path)}
    archive: zipfile.ZipFile | None = None
    infos: Sequence[DirectoryEntry | zipfile.ZipInfo] | None = zip_directory(content)
    if infos is None:  # not the common form of a zip: zipfile reads it, and words what is wrong with it
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
            infos = archive.infolist()
        except Exception as exc:  # noqa: BLE001 - zipfile raises many types (BadZipFile, zlib.error, ...)
            yield problem("berkas-rusak", **where, detail=describe_zip_error(exc))
            return
    directory = infos
    sound = False
    parsed: list[Package] = []

    def package() -> Package:
        if not parsed:
            parsed.append(Package.from_bytes(content, directory=directory))
        return parsed[0]

    try:
        sound = not (yield from _check_entries(path, directory, suffix, len(content), limits))
        if sound:
            # the splice's rules, before any figure is read: what is validated is what Excel shows
            refused = splice_refusals(lambda: snapshot.derived("package", package))
            if refused:
                sound = False
                yield problem("paket-tidak-sah", **where, detail=_one_line(refused))
    finally:
        if sound and keep_open is not None:
            opened: ZipLike = PackageArchive(parsed[0], directory, content, archive) if parsed else \
                archive or zipfile.ZipFile(io.BytesIO(content))  # a snapshot that already held its package
            keep_open.append(OpenedFile(content, opened, snapshot.identity, snapshot))
        elif archive is not None:
            archive.close()


def _one_line(findings: list[str], shown: int = 5) -> str:
    """The package's findings (some of several lines) as one line, the first few of them."""
    flat = [" ".join(f.replace(":\n- ", ": ").replace("\n- ", "; ").split()) for f in findings[:shown]]
    more = f"; … dan {len(findings) - shown} lainnya" if len(findings) > shown else ""
    return "; ".join(flat) + more


def _check_entries(path: Path, infos: Sequence[DirectoryEntry | zipfile.ZipInfo], suffix: str, size: int,
                   limits: FileLimits) -> Generator[Problem, None, bool]:
    """Problems of a readable zip's entries; returns True when one was found."""
    where = {"file": str(path)}
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names and suffix in OTHER_SPREADSHEETS:  # .ods, .xlsb (workbook.bin), .numbers
        yield problem("format-bukan-xlsx", **where, format=OTHER_SPREADSHEETS[suffix])
        return True
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        yield problem("ekstensi-salah", **where, detail=f"berkas ini {_zip_kind(names)}, bukan buku kerja Excel")
        return True
    if suffix not in ALLOWED_SUFFIXES:
        yield problem("ekstensi-salah", **where,
                      detail=f"isinya buku kerja .xlsx tetapi berekstensi '{suffix or '(tanpa ekstensi)'}'; "
                             "ganti ekstensinya menjadi .xlsx")
        return True
    uncompressed = sum(info.file_size for info in infos)
    if uncompressed > limits.max_uncompressed and uncompressed > limits.max_ratio * size:
        yield problem("bom-dekompresi", **where, uncompressed=human_size(uncompressed), size=human_size(size),
                      ratio=uncompressed // max(size, 1))
        return True
    return False


def output_kind(archive: ZipLike) -> str | None:
    """The kind of kinerja_xl output a workbook is (its :data:`OUTPUT_MARKER` property), None for any other."""
    try:
        info = archive.getinfo("docProps/custom.xml")
    except KeyError:
        return None
    if info.file_size > MAX_SMALL_PART:
        return None
    key = archive.identity(info.filename) if isinstance(archive, PackageArchive) else None
    if key is not None and key in _KINDS_SEEN:  # the same compressed stream as a part already read
        return _KINDS_SEEN[key]
    # a comment holding the property's markup is no property (nor a processing instruction or CDATA section)
    found = _MARKER.search(_elements_only(archive.read(info.filename), info.filename))
    kind = found.group(1).decode() if found else None
    kind = kind if kind in OUTPUT_KINDS else None
    if key is not None:
        remember(_KINDS_SEEN, key, kind, _KEPT)
    return kind


#: Document-property parts are a few hundred bytes; a larger one is not read for the marker.
MAX_SMALL_PART = 64 * 1024
#: What :func:`output_kind` found, by the part's compressed stream (workbooks of one template share it).
_KINDS_SEEN: dict[tuple[object, ...], str | None] = {}


# -- sheet XML inspection (before calamine loads a sheet) ------------------------------------------

@dataclass
class SheetXml:
    """What the sheet XML tells beyond calamine's values: formula cells and error cells by (row, col).

    ``max_row``/``max_col`` are measured only by the streaming parser (the byte scan leaves them 0 after
    finding no cell that could break the extent limit).
    """

    formulas: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    max_row: int = 0
    max_col: int = 0


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _split_tag(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag (``{uri}name``; no namespace: "")."""
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, local


def _read_part(archive: ZipLike, name: str, limit: int, sheet: str = "") -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise part_too_large(name, info.file_size, limit, sheet)
    return archive.read(name)


def part_too_large(part: str, size: int, limit: int, sheet: str = "") -> UnreadableFile:
    """What was too large, by how much: a sheet (with its part) or another part of the zip."""
    what = f"Lembar '{sheet}' ({part})" if sheet else f"Bagian {part}"
    return UnreadableFile("bagian-terlalu-besar", sheet=sheet, what=what, size=human_size(size),
                          limit=human_size(limit))


#: A start tag and its attribute text, each value whole in its quotes (a ">" inside one does not end the tag).
_REL = re.compile(rb"""<(?:\w+:)?Relationship\b((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_SHEET_ELEMENT = re.compile(rb"""<(?:\w+:)?sheet\b((?:[^>"']|"[^"]*"|'[^']*')*)>""")
#: One attribute as calamine reads it: a name up to "=", a value in double or single quotes.
_ATTRIBUTE = re.compile(rb"""\s*([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attributes(raw: bytes, part: str) -> list[tuple[str, str]]:
    """The attributes of one start tag in order, names as written (``r:id``), values with their entities expanded.
    Read as calamine reads them, quotes of either kind; a tag written otherwise, or one naming an attribute twice
    (no XML reader takes it, and readers that do would disagree on which counts), is refused."""
    pairs: list[tuple[str, str]] = []
    position, end = 0, len(raw.rstrip(b" \t\r\n/"))
    while position < end:
        match = _ATTRIBUTE.match(raw, position)
        if match is None:
            raise _malformed_part(part)
        name, double, single = match.groups()
        pairs.append((name.decode("utf-8", "replace"),
                      _unescaped((double if double is not None else single).decode("utf-8", "replace"))))
        position = match.end()
    if len({name for name, _ in pairs}) != len(pairs):
        raise _malformed_part(part)
    return pairs


#: What an XML reader does not take as elements: a comment, a CDATA section, a processing instruction.
_NOT_ELEMENTS = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)


def _elements_only(data: bytes, part: str) -> bytes:
    """``data`` (checked: no DTD) without its comments, CDATA sections and processing instructions, whose text the
    byte patterns would otherwise take for tags: a relationship inside a comment is none to calamine or Excel."""
    data = _checked_xml(data, part)
    return _NOT_ELEMENTS.sub(b"", data) if b"<!" in data or b"<?" in data else data


def _malformed_part(part: str) -> UnreadableFile:
    return UnreadableFile("berkas-rusak", detail=f"tag di {part} tidak sah (atribut ganda atau tanpa tanda kutip)")


def _unescaped(value: str) -> str:
    """``html.unescape``, which returns a value without ``&`` as it is: ``html`` (with its table of entities) is
    imported only for a value that has one."""
    if "&" not in value:
        return value
    import html

    return html.unescape(value)


def _checked_xml(data: bytes, name: str) -> bytes:
    # a DTD starts "<!": where no "!" is (one memchr, ~30x faster than the pattern), there is none
    if b"!" in data and _DTD.search(data):
        raise UnreadableFile("berkas-rusak", detail=f"XML tidak aman: {name} memuat DTD/entitas")
    return data


class SheetMap(NamedTuple):
    """What the workbook part and its relationships say: sheet name -> part, and the shared strings part as Excel
    finds it (the workbook's sharedStrings relationship; None: none) and as calamine does (``sharedStrings.xml``
    beside the workbook part, whatever the relationship says)."""

    sheets: dict[str, str]
    strings: str | None
    calamine_strings: str


def _sheet_parts(archive: ZipLike, limit: int) -> SheetMap:
    """The sheet map, from the workbook part and its relationships.

    These parts are tiny and regular; reading their attributes with a byte pattern is ~10x faster
    than a parser and, like the sheet scan, cannot expand entities (a DTD is refused). Workbooks made
    from one template have byte-identical parts, so the answer is remembered per content.
    """
    root_key: tuple[object, ...] | None = None
    if isinstance(archive, PackageArchive):  # the parts' compressed streams: the same ones give the same answer
        root_key = (archive.identity("_rels/.rels"), limit)
        known = _SHEET_PARTS.get(root_key)
        if known is not None:
            key = (root_key, archive.identity(known[0]), archive.identity(known[1]))
            if key in _SHEET_PARTS:
                _, _, sheets, strings = _SHEET_PARTS[key]
                return SheetMap(dict(sheets), strings, _calamine_strings(known[0]))
    names = set(archive.namelist())
    root = _read_part(archive, "_rels/.rels", limit) if "_rels/.rels" in names else b""
    book = _office_document(root)
    base = posixpath.dirname(book)
    rels_name = posixpath.join(base, "_rels", posixpath.basename(book) + ".rels")
    rels = _read_part(archive, rels_name, limit) if rels_name in names else b""
    sheets = _sheets_of(base, _read_part(archive, book, limit), rels)
    strings = _strings_of(base, rels)
    if isinstance(archive, PackageArchive) and root_key is not None:
        remember(_SHEET_PARTS, root_key, (book, rels_name, (), None), _KEPT)
        remember(_SHEET_PARTS, (root_key, archive.identity(book), archive.identity(rels_name)),
                 (book, rels_name, sheets, strings), _KEPT)
    return SheetMap(dict(sheets), strings, _calamine_strings(book))


def _calamine_strings(book: str) -> str:
    """The shared strings part calamine reads: ``sharedStrings.xml`` in the workbook part's folder."""
    return posixpath.join(posixpath.dirname(book), "sharedStrings.xml")


#: What :func:`_sheet_parts` found, by the compressed streams of the parts it read (and the size limit): for the
#: root relationships, the workbook part and its relationships' names; for the three parts, the sheets and the
#: shared strings part.
_SHEET_PARTS: dict[tuple[object, ...], tuple[str, str, tuple[tuple[str, str], ...], str | None]] = {}
#: Entries each of these remembered answers keeps at most (emptied when full: a batch's templates are few).
_KEPT = 64


@functools.lru_cache(maxsize=32)
def _office_document(root_rels: bytes) -> str:
    """The workbook part, as calamine finds it: the last officeDocument relationship's target. calamine then reads
    ``workbook.xml`` in that target's folder, whatever its name; Excel reads the target itself. Excel and
    LibreOffice always name it ``workbook.xml``, and any other name is refused, so the two readings are one."""
    book = "xl/workbook.xml"
    for raw in _REL.findall(_elements_only(root_rels, "_rels/.rels")):
        rel = dict(_attributes(raw, "_rels/.rels"))
        if rel.get("Type", "").endswith("/relationships/officeDocument"):
            book = rel.get("Target", book).lstrip("/")
    if posixpath.basename(book) != "workbook.xml":
        raise UnreadableFile("berkas-rusak", detail=f"bagian utama buku kerja bernama '{book}', bukan "
                                                    "'workbook.xml' seperti yang ditulis Excel")
    return book


@functools.lru_cache(maxsize=32)
def _sheets_of(base: str, book: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    """Sheet name -> part, read as calamine reads them: a relationship by its ``Id``, ``Target`` (unprefixed names),
    a sheet by its ``name`` and the one attribute whose local name is ``id``. A sheet with two such attributes (a
    namespace-aware reader takes ``r:id``, calamine the last) or a name used twice is refused."""
    targets = {rid: part for rid, _, part in _relationships(base, rels)}
    sheets: dict[str, str] = {}
    for raw in _SHEET_ELEMENT.findall(_elements_only(book, "workbook.xml")):
        attrs = _attributes(raw, "workbook.xml")
        ids = [value for name, value in attrs if name.rsplit(":", 1)[-1] == "id"]
        name = dict(attrs).get("name", "")
        if len(ids) > 1:
            raise _malformed_part("workbook.xml")
        if name in sheets:
            raise UnreadableFile("berkas-rusak", detail=f"nama lembar '{name}' dipakai dua kali di workbook.xml")
        if ids and ids[0] in targets:
            sheets[name] = targets[ids[0]]
    return tuple(sheets.items())


@functools.lru_cache(maxsize=32)
def _relationships(base: str, rels: bytes) -> tuple[tuple[str, str, str], ...]:
    """(``Id``, ``Type``, part named) of each relationship of the workbook part (in folder ``base``), in order,
    read once for the sheet map and the shared strings."""
    out = []
    for raw in _REL.findall(_elements_only(rels, "workbook.xml.rels")):
        rel = dict(_attributes(raw, "workbook.xml.rels"))
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out.append((rel.get("Id", ""), rel.get("Type", ""), part))
    return tuple(out)


def _strings_of(base: str, rels: bytes) -> str | None:
    """The shared strings part Excel reads: the target of the workbook's sharedStrings relationship (None: none).
    Two such relationships are refused (which one counts is up to the reader)."""
    found = [part for _, kind, part in _relationships(base, rels) if kind.endswith("/sharedStrings")]
    if len(found) > 1:
        raise UnreadableFile("berkas-rusak", detail="workbook.xml.rels merujuk dua daftar teks bersama "
                                                    "(sharedStrings); Excel hanya memakai satu")
    return found[0] if found else None


def _column_number(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha()).upper()
    digits = "".join(ch for ch in ref if ch.isdigit())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return (int(digits) if digits else 0), col


# The byte scan relies on the form every spreadsheet writer uses (Excel, LibreOffice, openpyxl,
# XlsxWriter): unprefixed elements, and each cell's ``r`` as its first attribute. Any other form
# (a namespace prefix, a cell without ``r``, lower-case letters) goes to the streaming parser, and so
# do comments and namespace declarations among the cells (see :func:`_irregular`).
_CELL_START = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_FORMULA_START = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
#: Literal searches as patterns: the pattern engine finds these literals faster than ``bytes.find`` does.
_ERROR_TYPE = re.compile(rb' t="e"')
_PREFIXED_SHEET_DATA = re.compile(rb":sheetData")
#: A prefixed element's name as it ends a start or end tag (``<x:f>``, ``</x:v>``, ``<x:c r=...``); an attribute's
#: prefixed name is followed by ``=``, a range in a value (``spans="1:12"``) by a digit.
_PREFIXED_ELEMENT = re.compile(rb":[A-Za-z_][\w.-]*[\s>/]")
_NAMESPACE_DECLARATION = re.compile(rb"xmlns")
#: A cell's whole start tag, each attribute value quoted either way (one may hold a ">" or "/>"); group 1: the "/"
#: of an empty cell's tag.
_CELL_TAG = re.compile(rb'<c(?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*(/?)>')


def _inspect(archive: ZipLike, wanted: tuple[str, ...], limits: FileLimits,
             small: tuple[str, ...], texts: bool) -> dict[str, SheetXml]:
    found = _sheet_parts(archive, limits.max_part)
    if texts:
        _check_strings(archive, found, limits.max_uncompressed)  # a list of strings, not a sheet: the zip's bound
    parts = found.sheets
    # calamine loads these; its XML reader refuses entities it does not know, and reads elements by local names
    for name in (name for name in small if name in parts):
        if (size := archive.getinfo(parts[name]).file_size) > limits.max_small_sheet:
            raise part_too_large(parts[name], size, limits.max_small_sheet, name)
        _check_small(archive, parts[name], name, limits)
    return {name: _scan_sheet(archive, parts[name], name, limits) for name in wanted if name in parts}


def _check_small(archive: ZipLike, part: str, name: str, limits: FileLimits) -> None:
    """A small sheet calamine reads (``_meta``: the unit, year and period) scanned as the input sheet is, for what
    it refuses (an element of another namespace among the cells: a value only calamine reads); its formulas and
    errors are not asked for. Files of one template share the sheet: scanned once per compressed stream."""
    key = (archive.identity(part), part, name, limits.max_part, limits.max_rows, limits.max_columns) \
        if isinstance(archive, PackageArchive) else None
    if key is None or key not in _SMALL_CHECKED:
        _scan_sheet(archive, part, name, limits)
        if key is not None:
            remember(_SMALL_CHECKED, key, True, _KEPT)


#: The small sheets :func:`_check_small` found sound, by compressed stream, part, name and the limits it applies.
_SMALL_CHECKED: dict[tuple[object, ...], bool] = {}


def _check_strings(archive: ZipLike, found: SheetMap, limit: int) -> None:
    """Refuse shared strings that calamine would read otherwise than Excel and LibreOffice: another part than the
    one the workbook names (calamine reads ``sharedStrings.xml`` beside the workbook part, related or not), or a
    part whose elements another namespace could make text only calamine shows (see :func:`_strings_refusal`).
    Every text of the workbook (a number typed as text, the identity, ``_meta``) is one of them."""
    expected = found.calamine_strings
    present = _member(archive, expected)
    if found.strings is None and present is None:
        return
    if found.strings is None:
        raise UnreadableFile("berkas-rusak", detail=f"bagian {present} tidak dirujuk buku kerja (Excel tidak "
                                                    "memakainya sebagai daftar teks bersama)")
    if found.strings.casefold() != expected.casefold():
        raise UnreadableFile("berkas-rusak", detail=f"buku kerja merujuk daftar teks bersama '{found.strings}', bukan "
                                                    f"'{expected}' seperti yang ditulis Excel")
    if present is None:
        return  # a relationship to a missing part: the package checks refuse it already
    # read in every file: it holds the file's own texts, so two files' lists are seldom the same stream
    refusal = _strings_refusal(_read_part(archive, present, limit), present)
    if refusal:
        raise UnreadableFile("berkas-rusak", detail=refusal)


def _member(archive: ZipLike, name: str) -> str | None:
    """The part named ``name``, ignoring case as calamine and Excel look parts up (two names differing only in case
    are refused with the zip's rules)."""
    names = archive.namelist()
    if name in names:
        return name
    folded = name.casefold()
    return next((n for n in names if n.casefold() == folded), None)


def _strings_refusal(data: bytes, part: str) -> str:
    """Why calamine could read shared strings ``data`` otherwise than Excel and LibreOffice ("" when it cannot).

    calamine takes elements by their local names, so a ``<t>`` or ``<si>`` of another namespace (bound to a prefix,
    or made the default below the root) would be text, or another item, to kinerja_xl alone; LibreOffice leaves
    such elements out. Excel and LibreOffice write neither a prefixed element nor a declaration below the root: a
    part without them (one search each; comments, CDATA sections and processing instructions set aside, since their
    text is no element) is read alike; one with them, or with text that looks like them, is parsed, and any element
    of another namespace refused. The elements calamine reads (``sst``, ``si``, ``r``, ``t``, ``rPh``) have ASCII
    names, which the search finds after any prefix."""
    # "<?" at 1 (or 4, after a BOM) is the XML declaration: the common part has nothing to set aside
    plain = _elements_only(data, part) if _markup_opens(data, 0, len(data), declaration=4) else \
        _checked_xml(data, part)
    root = plain.find(b"<sst")
    if _PREFIXED_ELEMENT.search(plain) is None and \
            _NAMESPACE_DECLARATION.search(plain, plain.find(b">", root) if root >= 0 else 0) is None:
        return ""
    from defusedxml import ElementTree as SafeET  # here: only shared strings in an unusual form are parsed

    from ..package.workbook import NS_MAIN, NS_STRICT

    for _, elem in SafeET.iterparse(io.BytesIO(data), events=("start",), forbid_dtd=True):
        namespace, local = _split_tag(elem.tag)
        if namespace not in (NS_MAIN, NS_STRICT):
            return (f"daftar teks bersama ({part}) memuat unsur XML '{local}' dari namespace lain; Excel tidak "
                    "membacanya sebagai teks sel. Simpan ulang berkas dengan Excel")
    return ""


@functools.lru_cache(maxsize=1024)
def _letters_to_number(letters: bytes) -> int:
    """``b"AB"`` -> 28 (remembered: a sheet's cells use a few columns)."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col


@functools.lru_cache(maxsize=8)
def _unusual_cell(max_rows: int, max_columns: int) -> re.Pattern[bytes]:
    """A cell start tag the byte scan cannot take: not in the common form, or possibly past the limits
    (as many digits as ``max_rows`` or letters as ``max_columns``; with the defaults, past row 9999
    or column Z). One C-level search; a sheet with such a cell goes to the streaming parser."""
    # written as the one form it lets through: a cell start (``<c`` and a space, ``>``, ``/`` or a line break)
    # not followed by ``r="`` with fewer letters than max_columns and fewer digits than max_rows has (at most 3
    # and 7, the common form); a test holds it to the three cases it stands for (not common, too many letters,
    # too many digits). One negative look-ahead per cell start is about half the work of the three cases.
    letters, digits = min(len(column_letter(max_columns)) - 1, 3), min(len(str(max_rows)) - 1, 7)
    if letters < 1 or digits < 1:  # no cell could be within the limits
        return re.compile(rb"<c[ >/\t\r\n]")
    return re.compile(rb'<c(?! r="[A-Z]{1,%d}[0-9]{1,%d}")[ >/\t\r\n]' % (letters, digits))


def _enclosing_cell(data: bytes, position: int) -> tuple[int, int] | None:
    """(row, col) of the cell whose element holds ``position``: the last cell start tag before it, neither empty
    nor closed since. Wherever its ``<f>`` stands among the cell's children (the schema puts it first; LibreOffice
    reads it after ``<v>`` too), it makes the cell a formula. For a sheet :func:`_irregular` passed: no comment or
    processing instruction stands between."""
    start = data.rfind(b"<c ", 0, position)
    ref = _CELL_START.match(data, start) if start >= 0 else None
    if ref is None:
        return None
    close = data.find(b">", ref.end(), position)
    if close >= 0 and data[close - 1] == 0x2F:  # "/>": an empty cell's tag ends there, or an attribute value holds it
        tag = _CELL_TAG.match(data, start)
        close = -1 if tag is None or tag.group(1) or tag.end() > position else tag.end() - 1
    if close < 0 or data.find(b"</c>", close, position) >= 0:
        return None  # not inside that cell
    letters, digits = ref.groups()
    return int(digits), _letters_to_number(letters)


def _irregular(data: bytes, first: int, last: int) -> bool:
    """Whether the span of cells holds what the byte scan cannot place, for the parser to read instead: a comment,
    CDATA section or processing instruction (``<!``, ``<?``: text in one can look like a cell's tags), a namespace
    declaration or a prefixed element (``<x:f>`` is a formula to Excel; an element of another namespace is no cell
    value to Excel, but calamine reads elements by their local names). Each is looked for from a rare byte
    (``!``, ``?``, ``x``: one ``memchr``) or by one search from ``:``."""
    return _markup_opens(data, first, last) \
        or (data.find(b"x", first, last) >= 0 and _NAMESPACE_DECLARATION.search(data, first, last) is not None) \
        or _PREFIXED_ELEMENT.search(data, first, last) is not None


def _other_sheet_data(data: bytes, first: int) -> bool:
    """Whether calamine could read another ``sheetData`` than the one at ``first``: it reads the first element of
    that local name. Only what comes before ``first`` can be one: a prefixed ``sheetData``, or a comment, CDATA
    section or processing instruction (other than the XML declaration) that ``first`` itself stands in. The head
    of the part is short, so this is a few searches of it, not of the whole part."""
    if first < 0:
        return False  # no unprefixed sheetData: the whole part is searched (by _irregular) instead
    # "<?" at 0 (or 3, after a BOM) is the XML declaration
    return _PREFIXED_SHEET_DATA.search(data, 0, first) is not None or _markup_opens(data, 0, first, declaration=4)


def _markup_opens(data: bytes, start: int, end: int, declaration: int = 0) -> bool:
    """Whether a comment, CDATA section or processing instruction (``<!``, ``<?``) opens in ``data[start:end]``; a
    ``<?`` whose ``?`` is at ``declaration`` or before is the XML declaration. Found from the rare ``!`` and ``?``
    (one ``memchr`` each), each looked back from."""
    for mark in (b"!", b"?"):
        at = data.find(mark, start, end)
        while at >= 0:
            if data[at - 1] == 0x3C and (mark == b"!" or at > declaration):  # "<"
                return True
            at = data.find(mark, at + 1, end)
    return False


#: A cell value (``<v>``, any prefix, attributes quoted either way) holding a CDATA section, after its text,
#: comments or processing instructions if any.
_CDATA_VALUE = re.compile(rb"""<(?:[\w.-]+:)?v(?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*>"""
                          rb"""[^<]*(?:(?:<!--.*?-->|<\?.*?\?>)[^<]*)*<!\[CDATA\[""", re.S)


def _refuse_cdata_value(data: bytes, first: int, last: int, name: str) -> None:
    """Refuse a cell value written in a CDATA section: calamine reads a ``<v>``'s text only (``<v>7<![CDATA[9]]></v>``
    is 7 to it, 79 to LibreOffice; a value all in CDATA is an empty cell to it). Excel never writes one; the parser
    cannot tell CDATA from text, so it is looked for here (one search for ``<![CDATA[``, in the sheets the scan
    sends to the parser: those with ``<!`` among their cells)."""
    if data.find(b"<![CDATA[", first, last) < 0:
        return
    found = _CDATA_VALUE.search(data, first, last)
    if found is not None:
        cell = _enclosing_cell(data, found.start())
        where = f"sel {column_letter(cell[1])}{cell[0]}" if cell else "sebuah sel"
        raise UnreadableFile("berkas-rusak", detail=f"lembar '{name}': nilai {where} ditulis dalam bagian CDATA, "
                                                    "yang tidak dibaca sama oleh semua aplikasi. Simpan ulang berkas "
                                                    "dengan Excel")


def _cell_bounds(data: bytes) -> tuple[int, int]:
    """Where a sheet's cells can be: from the first ``<sheetData`` to the last ``</sheetData`` (the whole sheet when
    either is missing). calamine reads cells only inside the (first) ``sheetData`` element, whose tags hold these
    bytes (a prefixed one goes to the parser), so the span holds every cell it reads; what follows it, often most
    of the part (conditional formats, data validations), is left out of the byte scan's searches."""
    first, last = data.find(b"<sheetData"), data.rfind(b"</sheetData")
    return (first, last) if 0 <= first < last else (0, len(data))


def _scan_sheet(archive: ZipLike, part: str, name: str, limits: FileLimits) -> SheetXml:
    """Formulas and error cells of one sheet, from its XML bytes, after checking its extent.

    Each marker that matters is found by one C-level search that starts from a literal (``<f`` for
    formulas, ``t="e"`` for error values) and placed by looking back to its cell's start tag: a few
    passes over the bytes instead of a Python loop per cell. A byte search cannot expand entities,
    and a DTD is refused outright (OOXML never needs one). A sheet with a cell in an unusual form or
    far enough out to break the limits is left to the streaming parser, which measures every cell.
    """
    data = _checked_xml(_read_part(archive, part, limits.max_part, name), "lembar")
    first, last = _cell_bounds(data)
    if _other_sheet_data(data, first) or _irregular(data, first, last) or \
            _unusual_cell(limits.max_rows, limits.max_columns).search(data, first, last):
        _refuse_cdata_value(data, first, last, name)
        return _scan_sheet_parser(archive, part, name, limits)
    out = SheetXml()
    # <f> is a child of a cell (CT_Cell: f, v, is) and appears nowhere else in sheetData.
    for match in _FORMULA_START.finditer(data, first, last):
        cell = _enclosing_cell(data, match.start())
        if cell is not None:
            out.formulas.add(cell)
    found = _ERROR_TYPE.search(data, first, last)
    while found is not None:
        position = found.start()
        start = data.rfind(b"<", 0, position)
        ref = _CELL_START.match(data, start)
        match_end = position + 6
        found = _ERROR_TYPE.search(data, match_end, last)
        if ref is not None and b">" not in data[ref.end():match_end]:
            end = data.find(b"</c>", match_end)
            tag_end = data.find(b">", match_end)
            value = None if data[tag_end - 1:tag_end] == b"/" else \
                _VALUE.search(data, match_end, end if end >= 0 else len(data))
            cell = (int(ref.group(2)), _letters_to_number(ref.group(1)))
            out.errors[cell] = value.group(1).decode("utf-8", "replace") if value else "#N/A"
    return out


def _scan_sheet_parser(archive: ZipLike, part: str, name: str, limits: FileLimits) -> SheetXml:
    from defusedxml import ElementTree as SafeET  # here: only a sheet in an unusual form is streamed

    from ..package.workbook import NS_MAIN, NS_STRICT

    spreadsheet = frozenset({NS_MAIN, NS_STRICT})  # the only namespace whose elements Excel reads as cells

    out = SheetXml()
    row = col = 0
    cells = 0  # 1 inside the first sheetData (the one calamine reads), 2 after it
    with archive.open(part) as stream:
        for event, elem in SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
            tag = _local(elem.tag)
            if event == "start":
                if cells == 1 or (cells == 0 and tag == "sheetData"):
                    cells = 1
                    _refuse_foreign(elem.tag, spreadsheet, name)
                if tag == "row":
                    row = int(elem.get("r") or row + 1)
                    col = 0
                continue
            if tag == "c":
                ref_row, ref_col = _column_number(elem.get("r", ""))
                row, col = (ref_row or row), (ref_col or col + 1)
                children = {_local(child.tag): child for child in elem}
                if children:
                    out.max_row, out.max_col = max(out.max_row, row), max(out.max_col, col)
                    if out.max_row > limits.max_rows or out.max_col > limits.max_columns:
                        raise UnreadableFile("lembar-terlalu-besar", sheet=name, sheet_name=name,
                                          extent=f"{column_letter(max(col, 1))}{row}")
                if "f" in children:
                    out.formulas.add((row, col))
                if elem.get("t") == "e":
                    out.errors[(row, col)] = (children["v"].text or "#N/A") if "v" in children else "#N/A"
                elem.clear()
            elif tag == "row":
                elem.clear()
            elif tag == "sheetData" and cells == 1:
                cells = 2
    return out


def _refuse_foreign(tag: str, spreadsheet: frozenset[str], sheet: str) -> None:
    """Refuse an element of a namespace other than ``spreadsheet`` (SpreadsheetML's, transitional or strict) among
    the cells: calamine reads elements by their local names, so a ``<v>`` of any namespace would be a value to
    kinerja_xl that Excel and LibreOffice do not show."""
    namespace, local = _split_tag(tag)
    if namespace not in spreadsheet:
        raise UnreadableFile("berkas-rusak", detail=f"lembar '{sheet}' memuat unsur XML '{local}' dari namespace lain "
                                                    "di antara selnya; Excel tidak membacanya sebagai isi sel")


def inspect_sheets(path: Path | ZipLike, wanted: tuple[str, ...], limits: FileLimits,
                   small: tuple[str, ...] = (), texts: bool = True) -> dict[str, SheetXml]:
    """Scan the XML of the ``wanted`` sheets (those present) for formulas, errors and extent; the
    ``small`` ones are only refused when their XML is over ``limits.max_small_sheet`` (cheap, and
    enough to keep calamine from building a huge grid for them) or hold what the scan refuses; ``texts``: the
    shared strings are checked too (:func:`_check_strings`; once a file). With no sheet wanted, the texts alone
    are checked (a reader of plain sheets)."""
    try:
        if isinstance(path, (zipfile.ZipFile, PackageArchive)):
            return _inspect(path, wanted, limits, small, texts)
        with zipfile.ZipFile(path) as archive:
            return _inspect(archive, wanted, limits, small, texts)
    except UnreadableFile:
        raise
    except PackageError as exc:  # a part of the package (its CRC, its size): worded there
        raise UnreadableFile("berkas-rusak", detail=str(exc)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error) as exc:
        raise UnreadableFile("berkas-rusak", detail=describe_zip_error(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - KeyError, ValueError, ... all mean a damaged file
        # the streaming parser's refusals (it imported defusedxml; a workbook read without it starts without it)
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError

        if isinstance(exc, (DefusedXmlException, ParseError)):
            raise UnreadableFile("berkas-rusak", detail="XML di dalam buku kerja tidak sah atau tidak aman") from exc
        raise UnreadableFile("berkas-rusak", detail="struktur OOXML buku kerja rusak") from exc
