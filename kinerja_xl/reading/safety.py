"""File checks done before any parsing: what a file is, and whether its zip is one every reader reads alike.

:func:`check_file` looks only at the file system entry, the first bytes and the zip directory, so a
hostile or broken file (empty, huge, encrypted, legacy, renamed, zip bomb) is rejected before
calamine or openpyxl touch it. It yields at most one problem: the first reason the file cannot be read.
The file is read into memory once (within the size limit), so the sheet scan and calamine see the same
bytes even if someone saves the workbook meanwhile.

The sheets the reader needs are inspected after (:mod:`.sheet_scan`), the parts found as calamine finds them
(:mod:`.sheet_map`), through the package kept here (:mod:`.archive`).
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import zipfile
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..atomic import Snapshot, read_snapshot
from ..catalog.schema import Catalog
from ..errors import FileChangedError, describe_zip_error, os_error_parts
from ..memo import remember
from ..package import DirectoryEntry, Package, splice_refusals, zip_directory
from ..problems import Problem, problem
from .archive import KEPT, OpenedFile, PackageArchive, ZipLike, human_size
from .xml_bytes import elements_only

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


#: The streams that tell an OLE compound file's kind, as its directory names them (UTF-16): an Office document
#: encrypted with a password (an .xlsx's package inside), or an Excel 97-2003 workbook (BIFF8, BIFF5).
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_WORKBOOKS = ("Workbook\0".encode("utf-16-le"), "Book\0".encode("utf-16-le"))


def _ole_kind(content: bytes) -> str:
    """``encrypted``, ``xls`` or ``""`` (another OLE file, or a damaged one) for an OLE compound file: an .xlsx
    name on an old .xls (a common mistake) said "dilindungi kata sandi" before."""
    if _OLE_ENCRYPTED in content:
        return "encrypted"
    return "xls" if any(name in content for name in _OLE_WORKBOOKS) else ""


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "dokumen Word (.docx)"
    if "ppt/presentation.xml" in names:
        return "presentasi PowerPoint (.pptx)"
    if "content.xml" in names or "mimetype" in names:
        return "dokumen OpenDocument (mis. .ods)"
    return "arsip zip biasa"


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
        kind = _ole_kind(content) if suffix in ALLOWED_SUFFIXES else ""  # an .xls is one whatever it holds
        if suffix == ".xls" or kind == "xls":
            yield problem("format-xls-lama", **where)  # an Excel 97-2003 workbook, also one renamed .xlsx
        elif kind == "encrypted":
            yield problem("berkas-terenkripsi", **where)
        elif suffix in ALLOWED_SUFFIXES:
            yield problem("berkas-rusak", **where, detail="berkas Office lama (OLE) yang bukan buku kerja Excel, "
                                                          "atau rusak")
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
    found = _MARKER.search(elements_only(archive.read(info.filename), info.filename))
    kind = found.group(1).decode() if found else None
    kind = kind if kind in OUTPUT_KINDS else None
    if key is not None:
        remember(_KINDS_SEEN, key, kind, KEPT)
    return kind


#: Document-property parts are a few hundred bytes; a larger one is not read for the marker.
MAX_SMALL_PART = 64 * 1024
#: What :func:`output_kind` found, by the part's compressed stream (workbooks of one template share it).
_KINDS_SEEN: dict[tuple[object, ...], str | None] = {}
