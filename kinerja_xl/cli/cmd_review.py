"""``kinerja-xl reviu``: every printed figure of a draft report against the recomputation."""

from __future__ import annotations

import time
from pathlib import Path

import click

from ..errors import UsageError
from .app import batch_options, cli, json_option, load_catalog_or_fail, rounding_option, run_request
from .output import json_to_stdout, show_outcome


@cli.command("reviu")
@batch_options
@json_option
@click.option("--dilaporkan", "reported", type=click.Path(path_type=Path, dir_okay=False), required=True,
              metavar="BERKAS", help="Buku kerja Dilaporkan (.xlsx) atau .yaml berisi angka tercetak di draf laporan.")
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Tulis hasil reviu (lembar Reviu) ke buku kerja .xlsx ini: berkas baru, atau buku kerja reviu "
                   "yang sudah ada (ditimpa).")
@click.option("--toleransi", type=str, default="0,01", show_default=True, metavar="ANGKA",
              help="Selisih terkecil yang dilaporkan (koma desimal, mis. 0,05).")
@click.option("--tata-letak", "layout", type=str, metavar="BERKAS|ID",
              help="Tata letak tabel laporan (.yaml atau id bawaan). Bawaan: dari berkas Dilaporkan/katalog.")
@rounding_option
def review_command(masukan: tuple[str, ...], catalog_path: Path | None,
                   tahun: int | None, periode: str | None, jobs: int, json_path: Path | None,
                   reported: Path, output: Path | None, toleransi: str, pembulatan: str | None,
                   layout: str | None) -> None:
    """Reviu draf laporan: bandingkan setiap angka tercetak dengan hasil hitung ulang (keluar 1 bila ada temuan)."""
    from ..numbers import parse_number
    from ..pipeline.runs import review_run

    json_to_stdout(json_path, catalog_path, reported, layout, *masukan)
    catalog = load_catalog_or_fail(catalog_path)
    tolerance = parse_number(toleransi.replace(".", ",") if toleransi.count(".") == 1 else toleransi)
    if tolerance.value is None or tolerance.value < 0:
        raise UsageError(f"toleransi tidak valid: {toleransi} (tulis angka dengan koma desimal, mis. 0,01)")
    if not reported.exists():
        raise UsageError(f"berkas Dilaporkan tidak ada: {reported}")
    if output is not None and output.suffix.lower() != ".xlsx":
        raise UsageError(f"berkas keluaran harus .xlsx: {output}")
    start = time.perf_counter()
    outcome = review_run(run_request(masukan, catalog, tahun, periode, jobs, pembulatan, (reported,)), reported,
                         output=output, layout=layout, tolerance=tolerance.value)
    show_outcome(outcome, start, json_path)  # MixedPeriods: worded by cli.main
