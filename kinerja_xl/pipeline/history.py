"""What a consolidation says about versions, and what the ledger keeps of it.

:func:`consolidation_history` gathers, for the *Riwayat* sheet and the Word draft, the version of each
unit a consolidation was computed from, every version of its period, what changed since the previous
consolidation of that period with each change's effect on the instansi's capaian, and the final set;
:func:`record_consolidation` records which versions an output was computed from, once it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..catalog.schema import Catalog
from ..compute.engine import MINISTRY, Computation
from ..compute.expr import InputRef
from ..errors import LedgerError
from ..ledger.chain import sha256_hex
from ..ledger import ConsolidationRecord, Content, Ledger, Version
from ..ledger.diff import capaian_of, input_changes
from ..ledger.history import ConsolidationHistory, History, UnitChange, UsedVersion, build_history
from ..ledger.records import number_text
from ..model import UnitSubmission
from ..unit_layout import period_label
from ..validate.report import STATUS_LABELS, ValidationReport
from .batch import Batch
from .ledger import Session

#: Versions of one unit a *Riwayat* sheet lists (the latest ones).
MAX_LISTED = 20


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text is not None else None
    except InvalidOperation:
        return None


def used_versions(report: ValidationReport, batch: Batch, catalog: Catalog) -> list[UsedVersion]:
    """The version of each unit the batch's figures come from, in the catalog's order of units."""
    statuses = {f.file: f.status for f in report.files}
    order = {u.code: i for i, u in enumerate(catalog.units)}
    out = []
    for s in sorted(batch.sources, key=lambda s: (order.get(s.unit, len(order)), s.unit)):
        v = s.version
        name = next((u.name for u in catalog.units if u.code == s.unit), s.unit)
        status = "versi final" if s.final else STATUS_LABELS.get(statuses.get(s.file, ""), "")
        out.append(UsedVersion(s.unit, name, s.file, v.sha256 if v else "", (v.first_seen or v.modified) if v else "",
                               status, s.final))
    return out


def _inputs(contents: Iterable[Content | None]) -> dict[InputRef, Decimal]:
    values: dict[InputRef, Decimal] = {}
    for content in contents:
        if content is not None:
            values.update(content.values())
    return values


def consolidation_history(report: ValidationReport, batch: Batch, computation: Computation) -> ConsolidationHistory:
    """Everything the outputs of this consolidation say about versions (see the module)."""
    catalog = computation.catalog
    used = used_versions(report, batch, catalog)
    capaian = computation.shown(MINISTRY, "capaian")
    session = report.ledger
    if not isinstance(session, Session):
        return ConsolidationHistory(tuple(used), capaian=capaian, note="buku besar tidak dipakai pada proses ini")
    if session.failed:
        return ConsolidationHistory(tuple(used), capaian=capaian, ledger=str(session.path),
                                    note=f"buku besar tidak dapat dipakai: {session.failed}")
    try:
        with Ledger(session.path, readonly=True) as ledger:
            return _history(ledger, catalog, batch, computation, used, capaian)
    except LedgerError as exc:
        session.fail(exc)
        return ConsolidationHistory(tuple(used), capaian=capaian, ledger=str(session.path),
                                    note=f"buku besar tidak dapat dipakai: {exc.reason}")


def _history(ledger: Ledger, catalog: Catalog, batch: Batch, computation: Computation, used: list[UsedVersion],
             capaian: Decimal | None) -> ConsolidationHistory:
    year, period = batch.year, batch.period
    consolidations = ledger.consolidations(year=year, period=period)
    previous = consolidations[-1] if consolidations else None
    before = dict(previous.versions) if previous else {}
    now = {u.unit: u.sha256 for u in used}
    per_unit: dict[str | None, list[Version]] = {}
    for version in ledger.versions(year=year, period=period):
        per_unit.setdefault(version.unit, []).append(version)
    listed = [v for versions in per_unit.values() for v in versions[-MAX_LISTED:]]
    fingerprints = {sha: found.fingerprint for sha in {*before.values(), *now.values()}
                    if (found := ledger.version(sha)) is not None}
    wanted = {v.fingerprint for v in listed} | set(fingerprints.values())
    contents = {fp: c for fp in wanted if fp and (c := ledger.content(fp)) is not None}
    units = build_history(listed, contents=contents, last_seen=ledger.last_seen(v.sha256 for v in listed),
                          consolidations=consolidations,
                          locks=ledger.locks(), present={sha: unit for unit, sha in now.items()}, catalog=catalog,
                          capaian=False)
    changes: list[UnitChange] = []
    if previous is not None:
        old_inputs = _inputs(contents.get(fingerprints.get(sha) or "") for sha in before.values())
        base = capaian_of(catalog, old_inputs, year=year, period=period, rounding=computation.rounding)
        for unit in sorted(set(before) | set(now)):
            old, new = before.get(unit, ""), now.get(unit, "")
            if old == new or (old and new and fingerprints.get(old) == fingerprints.get(new)):
                continue
            a, b = contents.get(fingerprints.get(old) or ""), contents.get(fingerprints.get(new) or "")
            differing = tuple(input_changes(catalog, a or Content(), b or Content()))
            swapped = {r: x for r, x in old_inputs.items() if r.unit != unit}
            swapped.update(b.values() if b is not None else {})
            after = capaian_of(catalog, swapped, year=year, period=period, rounding=computation.rounding)
            effect = after - base if after is not None and base is not None else None
            changes.append(UnitChange(unit, old, new, differing, effect))
    marked = tuple(UsedVersion(u.unit, u.unit_name, u.file, u.sha256, u.time, u.status, u.final,
                               None if previous is None else before.get(u.unit) != u.sha256 and (
                                   fingerprints.get(before.get(u.unit, "")) != fingerprints.get(u.sha256)))
                   for u in used)
    return ConsolidationHistory(marked, tuple(units), previous, _decimal(previous.capaian) if previous else None,
                                capaian, tuple(changes), ledger.lock_state(year, period), str(ledger.path),
                                ledger.head())


def record_consolidation(report: ValidationReport, batch: Batch, computation: Computation, output: str,
                         command: str) -> str | None:
    """Record that ``output`` was computed from the batch's versions; the warning to show when the ledger
    cannot take it (``None`` when recorded, or when no ledger is used)."""
    session = report.ledger
    if not isinstance(session, Session) or session.failed:
        return None
    capaian = computation.shown(MINISTRY, "capaian")
    record = ConsolidationRecord(0, "", command, session.location(output), batch.year, batch.period,
                                 computation.catalog.id, number_text(capaian) if capaian is not None else None,
                                 {s.unit: s.version.sha256 for s in batch.sources if s.version is not None},
                                 batch.final is not None)
    try:
        with Ledger(session.path) as ledger:
            ledger.record_consolidation(record)
    except LedgerError as exc:
        session.fail(exc)
        return session.warning.message if session.warning else str(exc)
    return None


def present_versions(submissions: Iterable[UnitSubmission]) -> dict[str, str]:
    """The version of every file a run read (``{sha: file}``): what a folder holds now, from the bytes read once
    (a file that could not be read at all has none)."""
    return {s.version.sha256: s.file for s in submissions if s.version is not None}


def ledger_history(path: Path, catalog: Catalog | None, *, present: dict[str, str] | None = None,
                   year: int | None = None, period: str | None = None, unit: str | None = None) -> History:
    """``riwayat``: every version of the ledger at ``path`` (of one year, period or unit when given), which is
    in the folder now (``present``: the version of each file read there, :func:`present_versions`), each
    consolidation and lock, and the folder's files the ledger has not seen."""
    with Ledger(path, readonly=True) as ledger:
        versions = ledger.versions(year=year, period=period)  # every unit: the others give each capaian
        contents = {fp: c for fp in {v.fingerprint for v in versions} if fp and (c := ledger.content(fp)) is not None}
        consolidations = ledger.consolidations(year=year, period=period)
        known = ledger.known(present or ())
        units = build_history(versions, contents=contents, last_seen=ledger.last_seen(v.sha256 for v in versions),
                              consolidations=consolidations, locks=ledger.locks(), present=present, catalog=catalog)
        return History([u for u in units if unit is None or u.unit == unit], consolidations,
                       ledger.lock_events(year, period), sorted(file for sha, file in (present or {}).items()
                                                                if sha not in known), ledger.head())


