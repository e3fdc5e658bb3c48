"""``riwayat``: per unit and period, the versions in the order they were first seen, which one is current,
which consolidation used which, the final set, and the instansi capaian each version gives.

"Current" is the version of a file in the folder now (when the folder's files were hashed), else the one
seen last. The capaian a version gives is the instansi's capaian over that version together with the
current version of every other unit of the same year and period (the catalog given, when it is the one
the version was read with).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..catalog.schema import Catalog
from ..compute.expr import InputRef
from .diff import InputChange, capaian_of, input_changes
from .records import SHORT, ConsolidationRecord, Content, LockEvent, Version, number_text


@dataclass(frozen=True)
class VersionLine:
    """One version as ``riwayat`` shows it."""

    version: Version
    current: bool = False
    locked: bool = False
    last_seen: str = ""
    same_as: str = ""                    # an earlier version with the same content (short SHA)
    changes: int | None = None           # inputs changed since the previous version with other content
    used_by: tuple[ConsolidationRecord, ...] = ()
    capaian: Decimal | None = None
    seen_at: str = ""

    def to_data(self) -> dict[str, Any]:
        return {**self.version.to_data(), "pendek": self.version.short, "pertama_dilihat": self.version.time,
                "terakhir_dilihat": self.last_seen, "lokasi_terakhir": self.seen_at, "saat_ini": self.current,
                "terkunci": self.locked, "isi_sama_dengan": self.same_as or None, "jumlah_perubahan": self.changes,
                "capaian_instansi": number_text(self.capaian) if self.capaian is not None else None,
                "dipakai_konsolidasi": [{"nomor": c.number, "waktu": c.time, "perintah": c.command,
                                         "keluaran": c.output} for c in self.used_by]}


@dataclass(frozen=True)
class UnitHistory:
    unit: str | None
    year: int | None
    period: str | None
    lines: tuple[VersionLine, ...]

    def to_data(self) -> dict[str, Any]:
        return {"unit": self.unit, "tahun": self.year, "periode": self.period,
                "versi": [line.to_data() for line in self.lines]}


@dataclass
class History:
    units: list[UnitHistory] = field(default_factory=list)
    consolidations: list[ConsolidationRecord] = field(default_factory=list)
    locks: list[LockEvent] = field(default_factory=list)
    untracked: list[str] = field(default_factory=list)
    head: str = ""

    def to_data(self) -> dict[str, Any]:
        return {"unit": [u.to_data() for u in self.units],
                "konsolidasi": [{"nomor": c.number, "waktu": c.time, **c.to_data()} for c in self.consolidations],
                "kunci": [{"nomor": e.number, "waktu": e.time, "tahun": e.year, "periode": e.period, **e.to_data()}
                          for e in self.locks],
                "belum_tercatat": list(self.untracked), "sidik_terakhir": self.head}


def _key(v: Version) -> tuple[int, str, str]:
    return (v.year or 0, v.period or "", v.unit or "")


def build_history(versions: list[Version], *, contents: Mapping[str, Content], last_seen: Mapping[str, tuple[str, str]],
                  consolidations: list[ConsolidationRecord], locks: Mapping[tuple[int, str], LockEvent],
                  present: Mapping[str, str] | None = None, catalog: Catalog | None = None,
                  capaian: bool = True) -> list[UnitHistory]:
    """The versions grouped per year, period and unit, each with its marks; ``contents`` by fingerprint,
    ``present``: SHA-256 of the files in the folder now (``None``: not looked at); ``capaian``: with the
    instansi capaian each version gives (one computation per version)."""
    groups: dict[tuple[int, str, str], list[Version]] = {}
    for v in versions:
        groups.setdefault(_key(v), []).append(v)
    latest: dict[tuple[int, str, str], Version] = {}   # the version of each unit the others are computed with
    current: dict[tuple[int, str, str], Version] = {}  # the version in the folder now (or the latest)
    for key, members in groups.items():
        latest[key] = max(members, key=lambda v: (last_seen.get(v.sha256, ("", ""))[0], v.number))
        here = [v for v in members if present is None or v.sha256 in present]
        if here:
            current[key] = latest[key] if present is None else max(
                here, key=lambda v: (last_seen.get(v.sha256, ("", ""))[0], v.number))
            latest[key] = current[key]
    out: list[UnitHistory] = []
    for key in sorted(groups):
        members = groups[key]
        year, period, unit = members[0].year, members[0].period, members[0].unit
        lock = locks.get((year, period)) if year is not None and period is not None else None
        locked = lock.versions.get(unit) if lock is not None and unit is not None else None
        context = _context(latest, contents, key, catalog) if capaian else None
        lines: list[VersionLine] = []
        seen_content: dict[str, str] = {}
        previous: Content | None = None
        for v in members:
            content = contents.get(v.fingerprint or "")
            same = seen_content.get(v.fingerprint or "", "") if v.fingerprint else ""
            changes = None
            if content is not None and previous is not None and not same and catalog is not None:
                changes = sum(1 for c in input_changes(catalog, previous, content) if c.kind == "isian")
            gives = None
            if content is not None and context is not None and catalog is not None and unit is not None \
                    and v.catalog_id == catalog.id:
                inputs = {**{r: x for r, x in context.items() if r.unit != unit}, **content.values()}
                gives = capaian_of(catalog, inputs, year=year, period=period or "tahunan")
            seen, where = last_seen.get(v.sha256, ("", ""))
            lines.append(VersionLine(v, current.get(key) is v, locked is not None and locked.fingerprint is not None
                                     and locked.fingerprint == v.fingerprint, seen, same, changes,
                                     tuple(c for c in consolidations if c.versions.get(unit or "") == v.sha256),
                                     gives, where))
            if v.fingerprint and v.fingerprint not in seen_content:
                seen_content[v.fingerprint] = v.short
                if content is not None and not same:
                    previous = content
        out.append(UnitHistory(unit, year, period, tuple(lines)))
    return out


def _context(current: Mapping[tuple[int, str, str], Version], contents: Mapping[str, Content],
             key: tuple[int, str, str], catalog: Catalog | None) -> dict[InputRef, Decimal] | None:
    """The inputs of every unit's current version of the same year and period (for the capaian a version
    gives); ``None`` without a catalog of the versions' own kind."""
    if catalog is None:
        return None
    values: dict[InputRef, Decimal] = {}
    for (year, period, _unit), version in current.items():
        if (year, period) != key[:2] or version.catalog_id != catalog.id:
            continue
        content = contents.get(version.fingerprint or "")
        if content is not None:
            values.update(content.values())
    own = current.get(key)
    if own is not None and own.catalog_id != catalog.id:
        return None
    return values


