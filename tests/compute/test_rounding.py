"""Excel ROUND semantics, proven against an independent definition and known Excel results."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja_xl.compute.rounding import excel_round

# Results Excel gives (and LibreOffice too: tests/test_libreoffice.py recalculates them).
KNOWN = [
    (2.675, 2, "2.68"), (-2.675, 2, "-2.68"), (1.005, 2, "1.01"), (117.295, 2, "117.30"),
    ("88.6725", 2, "88.67"), (0.5, 0, "1"), (-0.5, 0, "-1"), (1.5, 0, "2"), (2.5, 0, "3"),
    (1234.5678, 1, "1234.6"), (0, 2, "0.00"), ("99.995", 2, "100.00"), (107.2475, 2, "107.25"),
]


@pytest.mark.parametrize("value,digits,expected", KNOWN)
def test_known_excel_results(value, digits, expected):
    assert excel_round(value, digits) == Decimal(expected)


def test_python_round_would_be_wrong():
    assert round(2.675, 2) == 2.67  # the trap this module exists for
    assert excel_round(2.675, 2) == Decimal("2.68")


@given(st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=4))
def test_half_away_from_zero_on_the_decimal_value(value, digits):
    step = Decimal(1).scaleb(-digits)
    expected = abs(value).quantize(step, rounding=ROUND_HALF_UP).copy_sign(value)
    assert excel_round(value, digits) == expected


@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=0, max_value=3))
def test_exact_ties_round_away_from_zero(whole, digits):
    tie = Decimal(whole) + Decimal(5).scaleb(-(digits + 1)) * (1 if whole >= 0 else -1)
    rounded = excel_round(tie, digits)
    assert abs(rounded) > abs(tie)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_floats_round_as_their_shortest_decimal_repr(value):
    assert excel_round(value, 2) == excel_round(Decimal(repr(value)), 2)


@given(st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_already_rounded_values_are_unchanged(value):
    assert excel_round(value, 2) == value
