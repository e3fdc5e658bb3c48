"""Store cached results in formula cells of a workbook saved by openpyxl.

openpyxl writes formulas without a cached value, so a file preview, pandas or calamine shows empty
cells until Excel recalculates. For sheets whose every formula we wrote (and whose value the engine
knows), we add the ``<v>`` element to each ``<c><f>`` cell in the saved sheet XML. Excel still
recalculates on open (``fullCalcOnLoad``); this only fills what non-calculating readers show.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
CELL = re.compile(r"<c r=\"([A-Z]+[0-9]+)\"([^>]*)><f>(.*?)</f>(<v>.*?</v>|<v\s*/>)?</c>", re.S)


def sheet_parts(path: Path) -> dict[str, str]:
    """Map sheet names to their XML part names inside the package."""
    with zipfile.ZipFile(path) as z:
        workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    out = {}
    for sheet in workbook.find("m:sheets", NS):
        target = targets[sheet.get(f"{{{NS['r']}}}id")]
        target = target.lstrip("/")
        out[sheet.get("name")] = target if target.startswith("xl/") else f"xl/{target}"
    return out


def _value_xml(value: object) -> tuple[str, str]:
    """(type attribute, <v> element) for a cached value; text uses t="str" (a formula string result)."""
    if value is None or value == "":
        return ' t="str"', "<v></v>"
    if isinstance(value, bool):
        return ' t="b"', f"<v>{int(value)}</v>"
    if isinstance(value, (int, float)):
        return "", f"<v>{value!r}</v>"
    return ' t="str"', f"<v>{escape(str(value))}</v>"


def inject_cached_values(path: Path, values: Mapping[str, Mapping[str, object]]) -> None:
    """Rewrite ``path`` in place so formula cells listed in ``values`` ({sheet: {A1: value}}) carry them."""
    parts = sheet_parts(path)
    wanted = {parts[name]: cells for name, cells in values.items() if name in parts}
    tmp = path.with_name(path.name + ".cache.tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in wanted:
                data = _patch_sheet_xml(data, wanted[item.filename])
            dst.writestr(item, data)
    shutil.move(tmp, path)


def _patch_sheet_xml(data: bytes, cells: Mapping[str, object]) -> bytes:
    def fill(match: re.Match[str]) -> str:
        ref, attrs, formula = match.group(1), match.group(2), match.group(3)
        if ref not in cells:
            return match.group(0)
        attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
        kind, v = _value_xml(cells[ref])
        return f'<c r="{ref}"{attrs}{kind}><f>{formula}</f>{v}</c>'

    return CELL.sub(fill, data.decode("utf-8")).encode("utf-8")


class _PatchingArchive:
    """A ZipFile stand-in for openpyxl's ExcelWriter that adds cached values to chosen sheet parts."""

    def __init__(self, archive: zipfile.ZipFile, patches: Mapping[str, Mapping[str, object]]):
        self._archive = archive
        self._patches = patches

    def write(self, filename: str, arcname: str | None = None, *args: object, **kwargs: object) -> None:
        cells = self._patches.get(arcname or "")
        if cells is None:
            self._archive.write(filename, arcname, *args, **kwargs)  # type: ignore[arg-type]
            return
        self._archive.writestr(arcname or "", _patch_sheet_xml(Path(filename).read_bytes(), cells))

    def __getattr__(self, name: str) -> object:
        return getattr(self._archive, name)


def save_with_cached_values(workbook: object, path: Path, values: Mapping[str, Mapping[str, object]]) -> None:
    """Save an openpyxl workbook so formula cells listed in ``values`` ({sheet: {A1: value}}) carry them.

    Same as ``workbook.save(path)`` (openpyxl's ``save_workbook``), except that worksheet parts pass
    through :func:`_patch_sheet_xml` on their way into the zip, so no second rewrite is needed.
    openpyxl names worksheet parts ``xl/worksheets/sheet{n}.xml`` in sheet order (ExcelWriter).
    """
    import datetime as dt

    from openpyxl.writer.excel import ExcelWriter

    sheets = list(workbook.worksheets)  # type: ignore[attr-defined]
    patches = {f"xl/worksheets/sheet{i}.xml": values[ws.title] for i, ws in enumerate(sheets, 1) if ws.title in values}
    workbook.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)  # type: ignore[attr-defined]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, _PatchingArchive(archive, patches)).save()
