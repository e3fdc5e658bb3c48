"""Excel-compatible rounding.

Python's ``round()`` rounds half to even on binary floats (``round(2.675, 2) == 2.67``); Excel's
``ROUND`` rounds half away from zero on the value as Excel shows it (15 significant digits), so
``ROUND(2.675, 2) == 2.68``. Every published figure of this project goes through :func:`excel_round`.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext

#: Precision of all intermediate arithmetic (far beyond a double's ~17 digits).
WORKING_PRECISION = 34

#: Excel stores doubles but treats a value as its 15-significant-digit decimal form when rounding
#: (Microsoft: "Excel specifications and limits", number precision 15 digits).
EXCEL_SIGNIFICANT_DIGITS = 15


def to_decimal(value: Decimal | int | float | str) -> Decimal:
    """Convert to Decimal without binary noise: floats go through their shortest repr."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("boolean is not a number")
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _to_significant(value: Decimal, digits: int) -> Decimal:
    if value == 0 or not value.is_finite():
        return value
    exponent = value.adjusted() - digits + 1
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def excel_round(value: Decimal | int | float | str, digits: int = 2) -> Decimal:
    """Round like Excel's ``ROUND(value, digits)``: half away from zero on the decimal value.

    >>> excel_round(2.675), excel_round(-2.675), excel_round(1.005)
    (Decimal('2.68'), Decimal('-2.68'), Decimal('1.01'))

    A finite non-zero number is quantized by :data:`_CONTEXT`'s own methods, with the powers of ten made once
    (:func:`_power`): the operations and settings of the general case below, which installs a fresh copy of that
    context for each call and names the rounding in each (a figure is rounded at every stage; a property test
    holds the two to one result, errors included)."""
    number = to_decimal(value)
    if type(digits) is int and number.is_finite() and number:
        quantize = _CONTEXT.quantize
        return quantize(quantize(number, _power(number.adjusted() - EXCEL_SIGNIFICANT_DIGITS + 1)), _power(-digits))
    with localcontext(Context(prec=WORKING_PRECISION)):
        number = _to_significant(number, EXCEL_SIGNIFICANT_DIGITS)
        return number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


#: The settings :func:`excel_round` computes with, half away from zero its rounding (a context's flags, which its
#: operations set, decide no result).
_CONTEXT = Context(prec=WORKING_PRECISION, rounding=ROUND_HALF_UP)
_ONE = Decimal(1)
#: ``Decimal(1).scaleb(n)`` in :data:`_CONTEXT`, by ``n``.
_POWERS: dict[int, Decimal] = {}


def _power(exponent: int) -> Decimal:
    power = _POWERS.get(exponent)
    if power is None:
        power = _CONTEXT.scaleb(_ONE, exponent)
        if len(_POWERS) < 2048:  # the exponents of every figure fit; a stray one is just not kept
            _POWERS[exponent] = power
    return power


def _quantize(value: Decimal, digits: int, mode: str) -> Decimal:
    with localcontext(Context(prec=WORKING_PRECISION)):
        return value.quantize(Decimal(1).scaleb(-digits), rounding=mode)


def rounding_variants(exact: Decimal, digits: int = 2) -> tuple[tuple[str, Decimal], ...]:
    """What other rounding habits make of ``exact`` at ``digits``, by a stable code: ``dipotong``
    (truncated), ``genap`` (half to even, Python's ``round``), ``dua_kali`` (rounded to one more decimal
    first). Validation and the reviu use them to name why a reported figure differs."""
    return (("dipotong", _quantize(exact, digits, ROUND_DOWN)),
            ("genap", _quantize(exact, digits, ROUND_HALF_EVEN)),
            ("dua_kali", excel_round(excel_round(exact, digits + 1), digits)))
