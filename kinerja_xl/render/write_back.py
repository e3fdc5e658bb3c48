"""Write-back into a workbook on disk: the result sheets spliced in, every other part kept byte for byte.

The user's workbook is never loaded and re-saved by a spreadsheet library (openpyxl silently drops
pictures, shapes, form controls and ``extLst`` extensions it does not model). Instead the result sheets
are written on their own, in memory (:mod:`.result_donor`), and :mod:`kinerja_xl.package` splices their
parts into the workbook's zip; the new file replaces the old one in one rename, so a failure at any
point leaves the old file as it was. A workbook open in Excel or LibreOffice is skipped unless forced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..atomic import atomic_write_bytes
from ..package import Package, check_not_open, read_package, sheet_list, splice_packages
from ..plans.results_sheet import ResultSheet
from ..plans.validation_sheet import ValidationSheetPlan
from ..unit_layout import SHEET_INPUT, SHEET_RESULT, SHEET_VALIDATION
from .result_donor import result_donor

#: The plan of *Validasi* once the visible sheets of the finished workbook are known (links open them).
ValidationFor = Callable[[list[str]], ValidationSheetPlan]


def write_results(source: str | Path, target: str | Path, result: ResultSheet | None,
                  validation: ValidationFor | None, *, force: bool = False) -> Path:
    """Replace *Hasil* and *Validasi* of the workbook ``source``, saving it atomically to ``target``
    (the same file, or a copy). With ``result=None`` only *Validasi* is written and an old *Hasil* is
    removed (it would be stale). ``force`` writes a workbook that looks open in Excel (a lock file
    beside it), which is otherwise refused with :class:`~kinerja_xl.errors.WorkbookLockedError`."""
    return _splice_file(source, target, result, validation, (SHEET_RESULT, SHEET_VALIDATION), force)


def write_validation_workbook(path: str | Path, validation: ValidationFor, *, force: bool = False) -> Path:
    """Write (or replace) only the *Validasi* sheet of workbook ``path``, atomically; a missing ``path``
    becomes a new workbook holding only that sheet."""
    target = Path(path)
    if target.exists():
        return _splice_file(target, target, None, validation, (SHEET_VALIDATION,), force)
    if not force:
        check_not_open(target)
    # the donor's zip is stored, for the splice to read back: a workbook of its own is deflated
    return atomic_write_bytes(target, Package.from_bytes(result_donor(None, validation([]))).to_bytes(copy_raw=False))


def _splice_file(source: str | Path, target: str | Path, result: ResultSheet | None,
                 validation: ValidationFor | None, remove: Iterable[str], force: bool) -> Path:
    source, target = Path(source), Path(target)
    if not force:
        check_not_open(target)
    package = Package.from_bytes(read_package(source))
    removed = {name.casefold() for name in remove}
    kept = [s for s in sheet_list(package) if s.name.casefold() not in removed]
    visible = [s.name for s in kept if s.visible and s.worksheet] + ([SHEET_RESULT] if result is not None else [])
    donor = result_donor(result, validation(visible) if validation is not None else None)
    after = next((s.name for s in kept if s.name.casefold() == SHEET_INPUT.casefold()), None)
    splice_packages(package, Package.from_bytes(donor), after=after, remove=remove)
    return atomic_write_bytes(target, package.to_bytes())
