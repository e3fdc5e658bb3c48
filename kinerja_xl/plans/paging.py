"""A sheet on A4 paper: the print scale and the page breaks, decided from the sheet's own sizes.

"Fit to one page wide" leaves the page breaks to the application, and Excel then ignores every manual
break; each application also breaks pages a little differently. So a plan decides the print itself: the
scale at which the print area is as wide as the page (a whole percent, as Excel and LibreOffice print it),
and a manual break at the top of every page, from the row heights of :mod:`.fit`. Breaks fall where a
reader expects them: never between a heading and the rows under it (rows "kept with the next"), never
inside a block kept together (a chart), and no page holds a few rows that could have been on the page
before it: the scale shrinks a little, or the last pages are balanced.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from .fit import DEFAULT_HEIGHT, DEFAULT_WIDTH, column_points

A4_POINTS = (595.28, 841.89)      # width, height of portrait A4
POINTS_PER_INCH = 72
#: Room kept free on every page, against small differences between applications in widths and heights.
WIDTH_SLACK = 0.97
HEIGHT_SLACK = 0.95
#: A last page holding less than this share of a page is a stray one.
MIN_LAST_PAGE = 0.25
#: How far the scale may shrink to pull a stray last page onto the page before it.
MAX_SHRINK = 0.86
MIN_SCALE = 10


@dataclass(frozen=True)
class Margins:
    """Page margins in inches (header and footer sit inside the top and bottom margins)."""

    left: float = 0.4
    right: float = 0.4
    top: float = 0.6
    bottom: float = 0.6
    header: float = 0.25
    footer: float = 0.25


@dataclass(frozen=True)
class PageSetup:
    """How a sheet prints: A4 in an orientation, a scale in percent, the print area (1-based first row,
    first column, last row, last column), rows repeated on every page, and the rows that start a page."""

    area: tuple[int, int, int, int]
    landscape: bool = True
    scale: int = 100
    breaks: tuple[int, ...] = ()
    repeat: tuple[int, int] | None = None
    margins: Margins = field(default_factory=Margins)
    center: bool = True
    header: tuple[str, str] = ("", "")   # left and right text of the page header
    footer: bool = True                  # "kinerja_xl · sheet" and "Halaman n dari m"

    @property
    def pages(self) -> int:
        return len(self.breaks) + 1


def body_points(landscape: bool, margins: Margins) -> tuple[float, float]:
    """Width and height of the printable part of an A4 page, in points."""
    width, height = A4_POINTS if not landscape else A4_POINTS[::-1]
    return (width - (margins.left + margins.right) * POINTS_PER_INCH,
            height - (margins.top + margins.bottom) * POINTS_PER_INCH)


def area_width(widths: Mapping[int, float], first_col: int, last_col: int, hidden: Collection[int] = (),
               default_width: float = DEFAULT_WIDTH) -> float:
    """The printed width of columns ``first_col``..``last_col`` at 100 %, in points."""
    return sum(column_points(widths.get(c, default_width)) for c in range(first_col, last_col + 1) if c not in hidden)


def fit_scale(width: float, landscape: bool, margins: Margins, height: float | None = None) -> int:
    """The whole percent at which ``width`` points (and ``height``, if given) fit one page."""
    body_w, body_h = body_points(landscape, margins)
    scale = body_w * WIDTH_SLACK / width if width else 1
    if height:
        scale = min(scale, body_h * HEIGHT_SLACK / height)
    return max(MIN_SCALE, min(100, math.floor(scale * 100)))


def _paginate(heights: list[float], first: int, capacity: float, repeat: tuple[int, int] | None,
              repeat_height: float, keep: Collection[int]) -> list[int]:
    """Greedy breaks (first rows of pages 2, 3, …) for rows ``first``.. of ``heights`` (one per row)."""
    breaks: list[int] = []
    start, used = first, 0.0
    for i, height in enumerate(heights):
        row = first + i
        if used + height > capacity and row > start:
            cut = row
            while cut - 1 > start and cut - 1 in keep:  # a heading stays with what follows it
                cut -= 1
            breaks.append(cut)
            start = cut
            overhead = repeat_height if repeat and cut > repeat[1] else 0.0
            used = overhead + sum(heights[cut - first:row - first])
        used += height
    return breaks


def _page_heights(heights: list[float], first: int, breaks: list[int], repeat_height: float) -> list[float]:
    starts = [first, *breaks, first + len(heights)]
    return [sum(heights[a - first:b - first]) + (repeat_height if i else 0.0)
            for i, (a, b) in enumerate(zip(starts, starts[1:], strict=False))]


def _balance(heights: list[float], first: int, breaks: list[int], capacity: float, repeat_height: float,
             keep: Collection[int]) -> list[int]:
    """Move the last break up until the last page holds a fair share (the page before stays full enough)."""
    breaks = list(breaks)
    while True:
        pages = _page_heights(heights, first, breaks, repeat_height)
        if len(pages) < 2 or pages[-1] >= MIN_LAST_PAGE * capacity:
            return breaks
        cut = breaks[-1] - 1
        while cut - 1 > (breaks[-2] if len(breaks) > 1 else first) and cut - 1 in keep:
            cut -= 1
        moved = heights[cut - first:breaks[-1] - first]
        if cut <= (breaks[-2] if len(breaks) > 1 else first) or pages[-1] + sum(moved) > capacity or \
                pages[-2] - sum(moved) < MIN_LAST_PAGE * capacity:
            return breaks
        breaks[-1] = cut


def plan_pages(widths: Mapping[int, float], heights: Mapping[int, float], area: tuple[int, int, int, int], *,
               repeat: tuple[int, int] | None = None, keep: Collection[int] = (), landscape: bool = True,
               margins: Margins | None = None, hidden: Collection[int] = (), header: tuple[str, str] = ("", ""),
               footer: bool = True, default_height: float = DEFAULT_HEIGHT,
               default_width: float = DEFAULT_WIDTH, min_scale: int = MIN_SCALE) -> PageSetup:
    """The page setup of the print ``area``: the scale that fits its width on the page, and a break at the
    top of every page. ``keep`` are rows that must not end a page (headings, the rows of a chart)."""
    margins = margins or Margins()
    first_row, first_col, last_row, last_col = area
    scale = max(min_scale, fit_scale(area_width(widths, first_col, last_col, hidden, default_width), landscape,
                                     margins))
    rows = [heights.get(r, default_height) for r in range(first_row, last_row + 1)]
    repeat_height = sum(heights.get(r, default_height) for r in range(repeat[0], repeat[1] + 1)) if repeat else 0.0

    def paginate(percent: int) -> tuple[list[int], float]:
        capacity = body_points(landscape, margins)[1] * HEIGHT_SLACK * 100 / percent
        return _paginate(rows, first_row, capacity, repeat, repeat_height, keep), capacity

    breaks, capacity = paginate(scale)
    if breaks and _page_heights(rows, first_row, breaks, repeat_height)[-1] < MIN_LAST_PAGE * capacity:
        for smaller in range(scale - 1, max(min_scale, math.ceil(scale * MAX_SHRINK)) - 1, -1):
            fewer, room = paginate(smaller)
            if len(fewer) < len(breaks):
                scale, breaks, capacity = smaller, fewer, room
                break
        breaks = _balance(rows, first_row, breaks, capacity, repeat_height, keep)
    return PageSetup(area, landscape, scale, tuple(breaks), repeat, margins, header=header, footer=footer)
