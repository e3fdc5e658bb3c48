"""The unit input workbook: Petunjuk, Isian (inputs + live formulas), hidden _meta.

Written with XlsxWriter because it is a new file: XlsxWriter stores each formula's cached value
(openpyxl cannot), writes data validation, protection and print setup, and can embed a VBA project
for the ``--makro`` variant. Every formula comes from :mod:`kinerja_xl.render.formulas`, rendered from
the engine's expression, so the live cells show what the engine computes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from .. import __version__
from ..catalog.schema import Catalog, InputField, Node
from ..compute.engine import Computation, compute
from ..compute.expr import InputRef, ResultRef
from ..atomic import atomic_write
from ..unit_layout import (
    COL_CAPAIAN,
    COL_CODE,
    COL_IN1,
    COL_KEY,
    COL_NAME,
    COL_NOTE,
    COL_PREDICATE,
    COL_REALISASI,
    COL_REPORTED,
    COL_TARGET,
    HEADER_ROW,
    HEADERS,
    IDENTITY_FIELDS,
    IDENTITY_FIRST_ROW,
    IDENTITY_INPUTS,
    SHEET_GUIDE,
    SHEET_INPUT,
    SHEET_META,
    TEMPLATE_SCHEMA,
    TITLE_ROW,
    Row,
    UnitLayout,
    period_label,
    unit_layout,
)
from .formulas import FormulaRenderer, band_rule
from ..cells import a1
from .styles import Styles

COLUMN_WIDTHS = {COL_CODE: 16, COL_NAME: 58, 3: 17, 4: 17, 5: 17, COL_REALISASI: 12, COL_TARGET: 10,
                 COL_CAPAIAN: 11, COL_PREDICATE: 16, COL_REPORTED: 13, COL_NOTE: 30, COL_KEY: 4}
MAX_TEXT = 2000


def cached(value: Any) -> Any:
    """The cached result XlsxWriter stores with a formula: numbers as float, missing as empty text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_unit_workbook(
    catalog: Catalog,
    unit: str,
    path: str | Path,
    *,
    year: int | None = None,
    period: str = "tahunan",
    values: Mapping[InputRef, Decimal | int | float | str] | None = None,
    identity: Mapping[str, str | dt.date] | None = None,
    reported: Mapping[str, Decimal | float] | None = None,
    vba_project: Path | None = None,
    buttons: bool = False,
) -> Path:
    """Write the input workbook of ``unit``; ``values`` pre-fills inputs (used for the examples).

    With ``vba_project`` the file is a macro workbook (``.xlsm``) carrying that VBA project.
    With ``buttons`` it is the full macro variant (``.xlsm``): Validasi/Hitung buttons, ``xlwings.conf``
    sheet and, without ``vba_project``, the VBA project built from the installed xlwings.
    """
    layout = unit_layout(catalog, unit, year, period)
    numeric = {ref: Decimal(str(v)) for ref, v in (values or {}).items()
               if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)}
    computation = compute(catalog, numeric, scope={unit}, year=layout.year, period=layout.period)
    path = Path(path)
    with atomic_write(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        try:
            _TemplateWriter(workbook, layout, computation, values or {}, identity or {}, reported or {}).write()
            if vba_project is not None:
                workbook.add_vba_project(str(vba_project))
            if buttons:
                from ..xl_addin.workbook_parts import add_macro_parts  # lazy: only the --makro variant needs it
                add_macro_parts(workbook, workbook.get_worksheet_by_name(SHEET_INPUT), path)
        finally:
            workbook.close()
    return path


class _TemplateWriter:
    def __init__(self, workbook: Any, layout: UnitLayout, computation: Computation,
                 values: Mapping[InputRef, Any], identity: Mapping[str, Any], reported: Mapping[str, Any]):
        self.wb = workbook
        self.layout = layout
        self.catalog = layout.catalog
        self.c = computation
        self.values = values
        self.identity = identity
        self.reported = reported
        self.s = Styles(workbook)

    def write(self) -> None:
        unit = self.catalog.unit(self.layout.unit)
        self.wb.set_properties({
            "title": f"Isian kinerja {unit.name} {self.layout.year}",
            "subject": f"{self.catalog.ministry} — {period_label(self.layout.period)} {self.layout.year}",
            "author": "kinerja_xl",
            "company": self.catalog.ministry,
            "comments": "Dibuat oleh kinerja_xl dari katalog " + self.catalog.id,
        })
        for name, value in self.meta_items()[:7]:
            self.wb.set_custom_property(f"kinerja_xl.{name}", str(value))
        guide = self.wb.add_worksheet(SHEET_GUIDE)
        sheet = self.wb.add_worksheet(SHEET_INPUT)
        meta = self.wb.add_worksheet(SHEET_META)
        self.write_input_sheet(sheet)
        self.write_guide(guide)
        self.write_meta(meta)
        sheet.activate()

    # -- Isian -----------------------------------------------------------------------------------
    def write_input_sheet(self, ws: Any) -> None:
        s, layout = self.s, self.layout
        unit = self.catalog.unit(layout.unit)
        for col, width in COLUMN_WIDTHS.items():
            ws.set_column(col - 1, col - 1, width)
        ws.set_column(COL_KEY - 1, COL_KEY - 1, 4, None, {"hidden": True})
        ws.set_row(TITLE_ROW - 1, 24)
        ws.write_string(TITLE_ROW - 1, 0, f"Isian Kinerja {unit.name} — Tahun {layout.year} — "
                        f"{period_label(layout.period)}", s["title"])
        ws.write_string(TITLE_ROW, 0, "Isi sel berwarna kuning. Sel biru dihitung otomatis; sel abu-abu "
                        "(target Perjanjian Kinerja) terkunci. Lihat lembar Petunjuk.", s["subtitle"])
        identity_values = {"unit": f"{unit.code} — {unit.name}", "tahun": str(layout.year),
                           "periode": period_label(layout.period)}
        for i, (name, label) in enumerate(IDENTITY_FIELDS):
            r = IDENTITY_FIRST_ROW - 1 + i
            ws.write_string(r, COL_NAME - 1, label, s["node"])
            if name in IDENTITY_INPUTS:
                self.identity_input(ws, r, name)
            else:
                ws.merge_range(r, COL_IN1 - 1, r, COL_IN1 + 2, identity_values[name], s["formula_text"])
        for col, title in HEADERS.items():
            ws.write_string(HEADER_ROW - 1, col - 1, title, s["header"])
        ws.set_row(HEADER_ROW - 1, 45)
        renderer = FormulaRenderer(layout.resolver(self.c), SHEET_INPUT)
        for row in layout.rows:
            self.write_row(ws, row, renderer)
        self.conditional_formats(ws)
        last = layout.last_row
        ws.freeze_panes(HEADER_ROW, COL_NAME)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEADER_ROW - 1)
        ws.print_area(0, 0, last - 1, COL_NOTE - 1)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.set_footer("&L&8kinerja_xl · &A&R&8Halaman &P dari &N")
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True,
                        "format_columns": True, "format_rows": True})

    def identity_input(self, ws: Any, r: int, name: str) -> None:
        s = self.s
        value = self.identity.get(name)
        if name == "tanggal":
            if isinstance(value, (dt.date, dt.datetime)):
                ws.write_datetime(r, COL_IN1 - 1, dt.datetime.combine(value, dt.time()) if not isinstance(
                    value, dt.datetime) else value, s["input_date"])
            else:
                ws.write_blank(r, COL_IN1 - 1, None, s["input_date"])
            ws.data_validation(r, COL_IN1 - 1, r, COL_IN1 - 1, {
                "validate": "date", "criteria": "between",
                "minimum": dt.date(2000, 1, 1), "maximum": dt.date(2100, 12, 31),
                "input_title": "Tanggal penyampaian", "input_message": "Ketik tanggal, mis. 15/01/2024.",
                "error_title": "Tanggal tidak valid", "error_message": "Isi dengan tanggal (hari/bulan/tahun).",
                "error_type": "stop"})
        else:
            ws.merge_range(r, COL_IN1 - 1, r, COL_IN1 + 2, "", s["input_text"])
            if value:
                ws.write_string(r, COL_IN1 - 1, str(value), s["input_text"])
            self.text_validation(ws, r, COL_IN1 - 1, "Penanggung jawab", "Nama dan jabatan penanggung jawab data.")

    def text_validation(self, ws: Any, r: int, c: int, title: str, message: str) -> None:
        ws.data_validation(r, c, r, c, {
            "validate": "length", "criteria": "<=", "value": MAX_TEXT,
            "input_title": title[:32], "input_message": message[:255],
            "error_title": "Teks terlalu panjang", "error_message": f"Maksimal {MAX_TEXT} karakter.",
            "error_type": "stop"})

    def write_row(self, ws: Any, row: Row, renderer: FormulaRenderer) -> None:
        s, r = self.s, row.row - 1
        ws.write_string(r, COL_KEY - 1, row.key, s["hidden"])
        if row.kind == "bagian":
            ws.write_string(r, COL_CODE - 1, row.code, s["section"])
            ws.merge_range(r, COL_NAME - 1, r, COL_NOTE - 1, row.text, s["section"])
            return
        style = "node" if row.kind == "simpul" else "text"
        if row.code:
            ws.write_string(r, COL_CODE - 1, row.code, s["code"])
        else:
            ws.write_blank(r, COL_CODE - 1, None, s["code"])
        ws.write_string(r, COL_NAME - 1, row.text if row.kind == "simpul" else "   " + row.text, s[style])
        for col in range(COL_IN1, COL_NOTE + 1):
            if col not in row.labels and col not in row.inputs and col not in row.figures \
                    and col not in row.constants and col not in row.extras:
                ws.write_blank(r, col - 1, None, s["cell"])
        for col, label in row.labels.items():
            ws.write_string(r, col - 1, label, s["label"])
        for col, f in row.inputs.items():
            self.write_input(ws, r, col - 1, f)
        for col, ref in row.constants.items():
            value = self.c.constants.get(ref)
            if isinstance(value, Decimal):
                ws.write_number(r, col - 1, float(value), s["locked_number"])
        for col, ref in row.figures.items():
            self.write_figure(ws, r, col - 1, ref, renderer)
        for col, kind in row.extras.items():
            if kind == "dilaporkan":
                value = self.reported.get(row.node or "")
                if value is not None:
                    ws.write_number(r, col - 1, float(value), s["input_decimal"])
                else:
                    ws.write_blank(r, col - 1, None, s["input_decimal"])
                ws.data_validation(r, col - 1, r, col - 1, {
                    "validate": "decimal", "criteria": ">=", "value": 0,
                    "input_title": "Realisasi dilaporkan",
                    "input_message": "Opsional: angka realisasi menurut unit, untuk dicocokkan dengan hasil hitung.",
                    "error_title": "Harus angka", "error_message": "Isi dengan angka desimal ≥ 0 (mis. 99,35).",
                    "error_type": "stop"})
            else:
                ws.write_blank(r, col - 1, None, s["input_text"])
                self.text_validation(ws, r, col - 1, "Bukti dukung", "Sebutkan dokumen sumber / tautan bukti dukung.")
        if row.kind == "simpul":
            label_lines = (1 + len(t) // 24 for t in row.labels.values())
            lines = max(1 + len(row.text) // 60, 2 if row.labels else 1, *label_lines)
            if lines > 1:
                ws.set_row(r, 13 * min(lines, 5))

    def write_input(self, ws: Any, r: int, c: int, f: InputField) -> None:
        s = self.s
        ref = InputRef(f.node, f.key, self.layout.unit)
        style = s["input_integer"] if f.kind == "bulat" else s["input_decimal"]
        value = self.values.get(ref)
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            ws.write_number(r, c, float(value), style)
        elif isinstance(value, str):
            ws.write_string(r, c, value, style)  # never write(): text must not turn into a formula
        else:
            ws.write_blank(r, c, None, style)
        ws.data_validation(r, c, r, c, number_validation(f))

    def write_figure(self, ws: Any, r: int, c: int, ref: ResultRef, renderer: FormulaRenderer) -> None:
        figure = self.c.figures[ref]
        s = self.s
        if ref.measure.startswith("predikat") or ref.measure.startswith("efisiensi"):
            style = s["formula_text"]
        elif ref.measure.startswith("total.pagu") or ref.measure.startswith("total.realisasi"):
            style = s["formula_integer"]
        else:
            style = s["formula_percent"]
        ws.write_formula(r, c, renderer.formula(figure.expr), style, cached(figure.value))

    def conditional_formats(self, ws: Any) -> None:
        s, layout = self.s, self.layout
        for row in layout.rows:
            for col, f in row.inputs.items():
                if f.required:
                    cell = a1(row.row, col)
                    ws.conditional_format(cell, {"type": "blanks", "format": s["missing"]})
        capaian_rows = [row.row for row in layout.rows if COL_CAPAIAN in row.figures]
        for r in capaian_rows:
            cell = a1(r, COL_CAPAIAN)
            for band in self.catalog.achievement_bands:
                # Formula rules are relative to the top-left cell of the range (here a single cell).
                ws.conditional_format(cell, {"type": "formula", "criteria": "=" + band_rule(cell, band.minimum),
                                             "format": s.band(band.color), "stop_if_true": True})

    # -- Petunjuk ---------------------------------------------------------------------------------
    def write_guide(self, ws: Any) -> None:
        s, layout, catalog = self.s, self.layout, self.catalog
        unit = catalog.unit(layout.unit)
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 100)
        lines: list[tuple[str, str, str]] = [
            ("title", f"Petunjuk pengisian — {unit.name}", ""),
            ("subtitle", f"{catalog.ministry} · Tahun {layout.year} · {period_label(layout.period)} · "
                         f"Perjanjian Kinerja {catalog.agreement_version}", ""),
            ("", "", ""),
            ("bold", "Langkah", ""),
            ("", "1.", "Buka lembar Isian. Isi identitas: penanggung jawab dan tanggal penyampaian."),
            ("", "2.", "Isi semua sel berwarna kuning dengan angka mentah (jumlah orang, KPM, lembaga, nilai). "
                       "Gunakan angka, bukan teks; koma untuk desimal sesuai pengaturan Excel Anda."),
            ("", "3.", "Sel biru (Realisasi, % Capaian, Predikat) dihitung otomatis saat Anda mengetik, dengan "
                       f"aturan pembulatan katalog ({self.rounding_text()})."),
            ("", "4.", "Kolom 'Realisasi dilaporkan unit' boleh diisi angka realisasi menurut catatan unit; "
                       "kinerja_xl akan mencocokkannya dengan hasil hitung dan memberi peringatan bila berbeda."),
            ("", "5.", "Tulis sumber data / tautan bukti dukung pada kolom 'Bukti dukung / keterangan'."),
            ("", "6.", "Simpan berkas tanpa mengganti nama lembar dan tanpa menyisipkan atau menghapus baris. "
                       "Kirim berkas ke Biro Perencanaan."),
            ("", "", ""),
            ("bold", "Arti warna", ""),
            ("", "Kuning", "Sel isian (tidak terkunci). Excel menolak teks pada sel angka."),
            ("", "Oranye", "Sel isian wajib yang masih kosong."),
            ("", "Biru", "Rumus otomatis (terkunci)."),
            ("", "Abu-abu", "Target Perjanjian Kinerja (terkunci; perubahan akan ditandai saat validasi)."),
        ]
        for band in catalog.achievement_bands:
            threshold = f"≥ {band.minimum}" if band.minimum is not None else "lainnya"
            lines.append(("", f"Capaian {threshold}", f"{band.label} (warna #{band.color})"))
        lines += [
            ("", "", ""),
            ("bold", "Tombol Validasi / Hitung", ""),
            ("", "", "Pada versi makro (.xlsm), tombol Validasi memeriksa isian dan menulis lembar Validasi; "
                     "tombol Hitung menulis lembar Hasil beserta grafik. Perintah yang sama tersedia di baris "
                     "perintah: kinerja-xl validasi BERKAS dan kinerja-xl hitung BERKAS."),
            ("", "", ""),
            ("bold", "Indikator yang diisi unit ini", ""),
        ]
        for r, (style, a, b) in enumerate(lines):
            if style in ("title", "subtitle", "bold"):
                ws.write_string(r, 0, a if style == "bold" else "", s[style] if style == "bold" else s["note"])
                if style != "bold":
                    ws.write_string(r, 0, a or b, s[style])
                continue
            if a:
                ws.write_string(r, 0, a, s["bold"])
            if b:
                ws.write_string(r, 1, b, s["note"])
        r = len(lines)
        for node in self.guide_nodes():
            ws.write_string(r, 0, node.code, s["bold"])
            ws.write_string(r, 1, node.name, s["bold"])
            r += 1
            for label, text in (("Definisi", node.definition), ("Rumus", node.formula_text or method_text(node))):
                if text:
                    ws.write_string(r, 0, label, s["note"])
                    ws.write_string(r, 1, text, s["note"])
                    r += 1
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    def guide_nodes(self) -> list[Node]:
        shown = {row.node for row in self.layout.rows if row.kind == "simpul"}
        return [n for n in self.catalog.walk() if n.code in shown]

    def rounding_text(self) -> str:
        policy = self.c.rounding
        if policy.mode == "bertahap":
            return f"setiap tahap dibulatkan {policy.digits} desimal, setengah ke atas seperti ROUND Excel"
        return "tanpa pembulatan antara; hanya tampilan yang dibulatkan"

    # -- _meta ------------------------------------------------------------------------------------
    def meta_items(self) -> list[tuple[str, Any]]:
        layout, catalog = self.layout, self.catalog
        return [
            ("skema_templat", TEMPLATE_SCHEMA),
            ("katalog_id", catalog.id),
            ("katalog_hash", catalog.content_hash),
            ("unit", layout.unit),
            ("tahun", layout.year),
            ("periode", layout.period),
            ("versi_kinerja_xl", __version__),
        ]

    def write_meta(self, ws: Any) -> None:
        ws.write_string(0, 0, "kunci")
        ws.write_string(0, 1, "nilai")
        r = 1
        for name, value in self.meta_items():
            ws.write_string(r, 0, name)
            if isinstance(value, int):
                ws.write_number(r, 1, value)
            else:
                ws.write_string(r, 1, str(value))
            r += 1
        for ref, (address, _) in self.layout.input_cells().items():
            ws.write_string(r, 0, f"isian|{ref.node}|{ref.key}")
            ws.write_string(r, 1, address.a1(absolute=False).split("!")[-1])
            r += 1
        ws.hide()
        ws.protect("")


def number_validation(f: InputField) -> dict[str, Any]:
    """Excel data validation of a number cell: whole/decimal, bounds, stop alert in Bahasa Indonesia."""
    whole = f.kind == "bulat"
    low = f.minimum if f.minimum is not None else Decimal("-1e15")
    high = f.maximum
    kind = "bilangan bulat" if whole else "angka desimal"
    bounds = f"≥ {low}" if high is None else f"antara {low} dan {high}"
    rule: dict[str, Any] = {"validate": "integer" if whole else "decimal"}
    if high is None:
        rule.update({"criteria": ">=", "value": float(low)})
    else:
        rule.update({"criteria": "between", "minimum": float(low), "maximum": float(high)})
    rule.update({
        "input_title": f.label[:32],
        "input_message": f"Isi {kind} {bounds}."[:255],
        "error_title": "Isian tidak valid",
        "error_message": f"Sel ini hanya menerima {kind} {bounds}. Teks tidak diterima."[:255],
        "error_type": "stop",
        "ignore_blank": True,
    })
    return rule


def method_text(node: Node) -> str:
    texts = {
        "rasio": "Pembilang / penyebut × 100.",
        "rasio_gabungan": "Jumlah pembilang semua kelompok / jumlah penyebut semua kelompok × 100.",
        "periode_puncak": "Periode dengan pembilang terbesar: pembilang / penyebut periode itu × 100.",
        "rata_rata_tertimbang": "Jumlah (nilai × bobot) / jumlah bobot.",
        "langsung": "Nilai diisi langsung.",
        "rata_rata": "Rata-rata realisasi sub/komponen.",
        "jumlah": "Jumlah realisasi sub/komponen.",
        "jumlah_berbobot": "Jumlah (bobot × realisasi komponen) / total bobot.",
    }
    return texts.get(node.method or "", "")
