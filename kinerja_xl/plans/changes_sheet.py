"""The *Perubahan* sheet: what changed between two versions of a unit workbook (``kinerja-xl banding
--lembar``), written into the newer workbook beside its result sheets.

Two tables: every input that changed, by node and field with its cell (linked when the cell is in this
workbook), old → new and the difference; then every figure that moves because of it, from the leaves
up to the instansi. Text from the workbooks is neutralised, numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..ledger.diff import KIND_LABELS, LEVEL_LABELS, Effect, InputChange, measure_label
from ..text import safe_text

SHEET_CHANGES = "Perubahan"
WIDTHS = (5, 14, 44, 12, 18, 18, 16, 12)
NONE = "–"


@dataclass(frozen=True)
class ChangesTable:
    """One table: its title, headers and rows; ``links[i]``: the (sheet, cell) row i's cell column opens."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    links: tuple[tuple[str, str] | None, ...]
    link_column: int = 0        # 1-based; 0: no links
    empty_text: str = ""


@dataclass(frozen=True)
class ChangesSheetPlan:
    title: str
    lines: tuple[str, ...]
    widths: tuple[float, ...]
    tables: tuple[ChangesTable, ...]


def _text(value: Decimal | str | None) -> Decimal | str:
    return value if isinstance(value, Decimal) else NONE if value is None else safe_text(value)


def _figure(value: Decimal | str | None, digits: int) -> Decimal | str:
    """A computed figure with the rounding policy's decimals (``100`` shows as ``100,00``)."""
    return value.quantize(Decimal(1).scaleb(-digits)) if isinstance(value, Decimal) else _text(value)


def plan_changes_sheet(title: str, lines: Sequence[str], changes: Sequence[InputChange],
                       effects: Sequence[Effect], sheets: Sequence[str] = ()) -> ChangesSheetPlan:
    """The sheet; ``sheets``: the sheets of the workbook it goes into (a change's cell there is linked)."""
    rows, links = [], []
    for i, c in enumerate(changes, start=1):
        label = c.label if c.kind == "isian" else f"{KIND_LABELS[c.kind]}: {c.label}"
        rows.append((i, c.node, safe_text(label), c.cell or NONE, _text(c.old), _text(c.new),
                     c.delta if c.delta is not None else NONE))
        sheet, _, cell = c.new_cell.partition("!")
        links.append((sheet, cell) if c.new_cell and sheet in sheets else None)
    inputs = ChangesTable(f"Isian yang berubah ({len(rows)})", ("No", "Kode", "Isian", "Sel", "Nilai lama",
                                                                  "Nilai baru", "Selisih"),
                          tuple(rows), tuple(links), 4, "Tidak ada isian yang berbeda.")
    moved = tuple((i, e.node, safe_text(e.name), LEVEL_LABELS.get(e.level, e.level),
                   e.label or measure_label(e.measure), _figure(e.old, e.digits), _figure(e.new, e.digits),
                   _figure(e.delta, e.digits)) for i, e in enumerate(effects, start=1))
    figures = ChangesTable(f"Dampak pada angka hasil ({len(moved)})", ("No", "Kode", "Uraian", "Tingkat", "Ukuran",
                                                                         "Lama", "Baru", "Selisih"),
                           moved, tuple(None for _ in moved), 0, "Tidak ada angka hasil yang berubah.")
    return ChangesSheetPlan(safe_text(title), tuple(safe_text(line) for line in lines), WIDTHS, (inputs, figures))
