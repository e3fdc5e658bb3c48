"""``riwayat --periksa``: the chain of every record and every stored copy checked.

A record whose hash does not match its contents was changed; a record that does not carry the hash of
the one before it means a record before it was changed, inserted or removed; a number missing from the
sequence, a record removed. A stored copy whose SHA-256 is not its name was changed or damaged; a version
that says it has a copy without one lost it. Each finding names the record or copy in Bahasa Indonesia.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from .chain import GENESIS, sha256_hex
from .records import SHORT, Content, show_time
from .store import CONTENT, SCHEMA, VERSION, Ledger, Row

#: The triggers that refuse UPDATE and DELETE on the journal: gone, someone removed them to edit it.
GUARDS = ("catatan_tanpa_hapus", "catatan_tanpa_ubah")
#: The indexes of :data:`~.store.SCHEMA`: the unique ones keep one version per file content and one content
#: record per fingerprint, and every lookup goes through them (gone: another tool dropped one).
SCHEMA_INDEXES = tuple(re.findall(r"^CREATE (?:UNIQUE )?INDEX (\w+) ON", "\n".join(SCHEMA), re.M))


@dataclass(frozen=True)
class Finding:
    """One sign of tampering or damage: ``what`` is ``catatan`` or ``salinan``."""

    what: str
    message: str
    number: int | None = None

    def to_data(self) -> dict[str, Any]:
        return {"jenis": self.what, "nomor": self.number, "pesan": self.message}


@dataclass
class Verification:
    records: int = 0
    copies: int = 0
    findings: list[Finding] = field(default_factory=list)
    head: str = GENESIS

    @property
    def intact(self) -> bool:
        return not self.findings

    def to_data(self) -> dict[str, Any]:
        return {"utuh": self.intact, "catatan": self.records, "salinan": self.copies, "sidik_terakhir": self.head,
                "temuan": [f.to_data() for f in self.findings]}


def describe(row: Row) -> str:
    """``catatan 12 (versi REHSOS 2023 tahunan, 12-03-2024 10:15, berkas 1a2b3c4d)``; each column taken as text (a
    record another tool changed may hold anything in any column)."""
    parts = [str(p) for p in (row.kind, row.unit, row.year, row.period) if p]
    detail = f"{' '.join(parts)}, {show_time(str(row.time))}"
    if row.kind == VERSION:
        detail += f", berkas {str(row.key)[:SHORT]}"
    return f"catatan {row.number} ({detail})"


def verify(ledger: Ledger) -> Verification:
    """Check the chain record by record and every stored copy, one at a time (memory stays flat)."""
    result = Verification()
    previous, expected = GENESIS, 1
    stored: set[str] = set()
    for row in ledger.rows():
        result.records += 1
        if row.number != expected:
            result.findings.append(Finding("catatan", f"catatan {expected}–{row.number - 1} hilang (dihapus)",
                                           expected))
        if row.previous != previous:
            result.findings.append(Finding("catatan", f"{describe(row)} tidak bersambung dengan catatan sebelumnya: "
                                                      "catatan sebelumnya diubah, disisipkan atau dihapus", row.number))
        if row.expected_hash() != row.hash:
            result.findings.append(Finding("catatan", f"{describe(row)} diubah: sidiknya tidak cocok dengan isinya",
                                           row.number))
        else:
            problem = _consistency(row)
            if problem:
                result.findings.append(Finding("catatan", f"{describe(row)}: {problem}", row.number))
            elif row.kind == VERSION and row.decoded().get("salinan"):
                stored.add(row.key)
        previous, expected = row.hash, row.number + 1
    result.head = previous
    present: set[str] = set()
    for sha, blob in ledger.copies():
        result.copies += 1
        present.add(sha)
        try:
            actual = sha256_hex(zlib.decompress(blob))
        except zlib.error:
            actual = ""
        if actual != sha:
            result.findings.append(Finding("salinan", f"salinan berkas {sha[:SHORT]} diubah atau rusak: isinya tidak "
                                                      "lagi sesuai dengan sidiknya"))
    for sha in sorted(stored - present):
        result.findings.append(Finding("salinan", f"salinan berkas {sha[:SHORT]} hilang dari buku besar"))
    missing = [name for name in GUARDS if name not in ledger.triggers()]
    if missing:
        result.findings.append(Finding("catatan", "pelindung buku besar dihapus (" + ", ".join(missing) + "): "
                                                  "seseorang menyiapkan pengubahan catatan"))
    gone = [name for name in SCHEMA_INDEXES if name not in ledger.indexes()]
    if gone:
        result.findings.append(Finding("catatan", "indeks buku besar dihapus (" + ", ".join(gone) + "): tanpanya "
                                                  "satu isi berkas dapat dicatat dua kali dan perintah lain tidak "
                                                  "dapat memakai buku besar ini"))
    return result


def _consistency(row: Row) -> str:
    """A record whose hash matches but whose columns disagree with its data (written by another tool)."""
    try:
        data = row.decoded()
    except (ValueError, zlib.error, UnicodeDecodeError):
        return "isinya tidak dapat dibaca"
    if row.kind == VERSION and (data.get("sha256") != row.key or (data.get("unit"), data.get("tahun"),
                                                                  data.get("periode")) != (row.unit, row.year,
                                                                                           row.period)):
        return "kolomnya tidak sesuai dengan isinya"
    if row.kind == CONTENT and Content.from_data(data).fingerprint != row.key:
        return "isinya tidak sesuai dengan sidik isinya"
    return ""
