"""Small pieces of Bahasa Indonesia: numbers in words, lists, figures with their unit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ...catalog.schema import Target, TargetRange, target_label
from ...numbers import format_number, show_number

_WORDS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh")
#: Units of measure read as a bare score ("nilai 90,33"), not as "90,33 nilai".
_SCORES = {"nilai", "indeks", "skor", "poin", "angka"}


def count_word(n: int) -> str:
    """3 → "tiga"; numbers above ten stay digits, as Indonesian style guides write them."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def some_of(k: int, n: int) -> str:
    """"dua dari tiga", and none as Indonesian says it: "tidak satu pun dari dua" (never "nol dari dua")."""
    return f"tidak satu pun dari {count_word(n)}" if k == 0 else f"{count_word(k)} dari {count_word(n)}"


def collective(n: int, noun: str) -> str:
    """"ketiga indikator", "kedua sasaran", "seluruh 12 indikator"; one is "indikator tersebut"."""
    if n == 1:
        return f"{noun} tersebut"
    if 2 <= n <= 10:
        return f"ke{count_word(n)} {noun}"
    return f"seluruh {n} {noun}"


def join(items: Sequence[str]) -> str:
    """["a"] → "a"; ["a", "b"] → "a dan b"; ["a", "b", "c"] → "a, b, dan c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} dan {items[1]}"
    return ", ".join(items[:-1]) + f", dan {items[-1]}"


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """A name inside a sentence: "Target nasional" → "target nasional"; "RPJMN", "KH" keep their capitals."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def pct(value: Decimal, digits: int) -> str:
    """A capaian or a share: "107,25%"."""
    return format_number(value, digits) + "%"


def is_percent(uom: str) -> bool:
    return uom.strip() == "%"


def in_unit(value: Decimal, uom: str, digits: int) -> str:
    """A realisasi in the indicator's unit: "99,74%", "90,33", "12,00 hari"."""
    text = format_number(value, digits)
    if is_percent(uom):
        return text + "%"
    if uom.strip().lower() in _SCORES or not uom.strip():
        return text
    return f"{text} {uom.strip()}"


def target_in_unit(target: Target, uom: str) -> str:
    """A target as signed, in the indicator's unit: "80%", "78", "7–8%", "< 10 per 1.000 KH"."""
    text = target_text(target)
    if is_percent(uom):
        return text + "%"
    if uom.strip().lower() in _SCORES or not uom.strip():
        return text
    return f"{text} {uom.strip()}"


def target_text(target: Target) -> str:
    """A target in a table cell: "99,35", a range "7–8", a one-sided target "< 10"."""
    if isinstance(target, TargetRange):
        return f"{show_number(target.low)}–{show_number(target.high)}"
    return target_label(target)


def difference(value: Decimal, uom: str, digits: int) -> str:
    """The size of a gap in the indicator's unit: "0,39 poin persentase", "1,32 poin", "2,00 hari"."""
    text = format_number(abs(value), digits)
    if is_percent(uom):
        return f"{text} poin persentase"
    if uom.strip().lower() in _SCORES or not uom.strip():
        return f"{text} poin"
    return f"{text} {uom.strip()}"


def points(value: Decimal, digits: int) -> str:
    """A gap between two capaian: "0,39 poin"."""
    return f"{format_number(abs(value), digits)} poin"


def rupiah(value: Decimal) -> str:
    return "Rp" + format_number(value, 0)


def pick(variants: Sequence[str], index: int) -> str:
    """One of several phrasings, chosen by position so consecutive sections do not read alike."""
    return variants[index % len(variants)]
