"""Excel buttons (xlwings): the macros ``Validasi``, ``Hitung`` and ``Konsolidasi`` call the functions here.

The VBA of the macro workbooks runs ``RunPython "import kinerja_xl.xl_addin as k; k.validasi()"`` (see
:mod:`.vba`). Classic RunPython is BSD-licensed xlwings and needs no licence key. The entry points take
no arguments: they find the calling workbook with ``xw.Book.caller()`` and hand it to
``run_validasi(book)`` / ``run_hitung(book)`` / ``run_konsolidasi(book)`` of :mod:`.actions`, which
xlwings Server/Lite scripts can also call with their ``book``.

xlwings is imported only inside functions: ``import kinerja_xl`` never needs it, and importing it late
lets the tests set ``XLWINGS_LICENSE_KEY`` first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .actions import Outcome

__all__ = ["hitung", "konsolidasi", "run_hitung", "run_konsolidasi", "run_validasi", "validasi",
           "write_consolidation_launcher"]


def validasi() -> Outcome:
    """Button *Validasi*: check the calling unit workbook and write its 'Validasi' sheet."""
    from .actions import run_entry

    return run_entry("validasi")


def hitung() -> Outcome:
    """Button *Hitung*: 'Validasi' plus the 'Hasil' sheet (live formulas, chart) of the calling workbook."""
    from .actions import run_entry

    return run_entry("hitung")


def konsolidasi() -> Outcome:
    """Button *Konsolidasi*: the ministry workbook from the folder named on the calling 'Konsolidasi' sheet."""
    from .actions import run_entry

    return run_entry("konsolidasi")


def __getattr__(name: str) -> Any:
    if name in ("run_validasi", "run_hitung", "run_konsolidasi"):
        from . import actions

        return getattr(actions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


LAUNCHER_HELP = (
    ("Folder buku kerja unit", "Folder berisi buku kerja isian semua unit (.xlsx/.xlsm, termasuk subfolder), "
                               r"mis. C:\Data\Kinerja\2023. Path relatif dihitung dari folder berkas ini."),
    ("Katalog (opsional)", "Kosongkan untuk memakai katalog bawaan kinerja_xl; atau path berkas katalog .yaml."),
    ("Berkas keluaran (.xlsx)", "Buku kerja kementerian yang dibuat, mis. C:\\Data\\Kinerja\\laporan-kinerja-2023.xlsx"
                                ". Kosong: laporan-kinerja-TAHUN.xlsx di folder berkas ini."),
)
LAUNCHER_NOTES = (
    "Cara memakai",
    "1. Isi B1 (dan bila perlu B2, B3), lalu klik tombol Konsolidasi. Hasil dan status tampil di B5.",
    "2. Semua buku kerja di folder divalidasi; angka dari sel yang bergalat tidak ikut dihitung.",
    "3. Buku kerja kementerian memuat Ringkasan (Tabel 3.1), lembar per sasaran, Anggaran, Data, Validasi dan Grafik.",
    "Tanpa tombol (berkas .xlsx): jalankan di Command Prompt/Terminal: kinerja-xl konsolidasi FOLDER -o BERKAS.xlsx",
    "Tombol memerlukan Python dengan kinerja_xl dan xlwings; pengaturannya di lembar xlwings.conf.",
    "Bila Excel memblokir makro berkas unduhan: klik kanan berkas › Properties › centang Unblock, lalu buka lagi.",
)


def write_consolidation_launcher(path: str | Path, *, folder: str = "", catalog: str = "", output: str = "") -> Path:
    """Create the consolidation launcher: sheet 'Konsolidasi' with folder (B1), catalog (B2), output (B3).

    ``.xlsm``: with a *Konsolidasi* button (macro ``Konsolidasi`` of the project built by :mod:`.vba`) and
    the ``xlwings.conf`` sheet, like the unit macro workbooks; needs xlwings installed
    (:class:`~.vba.MacroError` otherwise). ``.xlsx``: the same sheet without button, to use with the CLI.
    """
    import xlsxwriter

    from ..atomic import atomic_write
    from .actions import LAUNCHER_SHEET, STATUS_ROW
    from .vba import MacroError, vba_project_path, xlwings_version_of
    from .workbook_parts import BUTTON_SIZE, write_conf_sheet

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsm", ".xlsx"):
        raise MacroError(f"Buku kerja peluncur harus berekstensi .xlsm (dengan tombol) atau .xlsx: {target.name}")
    project = vba_project_path() if suffix == ".xlsm" else None
    with atomic_write(target) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        try:
            label = workbook.add_format({"bold": True, "valign": "top", "border": 1})
            entry = workbook.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": "@", "valign": "top"})
            note = workbook.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
            bold = workbook.add_format({"bold": True})
            ws = workbook.add_worksheet(LAUNCHER_SHEET)
            ws.set_column(0, 0, 26)
            ws.set_column(1, 1, 60)
            ws.set_column(2, 2, 70)
            for r, ((title, help_text), value) in enumerate(zip(LAUNCHER_HELP, (folder, catalog, output),
                                                                 strict=True)):
                ws.write_string(r, 0, title, label)
                ws.write(r, 1, value or None, entry)
                ws.write_string(r, 2, help_text, note)
                ws.set_row(r, 30)
            ws.write_string(STATUS_ROW - 1, 0, "Status", label)
            ws.write_blank(STATUS_ROW - 1, 1, None, workbook.add_format({"border": 1, "text_wrap": True}))
            ws.set_row(STATUS_ROW - 1, 45)
            ws.write_string(STATUS_ROW + 1, 0, "Petunjuk: lihat lembar Petunjuk.", note)
            guide = workbook.add_worksheet("Petunjuk")
            guide.set_column(0, 0, 110)
            guide.write_string(0, 0, LAUNCHER_NOTES[0], bold)
            for i, text in enumerate(LAUNCHER_NOTES[1:], start=1):
                guide.write_string(i, 0, text)
            if project is not None:
                workbook.add_vba_project(str(project))
                workbook.set_vba_name("ThisWorkbook")
                ws.insert_button(STATUS_ROW - 1, 2, {"macro": "Konsolidasi", "caption": "Konsolidasi",
                                                     "description": "Buat buku kerja kementerian (kinerja_xl).",
                                                     **BUTTON_SIZE})
                write_conf_sheet(workbook, {}, xlwings_version_of(project.read_bytes()))
        finally:
            workbook.close()
    return target
