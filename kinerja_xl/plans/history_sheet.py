"""The *Riwayat* sheet of the consolidated workbook: which version of each unit it was computed from, what
changed since the previous consolidation of the period and its effect on the instansi's capaian, the
final set, and every version of the period the ledger holds.

Text that came from the units' files (names, notes, identity) goes through :func:`~kinerja_xl.text.safe_text`;
numbers stay numbers with as many decimals as they were typed with.
"""

from __future__ import annotations

from decimal import Decimal

from ..ledger.diff import KIND_LABELS, InputChange
from ..ledger.history import ConsolidationHistory
from ..ledger.records import SHORT, show_time
from ..numbers import format_number
from ..text import safe_text
from ..unit_layout import period_label
from ..validate.report import STATUS_LABELS
from .sheet import SheetPlan

SHEET_HISTORY = "Riwayat"
WIDTHS = [12, 30, 44, 12, 17, 22, 26, 21, 20]
NONE = "–"


def _value(sheet: SheetPlan, r: int, col: int, value: Decimal | str | None, style: str = "cell_top") -> None:
    if isinstance(value, Decimal):
        places = max(0, -int(value.normalize().as_tuple().exponent))  # type: ignore[operator]
        sheet.number(r, col, value, "num:#,##0" + ("." + "0" * min(places, 10) if places else ""))
    else:
        sheet.text(r, col, NONE if value is None else safe_text(value), style)


def _signed(value: Decimal | None) -> str:
    if value is None:
        return NONE
    return ("+" if value > 0 else "") + format_number(value, 2)


def versions_line(history: ConsolidationHistory) -> str:
    """``DAYASOS 1a2b3c4d (12-03-2024 10:15) · ITJEN …``: the versions used, in one line."""
    return " · ".join(f"{u.unit} {u.short or NONE}" + (f" ({show_time(u.time)})" if u.time else "")
                      for u in history.used)


def plan_history(sheet: SheetPlan, history: ConsolidationHistory, ministry: str, year: int, period: str,
                 digits: int = 2) -> None:
    """Lay out the *Riwayat* sheet."""
    sheet.text(1, 1, f"Riwayat versi buku kerja unit — {ministry} {period_label(period)} {year}", "title")
    sheet.heights[1] = 21
    ledger = (f"Buku besar: {safe_text(history.ledger)}" + (f" · sidik terakhir {history.head[:16]}"
                                                            if history.head else "")) if history.ledger else ""
    sheet.text(2, 1, "; ".join(t for t in (ledger, history.note) if t) or NONE, "subtitle")
    if history.lock is not None:
        note = f" ({safe_text(history.lock.note)})" if history.lock.note else ""
        sheet.text(3, 1, f"Periode ini FINAL sejak {show_time(history.lock.time)} oleh {safe_text(history.lock.who)}"
                         f"{note}: angka dihitung dari versi final setiap unit.", "bold")
    sheet.widths_from(WIDTHS)
    r = 5
    sheet.text(r, 1, "Versi buku kerja unit yang dipakai", "bold")
    r += 1
    sheet.header(r, ["Unit", "Nama unit", "Berkas", "Versi", "Pertama dilihat", "Status",
                     "Sejak konsolidasi sebelumnya"])
    sheet.freeze = (r + 1, 2)
    for u in history.used:
        r += 1
        sheet.text(r, 1, u.unit, "code")
        sheet.text(r, 2, safe_text(u.unit_name), "text")
        sheet.text(r, 3, safe_text(u.file), "text")
        sheet.text(r, 4, u.short or NONE, "code")
        sheet.text(r, 5, show_time(u.time) if u.time else NONE, "cell_top")
        sheet.text(r, 6, u.status or NONE, "cell_top")
        sheet.text(r, 7, NONE if u.changed is None else "berubah" if u.changed else "sama", "cell_top")
    if not history.used:
        r += 1
        sheet.text(r, 1, "Tidak ada buku kerja unit yang dipakai.", "note")
    r = _plan_changes(sheet, history, ministry, r + 2, digits)
    _plan_versions(sheet, history, r + 2)


