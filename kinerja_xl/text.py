"""Text from inputs, made inert wherever it lands: a cell, a CSV file, a terminal.

Text that came from an input (a unit's note, a file name, a catalog's name, a problem's value) is written
into the result sheets, the consolidated and monitoring workbooks, Excel itself, the CSV export and the
console. One function per destination makes it inert there: :func:`safe_text` for a cell (every writer's
worksheet calls it, :mod:`kinerja_xl.render.xlsx`), :func:`csv_text` for a CSV field, :func:`terminal_text`
for a line on the console.
"""

from __future__ import annotations

import re

#: OWASP "CSV injection": cells starting with these characters may be interpreted as formulas
#: (also their full-width forms, which some spreadsheet applications normalise).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
EXCEL_MAX_TEXT = 32767
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: A signed plain number (``-3``, ``+1.234,5``, ``-12 %``) cannot start a formula: left as is.
_PLAIN_NUMBER = re.compile(r"[+-][0-9][0-9.,]*(?: ?%)?")


def safe_text(value: str) -> str:
    """Make user-supplied text safe to write into a cell: it can never become a formula, nor markup.

    Following the OWASP recommendation for formula injection, text that starts with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return (or their full-width forms) is prefixed with a single quote
    ``'``; a signed plain number such as ``-3`` or ``-1.234,5`` is left as is. So is text that looks like
    the rich-text runs XlsxWriter would store as raw XML (``<r>…</r>``). The quote is part of
    the stored text (Excel shows it), which is intended: the cell reads as inert text everywhere, also
    after export to CSV. Characters XML cannot store are replaced by ``\ufffd`` and the text is cut
    to Excel's 32,767-character cell limit. Writers still store the result as a string cell.
    """
    text = _ILLEGAL_XML.sub("\ufffd", str(value))
    return _within_limit("'" + text if _needs_quote(text) else text)


class ExactText(str):
    """A text a formula compares with a cell of the user's workbook (a jenis layanan as written on the Survei
    sheet): it must be stored exactly, so no quote is put before a formula trigger. The writer stores it as a
    text cell whose format carries Excel's quote prefix (what a typed leading apostrophe does): it shows as
    text, stays text when edited, and equals the cell it was read from."""

    __slots__ = ()


def xml_text(value: str) -> str:
    """``value`` with the characters XML cannot store (C0 controls but tab, line feed and carriage return) replaced
    by ``\ufffd``, as a cell shows them: a Word document refuses them outright."""
    return _ILLEGAL_XML.sub("\ufffd", value)


def exact_cell_text(value: str) -> str:
    """What a cell stores of an :class:`ExactText`: the text itself, only characters XML cannot hold replaced
    (a text read from a workbook has none) and cut to Excel's limit."""
    return _within_limit(_ILLEGAL_XML.sub("\ufffd", str(value)))


def _within_limit(text: str) -> str:
    """``text`` cut to Excel's cell limit (its last character an ellipsis when cut)."""
    return text if len(text) <= EXCEL_MAX_TEXT else text[: EXCEL_MAX_TEXT - 1] + "…"


def _needs_quote(text: str) -> bool:
    """A formula trigger or a rich-text look-alike: what :func:`safe_text` puts a quote before."""
    return _starts_formula(text) or raw_rich_text(text)


def _starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def raw_rich_text(text: str) -> bool:
    """XlsxWriter stores a shared string that starts with ``<r>`` and ends with ``</r>`` as raw XML, its rich
    text runs (``sharedstrings.py``): such a text would put markup into the workbook, or break it."""
    return text.startswith("<r>") and text.endswith("</r>")


def restored_text(value: str) -> str:
    """A text of our own cell read back: the quote :func:`safe_text` put before a formula trigger removed (a
    quote a user types in Excel is never stored, so a stored one before a trigger is ours)."""
    return value[1:] if value.startswith("'") and _needs_quote(value[1:]) else value


def csv_text(value: str) -> str:
    """A CSV field that no spreadsheet opens as a formula (OWASP, "CSV injection"): a leading ``=``, ``+``,
    ``-``, ``@``, tab or carriage return (or a full-width form) gets a ``'``; a signed plain number stays."""
    return "'" + value if _starts_formula(value) else value


#: C0 controls (but line feed and tab), DEL and C1 controls (CSI, OSC, ... as single bytes), and the Unicode
#: controls that reorder a line on screen (bidirectional overrides and isolates).
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """``text`` for a terminal: every control character shown visibly (ESC as ``\\x1b``), so no file name or
    cell text can move the cursor, recolour the screen, set the title or write the clipboard (OSC 52)."""
    return _TERMINAL_CONTROLS.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _unseen(char: str) -> bool:
    """A character a screen shows as nothing or as a plain space: a format character (a zero-width space, a
    joiner, a byte-order mark) or any space but the plain one."""
    import unicodedata  # here: only two texts that look alike need it

    return char != " " and (char.isspace() or unicodedata.category(char) == "Cf")


def alike_on_screen(first: str, second: str) -> bool:
    """Whether two different texts look alike on a screen: they differ only in spaces or in characters a screen
    does not show (``Sudah sesuai`` and ``Sudah sesuai\\u200b``, ``REHSOS`` and ``REHSOS ``)."""
    return first != second and "".join(c for c in first if not c.isspace() and not _unseen(c)) == \
        "".join(c for c in second if not c.isspace() and not _unseen(c))


#: What a terminal, a sheet's cell or a log may take for the end of a line (or, a tab, for a column of its own).
LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_BREAKS_WRITTEN = {ord(c): f"\\u{ord(c):04x}" if ord(c) > 0xff else f"\\x{ord(c):02x}"
                   for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"} | {ord("\n"): "\\n", ord("\r"): "\\r",
                                                                  ord("\t"): "\\t"}


def on_one_line(text: str) -> str:
    """``text`` with every line break (and tab) written out (``\\n``, ``\\u2028``, ``\\t``): a text from an input
    put into a line of kinerja_xl's own (a problem's message, a file's name) cannot start a line that reads as
    another."""
    return text.translate(_BREAKS_WRITTEN) if LINE_BREAKS.search(text) else text


def written_out(text: str) -> str:
    """``text`` in quotes, each character a screen does not show written as its code: ``'Sudah sesuai\\u200b'``,
    ``'REHSOS '`` (so two texts :func:`alike_on_screen` show their difference; a backslash is written twice, so no
    text written out reads as another)."""
    return "'" + "".join(f"\\u{ord(c):04x}" if _unseen(c) else "\\\\" if c == "\\" else c for c in text) + "'"
