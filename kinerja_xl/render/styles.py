"""Shared XlsxWriter formats: one look for every workbook kinerja_xl writes.

Number formats are codes, not text: Excel shows ``#,##0.00`` with the user's locale separators, so
an Indonesian Excel displays ``1.234,56``.
"""

from __future__ import annotations

from typing import Any

from ..plans.formats import DECIMAL, INTEGER, PERCENT

FONT = "Calibri"
INPUT_FILL = "#FFF2CC"       # light yellow: cells the unit fills in
FORMULA_FILL = "#DDEBF7"     # light blue: live formulas
LOCKED_FILL = "#EDEDED"      # grey: Perjanjian Kinerja targets and labels
HEADER_FILL = "#1F4E78"
SECTION_FILL = "#D9E1F2"
MISSING_FILL = "#F8CBAD"     # orange: required input still empty



class Styles:
    """Lazily created formats of one workbook (XlsxWriter formats belong to their workbook)."""

    SPECS: dict[str, dict[str, Any]] = {
        "title": {"bold": True, "font_size": 14, "font_color": HEADER_FILL},
        "subtitle": {"italic": True, "font_color": "#595959"},
        "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "border": 1,
                   "text_wrap": True, "valign": "vcenter", "align": "center"},
        "section": {"bold": True, "bg_color": SECTION_FILL, "border": 1},
        "node": {"bold": True, "text_wrap": True, "valign": "top", "border": 1},
        "text": {"text_wrap": True, "valign": "top", "border": 1},
        "label": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top", "border": 1,
                  "font_size": 9},
        "code": {"valign": "top", "border": 1, "font_color": "#404040"},
        "locked_number": {"num_format": DECIMAL, "bg_color": LOCKED_FILL, "border": 1, "valign": "top"},
        "locked_text": {"bg_color": LOCKED_FILL, "border": 1, "valign": "top", "align": "right"},
        "formula_percent": {"num_format": PERCENT, "bg_color": FORMULA_FILL, "border": 1, "valign": "top"},
        "formula_integer": {"num_format": INTEGER, "bg_color": FORMULA_FILL, "border": 1, "valign": "top"},
        "formula_text": {"bg_color": FORMULA_FILL, "border": 1, "valign": "top", "text_wrap": True},
        "input_integer": {"num_format": INTEGER, "bg_color": INPUT_FILL, "border": 1, "locked": False,
                          "valign": "top"},
        "input_decimal": {"num_format": DECIMAL, "bg_color": INPUT_FILL, "border": 1, "locked": False,
                          "valign": "top"},
        "input_text": {"bg_color": INPUT_FILL, "border": 1, "locked": False, "text_wrap": True, "valign": "top"},
        "input_date": {"num_format": "dd/mm/yyyy", "bg_color": INPUT_FILL, "border": 1, "locked": False},
        "plain_number": {"num_format": DECIMAL, "border": 1},
        "plain_integer": {"num_format": INTEGER, "border": 1},
        "cell": {"border": 1},
        "missing": {"bg_color": MISSING_FILL},
        "note": {"text_wrap": True, "valign": "top"},
        "bold": {"bold": True},
        "hidden": {"font_color": "#808080", "font_size": 8},
    }

    def __init__(self, workbook: Any):
        self.workbook = workbook
        self._cache: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._cache:
            self._cache[name] = self.workbook.add_format({"font_name": FONT, **self.SPECS[name]})
        return self._cache[name]

    def band(self, color: str) -> Any:
        """Conditional-format fill for a capaian band (catalog colour, e.g. ``C6EFCE``)."""
        key = f"band:{color}"
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format({"bg_color": f"#{color}"})
        return self._cache[key]

