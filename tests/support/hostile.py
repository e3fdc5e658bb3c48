"""A generated hostile corpus: workbooks that two readers could read differently, and text that wants to run.

Every workbook derives from a valid example by rewriting its zip (:func:`build`): members twice (a hostile copy
with a formula typed into an input cell, before or after the real one), twice with names that differ only in
case, traversing and absolute member names, a part no content type covers, a relationship to a missing part, an
encrypted member and bytes before the zip. :data:`INJECTIONS` are texts that a spreadsheet, a CSV reader or a
terminal would obey if they arrived raw.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from collections.abc import Callable

from tests.support.handmade import read, sheet_part

#: Text that becomes a formula, a link or a DDE call once a spreadsheet reads it raw (OWASP), and terminal
#: control sequences: ESC colours and screen clearing, an OSC 52 clipboard write, a C1 CSI, a bidi override.
INJECTIONS = ('=HYPERLINK("http://contoh.invalid","klik")', "+1+1", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0",
              "\tTAB=1+1", "\r=1+1", "\uff1d1+1")
TERMINAL = ("\x1b[2J\x1b[31mMERAH", "\x1b]52;c;SGFjaw==\x07", "\x9b31m", "a\u202eskl.exe", "\x07\x08\x7f")


def _rewrite(data: bytes, entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point
        for name, content in entries:
            target.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return [(i.filename, source.read(i)) for i in source.infolist()]


def with_formula(sheet: bytes) -> bytes:
    """The sheet with a formula typed into its first number cell (what the formula check must find)."""
    match = re.search(rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")?><v>([0-9.]+)</v></c>', sheet)
    assert match is not None
    cell = b'<c r="%s"%s><f>1+1</f><v>%s</v></c>' % (match.group(1), match.group(2) or b"", match.group(3))
    return sheet.replace(match.group(0), cell, 1)


def duplicate(data: bytes, hostile_first: bool) -> bytes:
    """The input sheet twice: one copy with a formula typed in, before or after the real one."""
    part = sheet_part(data, "Isian")
    out: list[tuple[str, bytes]] = []
    for name, content in _entries(data):
        copy = [(name, with_formula(content))] if name == part else []
        out += [*copy, (name, content)] if hostile_first else [(name, content), *copy]
    return _rewrite(data, out)


def case_duplicate(data: bytes) -> bytes:
    """The input sheet again under a name that differs only in case (one part for OPC, two for a zip)."""
    part = sheet_part(data, "Isian")
    folder, name = part.rsplit("/", 1)
    entries = _entries(data)
    return _rewrite(data, [*entries, (f"{folder}/{name.capitalize()}", with_formula(read(data, part)))])


def traversing(data: bytes) -> bytes:
    return _rewrite(data, [*_entries(data), ("xl/../../keluar.xml", b"<x/>")])


def absolute(data: bytes) -> bytes:
    return _rewrite(data, [*_entries(data), ("/xl/mutlak.xml", b"<x/>")])


def untyped(data: bytes) -> bytes:
    """A part no Default or Override covers (Excel calls the file damaged)."""
    return _rewrite(data, [*_entries(data), ("xl/tanpa-jenis.bin", b"\x00" * 16)])


def dangling(data: bytes) -> bytes:
    """The theme gone, its relationship left: a relationship to a missing part."""
    return _rewrite(data, [(n, c) for n, c in _entries(data) if n != "xl/theme/theme1.xml"])


def encrypted(data: bytes) -> bytes:
    """The styles member flagged as encrypted (general purpose bit 0) in its local and central headers."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/styles.xml")
    struct.pack_into("<H", out, info.header_offset + 6, info.flag_bits | 1)
    position = out.find(b"PK\x01\x02")
    while position >= 0:
        name_length = struct.unpack_from("<H", out, position + 28)[0]
        if bytes(out[position + 46:position + 46 + name_length]) == b"xl/styles.xml":
            struct.pack_into("<H", out, position + 8, info.flag_bits | 1)
            break
        position = out.find(b"PK\x01\x02", position + 4)
    return bytes(out)


def _edited_part(part: str, change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """One of the parts the splice parses to edit (app.xml, styles.xml), changed: validation refused nothing in
    them, so ``validasi`` passed a file ``hitung`` refused."""
    return lambda data: _rewrite(data, [(n, change(c) if n == part else c) for n, c in _entries(data)])


def _with_doctype(xml: bytes) -> bytes:
    head_end = xml.find(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:head_end] + b'<!DOCTYPE x [<!ENTITY e "teks">]>' + xml[head_end:]


def _latin1(xml: bytes) -> bytes:
    return xml.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1)


def junk_before(data: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n" * 12 + data


#: name -> (make, the problem code readers give, a word of its message)
CORPUS: dict[str, tuple[Callable[[bytes], bytes], str, str]] = {
    "ganda-salinan-dulu": (lambda d: duplicate(d, True), "paket-tidak-sah", "ganda"),
    "ganda-salinan-akhir": (lambda d: duplicate(d, False), "paket-tidak-sah", "ganda"),
    "ganda-huruf-besar": (case_duplicate, "paket-tidak-sah", "huruf besar/kecil"),
    "nama-keluar-folder": (traversing, "paket-tidak-sah", "tidak sah"),
    "nama-mutlak": (absolute, "paket-tidak-sah", "tidak sah"),
    "tanpa-jenis-isi": (untyped, "paket-tidak-sah", "jenis isi"),
    "relasi-putus": (dangling, "paket-tidak-sah", "tidak ada"),
    "anggota-terenkripsi": (encrypted, "paket-tidak-sah", "terenkripsi"),
    "data-di-depan-zip": (junk_before, "berkas-rusak", "data asing"),
    "dtd-app-xml": (_edited_part("docProps/app.xml", _with_doctype), "paket-tidak-sah", "docProps/app.xml memuat DTD"),
    "dtd-styles": (_edited_part("xl/styles.xml", _with_doctype), "paket-tidak-sah", "xl/styles.xml memuat DTD"),
    "styles-latin1": (_edited_part("xl/styles.xml", _latin1), "paket-tidak-sah", "pengodean ISO-8859-1"),
}


def build(data: bytes) -> dict[str, bytes]:
    """Every hostile variant of workbook ``data``, by name."""
    return {name: make(data) for name, (make, _, _) in CORPUS.items()}
