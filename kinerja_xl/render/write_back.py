"""Write-back into a workbook on disk: the result sheets spliced in, every other part kept byte for byte.

The user's workbook is never loaded and re-saved by a spreadsheet library (openpyxl silently drops
pictures, shapes, form controls and ``extLst`` extensions it does not model). Instead the result sheets
are written on their own, in memory (:mod:`.result_donor`), and :mod:`kinerja_xl.package` splices their
parts into the workbook's zip; the new file replaces the old one in one rename, so a failure at any
point leaves the old file as it was. A workbook open in Excel or LibreOffice is skipped unless forced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import FileIdentity, Snapshot, StagedFile, atomic_write_bytes, read_snapshot, stage_bytes
from ..errors import FileChangedError, UnsafePackageError
from ..package import Limits, Package, check_not_open, sheet_list, splice_packages
from ..plans.results_sheet import ResultSheet
from ..plans.validation_sheet import ValidationSheetPlan
from ..unit_layout import SHEET_INPUT, SHEET_RESULT, SHEET_VALIDATION
from .donor_templates import ResultTemplates, splice_donor
from .result_donor import changes_donor, result_donor_package

if TYPE_CHECKING:
    from ..plans.sheet import Sheet

#: The plan of *Validasi* once the visible sheets of the finished workbook are known (links open them).
ValidationFor = Callable[[list[str]], ValidationSheetPlan]


def write_results(source: str | Path | Snapshot, target: str | Path, result: ResultSheet | None,
                  validation: ValidationFor | None, *, force: bool = False, read: FileIdentity | None = None,
                  templates: ResultTemplates | None = None) -> Path:
    """Replace *Hasil* and *Validasi* of the workbook ``source``, saving it atomically to ``target``
    (the same file, or a copy). With ``result=None`` only *Validasi* is written and an old *Hasil* is
    removed (it would be stale). ``force`` writes a workbook that looks open in Excel (a lock file
    beside it), which is otherwise refused with :class:`~kinerja_xl.errors.WorkbookLockedError`.

    ``source`` may be the workbook as already read (a :class:`~kinerja_xl.atomic.Snapshot`: what was validated
    is what is spliced); ``read`` is the identity it had when validated. A workbook that changed since then, or
    that changes before the new file replaces it, is left as it is (:class:`~kinerja_xl.errors.FileChangedError`):
    someone else's edit is never overwritten.

    ``templates``: the batch's templates of the result sheets (:mod:`.donor_templates`), which write the same
    bytes as a donor of this file's own."""
    return stage_results(source, target, result, validation, force=force, read=read, templates=templates).commit()


def stage_results(source: str | Path | Snapshot, target: str | Path, result: ResultSheet | None,
                  validation: ValidationFor | None, *, force: bool = False, read: FileIdentity | None = None,
                  templates: ResultTemplates | None = None) -> StagedFile:
    """:func:`write_results` up to the new file written beside ``target``: its :meth:`~StagedFile.commit` puts it
    in place (checking that ``source`` did not change meanwhile), and a batch may do that while it stages the next
    file."""
    return _splice_file(source, target, result, validation, (SHEET_RESULT, SHEET_VALIDATION), force, read,
                        templates)


def stage_validation(snapshot: Snapshot, validation: ValidationFor, *, force: bool = False,
                     templates: ResultTemplates | None = None) -> StagedFile:
    """Only the *Validasi* sheet of the workbook read as ``snapshot``, staged beside it (see :func:`stage_results`):
    ``validasi --tulis-lembar`` splices the bytes it validated."""
    return _splice_file(snapshot, snapshot.path, None, validation, (SHEET_VALIDATION,), force, None, templates)


def write_validation_workbook(path: str | Path, validation: ValidationFor, *, force: bool = False,
                              read: FileIdentity | None = None) -> Path:
    """Write (or replace) only the *Validasi* sheet of workbook ``path``, atomically; a missing ``path``
    becomes a new workbook holding only that sheet. ``read``: see :func:`write_results`."""
    target = Path(path)
    if target.exists():
        return _splice_file(target, target, None, validation, (SHEET_VALIDATION,), force, read).commit()
    if read is not None:  # validated, and gone since
        raise FileChangedError(target)
    if not force:
        check_not_open(target)
    # the donor's parts, never zipped: a workbook of its own is deflated
    return atomic_write_bytes(target, result_donor_package(None, validation([])).to_bytes(copy_raw=False))


def read_workbook(path: str | Path, limits: Limits | None = None) -> Snapshot:
    """The workbook at ``path`` read once for a write-back, refused when larger than the splice's limit."""
    limit = (limits or Limits()).max_package
    snapshot = read_snapshot(path, limit)
    if len(snapshot.content) > limit:
        raise UnsafePackageError(f"berkas {path} lebih besar dari batas {limit // (1024 * 1024)} MB")
    return snapshot


def _splice_file(source: str | Path | Snapshot, target: str | Path, result: ResultSheet | None,
                 validation: ValidationFor | None, remove: Iterable[str], force: bool,
                 read: FileIdentity | None, templates: ResultTemplates | None = None) -> StagedFile:
    snapshot = source if isinstance(source, Snapshot) else read_workbook(source)
    target = Path(target)
    if read is not None and snapshot.identity != read:
        raise FileChangedError(snapshot.path)
    if not force:
        check_not_open(target)
    # the package validation parsed from these bytes (never changed: the splice works on a copy)
    package = snapshot.derived("package", lambda: Package.from_bytes(snapshot.content))
    removed = {name.casefold() for name in remove}
    kept = [s for s in sheet_list(package) if s.name.casefold() not in removed]
    visible = [s.name for s in kept if s.visible and s.worksheet] + ([SHEET_RESULT] if result is not None else [])
    plan = validation(visible) if validation is not None else None
    after = next((s.name for s in kept if s.name.casefold() == SHEET_INPUT.casefold()), None)
    if templates is not None:
        data = templates.spliced(package, result, plan, after=after, remove=remove)
    else:
        data = splice_donor(package, result, plan, after=after, remove=tuple(remove)).data
    same = _same_file(snapshot.path, target)
    return stage_bytes(target, data, expect=snapshot.identity if same else None)


def _same_file(source: Path, target: Path) -> bool:
    try:
        return os.path.samefile(source, target)
    except OSError:  # the target does not exist (yet): a copy
        return False


def write_changes_sheet(path: str | Path, plan_for: Callable[[list[str]], Sheet], *,
                        force: bool = False) -> Path:
    """Write (or replace) the *Perubahan* sheet of workbook ``path``, at its end, atomically; every other sheet
    and part keeps its bytes. ``plan_for`` gets the workbook's sheets (a change's cell there is linked)."""
    from ..plans.changes_sheet import SHEET_CHANGES  # banding's alone: hitung starts without it

    snapshot = read_workbook(path)
    if not force:
        check_not_open(snapshot.path)
    package = Package.from_bytes(snapshot.content)
    sheets = [s.name for s in sheet_list(package) if s.worksheet]
    splice_packages(package, changes_donor(plan_for(sheets)), after=None,
                    remove=(SHEET_CHANGES,))
    return atomic_write_bytes(snapshot.path, package.to_bytes(), expect=snapshot.identity)
