"""How much room a text needs on a sheet: row heights for wrapped text, column widths for numbers.

Excel, LibreOffice and WPS each decide on their own whether and how to fit a row to wrapped text when a
workbook opens (LibreOffice keeps the stored height; Excel fits only rows it never saw a height for), so
a row left to them prints one line of a three-line name over the next row. kinerja_xl therefore sets the
height of every row with text itself, from the column widths and the widths of the font's characters
(:mod:`.font_widths`: Calibri and Arial, which LibreOffice prints with the metric-compatible Carlito and
Liberation Sans), and gives every number column the width of its longest formatted value, so no cell
shows ``###``. Every plan sizes its rows and columns here, and nowhere else.

Sizes: a column width is Excel's (characters of the workbook's default font, Calibri 11); heights and
text widths are in points.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from decimal import Decimal

from .font_widths import CHARS, LINE_HEIGHTS, WIDTHS

DEFAULT_FAMILY = "Calibri"
DEFAULT_SIZE = 11.0
DEFAULT_WIDTH = 8.43        # Excel's width of a column nobody sized
DEFAULT_HEIGHT = 15.0       # Excel's height of a row of Calibri 11
DIGIT_PIXELS = 7            # the widest digit of Calibri 11 at 96 dpi: Excel's unit of column width
CELL_PADDING_PIXELS = 5     # what Excel adds to a column's characters for the cell margins and grid line
POINTS_PER_PIXEL = 0.75     # 96 dpi
#: LibreOffice prints a column of Excel's width ``w`` as ``w`` (with its padding) times 5,55 points, wider
#: than the 7 pixels (5,25 points) a character Excel shows; Excel in turn draws Calibri 11 narrower than its
#: advance widths (a digit of 7,44 pixels hinted to 7), so both fit about as many characters in a line as
#: the advance widths give for LibreOffice's column. Page widths and lines of text are reckoned with it.
PRINTED_CHARACTER_POINTS = 5.55
INDENT_POINTS = 9.0         # one indent level (Excel: three spaces' worth of the default font)
#: The text may lay out a little wider than the advance widths add up to (hinting, rounding per character
#: on screen), so a line is filled only to this share of the room.
FILL = 0.98
#: The distance between lines of a wrapped cell, in ems: Excel's (15 points for Calibri 11, 12.75 for
#: Arial 10), a little more than LibreOffice's, so a row fits both.
LINE_SPACING = {"Calibri": 15 / 11, "Arial": 1.275}
MAX_ROW_HEIGHT = 409.0      # Excel's largest row height

UNKNOWN_WIDTH = 600
_BREAK = re.compile(r"(\s+)")
_BREAK_AFTER = re.compile(r"(\s+|(?<=[|/-]))")


@dataclass(frozen=True)
class Look:
    """What decides the room a cell's text needs: font family and size, weight, wrapping and indent."""

    size: float = DEFAULT_SIZE
    bold: bool = False
    italic: bool = False
    wrap: bool = False
    indent: int = 0
    family: str = DEFAULT_FAMILY


PLAIN = Look()
WRAPPED = Look(wrap=True)
BOLD = Look(bold=True)
BOLD_WRAPPED = Look(bold=True, wrap=True)

