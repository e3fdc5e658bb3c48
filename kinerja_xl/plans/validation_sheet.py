"""The *Validasi* sheet, planned once and written by every writer alike.

The same sheet is written into a unit workbook by ``kinerja-xl validasi --tulis-lembar`` and ``hitung``,
by the Excel buttons through xlwings, and into the consolidated workbook for the whole batch. One plan
keeps them identical: title, status line, columns, order, the text of an empty sheet and which cells link
to the offending cell of the workbook.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import SEVERITY_LABELS, Problem, Severity, sort_key
from .fit import fit_heights, look_of
from .paging import PageSetup, plan_pages

TITLE = "Hasil validasi kinerja_xl"
EMPTY_TEXT = "Tidak ada masalah: isian valid."
HEADER_ROW = 4
#: Hyperlinks per sheet: enough for any real workbook, and bounded for the Excel buttons' round trips.
MAX_LINKS = 500
#: Column title -> width; "Berkas" only when the problems come from several files.
WIDTHS = {"No": 5, "Tingkat": 11, "Kode": 26, "Berkas": 30, "Lembar": 10, "Sel": 8, "Isian": 22, "Nilai": 18,
          "Pesan": 70, "Saran": 60}


@dataclass(frozen=True)
class ValidationRow:
    """One problem as a row: its values in column order, its severity and, when the cell is in the
    workbook being written, the (sheet, cell) its *Sel* cell links to."""

    values: tuple[Any, ...]
    severity: Severity
    link: tuple[str, str] | None = None


@dataclass(frozen=True)
class ValidationSheetPlan:
    """Everything the *Validasi* sheet shows; rows start right below :data:`HEADER_ROW`."""

    title: str
    summary: str
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[ValidationRow, ...]
    empty_text: str = EMPTY_TEXT
    header_row: int = HEADER_ROW
    heights: Mapping[int, float] = field(default_factory=dict)  # every row as high as its wrapped texts
    page: PageSetup | None = None

    @property
    def link_column(self) -> int:
        """1-based column of *Sel* (the linked cell)."""
        return self.headers.index("Sel") + 1

    @property
    def severity_column(self) -> int:
        return self.headers.index("Tingkat") + 1

    @property
    def last_row(self) -> int:
        return self.header_row + max(1, len(self.rows))


def _same_file(name: str, target: Path | None) -> bool:
    if target is None or not name:
        return target is None
    try:
        return os.path.normcase(str(Path(name).resolve())) == os.path.normcase(str(target.resolve()))
    except (OSError, ValueError, RuntimeError):
        return False


def plan_validation_sheet(problems: Iterable[Problem], *, when: dt.datetime | None = None,
                          sheets: Sequence[str] = (), target: str | Path | None = None,
                          with_file: bool | None = None, note: str = "") -> ValidationSheetPlan:
    """The sheet listing ``problems``.

    ``sheets`` are the visible sheets of the workbook being written and ``target`` its file: a problem of
    that file whose cell is on one of those sheets links to it. ``with_file`` adds the *Berkas* column
    (default: when the problems come from more than one file). ``note`` is appended to the status line.
    """
    ordered = sorted(problems, key=sort_key)
    counts = Counter(p.severity for p in ordered)
    if with_file is None:
        with_file = len({p.file for p in ordered}) > 1
    headers = ("No", "Tingkat", "Kode", *(("Berkas",) if with_file else ()), "Lembar", "Sel", "Isian", "Nilai",
               "Pesan", "Saran")
    summary = (f"Diperiksa {(when or dt.datetime.now()):%d-%m-%Y %H:%M}: {counts['galat']} galat, "
               f"{counts['peringatan']} peringatan, {counts['info']} info.") + (f" {note}" if note else "")
    visible = set(sheets)
    own = Path(target) if target is not None else None
    rows: list[ValidationRow] = []
    links = 0
    for i, p in enumerate(ordered, start=1):
        values = (i, SEVERITY_LABELS[p.severity], p.code, *((p.file,) if with_file else ()), p.sheet, p.cell,
                  p.field, p.value, p.message, p.hint)
        link = None
        if p.cell and p.sheet in visible and links < MAX_LINKS and _same_file(p.file, own):
            link, links = (p.sheet, p.cell), links + 1
        rows.append(ValidationRow(values, p.severity, link))
    widths = tuple(float(WIDTHS[h]) for h in headers)
    heights = _heights(headers, widths, rows)
    last_row = HEADER_ROW + max(1, len(rows))
    page = plan_pages(dict(enumerate(widths, start=1)), heights, (1, 1, last_row, len(headers)),
                      repeat=(HEADER_ROW, HEADER_ROW), keep={HEADER_ROW})
    return ValidationSheetPlan(TITLE, summary, headers, widths, tuple(rows), heights=heights, page=page)


def _heights(headers: Sequence[str], widths: Sequence[float], rows: Sequence[ValidationRow]) -> dict[int, float]:
    cells = [(1, 1, "", look_of("v_title"))]
    cells += [(HEADER_ROW, col, title, look_of("v_header")) for col, title in enumerate(headers, start=1)]
    look = look_of("v_cell")
    cells += [(HEADER_ROW + i, col, value, look)
              for i, row in enumerate(rows, start=1) for col, value in enumerate(row.values, start=1)
              if isinstance(value, str)]
    return fit_heights(cells, dict(enumerate(widths, start=1)))
