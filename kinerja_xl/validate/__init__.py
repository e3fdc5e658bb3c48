"""Validation of unit workbooks: problem codes, checks, the batch report.

Names are imported lazily (PEP 562) so that low-level modules (the reader, the file checks) can use
:mod:`kinerja_xl.validate.codes` without importing the whole validation stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..problems import CODES, problem
    from .report import FileResult, ValidationReport, validate_files

__all__ = ["CODES", "FileResult", "ValidationReport", "problem", "validate_files"]


def __getattr__(name: str) -> Any:
    if name in ("CODES", "problem"):
        from .. import problems as codes

        return getattr(codes, name)
    if name in ("FileResult", "ValidationReport", "validate_files"):
        from . import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
