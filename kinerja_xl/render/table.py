"""A table of rows as a plain workbook (``kinerja-xl ekspor -o data.xlsx``): one sheet, numbers as numbers.

A CSV depends on the reader's list separator and decimal sign; a workbook does not, so it opens as numbers
in an Excel or LibreOffice set to any language. Text is always written as text (never a formula).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..reading.safety import OUTPUT_MARKER
from .xlsx import MemoryWorkbook, save

SHEET = "Data"


def write_table_workbook(path: str | Path, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Path:
    """``rows`` under a header of ``columns``, with a filter and a frozen header, atomically; the workbook
    carries the output marker, so a folder scan does not read it as a unit workbook."""
    workbook = MemoryWorkbook()
    workbook.set_properties({"title": "Ekspor angka kinerja", "author": "kinerja_xl"})
    workbook.set_custom_property(OUTPUT_MARKER, "ekspor")
    header = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True})
    number = workbook.add_format({"num_format": "#,##0.00########"})
    integer = workbook.add_format({"num_format": "0"})
    ws = workbook.add_worksheet(SHEET)
    widths = [len(c) + 2 for c in columns]
    for col, title in enumerate(columns):
        ws.write_string(0, col, title, header)
    for r, row in enumerate(rows, start=1):
        for col, key in enumerate(columns):
            value = row.get(key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                text = str(value)
                ws.write_string(r, col, text)  # inert: a name starting with '=' stays text
                widths[col] = max(widths[col], min(len(text) + 2, 60))
            else:
                ws.write_number(r, col, value, integer if isinstance(value, int) else number)
                widths[col] = max(widths[col], 14)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    return save(workbook, path)
