"""The consolidation launcher workbook (``kinerja-xl templat --peluncur``), written with XlsxWriter: the
*Konsolidasi* and *Pemantauan* buttons share its folder and catalog cells."""

from __future__ import annotations

from pathlib import Path

from ..reading.safety import OUTPUT_MARKER
from ..errors import MacroError
from ..plans.launcher import LAUNCHER_HELP, LAUNCHER_NOTES, LAUNCHER_SHEET, STATUS_ROW
from ..vba.project import vba_project_path, xlwings_version_of
from .macro_parts import BUTTON_SIZE, write_conf_sheet
from .xlsx import MemoryWorkbook, save


def write_consolidation_launcher(path: str | Path, *, folder: str = "", catalog: str = "", output: str = "",
                                 monitoring: str = "", year: str = "", period: str = "") -> Path:
    """Create the consolidation launcher: sheet 'Konsolidasi' with folder (B1), catalog (B2), output (B3),
    the monitoring workbook (B4), the year (B5) and the period (B6) chosen.

    ``.xlsm``: with the *Konsolidasi* and *Pemantauan* buttons (macros of the project built by :mod:`.vba`) and
    the ``xlwings.conf`` sheet, like the unit macro workbooks; needs xlwings installed
    (:class:`~.vba.MacroError` otherwise). ``.xlsx``: the same sheet without button, to use with the CLI.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsm", ".xlsx"):
        raise MacroError(f"Buku kerja peluncur harus berekstensi .xlsm (dengan tombol) atau .xlsx: {target.name}")
    project = vba_project_path() if suffix == ".xlsm" else None
    workbook = MemoryWorkbook()
    workbook.set_properties({"title": "Peluncur konsolidasi kinerja_xl", "author": "kinerja_xl"})
    workbook.set_custom_property(OUTPUT_MARKER, "peluncur")
    label = workbook.add_format({"bold": True, "valign": "top", "border": 1})
    entry = workbook.add_format({"bg_color": "#FFF2CC", "border": 1, "num_format": "@", "valign": "top"})
    note = workbook.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
    bold = workbook.add_format({"bold": True})
    ws = workbook.add_worksheet(LAUNCHER_SHEET)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2, 70)
    values = (folder, catalog, output, monitoring, year, period)
    for r, ((title, help_text), value) in enumerate(zip(LAUNCHER_HELP, values, strict=True)):
        ws.write_string(r, 0, title, label)
        ws.write(r, 1, value or None, entry)
        ws.write_string(r, 2, help_text, note)
        ws.set_row(r, 30)
    ws.write_string(STATUS_ROW - 1, 0, "Status", label)
    ws.write_blank(STATUS_ROW - 1, 1, None, workbook.add_format({"border": 1, "text_wrap": True}))
    ws.set_row(STATUS_ROW - 1, 45)
    ws.write_string(STATUS_ROW, 0, "Petunjuk: lihat lembar Petunjuk.", note)
    guide = workbook.add_worksheet("Petunjuk")
    guide.set_column(0, 0, 110)
    guide.write_string(0, 0, LAUNCHER_NOTES[0], bold)
    for i, text in enumerate(LAUNCHER_NOTES[1:], start=1):
        guide.write_string(i, 0, text)
    if project is not None:
        workbook.add_vba_project(str(project))
        workbook.set_vba_name("ThisWorkbook")
        ws.insert_button(STATUS_ROW - 1, 2, {"macro": "Konsolidasi", "caption": "Konsolidasi",
                                             "description": "Buat buku kerja konsolidasi (kinerja_xl).",
                                             **BUTTON_SIZE})
        ws.insert_button(STATUS_ROW - 1, 2, {
            "macro": "Pemantauan", "caption": "Pemantauan",
            "description": "Buat buku kerja pemantauan per triwulan (kinerja_xl).",
            **BUTTON_SIZE, "x_offset": BUTTON_SIZE["x_offset"] + BUTTON_SIZE["width"] + 12})
        write_conf_sheet(workbook, {}, xlwings_version_of(project.read_bytes()),
                         f"Tombol Konsolidasi dan Pemantauan pada lembar {LAUNCHER_SHEET}")
    return save(workbook, target)
