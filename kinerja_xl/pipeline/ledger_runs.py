"""The ledger's commands as runs (``riwayat``, ``banding``, ``kunci``): each returns an
:class:`~.runs.Outcome` whose lines the command line prints; nothing here is worded by the front end.

``riwayat`` first records the folder's workbooks as they are now (so "current" is known), then tells every
version per unit and period; ``--periksa`` checks the chain and the copies; ``--pulihkan`` writes a stored
copy back. ``banding`` compares two versions (files, versions of the ledger, or a unit's latest two).
``kunci`` reads the folder (recorded) and records its versions as final; ``--buka`` lifts a lock.
"""

from __future__ import annotations

import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from ..catalog.schema import Catalog
from ..errors import UsageError
from ..ledger import Ledger, default_path
from ..ledger.diff import show
from ..ledger.history import History, VersionLine
from ..ledger.records import show_time
from ..ledger.verify import verify
from ..numbers import format_number
from ..unit_layout import period_label
from ..text import on_one_line
from ..validate.report import STATUS_LABELS, ValidationReport, report_from_submissions
from . import compare as cmp
from .batch import input_files
from .final import lock_period, lock_text, unlock_period
from .history import ledger_history, present_versions, restore_version
from .ledger import LEDGER_VARIABLE, NO_LEDGER_VARIABLE, LedgerSettings, ledger_off
from .runs import Outcome, RunRequest, read_batch
from .validation import ReadSettings, read_recorded

PERIOD_CODES = ("TW1", "TW2", "TW3", "TW4", "TAHUNAN")


def ledger_path(folder: Path | None, given: Path | None = None, *, command: str | None = None) -> Path:
    """``--buku-besar`` when given, else the environment's ``KINERJA_XL_BUKU_BESAR``, else the ledger of
    ``folder`` (the current folder when none): the same choice as every reading command's. ``command``: a command
    that works on the ledger itself (``riwayat``, ``kunci``), refused when ``KINERJA_XL_TANPA_BUKU_BESAR`` turns
    the ledger off and no ledger is named (it would make and fill one the setting says not to keep)."""
    if given is not None:
        return given
    if command is not None and ledger_off():
        raise UsageError(f"buku besar dimatikan oleh {NO_LEDGER_VARIABLE}=1, sedangkan '{command}' bekerja pada buku "
                         "besar. Hapus variabel itu, atau sebutkan buku besarnya dengan --buku-besar BERKAS.")
    chosen = os.environ.get(LEDGER_VARIABLE) or None
    return Path(chosen) if chosen is not None else default_path(folder or Path("."))


def _empty(catalog: Catalog) -> ValidationReport:
    return report_from_submissions([], catalog)


def _number(value: Decimal | str | None) -> str:
    return "-" if value is None else format_number(Decimal(value), 2)


# -- riwayat --------------------------------------------------------------------------------------------------

def history_run(request: RunRequest, folder: Path, path: Path, *, unit: str | None = None) -> Outcome:
    """``riwayat``: the folder's workbooks recorded as they are now, then every version of the ledger at
    ``path`` (of the request's year and period, or ``unit``, when given)."""
    outcome = Outcome(_empty(request.catalog))
    present: dict[str, str] = {}  # a folder that is not there holds no version now
    if folder.is_dir():
        settings = replace(request.settings, figures=False, ledger=LedgerSettings(path))
        recorded = read_batch(replace(request, settings=settings))
        present = present_versions(recorded.submissions)  # each file read once: its version is what it holds now
        warning = recorded.ledger.warning if recorded.ledger is not None else None
        if warning is not None:
            outcome.fail(f"peringatan: {warning.message}", 0)
    settings = request.settings
    history = ledger_history(path, request.catalog, present=present, year=settings.expected_year,
                             period=settings.expected_period, unit=unit)
    outcome.data = history.to_data()
    outcome.lines.extend(history_lines(history, path))
    return outcome