#: The look of every named cell style of kinerja_xl's workbooks: plans name a style and size its cells
#: from this; writers give the style its colours, borders and number format (and the look from here).
LOOKS: dict[str, Look] = {
    # shared by every workbook
    "title": Look(size=14, bold=True),
    "subtitle": Look(italic=True),
    "header": BOLD_WRAPPED,
    "section": BOLD_WRAPPED,
    "node": BOLD_WRAPPED,
    "text": WRAPPED,
    "label": Look(size=9, italic=True, wrap=True),
    "code": WRAPPED,
    "formula_text": WRAPPED,
    "input_text": WRAPPED,
    "note": WRAPPED,
    "bold": BOLD,
    "bold_note": BOLD_WRAPPED,
    "hidden": Look(size=8),
    # the consolidated, monitoring and review workbooks
    "missing": Look(italic=True),
    "goal_code": BOLD,
    "goal": BOLD_WRAPPED,
    "sub": Look(wrap=True, indent=1),
    "component": Look(wrap=True, indent=2),
    "group": Look(italic=True, wrap=True, indent=3),
    "center": WRAPPED,
    "pct_bold": BOLD,
    "pct_total": Look(size=12, bold=True),
    "total_label": Look(size=12, bold=True, wrap=True),
    "sum_label": BOLD_WRAPPED,
    "sum_center": BOLD,
    "sum_predicate": BOLD_WRAPPED,  # the category of a summary row, centred as the indicators' are
    "total_predicate": Look(size=12, bold=True, wrap=True),
    "sum_rupiah": BOLD,
    "sum_pct": BOLD,
    "predicate": WRAPPED,
    "galat": BOLD,
    "status": WRAPPED,
    "ok": WRAPPED,
    "finding": BOLD_WRAPPED,
    # the result sheets of a unit workbook (Hasil, Validasi)
    "chart_title": BOLD,
    "v_title": Look(size=14, bold=True),
    "v_header": BOLD_WRAPPED,
    "v_cell": WRAPPED,
    "v_link": WRAPPED,
    "v_galat": WRAPPED,
    "v_peringatan": WRAPPED,
    "v_info": WRAPPED,
}


#: The suffix of a style's wrapped variant (a title too long for the page, merged across it and wrapped).
WRAP = ":wrap"


def look_of(style: str) -> Look:
    """The look of a named style; a style without one (numbers, blanks) is plain Calibri 11. A style
    ``name:variant`` (``num:#,##0``, ``finding:data``) looks like ``name``."""
    look = LOOKS.get(style.removesuffix(WRAP).split(":")[0], PLAIN)
    return replace(look, wrap=True) if style.endswith(WRAP) else look


#: (family, bold) -> {character: width}; a character outside the table counts wider than most (600).
_TABLES = {key: {c: w or UNKNOWN_WIDTH for c, w in zip(CHARS, widths, strict=True)} for key, widths in WIDTHS.items()}


@lru_cache(maxsize=1 << 16)
def _advance(text: str, family: str, bold: bool) -> int:
    """The advance width of ``text`` in thousandths of an em (texts repeat: a batch's messages, names)."""
    table = _TABLES.get((family, bold)) or _TABLES[(DEFAULT_FAMILY, bold)]
    return sum(table.get(c, UNKNOWN_WIDTH) for c in text)


def text_points(text: str, look: Look = PLAIN) -> float:
    """The width of ``text`` on one line, in points."""
    return _advance(text, look.family, look.bold) * look.size / 1000


def column_pixels(width: float) -> int:
    """Excel's width in pixels of a column ``width`` characters wide (as XlsxWriter stores it)."""
    if width <= 0:
        return 0
    if width < 1:
        return int(width * (DIGIT_PIXELS + CELL_PADDING_PIXELS) + 0.5)
    return int(width * DIGIT_PIXELS + 0.5) + CELL_PADDING_PIXELS


def column_points(width: float) -> float:
    """The printed width of a column ``width`` characters wide, in points (LibreOffice's, the wider)."""
    return column_pixels(width) / DIGIT_PIXELS * PRINTED_CHARACTER_POINTS


def text_room(width: float, look: Look = PLAIN) -> float:
    """The points (of advance width) a text may fill on one line of a column ``width`` characters wide."""
    room = (column_pixels(width) - CELL_PADDING_PIXELS) / DIGIT_PIXELS * PRINTED_CHARACTER_POINTS \
        - look.indent * INDENT_POINTS
    return max(room * FILL, look.size)


def _lines(paragraph: str, room: float, look: Look, breaks: re.Pattern[str]) -> int:
    lines, used = 1, 0.0
    for token in breaks.split(paragraph):
        if not token:
            continue
        width = text_points(token, look)
        if token.isspace():
            used += width
            continue
        if used > 0 and used + width > room + 1e-6:
            lines += 1
            used = 0.0
        while width > room + 1e-6:  # a word longer than the line
            lines += 1
            width -= room
        used += width
    return lines


