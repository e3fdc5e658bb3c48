"""The ledger's commands: ``riwayat`` (versions, consolidations, locks; ``--periksa``, ``--pulihkan``),
``banding`` (what changed between two versions) and ``kunci`` (a final set, and lifting it). Thin: each
builds a request, calls its run in :mod:`kinerja_xl.pipeline.ledger_runs` and prints the outcome."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from ..errors import UsageError
from .app import (
    catalog_option,
    cli,
    jobs_option,
    ledger_for,
    ledger_options,
    load_catalog_or_fail,
    period_option,
    run_request,
    year_option,
)
from .output import echo, json_to_stdout, say, show_outcome, write_json

json_option = click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
                           help="Tulis keluaran JSON ke BERKAS ('-' untuk layar).")
ledger_path_option = click.option(
    "--buku-besar", "ledger_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
    help="Buku besar yang dipakai. Bawaan: FOLDER/.kinerja-xl/buku-besar.sqlite.")


def show_lines(outcome: Any, json_path: Path | None = None) -> NoReturn:
    """Print an outcome that read no batch to report on (its lines, its failures, its JSON) and exit."""
    if json_path is None or str(json_path) != "-":
        for line in outcome.lines:
            say(line)
    for failure in outcome.failures:
        echo(failure, err=True)
    if outcome.error is None:
        write_json(json_path, outcome.data)
    else:
        echo(f"Galat: {outcome.error}", err=True)
    sys.exit(outcome.exit_code)


# -- riwayat --------------------------------------------------------------------------------------------------

@cli.command("riwayat")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@ledger_path_option
@catalog_option
@year_option
@period_option
@click.option("--unit", metavar="KODE", help="Hanya versi unit ini.")
@json_option
@click.option("--periksa", is_flag=True,
              help="Periksa rantai sidik setiap catatan dan setiap salinan berkas (kode keluar 1 bila diubah).")
@click.option("--pulihkan", "restore", metavar="SIDIK", help="Tulis salinan versi ini (sidik pendek) ke -o BERKAS.")
@click.option("-o", "--keluaran", "output", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Dengan --pulihkan: berkas yang ditulis.")
@click.option("--paksa", "force", is_flag=True, help="Dengan --pulihkan: tulis juga bila berkas tujuan tampak dibuka.")
def history_command(folder: Path, ledger_path: Path | None, catalog_path: Path | None, tahun: int | None,
                    periode: str | None, unit: str | None, json_path: Path | None, periksa: bool,
                    restore: str | None, output: Path | None, force: bool) -> None:
    """Riwayat versi buku kerja unit: setiap versi per unit dan periode, yang berlaku sekarang, yang dipakai
    setiap konsolidasi, dan kunci final.

    FOLDER: folder kumpulan buku kerja (buku besarnya ada di FOLDER/.kinerja-xl/).
    """
    from ..pipeline import ledger_runs as runs

    json_to_stdout(json_path, catalog_path)
    catalog = load_catalog_or_fail(catalog_path)
    path = runs.ledger_path(folder, ledger_path, command="riwayat")
    if periksa:
        show_lines(runs.check_run(catalog, path), json_path)
    if restore is not None:
        show_lines(runs.restore_run(catalog, path, restore, output, force=force))
    request = run_request((str(folder),), catalog, tahun, periode, 1)
    codes = {u.code.upper(): u.code for u in catalog.units}
    if unit is not None and unit.upper() not in codes:
        raise UsageError(f"unit tidak dikenal: {unit}. Unit di katalog: {', '.join(codes.values())}")
    show_lines(runs.history_run(request, folder, path, unit=codes[unit.upper()] if unit else None), json_path)


# -- banding --------------------------------------------------------------------------------------------------

@cli.command("banding")
@click.argument("lama")
@click.argument("baru")
@catalog_option
@year_option
@click.option("--folder", type=click.Path(path_type=Path, file_okay=False), metavar="FOLDER",
              help="Folder yang buku besarnya dipakai (sidik versi, versi terkini unit lain). Bawaan: folder BARU, "
                   "atau folder ini.")
@ledger_options
@click.option("--lembar", is_flag=True, help="Tulis lembar Perubahan ke buku kerja BARU (hanya lembar itu).")
@click.option("--paksa", "force", is_flag=True, help="Dengan --lembar: tulis juga bila BARU tampak sedang dibuka.")
@json_option
def compare_command(lama: str, baru: str, catalog_path: Path | None, tahun: int | None, folder: Path | None,
                    lembar: bool, force: bool, json_path: Path | None) -> None:
    """Bandingkan dua versi buku kerja satu unit: setiap isian yang berubah (simpul, isian, sel, lama → baru)
    dan dampaknya ke atas pohon (realisasi, capaian, sasaran, instansi).

    LAMA dan BARU: dua berkas, sidik versi dari buku besar (mis. 1a2b3c4d), atau UNIT PERIODE (mis. REHSOS
    tahunan) untuk dua versi terakhir unit itu yang isinya berbeda.
    """
    from ..pipeline import ledger_runs as runs

    json_to_stdout(json_path, catalog_path, lama, baru)
    catalog = load_catalog_or_fail(catalog_path)
    base = folder or next((Path(a).parent for a in (baru, lama) if Path(a).is_file()), Path("."))
    ledger = ledger_for([base])
    path = ledger.path if ledger is not None else runs.ledger_path(base)
    show_lines(runs.compare_run(catalog, lama, baru, ledger=ledger, path=path, year=tahun, sheet=lembar,
                                force=force, folder=base), json_path)


# -- kunci ----------------------------------------------------------------------------------------------------

@cli.command("kunci")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@catalog_option
@click.option("--tahun", type=click.IntRange(1900, 2200), metavar="TAHUN",
              help="Tahun yang dikunci. Bawaan: tahun katalog.")
@click.option("--periode", type=click.Choice(["TW1", "TW2", "TW3", "TW4", "tahunan"], case_sensitive=False),
              default="tahunan", show_default=True, help="Periode yang dikunci.")
@click.option("--oleh", metavar="NAMA", help="Siapa yang mengunci/membuka. Bawaan: pengguna sistem.")
@click.option("--catatan", metavar="TEKS", default="", help="Catatan kunci (mis. nomor nota dinas).")
@click.option("--buka", is_flag=True, help="Buka kunci periode itu (wajib --alasan).")
@click.option("--alasan", metavar="TEKS", default="", help="Dengan --buka: alasan membuka kunci.")
@ledger_path_option
@jobs_option
def lock_command(folder: Path, catalog_path: Path | None, tahun: int | None, periode: str, oleh: str | None,
                 catatan: str, buka: bool, alasan: str, ledger_path: Path | None, jobs: int) -> None:
    """Tetapkan versi final: versi buku kerja setiap unit untuk satu tahun dan periode dicatat sebagai final.

    Sesudahnya berkas lain untuk unit dan periode itu adalah galat yang menyebut kedua versi dan isian yang
    berbeda, dan konsolidasi memakai versi final, sampai kunci dibuka dengan --buka --alasan.
    """
    from dataclasses import replace

    from ..pipeline import ledger_runs as runs
    from ..pipeline.final import who_am_i
    from ..pipeline.ledger import LedgerSettings

    catalog = load_catalog_or_fail(catalog_path)
    year, period = tahun or catalog.year, "tahunan" if periode.lower() == "tahunan" else periode.upper()
    path = runs.ledger_path(folder, ledger_path, command="kunci")
    who = who_am_i(oleh)
    if buka:
        show_lines(runs.unlock_run(catalog, path, year, period, who=who, reason=alasan))
    if alasan:
        raise UsageError("--alasan hanya untuk --buka; catatan kunci ditulis dengan --catatan.")
    start = time.perf_counter()
    request = run_request((str(folder),), catalog, year, period, jobs)
    request = replace(request, settings=replace(request.settings, ledger=LedgerSettings(path)))
    show_outcome(runs.lock_run(request, year, period, who=who, note=catatan), start)
