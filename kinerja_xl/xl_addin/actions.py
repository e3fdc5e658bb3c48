"""What the Excel buttons do: one function per action, each taking an open ``xw.Book``.

``run_validasi(book)``, ``run_hitung(book)`` and ``run_konsolidasi(book)`` read and write only through the
xlwings object model (:mod:`.book_io`); validation, computation and formulas are the
core's (reader, validate, engine, :class:`~kinerja_xl.plans.results_sheet.ResultSheetPlan` and
:class:`~kinerja_xl.plans.formulas.FormulaRenderer`). The same functions serve classic RunPython (through
:func:`run_entry` and ``xw.Book.caller()``) and xlwings Server/Lite scripts, which pass the book.

No exception leaves an action: each ends with a message box in Bahasa Indonesia (and a status cell
where there is one) and returns an :class:`Outcome`. ``KINERJA_XL_DEBUG=1`` re-raises after the message.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CatalogError, InternalError, KinerjaXlError, UsageError, describe_error
from ..plans.launcher import (
    CATALOG_ROW,
    FILES_HEADERS,
    FILES_ROW,
    FOLDER_ROW,
    LAUNCHER_SHEET,
    MAX_FILES_LISTED,
    MONITOR_ROW,
    OUTPUT_ROW,
    PERIOD_ROW,
    STATUS_ROW,
    YEAR_ROW,
)
from ..plans.validation_sheet import ValidationSheetPlan, plan_validation_sheet
from ..catalog.schema import Catalog
from ..reading.safety import FileLimits
from ..unit_layout import SHEET_INPUT, SHEET_META, SHEET_RESULT, SHEET_VALIDATION
from ..problems import Problem
from . import book_io

TITLE = "kinerja_xl"
CONF_KEY_CATALOG = "KINERJA_XL_KATALOG"  # optional row of the xlwings.conf sheet: catalog for the buttons
#: Problems after which the layout's cell addresses may not match the workbook: no Hasil is written.
MAX_LISTED = 5


@dataclass(frozen=True)
class Outcome:
    """What an action did: ``ok`` is False when the input is invalid or the action failed."""

    action: str
    ok: bool
    message: str
    status: str = ""
    sheets: tuple[str, ...] = ()
    output: str | None = None


# -- entry points ---------------------------------------------------------------------------------------

def run_validasi(book: Any) -> Outcome:
    """Validate the open unit workbook; (re)write its 'Validasi' sheet; tell the outcome."""
    return _guarded("validasi", book, _validasi)


def run_hitung(book: Any) -> Outcome:
    """Validate, then (re)write 'Validasi' and 'Hasil' (live formulas over Isian, chart) of the open workbook."""
    return _guarded("hitung", book, _hitung)


def run_konsolidasi(book: Any) -> Outcome:
    """Build the ministry workbook from the folder named on the 'Konsolidasi' sheet of the open workbook."""
    return _guarded("konsolidasi", book, _konsolidasi, on_error=_konsolidasi_status)


def run_pemantauan(book: Any) -> Outcome:
    """Build the monitoring workbook (every period of one year) from the folder named on the 'Konsolidasi' sheet."""
    return _guarded("pemantauan", book, _pemantauan, on_error=_konsolidasi_status)


ACTIONS: dict[str, Callable[[Any], Outcome]] = {
    "validasi": run_validasi, "hitung": run_hitung, "konsolidasi": run_konsolidasi, "pemantauan": run_pemantauan}


def run_entry(action: str) -> Outcome:
    """RunPython: the workbook that called the macro, then the action. Without a workbook there is no
    message box, so the message goes to stderr and the exit status is 1 (xlwings then shows that text)."""
    try:
        import xlwings as xw

        book = xw.Book.caller()
    except Exception as exc:  # noqa: BLE001 - no workbook to talk to: last line of defence
        if os.environ.get("KINERJA_XL_DEBUG"):
            raise
        print("kinerja_xl tidak dapat terhubung ke buku kerja Excel yang memanggilnya "
              f"({type(exc).__name__}: {exc}). Pastikan tombol dijalankan dari Excel melalui xlwings "
              "(RunPython) dan xlwings terpasang pada Python yang tertulis di lembar xlwings.conf.",
              file=sys.stderr)
        raise SystemExit(1) from None
    return ACTIONS[action](book)


# -- the guard ------------------------------------------------------------------------------------------

def _guarded(action: str, book: Any, body: Callable[[Any], Outcome],
             on_error: Callable[[Any, str], None] | None = None) -> Outcome:
    try:
        return body(book)
    except Exception as exc:  # noqa: BLE001 - every error becomes a message in Excel, never a traceback
        message = user_message(action, exc)
        if on_error is not None:
            _quietly(lambda: on_error(book, message))
        _quietly(lambda: book_io.alert(book, message, f"{TITLE} — {action.capitalize()}", critical=True))
        if os.environ.get("KINERJA_XL_DEBUG"):
            raise
        return Outcome(action, False, message, "galat")


def user_message(action: str, exc: BaseException) -> str:
    """The Indonesian text shown for an exception raised by an action."""
    if isinstance(exc, CatalogError):
        return f"Katalog kinerja tidak dapat dipakai.\n{exc}"
    if isinstance(exc, KinerjaXlError) and not isinstance(exc, InternalError):
        return str(exc)
    if isinstance(exc, OSError):
        return describe_error(exc, exc.filename)
    if type(exc).__module__.split(".")[0] in ("pywintypes", "aem", "appscript"):  # Excel refused a COM/Apple call
        return (f"Excel menolak perintah kinerja_xl ({exc}). Pastikan buku kerja tidak dilindungi (Tinjau › Lindungi "
                "Buku Kerja), tidak dibuka hanya-baca, dan tidak ada sel yang sedang diedit; lalu coba lagi.")
    return (f"Galat internal kinerja_xl saat menjalankan {action.capitalize()}: {type(exc).__name__}: {exc}\n"
            "Ini kesalahan program, bukan kesalahan isian. Laporkan ke pengelola kinerja_xl beserta berkasnya.")


def _quietly(step: Callable[[], None]) -> None:
    with contextlib.suppress(Exception):  # reporting an error must not raise another one
        step()


# -- validasi and hitung --------------------------------------------------------------------------------

@dataclass
class Checked:
    """A unit workbook read through xlwings and validated exactly as ``kinerja-xl validasi`` does."""

    catalog: Catalog
    grids: book_io.UnitGrids
    submission: Any
    report: Any

    @property
    def problems(self) -> list[Problem]:
        return list(self.report.problems)

    @property
    def status(self) -> str:
        return self.report.files[0].status if self.report.files else "ok"

    def counts(self) -> dict[str, int]:
        return self.report.counts_by_severity()

    def validation_plan(self, book: Any) -> ValidationSheetPlan:
        """The *Validasi* sheet of this workbook, as ``kinerja-xl validasi --tulis-lembar`` plans it."""
        note = "" if self.grids.formulas_checked else \
            "Rumus di sel isian tidak dapat diperiksa di lingkungan Excel ini."
        sheets = [name for name in book_io.sheet_names(book) if name not in (SHEET_META, SHEET_VALIDATION)]
        return plan_validation_sheet(self.problems, sheets=sheets, note=note)


def check_book(book: Any) -> Checked:
    """Read '_meta' and 'Isian' of the open workbook and validate them with the core."""
    from ..validate.unit import read_grids
    from ..validate.report import report_from_submissions

    grids = book_io.read_unit_grids(book)
    if grids.grid is None and grids.meta_rows is None:
        raise UsageError(
            f"Buku kerja '{book.name}' bukan buku kerja isian kinerja_xl: lembar '{SHEET_INPUT}' dan "
            f"lembar tersembunyi '{SHEET_META}' tidak ada.\nBuka berkas isian unit (mis. "
            "kinerja-REHSOS-2023-tahunan.xlsx) lalu klik tombolnya lagi; jangan menyalin lembar ke buku kerja lain.")
    catalog = catalog_for(book)
    limits = FileLimits.for_catalog(catalog)
    if limits.max_rows > FileLimits().max_rows:  # a catalog this large has more rows than the first read took
        grids = book_io.read_unit_grids(book, limits)
    label = getattr(book, "fullname", None) or book.name
    submission = read_grids(str(label), catalog, grids.meta_rows, grids.grid, grids.sheet_names,
                            input_xml=grids.input_xml, survey_grid=grids.survey_grid, survey_xml=grids.survey_xml)
    return Checked(catalog, grids, submission, report_from_submissions([submission], catalog))


def ledger_lines(book: Any, catalog: Catalog) -> str:
    """The saved file of ``book`` recorded in its folder's ledger, as the command line records every file it
    reads; what the ledger has to say about it (a final version it differs from, a ledger it cannot use)."""
    from ..pipeline.history import record_workbook

    full = str(getattr(book, "fullname", "") or "")
    if not full or "://" in full or not Path(full).is_absolute():  # not saved to a local folder: nothing to record
        return ""
    lines = record_workbook(Path(full), catalog)
    return "".join(f"\nBuku besar: {line}" for line in lines)


def _validasi(book: Any) -> Outcome:
    checked = check_book(book)
    sheet = book_io.write_validation_sheet(book, checked.validation_plan(book))
    sheet.activate()
    message = (validation_summary(checked) + "\nRincian dan tautan ke setiap sel ada di lembar Validasi."
               + ledger_lines(book, checked.catalog))
    book_io.alert(book, message, f"{TITLE} — Validasi", critical=checked.status in ("invalid", "unreadable"))
    return Outcome("validasi", checked.status in ("ok", "peringatan"), message, checked.status, ("Validasi",))


def _hitung(book: Any) -> Outcome:
    from ..pipeline import unit_results

    checked = check_book(book)
    results = unit_results(checked.submission, checked.problems, checked.catalog)  # the same rule as the CLI
    validation = book_io.write_validation_sheet(book, checked.validation_plan(book))
    if not results.writes_results:
        validation.activate()
        stale = " Lembar Hasil yang lama tidak diperbarui." if book_io.find_sheet(book, SHEET_RESULT) else ""
        message = ("Lembar Hasil TIDAK ditulis: ada galat isian, atau buku kerja tidak sesuai dengan templat "
                   f"kinerja_xl, sehingga rumus akan menghitung dari isian yang salah.{stale}\n"
                   + validation_summary(checked)
                   + "\nPerbaiki masalah di lembar Validasi (atau isi ulang templat asli), lalu klik Hitung lagi.")
        book_io.alert(book, message, f"{TITLE} — Hitung", critical=True)
        return Outcome("hitung", False, message, checked.status, ("Validasi",))
    result = results.result_sheet(made_by="tombol Hitung")
    assert result is not None  # writes_results
    written = book_io.write_result_sheet(book, result, after=validation.name)
    bad = checked.status in ("invalid", "unreadable")
    (validation if bad else written.sheet).activate()
    chart = " dan grafik realisasi" if written.chart_error is None else ""
    lines = [f"Lembar Hasil ditulis: {len(written.formulas)} rumus langsung dari lembar Isian{chart}."]
    if written.chart_error is not None:
        lines.append(f"Grafik tidak dapat dibuat di Excel ini ({written.chart_error}); angka dan rumus lengkap.")
    lines.append(validation_summary(checked))
    if bad:
        lines.append("Hasil yang bergantung pada sel bergalat tampil kosong. Perbaiki isian (lihat lembar Validasi); "
                     "rumus di lembar Hasil langsung menghitung ulang.")
    message = "\n".join(lines) + ledger_lines(book, checked.catalog)
    book_io.alert(book, message, f"{TITLE} — Hitung", critical=bad)
    return Outcome("hitung", not bad, message, checked.status, ("Validasi", "Hasil"))


def validation_summary(checked: Checked) -> str:
    """One headline for the outcome plus the first errors, each with its cell."""
    counts, status = checked.counts(), checked.status
    headline = {
        "ok": "Isian valid: tidak ada masalah.",
        "peringatan": f"Isian valid, dengan {counts['peringatan']} peringatan.",
        "invalid": f"Isian TIDAK VALID: {counts['galat']} galat, {counts['peringatan']} peringatan.",
        "unreadable": f"Buku kerja tidak dapat diproses: {counts['galat']} galat.",
    }[status]
    errors = [p for p in checked.problems if p.severity == "galat"]
    lines = [headline]
    for p in errors[:MAX_LISTED]:
        where = f"{p.sheet}!{p.cell}" if p.cell else (p.sheet or "berkas")
        lines.append(f"• {where}: {p.message}")
    if len(errors) > MAX_LISTED:
        lines.append(f"• … dan {len(errors) - MAX_LISTED} galat lainnya.")
    return "\n".join(lines)


def catalog_for(book: Any, text: Any = None, base: Path | None = None) -> Catalog:
    """The catalog: ``text`` (a path), else the ``KINERJA_XL_KATALOG`` row of the xlwings.conf sheet or
    environment variable, else the bundled one. Relative paths are taken from the workbook's folder."""
    from ..catalog import DEFAULT_CATALOG, load_catalog

    chosen = str(text).strip().strip('"') if text else ""
    if not chosen:
        chosen = book_io.conf_value(book, CONF_KEY_CATALOG) or os.environ.get(CONF_KEY_CATALOG, "")
    if not chosen:
        return load_catalog(DEFAULT_CATALOG)
    path = resolve_path(chosen, base if base is not None else book_io.book_folder(book))
    if path is None:
        raise UsageError(f"Tulis path lengkap berkas katalog, bukan '{chosen}' (buku kerja ini belum disimpan "
                          "di folder lokal, sehingga path relatif tidak dapat ditentukan).")
    if not path.is_file():
        raise UsageError(f"Berkas katalog tidak ditemukan: {path}\nKosongkan isian katalog untuk memakai katalog "
                          "bawaan, atau tulis path berkas .yaml yang benar.")
    return load_catalog(path)


