"""The batch commands: validasi, hitung, konsolidasi, ekspor (thin: the work is in the pipeline)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from .app import EXIT_UNREADABLE, batch_options, cli, json_option, load_catalog_or_fail, rounding_option
from .output import Progress, json_to_stdout, print_problems, print_summary, say, write_json


def run_validation(masukan: tuple[str, ...], catalog: Any, jobs: int, expected_units: Any = None,
                   keep_values: bool = True, year: int | None = None, period: str | None = None,
                   exclude: Path | None = None) -> Any:
    from .. import pipeline

    paths, missing = pipeline.collect_inputs(masukan)
    if exclude is not None:  # the command's own output (e.g. a previous laporan.xlsx in the same folder)
        own = exclude.resolve()
        paths = [p for p in paths if p.resolve() != own]
    if missing:
        raise UsageError("tidak ditemukan: " + ", ".join(missing) + ". Sebutkan berkas, folder atau pola (*.xlsx).")
    progress = Progress(len(paths), "Membaca")

    def on_file(submission: Any) -> None:
        progress.advance(submission.file)

    try:
        report = pipeline.validate(paths, catalog, jobs=jobs, expected_units=expected_units, keep_values=keep_values,
                                   expected_year=year, expected_period=period, on_file=on_file)
    finally:
        progress.close()
    return report



def gather_one_period(report: Any, year: int | None, period: str | None) -> Any:
    """The batch of one year and period, or a clear message when the files mix several."""
    from .. import pipeline

    return pipeline.gather(report, year=year, period=period)  # MixedPeriods: worded by cli.main


def consolidated_run(masukan: tuple[str, ...], catalog: Any, jobs: int, year: int | None, period: str | None,
                     rounding: str | None, *, expected_units: Any = None, exclude: Path | None = None) -> Any:
    """Validate, report the problems, gather one year/period and compute: (report, batch, computation)."""
    from .. import pipeline

    report = run_validation(masukan, catalog, jobs, expected_units, year=year, period=period, exclude=exclude)
    print_problems(report)
    batch = gather_one_period(report, year, period)
    return report, batch, pipeline.consolidate(batch, catalog, rounding=rounding_policy(catalog, rounding))



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
    from .. import pipeline
    from ..compute.results import result_tree

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
    from .. import pipeline
    from ..compute.engine import MINISTRY
    from ..compute.results import result_tree

    catalog = load_catalog_or_fail(catalog_path)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"berkas keluaran harus .xlsx: {output}")
    start = time.perf_counter()
    report, batch, computation = consolidated_run(masukan, catalog, jobs, tahun, periode, pembulatan,
                                                  expected_units=[u.code for u in catalog.units], exclude=output)
    try:
        pipeline.write_consolidated_workbook(computation, batch, output)
    except OSError as exc:
        raise UsageError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
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
    from ..compute.tidy import COLUMNS, tidy_rows

    suffix = output.suffix.lower()
    if suffix not in (".csv", ".json", ".parquet"):
        raise UsageError(f"format keluaran tidak dikenal: {output.name} (pakai .csv, .json atau .parquet)")
    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    report, batch, computation = consolidated_run(masukan, catalog, jobs, tahun, periode, pembulatan)
    per_unit = [(s.unit, s.period or "tahunan", {v.ref: v.value for v in batch.per_file[s.file]})
                for s in report.submissions if s.readable and s.file in batch.per_file
                and (s.year, s.period or "tahunan") == (batch.year, batch.period)]
    rows = tidy_rows(catalog, per_unit, computation)
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    from ..atomic import atomic_write

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
                    raise UsageError("ekspor Parquet membutuhkan pyarrow: pip install pyarrow") from exc
    except OSError as exc:
        raise UsageError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
    say(f"ditulis: {output} ({len(frame)} baris)")
    print_summary(report, time.perf_counter() - start)
    sys.exit(report.exit_code)

