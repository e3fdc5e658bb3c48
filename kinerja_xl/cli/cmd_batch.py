"""The batch commands: validasi, hitung, konsolidasi, ekspor (thin: the work and its wording are in the pipeline)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..errors import UsageError
from .app import batch_options, cli, json_option, load_catalog_or_fail, rounding_option, run_request, unit_codes
from .output import json_to_stdout, show_outcome

force_option = click.option(
    "--paksa", "force", is_flag=True,
    help="Tulis juga buku kerja yang tampak sedang dibuka di Excel atau LibreOffice (ada berkas kunci ~$NAMA "
         "atau .~lock.NAMA# di sampingnya); Excel akan menimpanya bila berkas itu disimpan dari sana.")


@cli.command("validasi")
@batch_options
@click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Tulis laporan validasi sebagai JSON ke BERKAS ('-' untuk layar).")
@click.option("--tulis-lembar", is_flag=True, help="Tulis lembar Validasi ke setiap buku kerja (hanya lembar itu).")
@click.option("--harap-unit", "expected_units", metavar="KODE,...",
              help="Daftar unit yang wajib ada, dipisah koma (mis. SETJEN,ITJEN; huruf besar/kecil sama).")
@force_option
def validate_command(masukan: tuple[str, ...], catalog_path: Path | None,
                     tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                     tulis_lembar: bool, expected_units: str | None, force: bool) -> None:
    """Periksa buku kerja unit: setiap masalah dengan berkas, lembar dan sel.

    MASUKAN: berkas, folder (rekursif) atau pola seperti 'laporan/*.xlsx'.
    """
    from ..pipeline.runs import validation_run

    json_to_stdout(json_path, catalog_path, *masukan)
    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    units = unit_codes(catalog, [expected_units]) if expected_units else None
    outcome = validation_run(run_request(masukan, catalog, tahun, periode, jobs), expected_units=units,
                             sheets=tulis_lembar, force=force)
    show_outcome(outcome, start, json_path)


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
    from ..pipeline.runs import compute_run

    json_to_stdout(json_path, catalog_path, *masukan)
    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    outcome = compute_run(run_request(masukan, catalog, tahun, periode, jobs, pembulatan), outdir=outdir,
                          write=not tanpa_tulis_balik, force=force, figures=json_path is not None)
    show_outcome(outcome, start, json_path)  # OutputClash: worded by cli.main


@cli.command("konsolidasi")
@batch_options
@json_option
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Buku kerja konsolidasi yang ditulis, mis. out/laporan-kinerja-2023.xlsx.")
def build_command(masukan: tuple[str, ...], catalog_path: Path | None,
                  tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                  pembulatan: str | None, output: Path) -> None:
    """Buat buku kerja konsolidasi instansi (tabel laporan kinerja dan grafik) dari semua unit.

    Folder berisi beberapa periode atau tahun: pilih satu dengan --periode dan --tahun (berkas lain
    dilewati).
    """
    from ..pipeline.runs import consolidation_run

    json_to_stdout(json_path, catalog_path, *masukan)
    catalog = load_catalog_or_fail(catalog_path)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"berkas keluaran harus .xlsx: {output}")
    start = time.perf_counter()
    outcome = consolidation_run(run_request(masukan, catalog, tahun, periode, jobs, pembulatan, (output,)), output)
    show_outcome(outcome, start, json_path)


@cli.command("ekspor")
@batch_options
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Berkas .csv, .xlsx, .json atau .parquet.")
@click.option("--csv", "dialect", type=click.Choice(["indonesia", "internasional"], case_sensitive=False),
              default="indonesia", show_default=True,
              help="Dialek CSV: 'indonesia' (pemisah ';', koma desimal: dibuka sebagai angka oleh Excel/LibreOffice "
                   "berbahasa Indonesia) atau 'internasional' (pemisah ',', titik desimal: pandas, R, basis data).")
def export_command(masukan: tuple[str, ...], catalog_path: Path | None,
                   tahun: int | None, periode: str | None, jobs: int, pembulatan: str | None,
                   output: Path, dialect: str) -> None:
    """Ekspor angka konsolidasi untuk analis: satu baris per unit × indikator × periode.

    Folder berisi beberapa periode (TW1–TW4, tahunan) atau tahun: setiap periode dikonsolidasi sendiri dan
    semua barisnya diekspor; --tahun dan --periode membatasinya. .xlsx terbaca sebagai angka di Excel
    berbahasa apa pun.
    """
    from ..pipeline.runs import export_run

    catalog = load_catalog_or_fail(catalog_path)
    start = time.perf_counter()
    outcome = export_run(run_request(masukan, catalog, tahun, periode, jobs, pembulatan, (output,)), output,
                         dialect=dialect)
    show_outcome(outcome, start)
