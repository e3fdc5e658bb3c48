"""The batch commands: validasi, hitung, konsolidasi, ekspor (thin: the work is in the pipeline)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from ..errors import KinerjaXlError, UsageError, WorkbookLockedError
from .app import EXIT_UNREADABLE, batch_options, cli, json_option, load_catalog_or_fail, rounding_option
from .output import Progress, echo, json_to_stdout, print_problems, print_summary, say, write_json


def input_paths(masukan: tuple[str, ...], exclude: Path | None = None) -> list[Path]:
    """The files named by MASUKAN (folders and patterns expanded), without the command's own output."""
    from .. import pipeline

    paths, missing = pipeline.collect_inputs(masukan)
    if exclude is not None:
        own = exclude.resolve()
        paths = [p for p in paths if p.resolve() != own]
    if missing:
        raise UsageError("tidak ditemukan: " + ", ".join(missing) + ". Sebutkan berkas, folder atau pola (*.xlsx).")
    return paths


def run_validation(masukan: tuple[str, ...], catalog: Any, jobs: int, expected_units: Any = None,
                   keep_values: bool = True, year: int | None = None, period: str | None = None,
                   exclude: Path | None = None, drop_repeats: bool = False) -> Any:
    """Expand the inputs and validate them with a progress line per file; the command's own output
    (``exclude``, e.g. an earlier laporan.xlsx in the same folder) is not read back; ``drop_repeats``:
    see :func:`kinerja_xl.pipeline.read_submissions`."""
    from .. import pipeline

    paths = input_paths(masukan, exclude)
    progress = Progress(len(paths), "Membaca")
    try:
        return pipeline.validate_files(paths, catalog, jobs=jobs, expected_units=expected_units,
                                       keep_values=keep_values, expected_year=year, expected_period=period,
                                       drop_repeats=drop_repeats,
                                       on_file=lambda submission: progress.advance(submission.file))
    finally:
        progress.close()


#: What a skipped workbook's message adds on the command line (the lock file may be left over from a crash).
FORCE_HINT = "atau pakai --paksa bila berkas itu sebenarnya tidak sedang dibuka"

force_option = click.option(
    "--paksa", "force", is_flag=True,
    help="Tulis juga buku kerja yang tampak sedang dibuka di Excel atau LibreOffice (ada berkas kunci ~$NAMA "
         "atau .~lock.NAMA# di sampingnya); Excel akan menimpanya bila berkas itu disimpan dari sana.")


def consolidated_run(masukan: tuple[str, ...], catalog: Any, jobs: int, year: int | None, period: str | None,
                     rounding: str | None, *, expected_units: Any = None, exclude: Path | None = None) -> Any:
    """Validate, print the problems, then consolidate one year and period (a pipeline Consolidation)."""
    from .. import pipeline

    report = run_validation(masukan, catalog, jobs, expected_units, year=year, period=period, exclude=exclude,
                            drop_repeats=True)
    print_problems(report)
    return pipeline.consolidate(report, catalog, year=year, period=period, rounding=rounding)


@cli.command("validasi")
@batch_options
@click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Tulis laporan validasi sebagai JSON ke BERKAS ('-' untuk layar).")
@click.option("--tulis-lembar", is_flag=True, help="Tulis lembar Validasi ke setiap buku kerja (hanya lembar itu).")
@click.option("--harap-unit", "expected_units", metavar="KODE,...",
              help="Daftar unit yang wajib ada, dipisah koma (mis. SETJEN,ITJEN).")
