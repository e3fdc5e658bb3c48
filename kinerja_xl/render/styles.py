"""Shared XlsxWriter formats: one look for every workbook kinerja_xl writes.

The font, wrapping and indent of each style are the plans' (:data:`kinerja_xl.plans.fit.LOOKS`), which
size the rows by them; here they get their colours, borders and number formats. Number formats are
codes, not text: Excel shows ``#,##0.00`` with the user's locale separators, so an Indonesian Excel
displays ``1.234,56``.
"""

from __future__ import annotations

from typing import Any

from ..plans.fit import WRAP, Look, look_of
from ..plans.formats import DECIMAL, INTEGER, PERCENT

FONT = "Calibri"
INPUT_FILL = "#FFF2CC"       # light yellow: cells the unit fills in
FORMULA_FILL = "#DDEBF7"     # light blue: live formulas
LOCKED_FILL = "#EDEDED"      # grey: Perjanjian Kinerja targets and labels
HEADER_FILL = "#1F4E78"
SECTION_FILL = "#D9E1F2"
MISSING_FILL = "#F8CBAD"     # orange: required input still empty



def font_format(look: Look) -> dict[str, Any]:
    """XlsxWriter's properties of a look (only those that differ from the default cell)."""
    out: dict[str, Any] = {"font_size": look.size} if look.size != 11 else {}
    out.update({key: True for key, on in (("bold", look.bold), ("italic", look.italic), ("text_wrap", look.wrap))
                if on})
    if look.indent:
        out["indent"] = look.indent
    return out


class Styles:
    """Lazily created formats of one workbook (XlsxWriter formats belong to their workbook)."""

    SPECS: dict[str, dict[str, Any]] = {
        "title": {"font_color": HEADER_FILL},
        "subtitle": {"font_color": "#595959"},
        "header": {"font_color": "#FFFFFF", "bg_color": HEADER_FILL, "border": 1, "valign": "vcenter",
                   "align": "center"},
        "section": {"bg_color": SECTION_FILL, "border": 1},
        "node": {"valign": "top", "border": 1},
        "text": {"valign": "top", "border": 1},
        "label": {"font_color": "#595959", "valign": "top", "border": 1},
        "code": {"valign": "top", "border": 1, "font_color": "#404040"},
        "locked_number": {"num_format": DECIMAL, "bg_color": LOCKED_FILL, "border": 1, "valign": "top"},
        "locked_text": {"bg_color": LOCKED_FILL, "border": 1, "valign": "top", "align": "right"},
        "formula_percent": {"num_format": PERCENT, "bg_color": FORMULA_FILL, "border": 1, "valign": "top"},
        "formula_integer": {"num_format": INTEGER, "bg_color": FORMULA_FILL, "border": 1, "valign": "top"},
        "formula_text": {"bg_color": FORMULA_FILL, "border": 1, "valign": "top"},
        "input_integer": {"num_format": INTEGER, "bg_color": INPUT_FILL, "border": 1, "locked": False,
                          "valign": "top"},
        "input_decimal": {"num_format": DECIMAL, "bg_color": INPUT_FILL, "border": 1, "locked": False,
                          "valign": "top"},
        "input_text": {"bg_color": INPUT_FILL, "border": 1, "locked": False, "valign": "top"},
        "input_date": {"num_format": "dd/mm/yyyy", "bg_color": INPUT_FILL, "border": 1, "locked": False},
        "plain_number": {"num_format": DECIMAL, "border": 1},
        "plain_integer": {"num_format": INTEGER, "border": 1},
        "cell": {"border": 1},
        "required_blank": {"bg_color": MISSING_FILL},
        "note": {"valign": "top"},
        "bold_note": {"valign": "top"},
        "bold": {"valign": "top"},
        "hidden": {"font_color": "#808080"},
    }

    def __init__(self, workbook: Any):
        self.workbook = workbook
        self._cache: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        """The format of a named style: its look (font, wrapping, indent: :data:`~kinerja_xl.plans.fit.LOOKS`,
        what the plans sized its rows by) with its colours, borders and number format (:attr:`SPECS`). A
        name ending in ``:wrap`` is the style's wrapped variant (a long title merged across the page)."""
        if name not in self._cache:
            spec = self.SPECS[name.removesuffix(WRAP)]
            self._cache[name] = self.workbook.add_format({"font_name": FONT, **font_format(look_of(name)), **spec,
                                                          **({"valign": "top"} if name.endswith(WRAP) else {})})
        return self._cache[name]

    def number_format(self, code: str) -> Any:
        """A bordered number cell in the format ``code`` (a plan's style ``num:CODE``)."""
        key = f"num:{code}"
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format({"font_name": FONT, "num_format": code, "border": 1,
                                                         "valign": "top"})
        return self._cache[key]

    def band(self, color: str) -> Any:
        """Conditional-format fill for a capaian band (catalog colour, e.g. ``C6EFCE``)."""
        key = f"band:{color}"
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format({"bg_color": f"#{color}"})
        return self._cache[key]

