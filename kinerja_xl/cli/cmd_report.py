"""``kinerja-xl laporan``: the Laporan Kinerja draft in Word (thin: the work is in pipeline.report)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import NothingValid, UsageError
from .app import batch_options, cli, json_option, load_catalog_or_fail, rounding_option
from .cmd_batch import run_validation
from .output import json_to_stdout, print_problems, print_summary, say, write_json


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
    tidak terbaca atau tidak ada tidak diikutkan dan disebut di dalam draf.
    """
    json_to_stdout(json_path)
    from ..compute.engine import MINISTRY
    from ..numbers import format_number
    from ..pipeline.report import draft_report, require_writer, write_report
    from ..plans.report import REASONS

    require_writer()  # before any work: without python-docx/matplotlib say what to install (exit 2)
    catalog = load_catalog_or_fail(catalog_path)
    if output.suffix.lower() != ".docx":
        raise UsageError(f"berkas keluaran harus .docx: {output}")
    if reported is not None and not reported.exists():
        raise UsageError(f"berkas Dilaporkan tidak ada: {reported}")
    start = time.perf_counter()
    report = run_validation(masukan, catalog, jobs, [u.code for u in catalog.units], year=tahun, period=periode,
                            exclude=reported)
    print_problems(report)
    try:
        draft = draft_report(report, catalog, year=tahun, period=periode, rounding=pembulatan, reported=reported)
    except NothingValid:
        print_summary(report, time.perf_counter() - start)  # what was read, then why there is no document
        raise
    for excluded in draft.excluded:
        say(f"tidak diikutkan: {excluded.unit} ({catalog.unit(excluded.unit).name}): {REASONS[excluded.reason]}")
    write_report(draft, output)
    plan = draft.plan
    say(f"ditulis: {output} ({len(plan.tables())} tabel, {len(plan.figures())} gambar, "
        f"{len(plan.placeholders())} paragraf diisi penyusun)")
    computation = draft.consolidation.computation
    value = computation.shown(MINISTRY, "capaian")
    shown = "-" if value is None else format_number(value, computation.rounding.digits)
    say(f"Capaian kinerja {catalog.ministry} {computation.year}: {shown}")
    write_json(json_path, draft.consolidation.tree())
    print_summary(report, time.perf_counter() - start)
    sys.exit(report.exit_code)