def resolve_path(text: str, base: Path | None) -> Path | None:
    """A path typed by the user: quotes removed, ``~`` and variables expanded, relative to ``base``."""
    cleaned = os.path.expandvars(os.path.expanduser(text.strip().strip('"').strip("'")))
    path = Path(cleaned)
    if path.is_absolute():
        return path
    return base / path if base is not None else None


# -- konsolidasi ----------------------------------------------------------------------------------------

def _launcher_request(book: Any, output_row: int, default_name: str, button: str, *,
                      period: bool = True) -> tuple[Any, Any, Path]:
    """(sheet, the pipeline's request, output) from the launcher's cells: folder, catalog, year and period
    (filters), output. The launcher and the outputs it names are never inputs."""
    from ..pipeline import ReadSettings
    from ..pipeline.ledger import ledger_settings
    from ..pipeline.runs import RunRequest

    sheet = _launcher_sheet(book)
    folder_text, catalog_text = book_io.read_column_values(sheet, FOLDER_ROW, CATALOG_ROW, 2)
    output_text = book_io.read_column_values(sheet, output_row, output_row, 2)[0]
    year_text, period_text = book_io.read_column_values(sheet, YEAR_ROW, PERIOD_ROW, 2)
    base = book_io.book_folder(book)
    if not str(folder_text or "").strip():
        raise UsageError("Isi sel B1 lembar Konsolidasi dengan folder berisi buku kerja unit, "
                          rf"mis. C:\Data\Kinerja\2023, lalu klik {button} lagi.")
    folder = resolve_path(str(folder_text), base)
    if folder is None or not folder.is_dir():
        raise UsageError(f"Folder buku kerja unit tidak ditemukan: {folder or folder_text}\n"
                          "Tulis path lengkap folder yang ada di sel B1 (tanpa nama berkas).")
    catalog = catalog_for(book, catalog_text, base)
    output = _output_path(output_text, base, default_name.format(tahun=catalog.year), output_row)
    settings = ReadSettings(catalog, expected_year=_year_cell(year_text),
                            expected_period=_period_cell(period_text, catalog) if period else None,
                            ledger=ledger_settings([folder]))  # the folder's ledger, as the command line's
    _write_status(sheet, f"Sedang memproses folder {folder} …")
    launcher = Path(str(getattr(book, "fullname", "") or book.name))
    if not launcher.is_absolute():  # xlwings Server/Lite know only the name of the launcher workbook
        launcher = folder / launcher.name
    outputs = [resolve_path(str(t), base) for t in book_io.read_column_values(sheet, OUTPUT_ROW, MONITOR_ROW, 2)
               if str(t or "").strip()]
    return sheet, RunRequest((folder,), settings, exclude=(launcher, output, *outputs)), output


