"""Parse and format numbers written in Indonesian notation.

Indonesian spreadsheets use '.' as the thousands separator and ',' as the decimal
separator: ``1.234.567,89``. Cells may also carry a currency prefix (``Rp``,
``Rp.``), a ``,-`` suffix, a ``%`` unit (kept as is: ``12%`` is 12, not 0.12),
spaces as thousands separators, a leading ``-``/``\u2212`` or accounting
parentheses ``(1.000)`` for negatives.

Some strings have two plausible readings, because the same workbook is often
edited on machines with English and Indonesian locales. A wrong guess silently
changes a performance figure by a factor of 1000, which is far worse than asking
the user, so such strings are reported as ``angka-ambigu`` instead of guessed:

* ``1,234`` (one comma, 1-3 integer digits without leading zero, exactly three
  decimals): Indonesian 1,234 or English 1234.
* ``1,234.56`` / ``1,234,567`` (valid English grouping with commas).
* ``99.35``, ``1.5``, ``0.701``, ``.5`` (a dot that cannot be an Indonesian
  thousands separator, so it is an English decimal point).

A dot followed by groups of exactly three digits (``807.701``) is read as the
Indonesian thousands separator, as the reports themselves use it. Consequence:
``format_number(x, 3)`` for 1 <= |x| < 1000 yields e.g. ``1,234``, which parses
as ambiguous; every other output of ``format_number`` parses back exactly.

Problem codes are stable: None (ok), ``kosong``, ``bukan-angka``, ``angka-ambigu``.
Details are short explanations in Bahasa Indonesia for the user.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import NamedTuple

KOSONG = "kosong"
BUKAN_ANGKA = "bukan-angka"
ANGKA_AMBIGU = "angka-ambigu"


class ParsedNumber(NamedTuple):
    """A cell value as read: its number, or the problem code and a detail for the user. Immutable; a named tuple,
    not a frozen dataclass: every input cell of every file makes one, and a tuple is made in under half the time
    (a frozen dataclass sets each field through ``object.__setattr__``)."""

    value: Decimal | None
    problem: str | None
    detail: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


_MINUS = "-\u2212"
_CURRENCY = re.compile(r"rp\.?\s*", re.IGNORECASE)
_SPACE_GROUPED = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]+)?")
_INDONESIAN = re.compile(r"(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)?(?:,[0-9]+)?")
_COMMA_THOUSAND = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")
_ENGLISH = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]*\.[0-9]+")
_HINT = "gunakan titik untuk ribuan dan koma untuk desimal, mis. 1.234.567,89"


_EMPTY = ParsedNumber(None, KOSONG, "sel kosong")  # immutable: one shared instance for every empty cell


def _show(text: str) -> str:
    return "'" + (text if len(text) <= 40 else text[:37] + "...") + "'"


def _bad(detail: str) -> ParsedNumber:
    return ParsedNumber(None, BUKAN_ANGKA, detail)


def _swap(text: str) -> str:
    return text.translate(str.maketrans(".,", ",."))


def parse_number(value: object) -> ParsedNumber:
    """Parse a cell value into a Decimal, reporting a problem code instead of raising."""
    if type(value) is float:  # what a workbook's number is read as: the common case first
        if not math.isfinite(value):
            return _bad("nilai tak hingga atau NaN bukan angka")
        return ParsedNumber(Decimal(repr(value)), None, None)
    if value is None:
        return _EMPTY
    if isinstance(value, bool):
        return _bad("nilai benar/salah (TRUE/FALSE) bukan angka")
    if isinstance(value, int):
        return ParsedNumber(Decimal(value), None, None)
    if isinstance(value, float):
        if not math.isfinite(value):
            return _bad("nilai tak hingga atau NaN bukan angka")
        return ParsedNumber(Decimal(repr(value)), None, None)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return _bad("nilai tak hingga atau NaN bukan angka")
        return ParsedNumber(value, None, None)
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return _bad("sel berisi tanggal/waktu, bukan angka; periksa format sel")
    if isinstance(value, str):
        return _parse_text(value)
    return _bad(f"jenis nilai {type(value).__name__} bukan angka")


def _take_sign(text: str) -> tuple[str, str | None]:
    if text and text[0] in _MINUS + "+":
        return text[1:].lstrip(), text[0]
    return text, None


def _parse_text(raw: str) -> ParsedNumber:
    text = raw.strip()
    if not text:
        return ParsedNumber(None, KOSONG, "sel kosong")
    shown = _show(text)
    if text.startswith("="):
        return _bad(f"{shown} adalah rumus yang tersimpan sebagai teks, bukan angka")
    if text.startswith("#"):
        return _bad(f"{shown} adalah kode galat Excel, bukan angka; perbaiki rumus sumbernya")

    parens = len(text) >= 2 and text[0] == "(" and text[-1] == ")"
    body = text[1:-1].strip() if parens else text
    body, sign = _take_sign(body)
    if currency := _CURRENCY.match(body):
        body = body[currency.end() :]
        if sign is None:
            body, sign = _take_sign(body)
    body = body.removesuffix("%").rstrip().removesuffix(",-").rstrip()
    body = re.sub(r"\s+", " ", body)
    if not re.search(r"[0-9]", body) or not re.fullmatch(r"[0-9., ]+", body) or (parens and sign):
        return _bad(f"{shown} bukan angka; isi sel dengan angka saja")
    if " " in body:
        if not _SPACE_GROUPED.fullmatch(body):
            return _bad(f"{shown}: format angka tidak dikenali; {_HINT}")
        body = body.replace(" ", "")

    if _INDONESIAN.fullmatch(body):
        if _COMMA_THOUSAND.fullmatch(body):
            return ParsedNumber(
                None,
                ANGKA_AMBIGU,
                (
                    f"{shown} bisa berarti {body} (koma desimal) atau {_swap(body)} (koma ribuan gaya Inggris); "
                    "ketik sebagai nilai angka, bukan teks"
                ),
            )
        number = Decimal(body.replace(".", "").replace(",", "."))
        negative = parens or (sign is not None and sign in _MINUS)
        return ParsedNumber(number.copy_negate() if negative else number, None, None)
    if _ENGLISH.fullmatch(body):
        return ParsedNumber(
            None,
            ANGKA_AMBIGU,
            (
                f"{shown} memakai format Inggris (titik desimal, koma ribuan); "
                f"dalam format Indonesia tulis {_show(_swap(body))}"
            ),
        )
    return _bad(f"{shown}: format angka tidak dikenali; {_HINT}")


def format_number(value: Decimal | float, decimals: int = 2) -> str:
    """Format in Indonesian notation ('.' thousands, ',' decimal), rounding half away from zero."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        raise TypeError(f"format_number expects Decimal, int or float, got {type(value).__name__}")
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"cannot format non-finite number {value!r}")
    with localcontext() as ctx:
        ctx.prec = max(28, number.adjusted() + decimals + 2)
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    int_part, _, frac = f"{rounded.copy_abs():f}".partition(".")
    head = len(int_part) % 3 or 3
    groups = [int_part[:head]] + [int_part[i : i + 3] for i in range(head, len(int_part), 3)]
    sign = "-" if rounded < 0 else ""
    return sign + ".".join(groups) + ("," + frac if frac else "")



