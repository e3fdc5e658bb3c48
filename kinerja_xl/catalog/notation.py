"""How a catalog's values are shown in its messages, and the numbers written in a notation YAML misreads.

A message repeats what the planner wrote, in YAML's words (``'teks'``, ``92.5``, ``[1, 2]``, ``true``): never
Python's ``None`` or a repr. And planners write Indonesian notation, which YAML reads otherwise: ``100.000`` (one
hundred thousand) is the decimal 100.0, ``1.200`` is 1.2, ``2.500.000`` is a text, and ``{2025: 92,5}`` is two
entries. A number so written is refused with what was written, what YAML reads and how to write each reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..numbers import show_number, spell_number
from .safe_yaml import SplitDecimal, WrittenFloat

#: Indonesian thousands notation: groups of three digits after dots (``1.200``, ``100.000``, ``2.500.000``),
#: with an optional decimal comma (``1.234,5``). A leading zero (``0.125``) is never thousands notation.
_THOUSANDS = re.compile(r"([-+]?)([1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,([0-9]+))?")
#: A decimal comma: ``92,5``.
_DECIMAL_COMMA = re.compile(r"([-+]?[0-9]+),([0-9]+)")
#: A number with a percent sign: ``75%``.
_PERCENT = re.compile(r"([-+]?[0-9]+(?:\.[0-9]+)?)\s*%")
_LONGEST = 60


def shown(value: Any) -> str:
    """A value of the catalog as written in YAML, for a message: ``'teks'``, ``92.5``, ``[4, 5]``, ``true``;
    ``null`` (or a key left without a value) is "isian kosong"."""
    if isinstance(value, str):
        return f"'{_plain_text(value)}'"
    return "isian kosong" if value is None else flow(value)


def flow(value: Any) -> str:
    """A value as YAML's flow style writes it, unquoted (a key, or an item of a list): ``2024.5``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, WrittenFloat):
        return value.written
    if isinstance(value, float):
        return {"inf": ".inf", "-inf": "-.inf", "nan": ".nan"}.get(repr(value), repr(value))
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, str):
        return _plain_text(value)
    if isinstance(value, Mapping):
        text = "{" + ", ".join(f"{flow(k)}: {flow(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, (list, tuple)):
        text = "[" + ", ".join(flow(v) for v in value) + "]"
    else:  # not a YAML value: the loader makes none other
        text = str(value)
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


def _plain_text(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text[:_LONGEST])


def written_number_problem(value: Any) -> str | None:
    """Why a number written as ``value`` is refused (a sentence naming what was written and how to write it),
    or None: ``100.000`` and ``1.200`` (read by YAML as 100 and 1,2), ``2.500.000`` and ``1.234,5`` (texts to
    YAML), ``92,5`` (two entries in a flow mapping, a text when quoted), ``75%`` (a text)."""
    if isinstance(value, SplitDecimal):
        whole, decimals = value.split(",", 1)
        return (f"{value} dibaca YAML sebagai dua isian ({whole}, lalu kunci {decimals} tanpa nilai): di YAML koma "
                f"memisahkan isian dan titik adalah tanda desimal; tulis {whole}.{decimals}")
    if isinstance(value, WrittenFloat):
        text = value.written
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    thousands = _THOUSANDS.fullmatch(text)
    if thousands:
        sign, grouped, decimals = thousands.groups()
        return _thousands(text, sign, grouped, decimals, isinstance(value, WrittenFloat))
    percent = _PERCENT.fullmatch(text)
    if percent:
        return (f"'{text}' memuat tanda %, yang membuatnya teks bagi YAML: tulis angkanya saja, {percent.group(1)} "
                "(satuan ditulis di kunci 'satuan')")
    comma = _DECIMAL_COMMA.fullmatch(text)
    if comma:
        return (f"'{text}' memakai koma desimal, yang tidak dikenal YAML: di YAML titik adalah tanda desimal; tulis "
                f"{comma.group(1)}.{comma.group(2)} tanpa tanda kutip")
    return None


def _thousands(text: str, sign: str, grouped: str, decimals: str | None, by_yaml: bool) -> str:
    whole = Decimal(sign + grouped.replace(".", "") + (f".{decimals}" if decimals else ""))
    meant = f"tulis {whole:f} bila maksudnya {_spelt(whole)} ({show_number(whole)})"
    if decimals is not None or grouped.count(".") > 1:  # not a YAML number: a text
        return (f"'{text}' ditulis dalam notasi Indonesia, yang dibaca YAML sebagai teks, bukan angka: di YAML "
                f"titik adalah tanda desimal dan tidak ada pemisah ribuan; {meant}")
    point = Decimal(sign + grouped).normalize()
    yaml_text = f"{point:f}"
    if _THOUSANDS.fullmatch(yaml_text):  # 3.064: the trailing zero keeps it from reading as thousands
        yaml_text += "0"
    said = f"dibaca YAML sebagai {show_number(point)}" if by_yaml else f"dibaca sebagai {show_number(point)}"
    return (f"{text} {said} ({_spelt(point)}), karena di YAML titik adalah tanda desimal, bukan pemisah ribuan; "
            f"{meant}, atau {yaml_text} bila maksudnya {_spelt(point)}")


def _spelt(value: Decimal) -> str:
    try:
        return spell_number(value)
    except ValueError:  # 10^15 and beyond: refused as out of range anyway, once written plainly
        return show_number(value)