def _plan_changes(sheet: SheetPlan, history: ConsolidationHistory, ministry: str, r: int, digits: int) -> int:
    previous = history.previous
    if previous is None:
        sheet.text(r, 1, "Perubahan sejak konsolidasi sebelumnya", "bold")
        sheet.text(r + 1, 1, "Belum ada konsolidasi sebelumnya untuk periode ini di buku besar." if history.ledger
                   else "Tanpa buku besar tidak diketahui apa yang berubah sejak konsolidasi sebelumnya.", "note")
        return r + 1
    sheet.text(r, 1, f"Perubahan sejak konsolidasi sebelumnya ({show_time(previous.time)}, "
                     f"{safe_text(previous.output)})", "bold")
    before, now = history.previous_capaian, history.capaian
    delta = now - before if now is not None and before is not None else None
    r += 1
    sheet.text(r, 1, f"Capaian {ministry}: {format_number(before, digits) if before is not None else NONE} → "
                     f"{format_number(now, digits) if now is not None else NONE} (selisih {_signed(delta)})",
               "subtitle")
    if not history.changes:
        sheet.text(r + 1, 1, "Tidak ada isian yang berubah sejak konsolidasi sebelumnya.", "note")
        return r + 1
    r += 1
    sheet.header(r, ["Unit", "Kode simpul", "Isian", "Sel", "Nilai lama", "Nilai baru", "Selisih",
                     "Versi lama → baru", f"Dampak pada capaian {ministry}"])
    for change in history.changes:
        r += 1
        sheet.text(r, 1, change.unit, "section")
        for col in range(2, 8):
            sheet.blank(r, col, "section")
        sheet.text(r, 2, f"{len(change.changes)} isian berubah", "section")
        sheet.text(r, 8, f"{change.old[:SHORT] or NONE} → {change.new[:SHORT] or NONE}", "section")
        sheet.text(r, 9, _signed(change.effect), "section")
        for item in change.changes:
            r += 1
            _change_row(sheet, r, item)
    return r


def _change_row(sheet: SheetPlan, r: int, item: InputChange) -> None:
    sheet.blank(r, 1, "cell_top")
    sheet.text(r, 2, item.node, "code")
    label = item.label if item.kind == "isian" else f"{KIND_LABELS[item.kind]}: {item.label}"
    sheet.text(r, 3, safe_text(label), "text")
    sheet.text(r, 4, item.cell or NONE, "cell_top")
    _value(sheet, r, 5, item.old)
    _value(sheet, r, 6, item.new)
    _value(sheet, r, 7, item.delta)
    sheet.blank(r, 8, "cell_top")
    sheet.blank(r, 9, "cell_top")


def _plan_versions(sheet: SheetPlan, history: ConsolidationHistory, r: int) -> None:
    sheet.text(r, 1, "Semua versi di buku besar, per unit (terlama lebih dulu)", "bold")
    if not history.units:
        sheet.text(r + 1, 1, "Tidak ada versi tercatat." if history.ledger else history.note or NONE, "note")
        return
    r += 1
    sheet.header(r, ["Unit", "Berkas", "Keterangan", "Versi", "Pertama dilihat", "Terakhir dilihat", "Status",
                     "Isian berubah", "Dipakai konsolidasi"])
    for unit in history.units:
        for line in unit.lines:
            r += 1
            v = line.version
            marks = [m for m in ("dipakai di sini" if line.current else "", "final" if line.locked else "",
                                 f"isi sama dengan {line.same_as}" if line.same_as else "") if m]
            sheet.text(r, 1, unit.unit or NONE, "code")
            sheet.text(r, 2, safe_text(v.location or v.name), "text")
            sheet.text(r, 3, ", ".join(marks) or NONE, "text")
            sheet.text(r, 4, v.short, "code")
            sheet.text(r, 5, show_time(v.time), "cell_top")
            sheet.text(r, 6, show_time(line.last_seen) if line.last_seen else NONE, "cell_top")
            counts = f"{v.counts.get('galat', 0)} galat, {v.counts.get('peringatan', 0)} peringatan"
            sheet.text(r, 7, f"{STATUS_LABELS.get(v.status, v.status)} ({counts})", "text")
            _value(sheet, r, 8, None if line.changes is None else Decimal(line.changes))
            sheet.number(r, 9, Decimal(len(line.used_by)), "num:0")
