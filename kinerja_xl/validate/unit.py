"""One unit workbook read and checked: the raw readings of :mod:`kinerja_xl.reading` plus every unit check.

Never raises: a file that cannot be read, or a check that fails unexpectedly, becomes a problem of the
submission (``galat-internal`` for a bug), so a batch always continues past a bad file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..atomic import Snapshot
from ..catalog.schema import Catalog
from ..model import UnitSubmission
from ..problems import internal_problem
from ..reading.reader import ESCAPING, Grid, WorkbookScan, scan_grids, scan_workbook
from ..reading.safety import FileLimits
from ..reading.sheet_scan import SheetXml
from .checks import run_unit_checks


def read_unit_workbook(path: str | Path, catalog: Catalog, *, limits: FileLimits | None = None,
                       expected_year: int | None = None, expected_period: str | None = None,
                       figures: bool | Callable[[], bool] = True, snapshot: Snapshot | None = None,
                       on_content: Callable[[bytes], None] | None = None,
                       keep: list[Snapshot] | None = None) -> UnitSubmission:
    """Read and check one unit workbook. Never raises: every failure is a Problem of the submission.

    A file that cannot be read (or whose unit is unknown) yields ``unit=None`` and no values; with
    ``figures=False`` the submission keeps only identity and problems (a function: asked once the file is read).
    ``snapshot``: the file as already read;
    ``on_content`` receives the bytes read (see :func:`~kinerja_xl.reading.reader.scan_workbook`); ``keep``: where
    to append the bytes read of a sound workbook (a write-back splices what was validated).
    """
    return _checked(str(path), lambda: scan_workbook(path, catalog, limits=limits, expected_year=expected_year,
                                                     expected_period=expected_period, snapshot=snapshot,
                                                     on_content=on_content), figures, keep)


def read_grids(file_label: str, catalog: Catalog, meta_rows: Grid | None, grid: Grid | None, sheet_names: list[str],
               input_xml: SheetXml | None = None, survey_grid: Grid | None = None,
               survey_xml: SheetXml | None = None) -> UnitSubmission:
    """:func:`read_unit_workbook` for sheet values read elsewhere (e.g. through xlwings); never raises."""
    return _checked(file_label, lambda: scan_grids(file_label, catalog, meta_rows, grid, sheet_names,
                                                   input_xml=input_xml, survey_grid=survey_grid,
                                                   survey_xml=survey_xml))


def _checked(label: str, scan_of: Callable[[], WorkbookScan], figures: bool | Callable[[], bool] = True,
             keep: list[Snapshot] | None = None) -> UnitSubmission:
    try:
        scan = scan_of()
        submission = scan.submission(list(scan.problems) + list(run_unit_checks(scan)),
                                     figures() if callable(figures) else figures)
        if keep is not None and scan.snapshot is not None:
            keep.append(scan.snapshot)
        return submission
    except BaseException as exc:  # the contract is "never raises" (a Rust panic is a BaseException)
        if isinstance(exc, ESCAPING):
            raise
        return UnitSubmission(label, None, None, None, problems=(internal_problem(label, "membaca", exc),))
