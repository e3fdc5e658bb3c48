"""``kinerja-xl pantau`` (``monitor``): one year followed period by period, in one workbook."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import UsageError
from .cmd_batch import input_paths
from .app import catalog_option, cli, inputs_argument, jobs_option, json_option, load_catalog_or_fail, rounding_option
from .output import Progress, json_to_stdout, print_problems, print_summary, say, write_json


@cli.command("pantau")
@inputs_argument
@catalog_option
@click.option("--tahun", type=click.IntRange(1900, 2200), metavar="TAHUN",
              help="Tahun yang dipantau (wajib bila berkas mencakup beberapa tahun; berkas tahun lain ditandai galat).")
@jobs_option
@json_option
@rounding_option
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Buku kerja pemantauan yang ditulis, mis. out/pemantauan-2023.xlsx.")
def monitor_command(masukan: tuple[str, ...], catalog_path: Path | None, tahun: int | None, jobs: int,
                    json_path: Path | None, pembulatan: str | None, output: Path) -> None:
    """Pantau satu tahun per periode (TW1–TW4, tahunan): capaian, status, pengiriman berkas dan grafik.

    MASUKAN: berkas, folder (rekursif) atau pola seperti 'laporan/*.xlsx'.
    """
    json_to_stdout(json_path)
    from .. import pipeline
    from ..compute.engine import MINISTRY
    from ..numbers import format_number
    from ..plans.monitoring_data import MISSING
    from ..unit_layout import period_label

    catalog = load_catalog_or_fail(catalog_path)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"berkas keluaran harus .xlsx: {output}")
    start = time.perf_counter()
    paths = input_paths(masukan, exclude=output)
    progress = Progress(len(paths), "Membaca")
    try:
        report, year = pipeline.validate_for_monitoring(paths, catalog, year=tahun, jobs=jobs,
                                                        on_file=lambda s: progress.advance(s.file))
    finally:
        progress.close()  # MixedYears: worded by cli.main
    print_problems(report)
    monitoring = pipeline.monitor(report, catalog, year=year, rounding=pembulatan)
    try:
        pipeline.write_monitoring(monitoring, output)
    except OSError as exc:
        raise UsageError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
    say(f"ditulis: {output}")
    shown = []
    for period in monitoring.periods:
        run = monitoring.runs.get(period)
        if run is None:
            text = MISSING
        else:
            value = run.computation.shown(MINISTRY, "capaian")
            text = "-" if value is None else format_number(value, run.computation.rounding.digits)
        shown.append(f"{period_label(period)} {text}")
    say(f"Capaian kinerja {catalog.ministry} {year}: " + " · ".join(shown))
    write_json(json_path, monitoring.tree())
    print_summary(report, time.perf_counter() - start)
    sys.exit(report.exit_code)