def history_lines(history: History, path: Path) -> list[str]:
    """Every version per unit and period, the consolidations and the locks, as ``riwayat`` prints them."""
    count = sum(len(u.lines) for u in history.units)
    lines = [f"Buku besar: {path} ({count} versi, {len(history.consolidations)} konsolidasi)"]
    if not history.units:
        lines.append("Belum ada versi tercatat untuk pilihan ini.")
    statuses = {id(line): _status(line) for group in history.units for line in group.lines}
    width = max(map(len, statuses.values()), default=0)  # the status column as wide as its longest
    for group in history.units:
        lines += ["", f"{group.unit or '(unit tidak terbaca)'} · {period_label(group.period or '-')} "
                      f"{group.year or '-'}"]
        for i, line in enumerate(group.lines, start=1):
            v = line.version
            marks = [m for m in ("SAAT INI" if line.current else "", "FINAL" if line.locked else "") if m]
            marks += [f"dipakai {c.command} {show_time(c.time)} ({c.output})" for c in line.used_by]
            lines.append(f"  {i:>2}  {show_time(v.time)}  {v.short}  {statuses[id(line)]:<{width}}  capaian "
                         f"instansi {_number(line.capaian):>7}  {on_one_line(v.location or v.name)}"
                         + (f"  ← {' · '.join(marks)}" if marks else ""))
    if history.consolidations:
        lines += ["", "Konsolidasi:"]
        for c in history.consolidations:
            used = ", ".join(f"{u} {sha[:8]}" for u, sha in sorted(c.versions.items()))
            final = " (versi final)" if c.locked else ""
            lines.append(f"  {show_time(c.time)}  {c.command:<11} {period_label(c.period or '-')} {c.year}  capaian "
                         f"{_number(c.capaian)}  {on_one_line(c.output)}{final}: {used}")
    if history.locks:
        lines += ["", "Kunci:"]
        for e in history.locks:
            what = "dikunci" if e.locked else "dibuka"
            note = f": {on_one_line(e.note)}" if e.note else ""
            lines.append(f"  {show_time(e.time)}  {what} {period_label(e.period)} {e.year} oleh {on_one_line(e.who)}"
                         f"{note}")
    if history.untracked:
        lines += ["", f"Tidak tercatat: {len(history.untracked)} berkas di folder ini tidak terbaca sebagai buku "
                      "kerja (lihat kinerja-xl validasi FOLDER): " + ", ".join(on_one_line(Path(f).name)
                                                                         for f in history.untracked)]
    return lines


def _status(line: VersionLine) -> str:
    """A version's status as ``riwayat`` prints it, with what its content is beside the one before."""
    status = STATUS_LABELS.get(line.version.status, line.version.status)
    if line.same_as:
        return f"{status}, isi sama dengan {line.same_as}"
    if line.changes is not None:
        return f"{status}, {line.changes} isian berubah"
    return str(status)


def check_run(catalog: Catalog, path: Path) -> Outcome:
    """``riwayat --periksa``: the chain of every record and every stored copy; exit 1 on any change."""
    with Ledger(path, readonly=True) as ledger:
        result = verify(ledger)
    outcome = Outcome(_empty(catalog), data=result.to_data(), exit_code=0 if result.intact else 1)
    if result.intact:
        outcome.lines.append(f"Buku besar utuh: {result.records} catatan dan {result.copies} salinan berkas "
                             f"diperiksa; sidik terakhir {result.head[:16]}.")
        return outcome
    outcome.lines += [f"DIUBAH {finding.message}" for finding in result.findings]
    outcome.lines.append(f"Buku besar TIDAK utuh: {len(result.findings)} temuan dari {result.records} catatan dan "
                         f"{result.copies} salinan. Simpan salinan berkas buku besar ini sebagai bukti sebelum dipakai "
                         "lagi.")
    return outcome


def restore_run(catalog: Catalog, path: Path, prefix: str, target: Path | None, *, force: bool = False) -> Outcome:
    """``riwayat --pulihkan``: the stored copy of a version written to ``target``."""
    if target is None:
        raise UsageError("--pulihkan membutuhkan -o BERKAS: berkas yang ditulis.")
    if str(target) == "-":  # '-' is the screen for --json; a workbook is written to a file
        raise UsageError("--pulihkan menulis buku kerja ke berkas: sebutkan nama berkasnya di -o (mis. -o "
                         "pulih/kinerja-REHSOS-2023-tahunan.xlsx), bukan '-'.")
    version, replaced = restore_version(path, prefix, target, force=force)
    outcome = Outcome(_empty(catalog))
    outcome.wrote(target, f"versi {version.short}, {version.unit} {period_label(version.period or '-')} "
                          f"{version.year}, pertama dilihat {show_time(version.time)}")
    if replaced:
        outcome.lines.append(f"Berkas yang ditimpa (versi {replaced}) tetap tersimpan di buku besar.")
    return outcome


# -- banding --------------------------------------------------------------------------------------------------