@force_option
def validate_command(masukan: tuple[str, ...], catalog_path: Path | None,
                     tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                     tulis_lembar: bool, expected_units: str | None, force: bool) -> None:
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
        from ..pipeline import write_validation_sheet

        for f in report.files:
            if f.status != "unreadable":
                try:
                    write_validation_sheet(report, f.file, force=force)
                    say(f"lembar Validasi ditulis: {f.file}")
                except WorkbookLockedError as exc:
                    echo(f"dilewati: {exc}, {FORCE_HINT} (berkas tidak berubah)", err=True)
                    exit_code = max(exit_code, EXIT_UNREADABLE)
                except (OSError, KinerjaXlError) as exc:
                    reason = (exc.strerror or exc) if isinstance(exc, OSError) else exc
                    echo(f"gagal menulis lembar Validasi ke {f.file}: {reason} (berkas tidak berubah)", err=True)
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
@force_option
def compute_command(masukan: tuple[str, ...], catalog_path: Path | None,
                    tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                    pembulatan: str | None, outdir: Path | None, tanpa_tulis_balik: bool, force: bool) -> None:
    """Hitung realisasi dan capaian; tulis lembar Hasil dan Validasi ke buku kerja unit."""
    json_to_stdout(json_path)
    from .. import pipeline

    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    # Without --json no figure is needed for the batch as a whole: each file's are read again while it is
    # written, so memory stays flat in the number of files.
    keep = json_path is not None
    report = run_validation(masukan, catalog, jobs, year=tahun, period=periode, keep_values=keep)
    print_problems(report)
    exit_code = report.exit_code
    if not tanpa_tulis_balik:
        progress = Progress(sum(1 for s in report.submissions if s.readable), "Menulis Hasil")

        def on_file(result: Any) -> None:
            progress.advance(f"{result.file}: {_outcome(result)}")

        try:
            reread = None if keep else pipeline.ReadSettings(catalog, expected_year=tahun, expected_period=periode)
            outcomes = pipeline.write_back(report, catalog, outdir=outdir, jobs=jobs, force=force, read=reread,
                                           on_file=on_file)
        finally:
            progress.close()  # OutputClash: worded by cli.main
        for result in outcomes.values():
            if result.locked:
                echo(f"dilewati: {result.error}, {FORCE_HINT} (berkas tidak berubah)", err=True)
                exit_code = max(exit_code, EXIT_UNREADABLE)
            elif result.error:
                echo(f"gagal menulis {result.file}: {result.error} (berkas asli tidak berubah)", err=True)
                exit_code = max(exit_code, EXIT_UNREADABLE)
            elif not result.results:
                say(f"Hasil TIDAK ditulis untuk {result.file}: ada galat isian atau struktur; lihat lembar Validasi.")
        written = sum(1 for r in outcomes.values() if r.error is None and r.results)
        say(f"Lembar Hasil ditulis ke {written} buku kerja" + (f" di {outdir}" if outdir else "") + ".")
    if json_path is not None:
        consolidation = pipeline.consolidate(report, catalog, year=tahun, period=periode, rounding=pembulatan)
        write_json(json_path, consolidation.tree())
    print_summary(report, time.perf_counter() - start)
    sys.exit(exit_code)


def _outcome(result: Any) -> str:
    """One write-back as its progress line says it."""
    if result.locked:
        return "DILEWATI (sedang dibuka)"
    if result.error:
        return "GAGAL " + result.error
    return "Hasil ditulis" if result.results else "hanya Validasi ditulis"


@cli.command("konsolidasi")
@batch_options
@json_option
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Buku kerja konsolidasi yang ditulis, mis. out/laporan-kinerja-2023.xlsx.")
def build_command(masukan: tuple[str, ...], catalog_path: Path | None,
                  tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                  pembulatan: str | None, output: Path) -> None:
    """Buat buku kerja konsolidasi instansi (tabel laporan kinerja dan grafik) dari semua unit."""
    json_to_stdout(json_path)
    from .. import pipeline
    from ..compute.engine import MINISTRY

    catalog = load_catalog_or_fail(catalog_path)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"berkas keluaran harus .xlsx: {output}")
    start = time.perf_counter()
    consolidation = consolidated_run(masukan, catalog, jobs, tahun, periode, pembulatan,
                                     expected_units=[u.code for u in catalog.units], exclude=output)
    try:
        pipeline.write_consolidation(consolidation, output)
    except OSError as exc:
        raise UsageError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
    say(f"ditulis: {output}")
    computation = consolidation.computation
    value = computation.shown(MINISTRY, "capaian")
    shown = "-" if value is None else f"{value}".replace(".", ",")
    say(f"Capaian kinerja {catalog.ministry} {computation.year}: {shown}")
    write_json(json_path, consolidation.tree())
    print_summary(consolidation.report, time.perf_counter() - start)
    sys.exit(consolidation.report.exit_code)


@cli.command("ekspor")
@batch_options
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Berkas .csv, .json atau .parquet.")
def export_command(masukan: tuple[str, ...], catalog_path: Path | None,
                   tahun: int | None, periode: str | None, jobs: int, pembulatan: str | None,
                   output: Path) -> None:
    """Ekspor angka konsolidasi untuk analis: satu baris per unit × indikator × periode.

    Folder berisi beberapa periode (TW1–TW4, tahunan) atau tahun: setiap periode dikonsolidasi sendiri dan
    semua barisnya diekspor; --tahun dan --periode membatasinya.
    """
    from ..pipeline.export import check_format, tidy_tables, write_table

    check_format(output)
    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    report = run_validation(masukan, catalog, jobs, year=tahun, period=periode)
    print_problems(report)
    try:
        count = write_table(tidy_tables(report, catalog, year=tahun, period=periode, rounding=pembulatan), output)
    except OSError as exc:
        raise UsageError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
    say(f"ditulis: {output} ({count} baris)")
    print_summary(report, time.perf_counter() - start)
    sys.exit(report.exit_code)
