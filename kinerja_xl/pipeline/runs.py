"""One run of a command, from its inputs to what the user is told: the seam the CLI and the Excel buttons share.

Each ``*_run`` function reads the batch (the files named, folders expanded, kinerja_xl's own outputs and
files of another period or year passed over), does its work, writes its output through
:func:`~kinerja_xl.errors.writing` (every write error worded once, naming the file) and returns an
:class:`Outcome`: the validation report, the lines to show, the failures of single files, the machine
readable result and the exit code. The command line prints an outcome, a button shows it in a message box;
neither words a figure, a count or an error itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog.schema import Catalog
from ..errors import EXIT_UNREADABLE, NothingValid, OutputError, UsageError, writing
from ..model import SKIP_OUTPUT, UnitSubmission
from ..numbers import format_number
from ..unit_layout import period_label, period_span
from ..validate.report import ValidationReport
from .batch import gather, input_files
from .final import final_lookup, final_text
from .outputs import check_output
from .validation import ReadSettings, validate_files
from .write_back import validate_and_write

if TYPE_CHECKING:  # imported by the commands that use them: validasi and hitung start without them
    from ..compute.engine import Computation
    from .consolidation import Consolidation
    from .monitoring import Monitoring
    from .write_back import WriteBackResult

#: ``progress(label, total)``: a context manager giving the function to call once per item done (its line).
ProgressHook = Callable[[str, int], AbstractContextManager[Callable[[str], None]]]
#: What a workbook skipped because it is open adds on the command line (the lock file may be a leftover).
FORCE_HINT = "atau pakai --paksa bila berkas itu sebenarnya tidak sedang dibuka"


@contextlib.contextmanager
def no_progress(label: str, total: int) -> Iterator[Callable[[str], None]]:
    """The progress hook of a run nobody watches (the Excel buttons, tests)."""
    yield lambda line: None


@dataclass(frozen=True)
class RunRequest:
    """What a batch run reads: the inputs (files, folders, patterns), the read settings (catalog, the year
    and period chosen, limits), the worker processes, a rounding mode for this run and the run's own
    outputs, which are never read back as inputs."""

    inputs: tuple[str | Path, ...]
    settings: ReadSettings
    jobs: int = 1
    rounding: str | None = None
    exclude: tuple[Path | None, ...] = ()
    progress: ProgressHook = no_progress

    @property
    def catalog(self) -> Catalog:
        return self.settings.catalog


@dataclass
class Outcome:
    """What one run did: its validation report, the lines to show after the problems (files written, the
    capaian), the failures of single files (the batch went on), the failure of the run as a whole
    (``error``: nothing was written), the machine-readable result (``data``) and the exit code."""

    report: ValidationReport
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    error: str | None = None
    cause: BaseException | None = None  # what made ``error``: a front end may add its own hint
    data: Any = None
    written: list[Path] = field(default_factory=list)
    exit_code: int = 0

    def wrote(self, path: Path, detail: str = "") -> None:
        self.written.append(path)
        self.lines.append(f"ditulis: {path}" + (f" ({detail})" if detail else ""))

    def write(self, path: Path, write: Callable[[], object], detail: Callable[[], str] = lambda: "") -> bool:
        """Write the run's output; a file that cannot be written makes the run's ``error`` (exit 2), worded once
        by :func:`~kinerja_xl.errors.writing`, and the problems read are still shown."""
        try:
            with writing(path):
                write()
        except OutputError as exc:
            self.error, self.cause, self.exit_code = str(exc), exc, max(self.exit_code, EXIT_UNREADABLE)
            return False
        self.wrote(path, detail())
        return True

    def fail(self, text: str, exit_code: int) -> None:
        self.failures.append(text)
        self.exit_code = max(self.exit_code, exit_code)


# -- the lines every front end shows ----------------------------------------------------------------------

def capaian_line(computation: Computation) -> str:
    """"Capaian kinerja <instansi> tahun 2023: 107,25" (``s.d. Triwulan II 2023`` for a quarter): the one
    wording of the headline figure, with the policy's decimals."""
    from ..compute.engine import MINISTRY  # the engine's: validasi starts without it

    value = computation.shown(MINISTRY, "capaian")
    shown = "-" if value is None else format_number(value, computation.rounding.digits)
    return f"Capaian kinerja {computation.catalog.ministry} {period_span(computation.year, computation.period)}: " \
           f"{shown}"


