"""A1 conversions: the one place that turns (row, column) into text and back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kinerja_xl.cells import (
    CellAddress,
    a1,
    cell_sort_key,
    column_letter,
    column_number,
    quote_sheet,
    range_a1,
    split_a1,
    vertical_runs,
)


@given(st.integers(min_value=1, max_value=16384))
def test_column_letters_round_trip(col: int) -> None:
    assert column_number(column_letter(col)) == col
    assert column_number(column_letter(col).encode()) == col
    assert column_number(column_letter(col).lower()) == col


@given(st.integers(min_value=1, max_value=1_048_576), st.integers(min_value=1, max_value=16384))
def test_a1_round_trip(row: int, col: int) -> None:
    assert split_a1(a1(row, col)) == (row, col)


def test_known_addresses() -> None:
    assert [column_letter(c) for c in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert split_a1("$C$12") == (12, 3) and split_a1("C") == (0, 3) and split_a1("") == (0, 0)
    assert CellAddress("Isian", 12, 3).a1() == "'Isian'!$C$12"
    assert CellAddress("Isian", 12, 3).a1("Isian", absolute=False) == "C12"
    assert CellAddress("Isian", 12, 3).cell == "C12"
    assert range_a1("Data Grafik", 5, 3, 12, 3) == "'Data Grafik'!$C$5:$C$12"


def test_reading_order_and_quoting() -> None:
    assert sorted(["C10", "AA10", "C9", "B10", ""], key=cell_sort_key) == ["", "C9", "B10", "C10", "AA10"]
    assert quote_sheet("SS1") == "'SS1'" and quote_sheet("Tim's") == "'Tim''s'"


def test_vertical_runs_cover_each_cell_once() -> None:
    cells = [(5, 3), (6, 3), (7, 3), (9, 3), (5, 4)]
    assert vertical_runs(cells) == [(3, 5, 7), (3, 9, 9), (4, 5, 5)]
