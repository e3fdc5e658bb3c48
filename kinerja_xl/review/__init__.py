"""Reviu of a draft Laporan Kinerja: every printed figure against the recomputation from the units' data.

Public API::

    from kinerja_xl.review import load_reported, review, review_files
    report = review(catalog, raw_inputs, load_reported("dilaporkan.xlsx", catalog))
    report.findings, report.to_json()

What the report's tables print (tables, rows, labels, sources and how each figure is recomputed) is data: a
layout file (:mod:`kinerja_xl.review.tables`; a catalog's default ships in ``kinerja_xl/data/reviu-*.yaml``,
another can be named by the *Dilaporkan* file's ``tata_letak`` or passed as ``layout=``). Figures quoted
in the narrative text are data in the *Dilaporkan* file (see :mod:`kinerja_xl.review.printed`).
"""

from __future__ import annotations

from .compare import Finding, FormatNote, ReviewReport, clean_reported, review, review_files
from .notation import PrintedRow, checks_text, parse_checks
from .printed import (
    Printed,
    load_reported,
    load_reported_yaml,
    printed_rows,
    read_reported_values,
    read_reported_workbook,
)
from .tables import PATTERNS, Layout, default_layout, find_layout, load_layout

__all__ = [
    "PATTERNS", "Finding", "FormatNote", "Layout", "Printed", "PrintedRow", "ReviewReport", "checks_text",
    "clean_reported", "default_layout", "find_layout", "load_layout", "load_reported", "load_reported_yaml",
    "parse_checks", "printed_rows", "read_reported_values", "read_reported_workbook", "review", "review_files",
]
