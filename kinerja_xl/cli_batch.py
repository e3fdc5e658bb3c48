"""Batch commands of the CLI: validasi, hitung, konsolidasi, ekspor (thin: the work is in pipeline)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from .cli import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, UserError, catalog_option, cli, load_catalog_or_fail

STATUS_LABELS = {"ok": "valid", "peringatan": "valid, ada peringatan", "invalid": "TIDAK VALID",
                 "unreadable": "TIDAK TERBACA"}
STATUS_MARKS = {"ok": "✓", "peringatan": "!", "invalid": "✗", "unreadable": "✗"}


class _Output:
    """Human-readable lines go to stdout, or to stderr when stdout carries JSON (``--json -``)."""

    to_stderr = False


def say(text: str) -> None:
    click.echo(text, err=_Output.to_stderr)


def json_to_stdout(path: Path | None) -> None:
    _Output.to_stderr = path is not None and str(path) == "-"


def default_jobs() -> int:
    import os

    return max(1, os.cpu_count() or 1)


inputs_argument = click.argument("masukan", nargs=-1, required=True)
jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=default_jobs,
                           show_default="jumlah inti CPU", metavar="N",
                           help="Jumlah proses paralel.")
json_option = click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
                           help="Tulis keluaran JSON ke BERKAS ('-' untuk layar).")
year_option = click.option("--tahun", type=click.IntRange(1900, 2200), metavar="TAHUN",
                           help="Tahun berkas yang diproses. Bawaan: tahun katalog.")
period_option = click.option("--periode", type=click.Choice(["TW1", "TW2", "TW3", "TW4", "tahunan"]),
                             help="Periode berkas yang diproses (berkas periode lain ditandai galat).")
def batch_options(func: Any) -> Any:
    """MASUKAN, --catalog, --tahun, --periode and --jobs: the options every batch command shares."""
    for option in reversed((inputs_argument, catalog_option, year_option, period_option, jobs_option)):
        func = option(func)
    return func


rounding_option = click.option("--pembulatan", type=click.Choice(["bertahap", "tanpa_antara"]),
                               help="Ganti aturan pembulatan katalog untuk proses ini.")


class Progress:
    """A progress bar on a terminal, one plain line per file otherwise (logs, CI, tests)."""

    def __init__(self, total: int, label: str):
        self.total = total
        self.done = 0
        self.label = label
        self.bar: Any = None
        if sys.stderr.isatty() and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TimeElapsedColumn

            self.bar = RichProgress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                                    TimeElapsedColumn(), transient=True, console=_console(stderr=True))
            self.task = self.bar.add_task(label, total=total)
            self.bar.start()

    def advance(self, line: str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.advance(self.task)
        else:
            click.echo(f"[{self.done}/{self.total}] {line}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def run_validation(masukan: tuple[str, ...], catalog: Any, jobs: int, expected_units: Any = None,
                   keep_values: bool = True, year: int | None = None, period: str | None = None,
                   exclude: Path | None = None) -> Any:
    from . import pipeline

    paths, missing = pipeline.collect_inputs(masukan)
    if exclude is not None:  # the command's own output (e.g. a previous laporan.xlsx in the same folder)
        own = exclude.resolve()
        paths = [p for p in paths if p.resolve() != own]
    if missing:
        raise UserError("tidak ditemukan: " + ", ".join(missing) + ". Sebutkan berkas, folder atau pola (*.xlsx).")
    progress = Progress(len(paths), "Membaca")

    def on_file(submission: Any) -> None:
        progress.advance(submission.file)

    try:
        report = pipeline.validate(paths, catalog, jobs=jobs, expected_units=expected_units, keep_values=keep_values,
                                   expected_year=year, expected_period=period, on_file=on_file)
    finally:
        progress.close()
    return report


def print_problems(report: Any) -> None:
    """Problems grouped per file: a rich table on a terminal, stable plain lines otherwise."""
    if not report.problems:
        return
    if sys.stdout.isatty() and not _Output.to_stderr:
        from rich.table import Table

        table = Table("Tingkat", "Kode", "Berkas", "Sel", "Pesan", show_lines=False)
        for p in report.problems:
            table.add_row(p.severity, p.code, Path(p.file).name if p.file else "-",
                          f"{p.sheet}!{p.cell}" if p.cell else p.sheet or "-", p.message)
        _console().print(table)
        return
    for p in report.problems:
        where = f"{Path(p.file).name if p.file else '-'}" + (f" {p.sheet}!{p.cell}" if p.cell else "")
        say(f"{p.severity:<10} {p.code:<26} {where}: {p.message}")


def print_summary(report: Any, seconds: float) -> None:
    counts = {s: sum(1 for f in report.files if f.status == s) for s in STATUS_LABELS}
    severities = report.counts_by_severity()
    say(f"Ringkasan: {len(report.files)} berkas — {counts['ok']} valid, {counts['peringatan']} valid dengan "
               f"peringatan, {counts['invalid']} tidak valid, {counts['unreadable']} tidak terbaca; "
               f"{severities['galat']} galat, {severities['peringatan']} peringatan, {severities['info']} info "
               f"({_seconds(seconds)}).")
    bad = [f for f in report.files if f.status in ("invalid", "unreadable")]
    for f in bad:
        say(f"  {STATUS_MARKS[f.status]} {f.file}: {STATUS_LABELS[f.status]}")


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " detik"


def gather_one_period(report: Any, year: int | None, period: str | None) -> Any:
    """The batch of one year and period, or a clear message when the files mix several."""
    from . import pipeline

    try:
        return pipeline.gather(report, year=year, period=period)
    except pipeline.MixedPeriods as exc:
        combos = ", ".join(f"{y} {p}" for y, p in exc.combos)
        raise UserError(f"berkas mencakup beberapa tahun/periode ({combos}); konsolidasi memerlukan satu. "
                        "Pilih dengan --tahun dan --periode, atau pisahkan berkasnya.", EXIT_INVALID) from exc


def consolidated_run(masukan: tuple[str, ...], catalog: Any, jobs: int, year: int | None, period: str | None,
                     rounding: str | None, *, expected_units: Any = None, exclude: Path | None = None) -> Any:
    """Validate, report the problems, gather one year/period and compute: (report, batch, computation)."""
    from . import pipeline

    report = run_validation(masukan, catalog, jobs, expected_units, year=year, period=period, exclude=exclude)
    print_problems(report)
    batch = gather_one_period(report, year, period)
    return report, batch, pipeline.consolidate(batch, catalog, rounding=rounding_policy(catalog, rounding))


def write_json(path: Path | None, data: Any) -> None:
    if path is None:
        return
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if str(path) == "-":
        click.echo(text)
        return
    from .atomic import atomic_write

    try:
        with atomic_write(path) as tmp:
            tmp.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"tidak dapat menulis {path}: {exc.strerror or exc}") from exc
    say(f"ditulis: {path}")


def rounding_policy(catalog: Any, mode: str | None) -> Any:
    if mode is None:
        return None
    from dataclasses import replace

    return replace(catalog.rounding, mode=mode)


@cli.command("validasi")
@batch_options
@click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Tulis laporan validasi sebagai JSON ke BERKAS ('-' untuk layar).")
@click.option("--tulis-lembar", is_flag=True, help="Tulis lembar Validasi ke setiap buku kerja (hanya lembar itu).")
@click.option("--harap-unit", "expected_units", metavar="KODE,...",
              help="Daftar unit yang wajib ada, dipisah koma (mis. SETJEN,ITJEN).")
def validate_command(masukan: tuple[str, ...], catalog_path: Path | None,
                     tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                     tulis_lembar: bool, expected_units: str | None) -> None:
    """Periksa buku kerja unit: setiap masalah dengan berkas, lembar dan sel.

    MASUKAN: berkas, folder (rekursif) atau pola seperti 'laporan/*.xlsx'.
    """
    json_to_stdout(json_path)
    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    units = [u.strip() for u in expected_units.split(",")] if expected_units else None
    report = run_validation(masukan, catalog, jobs, units, keep_values=False, year=tahun, period=periode)
    print_problems(report)
    exit_code = report.exit_code
    if tulis_lembar:
        for f in report.files:
            if f.status != "unreadable":
                try:
                    report.write_sheet(f.file)
                    say(f"lembar Validasi ditulis: {f.file}")
                except OSError as exc:
                    click.echo(f"gagal menulis lembar Validasi ke {f.file}: {exc.strerror or exc}", err=True)
                    exit_code = max(exit_code, EXIT_UNREADABLE)
    write_json(json_path, report.to_dict())
    print_summary(report, time.perf_counter() - start)
    sys.exit(exit_code)


@cli.command("hitung")
@batch_options
@json_option
@rounding_option
@click.option("--keluaran", "outdir", type=click.Path(path_type=Path, file_okay=False), metavar="FOLDER",
              help="Tulis salinan ke FOLDER ini, bukan mengganti berkas asli.")
@click.option("--tanpa-tulis-balik", is_flag=True, help="Hanya hitung (dan --json); jangan ubah buku kerja.")
def compute_command(masukan: tuple[str, ...], catalog_path: Path | None,
                    tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                    pembulatan: str | None, outdir: Path | None, tanpa_tulis_balik: bool) -> None:
    """Hitung realisasi dan capaian; tulis lembar Hasil dan Validasi ke buku kerja unit."""
    json_to_stdout(json_path)
    from . import pipeline
    from .compute.results import result_tree

    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    report = run_validation(masukan, catalog, jobs, year=tahun, period=periode)
    print_problems(report)
    batch = pipeline.gather(report, year=tahun, period=periode, one_period=False)  # each file its own Hasil
    exit_code = report.exit_code
    if not tanpa_tulis_balik:
        progress = Progress(len(batch.per_file), "Menulis Hasil")

        def on_file(path: str, error: str | None) -> None:
            progress.advance(f"{path}: {'GAGAL ' + error if error else 'Hasil ditulis'}")

        try:
            outcomes = pipeline.write_back(batch, catalog, outdir=outdir, jobs=jobs, on_file=on_file)
        except pipeline.OutputClash as exc:
            raise UserError("beberapa masukan bernama sama dan akan saling menimpa di --keluaran: "
                            + ", ".join(exc.names) + ". Pisahkan ke folder keluaran berbeda.") from exc
        finally:
            progress.close()
        blocked = {s.file for s in report.submissions
                   if s.readable and pipeline.result_blockers(report.problems_of(s.file))}
        for path, error in outcomes.items():
            if error:
                click.echo(f"gagal menulis {path}: {error} (berkas asli tidak berubah)", err=True)
                exit_code = max(exit_code, EXIT_UNREADABLE)
            elif path in blocked:
                say(f"Hasil TIDAK ditulis untuk {path}: ada galat isian atau struktur; lihat lembar Validasi.")
        written = sum(1 for f, e in outcomes.items() if e is None and f not in blocked)
        say(f"Lembar Hasil ditulis ke {written} buku kerja" + (f" di {outdir}" if outdir else "") + ".")
    if json_path is not None:
        one = gather_one_period(report, tahun, periode)
        computation = pipeline.consolidate(one, catalog, rounding=rounding_policy(catalog, pembulatan))
        write_json(json_path, result_tree(computation))
    print_summary(report, time.perf_counter() - start)
    sys.exit(exit_code)


@cli.command("konsolidasi")
@batch_options
@json_option
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Buku kerja kementerian yang ditulis, mis. out/laporan-kinerja-2023.xlsx.")
def build_command(masukan: tuple[str, ...], catalog_path: Path | None,
                  tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                  pembulatan: str | None, output: Path) -> None:
    """Buat buku kerja kementerian (tabel Laporan Kinerja dan grafik) dari semua unit."""
    json_to_stdout(json_path)
    from . import pipeline
    from .compute.engine import MINISTRY
    from .compute.results import result_tree

    catalog = load_catalog_or_fail(catalog_path)
    if output.suffix.lower() != ".xlsx":
        raise UserError(f"berkas keluaran harus .xlsx: {output}")
    start = time.perf_counter()
    report, batch, computation = consolidated_run(masukan, catalog, jobs, tahun, periode, pembulatan,
                                                  expected_units=[u.code for u in catalog.units], exclude=output)
    try:
        pipeline.write_consolidated_workbook(computation, batch, output)
    except OSError as exc:
        raise UserError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
    say(f"ditulis: {output}")
    value = computation.shown(MINISTRY, "capaian")
    shown = "-" if value is None else f"{value}".replace(".", ",")
    say(f"Capaian kinerja {catalog.ministry} {computation.year}: {shown}")
    write_json(json_path, result_tree(computation))
    print_summary(report, time.perf_counter() - start)
    sys.exit(report.exit_code)


@cli.command("ekspor")
@batch_options
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Berkas .csv, .json atau .parquet.")
def export_command(masukan: tuple[str, ...], catalog_path: Path | None,
                   tahun: int | None, periode: str | None, jobs: int, pembulatan: str | None,
                   output: Path) -> None:
    """Ekspor angka konsolidasi untuk analis: satu baris per unit × indikator × periode."""
    from .compute.tidy import COLUMNS, tidy_rows

    suffix = output.suffix.lower()
    if suffix not in (".csv", ".json", ".parquet"):
        raise UserError(f"format keluaran tidak dikenal: {output.name} (pakai .csv, .json atau .parquet)")
    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    report, batch, computation = consolidated_run(masukan, catalog, jobs, tahun, periode, pembulatan)
    per_unit = [(s.unit, s.period or "tahunan", {v.ref: v.value for v in batch.per_file[s.file]})
                for s in report.submissions if s.readable and s.file in batch.per_file
                and (s.year, s.period or "tahunan") == (batch.year, batch.period)]
    rows = tidy_rows(catalog, per_unit, computation)
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    from .atomic import atomic_write

    try:
        with atomic_write(output) as tmp:
            if suffix == ".csv":
                frame.to_csv(tmp, index=False)
            elif suffix == ".json":
                frame.to_json(tmp, orient="records", force_ascii=False, indent=2)
            else:
                try:
                    frame.to_parquet(tmp, index=False)
                except ImportError as exc:
                    raise UserError("ekspor Parquet membutuhkan pyarrow: pip install pyarrow") from exc
    except OSError as exc:
        raise UserError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
    say(f"ditulis: {output} ({len(frame)} baris)")
    print_summary(report, time.perf_counter() - start)
    sys.exit(report.exit_code)


def _id_number(value: Any) -> str:
    """A Decimal in Indonesian notation with its own number of decimals; '-' when missing."""
    if value is None:
        return "-"
    from .numbers import show_number

    return show_number(value, None)


@cli.command("reviu")
@batch_options
@json_option
@click.option("--dilaporkan", "reported", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Buku kerja Dilaporkan (.xlsx) atau .yaml berisi angka tercetak di draf laporan.")
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Tulis lembar Reviu ke buku kerja .xlsx ini.")
@click.option("--toleransi", type=str, default="0.01", show_default=True, metavar="ANGKA",
              help="Selisih terkecil yang dilaporkan (mis. 0,01).")
@click.option("--tata-letak", "layout", type=str, metavar="BERKAS|ID",
              help="Tata letak tabel laporan (.yaml atau id bawaan). Bawaan: dari berkas Dilaporkan/katalog.")
@rounding_option
def review_command(masukan: tuple[str, ...], catalog_path: Path | None,
                   tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                   reported: Path, output: Path | None, toleransi: str, pembulatan: str | None,
                   layout: str | None) -> None:
    """Reviu draf laporan: bandingkan setiap angka tercetak dengan hasil hitung ulang."""
    json_to_stdout(json_path)
    from .numbers import parse_number

    catalog = load_catalog_or_fail(catalog_path)
    tolerance = parse_number(toleransi.replace(".", ",") if toleransi.count(".") == 1 else toleransi)
    if tolerance.value is None or tolerance.value < 0:
        raise UserError(f"toleransi tidak valid: {toleransi}")
    if not reported.exists():
        raise UserError(f"berkas Dilaporkan tidak ada: {reported}")
    start = time.perf_counter()
    report = run_validation(masukan, catalog, jobs, [u.code for u in catalog.units], year=tahun, period=periode,
                            exclude=output)
    batch = gather_one_period(report, tahun, periode)
    from .review import review_files

    try:
        result = review_files(catalog, reported, batch.inputs(), layout=layout, tolerance=tolerance.value,
                              rounding=pembulatan or catalog.rounding.mode)
    except (OSError, ValueError) as exc:
        raise UserError(f"berkas Dilaporkan tidak dapat dibaca: {exc}") from exc
    for f in result.findings:
        printed, recomputed = _id_number(f.dicetak), _id_number(f.dihitung)
        say(f"{f.klasifikasi:<16} {f.kode:<40} dicetak {printed:>20}  dihitung {recomputed:>20}  {f.catatan}")
    counts = result.counts()
    say(f"Reviu: {len(result.findings)} temuan — " + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")
    if output is not None:
        from .render.review_sheet import write_review_workbook

        try:
            write_review_workbook(result, output)
        except OSError as exc:
            raise UserError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
        say(f"ditulis: {output}")
    if json_path is not None:
        write_json(json_path, json.loads(result.to_json()))
    print_summary(report, time.perf_counter() - start)
    sys.exit(max(report.exit_code, EXIT_INVALID if result.findings else EXIT_OK))


__all__ = ["EXIT_INVALID", "EXIT_OK"]
