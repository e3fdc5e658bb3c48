"""The *Reviu* sheet, planned as a review document: what was checked, then every finding, then the format notes.

It prints as a reviewer files it: A4 landscape at the scale that fits its width (never squeezed onto one
page), the column titles on every page, the long texts (*Catatan*, *Baris*, *Tabel*) wrapped in their
columns, each number column as wide as its longest value, and page breaks that keep a section's title
with its first rows. The format notes share the findings' columns (the printed text under *Dicetak*), so
the repeated column titles head them too. :mod:`kinerja_xl.render.review_sheet` writes the plan.
"""

from __future__ import annotations

from decimal import Decimal

from ..review.compare import KLASIFIKASI, MODES, ReviewReport
from .fit import number_width
from .sheet import Sheet

SHEET = "Reviu"
TITLE = "Reviu angka tercetak Laporan Kinerja"
SUBTITLE = ("Setiap angka tercetak dibandingkan dengan hasil hitung ulang dari angka mentah unit dan dengan "
            "aritmetika tabelnya sendiri.")
HEADERS = ("No", "Kode", "Tabel", "Baris", "Besaran", "Dicetak", "Dihitung", "Selisih", "Klasifikasi", "Catatan",
           "Sumber")
#: Widths of the text columns; the number columns (Dicetak, Dihitung, Selisih) fit their longest value.
WIDTHS = {1: 4.5, 2: 17, 3: 24, 4: 24, 5: 15, 9: 12, 10: 50, 11: 15}
NUMBER_COLUMNS = (6, 7, 8)
MIN_NUMBER_WIDTH = 10
INTEGER, DECIMAL = "#,##0", "#,##0.00##"
NO_FINDINGS = "Tidak ada temuan: semua angka tercetak sesuai hasil hitung ulang."
FORMAT_TITLE = "Catatan format (cara penulisan angka; tidak mengubah nilai)"
FORMAT_CLASS = "format"


def number_format(value: Decimal) -> str:
    return INTEGER if value == value.to_integral_value() else DECIMAL


def _number(sheet: Sheet, row: int, col: int, value: Decimal | None) -> None:
    if value is None:
        sheet.text(row, col, "—", "center")
    else:
        sheet.number(row, col, value, f"num:{number_format(value)}")


def _section(sheet: Sheet, row: int, text: str) -> None:
    sheet.text(row, 1, text, "section")
    sheet.merges.append((row, 1, row, len(HEADERS), "section"))


def plan_review_sheet(report: ReviewReport) -> Sheet:
    sheet = Sheet(SHEET)
    sheet.last_col = len(HEADERS)
    sheet.text(1, 1, TITLE, "title")
    sheet.text(2, 1, SUBTITLE, "subtitle")
    counts = report.counts()
    facts: list[tuple[str, Decimal | str]] = [
        ("Toleransi", report.tolerance), ("Desimal", Decimal(report.digits)),
        ("Urutan pembulatan", f"{report.rounding}: {MODES.get(report.rounding, '')}"),
        ("Angka tercetak", Decimal(report.printed)), ("Diperiksa", Decimal(report.checked)),
        ("Tidak dapat diperiksa", Decimal(len(report.unchecked))), ("Temuan", Decimal(len(report.findings))),
        *((f"Temuan: {k}", Decimal(counts[k])) for k in KLASIFIKASI),
        ("Catatan format", Decimal(len(report.format_notes)))]
    r = 3
    for label, value in facts:
        r += 1
        sheet.text(r, 2, label, "node")
        sheet.merges.append((r, 3, r, 4, "text"))
        if isinstance(value, Decimal):
            sheet.number(r, 3, value, f"num:{number_format(value)}")
        else:
            sheet.text(r, 3, value, "text")
    r += 2
    _section(sheet, r, f"Temuan ({len(report.findings)})")
    r += 1
    for col, title in enumerate(HEADERS, start=1):
        sheet.text(r, col, title, "header")
    header = r
    numbers: dict[int, list[Decimal]] = {col: [] for col in NUMBER_COLUMNS}
    for i, x in enumerate(report.findings, 1):
        r += 1
        sheet.number(r, 1, Decimal(i), f"num:{INTEGER}")
        for col, text in ((2, x.kode), (3, x.tabel), (4, x.baris), (5, x.besaran)):
            sheet.text(r, col, text, "text")
        for col, figure in zip(NUMBER_COLUMNS, (x.dicetak, x.dihitung, x.selisih), strict=True):
            _number(sheet, r, col, figure)
            numbers[col] += [figure] if figure is not None else []
        sheet.text(r, 9, x.klasifikasi, f"finding:{x.klasifikasi}")
        sheet.text(r, 10, x.catatan, "text")
        sheet.text(r, 11, x.sumber, "text")
    if not report.findings:
        r += 1
        sheet.text(r, 2, NO_FINDINGS, "note")
        sheet.merges.append((r, 2, r, len(HEADERS), "note"))
    sheet.autofilter = (header, 1, max(r, header + 1), len(HEADERS))
    sheet.freeze, sheet.repeat = (header + 1, 3), (header, header)
    if report.format_notes:
        r += 2
        _section(sheet, r, f"{FORMAT_TITLE} ({len(report.format_notes)})")
        for i, n in enumerate(report.format_notes, 1):
            r += 1
            sheet.number(r, 1, Decimal(i), f"num:{INTEGER}")
            for col, text in ((2, n.kode), (3, n.tabel), (4, n.baris), (6, n.tercetak), (10, n.catatan),
                              (11, n.sumber)):
                sheet.text(r, col, text, "text")
            sheet.text(r, 9, FORMAT_CLASS, "center")
    sheet.widths.update(WIDTHS)
    for col, values in numbers.items():  # as wide as the longest value: never ###
        sheet.widths[col] = max([MIN_NUMBER_WIDTH, *(number_width([v], number_format(v)) for v in values)])
    sheet.fit()
    return sheet
