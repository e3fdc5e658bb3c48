"""A planned print (:class:`~kinerja_xl.plans.paging.PageSetup`) applied to an XlsxWriter worksheet.

The plan decided the scale and every page break; here they are only written: A4, the orientation, a fixed
print scale (Excel ignores manual page breaks under "fit to pages", so the plan's scale replaces it), the
print area, the repeated rows, a break at the top of every page, the header and the footer.
"""

from __future__ import annotations

from typing import Any

from ..plans.paging import PageSetup

A4 = 9  # Excel's paper code
FOOTER = "&L&8kinerja_xl · &A&R&8Halaman &P dari &N"


def header_text(left: str, right: str) -> str:
    """The page header: texts as given (``&`` doubled, or Excel reads a control code), 8 points."""
    return "&L&8" + left.replace("&", "&&") + "&R&8" + right.replace("&", "&&")


def apply_page(ws: Any, page: PageSetup) -> None:
    ws.set_paper(A4)
    if page.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_print_scale(page.scale)
    m = page.margins
    ws.set_margins(left=m.left, right=m.right, top=m.top, bottom=m.bottom)
    if page.center:
        ws.center_horizontally()
    first_row, first_col, last_row, last_col = page.area
    ws.print_area(first_row - 1, first_col - 1, last_row - 1, last_col - 1)
    if page.repeat:
        ws.repeat_rows(page.repeat[0] - 1, page.repeat[1] - 1)
    if page.breaks:
        ws.set_h_pagebreaks([row - 1 for row in page.breaks])  # a break above each (1-based) row
    if any(page.header):
        ws.set_header(header_text(*page.header), {"margin": m.header})
    if page.footer:
        ws.set_footer(FOOTER, {"margin": m.footer})