def monitoring_line(monitoring: Monitoring) -> str:
    """"Capaian kinerja <instansi> 2023: TW1 98,10 · TW2 104,62 · …" (a period without files: its mark)."""
    from ..compute.engine import MINISTRY
    from ..plans.monitoring_data import MISSING

    shown = []
    for period in monitoring.periods:
        run = monitoring.runs.get(period)
        value = run.computation.shown(MINISTRY, "capaian") if run else None
        text = MISSING if run is None else "-" if value is None else format_number(
            value, run.computation.rounding.digits)
        shown.append(f"{period_label(period)} {text}")
    return f"Capaian kinerja {monitoring.catalog.ministry} {monitoring.year}: " + " · ".join(shown)


def version_lines(consolidation: Consolidation, output: Path, command: str, *, versions: bool = True) -> list[str]:
    """What an output says about versions once written: the final set of a locked period, the version of
    each unit (``versions``), and a warning when the ledger cannot record that ``output`` used them."""
    from ..plans.history_sheet import versions_line

    lines = [final_text(consolidation.batch.final)] if consolidation.batch.final is not None else []
    if versions:
        lines.append(f"Versi buku kerja unit: {versions_line(consolidation.history) or '-'}")
    warning = consolidation.record(output, command)
    if warning:
        lines.append(f"peringatan: {warning}")
    return lines


# -- reading ----------------------------------------------------------------------------------------------

def read_batch(request: RunRequest, *, expected_units: Sequence[str] | None = None,
               drop_repeats: bool = False) -> ValidationReport:
    """The files of the request read and checked, one progress line per file."""
    paths = input_files(request.inputs, request.catalog, request.exclude)
    with request.progress("Membaca", len(paths)) as advance:
        return some_read(validate_files(paths, request.settings, expected_units=expected_units, jobs=request.jobs,
                                        drop_repeats=drop_repeats, on_file=lambda s: advance(s.file)))


def some_read(report: ValidationReport) -> ValidationReport:
    """``report``, unless every file it met was passed over (another year or period than the one chosen, or a
    kinerja_xl output): then :class:`~kinerja_xl.errors.UsageError` saying what was passed over, since a run with
    nothing to read (an empty consolidation, "0 berkas" and exit 0) only hides a filter that chose nothing."""
    if report.files or not report.skipped:
        return report
    passed = " ".join(line.rstrip(".") + "." for line in report.skip_notes())
    filtered = any(s.skipped != SKIP_OUTPUT for s in report.skipped)
    hint = "Periksa --tahun dan --periode." if filtered else "Sebutkan folder atau berkas buku kerja isian unit."
    raise UsageError(f"tidak ada buku kerja unit yang dibaca: {passed} {hint}")


def all_units(request: RunRequest) -> list[str]:
    return [u.code for u in request.catalog.units]


def named_files(request: RunRequest, *more: str | Path | None) -> list[str | Path | None]:
    """What a run reads by name, which its output must never replace: the inputs named (folders and patterns
    are passed over by :func:`~.outputs.check_output`), the catalog's file and ``more``."""
    return [*request.inputs, request.catalog.source, *more]


# -- validasi ---------------------------------------------------------------------------------------------

def validation_run(request: RunRequest, *, expected_units: Sequence[str] | None = None, sheets: bool = False,
                   force: bool = False) -> Outcome:
    """``validasi``: every file checked (no figures kept); with ``sheets`` each workbook that could be read gets
    its *Validasi* sheet, spliced into the bytes that were checked (each file read once)."""
    settings = replace(request.settings, figures=False)
    if not sheets:
        report = read_batch(replace(request, settings=settings), expected_units=expected_units)
        return Outcome(report, exit_code=report.exit_code, data=report.to_dict())
    paths = input_files(request.inputs, request.catalog, request.exclude)
    with request.progress("Membaca", len(paths)) as advance:
        report, results = validate_and_write(paths, settings, jobs=request.jobs, force=force, only_validation=True,
                                             expected_units=expected_units, on_file=lambda s, r: advance(s.file))
    some_read(report)
    outcome = Outcome(report, exit_code=report.exit_code, data=report.to_dict())
    for result in results.values():
        if not _failed(outcome, result, f"lembar Validasi tidak ditulis ke {result.file}: ", "Berkas tidak berubah."):
            outcome.lines.append(f"lembar Validasi ditulis: {result.file}")
    return outcome


