"""What the ledger holds: versions of unit workbooks, what they contain, consolidations and locks.

Plain frozen values, read from and written to the ledger as canonical JSON; numbers travel as text so a
figure comes back exactly as it was read (``Decimal``), never through a float.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..compute.refs import InputRef
from .chain import canonical, sha256_hex

#: How many hex digits of a SHA-256 are shown (and the fewest a lookup accepts is :data:`MIN_PREFIX`).
SHORT = 8
MIN_PREFIX = 4


def number_text(value: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros (``1.50`` and ``1.5`` are one number)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def show_time(text: str) -> str:
    """``2024-03-12T10:15:07+07:00`` as ``12-03-2024 10:15`` (local time of the record)."""
    try:
        return parse_time(text).strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return text


def text(value: Any) -> str:
    """A text of a record as stored; anything else means another tool changed the record."""
    if isinstance(value, str):
        return value
    raise ValueError("isian catatan bukan teks")


def maybe_text(value: Any) -> str | None:
    return None if value is None else text(value)


def whole(value: Any) -> int:
    """A whole number of a record as stored (a year, a size)."""
    if type(value) is int:
        return value
    raise ValueError("isian catatan bukan bilangan bulat")


def maybe_whole(value: Any) -> int | None:
    return None if value is None else whole(value)


#: What a lock record may do: record a final set, or lift it.
LOCK_ACTIONS = ("kunci", "buka")


def lock_action(value: Any) -> str:
    """A lock record's ``aksi`` as stored; anything else (another tool's word, or none) is damage, never read as an
    unlock."""
    if value in LOCK_ACTIONS:
        return str(value)
    raise ValueError("isian catatan bukan aksi kunci yang dikenal")


#: A number of a record as :func:`number_text` writes it (no exponent, no NaN or infinity), within a float's range
#: written out (a cell holds ``1e-300`` as readily as ``107949``).
_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,400}(?:\.[0-9]{1,400})?")


def number(value: Any) -> Decimal:
    """A number of a record as stored (an input, a capaian); anything else means another tool changed the record."""
    if isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value):
        return Decimal(value)
    raise ValueError("isian catatan bukan angka")


def maybe_number_text(value: Any) -> str | None:
    """A number of a record kept as its stored text (checked to be one)."""
    if value is None:
        return None
    number(value)
    return str(value)


def texts(value: Any) -> dict[str, str]:
    """A mapping of texts of a record as stored (notes, identity, the versions a consolidation used)."""
    return {text(k): text(v) for k, v in dict(value).items()}


@dataclass(frozen=True)
class InputEntry:
    """One input value of a version, with the cell it was read from."""

    node: str
    key: str
    unit: str
    sheet: str
    cell: str
    value: Decimal

    @property
    def ref(self) -> InputRef:
        return InputRef(self.node, self.key, self.unit)


@dataclass(frozen=True)
class Content:
    """What a version holds as kinerja_xl read it: every input with its cell, the figures the unit reports
    beside them, its notes and identity, and the figures computed from it (the unit's own scope)."""

    inputs: tuple[InputEntry, ...] = ()
    reported: dict[str, Decimal] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    identity: dict[str, str] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of what was read (inputs, reported figures, notes, identity; not the cells, not the
        computed figures): two files with the same fingerprint say the same thing, e.g. a workbook before
        and after ``hitung`` wrote its result sheets."""
        return sha256_hex(canonical({
            "isian": sorted([e.node, e.key, e.unit, number_text(e.value)] for e in self.inputs),
            "dilaporkan": {k: number_text(v) for k, v in self.reported.items()},
            "keterangan": dict(self.notes),
            "identitas": dict(self.identity),
        }))

    def values(self) -> dict[InputRef, Decimal]:
        return {e.ref: e.value for e in self.inputs}

    def to_data(self) -> dict[str, Any]:
        return {"isian": [[e.node, e.key, e.unit, e.sheet, e.cell, number_text(e.value)] for e in self.inputs],
                "dilaporkan": {k: number_text(v) for k, v in self.reported.items()},
                "keterangan": dict(self.notes), "identitas": dict(self.identity), "angka": dict(self.figures)}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Content:
        return cls(tuple(InputEntry(text(n), text(k), text(u), text(s), text(c), number(v))
                         for n, k, u, s, c, v in data.get("isian", [])),
                   {text(k): number(v) for k, v in data.get("dilaporkan", {}).items()},
                   texts(data.get("keterangan", {})), texts(data.get("identitas", {})), texts(data.get("angka", {})))


@dataclass(frozen=True)
class FileFacts:
    """A workbook file as read: its SHA-256, name and place, size and modification time, identity, the
    catalog it was read with and its validation status and problem counts."""

    sha256: str
    name: str
    location: str
    size: int
    modified: str
    unit: str | None
    year: int | None
    period: str | None
    catalog_id: str
    catalog_hash: str
    status: str
    counts: dict[str, int]


@dataclass(frozen=True)
class Sighting(FileFacts):
    """One workbook as a command read it, and (only when the ledger does not know the file yet) its content
    and its compressed copy; ``modified`` too is given only then (the one place it is recorded: the version's
    record), else ``""``."""

    content: Content | None = None
    copy: bytes | None = None

    @property
    def fingerprint(self) -> str | None:
        return self.content.fingerprint if self.content is not None else None


@dataclass(frozen=True)
class Version(FileFacts):
    """A version as the ledger recorded it when it first saw that content (``number``: its record)."""

    number: int = 0
    time: str = ""
    fingerprint: str | None = None
    stored: bool = False

    @property
    def short(self) -> str:
        return self.sha256[:SHORT]

    def to_data(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "nama": self.name, "lokasi": self.location, "ukuran": self.size,
                "diubah": self.modified, "unit": self.unit, "tahun": self.year, "periode": self.period,
                "katalog": {"id": self.catalog_id, "hash": self.catalog_hash}, "status": self.status,
                "jumlah_masalah": dict(self.counts), "isi": self.fingerprint, "salinan": self.stored}

    @classmethod
    def from_row(cls, number: int, time: str, data: dict[str, Any]) -> Version:
        catalog = data.get("katalog") or {}
        counts = {text(k): whole(v) for k, v in dict(data.get("jumlah_masalah", {})).items()}
        return cls(text(data["sha256"]), text(data.get("nama", "")), text(data.get("lokasi", "")),
                   whole(data.get("ukuran", 0)), text(data.get("diubah", "")), maybe_text(data.get("unit")),
                   maybe_whole(data.get("tahun")), maybe_text(data.get("periode")), text(catalog.get("id", "")),
                   text(catalog.get("hash", "")), text(data.get("status", "")), counts, number=number, time=text(time),
                   fingerprint=maybe_text(data.get("isi")), stored=bool(data.get("salinan")))


@dataclass(frozen=True)
class ConsolidationRecord:
    """A consolidation written from the ledger's versions: which version of each unit it used."""

    number: int
    time: str
    command: str
    output: str
    year: int | None
    period: str | None
    catalog_id: str
    capaian: str | None
    versions: dict[str, str]
    locked: bool = False

    def to_data(self) -> dict[str, Any]:
        return {"perintah": self.command, "keluaran": self.output, "tahun": self.year, "periode": self.period,
                "katalog": self.catalog_id, "capaian": self.capaian, "versi": dict(self.versions),
                "terkunci": self.locked}

    @classmethod
    def from_row(cls, number: int, time: str, data: dict[str, Any]) -> ConsolidationRecord:
        return cls(number, text(time), text(data.get("perintah", "")), text(data.get("keluaran", "")),
                   maybe_whole(data.get("tahun")), maybe_text(data.get("periode")), text(data.get("katalog", "")),
                   maybe_number_text(data.get("capaian")), texts(data.get("versi", {})), bool(data.get("terkunci")))


@dataclass(frozen=True)
class LockedVersion:
    """The version of one unit in a final set: its file (SHA-256) and what it says (fingerprint)."""

    sha256: str
    fingerprint: str | None
    name: str = ""

    @property
    def short(self) -> str:
        return self.sha256[:SHORT]


@dataclass(frozen=True)
class LockEvent:
    """A final set recorded (``kunci``) or lifted (``buka``) for one year and period: who, when, why."""

    number: int
    time: str
    action: str
    year: int
    period: str
    who: str
    note: str
    catalog_id: str = ""
    versions: dict[str, LockedVersion] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def locked(self) -> bool:
        return self.action == "kunci"

    def to_data(self) -> dict[str, Any]:
        return {"aksi": self.action, "oleh": self.who, "catatan": self.note, "katalog": self.catalog_id,
                "versi": {u: {"sha256": v.sha256, "isi": v.fingerprint, "nama": v.name}
                          for u, v in self.versions.items()},
                "tidak_ada": list(self.missing)}

    @classmethod
    def from_row(cls, number: int, time: str, year: int, period: str, data: dict[str, Any]) -> LockEvent:
        versions = {text(u): LockedVersion(text(v["sha256"]), maybe_text(v.get("isi")), text(v.get("nama", "")))
                    for u, v in dict(data.get("versi") or {}).items()}
        return cls(number, text(time), lock_action(data.get("aksi")), whole(year), text(period),
                   text(data.get("oleh", "")), text(data.get("catatan", "")), text(data.get("katalog", "")), versions,
                   tuple(text(u) for u in data.get("tidak_ada", ())))
