"""Final sets: ``kinerja-xl kunci`` records which version of every unit is final for a year and period, and
a consolidation of a locked period uses exactly those versions, restored from the ledger, whatever the
folder holds now.

A final version is read again from its stored copy by the same reader as any file (so its values and
their cells are what validation sees); without a copy (``--tanpa-salinan``) from the inputs the ledger
recorded when it first saw it. Locking needs a sound period: every file of it readable and valid, one
file per unit. Lifting a lock takes a reason; both are records of the ledger, with who and when.
"""

from __future__ import annotations

import getpass
import zlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..atomic import FileIdentity, Snapshot
from ..catalog.schema import Catalog
from ..errors import LedgerError, LockRefused, UsageError
from ..ledger import Ledger, LockedVersion, LockEvent, input_values
from ..ledger.chain import sha256_hex
from ..ledger.records import show_time
from ..model import FileVersion, InputValue
from ..unit_layout import period_label
from ..validate.report import ValidationReport
from ..validate.unit import read_unit_workbook
from .batch import FinalLookup, FinalSet, Source, usable_values
from .ledger import Session


def who_am_i(given: str | None = None) -> str:
    """``--oleh`` when given, else the user the system says is running kinerja-xl."""
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):  # no user name in the environment or the password database
        return "tidak diketahui"


def lock_text(lock: LockEvent) -> str:
    """``Tahunan 2023 final sejak 12-03-2024 10:15 oleh ani``."""
    return f"{period_label(lock.period)} {lock.year} final sejak {show_time(lock.time)} oleh {lock.who or '?'}"


def final_text(final: FinalSet) -> str:
    """What a consolidation of a locked period says: whose final versions it uses, since when."""
    text = (f"{period_label(final.period)} {final.year} final sejak {show_time(final.locked_at)} oleh "
            f"{final.locked_by or '?'}: dihitung dari versi final di buku besar ({final.text}), apa pun isi folder "
            "sekarang.")
    if final.damaged:
        text += (f" Peringatan: salinan berkas versi final {', '.join(final.damaged)} di buku besar tidak lagi sesuai "
                 "sidiknya (diubah alat lain), sehingga dihitung dari isian yang tercatat saat versi itu dibaca; "
                 "periksa dengan 'kinerja-xl riwayat FOLDER --periksa'.")
    return text


# -- the final set of a consolidation ---------------------------------------------------------------------

def final_lookup(report: ValidationReport) -> FinalLookup | None:
    """The final sets of the ledger that recorded ``report`` (``None`` without one or without any lock)."""
    session = report.ledger
    if not isinstance(session, Session) or not session.locks:
        return None
    found: dict[tuple[int | None, str], FinalSet | None] = {}

    def lookup(year: int | None, period: str) -> FinalSet | None:
        if (year, period) not in found:
            found[(year, period)] = final_set(session, year, period)
        return found[(year, period)]

    return lookup


def final_set(session: Session, year: int | None, period: str) -> FinalSet | None:
    """The final versions of ``year`` and ``period`` restored from the ledger; ``None`` when not locked (or
    the ledger cannot be read any more: the session's warning then says so)."""
    lock = session.locks.get((year, period)) if year is not None else None
    if lock is None or year is None:
        return None
    values: dict[str, tuple[InputValue, ...]] = {}
    sources: list[Source] = []
    damaged: list[str] = []
    try:
        with Ledger(session.path, readonly=True) as ledger:
            for unit, locked in lock.versions.items():
                version = ledger.version(locked.sha256)
                label = f"{(version.location if version else '') or locked.name} (versi final {locked.short})"
                stored = version is not None and version.stored
                copy = _verified_copy(ledger, locked.sha256) if stored else None
                if stored and copy is None:
                    damaged.append(unit)
                restored = _read_copy(copy, locked.name or "versi-final.xlsx", label, session.catalog, year,
                                      period) if copy is not None else None
                if restored is None:
                    content = ledger.content(locked.fingerprint)
                    restored = tuple(input_values(content, label)) if content is not None else ()
                values[unit] = restored
                sources.append(Source(unit, label, FileVersion(locked.sha256, version.size if version else 0,
                                                               first_seen=version.time if version else "",
                                                               locked=True), True))
    except LedgerError as exc:
        session.fail(exc)
        return None
    return FinalSet(year, period, lock.time, lock.who, values, tuple(sources), tuple(damaged))


def _verified_copy(ledger: Ledger, sha256: str) -> bytes | None:
    """The stored copy of a final version, only while its bytes are still that version's: a copy another tool
    changed is not used (the version's recorded inputs are, whose records the ledger's chain holds, as for a version
    kept without a copy; ``riwayat --periksa`` names the change)."""
    try:
        data = ledger.copy(sha256)
    except zlib.error:
        return None
    return data if data is not None and sha256_hex(data) == sha256 else None