def show_number(value: Decimal, max_places: int | None = 6) -> str:
    """Indonesian notation with as many decimals as the value has (at most ``max_places``, if given)."""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, places if max_places is None else min(places, max_places))


_ONES = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


def _spell_whole(n: int) -> str:
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        return f"{_ONES[n // 10]} puluh" + (f" {_ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        head = "seratus" if n < 200 else f"{_ONES[n // 100]} ratus"
        return head + (f" {_spell_whole(n % 100)}" if n % 100 else "")
    for scale, name in _SCALES:
        if n >= scale:
            head = "seribu" if scale == 1000 and n < 2000 else f"{_spell_whole(n // scale)} {name}"
            return head + (f" {_spell_whole(n % scale)}" if n % scale else "")
    raise AssertionError(n)  # pragma: no cover - every n >= 1000 has a scale


def spell_number(value: Decimal) -> str:
    """The number in Indonesian words, for a message that must not be misread: 1200 "seribu dua ratus", 1.25
    "satu koma dua lima" (the decimals digit by digit, as they are read aloud); below 10^15."""
    if not value.is_finite() or abs(value) >= 10**15:
        raise ValueError(f"cannot spell {value!r}")
    whole, _, decimals = f"{value.copy_abs().normalize():f}".partition(".")
    words = _spell_whole(int(whole))
    if decimals:
        words += " koma " + " ".join(_ONES[int(d)] for d in decimals)
    return ("minus " if value < 0 else "") + words
