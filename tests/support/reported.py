"""Fill a *Dilaporkan* workbook the way a reviewer does: the printed figures typed into its rows."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import openpyxl

from kinerja_xl.review.printed import COLUMNS, SHEET

TEXT_COLUMN = COLUMNS.index("Teks tercetak (opsional)") + 1


def printed_keys(path: Path) -> list[str]:
    """The codes of the rows of the Dilaporkan sheet, in order."""
    ws = openpyxl.load_workbook(path)[SHEET]
    return [str(row[0]) for row in ws.iter_rows(values_only=True) if isinstance(row[0], str) and row[0].count("|") == 2]


def fill_reported(path: Path, printed: Mapping[str, str]) -> Path:
    """Type each figure (Indonesian notation, as printed) into its row's *Teks tercetak* cell."""
    book = openpyxl.load_workbook(path)
    ws = book[SHEET]
    for row in ws.iter_rows():
        key = row[0].value
        if isinstance(key, str) and key in printed:
            ws.cell(row=row[0].row, column=TEXT_COLUMN, value=printed[key])
    book.save(path)
    return path
