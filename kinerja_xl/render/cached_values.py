"""Store cached results in formula cells of a workbook saved by openpyxl.

openpyxl writes formulas without a cached value, so a file preview, pandas or calamine shows empty
cells until Excel recalculates. For sheets whose every formula we wrote (and whose value the engine
knows), we add the ``<v>`` element to each ``<c><f>`` cell in the saved sheet XML. Excel still
recalculates on open (``fullCalcOnLoad``); this only fills what non-calculating readers show.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape


CELL = re.compile(r"<c r=\"([A-Z]+[0-9]+)\"([^>]*)><f>(.*?)</f>(<v>.*?</v>|<v\s*/>)?</c>", re.S)


def _value_xml(value: object) -> tuple[str, str]:
    """(type attribute, <v> element) for a cached value; text uses t="str" (a formula string result)."""
    if value is None or value == "":
        return ' t="str"', "<v></v>"
    if isinstance(value, bool):
        return ' t="b"', f"<v>{int(value)}</v>"
    if isinstance(value, (int, float)):
        return "", f"<v>{value!r}</v>"
    return ' t="str"', f"<v>{escape(str(value))}</v>"


def _patch_sheet_xml(data: bytes, cells: Mapping[str, object]) -> bytes:
    def fill(match: re.Match[str]) -> str:
        ref, attrs, formula = match.group(1), match.group(2), match.group(3)
        if ref not in cells:
            return match.group(0)
        attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
        kind, v = _value_xml(cells[ref])
        return f'<c r="{ref}"{attrs}{kind}><f>{formula}</f>{v}</c>'

    return CELL.sub(fill, data.decode("utf-8")).encode("utf-8")


def save_with_cached_values(workbook: object, path: Path, values: Mapping[str, Mapping[str, object]]) -> None:
    """Save an openpyxl workbook so formula cells listed in ``values`` ({sheet: {A1: value}}) carry them.

    Same as ``workbook.save(path)`` (openpyxl's ``save_workbook``), except that each worksheet is
    serialised in memory rather than through a temporary file, and the sheets in ``values`` pass through
    :func:`_patch_sheet_xml` on their way into the zip, so no second rewrite is needed.
    """
    import datetime as dt

    workbook.properties.modified = dt.datetime.now(tz=dt.timezone.utc).replace(tzinfo=None)  # type: ignore[attr-defined]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _writer_class()(workbook, archive, values).save()


@functools.cache
def _writer_class() -> type:
    """openpyxl's ExcelWriter with :meth:`write_worksheet` as in openpyxl 3.1 but in memory and patching
    (built on first use, so importing this module does not import openpyxl)."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class CachedValuesWriter(ExcelWriter):  # type: ignore[misc]
        def __init__(self, workbook: Any, archive: zipfile.ZipFile, values: Mapping[str, Mapping[str, object]]):
            super().__init__(workbook, archive)
            self._values = values

        def write_worksheet(self, ws: Any) -> None:
            if self.workbook.write_only:
                super().write_worksheet(ws)
                return
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=BytesIO())
            writer.write()
            ws._rels = writer._rels
            data = writer.read()
            cells = self._values.get(ws.title)
            self._archive.writestr(ws.path[1:], _patch_sheet_xml(data, cells) if cells else data)
            self.manifest.append(ws)

    return CachedValuesWriter
