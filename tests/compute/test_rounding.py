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


def _rounded_in_a_fresh_context(value, digits):
    """What ``excel_round`` computed before its finite numbers were quantized by a context made once: every call
    installs a fresh context and names the rounding in each operation."""
    from decimal import Context, localcontext

    from kinerja_xl.compute.rounding import EXCEL_SIGNIFICANT_DIGITS, WORKING_PRECISION, to_decimal

    number = to_decimal(value)
    with localcontext(Context(prec=WORKING_PRECISION)):
        if number != 0 and number.is_finite():
            exponent = number.adjusted() - EXCEL_SIGNIFICANT_DIGITS + 1
            number = number.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
        return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _outcome(function, *args):
    try:
        result = function(*args)
    except Exception as exc:  # noqa: BLE001 - the error is part of what must be the same
        return type(exc), str(exc)
    return type(result), str(result)  # str: the exponent too (2.50 is not 2.5 on a sheet)


@given(st.one_of(st.decimals(), st.decimals(min_value=-10**40, max_value=10**40), st.floats(), st.integers(),
                 st.sampled_from([Decimal("-0"), Decimal("0E-30"), Decimal("1E+999999"), Decimal("9.99E-999999"),
                                  Decimal("NaN"), Decimal("-Infinity"), Decimal("123456789012345678901234567890.5")])),
       st.integers(min_value=-40, max_value=40))
def test_the_shared_context_rounds_as_a_fresh_one(value, digits):
    """Every value, exponent and error (a result too long for the precision) is what a fresh context gives."""
    assert _outcome(excel_round, value, digits) == _outcome(_rounded_in_a_fresh_context, value, digits)
