"""The ledger's commands: ``riwayat`` (versions, consolidations, locks; ``--periksa``, ``--pulihkan``),
``banding`` (what changed between two versions) and ``kunci`` (a final set, and lifting it)."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Any

import click

from ..errors import UsageError
from .app import (
    EXIT_INVALID,
    EXIT_OK,
    catalog_option,
    cli,
    jobs_option,
    ledger_for,
    ledger_options,
    load_catalog_or_fail,
    period_option,
    year_option,
)
from .output import echo, json_to_stdout, print_problems, print_summary, say, write_json

json_option = click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
                           help="Tulis keluaran JSON ke BERKAS ('-' untuk layar).")
ledger_path_option = click.option(
    "--buku-besar", "ledger_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
    help="Buku besar yang dipakai. Bawaan: FOLDER/.kinerja-xl/buku-besar.sqlite.")


def _ledger_path(folder: Path | None, given: Path | None) -> Path:
    from ..ledger import default_path

    return given if given is not None else default_path(folder or Path("."))


def _number(text: str | None) -> str:
    if text is None:
        return "-"
    from decimal import Decimal

    from ..numbers import format_number

    return format_number(Decimal(text), 2)


# -- riwayat --------------------------------------------------------------------------------------------------

@cli.command("riwayat")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
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
    json_to_stdout(json_path)
    path = _ledger_path(folder, ledger_path)
    if periksa:
        _check(path, json_path)
    if restore is not None:
        _restore(path, restore, output, force)
        return
    from ..pipeline.history import ledger_history

    catalog = load_catalog_or_fail(catalog_path)
    _record_folder(folder, path, catalog)
    history = ledger_history(path, catalog, folder=folder, year=tahun, period=periode,
                             unit=unit.upper() if unit else None)
    if json_path is not None:
        write_json(json_path, history.to_data())
        if str(json_path) == "-":
            return
    _print_history(history, path, catalog)


def _record_folder(folder: Path, path: Path, catalog: Any) -> None:
    """The folder's workbooks as they are now, recorded first (what riwayat calls current is then known)."""
    from .. import pipeline
    from ..pipeline.ledger import LedgerSettings

    paths, _ = pipeline.collect_inputs([folder]) if folder.is_dir() else ([], [])
    if not paths:
        return
    report = pipeline.validate_files(paths, catalog, keep_values=False, ledger=LedgerSettings(path))
    warning = report.ledger.warning if report.ledger is not None else None
    if warning is not None:
        echo(f"peringatan: {warning.message}", err=True)


def _print_history(history: Any, path: Path, catalog: Any) -> None:
    from ..ledger.records import show_time
    from ..unit_layout import period_label
    from ..validate.report import STATUS_LABELS

    count = sum(len(u.lines) for u in history.units)
    say(f"Buku besar: {path} ({count} versi, {len(history.consolidations)} konsolidasi)")
    if not history.units:
        say("Belum ada versi tercatat untuk pilihan ini.")
    for group in history.units:
        say("")
        say(f"{group.unit or '(unit tidak terbaca)'} · {period_label(group.period or '-')} {group.year or '-'}")
        for i, line in enumerate(group.lines, start=1):
            v = line.version
            status = STATUS_LABELS.get(v.status, v.status)
            if line.same_as:
                status += f", isi sama dengan {line.same_as}"
            elif line.changes is not None:
                status += f", {line.changes} isian berubah"
            gives = "-" if line.capaian is None else _number(str(line.capaian))
            marks = [m for m in ("SAAT INI" if line.current else "", "FINAL" if line.locked else "") if m]
            marks += [f"dipakai {c.command} {show_time(c.time)} ({c.output})" for c in line.used_by]
            say(f"  {i:>2}  {show_time(v.time)}  {v.short}  {status:<46} capaian instansi {gives:>7}  "
                f"{v.location or v.name}" + (f"  ← {' · '.join(marks)}" if marks else ""))
    if history.consolidations:
        say("")
        say("Konsolidasi:")
        for c in history.consolidations:
            used = ", ".join(f"{u} {sha[:8]}" for u, sha in sorted(c.versions.items()))
            final = " (versi final)" if c.locked else ""
            say(f"  {show_time(c.time)}  {c.command:<11} {period_label(c.period or '-')} {c.year}  capaian "
                f"{_number(c.capaian)}  {c.output}{final}: {used}")
    if history.locks:
        say("")
        say("Kunci:")
        for e in history.locks:
            what = "dikunci" if e.locked else "dibuka"
            note = f": {e.note}" if e.note else ""
            say(f"  {show_time(e.time)}  {what} {period_label(e.period)} {e.year} oleh {e.who}{note}")
    if history.untracked:
        say("")
        say(f"Tidak tercatat: {len(history.untracked)} berkas di folder ini tidak terbaca sebagai buku kerja "
            "(lihat kinerja-xl validasi FOLDER): " + ", ".join(Path(f).name for f in history.untracked))


