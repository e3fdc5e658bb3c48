"""What a consolidation says about versions, and what the ledger keeps of it.

:func:`consolidation_history` gathers, for the *Riwayat* sheet and the Word draft, the version of each
unit a consolidation was computed from, every version of its period, what changed since the previous
consolidation of that period with each change's effect on the instansi's capaian, and the final set;
:func:`record_consolidation` records which versions an output was computed from, once it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from ..catalog.schema import Catalog
from ..compute.engine import MINISTRY, Computation
from ..compute.expr import InputRef
from ..errors import LedgerError
from ..ledger import ConsolidationRecord, Content, Ledger, Version, input_changes
from ..ledger.diff import capaian_of
from ..ledger.history import ConsolidationHistory, UnitChange, UsedVersion, build_history
from ..ledger.records import number_text
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
    units = build_history(listed, contents=contents, last_seen=ledger.last_seen(), consolidations=consolidations,
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
