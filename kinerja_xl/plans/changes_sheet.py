"""The *Perubahan* sheet: what changed between two versions of a unit workbook (``kinerja-xl banding
--lembar``), written into the newer workbook beside its result sheets.

Two tables: every input that changed, by node and field with its cell (linked to that cell of this
workbook), old → new and the difference; then every figure that moves because of it, from the leaves up
to the instansi, with the rounding policy's decimals. A plain :class:`~kinerja_xl.plans.sheet.Sheet`, sized
and paged like every other sheet; text from the workbooks is neutralised, numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..ledger.diff import KIND_LABELS, LEVEL_LABELS, Effect, InputChange, measure_label
from ..text import safe_text
from .sheet import Sheet

SHEET_CHANGES = "Perubahan"
WIDTHS = (5, 14, 46, 13, 18, 18, 16, 14)
NONE = "–"


def _number_style(value: Decimal) -> str:
    places = max(0, -int(value.as_tuple().exponent))  # type: ignore[arg-type]
    return "num:#,##0" + ("." + "0" * min(places, 10) if places else "")


def _value(sheet: Sheet, r: int, col: int, value: Decimal | str | None) -> None:
    if isinstance(value, Decimal):
        sheet.number(r, col, value, _number_style(value))
    else:
        sheet.text(r, col, NONE if value is None else safe_text(value), "cell_top")


def _figure(value: Decimal | str | None, digits: int) -> Decimal | str | None:
    """A computed figure with the rounding policy's decimals (``100`` shows as ``100,00``)."""
    return value.quantize(Decimal(1).scaleb(-digits)) if isinstance(value, Decimal) else value


def _table(sheet: Sheet, r: int, title: str, headers: list[str], empty: str | None) -> int:
    """A table's title and column headers from row ``r`` (and ``empty``, the line saying it has no rows);
    the row its first line goes under."""
    sheet.text(r, 1, title, "bold")
    sheet.header(r + 1, headers)
    if empty is None:
        return r + 1
    sheet.text(r + 2, 1, empty, "note")
    return r + 2


def plan_changes_sheet(title: str, lines: Sequence[str], changes: Sequence[InputChange],
                       effects: Sequence[Effect], sheets: Sequence[str] = ()) -> Sheet:
    """The sheet; ``sheets``: the sheets of the workbook it goes into (a change's cell there is linked)."""
    sheet = Sheet(SHEET_CHANGES)
    sheet.widths_from(WIDTHS)
    sheet.text(1, 1, safe_text(title), "title")
    r = 1
    for line in lines:
        r += 1
        sheet.text(r, 1, safe_text(line), "subtitle")
    r += 2
    r = _table(sheet, r, f"Isian yang berubah ({len(changes)})",
               ["No", "Kode", "Isian", "Sel", "Nilai lama", "Nilai baru", "Selisih"],
               None if changes else "Tidak ada isian yang berbeda.")
    for i, c in enumerate(changes, start=1):
        r += 1
        sheet.number(r, 1, Decimal(i), "num:0")
        sheet.text(r, 2, c.node, "code")
        sheet.text(r, 3, safe_text(c.label if c.kind == "isian" else f"{KIND_LABELS[c.kind]}: {c.label}"), "text")
        sheet.text(r, 4, c.cell or NONE, "cell_top")
        target, _, cell = c.new_cell.partition("!")
        if c.new_cell and target in sheets:
            sheet.links[(r, 4)] = (target, cell)
        _value(sheet, r, 5, c.old)
        _value(sheet, r, 6, c.new)
        _value(sheet, r, 7, c.delta)
    r += 2
    r = _table(sheet, r, f"Dampak pada angka hasil ({len(effects)})",
               ["No", "Kode", "Uraian", "Tingkat", "Ukuran", "Lama", "Baru", "Selisih"],
               None if effects else "Tidak ada angka hasil yang berubah.")
    for i, e in enumerate(effects, start=1):
        r += 1
        sheet.number(r, 1, Decimal(i), "num:0")
        sheet.text(r, 2, e.node, "code")
        sheet.text(r, 3, safe_text(e.name), "text")
        sheet.text(r, 4, LEVEL_LABELS.get(e.level, e.level), "cell_top")
        sheet.text(r, 5, e.label or measure_label(e.measure), "text")
        _value(sheet, r, 6, _figure(e.old, e.digits))
        _value(sheet, r, 7, _figure(e.new, e.digits))
        _value(sheet, r, 8, _figure(e.delta, e.digits))
    sheet.fit()
    return sheet