def _failed(outcome: Outcome, result: WriteBackResult, lead: str, unchanged: str) -> bool:
    """A file a write-back did not write, worded per file (the batch goes on): open elsewhere, or failed (a
    write error already says the old file is intact; otherwise ``unchanged`` says so). False when written."""
    if result.locked:
        outcome.fail(f"dilewati: {result.error}, {FORCE_HINT} (berkas tidak berubah)", EXIT_UNREADABLE)
    elif result.error:
        error = result.error if result.error.endswith((".", "!", "?")) else result.error + "."  # one sentence each
        outcome.fail(lead + error + ("" if "tidak berubah" in error else " " + unchanged), EXIT_UNREADABLE)
    else:
        return False
    return True


# -- hitung -----------------------------------------------------------------------------------------------

def compute_run(request: RunRequest, *, outdir: Path | None = None, write: bool = True, force: bool = False,
                figures: bool = False) -> Outcome:
    """``hitung``: *Hasil* and *Validasi* into every readable workbook (copies in ``outdir``); ``figures``:
    the consolidated figures as data too.

    Each file is read once, checked and written (:func:`~.write_back.validate_and_write`); without ``figures``
    its figures are dropped once it is written, so memory stays flat in the number of files."""
    settings = replace(request.settings, figures=figures)
    if not write:
        report = read_batch(replace(request, settings=settings))
        outcome = Outcome(report, exit_code=report.exit_code)
    else:
        paths = input_files(request.inputs, request.catalog, request.exclude)
        with request.progress("Menulis Hasil", len(paths)) as advance:
            report, results = validate_and_write(
                paths, settings, outdir=outdir, jobs=request.jobs, force=force,
                on_file=lambda s, r: advance(f"{s.file}: {r.status_text() if r is not None else _not_written(s)}"))
        some_read(report)
        outcome = Outcome(report, exit_code=report.exit_code)
        for result in results.values():
            if _failed(outcome, result, f"{result.file}: Hasil tidak ditulis. ", "Berkas asli tidak berubah."):
                continue
            if not result.results:
                outcome.lines.append(f"Hasil TIDAK ditulis untuk {result.file}: ada galat, atau baris/lembar Isian "
                                     "yang berpindah atau berubah (peringatan struktur), sehingga rumus Hasil akan "
                                     "merujuk sel yang salah; lihat lembar Validasi.")
        written = sum(1 for r in results.values() if r.error is None and r.results)
        outcome.lines.append(f"Lembar Hasil ditulis ke {written} buku kerja" + (f" di {outdir}" if outdir else "")
                             + ".")
    if figures:
        from .consolidation import consolidate

        consolidation = consolidate(report, request.catalog, year=settings.expected_year,
                                    period=settings.expected_period, rounding=request.rounding)
        outcome.data = consolidation.tree()
    return outcome


def _not_written(submission: UnitSubmission) -> str:
    """Why a file of ``hitung`` gets no result sheets, as its progress line says it."""
    return "dilewati" if submission.skipped else "tidak terbaca, tidak ditulis"


# -- konsolidasi, pantau ------------------------------------------------------------------------------------

def consolidation_run(request: RunRequest, output: Path) -> Outcome:
    """``konsolidasi`` and the *Konsolidasi* button: the units of one year and period in one workbook."""
    from .consolidation import consolidate, write_consolidation

    check_output(output, "konsolidasi", named_files(request))
    settings = request.settings
    report = read_batch(request, expected_units=all_units(request), drop_repeats=True)
    consolidation = consolidate(report, request.catalog, year=settings.expected_year,
                                period=settings.expected_period, rounding=request.rounding)
    # the figures, and the versions they come from as the workbook's Riwayat sheet states them
    outcome = Outcome(report, exit_code=report.exit_code,
                      data={**consolidation.tree(), "riwayat": consolidation.history.to_data()})
    if outcome.write(output, lambda: write_consolidation(consolidation, output)):
        outcome.lines.extend(version_lines(consolidation, output, "konsolidasi"))
        outcome.lines.append(capaian_line(consolidation.computation))
    return outcome


def monitoring_run(request: RunRequest, output: Path) -> Outcome:
    """``pantau`` and the *Pemantauan* button: every period of one year in one workbook."""
    from .monitoring import monitor, validate_for_monitoring, write_monitoring

    check_output(output, "pemantauan", named_files(request))
    paths = input_files(request.inputs, request.catalog, request.exclude)
    with request.progress("Membaca", len(paths)) as advance:
        report, year = validate_for_monitoring(paths, request.settings, jobs=request.jobs,
                                               on_file=lambda s: advance(s.file))
    some_read(report)
    monitoring = monitor(report, request.catalog, year=year, rounding=request.rounding)
    outcome = Outcome(report, exit_code=report.exit_code, data=monitoring.tree())
    if outcome.write(output, lambda: write_monitoring(monitoring, output)):
        for consolidation in monitoring.runs.values():
            outcome.lines.extend(version_lines(consolidation, output, "pantau", versions=False))
        outcome.lines.append(monitoring_line(monitoring))
    return outcome


