"""Which parts of a workbook are its sheets and its shared strings, as calamine finds them, and the refusal of
shared strings that calamine would read otherwise than Excel and LibreOffice.

calamine finds the workbook part through the root relationships, reads ``sharedStrings.xml`` beside it (whatever
the workbook's own relationship says) and takes elements by their local names. Where its reading and Excel's could
part, the file is refused, so every figure kinerja_xl validates is the one Excel shows.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
from typing import NamedTuple

from ..errors import UnreadableFile
from ..memo import remember
from .archive import KEPT, PackageArchive, ZipLike, read_part
from .xml_bytes import (
    NAMESPACE_DECLARATION,
    PREFIXED_ELEMENT,
    attributes,
    checked_xml,
    elements_only,
    malformed_part,
    markup_opens,
    split_tag,
)


class SheetMap(NamedTuple):
    """What the workbook part and its relationships say: sheet name -> part, and the shared strings part as Excel
    finds it (the workbook's sharedStrings relationship; None: none) and as calamine does (``sharedStrings.xml``
    beside the workbook part, whatever the relationship says)."""

    sheets: dict[str, str]
    strings: str | None
    calamine_strings: str
    #: The styles part (the workbook's styles relationship; None: none): what a cell's ``s`` refers to.
    styles: str | None = None


def sheet_parts(archive: ZipLike, limit: int) -> SheetMap:
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
                _, _, sheets, strings, styles = _SHEET_PARTS[key]
                return SheetMap(dict(sheets), strings, _calamine_strings(known[0]), styles)
    names = set(archive.namelist())
    root = read_part(archive, "_rels/.rels", limit) if "_rels/.rels" in names else b""
    book = _office_document(root)
    base = posixpath.dirname(book)
    rels_name = posixpath.join(base, "_rels", posixpath.basename(book) + ".rels")
    rels = read_part(archive, rels_name, limit) if rels_name in names else b""
    sheets = _sheets_of(base, read_part(archive, book, limit), rels)
    strings = _strings_of(base, rels)
    styles = next((part for _, kind, part in _relationships(base, rels) if kind.endswith("/styles")), None)
    if isinstance(archive, PackageArchive) and root_key is not None:
        remember(_SHEET_PARTS, root_key, (book, rels_name, (), None, None), KEPT)
        remember(_SHEET_PARTS, (root_key, archive.identity(book), archive.identity(rels_name)),
                 (book, rels_name, sheets, strings, styles), KEPT)
    return SheetMap(dict(sheets), strings, _calamine_strings(book), styles)


def _calamine_strings(book: str) -> str:
    """The shared strings part calamine reads: ``sharedStrings.xml`` in the workbook part's folder."""
    return posixpath.join(posixpath.dirname(book), "sharedStrings.xml")


#: What :func:`sheet_parts` found, by the compressed streams of the parts it read (and the size limit): for the
#: root relationships, the workbook part and its relationships' names; for the three parts, the sheets, the
#: shared strings part and the styles part.
_SHEET_PARTS: dict[tuple[object, ...], tuple[str, str, tuple[tuple[str, str], ...], str | None, str | None]] = {}


#: A start tag and its attribute text, each value whole in its quotes (a ">" inside one does not end the tag).
_REL = re.compile(rb"""<(?:\w+:)?Relationship\b((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_SHEET_ELEMENT = re.compile(rb"""<(?:\w+:)?sheet\b((?:[^>"']|"[^"]*"|'[^']*')*)>""")


@functools.lru_cache(maxsize=32)
def _office_document(root_rels: bytes) -> str:
    """The workbook part, as calamine finds it: the last officeDocument relationship's target. calamine then reads
    ``workbook.xml`` in that target's folder, whatever its name; Excel reads the target itself. Excel and
    LibreOffice always name it ``workbook.xml``, and any other name is refused, so the two readings are one."""
    book = "xl/workbook.xml"
    for raw in _REL.findall(elements_only(root_rels, "_rels/.rels")):
        rel = dict(attributes(raw, "_rels/.rels"))
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
    for raw in _SHEET_ELEMENT.findall(elements_only(book, "workbook.xml")):
        attrs = attributes(raw, "workbook.xml")
        ids = [value for name, value in attrs if name.rsplit(":", 1)[-1] == "id"]
        name = dict(attrs).get("name", "")
        if len(ids) > 1:
            raise malformed_part("workbook.xml")
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
    for raw in _REL.findall(elements_only(rels, "workbook.xml.rels")):
        rel = dict(attributes(raw, "workbook.xml.rels"))
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


def check_strings(archive: ZipLike, found: SheetMap, limit: int) -> None:
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
    refusal = _strings_refusal(read_part(archive, present, limit), present)
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
    escaped = _escaped_plain_character(data, part)
    if escaped:
        return escaped
    # "<?" at 1 (or 4, after a BOM) is the XML declaration: the common part has nothing to set aside
    plain = elements_only(data, part) if markup_opens(data, 0, len(data), declaration=4) else \
        checked_xml(data, part)
    root = plain.find(b"<sst")
    if PREFIXED_ELEMENT.search(plain) is None and \
            NAMESPACE_DECLARATION.search(plain, plain.find(b">", root) if root >= 0 else 0) is None:
        return ""
    from defusedxml import ElementTree as SafeET  # here: only shared strings in an unusual form are parsed

    from ..package.workbook import NS_MAIN, NS_STRICT

    for _, elem in SafeET.iterparse(io.BytesIO(data), events=("start",), forbid_dtd=True):
        namespace, local = split_tag(elem.tag)
        if namespace not in (NS_MAIN, NS_STRICT):
            return (f"daftar teks bersama ({part}) memuat unsur XML '{local}' dari namespace lain; Excel tidak "
                    "membacanya sebagai teks sel. Simpan ulang berkas dengan Excel")
    return ""


#: A character escaped in a shared string (ST_Xstring: ``_x000D_`` for a carriage return).
_ESCAPED = re.compile(rb"_x([0-9A-Fa-f]{4})_")


def _escaped_plain_character(data: bytes, part: str) -> str:
    """Why an escape in shared strings ``data`` reads otherwise in LibreOffice ("" when none does). Excel writes
    ``_xHHHH_`` for a control character, and ``_x005F_`` before a typed "_x"; calamine and Excel read any escape
    as its character, LibreOffice an escaped plain character (``_x0031_07949``) as the text written. One pattern
    search of the part (about 7 µs for a unit's 11 KB; ``bytes.find`` of ``_x`` first is slower still)."""
    for found in _ESCAPED.finditer(data):
        code = int(found.group(1), 16)
        if code != 0x5F and chr(code).isprintable():
            return (f"daftar teks bersama ({part}) memuat kode '{found.group(0).decode()}' untuk karakter biasa "
                    f"'{chr(code)}', yang dibaca Excel sebagai '{chr(code)}' dan LibreOffice sebagai kode itu. "
                    "Simpan ulang berkas dengan Excel")
    return ""
