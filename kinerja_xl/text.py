"""User text written into workbooks: it can never become a formula.

Text that came from an input (a unit's note, a file name, a problem's value) is written back into the
result sheets, the consolidated workbook and Excel itself; :func:`safe_text` makes it inert first.
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
    """Make user-supplied text safe to write into a cell: it can never become a formula.

    Following the OWASP recommendation for formula injection, text that starts with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return (or their full-width forms) is prefixed with a single quote
    ``'``; a signed plain number such as ``-3`` or ``-1.234,5`` is left as is. The quote is part of
    the stored text (Excel shows it), which is intended: the cell reads as inert text everywhere, also
    after export to CSV. Characters XML cannot store are replaced by ``\ufffd`` and the text is cut
    to Excel's 32,767-character cell limit. Writers still store the result as a string cell.
    """
    text = _ILLEGAL_XML.sub("\ufffd", str(value))
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    return text
