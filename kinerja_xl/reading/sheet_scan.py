"""The sheet XML inspection before calamine loads a sheet: what calamine hides or could read otherwise.

:func:`inspect_sheets` scans the XML of the sheets the reader needs to learn formulas typed into cells, Excel error
values (calamine returns them as empty) and the sheet's extent (a few cells placed far away would make calamine
allocate a huge dense grid). The common sheet is scanned as bytes (a few C-level searches); a sheet in an unusual
form is streamed with defusedxml (no DTD, no entities). The shared strings are checked with it
(:func:`~.sheet_map.check_strings`).
"""

from __future__ import annotations

import functools
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..cells import column_letter
from ..errors import UnreadableFile, describe_zip_error
from ..memo import remember
from ..package import PackageError
from .archive import KEPT, PackageArchive, ZipLike, part_too_large, read_part
from .safety import FileLimits
from .number_formats import percent_styles
from .sheet_map import check_strings, sheet_parts
from .xml_bytes import NAMESPACE_DECLARATION, PREFIXED_ELEMENT, checked_xml, local_name, markup_opens, split_tag


@dataclass
class SheetXml:
    """What the sheet XML tells beyond calamine's values: formula cells and error cells by (row, col).

    ``max_row``/``max_col`` are measured only by the streaming parser (the byte scan leaves them 0 after
    finding no cell that could break the extent limit).
    """

    formulas: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    #: Cells formatted as a percentage (``4,8%`` typed: 0,048 stored), when the scan was given the styles to look for.
    percent: set[tuple[int, int]] = field(default_factory=set)
    max_row: int = 0
    max_col: int = 0


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
#: Literal searches as patterns: the pattern engine finds these literals faster than ``bytes.find`` does.
_ERROR_TYPE = re.compile(rb' t="e"')
_PREFIXED_SHEET_DATA = re.compile(rb":sheetData")
#: A cell's whole start tag, each attribute value quoted either way (one may hold a ">" or "/>"); group 1: the "/"
#: of an empty cell's tag.
_CELL_TAG = re.compile(rb'<c(?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*(/?)>')


def _inspect(archive: ZipLike, wanted: tuple[str, ...], limits: FileLimits,
             small: tuple[str, ...], texts: bool) -> dict[str, SheetXml]:
    found = sheet_parts(archive, limits.max_part)
    if texts:
        check_strings(archive, found, limits.max_uncompressed)  # a list of strings, not a sheet: the zip's bound
    parts = found.sheets
    # calamine loads these; its XML reader refuses entities it does not know, and reads elements by local names
    for name in (name for name in small if name in parts):
        if (size := archive.getinfo(parts[name]).file_size) > limits.max_small_sheet:
            raise part_too_large(parts[name], size, limits.max_small_sheet, name)
        _check_small(archive, parts[name], name, limits)
    percent = percent_styles(archive, found.styles, limits.max_part) if wanted else frozenset()
    return {name: _scan_sheet(archive, parts[name], name, limits, percent) for name in wanted if name in parts}


def _check_small(archive: ZipLike, part: str, name: str, limits: FileLimits) -> None:
    """A small sheet calamine reads (``_meta``: the unit, year and period) scanned as the input sheet is, for what
    it refuses (an element of another namespace among the cells: a value only calamine reads); its formulas and
    errors are not asked for. Files of one template share the sheet: scanned once per compressed stream."""
    key = (archive.identity(part), part, name, limits.max_part, limits.max_rows, limits.max_columns) \
        if isinstance(archive, PackageArchive) else None
    if key is None or key not in _SMALL_CHECKED:
        _scan_sheet(archive, part, name, limits)
        if key is not None:
            remember(_SMALL_CHECKED, key, True, KEPT)


#: The small sheets :func:`_check_small` found sound, by compressed stream, part, name and the limits it applies.
_SMALL_CHECKED: dict[tuple[object, ...], bool] = {}


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
    return markup_opens(data, first, last) \
        or (data.find(b"x", first, last) >= 0 and NAMESPACE_DECLARATION.search(data, first, last) is not None) \
        or PREFIXED_ELEMENT.search(data, first, last) is not None


def _other_sheet_data(data: bytes, first: int) -> bool:
    """Whether calamine could read another ``sheetData`` than the one at ``first``: it reads the first element of
    that local name. Only what comes before ``first`` can be one: a prefixed ``sheetData``, or a comment, CDATA
    section or processing instruction (other than the XML declaration) that ``first`` itself stands in. The head
    of the part is short, so this is a few searches of it, not of the whole part."""
    if first < 0:
        return False  # no unprefixed sheetData: the whole part is searched (by _irregular) instead
    # "<?" at 0 (or 3, after a BOM) is the XML declaration
    return _PREFIXED_SHEET_DATA.search(data, 0, first) is not None or markup_opens(data, 0, first, declaration=4)


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