# -- laporan, reviu, ekspor ---------------------------------------------------------------------------------

def report_run(request: RunRequest, output: Path, *, reported: Path | None = None) -> Outcome:
    """``laporan``: the Word draft of the valid workbooks of one year and period; with no usable workbook,
    an outcome with ``error`` and nothing written."""
    from ..plans.report import REASONS
    from .report import draft_report, write_report

    check_output(output, None, named_files(request, reported))
    settings = request.settings
    report = read_batch(replace(request, exclude=(*request.exclude, reported)), expected_units=all_units(request))
    outcome = Outcome(report, exit_code=report.exit_code)
    try:
        draft = draft_report(report, request.catalog, year=settings.expected_year, period=settings.expected_period,
                             rounding=request.rounding, reported=reported)
    except NothingValid as exc:
        outcome.error, outcome.exit_code = str(exc), exc.exit_code
        return outcome
    for excluded in draft.excluded:
        outcome.lines.append(f"tidak diikutkan: {excluded.unit} ({request.catalog.unit(excluded.unit).name}): "
                             f"{REASONS[excluded.reason]}")
    plan = draft.plan
    if outcome.write(output, lambda: write_report(draft, output),
                     lambda: f"{len(plan.tables())} tabel, {len(plan.figures())} gambar, "
                             f"{len(plan.placeholders())} paragraf diisi penyusun"):
        outcome.lines.extend(version_lines(draft.consolidation, output, "laporan"))
        outcome.lines.append(capaian_line(draft.consolidation.computation))
        outcome.data = draft.consolidation.tree()
    return outcome


def review_run(request: RunRequest, reported: Path, *, output: Path | None = None, layout: str | None = None,
               tolerance: Decimal = Decimal("0.01")) -> Outcome:
    """``reviu``: every printed figure of the *Dilaporkan* file against the recomputation; exit 1 with
    findings."""
    from .report import review_draft

    if output is not None:
        check_output(output, "reviu", named_files(request, reported, layout))
    settings = request.settings
    report = read_batch(replace(request, exclude=(*request.exclude, output)), expected_units=all_units(request))
    batch = gather(report, year=settings.expected_year, period=settings.expected_period, final=final_lookup(report))
    result = review_draft(request.catalog, reported, batch, rounding=request.rounding, layout=layout,
                          tolerance=tolerance)
    outcome = Outcome(report, data=result.to_dict(),
                      exit_code=max(report.exit_code, 1 if result.findings else 0))
    if not result.layout:
        outcome.lines.append("Tata letak reviu: tidak ada tata letak reviu untuk katalog ini; yang diperiksa tabel "
                             "umum (tabel capaian dan riwayat setiap indikator). Tata letak lain: --tata-letak "
                             "BERKAS.")
    for f in result.findings:
        printed, recomputed = f.shown()
        outcome.lines.append(f"{f.klasifikasi:<16} {f.kode:<40} dicetak {printed:>20}  dihitung {recomputed:>20}  "
                             f"{f.catatan}")
    counts = result.counts()
    outcome.lines.append(f"Reviu: {len(result.findings)} temuan — "
                         + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")
    if output is not None:
        from ..render.review_sheet import write_review_workbook

        outcome.write(output, lambda: write_review_workbook(result, output))
    return outcome


def export_run(request: RunRequest, output: Path, *, dialect: str = "indonesia") -> Outcome:
    """``ekspor``: one row per unit × indicator × period, every period and year of the batch (or the chosen
    ones), as CSV (``dialect``: see :data:`~.export.CSV_DIALECTS`), JSON, Parquet or .xlsx."""
    from .export import check_format, consolidations, tidy_table, write_table

    check_format(output)
    check_output(output, "ekspor" if output.suffix.lower() == ".xlsx" else None, named_files(request))
    settings = request.settings
    report = read_batch(request)
    found = consolidations(report, request.catalog, year=settings.expected_year, period=settings.expected_period,
                           rounding=request.rounding)
    rows = [row for consolidation in found for row in tidy_table(consolidation)]
    outcome = Outcome(report, exit_code=report.exit_code)
    if outcome.write(output, lambda: write_table(rows, output, dialect=dialect), lambda: f"{len(rows)} baris"):
        # a locked period is exported from its final versions: said as every consolidation says it
        outcome.lines.extend(final_text(c.batch.final) for c in found if c.batch.final is not None)
    return outcome