def _read_copy(data: bytes, name: str, label: str, catalog: Catalog, year: int,
               period: str) -> tuple[InputValue, ...] | None:
    """The usable values of a stored copy, read from memory by the reader every file goes through (as a
    snapshot: nothing is written to disk), each labelled with the version it comes from (``None`` when the
    copy cannot be read)."""
    snapshot = Snapshot(Path(Path(name).name), data, FileIdentity(len(data), 0, 0, 0))
    submission = read_unit_workbook(snapshot.path, catalog, expected_year=year, expected_period=period,
                                    snapshot=snapshot)
    if not submission.readable:
        return None
    return tuple(replace(v, source=replace(v.source, file=label))
                 for v in usable_values(submission, submission.problems))


# -- kunci ------------------------------------------------------------------------------------------------

def lock_period(report: ValidationReport, catalog: Catalog, year: int, period: str, *, who: str,
                note: str = "", expected_units: Iterable[str] | None = None) -> LockEvent:
    """Record the versions of every unit's file of ``year`` and ``period`` in ``report`` as final.

    Refused (:class:`LockRefused`) when a file of the folder is unreadable, or a file of the period is invalid
    or a unit's second; :class:`~kinerja_xl.errors.UsageError` when the period is already locked or has no
    file; :class:`~kinerja_xl.errors.LedgerError` without a usable ledger."""
    session = report.ledger
    if not isinstance(session, Session):
        raise UsageError("kunci membutuhkan buku besar; jangan pakai --tanpa-buku-besar")
    if session.failed:
        raise LedgerError(session.path, session.failed)
    current = session.locks.get((year, period))
    if current is not None:
        raise UsageError(f"{lock_text(current)}. Untuk mengubahnya, buka dulu: kinerja-xl kunci FOLDER --tahun "
                         f"{year} --periode {period} --buka --alasan \"…\".")
    files = {f.file: f for f in report.files}
    mine = [s for s in report.submissions if s.readable and (s.year, s.period) == (year, period)]
    if not mine:
        raise UsageError(f"tidak ada buku kerja unit tahun {year} periode {period} yang dapat dibaca; tidak ada "
                         "yang dikunci.")
    reasons = [f"{f.file}: tidak terbaca" for f in report.files if f.status == "unreadable"]
    reasons += [f"{s.file}: tidak valid ({files[s.file].counts.get('galat', 0)} galat)" for s in mine
                if files[s.file].status == "invalid"]
    units: dict[str, list[str]] = {}
    for s in mine:
        units.setdefault(s.unit or "", []).append(s.file)
    reasons += [f"unit {unit} punya {len(names)} berkas: {', '.join(names)}" for unit, names in units.items()
                if len(names) > 1]
    if reasons:
        listed = "\n".join(f"  - {r}" for r in reasons)
        raise LockRefused(f"{period_label(period)} {year} tidak dapat dikunci:\n{listed}\nPerbaiki atau pindahkan "
                          "berkas itu, lalu ulangi.")
    versions: dict[str, LockedVersion] = {}
    for s in mine:
        assert s.version is not None and s.unit is not None
        recorded = session.versions.get(s.version.sha256)
        if recorded is None:
            raise LedgerError(session.path, f"versi {s.version.short} ({s.file}) tidak tercatat")
        versions[s.unit] = LockedVersion(s.version.sha256, recorded.fingerprint, Path(s.file).name)
    expected = list(expected_units) if expected_units is not None else [u.code for u in catalog.units]
    missing = tuple(u for u in expected if u not in versions)
    event = LockEvent(0, "", "kunci", year, period, who, note, catalog.id, versions, missing)
    with Ledger(session.path) as ledger:
        return ledger.record_lock(event, expect_locked=False)


def unlock_period(path: Path, year: int, period: str, *, who: str, reason: str) -> LockEvent:
    """Lift the lock of ``year`` and ``period`` (recorded with who, when and ``reason``); returns the lock
    that was lifted. :class:`~kinerja_xl.errors.UsageError` when it is not locked."""
    if not reason.strip():
        raise UsageError("membuka kunci memerlukan alasan: --alasan \"…\"")
    with Ledger(path) as ledger:
        current = ledger.lock_state(year, period)
        if current is None:
            raise UsageError(f"{period_label(period)} {year} tidak sedang dikunci di buku besar {path}.")
        ledger.record_lock(LockEvent(0, "", "buka", year, period, who, reason.strip()), expect_locked=True)
    return current
