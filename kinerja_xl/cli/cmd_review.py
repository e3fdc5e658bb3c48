"""``kinerja-xl reviu``: every printed figure of a draft report against the recomputation."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from .app import EXIT_INVALID, EXIT_OK, batch_options, cli, json_option, load_catalog_or_fail, rounding_option
from .cmd_batch import run_validation
from .output import json_to_stdout, print_summary, say, write_json


def _id_number(value: Any) -> str:
    """A Decimal in Indonesian notation with its own number of decimals; '-' when missing."""
    if value is None:
        return "-"
    from ..numbers import show_number

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
    from ..numbers import parse_number

    catalog = load_catalog_or_fail(catalog_path)
    tolerance = parse_number(toleransi.replace(".", ",") if toleransi.count(".") == 1 else toleransi)
    if tolerance.value is None or tolerance.value < 0:
        raise UsageError(f"toleransi tidak valid: {toleransi}")
    if not reported.exists():
        raise UsageError(f"berkas Dilaporkan tidak ada: {reported}")
    start = time.perf_counter()
    report = run_validation(masukan, catalog, jobs, [u.code for u in catalog.units], year=tahun, period=periode,
                            exclude=output)
    from ..pipeline import gather
    from ..pipeline.report import review_draft

    batch = gather(report, year=tahun, period=periode)  # MixedPeriods: worded by cli.main
    result = review_draft(catalog, reported, batch, rounding=pembulatan, layout=layout, tolerance=tolerance.value)
    if not result.layout:
        say("Tata letak reviu: tidak ada tata letak reviu untuk katalog ini; yang diperiksa tabel umum "
            "(tabel capaian dan riwayat setiap indikator). Tata letak lain: --tata-letak BERKAS.")
    for f in result.findings:
        printed, recomputed = _id_number(f.dicetak), _id_number(f.dihitung)
        say(f"{f.klasifikasi:<16} {f.kode:<40} dicetak {printed:>20}  dihitung {recomputed:>20}  {f.catatan}")
    counts = result.counts()
    say(f"Reviu: {len(result.findings)} temuan — " + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")
    if output is not None:
        from ..render.review_sheet import write_review_workbook

        try:
            write_review_workbook(result, output)
        except OSError as exc:
            raise UsageError(f"tidak dapat menulis {output}: {exc.strerror or exc}") from exc
        say(f"ditulis: {output}")
    if json_path is not None:
        write_json(json_path, json.loads(result.to_json()))
    print_summary(report, time.perf_counter() - start)
    sys.exit(max(report.exit_code, EXIT_INVALID if result.findings else EXIT_OK))