def _year_cell(value: Any) -> int | None:
    """The year typed in B5 (a number or text); empty: None."""
    text = str(value if value is not None else "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text:
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise UsageError(f"Tahun di sel B{YEAR_ROW} tidak valid: '{text}'. Tulis tahun, mis. 2023, atau kosongkan.")
    return int(text)


def _period_cell(value: Any, catalog: Catalog) -> str | None:
    """The period typed in B6, in any case, as a code (``tw2``) or a label (``Triwulan II``); empty: None."""
    from ..unit_layout import period_label

    text = str(value if value is not None else "").strip()
    if not text:
        return None
    for code in catalog.periods:
        if text.casefold() in (code.casefold(), period_label(code).casefold()):
            return str(code)
    raise UsageError(f"Periode di sel B{PERIOD_ROW} tidak dikenal: '{text}'. Pilih salah satu dari "
                     f"{', '.join(catalog.periods)}, atau kosongkan.")


def _finish(book: Any, sheet: Any, action: str, outcome: Any, where: str, output: Path, row: int) -> Outcome:
    """The outcome in the status cell, the table of files and a message box: the lines the CLI prints (an
    output the launcher may not write gets the cell to change, ``row``)."""
    from ..validate.report import STATUS_LABELS

    report = outcome.report
    lines = [*report.skip_notes(), *outcome.lines, f"{report.summary()} (rinciannya di lembar Validasi {where}).",
             *outcome.failures]
    if outcome.error:
        refused = isinstance(getattr(outcome.cause, "cause", None), PermissionError)
        lines.append(f"GAGAL: {outcome.error}" + (f" Tutup berkas itu bila sedang terbuka di Excel, atau pilih "
                                                   f"nama/folder lain di sel B{row}." if refused else ""))
    message = "\n".join(lines)
    _write_status(sheet, "Selesai: " + " ".join(lines))
    _write_files(sheet, report, STATUS_LABELS)
    book_io.alert(book, message, f"{TITLE} — {action.capitalize()}", critical=outcome.exit_code != 0)
    return Outcome(action, outcome.exit_code == 0, message, "ok" if outcome.exit_code == 0 else "invalid",
                   (), str(output))


def _konsolidasi(book: Any) -> Outcome:
    from ..errors import MixedPeriods
    from ..pipeline.runs import consolidation_run

    sheet, request, output = _launcher_request(book, OUTPUT_ROW, "laporan-kinerja-{tahun}.xlsx", "Konsolidasi")
    try:
        outcome = consolidation_run(request, output)
    except MixedPeriods as exc:
        raise UsageError(f"Folder berisi berkas beberapa tahun/periode ({exc.text}); konsolidasi memerlukan satu. "
                         f"Isi Tahun (B{YEAR_ROW}) dan Periode (B{PERIOD_ROW}), lalu klik Konsolidasi lagi; berkas "
                         "lain dilewati.") from exc
    return _finish(book, sheet, "konsolidasi", outcome, "buku kerja konsolidasi", output, OUTPUT_ROW)


def _pemantauan(book: Any) -> Outcome:
    from ..errors import MixedYears
    from ..pipeline.runs import monitoring_run

    sheet, request, output = _launcher_request(book, MONITOR_ROW, "pemantauan-{tahun}.xlsx", "Pemantauan",
                                               period=False)
    try:
        outcome = monitoring_run(request, output)
    except MixedYears as exc:
        raise UsageError(f"Folder berisi berkas beberapa tahun ({exc.text}); pemantauan mengikuti satu tahun. "
                         f"Isi Tahun (B{YEAR_ROW}), lalu klik Pemantauan lagi; berkas tahun lain dilewati.") from exc
    return _finish(book, sheet, "pemantauan", outcome, "buku kerja pemantauan", output, MONITOR_ROW)


def _launcher_sheet(book: Any) -> Any:
    sheet = book_io.find_sheet(book, LAUNCHER_SHEET)
    if sheet is None:
        raise UsageError(f"Buku kerja '{book.name}' tidak memiliki lembar '{LAUNCHER_SHEET}'. Tombol Konsolidasi "
                          "dan Pemantauan hanya berjalan dari buku kerja peluncur konsolidasi (lembar Konsolidasi "
                          "dengan folder di B1, katalog di B2 dan berkas keluaran di B3 dan B4).")
    return sheet


def _output_path(text: Any, base: Path | None, default_name: str, row: int) -> Path:
    if text is None or not str(text).strip():
        if base is None:
            raise UsageError(f"Isi sel B{row} dengan path lengkap berkas keluaran .xlsx (buku kerja ini belum "
                              "disimpan di folder lokal, jadi tidak ada folder bawaan).")
        return base / default_name
    path = resolve_path(str(text), base)
    if path is None:
        raise UsageError(f"Tulis path lengkap berkas keluaran di sel B{row}, bukan '{text}'.")
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"Berkas keluaran harus berekstensi .xlsx: {path.name} (sel B{row}).")
    if not path.parent.is_dir():
        raise UsageError(f"Folder untuk berkas keluaran tidak ada: {path.parent} (sel B{row}).")
    return path


def _write_status(sheet: Any, text: str) -> None:
    book_io.write_rows(sheet, STATUS_ROW, 2, [[text]])


def _write_files(sheet: Any, report: Any, labels: dict[str, str]) -> None:
    """The table of files read (previous table cleared), below the settings."""
    sheet.range((FILES_ROW, 1), (FILES_ROW + MAX_FILES_LISTED + 1, len(FILES_HEADERS))).clear_contents()
    rows: list[list[Any]] = [list(FILES_HEADERS)]
    for f in report.files[:MAX_FILES_LISTED]:
        rows.append([Path(f.file).name, f.unit or "", labels[f.status], f.counts.get("galat", 0),
                     f.counts.get("peringatan", 0), f.counts.get("info", 0)])
    book_io.write_rows(sheet, FILES_ROW, 1, rows)
    book_io.style(sheet, FILES_ROW, 1, FILES_ROW, len(FILES_HEADERS), bold=True, fill="#D9D9D9")


def _konsolidasi_status(book: Any, message: str) -> None:
    sheet = book_io.find_sheet(book, LAUNCHER_SHEET)
    if sheet is not None:
        _write_status(sheet, "GAGAL: " + message.replace("\n", " "))