def _check(path: Path, json_path: Path | None) -> None:
    from ..ledger import Ledger
    from ..ledger.verify import verify

    with Ledger(path, readonly=True) as ledger:
        result = verify(ledger)
    if json_path is not None:
        write_json(json_path, result.to_data())
    if result.intact:
        say(f"Buku besar utuh: {result.records} catatan dan {result.copies} salinan berkas diperiksa; sidik terakhir "
            f"{result.head[:16]}.")
        sys.exit(EXIT_OK)
    for finding in result.findings:
        echo(f"DIUBAH {finding.message}", err=_stderr(json_path))
    say(f"Buku besar TIDAK utuh: {len(result.findings)} temuan dari {result.records} catatan dan {result.copies} "
        "salinan. Simpan salinan berkas buku besar ini sebagai bukti sebelum dipakai lagi.")
    sys.exit(EXIT_INVALID)


def _stderr(json_path: Path | None) -> bool:
    return json_path is not None and str(json_path) == "-"


def _restore(path: Path, prefix: str, output: Path | None, force: bool) -> None:
    from ..pipeline.history import restore_version

    if output is None:
        raise UsageError("--pulihkan membutuhkan -o BERKAS: berkas yang ditulis.")
    version, replaced = restore_version(path, prefix, output, force=force)
    say(f"ditulis: {output} (versi {version.short}, {version.unit} {version.period} {version.year}, pertama dilihat "
        f"{version.time})" + (f"; berkas sebelumnya (versi {replaced}) tetap tersimpan di buku besar" if replaced
                              else ""))


# -- banding --------------------------------------------------------------------------------------------------

PERIODS = ("TW1", "TW2", "TW3", "TW4", "TAHUNAN")


@cli.command("banding")
@click.argument("lama")
@click.argument("baru")
@catalog_option
@year_option
@click.option("--folder", type=click.Path(path_type=Path, file_okay=False), metavar="FOLDER",
              help="Folder yang buku besarnya dipakai untuk sidik versi. Bawaan: folder BARU, atau folder ini.")
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
    json_to_stdout(json_path)
    from ..pipeline import compare as cmp

    catalog = load_catalog_or_fail(catalog_path)
    units = {u.code.upper(): u.code for u in catalog.units}
    new_file = Path(baru) if Path(baru).is_file() else None
    base = folder or (new_file.parent if new_file is not None else (Path(lama).parent if Path(lama).is_file()
                                                                    else Path(".")))
    ledger = ledger_for([base])
    path = ledger.path if ledger is not None else _ledger_path(base, None)
    if not Path(lama).is_file() and lama.upper() in units and baru.upper() in PERIODS:
        period = "tahunan" if baru.upper() == "TAHUNAN" else baru.upper()
        old, new = cmp.latest_two(path, units[lama.upper()], tahun or catalog.year, period)
        new_file = None
    else:
        old, new = (cmp.read_side(Path(arg), catalog, ledger) if Path(arg).is_file() else
                    cmp.ledger_side(path, _prefix(arg)) for arg in (lama, baru))
    comparison = cmp.compare(catalog, old, new, cmp.context(path, catalog, new.unit, new.year, new.period))
    _print_comparison(comparison)
    if lembar:
        if new_file is None:
            raise UsageError("--lembar menulis ke berkas BARU; BARU harus berkas, bukan versi dari buku besar.")
        cmp.write_changes(comparison, new_file, force=force)
        say(f"lembar Perubahan ditulis: {new_file}")
    write_json(json_path, comparison.to_data())