@lru_cache(maxsize=1 << 14)
def wrapped_lines(text: str, room: float, look: Look = PLAIN) -> int:
    """Lines ``text`` takes when wrapped into ``room`` points: greedily at spaces, a word wider than the
    room broken anywhere (Excel), or also after ``|``, ``-`` and ``/`` (LibreOffice), whichever needs more;
    a line break in the text starts a new line."""
    return sum(max(_lines(p, room, look, _BREAK), _lines(p, room, look, _BREAK_AFTER)) for p in text.split("\n"))


def line_points(look: Look = PLAIN) -> float:
    """The distance between two lines of a wrapped cell, in points."""
    return look.size * LINE_SPACING.get(look.family, LINE_HEIGHTS.get(look.family, 1.25))


@lru_cache(maxsize=1 << 10)
def row_points(lines: int, look: Look = PLAIN) -> float:
    """The height a row needs for ``lines`` lines of text in ``look``, in points (a whole pixel, at
    least the default row height, at most Excel's largest)."""
    height = max(DEFAULT_HEIGHT, lines * line_points(look) + (1.5 if lines > 1 else 0))
    return min(MAX_ROW_HEIGHT, math.ceil(height / POINTS_PER_PIXEL) * POINTS_PER_PIXEL)


def fit_heights(cells: Iterable[tuple[int, int, str, Look]], widths: Mapping[int, float],
                spans: Mapping[tuple[int, int], int] | None = None,
                default_width: float = DEFAULT_WIDTH) -> dict[int, float]:
    """The height of every row that holds text: ``cells`` are (row, column, text, look); ``widths`` the
    column widths by 1-based column; ``spans`` the last column of a cell merged across columns."""
    spans = spans or {}
    heights: dict[int, float] = {}
    rooms: dict[tuple[float, Look], float] = {}
    for row, col, text, look in cells:
        last = spans.get((row, col), col)
        width = widths.get(col, default_width)
        if last > col:  # merged: the columns and the padding of the inner grid lines are room
            width = sum(widths.get(c, default_width) for c in range(col, last + 1)) + \
                (last - col) * CELL_PADDING_PIXELS / DIGIT_PIXELS
        if text and look.wrap:
            room = rooms.get((width, look))
            if room is None:
                room = rooms[(width, look)] = text_room(width, look)
            height = row_points(wrapped_lines(text, room, look), look)
        else:
            height = row_points(text.count("\n") + 1, look)
        if height > heights.get(row, 0.0):
            heights[row] = height
    return heights


def width_for(texts: Iterable[str], look: Look = PLAIN, minimum: float = 0) -> float:
    """The column width (characters) that shows the widest of ``texts`` on one line."""
    widest = max((text_points(t, look) for t in texts), default=0.0) + look.indent * INDENT_POINTS
    characters = widest / FILL / PRINTED_CHARACTER_POINTS
    return max(minimum, math.ceil(characters * 4) / 4 + 0.5)


_SCALE = re.compile(r",+$")


def shown_number(value: Decimal | float | int, num_format: str) -> str:
    """``value`` as a number format shows it, digits and separators only (every locale's separators take
    the same room in these fonts): ``#,##0.00`` gives ``1,234.50``; trailing commas divide by 1000."""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    code = num_format.split(";")[0].strip()
    scale = _SCALE.search(code)
    if scale:
        number /= Decimal(1000) ** len(scale.group())
        code = code[:scale.start()]
    decimals = code.split(".")[1] if "." in code else ""
    required, optional = decimals.count("0"), decimals.count("#")
    text = f"{abs(number):,.{required + optional}f}" if "," in code else f"{abs(number):.{required + optional}f}"
    if optional and "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0").ljust(required, "0")
        text = whole + ("." + frac if frac else "")
    return ("-" if number < 0 else "") + text + ("%" if code.endswith("%") else "")


def number_width(values: Iterable[Decimal | float | int | None], num_format: str, look: Look = PLAIN,
                 minimum: float = 0) -> float:
    """The width of a column showing ``values`` in ``num_format``: its longest value on one line, so the
    column never shows ``###``."""
    return width_for((shown_number(v, num_format) for v in values if v is not None), look, minimum)
