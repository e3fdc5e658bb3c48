"""Workbook factories for reader and validation tests.

Valid workbooks come from the real template writer (:func:`write_unit_workbook`) filled with the raw
LKj 2023 figures; broken ones are derived from them by editing cells with openpyxl or by rewriting
parts of the zip directly (for things openpyxl cannot write, e.g. a DTD).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl

from kinerja_xl.catalog import Catalog, load_catalog
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.pipeline.examples import RawFigures, load_raw_figures
from kinerja_xl.reading.safety import OLE_MAGIC
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_META, unit_layout
from kinerja_xl.cells import a1
from kinerja_xl.pipeline.templates import write_unit_workbook

ROOT = Path(__file__).resolve().parent.parent
CATALOG_PATH = ROOT / "templates" / "katalog-kemensos-2023.yaml"
RAW_PATH = ROOT / "workbooks" / "2023" / "sumber" / "angka-mentah-lkj-2023.yaml"
EXAMPLES_DIR = ROOT / "workbooks" / "2023"
IDENTITY = {"penanggung_jawab": "Tim Pengelola Data Kinerja", "tanggal": dt.date(2024, 1, 15)}


@lru_cache(maxsize=1)
def get_catalog() -> Catalog:
    return load_catalog(CATALOG_PATH)


@lru_cache(maxsize=1)
def raw_figures() -> RawFigures:
    """LKj 2023's figures with the example's synthetic survey answers (and their counts)."""
    return load_raw_figures(RAW_PATH, get_catalog())


def cell_of(unit: str, node: str, key: str, period: str = "tahunan") -> str:
    """A1 address of an input cell in the template of ``unit``."""
    address, _ = unit_layout(get_catalog(), unit, period=period).input_cells()[InputRef(node, key, unit)]
    return a1(address.row, address.col)


def row_of(unit: str, key: str) -> int:
    return next(r.row for r in unit_layout(get_catalog(), unit).rows if r.key == key)


def unit_workbook(directory: Path, unit: str = "ITJEN", *, name: str | None = None, period: str = "tahunan",
                  values: Mapping[tuple[str, str], Any] | None = None, clear: tuple[tuple[str, str], ...] = (),
                  identity: Mapping[str, Any] | None = None, reported: Mapping[str, Any] | None = None,
                  year: int | None = None, survey_rows: list[list[Any]] | None = None) -> Path:
    """A filled, valid workbook of ``unit`` (LKj 2023 figures), with ``values`` overriding cells by
    (node, key) and ``clear`` emptying some. ``identity``/``reported`` default to complete/LKj values; a
    tahunan workbook's Survei sheet holds the example's answers unless ``survey_rows`` are given."""
    raw = raw_figures()
    filled: dict[InputRef, Any] = dict(raw.values.get(unit, {}))
    for node, key in clear:
        filled.pop(InputRef(node, key, unit), None)
    for (node, key), value in (values or {}).items():
        filled[InputRef(node, key, unit)] = value
    path = directory / (name or f"kinerja-{unit}-{year or 2023}-{period}.xlsx")
    rows = survey_rows if survey_rows is not None else raw.survey_rows.get(unit, []) if period == "tahunan" else []
    write_unit_workbook(get_catalog(), unit, path, year=year, period=period, values=filled,
                        identity=IDENTITY if identity is None else identity,
                        reported=raw.reported.get(unit, {}) if reported is None else reported, survey_rows=rows)
    return path


def patch_cells(path: Path, cells: Mapping[tuple[str, str], Any], out: Path | None = None) -> Path:
    """Set cells with openpyxl: ``'=1+1'`` becomes a formula, ``'#DIV/0!'`` an error value."""
    wb = openpyxl.load_workbook(path)
    for (sheet, address), value in cells.items():
        wb[sheet][address] = value
    out = out or path
    wb.save(out)
    return out


def type_text(path: Path, cells: Mapping[tuple[str, str], str]) -> Path:
    """Cells as a unit types text in Excel ('=1+1 with the quote Excel does not store): plain string cells,
    whatever they start with (kinerja_xl's own writers would store them inert, with a visible quote)."""
    def edit(wb: openpyxl.Workbook) -> None:
        for (sheet, address), text in cells.items():
            cell = wb[sheet][address]
            cell.value = text
            cell.data_type = "s"

    return edit_workbook(path, edit)


def edit_workbook(path: Path, edit: Callable[[openpyxl.Workbook], None], out: Path | None = None) -> Path:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    out = out or path
    wb.save(out)
    return out


def set_meta(path: Path, key: str, value: Any) -> Path:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb[SHEET_META]
        for row in ws.iter_rows(min_col=1, max_col=2):
            if row[0].value == key:
                row[1].value = value
                return
        raise KeyError(key)

    return edit_workbook(path, edit)


def meta_cell(path: Path, key: str) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        for i, row in enumerate(wb[SHEET_META].iter_rows(min_col=1, max_col=1, values_only=True), start=1):
            if row[0] == key:
                return f"B{i}"
    finally:
        wb.close()
    raise KeyError(key)


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes], out: Path | None = None) -> Path:
    """Rewrite one part of the zip (e.g. inject a DTD into a sheet's XML)."""
    out = out or path.with_name(path.stem + "-ubah" + path.suffix)
    tmp = out.with_suffix(".part")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data) if info.filename == member else data)
    tmp.replace(out)
    return out


