"""``kinerja-xl pantau`` (``monitor``): one year followed period by period, in one workbook."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..errors import UsageError
from .app import (
    catalog_option,
    cli,
    inputs_argument,
    jobs_option,
    json_option,
    ledger_options,
    load_catalog_or_fail,
    rounding_option,
    run_request,
)
from .output import json_to_stdout, show_outcome


@cli.command("pantau")
@inputs_argument
@catalog_option
@click.option("--tahun", type=click.IntRange(1900, 2200), metavar="TAHUN",
              help="Tahun yang dipantau (wajib bila berkas mencakup beberapa tahun; berkas tahun lain dilewati).")
@click.option("--periode", hidden=True, metavar="PERIODE")  # refused with why: every period is followed
@jobs_option
@json_option
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Buku kerja pemantauan yang ditulis, mis. out/pemantauan-2023.xlsx.")
@ledger_options
def monitor_command(masukan: tuple[str, ...], catalog_path: Path | None, tahun: int | None, periode: str | None,
                    jobs: int, json_path: Path | None, pembulatan: str | None, output: Path) -> None:
    """Pantau satu tahun per periode (TW1–TW4, tahunan): capaian, status, pengiriman berkas dan grafik.

    MASUKAN: berkas, folder (rekursif) atau pola seperti 'laporan/*.xlsx'.
    """
    from ..pipeline.runs import monitoring_run

    if periode is not None:
        raise UsageError("pantau mengikuti semua periode satu tahun sekaligus (TW1–TW4, tahunan), sehingga --periode "
                         "tidak dipakai; pilih tahunnya dengan --tahun. Untuk satu periode saja, pakai konsolidasi "
                         "--periode PERIODE")
    json_to_stdout(json_path, catalog_path, *masukan)
    catalog = load_catalog_or_fail(catalog_path)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"berkas keluaran harus .xlsx: {output}")
    start = time.perf_counter()
    outcome = monitoring_run(run_request(masukan, catalog, tahun, None, jobs, pembulatan, (output,)), output)
    show_outcome(outcome, start, json_path)  # MixedYears: worded by cli.main
