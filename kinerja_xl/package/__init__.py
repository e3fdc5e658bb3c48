"""Package-level (OPC) write-back: result sheets spliced into a workbook, every other part untouched.

The standard library and defusedxml only: no spreadsheet library reads or re-saves the user's workbook.
:func:`splice_sheets` / :func:`splice_packages` replace the result sheets with a donor's,
:func:`check_package` lists what Excel would call damaged, :func:`check_not_open` guards a workbook
that is open in Excel. The exceptions belong to the project's one hierarchy (:mod:`kinerja_xl.errors`).
"""

from typing import TYPE_CHECKING

from .. import lazy_names
from ..errors import (
    BrokenPackageError,
    DonorError,
    NotAWorkbookError,
    PackageError,
    SpliceError,
    UnsafePackageError,
    UnsupportedPartError,
    WorkbookLockedError,
)
from .files import LOCKED_HINT, check_not_open, lock_files
from .integrity import check_package, splice_refusals
from .opc import Package
from .zipio import DirectoryEntry, Limits, zip_directory

if TYPE_CHECKING:
    from .splice import RESULT_SHEETS, splice_packages, splice_sheets
    from .workbook import SheetInfo, sheet_list

#: Names imported on first use, by module: the splice and the workbook part's model are the writers' (a
#: command that only reads, ``validasi``, starts without them).
__getattr__ = lazy_names(__name__, {"RESULT_SHEETS": "splice", "splice_packages": "splice", "splice_sheets": "splice",
                                    "SheetInfo": "workbook", "sheet_list": "workbook"})


__all__ = [
    "LOCKED_HINT",
    "RESULT_SHEETS",
    "BrokenPackageError",
    "DirectoryEntry",
    "DonorError",
    "Limits",
    "NotAWorkbookError",
    "Package",
    "SheetInfo",
    "PackageError",
    "SpliceError",
    "UnsafePackageError",
    "UnsupportedPartError",
    "WorkbookLockedError",
    "check_not_open",
    "check_package",
    "lock_files",
    "sheet_list",
    "splice_packages",
    "splice_refusals",
    "splice_sheets",
    "zip_directory",
]
