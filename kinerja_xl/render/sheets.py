"""A planned sheet (:class:`~kinerja_xl.plans.sheet.Sheet`) written into an XlsxWriter worksheet.

Widths, the planned row heights, merged cells, every cell by its kind (text always as a string, never
through ``write()``, so it cannot turn into a formula), the filter, frozen panes and the planned print.
"""

from __future__ import annotations

from typing import Any

from ..cells import quote_sheet
from ..plans.formulas import cached
from ..plans.sheet import Sheet
from .printing import apply_page
from .styles import Styles


def write_sheet(ws: Any, sheet: Sheet, styles: Styles) -> None:
    for col, width in sheet.widths.items():
        ws.set_column(col - 1, col - 1, width)
    for row, height in sheet.heights.items():
        ws.set_row(row - 1, height)
    for r1, c1, r2, c2, style in sheet.merges:
        ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "", styles[style])
    for (row, col), e in sorted(sheet.cells.items()):
        fmt = styles.number_format(e.style[4:]) if e.style.startswith("num:") else styles[e.style]
        r, c = row - 1, col - 1
        if e.kind == "text" and (row, col) in sheet.links:
            target, cell = sheet.links[(row, col)]
            ws.write_url(r, c, f"internal:{quote_sheet(target)}!{cell}", fmt, e.value, f"Buka sel {target}!{cell}")
        elif e.kind == "text":
            ws.write_string(r, c, e.value, fmt)
        elif e.kind == "number":
            ws.write_number(r, c, float(e.value), fmt)
        elif e.kind == "blank":
            ws.write_blank(r, c, None, fmt)
        else:
            assert e.expr is not None
            ws.write_formula(r, c, e.formula, fmt, cached(e.value))
    if sheet.autofilter:
        r1, c1, r2, c2 = sheet.autofilter
        ws.autofilter(r1 - 1, c1 - 1, r2 - 1, c2 - 1)
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze[0] - 1, sheet.freeze[1] - 1)
    ws.hide_gridlines(2)
    if sheet.page is not None:
        apply_page(ws, sheet.page)
