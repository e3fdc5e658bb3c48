"""The report of a validated batch: per-file results, every problem, counts, JSON and the exit code.

Reading the files (in parallel or not) is the pipeline's (:func:`kinerja_xl.pipeline.validate_files`);
:func:`report_from_submissions` runs the batch checks over what was read and assembles the report.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from ..atomic import FileIdentity
from ..catalog.schema import PERIODS, Catalog
from ..model import SKIP_OUTPUT, SKIP_PERIOD, SKIP_YEAR, UnitSubmission
from ..reading.safety import OUTPUT_KINDS
from ..problems import SEVERITY_ORDER, UNREADABLE_CODES, Problem, internal_problem, problem, sort_key
from .checks import check_batch

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


class ValidationReport:
    """Problems of a batch (capped at ``max_problems``), per-file results and the submissions."""

    def __init__(self, catalog_id: str, files: list[FileResult], problems: list[Problem],
                 submissions: list[UnitSubmission], max_problems: int = 1000,
                 skipped: list[UnitSubmission] | None = None):
        #: The ledger session that recorded this batch (``kinerja_xl.pipeline.ledger.Session``), if any.
        self.ledger: Any = None
        self.catalog_id = catalog_id
        self.files = files
        self.submissions = submissions
        #: Files passed over (another period or year than the one chosen, outputs of kinerja_xl): named by
        #: one info problem per reason, never checked, never counted among ``files``.
        self.skipped = list(skipped or [])
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

    def skip_notes(self) -> list[str]:
        """The info lines naming the files passed over ("15 berkas periode lain dilewati (…)")."""
        return [p.message for p in self.problems if p.code in SKIP_CODES]

    def counts_by_status(self) -> dict[Status, int]:
        return {s: sum(1 for f in self.files if f.status == s) for s in STATUS_LABELS}  # type: ignore[misc]

    def summary(self) -> str:
        """The counts line, as the command line and the Excel buttons both print it: files by status, then
        problems by severity."""
        counts, severities = self.counts_by_status(), self.counts_by_severity()
        return (f"{len(self.files)} berkas — {counts['ok']} valid, {counts['peringatan']} valid dengan peringatan, "
                f"{counts['invalid']} tidak valid, {counts['unreadable']} tidak terbaca; {severities['galat']} galat, "
                f"{severities['peringatan']} peringatan, {severities['info']} info")

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
            "skipped": [{"file": s.file, "reason": s.skipped, **({"kind": s.identity["keluaran"]}
                                                                 if "keluaran" in s.identity else {})}
                        for s in self.skipped],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def problems_for_workbook(self, path: str | Path) -> list[Problem]:
        """The problems a *Validasi* sheet in workbook ``path`` lists: that file's when it was validated,
        else every problem of the batch (a new summary workbook)."""
        same = self._files_by_path.get(Path(path).resolve())
        return self.problems_of(same) if same is not None else list(self.problems)

    def file_identity(self, path: str | Path) -> FileIdentity | None:
        """The identity the workbook ``path`` had when it was validated (None when it was not, or not read)."""
        same = self._files_by_path.get(Path(path).resolve())
        return next((s.file_identity for s in self.submissions if s.file == same), None) if same else None

    @cached_property
    def _files_by_path(self) -> dict[Path, str]:
        """Each validated file by its resolved path (the first, should two names reach one file)."""
        out: dict[Path, str] = {}
        for f in self.files:
            try:
                if f.file:
                    out.setdefault(Path(f.file).resolve(), f.file)
            except (OSError, ValueError, RuntimeError):
                continue
        return out


def report_from_submissions(submissions: list[UnitSubmission], catalog: Catalog, *, max_problems: int = 1000,
                            expected_year: int | None = None, expected_period: str | None = None,
                            expected_units: Iterable[str] | None = None,
                            expected_periods: Iterable[str] | None = None,
                            extra: Iterable[Problem] = ()) -> ValidationReport:
    """Run the batch checks over read submissions and assemble the report (``expected_periods``: every
    expected unit must have a file in each of them; ``extra``: further problems of the batch, e.g. the
    ledger's). Files passed over are left out and named by one info
    problem per reason."""
    skipped = [s for s in submissions if s.skipped]
    submissions = [s for s in submissions if not s.skipped]
    try:
        batch = list(check_batch(submissions, catalog, expected_units=expected_units, year=expected_year,
                                 period=expected_period, periods=expected_periods))
    except Exception as exc:  # noqa: BLE001
        batch = [internal_problem("", "memeriksa kumpulan berkas", exc)]
    batch.extend(extra)
    files: list[FileResult] = []
    problems: list[Problem] = []
    by_file: dict[str, list[Problem]] = {}
    for p in batch:
        by_file.setdefault(p.file, []).append(p)
    for s in submissions:
        own = [*s.problems, *by_file.get(s.file, ())]
        if len(own) > 1:
            own.sort(key=sort_key)
        counts = dict.fromkeys(SEVERITY_ORDER, 0)
        for p in own:
            if p.severity in counts:
                counts[p.severity] += 1
        files.append(FileResult(s.file, file_status(own), s.unit or s.identity.get("unit") or None, s.year, s.period,
                                counts))
        problems.extend(own)
    known = {s.file for s in submissions}
    problems.extend(sorted([*(p for p in batch if p.file not in known), *skip_problems(skipped, expected_year,
                                                                                      expected_period)], key=sort_key))
    return ValidationReport(catalog.id, files, problems, submissions, max_problems, skipped)


MAX_NAMED = 5
SKIP_CODES = frozenset({"berkas-keluaran", "berkas-periode-lain", "berkas-tahun-lain"})


def skip_problems(skipped: list[UnitSubmission], year: int | None, period: str | None) -> Iterator[Problem]:
    """One info problem per reason a file was passed over: "15 berkas periode lain dilewati (TW1, TW3, TW4;
    dipilih TW2)", "2 berkas keluaran kinerja_xl dilewati: k.xlsx (buku kerja konsolidasi), ..."."""
    by_reason: dict[str, list[UnitSubmission]] = {}
    for s in skipped:
        by_reason.setdefault(s.skipped, []).append(s)
    for reason, files in by_reason.items():
        if reason == SKIP_OUTPUT:
            named = [f"{Path(s.file).name} ({output_label(s) or 'keluaran'})"
                     for s in files[:MAX_NAMED]]
            more = f", dan {len(files) - MAX_NAMED} lainnya" if len(files) > MAX_NAMED else ""
            yield problem("berkas-keluaran", count=len(files), files=", ".join(named) + more)
        elif reason == SKIP_PERIOD:
            found = sorted({s.period or "?" for s in files}, key=_period_order)
            yield problem("berkas-periode-lain", count=len(files), found=", ".join(found), chosen=period)
        elif reason == SKIP_YEAR:
            years = sorted({s.year for s in files if s.year is not None})
            yield problem("berkas-tahun-lain", count=len(files), found=", ".join(map(str, years)), chosen=year)


def output_label(submission: UnitSubmission) -> str | None:
    """What kind of kinerja_xl output a file passed over as one is ("buku kerja konsolidasi"; None: unknown)."""
    return OUTPUT_KINDS.get(submission.identity.get("keluaran", ""))


def _period_order(period: str) -> tuple[int, str]:
    return (PERIODS.index(period) if period in PERIODS else len(PERIODS), period)
