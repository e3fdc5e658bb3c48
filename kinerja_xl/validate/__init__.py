"""Validation of unit workbooks: the checks (generators of problems), one workbook read and checked, the
batch report."""

from .report import FileResult, ValidationReport, file_status, report_from_submissions
from .unit import read_grids, read_unit_workbook

__all__ = ["FileResult", "ValidationReport", "file_status", "read_grids", "read_unit_workbook",
           "report_from_submissions"]