def restore_version(path: Path, prefix: str, target: Path, *, force: bool = False) -> tuple[Version, str]:
    """Write the stored copy of the version ``prefix`` to ``target`` (atomically). A file already there is
    replaced only when the ledger holds a copy of it too (so nothing is lost); returns the version restored
    and the short SHA-256 of the file it replaced ('' when there was none)."""
    from ..atomic import atomic_write_bytes
    from ..errors import UsageError
    from ..package import check_not_open
    from .compare import find_version

    with Ledger(path, readonly=True) as ledger:
        version = find_version(ledger, prefix, path)
        data = ledger.copy(version.sha256)
        if data is None or sha256_hex(data) != version.sha256:
            raise UsageError(f"salinan versi {version.short} tidak ada atau rusak di buku besar (dicatat dengan "
                             "--tanpa-salinan, atau periksa dengan kinerja-xl riwayat --periksa).")
        replaced = ""
        if target.exists():
            if target.is_dir():
                raise UsageError(f"{target} adalah folder; sebutkan nama berkas .xlsx.")
            current = sha256_hex(target.read_bytes())
            kept = ledger.version(current)
            if current != version.sha256 and (kept is None or ledger.copy(current) is None):
                raise UsageError(f"{target} sudah ada dan isinya belum tersimpan di buku besar, jadi tidak ditimpa. "
                                 "Pilih nama lain, atau catat dulu (kinerja-xl validasi) lalu ulangi.")
            if kept is not None and kept.unit and version.unit and \
                    (kept.unit, kept.year, kept.period) != (version.unit, version.year, version.period):
                # the folder would hold two workbooks of one unit and none of the other
                raise UsageError(f"{target} adalah buku kerja {kept.unit} {period_label(kept.period or '-')} "
                                 f"{kept.year}, sedangkan versi {version.short} milik {version.unit} "
                                 f"{period_label(version.period or '-')} {version.year}; tidak ditimpa. Pulihkan ke "
                                 "nama berkas lain (-o).")
            replaced = current[:8]
    if not force:
        check_not_open(target)
    atomic_write_bytes(target, data)
    return version, replaced


def record_workbook(path: Path, catalog: Catalog) -> list[str]:
    """The saved file of a workbook open in Excel recorded in its folder's ledger (the *Validasi* and *Hitung*
    buttons): what to tell the user besides, i.e. a file differing from its period's final version, or a
    ledger that cannot be used (one line each)."""
    from .ledger import ledger_settings
    from .validation import ReadSettings, validate_files

    if not path.is_file():
        return []
    report = validate_files([path], ReadSettings(catalog, figures=False, ledger=ledger_settings([path])))
    session = report.ledger
    if not isinstance(session, Session):
        return []
    return [p.message for p in session.problems]
