"""``kinerja-xl laporan``: the Laporan Kinerja draft in Word (thin: the work is in pipeline.report)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..errors import UsageError
from .app import batch_options, cli, json_option, load_catalog_or_fail, rounding_option, run_request
from .output import json_to_stdout, show_outcome


@cli.command("laporan")
@batch_options
@json_option
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Draf laporan Word yang ditulis, mis. out/laporan-kinerja-2023.docx.")
@click.option("--reviu", "reported", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Lampirkan temuan reviu angka draf dari buku kerja Dilaporkan (.xlsx) atau .yaml.")
def report_command(masukan: tuple[str, ...], catalog_path: Path | None, tahun: int | None, periode: str | None,
                   jobs: int, json_path: Path | None, pembulatan: str | None, output: Path,
                   reported: Path | None) -> None:
    """Buat draf Laporan Kinerja (Word) dari semua unit: tabel, grafik dan narasi.

    Paragraf bertanda [Diisi oleh penyusun: …] dilengkapi penyusun. Unit yang buku kerjanya tidak valid,
    tidak terbaca atau tidak ada tidak diikutkan dan disebut di dalam draf. Dengan --periode TW1–TW4
    draf menyajikan capaian kumulatif s.d. triwulan itu.
    """
    from ..pipeline.report import require_writer
    from ..pipeline.runs import report_run

    json_to_stdout(json_path, catalog_path, reported, *masukan)
    require_writer()  # before any work: without python-docx/matplotlib say what to install (exit 2)
    catalog = load_catalog_or_fail(catalog_path)
    if output.suffix.lower() != ".docx":
        raise UsageError(f"berkas keluaran harus .docx: {output}")
    if reported is not None and not reported.exists():
        raise UsageError(f"berkas Dilaporkan tidak ada: {reported}")
    start = time.perf_counter()
    outcome = report_run(run_request(masukan, catalog, tahun, periode, jobs, pembulatan), output, reported=reported)
    show_outcome(outcome, start, json_path)
