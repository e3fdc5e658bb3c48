"""The one helper that sizes rows and number columns (plans/fit) and the A4 page plan (plans/paging)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja_xl.plans.fit import (
    DEFAULT_HEIGHT,
    LOOKS,
    PLAIN,
    WRAP,
    Look,
    fit_heights,
    look_of,
    number_width,
    row_points,
    shown_number,
    text_points,
    text_room,
    wrapped_lines,
)
from kinerja_xl.plans.paging import MIN_LAST_PAGE, area_width, body_points, plan_pages


# -- text ----------------------------------------------------------------------------------------------
def test_widths_are_the_fonts_own():
    # Calibri's digits are all 507/1000 em wide; Arial's 556/1000; bold Calibri is wider than regular
    assert text_points("0123456789") == pytest.approx(10 * 0.507 * 11)
    assert text_points("0" * 10, Look(family="Arial", size=10)) == pytest.approx(10 * 0.556 * 10)
    assert text_points("Persentase", Look(bold=True)) > text_points("Persentase")
    assert text_points("iiii") < text_points("WWWW")


def test_lines_wrap_at_spaces_and_long_words_break():
    room = text_points("aaaa bbbb")
    assert wrapped_lines("aaaa bbbb", room) == 1
    assert wrapped_lines("aaaa bbbb cccc", room) == 2
    assert wrapped_lines("a" * 40, text_points("a" * 10)) == 4  # a word longer than the line breaks anywhere
    assert wrapped_lines("one\ntwo", 1000) == 2 and wrapped_lines("", 100) == 1
    # LibreOffice also breaks after | - /: the more lines of the two readings count
    assert wrapped_lines("PK.AGU|perlindungan|anggaran", text_points("perlindungan|") + 1) == 3


def test_row_heights_follow_lines_and_font_size():
    assert row_points(1) == DEFAULT_HEIGHT
    assert row_points(2) > 2 * 14 and row_points(3) > row_points(2) + 14
    assert row_points(1, LOOKS["title"]) > DEFAULT_HEIGHT  # a 14 pt title needs more than a default row
    assert row_points(1000) == 409  # Excel's largest


def test_fit_heights_sizes_each_row_by_its_tallest_cell_and_merges_widen_the_room():
    name = "Persentase kelompok masyarakat rentan permasalahan sosial yang meningkat kemampuannya " * 2
    heights = fit_heights([(5, 2, name, look_of("node")), (5, 3, "x", PLAIN), (6, 2, "pendek", look_of("text"))],
                          {2: 40, 3: 10})
    assert heights[5] >= row_points(4) and heights[6] == DEFAULT_HEIGHT
    merged = fit_heights([(7, 2, name, look_of("node"))], {2: 40, 3: 40}, spans={(7, 2): 3})
    assert merged[7] < heights[5]
    unwrapped = fit_heights([(8, 1, name, look_of("subtitle"))], {1: 10})  # a line that does not wrap: one line
    assert unwrapped[8] == DEFAULT_HEIGHT


def test_every_style_has_a_look_and_variants_keep_it():
    assert look_of("node") == Look(bold=True, wrap=True)
    assert look_of("subtitle" + WRAP) == Look(italic=True, wrap=True)
    assert look_of("num:#,##0") == PLAIN and look_of("finding:data") == LOOKS["finding"]
    assert look_of("no such style") == PLAIN


# -- numbers -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "code", "shown"), [
    (Decimal("1234.5"), "#,##0.00", "1,234.50"),
    (Decimal("-3.14159"), "0.00", "-3.14"),
    (Decimal("1.5"), "#,##0.00##", "1.50"),
    (Decimal("1.23456"), "#,##0.00##", "1.2346"),
    (Decimal("85530010687985"), "#,##0.00,,,", "85,530.01"),  # each trailing comma divides by 1000
    (7, "#,##0", "7"),
])
def test_numbers_are_shown_as_their_format_shows_them(value, code, shown):
    assert shown_number(value, code) == shown


@given(st.decimals(min_value=-10**15, max_value=10**15, places=2, allow_nan=False, allow_infinity=False))
def test_a_number_column_is_never_narrower_than_its_value(value):
    """The reviu's Selisih once showed ### for a 19-character number: a column from number_width fits it."""
    width = number_width([value], "#,##0.00")
    assert text_points(shown_number(value, "#,##0.00")) <= text_room(width)


# -- pages ---------------------------------------------------------------------------------------------
def test_the_scale_fits_the_area_to_the_page_width():
    widths = dict.fromkeys(range(1, 9), 30)  # 240 characters: wider than landscape A4
    page = plan_pages(widths, {}, (1, 1, 10, 8))
    printed = area_width(widths, 1, 8) * page.scale / 100
    assert printed <= body_points(True, page.margins)[0] and page.scale < 100 and page.breaks == ()
    assert plan_pages({1: 10}, {}, (1, 1, 10, 1)).scale == 100  # never enlarged


def test_a_break_above_every_page_and_headings_stay_with_what_follows():
    heights = dict.fromkeys(range(1, 201), 15.0)
    page = plan_pages({1: 50}, heights, (1, 1, 200, 1), repeat=(3, 3))
    assert len(page.breaks) >= 4 and list(page.breaks) == sorted(page.breaks)
    capacity = body_points(True, page.margins)[1] * 100 / page.scale
    starts = [1, *page.breaks, 201]
    for a, b in zip(starts, starts[1:], strict=False):  # every page fits, its repeated header included
        assert sum(heights[r] for r in range(a, b)) + (15 if a > 1 else 0) <= capacity
    heading = page.breaks[0] - 1
    kept = plan_pages({1: 50}, heights, (1, 1, 200, 1), repeat=(3, 3), keep={heading})
    assert kept.breaks[0] == heading  # the heading moved to the next page with its row


def test_no_stray_last_page():
    """A few rows past a page are pulled onto it by a slightly smaller scale, or the pages are balanced."""
    capacity = body_points(True, plan_pages({1: 50}, {}, (1, 1, 1, 1)).margins)[1] * 0.95
    rows = int(capacity // 15) + 3  # a page and three rows at 100 %
    page = plan_pages({1: 50}, dict.fromkeys(range(1, rows + 1), 15.0), (1, 1, rows, 1))
    assert page.breaks == () and page.scale < 100
    many = int(capacity // 15) * 2 + 2  # two pages and two rows: shrinking 14 % is not enough, so balance
    page = plan_pages({1: 50}, dict.fromkeys(range(1, many + 1), 15.0), (1, 1, many, 1))
    last = (many + 1 - page.breaks[-1]) * 15.0
    assert last >= MIN_LAST_PAGE * capacity * 100 / page.scale * 0.9