def input_sheet_part(path: Path) -> str:
    """Zip member of the 'Isian' sheet (XlsxWriter numbers sheets in order: Petunjuk, Isian, _meta)."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
    index = book[: book.index(f'name="{SHEET_INPUT}"')].count("<sheet ")  # includes the Isian element itself
    return f"xl/worksheets/sheet{index}.xml"


def typed_cell(path: Path) -> tuple[str, str]:
    """(address, style) of the first input cell of ``path`` holding a typed number (a cell the hostile tests rewrite
    in another form)."""
    from kinerja_xl.reading.reader import scan_workbook

    xml = zipfile.ZipFile(path).read(input_sheet_part(path)).decode()
    for cell in scan_workbook(path, get_catalog()).cells:
        found = re.search(rf'<c r="{cell.cell}" s="(\d+)"><v>[^<]+</v></c>', xml)
        if isinstance(cell.raw, (int, float)) and found:
            return cell.cell, found.group(1)
    raise AssertionError("no typed number in the workbook")


def rewrite_typed_cell(folder: Path, name: str, form: str) -> tuple[Path, str]:
    """A filled ITJEN workbook ``folder/name.xlsx`` whose first typed number's cell is rewritten as ``form`` (``{a}``:
    the cell's address, ``{s}``: its style), and that address."""
    source = unit_workbook(folder, "ITJEN", name=f"sumber-{name}.xlsx")
    address, style = typed_cell(source)
    pattern = re.compile(rb'<c r="%s" s="\d+"><v>[^<]+</v></c>' % address.encode())

    def change(data: bytes) -> bytes:
        changed, count = pattern.subn(form.format(a=address, s=style).encode(), data)
        assert count == 1
        return changed

    return rewrite_member(source, input_sheet_part(source), change, out=folder / f"{name}.xlsx"), address


# -- files that are not workbooks ---------------------------------------------------------------------------

def write_bytes(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def ole_file(directory: Path, name: str, stream: str = "") -> Path:
    """An OLE compound file header (what encrypted .xlsx and legacy .xls files start with) and a directory entry
    naming ``stream`` (``EncryptedPackage``: a password-protected .xlsx; ``Workbook``: an Excel 97-2003 file)."""
    entry = (stream + "\0").encode("utf-16-le").ljust(64, b"\x00") if stream else b""
    return write_bytes(directory, name, OLE_MAGIC + b"\x00" * 504 + entry + b"\x00" * (3584 - len(entry)))


def truncated(source: Path, directory: Path) -> Path:
    data = source.read_bytes()
    return write_bytes(directory, "terpotong.xlsx", data[: len(data) // 2])


def zip_with(directory: Path, name: str, members: Mapping[str, bytes]) -> Path:
    path = directory / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def zip_bomb(directory: Path, name: str = "bom.xlsx", megabytes: int = 4) -> Path:
    """A tiny zip that expands to ``megabytes`` of zeros (use small limits in tests)."""
    path = directory / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return path


def copy(path: Path, name: str) -> Path:
    out = path.with_name(name)
    shutil.copyfile(path, out)
    return out


def decimal_values(unit: str) -> dict[InputRef, Decimal]:
    return dict(raw_figures().values.get(unit, {}))
