"""Validate a batch of unit workbooks into a :class:`ValidationReport` (JSON, exit code, 'Validasi' sheet).

:func:`validate_files` never raises: every file is read in its own guard, a batch continues past bad
files, and an unexpected error becomes a ``galat-internal`` problem.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..catalog.schema import Catalog
from ..atomic import atomic_write
from .unit import read_unit_workbook
from ..reading.safety import FileLimits
from ..text import safe_text
from ..unit_layout import SHEET_INPUT, SHEET_VALIDATION
from ..problems import SEVERITY_FILLS, SEVERITY_LABELS, SEVERITY_ORDER, Problem
from ..model import UnitSubmission
from ..cells import quote_sheet
from .checks import check_batch
from ..problems import UNREADABLE_CODES, internal_problem, problem

Status = Literal["ok", "peringatan", "invalid", "unreadable"]
STATUS_LABELS = {"ok": "valid", "peringatan": "valid dengan peringatan", "invalid": "tidak valid",
                 "unreadable": "tidak terbaca"}


@dataclass(frozen=True)
class FileResult:
    """Outcome for one file: status, identity and problem counts by severity."""

    file: str
    status: Status
    unit: str | None
    year: int | None
    period: str | None
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "status": self.status, "status_label": STATUS_LABELS[self.status],
                "unit": self.unit, "year": self.year, "period": self.period, "counts": dict(self.counts)}


def file_status(problems: Iterable[Problem]) -> Status:
    problems = list(problems)
    if any(p.code in UNREADABLE_CODES for p in problems):
        return "unreadable"
    if any(p.severity == "galat" for p in problems):
        return "invalid"
    if any(p.severity == "peringatan" for p in problems):
        return "peringatan"
    return "ok"


def _cell_key(cell: str) -> tuple[int, str]:
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, f"{len(letters):02d}{letters}")


def sort_key(p: Problem) -> tuple[Any, ...]:
    return (SEVERITY_ORDER[p.severity], p.sheet, _cell_key(p.cell), p.code)


class ValidationReport:
    """Problems of a batch (capped at ``max_problems``), per-file results and the submissions."""

    def __init__(self, catalog_id: str, files: list[FileResult], problems: list[Problem],
                 submissions: list[UnitSubmission], max_problems: int = 1000):
        self.catalog_id = catalog_id
        self.files = files
        self.submissions = submissions
        self._by_file: dict[str, list[Problem]] = {}
        for p in problems:  # before the cap: write-back and consolidation need every problem of a file
            self._by_file.setdefault(p.file, []).append(p)
        self._counts = Counter(p.code for p in problems)
        self._severities: Counter[str] = Counter(p.severity for p in problems)
        self.total_problems = len(problems)
        limit = max(0, max_problems)
        self.problems = problems[:limit]
        self.dropped = max(0, len(problems) - limit)
        if self.dropped:
            self.problems.append(problem("batas-masalah", count=self.dropped, limit=limit))

    # -- summaries ------------------------------------------------------------------------------------
    def counts_by_code(self) -> dict[str, int]:
        """Problems per code, over all problems found (also those beyond ``max_problems``)."""
        return dict(sorted(self._counts.items()))

    def counts_by_severity(self) -> dict[str, int]:
        return {s: self._severities.get(s, 0) for s in SEVERITY_ORDER}

    def problems_of(self, file: str | Path) -> list[Problem]:
        """Every problem of one file (its own and the batch's about it), also those past ``max_problems``."""
        return list(self._by_file.get(str(file), ()))

    @property
    def exit_code(self) -> int:
        """0: valid (warnings allowed); 1: some input is invalid; 2: some file could not be read."""
        if any(f.status == "unreadable" for f in self.files):
            return 2
        if any(f.status == "invalid" for f in self.files) or self._batch_errors():
            return 1
        return 0

    def _batch_errors(self) -> bool:
        files = {f.file for f in self.files}
        return any(p.severity == "galat" and p.file not in files for p in self.problems)

    @property
    def valid_submissions(self) -> list[UnitSubmission]:
        """Submissions of files that are valid (possibly with warnings): safe to compute with."""
        ok = {f.file for f in self.files if f.status in ("ok", "peringatan")}
        return [s for s in self.submissions if s.file in ok]

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog_id,
            "exit_code": self.exit_code,
            "counts": self.counts_by_severity(),
            "counts_by_code": self.counts_by_code(),
            "dropped": self.dropped,
            "files": [f.to_dict() for f in self.files],
            "problems": [p.to_dict() for p in self.problems],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    # -- the 'Validasi' sheet -------------------------------------------------------------------------
    def write_sheet(self, path: str | Path, *, file: str | Path | None = None) -> Path:
        """Write (or replace) only the 'Validasi' sheet of workbook ``path``, atomically.

        Lists the problems of ``file`` (default: the validated file that is ``path``, else all) with
        hyperlinks to the offending cells of that workbook. A missing ``path`` becomes a new workbook.
        """
        from openpyxl import Workbook, load_workbook

        target = Path(path)
        problems = self._problems_for(target, file)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if target.exists():
                wb = load_workbook(target, keep_vba=target.suffix.lower() == ".xlsm")
            else:
                wb = Workbook()
                wb.remove(wb.active)
        fill_validation_sheet(wb, problems, target)
        with atomic_write(target) as tmp:
            wb.save(tmp)
        return target

    def _problems_for(self, target: Path, file: str | Path | None) -> list[Problem]:
        if file is not None:
            return self.problems_of(file)
        resolved = target.resolve()
        same = next((f.file for f in self.files if _same_file(f.file, resolved)), None)
        return self.problems_of(same) if same is not None else list(self.problems)


def fill_validation_sheet(wb: Any, problems: list[Problem], target: Path) -> None:
    """Replace the 'Validasi' sheet of an open openpyxl workbook with ``problems`` (links into ``target``)."""
    if SHEET_VALIDATION in wb.sheetnames:
        index = wb.sheetnames.index(SHEET_VALIDATION)
        wb.remove(wb[SHEET_VALIDATION])
    else:
        index = wb.sheetnames.index(SHEET_INPUT) + 1 if SHEET_INPUT in wb.sheetnames else len(wb.sheetnames)
    ws = wb.create_sheet(SHEET_VALIDATION, index)
    resolved = target.resolve()
    _fill_sheet(ws, problems, lambda p: _same_file(p.file, resolved), wb.sheetnames,
                len({p.file for p in problems}) > 1)


def _same_file(name: str, resolved: Path) -> bool:
    try:
        return bool(name) and Path(name).resolve() == resolved
    except (OSError, ValueError, RuntimeError):
        return False


@functools.cache
def _sheet_looks() -> dict[str, dict[str, Any]]:
    """Style parts of the Validasi sheet, built once per process (openpyxl style objects are values)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    wrap = Alignment(wrap_text=True, vertical="top")
    looks: dict[str, dict[str, Any]] = {
        "title": {"font": Font(bold=True, size=14)},
        "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="D9D9D9")},
        "cell": {"alignment": wrap},
        "link": {"alignment": wrap, "font": Font(color="0563C1", underline="single")},
    }
    for severity, color in SEVERITY_FILLS.items():
        looks[severity] = {"alignment": wrap, "fill": PatternFill("solid", fgColor=color)}
    return looks


def _fill_sheet(ws: Any, problems: list[Problem], is_target: Any, sheetnames: list[str], with_file: bool) -> None:
    from openpyxl.worksheet.hyperlink import Hyperlink

    from ..render.styles import StyleCopier

    style = StyleCopier(_sheet_looks())
    headers = ["No", "Tingkat", "Kode", *(["Berkas"] if with_file else []), "Lembar", "Sel", "Isian", "Nilai",
               "Pesan", "Saran"]
    widths = {"No": 5, "Tingkat": 11, "Kode": 26, "Berkas": 30, "Lembar": 10, "Sel": 8, "Isian": 22,
              "Nilai": 18, "Pesan": 70, "Saran": 60}
    counts: Counter[str] = Counter(p.severity for p in problems)
    style(ws.cell(1, 1, "Hasil validasi kinerja_xl"), "title")
    ws["A2"] = safe_text(f"Diperiksa {dt.datetime.now():%d-%m-%Y %H:%M}: {counts['galat']} galat, "
                         f"{counts['peringatan']} peringatan, {counts['info']} info.")
    header_row = 4
    for col, title in enumerate(headers, start=1):
        cell = style(ws.cell(header_row, col, title), "header")
        ws.column_dimensions[cell.column_letter].width = widths[title]
    if not problems:
        ws.cell(header_row + 1, 1, "Tidak ada masalah: isian valid.")
    link_col = headers.index("Sel") + 1
    for i, p in enumerate(problems, start=1):
        r = header_row + i
        values = [i, SEVERITY_LABELS[p.severity], p.code, *([p.file] if with_file else []), p.sheet, p.cell,
                  p.field, p.value, p.message, p.hint]
        linked = bool(p.cell) and p.sheet in sheetnames and is_target(p)
        for col, value in enumerate(values, start=1):
            look = p.severity if col == 2 else "link" if col == link_col and linked else "cell"
            style(ws.cell(r, col, safe_text(value) if isinstance(value, str) else value), look)
        if linked:
            link = ws.cell(r, link_col)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheet(p.sheet)}!{p.cell}",
                                       display=p.cell)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    if problems:
        ws.auto_filter.ref = f"A{header_row}:{ws.cell(header_row + len(problems), len(headers)).coordinate}"


_WORKER: dict[str, Callable[[str | Path], UnitSubmission]] = {}


def _init_worker(read: Callable[[str | Path], UnitSubmission]) -> None:
    _WORKER["read"] = read


def _read_in_worker(path: str | Path) -> UnitSubmission:
    return _WORKER["read"](path)


def read_submissions(paths: Iterable[str | Path], catalog: Catalog, *, jobs: int = 1,
                     expected_year: int | None = None, expected_period: str | None = None,
                     limits: FileLimits | None = None, keep_values: bool = True,
                     on_file: Callable[[UnitSubmission], None] | None = None) -> list[UnitSubmission]:
    """Read every file (in ``jobs`` worker processes when > 1), in input order; never raises.

    Each worker holds one workbook at a time, so memory does not grow with the batch.
    """
    paths = list(paths)
    read = partial(read_unit_workbook, catalog=catalog, limits=limits, expected_year=expected_year,
                   expected_period=expected_period, figures=keep_values)  # never raises
    out: list[UnitSubmission] = []
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            out.append(read(path))
            if on_file:
                on_file(out[-1])
        return out
    from concurrent.futures import ProcessPoolExecutor

    # The catalog travels once per worker (initializer), not once per file.
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=_init_worker,
                             initargs=(read,)) as pool:
        for submission in pool.map(_read_in_worker, paths, chunksize=max(1, min(16, len(paths) // (jobs * 4)))):
            out.append(submission)
            if on_file:
                on_file(submission)
    return out


def validate_files(paths: Iterable[str | Path] | str | Path, catalog: Catalog, *, max_problems: int = 1000,
                   expected_year: int | None = None, expected_period: str | None = None,
                   expected_units: Iterable[str] | None = None,
                   limits: FileLimits | None = None, jobs: int = 1, keep_values: bool = True,
                   on_file: Callable[[UnitSubmission], None] | None = None) -> ValidationReport:
    """Read and check every file, then the batch; never raises.

    ``keep_values=False`` (validation only) keeps identities and problems but not the figures.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    submissions = read_submissions(paths, catalog, jobs=jobs, expected_year=expected_year,
                                   expected_period=expected_period, limits=limits, keep_values=keep_values,
                                   on_file=on_file)
    return report_from_submissions(submissions, catalog, max_problems=max_problems, expected_year=expected_year,
                                   expected_period=expected_period, expected_units=expected_units)


def report_from_submissions(submissions: list[UnitSubmission], catalog: Catalog, *, max_problems: int = 1000,
                            expected_year: int | None = None, expected_period: str | None = None,
                            expected_units: Iterable[str] | None = None) -> ValidationReport:
    """Run the batch checks over read submissions and assemble the report."""
    try:
        batch = list(check_batch(submissions, catalog, expected_units=expected_units, year=expected_year,
                                 period=expected_period))
    except Exception as exc:  # noqa: BLE001
        batch = [internal_problem("", "memeriksa kumpulan berkas", exc)]
    files: list[FileResult] = []
    problems: list[Problem] = []
    by_file: dict[str, list[Problem]] = {}
    for p in batch:
        by_file.setdefault(p.file, []).append(p)
    for s in submissions:
        own = sorted([*s.problems, *by_file.get(s.file, ())], key=sort_key)
        counts: Counter[str] = Counter(p.severity for p in own)
        files.append(FileResult(s.file, file_status(own), s.unit, s.year, s.period,
                                {sev: counts.get(sev, 0) for sev in SEVERITY_ORDER}))
        problems.extend(own)
    known = {s.file for s in submissions}
    problems.extend(sorted((p for p in batch if p.file not in known), key=sort_key))
    return ValidationReport(catalog.id, files, problems, submissions, max_problems)