#: A value's start tag, any prefix (what an ``&`` among the cells is looked back to).
_VALUE_START = re.compile(rb"<(?:[\w.-]+:)?v[\s>/]")
#: A cell's start tag, any prefix: the last one before a value is its cell.
_ANY_CELL_START = re.compile(rb"<(?:[\w.-]+:)?c[\s>/]")
#: An unprefixed inline string's start tag (as a pattern from a one-byte class: about three times as fast as
#: ``bytes.find`` of ``<is``, whose bytes are all common in a sheet).
_INLINE_START = re.compile(rb"[<]is[\s>/]")
#: A cell's type attribute, quoted either way.
_CELL_TYPE = re.compile(rb"""\st\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _refuse_divergent_values(data: bytes, first: int, last: int, name: str) -> None:
    """Refuse cell values that calamine reads otherwise than Excel and LibreOffice:

    - a character or entity reference in a value that is not text (``<v>107949&#48;</v>`` is 107949 to calamine,
      1079490 to LibreOffice; ``<v>&#49;07949</v>`` an empty cell to it): Excel writes a number's digits as they
      are, and a reference only in a formula's text result (``t="str"``), which calamine reads whole;
    - an inline string (``<is>``) in a cell not typed ``inlineStr``, or beside a ``<v>``: calamine reads the
      inline text, LibreOffice the value or nothing.

    Found from the rare bytes: each ``&`` among the cells is looked back to its element (the ones in formulas,
    where Excel writes ``&gt;`` and ``&amp;``, are passed by one look-back each), and ``<is`` is searched for
    (one pattern search of the cells, about 6 µs in a unit's *Isian*).
    A prefixed inline string goes to the parser, which refuses it there."""
    at = data.find(b"&", first, last)
    while at >= 0:
        tag = _element_start(data, first, at)
        if tag >= 0 and _VALUE_START.match(data, tag) and _cell_type(data, _cell_start(data, first, tag)) != b"str":
            _refuse_value(data, tag, name, "memuat rujukan karakter atau entitas XML (&…;) di dalam angkanya")
        after = data.find(b"<", at, last)  # the rest of this text holds no other element
        at = data.find(b"&", after, last) if after >= 0 else -1
    for found in _INLINE_START.finditer(data, first, last):
        at = found.start()
        end = data.find(b"</c>", at, last)
        cell = _cell_start(data, first, at)
        tag_end = data.find(b">", cell, at) if cell >= 0 else at
        beside = _VALUE_START.search(data, tag_end, end if end >= 0 else last)
        if _cell_type(data, cell) != b"inlineStr" or beside is not None:
            _refuse_value(data, at, name, "memuat teks sebaris (inlineStr) yang tidak dibaca sama oleh semua "
                                          "aplikasi (tanpa jenis inlineStr, atau di samping nilai)")


def _element_start(data: bytes, first: int, position: int) -> int:
    """Where the tag that the text at ``position`` follows begins, comments and processing instructions passed
    over (``<v><!-- x -->1&#48;</v>``: the text is still the value's)."""
    at = data.rfind(b"<", first, position)
    while at >= 0 and data[at + 1:at + 2] in (b"!", b"?"):
        at = data.rfind(b"<", first, at)
    return at


def _cell_start(data: bytes, first: int, position: int) -> int:
    """Where the start tag of the cell holding ``position`` begins (-1: none): the tags before it, looked back to
    one by one (a cell holds a few)."""
    at = data.rfind(b"<", first, position)
    while at >= 0 and _ANY_CELL_START.match(data, at) is None:
        at = data.rfind(b"<", first, at)
    return at


def _cell_type(data: bytes, start: int) -> bytes:
    """The ``t`` of the cell whose start tag begins at ``start`` (b"" when it has none, or no cell: -1)."""
    if start < 0:
        return b""
    end = data.find(b">", start)
    found = _CELL_TYPE.search(data, start, end if end >= 0 else len(data))
    return (found.group(1) if found.group(1) is not None else found.group(2)) if found else b""


def _refuse_value(data: bytes, position: int, name: str, what: str) -> None:
    cell = _enclosing_cell(data, position)
    where = f"sel {column_letter(cell[1])}{cell[0]}" if cell else "sebuah sel"
    raise UnreadableFile("berkas-rusak", detail=f"lembar '{name}': {where} {what}, yang tidak dibaca sama oleh semua "
                                                "aplikasi. Simpan ulang berkas dengan Excel")


def _cell_bounds(data: bytes) -> tuple[int, int]:
    """Where a sheet's cells can be: from the first ``<sheetData`` to the last ``</sheetData`` (the whole sheet when
    either is missing). calamine reads cells only inside the (first) ``sheetData`` element, whose tags hold these
    bytes (a prefixed one goes to the parser), so the span holds every cell it reads; what follows it, often most
    of the part (conditional formats, data validations), is left out of the byte scan's searches."""
    first, last = data.find(b"<sheetData"), data.rfind(b"</sheetData")
    return (first, last) if 0 <= first < last else (0, len(data))


def _scan_sheet(archive: ZipLike, part: str, name: str, limits: FileLimits,
                percent: frozenset[int] = frozenset()) -> SheetXml:
    """Formulas and error cells of one sheet, from its XML bytes, after checking its extent.

    Each marker that matters is found by one C-level search that starts from a literal (``<f`` for
    formulas, ``t="e"`` for error values) and placed by looking back to its cell's start tag: a few
    passes over the bytes instead of a Python loop per cell. A byte search cannot expand entities,
    and a DTD is refused outright (OOXML never needs one). A sheet with a cell in an unusual form or
    far enough out to break the limits is left to the streaming parser, which measures every cell.
    """
    data = checked_xml(read_part(archive, part, limits.max_part, name), "lembar")
    first, last = _cell_bounds(data)
    _refuse_divergent_values(data, first, last, name)
    if _other_sheet_data(data, first) or _irregular(data, first, last) or \
            _unusual_cell(limits.max_rows, limits.max_columns).search(data, first, last):
        _refuse_cdata_value(data, first, last, name)
        return _scan_sheet_parser(archive, part, name, limits, percent)
    out = SheetXml()
    for style in percent:  # a template's inputs have none: no search at all
        _percent_cells(data, first, last, style, out.percent)
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


def _percent_cells(data: bytes, first: int, last: int, style: int, into: set[tuple[int, int]]) -> None:
    """The cells of style ``style`` (``s="N"``, in the cell's start tag of the common form) into ``into``."""
    needle = b' s="%d"' % style
    at = data.find(needle, first, last)
    while at >= 0:
        start = data.rfind(b"<c ", first, at)
        ref = _CELL_START.match(data, start) if start >= 0 else None
        if ref is not None and data.find(b">", ref.end(), at) < 0:  # the attribute is this cell's
            into.add((int(ref.group(2)), _letters_to_number(ref.group(1))))
        at = data.find(needle, at + len(needle), last)


def _scan_sheet_parser(archive: ZipLike, part: str, name: str, limits: FileLimits,
                       percent: frozenset[int] = frozenset()) -> SheetXml:
    from defusedxml import ElementTree as SafeET  # here: only a sheet in an unusual form is streamed

    from ..package.workbook import NS_MAIN, NS_STRICT

    spreadsheet = frozenset({NS_MAIN, NS_STRICT})  # the only namespace whose elements Excel reads as cells

    out = SheetXml()
    row = col = 0
    cells = 0  # 1 inside the first sheetData (the one calamine reads), 2 after it
    with archive.open(part) as stream:
        for event, elem in SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
            tag = local_name(elem.tag)
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
                children = {local_name(child.tag): child for child in elem}
                if children:
                    out.max_row, out.max_col = max(out.max_row, row), max(out.max_col, col)
                    if out.max_row > limits.max_rows or out.max_col > limits.max_columns:
                        raise UnreadableFile("lembar-terlalu-besar", sheet=name, sheet_name=name,
                                          extent=f"{column_letter(max(col, 1))}{row}")
                if "is" in children and (elem.get("t") != "inlineStr" or "v" in children):
                    raise UnreadableFile("berkas-rusak", detail=f"lembar '{name}': sel {column_letter(max(col, 1))}"
                                                                f"{row} memuat teks sebaris (inlineStr) yang tidak "
                                                                "dibaca sama oleh semua aplikasi. Simpan ulang berkas "
                                                                "dengan Excel")
                if "f" in children:
                    out.formulas.add((row, col))
                if elem.get("t") == "e":
                    out.errors[(row, col)] = (children["v"].text or "#N/A") if "v" in children else "#N/A"
                style = elem.get("s", "")
                if percent and style.isdigit() and int(style) in percent:
                    out.percent.add((row, col))
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
    namespace, local = split_tag(tag)
    if namespace not in spreadsheet:
        raise UnreadableFile("berkas-rusak", detail=f"lembar '{sheet}' memuat unsur XML '{local}' dari namespace lain "
                                                    "di antara selnya; Excel tidak membacanya sebagai isi sel")


def inspect_sheets(path: Path | ZipLike, wanted: tuple[str, ...], limits: FileLimits,
                   small: tuple[str, ...] = (), texts: bool = True) -> dict[str, SheetXml]:
    """Scan the XML of the ``wanted`` sheets (those present) for formulas, errors and extent; the
    ``small`` ones are only refused when their XML is over ``limits.max_small_sheet`` (cheap, and
    enough to keep calamine from building a huge grid for them) or hold what the scan refuses; ``texts``: the
    shared strings are checked too (:func:`check_strings`; once a file). With no sheet wanted, the texts alone
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
