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
                cells = wanted[item.filename]

                def fill(match: re.Match[str], cells: Mapping[str, object] = cells) -> str:
                    ref, attrs, formula = match.group(1), match.group(2), match.group(3)
                    if ref not in cells:
                        return match.group(0)
                    attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
                    kind, v = _value_xml(cells[ref])
                    return f'<c r="{ref}"{attrs}{kind}><f>{formula}</f>{v}</c>'

                data = CELL.sub(fill, data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    shutil.move(tmp, path)
