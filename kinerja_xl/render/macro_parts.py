"""What the macro variant (``.xlsm``) of the unit workbook adds: VBA project, buttons, ``xlwings.conf`` sheet.

Called by :func:`kinerja_xl.render.template.write_unit_workbook` with ``buttons=True`` while its
XlsxWriter workbook is still open. The buttons are legacy form buttons (VML): XlsxWriter writes the
macro reference as ``[0]!Validasi``, i.e. "macro ``Validasi`` of this workbook", which Excel resolves to
the public ``Sub Validasi`` of our standard module (see :mod:`.vba`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..vba.project import MacroError, read_modules, vba_project_path, xlwings_version_of

CONF_SHEET = "xlwings.conf"  # exact name: xlwings' GetConfigFromSheet looks it up by name


@dataclass(frozen=True)
class Button:
    """A form button on the Isian sheet."""

    macro: str
    caption: str
    col: int  # 0-based column of the top-left corner, on row 1
    description: str


BUTTONS = (
    Button("Validasi", "Validasi", 8, "Periksa isian dan tulis hasilnya ke lembar Validasi (kinerja_xl)."),
    Button("Hitung", "Hitung", 9, "Hitung capaian dan tulis lembar Hasil (kinerja_xl)."),
)
BUTTON_SIZE = {"width": 110, "height": 40, "x_offset": 4, "y_offset": 4}  # pixels; rows 1-2 are 52 px


@dataclass(frozen=True)
class Setting:
    """One row of the ``xlwings.conf`` sheet: key (column A), value (B), instruction (C)."""

    key: str
    value: str | bool
    help: str


SETTINGS = (
    Setting("Interpreter_Win", r"%USERPROFILE%\kinerja\.venv\Scripts\python.exe",
            "Windows: path lengkap python.exe yang sudah terpasang kinerja_xl dan xlwings. Variabel seperti "
            "%USERPROFILE% boleh dipakai. Tulis python saja untuk memakai Python yang ada di PATH."),
    Setting("Interpreter_Mac", "$HOME/kinerja/.venv/bin/python",
            "macOS: path lengkap python yang sudah terpasang kinerja_xl dan xlwings (boleh diawali $HOME). "
            "Jalankan sekali di Terminal: xlwings runpython install"),
    Setting("PYTHONPATH", "",
            "Biasanya dikosongkan. Isi folder tambahan (dipisah titik koma ;) hanya bila kinerja_xl tidak "
            "terpasang sebagai paket pada Python di atas."),
    Setting("ADD_WORKBOOK_TO_PYTHONPATH", "FALSE",
            "Biarkan FALSE: kinerja_xl dimuat dari Python yang terpasang, sehingga berkas .py yang kebetulan "
            "ada di folder buku kerja ini (mis. folder Unduhan) tidak ikut dijalankan."),
    Setting("Show Console", False,
            "TRUE menampilkan jendela konsol Python saat tombol dijalankan (Windows), berguna untuk mencari "
            "masalah. Biasanya FALSE."),
    Setting("Use UDF Server", False,
            "Biarkan FALSE: kinerja_xl tidak memakai fungsi UDF maupun server COM xlwings."),
)


def add_macro_parts(workbook: Any, input_sheet: Any, target: str | Path | None = None, *,
                    vba_project: str | Path | None = None,
                    settings: Mapping[str, str | bool] | None = None) -> None:
    """Turn an open XlsxWriter ``workbook`` into the macro variant of the unit workbook.

    * embeds the VBA project, unless the caller already did (default: :func:`.vba.vba_project_path`);
    * sets the workbook code name ``ThisWorkbook`` (a document module of that name is in the project);
      the sheets get XlsxWriter's default code names ``Sheet1``..``SheetN`` when the file is closed;
    * puts the buttons Validasi and Hitung on ``input_sheet`` (rows 1-2, columns I-K);
    * appends the visible sheet ``xlwings.conf`` (last), prefilled with :data:`SETTINGS`, whose values
      ``settings`` may override by key.

    ``target`` is the final file name, checked for the ``.xlsm`` extension (Excel refuses to open a
    macro workbook saved as ``.xlsx``). Raises :class:`MacroError` with a message for the user.
    """
    if target is not None and Path(target).suffix.lower() != ".xlsm":
        raise MacroError(f"Buku kerja bermakro harus berekstensi .xlsm, bukan '{Path(target).suffix}': "
                         f"{Path(target).name}")
    if any(ws.name.lower().endswith(".py") for ws in workbook.worksheets()):
        raise MacroError("Nama lembar yang berakhiran .py membuat xlwings menjalankan kode tertanam; "
                         "ganti nama lembar tersebut.")
    if not workbook.vba_project:
        project = Path(vba_project) if vba_project is not None else vba_project_path()
        if workbook.add_vba_project(str(project)) != 0:
            raise MacroError(f"Proyek VBA tidak ditemukan: {project}")
    version = _check_project(workbook)
    workbook.set_vba_name("ThisWorkbook")
    for button in BUTTONS:
        input_sheet.insert_button(0, button.col, {"macro": button.macro, "caption": button.caption,
                                                  "description": button.description, **BUTTON_SIZE})
    write_conf_sheet(workbook, settings or {}, version)


def write_conf_sheet(workbook: Any, overrides: Mapping[str, str | bool], xlwings_version: str | None,
                     buttons: str = "Tombol Validasi dan Hitung pada lembar Isian") -> Any:
    """Append the ``xlwings.conf`` sheet: a contiguous key/value block from A1, no header row; its note names
    the workbook's own ``buttons``."""
    known = {s.key.upper() for s in SETTINGS}
    rows = [Setting(s.key, overrides.get(s.key, s.value), s.help) for s in SETTINGS]
    rows += [Setting(key, value, "") for key, value in overrides.items() if key.upper() not in known]
    keys = [r.key.upper() for r in rows]
    if len(set(keys)) != len(keys) or not all(r.key.strip() for r in rows):
        # xlwings fills a Scripting.Dictionary with upper-cased keys: a duplicate stops every macro.
        raise MacroError("Kunci pada lembar xlwings.conf harus unik (tanpa membedakan huruf besar/kecil).")

    ws = workbook.add_worksheet(CONF_SHEET)
    key_fmt = workbook.add_format({"bold": True, "valign": "top"})
    text_fmt = workbook.add_format({"num_format": "@", "valign": "top", "bg_color": "#FFF2CC", "border": 1})
    bool_fmt = workbook.add_format({"valign": "top", "bg_color": "#FFF2CC", "border": 1, "align": "left"})
    help_fmt = workbook.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"})
    note_fmt = workbook.add_format({"text_wrap": False, "font_color": "#595959"})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 52)
    ws.set_column(2, 2, 95)
    for r, row in enumerate(rows):
        ws.write_string(r, 0, row.key, key_fmt)
        if isinstance(row.value, bool):  # a real TRUE/FALSE cell, as in xlwings' own template
            ws.write_boolean(r, 1, row.value, bool_fmt)
        elif row.value:
            ws.write_string(r, 1, str(row.value), text_fmt)
        else:
            ws.write_blank(r, 1, None, text_fmt)
        if row.help:
            ws.write_string(r, 2, row.help, help_fmt)
            ws.set_row(r, 30)
    version = f" ({xlwings_version})" if xlwings_version else ""
    notes = [
        "Petunjuk lembar xlwings.conf",
        f"{buttons} menjalankan Python melalui xlwings (RunPython), yang membaca pengaturan di atas.",
        "Kunci di kolom A dan nilai di kolom B harus tetap mulai dari baris 1, tanpa baris kosong atau judul. "
        "Jangan ganti nama lembar ini.",
        "Hapus satu baris kunci bila ingin memakai pengaturan dari berkas %USERPROFILE%\\.xlwings\\xlwings.conf.",
        f"Python yang dipakai harus memiliki kinerja_xl dan xlwings dengan versi yang sama dengan modul VBA "
        f"berkas ini{version}.",
        "Makro harus diizinkan: bila Excel memblokir makro berkas unduhan, buka Properties berkas lalu "
        "centang Unblock, atau simpan di Trusted Location.",
    ]
    first = len(rows) + 1  # one empty row keeps the notes out of the settings block (End(xlDown))
    ws.write_string(first, 0, notes[0], key_fmt)
    for i, text in enumerate(notes[1:], start=first + 1):
        ws.write_string(i, 0, text, note_fmt)
    return ws


def _check_project(workbook: Any) -> str | None:
    """Make sure the embedded VBA project defines every button's macro; return its XLWINGS_VERSION."""
    try:
        data = workbook.vba_project.getvalue() if workbook.vba_project_is_stream \
            else Path(workbook.vba_project).read_bytes()
        modules = read_modules(data)
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise MacroError(f"Proyek VBA tidak dapat dibaca ({exc}).") from exc
    for button in BUTTONS:
        if not any(re.search(rf"^(?:Public )?Sub {button.macro}\(\)", source, re.MULTILINE | re.IGNORECASE)
                   for source in modules.values()):
            raise MacroError(f"Proyek VBA tidak memuat makro {button.macro}, sehingga tombol "
                             f"'{button.caption}' tidak akan berfungsi.")
    return xlwings_version_of(data)