def compare_run(catalog: Catalog, old: str, new: str, *, ledger: LedgerSettings | None, path: Path,
                year: int | None = None, sheet: bool = False, force: bool = False,
                folder: Path | None = None) -> Outcome:
    """``banding``: ``old`` and ``new`` are files, SHA-256 prefixes of the ledger at ``path``, or a unit code
    and a period (its latest two versions, after the workbooks of ``folder`` are read and recorded: a unit's
    file saved over since the last command is its latest version); ``sheet`` writes the *Perubahan* sheet into
    ``new`` (a file)."""
    units = {u.code.upper(): u.code for u in catalog.units}
    new_file = Path(new) if Path(new).is_file() else None
    unit = None if Path(old).is_file() else units.get(old.upper())  # banding UNIT PERIODE
    if unit is not None and not new_file and new.upper() not in PERIOD_CODES:
        raise UsageError(f"'{new}' bukan periode (TW1, TW2, TW3, TW4 atau tahunan); banding {old} PERIODE "
                         "membandingkan dua versi terakhir unit itu pada periode itu.")
    if unit is not None and new.upper() in PERIOD_CODES:
        period = "tahunan" if new.upper() == "TAHUNAN" else new.upper()
        if ledger is not None and folder is not None:
            settings = ReadSettings(catalog, expected_year=year or catalog.year, expected_period=period, ledger=ledger)
            try:
                paths = input_files([folder], catalog)
            except UsageError:  # no workbook there (the ledger named elsewhere): only its versions are compared
                paths = []
            read_recorded(paths, settings)
        before, after = cmp.latest_two(path, unit, year or catalog.year, period)
        new_file = None
    else:
        before, after = (cmp.read_side(Path(arg), catalog, ledger) if Path(arg).is_file()
                         else cmp.ledger_side(path, _prefix(arg)) for arg in (old, new))
    comparison = cmp.compare(catalog, before, after, cmp.context(path, catalog, after.unit, after.year, after.period))
    outcome = Outcome(_empty(catalog), data=comparison.to_data())
    outcome.lines.extend(comparison_lines(comparison))
    if sheet:
        if new_file is None:
            raise UsageError("--lembar menulis ke berkas BARU; BARU harus berkas, bukan versi dari buku besar.")
        outcome.write(new_file, lambda: cmp.write_changes(comparison, new_file, force=force),
                      lambda: "lembar Perubahan")
    return outcome


def _prefix(arg: str) -> str:
    if not arg or any(ch not in "0123456789abcdefABCDEF" for ch in arg):
        raise UsageError(f"'{arg}' bukan berkas yang ada, juga bukan sidik versi (angka 0-9 dan huruf a-f).")
    return arg


def comparison_lines(comparison: cmp.Comparison) -> list[str]:
    lines = [f"Banding {comparison.title}"]
    if not comparison.changes:
        same = " (berkas berbeda, isi sama: mis. hanya lembar hasil atau format yang berubah)" \
            if comparison.old.sha256 != comparison.new.sha256 else ""
        return [*lines, f"Tidak ada isian yang berbeda{same}."]
    lines.append(f"Isian yang berubah ({len(comparison.changes)}):")
    for change in comparison.changes:
        delta = f" ({'+' if change.delta > 0 else ''}{show(change.delta)})" if change.delta else ""
        lines.append(f"  {change.text()}{delta}")
    lines.append(f"Dampak, {comparison.scope_text}:")
    if not comparison.effects:
        lines.append("  tidak ada angka hasil yang berubah.")
    lines += [f"  {effect.text()}" for effect in comparison.effects]
    return lines


# -- kunci ----------------------------------------------------------------------------------------------------

def lock_run(request: RunRequest, year: int, period: str, *, who: str, note: str = "") -> Outcome:
    """``kunci``: the folder read (and recorded), then the versions of every unit of ``year`` and ``period``
    recorded as final (:class:`~kinerja_xl.errors.LockRefused` when the period is not sound)."""
    settings = replace(request.settings, figures=False, expected_year=year, expected_period=period)
    report = read_batch(replace(request, settings=settings))
    event = lock_period(report, request.catalog, year, period, who=who, note=note)
    outcome = Outcome(report, exit_code=0)
    listed = ", ".join(f"{unit} {v.short}" for unit, v in event.versions.items())
    outcome.lines.append(f"Dikunci: {lock_text(event)}: {listed}."
                         + (f" Tanpa berkas: {', '.join(event.missing)}." if event.missing else ""))
    return outcome


def unlock_run(catalog: Catalog, path: Path, year: int, period: str, *, who: str, reason: str) -> Outcome:
    """``kunci --buka``: the lock lifted, with who and why."""
    lifted = unlock_period(path, year, period, who=who, reason=reason)
    outcome = Outcome(_empty(catalog))
    outcome.lines.append(f"Kunci dibuka oleh {who} ({reason.strip()}); sebelumnya {lock_text(lifted)}.")
    return outcome
