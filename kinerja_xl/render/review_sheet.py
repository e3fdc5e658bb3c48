"""The *Dilaporkan* input workbook (printed figures of a draft report) and the *Reviu* sheet of findings.

Both are new files written with XlsxWriter in memory and saved atomically (:mod:`.xlsx`). Every text goes
through ``write_string`` into a sheet that makes it inert (:func:`~kinerja_xl.text.safe_text`), so a label such
as ``=SUM(...)`` or a printed ``+Rp1.242.167.312.000,-`` stays text (with a visible leading quote, which the
reader of the *Dilaporkan* workbook removes again).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import __version__
from ..catalog.schema import Catalog
from ..plans.review_sheet import plan_review_sheet
from ..reading.safety import OUTPUT_MARKER
from ..review.compare import KLASIFIKASI, ReviewReport
from ..review.notation import PrintedRow, checks_text
from ..review.printed import COLUMNS, SHEET, Printed, printed_rows
from .sheets import write_sheet
from .styles import DECIMAL, INTEGER, Styles
from .xlsx import MemoryWorkbook, save

REVIEW_SHEET = "Reviu"
META_SHEET = "_meta"
KIND = "dilaporkan"  # _meta 'jenis': not a unit workbook (batch readers should skip it)
EXTRA_TITLE = "Angka dalam teks laporan (tambahan): isi semua kolom, termasuk Pemeriksaan"
BLANK_EXTRA_ROWS = 40
LIMIT = Decimal("1e15")
WIDTHS = (30, 34, 46, 24, 18, 22, 24, 48)
KLAS_FILL = {"tidak konsisten": "#F4B084", "data": "#FFC7CE", "pembulatan": "#FFEB9C", "aritmetika": "#F8CBAD"}
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}

GUIDE = (
    "Petunjuk pengisian lembar Dilaporkan",
    "",
    "1. Lembar Dilaporkan memuat setiap angka yang dicetak pada tabel-tabel Laporan Kinerja. Satu baris = satu "
    "angka; kode (kolom A) tidak boleh diubah.",
    "2. Ketik angka persis seperti tercetak pada draf laporan di kolom 'Nilai tercetak' (sel kuning), termasuk "
    "bila angka itu tampak keliru: reviu justru mencari angka yang tidak cocok dengan perhitungannya.",
    "3. Bila tercetak 'n.a' atau '-', biarkan sel kosong.",
    "4. Kolom 'Teks tercetak' boleh diisi salinan apa adanya (mis. 99,04 tanpa %, atau 6.600' dengan tanda petik) "
    "agar reviu dapat mencatat kekeliruan penulisan.",
    "5. Kolom 'Pemeriksaan' menunjukkan bagaimana angka dihitung ulang: H = hasil hitung dari angka mentah unit, "
    "I = angka mentah unit, J = jumlah baris, D = selisih (poin), R = rasio x 100, A = rata-rata, K = perkalian, "
    "S = besaran yang sama dengan baris lain.",
    "6. Angka yang dikutip dalam uraian teks dapat ditambahkan di bagian bawah lembar (baris tambahan): isi kode "
    "berbentuk TABEL|BARIS|BESARAN, keterangan, nilai, sumber dan pemeriksaannya.",
    "7. Jalankan: kinerja-xl reviu --katalog KATALOG --dilaporkan BERKAS FOLDER_BUKU_KERJA_UNIT",
)


def _number_format(row: PrintedRow) -> str:
    return INTEGER if row.whole else DECIMAL


class _Formats:
    def __init__(self, workbook: Any):
        self.s = Styles(workbook)
        self.workbook = workbook
        self.cache: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        return self.s[name]

    def custom(self, name: str, spec: dict[str, Any]) -> Any:
        if name not in self.cache:
            self.cache[name] = self.workbook.add_format({"font_name": "Calibri", **spec})
        return self.cache[name]

    def input(self, num_format: str) -> Any:
        return self.custom(f"input:{num_format}", {"num_format": num_format, "bg_color": "#FFF2CC", "border": 1,
                                                   "locked": False, "valign": "top"})


def write_reported_template(catalog: Catalog, path: str | Path,
                            values: Printed | Mapping[str, Decimal] | None = None) -> Path:
    """Write the *Dilaporkan* workbook; ``values`` pre-fills the printed figures (and extra rows)."""
    printed = values if isinstance(values, Printed) else Printed(values=dict(values or {}))
    workbook = MemoryWorkbook()
    workbook.set_properties({"title": f"Angka dilaporkan {catalog.ministry} {catalog.year}",
                             "author": "kinerja_xl", "company": catalog.ministry,
                             "created": dt.datetime(catalog.year + 1, 1, 1),
                             "comments": f"Dibuat oleh kinerja_xl {__version__} dari katalog {catalog.id}"})
    workbook.set_custom_property(OUTPUT_MARKER, "dilaporkan")
    f = _Formats(workbook)
    guide = workbook.add_worksheet("Petunjuk")
    guide.set_column(0, 0, 120)
    for i, line in enumerate(GUIDE):
        guide.write_string(i, 0, line, f["title"] if i == 0 else f["note"])
    ws = workbook.add_worksheet(SHEET)
    _write_rows(ws, f, catalog, printed)
    meta = workbook.add_worksheet(META_SHEET)
    for i, (k, v) in enumerate((("kunci", "nilai"), ("jenis", KIND), ("katalog_id", catalog.id),
                                ("tahun", str(catalog.year)), ("versi_kinerja_xl", __version__))):
        meta.write_string(i, 0, k)
        meta.write_string(i, 1, v)
    meta.hide()
    ws.activate()
    return save(workbook, path)


def _write_rows(ws: Any, f: _Formats, catalog: Catalog, printed: Printed) -> None:
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    ws.write_string(0, 0, f"Angka Dilaporkan (tercetak pada draf Laporan Kinerja) — {catalog.ministry} — "
                          f"Tahun {catalog.year}", f["title"])
    ws.write_string(1, 0, "Isi sel kuning dengan angka persis seperti tercetak. Lihat lembar Petunjuk.", f["subtitle"])
    header = 3
    for col, title in enumerate(COLUMNS):
        ws.write_string(header, col, title, f["header"])
    r = header + 1
    table = None
    for row in printed_rows(catalog, printed.layout):
        if row.table != table:
            table = row.table
            ws.merge_range(r, 0, r, len(COLUMNS) - 1, table, f["section"])
            r += 1
        _write_row(ws, f, r, row, printed, editable=False)
        r += 1
    ws.merge_range(r, 0, r, len(COLUMNS) - 1, EXTRA_TITLE, f["section"])
    r += 1
    for row in printed.extra:
        _write_row(ws, f, r, row, printed, editable=True)
        r += 1
    for _ in range(BLANK_EXTRA_ROWS):
        for col in range(len(COLUMNS)):
            ws.write_blank(r, col, None, f.input(DECIMAL) if col == 4 else f["input_text"])
        _validate(ws, r)
        r += 1
    ws.freeze_panes(header + 1, 1)
    ws.autofilter(header, 0, r - 1, len(COLUMNS) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
                    "format_rows": True, "autofilter": True, "sort": False})


def _write_row(ws: Any, f: _Formats, r: int, row: PrintedRow, printed: Printed, editable: bool) -> None:
    text = f["input_text"] if editable else f["text"]
    for col, value in enumerate((row.key, row.table, row.row, row.quantity)):
        ws.write_string(r, col, value, f["code"] if col == 0 and not editable else text)
    number = printed.values.get(row.key)
    fmt = f.input(_number_format(row))
    if number is None:
        ws.write_blank(r, 4, None, fmt)
    else:
        ws.write_number(r, 4, float(number), fmt)
    printed_text = printed.texts.get(row.key)
    if printed_text:
        ws.write_string(r, 5, printed_text, f["input_text"])
    else:
        ws.write_blank(r, 5, None, f["input_text"])
    ws.write_string(r, 6, row.source, text)
    ws.write_string(r, 7, checks_text(row), text if editable else f["label"])
    _validate(ws, r)


def _validate(ws: Any, r: int) -> None:
    ws.data_validation(r, 4, r, 4, {
        "validate": "decimal", "criteria": "between", "minimum": float(-LIMIT), "maximum": float(LIMIT),
        "input_title": "Nilai tercetak", "input_message": "Ketik angka seperti tercetak; kosongkan bila n.a.",
        "error_title": "Bukan angka", "error_message": "Isi dengan angka saja (salin teksnya ke kolom berikutnya).",
        "error_type": "stop"})
    ws.data_validation(r, 5, r, 5, {
        "validate": "length", "criteria": "<=", "value": 255, "input_title": "Teks tercetak",
        "input_message": "Opsional: salinan apa adanya, mis. 99,04 atau 6.600'", "error_type": "stop"})


# -- the Reviu sheet ----------------------------------------------------------------------------------
class ReviewStyles(Styles):
    """The shared styles, centred cells and a fill per klasifikasi of a finding."""

    SPECS: dict[str, dict[str, Any]] = {  # noqa: RUF012 - same declaration as the base class
        **Styles.SPECS,
        "center": {"align": "center", "valign": "top", "border": 1},
        **{f"finding:{k}": {"bg_color": KLAS_FILL.get(k, "#FFFFFF"), "border": 1, "valign": "top"}
           for k in KLASIFIKASI},
    }


def add_review_sheet(workbook: Any, report: ReviewReport, name: str = REVIEW_SHEET) -> Any:
    """Add the *Reviu* sheet (:func:`~kinerja_xl.plans.review_sheet.plan_review_sheet`) to an open workbook."""
    sheet = plan_review_sheet(report)
    ws = workbook.add_worksheet(name)
    write_sheet(ws, sheet, ReviewStyles(workbook))
    return ws


def write_review_workbook(report: ReviewReport, path: str | Path) -> Path:
    """Write a workbook with the *Reviu* sheet (atomic replace)."""
    workbook = MemoryWorkbook()
    workbook.set_properties({"title": "Reviu angka tercetak Laporan Kinerja", "author": "kinerja_xl",
                             "comments": f"Dibuat oleh kinerja_xl {__version__}"})
    workbook.set_custom_property(OUTPUT_MARKER, "reviu")
    add_review_sheet(workbook, report)
    return save(workbook, path)