def _prefix(arg: str) -> str:
    if not re.fullmatch(r"[0-9a-fA-F]+", arg):
        raise UsageError(f"'{arg}' bukan berkas yang ada, juga bukan sidik versi (huruf 0-9 dan a-f).")
    return arg


def _print_comparison(comparison: Any) -> None:
    from ..ledger.diff import show

    say(f"Banding {comparison.title}")
    if not comparison.changes:
        say("Tidak ada isian yang berbeda" + (" (berkas berbeda, isi sama: mis. hanya lembar hasil atau format yang "
                                              "berubah)." if comparison.old.sha256 != comparison.new.sha256 else "."))
        return
    say(f"Isian yang berubah ({len(comparison.changes)}):")
    for change in comparison.changes:
        delta = f" ({'+' if change.delta > 0 else ''}{show(change.delta)})" if change.delta else ""
        say(f"  {change.text()}{delta}")
    say(f"Dampak, {comparison.scope_text}:")
    if not comparison.effects:
        say("  tidak ada angka hasil yang berubah.")
    for effect in comparison.effects:
        say(f"  {effect.text()}")


# -- kunci ----------------------------------------------------------------------------------------------------

@cli.command("kunci")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True))
@catalog_option
@year_option
@click.option("--periode", type=click.Choice(["TW1", "TW2", "TW3", "TW4", "tahunan"]), default="tahunan",
              show_default=True, help="Periode yang dikunci.")
@click.option("--oleh", metavar="NAMA", help="Siapa yang mengunci/membuka. Bawaan: pengguna sistem.")
@click.option("--catatan", metavar="TEKS", default="", help="Catatan kunci (mis. nomor nota dinas).")
@click.option("--buka", is_flag=True, help="Buka kunci periode itu (wajib --alasan).")
@click.option("--alasan", metavar="TEKS", default="", help="Dengan --buka: alasan membuka kunci.")
@click.option("--buku-besar", "ledger_path", type=click.Path(path_type=Path, dir_okay=False), metavar="BERKAS",
              help="Buku besar yang dipakai. Bawaan: FOLDER/.kinerja-xl/buku-besar.sqlite.")
@jobs_option
def lock_command(folder: Path, catalog_path: Path | None, tahun: int | None, periode: str, oleh: str | None,
                 catatan: str, buka: bool, alasan: str, ledger_path: Path | None, jobs: int) -> None:
    """Tetapkan versi final: versi buku kerja setiap unit untuk satu tahun dan periode dicatat sebagai final.

    Sesudahnya berkas lain untuk unit dan periode itu adalah galat yang menyebut kedua versi dan isian yang
    berbeda, dan konsolidasi memakai versi final, sampai kunci dibuka dengan --buka --alasan.
    """
    from ..pipeline.final import lock_period, lock_text, unlock_period, who_am_i
    from ..pipeline.ledger import LedgerSettings

    catalog = load_catalog_or_fail(catalog_path)
    year = tahun or catalog.year
    path = _ledger_path(folder, ledger_path)
    who = who_am_i(oleh)
    if buka:
        lifted = unlock_period(path, year, periode, who=who, reason=alasan)
        say(f"Kunci dibuka oleh {who} ({alasan.strip()}); sebelumnya {lock_text(lifted)}.")
        return
    if alasan:
        raise UsageError("--alasan hanya untuk --buka; catatan kunci ditulis dengan --catatan.")
    from .cmd_batch import input_paths

    from .. import pipeline
    from .output import Progress

    start = time.perf_counter()
    paths = input_paths((str(folder),))
    progress = Progress(len(paths), "Membaca")
    try:
        report = pipeline.validate_files(paths, catalog, jobs=jobs, ledger=LedgerSettings(path), keep_values=False,
                                         on_file=lambda s: progress.advance(s.file))
    finally:
        progress.close()
    print_problems(report)
    event = lock_period(report, catalog, year, periode, who=who, note=catatan)
    listed = ", ".join(f"{unit} {v.short}" for unit, v in event.versions.items())
    say(f"Dikunci: {lock_text(event)}: {listed}." + (f" Tanpa berkas: {', '.join(event.missing)}."
                                                      if event.missing else ""))
    print_summary(report, time.perf_counter() - start)
