"""The XlsxWriter workbook every writer of kinerja_xl uses: built in memory, text always inert.

* **In memory, saved atomically.** XlsxWriter writes its zip into a buffer (``in_memory``: no temporary files
  of its own in the system's temp folder either), and :func:`save` hands the bytes to
  :func:`kinerja_xl.atomic.atomic_write_bytes`, the one place a file is written. A full disk or a missing
  permission is therefore an error of that one write, with its message, and never XlsxWriter's
  ``FileCreateError`` nor a half-written zip whose handle is collected later with a traceback.
* **Text never becomes a formula.** Every string cell, whichever call writes it (``write_string``, ``write``,
  a link's text, a merged range), passes through :func:`kinerja_xl.text.safe_text`; a test writes a formula
  trigger through each of them. Chart texts go through it in :mod:`.charts`. The one exception is a
  :class:`~kinerja_xl.text.ExactText`, a text formulas compare with the user's cells: stored exactly, as text,
  its format carrying Excel's quote prefix.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..atomic import atomic_write_bytes
from ..text import ExactText, raw_rich_text, exact_cell_text, safe_text

#: Text is never turned into numbers, formulas or links behind our back (each cell is written with its own
#: typed call anyway), and no temporary file is made.
OPTIONS = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


class NeutralWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet whose every string cell is made inert first (XlsxWriter funnels all of them, from
    ``write_string``, ``write``, ``write_url`` and ``merge_range`` alike, through ``_write_string``)."""

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        if isinstance(string, ExactText):
            return self._write_exact(row, col, exact_cell_text(string), cell_format)
        result: int = super()._write_string(row, col, safe_text(string), cell_format)
        return result

    def _write_exact(self, row: int, col: int, text: str, cell_format: Any) -> int:
        """An :class:`~kinerja_xl.text.ExactText` as it is (its format carries the quote prefix that keeps it
        text in Excel). XlsxWriter stores a shared string in the form ``<r>…</r>`` as raw rich-text XML: such
        a text is written as three plain runs instead, escaped, whose joined text is the same."""
        if raw_rich_text(text):
            result: int = self._write_rich_string(row, col, text[:1], text[1:2], text[2:], cell_format)
        else:
            result = super()._write_string(row, col, text, cell_format)
        return result


class MemoryWorkbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """An XlsxWriter workbook written into memory, its worksheets :class:`NeutralWorksheet`."""

    worksheet_class = NeutralWorksheet

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.buffer = BytesIO()
        super().__init__(self.buffer, {**OPTIONS, **(options or {})})

    def to_bytes(self) -> bytes:
        """Close the workbook (once) and return its zip."""
        if not self.fileclosed:
            self.close()
        return self.buffer.getvalue()


def save(workbook: MemoryWorkbook, path: str | Path) -> Path:
    """Write ``workbook`` to ``path`` atomically (an old file survives any failure); returns ``path``."""
    return atomic_write_bytes(path, workbook.to_bytes())
