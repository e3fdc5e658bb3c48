"""Cell addresses: the single place that converts between A1 text and (row, column).

Every layer names cells the same way (the reader reports ``Isian!C19``, formulas point at
``'Isian'!$C$19``, the writers place values at row 19, column 3), so the conversions live here, at the
bottom of the package, with no dependency on any spreadsheet library.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class CellAddress:
    """A cell by sheet and 1-based row/column; :meth:`a1` gives ``'Sheet'!$C$12`` style text."""

    sheet: str
    row: int
    col: int

    def a1(self, from_sheet: str | None = None, absolute: bool = True) -> str:
        dollar = "$" if absolute else ""
        local = f"{dollar}{column_letter(self.col)}{dollar}{self.row}"
        if from_sheet == self.sheet:
            return local
        return f"{quote_sheet(self.sheet)}!{local}"

    @property
    def cell(self) -> str:
        """The plain A1 text of the cell (``C12``), as problems and messages show it."""
        return a1(self.row, self.col)


@functools.lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA (remembered: sheets use few columns)."""
    if col < 1:
        raise ValueError(f"column must be >= 1, got {col}")
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str | bytes) -> int:
    """A -> 1, AA -> 27; accepts the bytes of a sheet's XML as well as text (any case)."""
    text = letters.decode("ascii") if isinstance(letters, bytes) else letters
    col = 0
    for ch in text.upper():
        col = col * 26 + ord(ch) - 64
    return col


def a1(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def split_a1(ref: str) -> tuple[int, int]:
    """``'C12'`` -> (12, 3); a missing part is 0 (``'C'`` -> (0, 3)), ``$`` signs are ignored."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    return (int(digits) if digits else 0), column_number(letters)


@functools.lru_cache(maxsize=4096)
def cell_sort_key(ref: str) -> tuple[int, int]:
    """Order cells as a reader does: by row, then column (``C9`` before ``C10`` before ``AA10``); remembered (the
    problems of a batch's files name the same few cells)."""
    return split_a1(ref)


def quote_sheet(name: str) -> str:
    """Always quote: a bare name that looks like a cell (``SS1``) or an R1C1 ref would misparse.

    An apostrophe inside the name is doubled (OOXML formula grammar).
    """
    return "'" + name.replace("'", "''") + "'"


def vertical_runs(cells: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Vertical runs ``(column, first_row, last_row)`` covering the (row, column) ``cells``, so a range
    can be addressed (or written) in one go."""
    out: list[tuple[int, int, int]] = []
    for row, col in sorted(set(cells), key=lambda rc: (rc[1], rc[0])):
        if out and out[-1][0] == col and out[-1][2] == row - 1:
            out[-1] = (col, out[-1][1], row)
        else:
            out.append((col, row, row))
    return out


def range_a1(sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """``'Data Grafik'!$C$5:$C$12``: an absolute range naming its sheet once (chart series, names)."""
    start = CellAddress(sheet, first_row, first_col).a1()
    end = CellAddress(sheet, last_row, last_col).a1(sheet)
    return f"{start}:{end}"