@dataclass(frozen=True)
class UsedVersion:
    """The version of one unit a consolidation was computed from."""

    unit: str
    unit_name: str
    file: str
    sha256: str
    time: str                  # when the ledger first saw it (else the file's modification time)
    status: str = ""
    final: bool = False
    changed: bool | None = None  # another version than the previous consolidation's (None: no previous)

    @property
    def short(self) -> str:
        return self.sha256[:SHORT]

    def to_data(self) -> dict[str, Any]:
        return {"unit": self.unit, "berkas": self.file, "sha256": self.sha256, "pendek": self.short,
                "waktu": self.time, "status": self.status, "final": self.final, "berubah": self.changed}


@dataclass(frozen=True)
class UnitChange:
    """A unit whose version differs from the previous consolidation's: its inputs that changed, and how much
    of the change in the instansi's capaian it makes alone (its new version, every other unit as before)."""

    unit: str
    old: str
    new: str
    changes: tuple[InputChange, ...]
    effect: Decimal | None

    def to_data(self) -> dict[str, Any]:
        return {"unit": self.unit, "versi_lama": self.old[:SHORT], "versi_baru": self.new[:SHORT],
                "perubahan": [c.to_data() for c in self.changes],
                "dampak_capaian_instansi": number_text(self.effect) if self.effect is not None else None}


@dataclass(frozen=True)
class ConsolidationHistory:
    """What a consolidated workbook (its *Riwayat* sheet) and the Word draft say about versions: the version
    of each unit used, every version of the period, what changed since the previous consolidation and its
    effect on the instansi's capaian, the final set, and the ledger's last hash at that moment."""

    used: tuple[UsedVersion, ...]
    units: tuple[UnitHistory, ...] = ()
    previous: ConsolidationRecord | None = None
    previous_capaian: Decimal | None = None
    capaian: Decimal | None = None
    changes: tuple[UnitChange, ...] = ()
    lock: LockEvent | None = None
    ledger: str = ""
    head: str = ""
    note: str = ""             # why there is no history (the ledger off or not usable)

    def to_data(self) -> dict[str, Any]:
        return {"versi_dipakai": [u.to_data() for u in self.used], "buku_besar": self.ledger or None,
                "sidik_buku_besar": self.head or None, "catatan": self.note or None,
                "konsolidasi_sebelumnya": ({"nomor": self.previous.number, "waktu": self.previous.time,
                                           "keluaran": self.previous.output,
                                           "capaian": self.previous.capaian} if self.previous else None),
                "perubahan": [c.to_data() for c in self.changes],
                "final": ({"waktu": self.lock.time, "oleh": self.lock.who, "catatan": self.lock.note}
                          if self.lock else None)}
