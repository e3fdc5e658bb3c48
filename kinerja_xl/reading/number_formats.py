"""Which cell styles of a workbook show a number as a percentage.

A unit staffer who types ``4,8%`` into an input cell stores 0,048 in a cell formatted as a percentage: Excel shows
4,8 %, and every reader of the value (calamine, kinerja_xl) reads 0,048. The styles part says which cell formats
(``cellXfs``, by index: a cell's ``s``) use a number format with a percent sign, built in (9 ``0%``, 10 ``0.00%``)
or the workbook's own (``0.0%``). Workbooks of one template share the part: found once per compressed stream.
"""

from __future__ import annotations

import re

from ..memo import remember
from .archive import KEPT, PackageArchive, ZipLike, read_part
from .xml_bytes import attributes, elements_only

#: Excel's built-in percent formats (ECMA-376 18.8.30).
BUILTIN_PERCENT = frozenset({9, 10})
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs\s*>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
#: What a format code shows literally, where a percent sign multiplies nothing: quoted text, an escaped character,
#: a bracketed section (a colour, a condition, a locale).
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_SEEN: dict[tuple[object, ...], frozenset[int]] = {}


def percent_code(code: str) -> bool:
    """Whether number format ``code`` shows a number as a percentage (a ``%`` outside its literal text)."""
    return "%" in _LITERAL.sub("", code)


def percent_styles(archive: ZipLike, part: str | None, limit: int) -> frozenset[int]:
    """The indices of the cell formats of styles ``part`` that show a number as a percentage (empty: no part)."""
    if part is None or part not in archive.namelist():
        return frozenset()
    key = (archive.identity(part), part, limit) if isinstance(archive, PackageArchive) else None
    if key is not None and key in _SEEN:
        return _SEEN[key]
    data = elements_only(read_part(archive, part, limit), part)
    formats = {}
    for found in _NUM_FMT.finditer(data):
        attrs = dict(attributes(found.group(1), part))
        if attrs.get("numFmtId", "").isdigit():
            formats[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
    block = _CELL_XFS.search(data)
    percent: set[int] = set()
    for index, found in enumerate(_XF.finditer(block.group()) if block else ()):
        number = dict(attributes(found.group(1), part)).get("numFmtId", "0")
        number_id = int(number) if number.isdigit() else 0
        if number_id in BUILTIN_PERCENT or percent_code(formats.get(number_id, "")):
            percent.add(index)
    result = frozenset(percent)
    return remember(_SEEN, key, result, KEPT) if key is not None else result
