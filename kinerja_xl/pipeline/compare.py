"""``banding``: two versions of one unit's workbook compared, input by input, with the effect up the tree.

A side is a file (read by the reader every command uses, and recorded in the ledger) or a version the
ledger holds (by the first hex digits of its SHA-256); ``UNIT PERIODE`` compares that unit's two latest
versions with different content. The effect is the engine run over both: over the other units' current
versions too when the ledger has them (the effect on the consolidation: sasaran, instansi), else over
the unit alone (what its *Hasil* sheet shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..catalog.schema import Catalog
from ..compute.expr import InputRef
from ..errors import LedgerError, UsageError
from ..ledger import Content, Ledger, Version, content_of
from ..ledger.diff import Effect, InputChange, effects, input_changes
from ..ledger.records import MIN_PREFIX, SHORT, show_time
from ..model import SKIP_OUTPUT
from ..unit_layout import period_label
from ..validate.report import STATUS_LABELS, file_status, output_label
from .ledger import LedgerSettings
from .unit import unit_results
from .validation import ReadSettings, read_recorded


@dataclass(frozen=True)
class Side:
    """One version being compared: where it comes from, which it is, and what it holds."""

    source: str                 # the file, or "buku besar"
    name: str
    sha256: str
    time: str
    unit: str
    year: int | None
    period: str | None
    status: str
    content: Content

    @property
    def short(self) -> str:
        return self.sha256[:SHORT]

    def describe(self) -> str:
        """``5e6f7a8b (kinerja-REHSOS-2023-tahunan.xlsx, 13-03-2024 09:00)``."""
        when = f", {show_time(self.time)}" if self.time else ""
        return f"{self.short} ({self.name}{when})"

    def to_data(self) -> dict[str, Any]:
        return {"sumber": self.source, "nama": self.name, "sha256": self.sha256, "pendek": self.short,
                "waktu": self.time, "unit": self.unit, "tahun": self.year, "periode": self.period,
                "status": self.status}


@dataclass(frozen=True)
class Comparison:
    """What changed from ``old`` to ``new``: the inputs, and every figure that moves because of them."""

    old: Side
    new: Side
    changes: tuple[InputChange, ...]
    effects: tuple[Effect, ...]
    scope: str                  # "instansi": with the other units' current versions; "unit": the unit alone

    @property
    def title(self) -> str:
        period = period_label(self.new.period or "tahunan")
        return f"{self.new.unit} {period} {self.new.year}: versi {self.old.describe()} → {self.new.describe()}"

    @property
    def scope_text(self) -> str:
        return ("dihitung bersama versi terkini unit lain di buku besar (dampak pada konsolidasi)"
                if self.scope == "instansi" else "dihitung atas isian unit ini saja (seperti lembar Hasil-nya)")

    def to_data(self) -> dict[str, Any]:
        return {"lama": self.old.to_data(), "baru": self.new.to_data(), "lingkup_dampak": self.scope,
                "perubahan": [c.to_data() for c in self.changes], "dampak": [e.to_data() for e in self.effects]}


def read_side(path: Path, catalog: Catalog, ledger: LedgerSettings | None) -> Side:
    """A file as a side: read and checked like any input, recorded in ``ledger``."""
    settings = ReadSettings(catalog, figures=True, ledger=ledger)
    (submission,), _ = read_recorded([path], settings)
    if not submission.readable or submission.unit is None or submission.skipped:
        if submission.skipped == SKIP_OUTPUT:
            kind = output_label(submission) or "keluaran kinerja-xl"
            raise UsageError(f"{path} adalah {kind} buatan kinerja-xl, bukan buku kerja isian unit; banding "
                             "membandingkan dua versi buku kerja satu unit.")
        first = next((p.message for p in submission.problems if p.severity == "galat"),
                     "unit, tahun atau periodenya tidak terbaca")
        raise UsageError(f"{path} tidak dapat dibaca sebagai buku kerja unit: {first}")
    computation = unit_results(submission, submission.problems, catalog).computation
    version = submission.version
    return Side(str(path), path.name, version.sha256 if version else "",
                (version.first_seen or version.modified) if version else "", submission.unit, submission.year,
                submission.period, STATUS_LABELS[file_status(submission.problems)],
                content_of(submission, computation))


def _side(ledger: Ledger, version: Version) -> Side:
    content = ledger.content(version.fingerprint)
    if content is None or version.unit is None:
        raise UsageError(f"versi {version.short} ({version.name}) bukan buku kerja unit yang terbaca; isinya tidak "
                         "tercatat.")
    return Side("buku besar", version.location or version.name, version.sha256, version.time, version.unit,
                version.year, version.period, STATUS_LABELS.get(version.status, version.status), content)


def ledger_side(path: Path, prefix: str) -> Side:
    """The version of the ledger at ``path`` whose SHA-256 starts with ``prefix``."""
    with Ledger(path, readonly=True) as ledger:
        return _side(ledger, find_version(ledger, prefix, path,
                                          missing="bukan berkas yang ada, juga bukan sidik versi"))


def find_version(ledger: Ledger, prefix: str, path: Path, missing: str = "bukan sidik versi") -> Version:
    """The one version of ``ledger`` whose SHA-256 starts with ``prefix``; a :class:`UsageError` that says why not:
    too short, none, or several (each listed by as many digits as tell them apart)."""
    if len(prefix) < MIN_PREFIX:
        raise UsageError(f"'{prefix}' terlalu pendek untuk sidik versi: tulis sedikitnya {MIN_PREFIX} karakter.")
    found = ledger.find(prefix)
    if not found:
        raise UsageError(f"'{prefix}' {missing} di buku besar {path}.")
    if len(found) > 1:
        shown, digits = found[:10], SHORT
        while len({v.sha256[:digits] for v in shown}) < len(shown):
            digits += 1
        listed = ", ".join(f"{v.sha256[:digits]} ({v.unit} {v.name})" for v in shown)
        raise UsageError(f"sidik '{prefix}' cocok dengan {len(found)} versi: {listed}. Tulis lebih panjang.")
    return found[0]


def latest_two(path: Path, unit: str, year: int, period: str) -> tuple[Side, Side]:
    """The two latest versions of ``unit`` with different content (older first)."""
    with Ledger(path, readonly=True) as ledger:
        versions = [v for v in ledger.versions(year=year, period=period, unit=unit) if v.fingerprint]
        distinct: list[Version] = []
        for v in reversed(versions):
            if all(v.fingerprint != d.fingerprint for d in distinct):
                distinct.append(v)
            if len(distinct) == 2:
                break
        if len(distinct) < 2:
            have = "belum ada versi" if not distinct else "baru ada satu isi versi"
            raise UsageError(f"{unit} {period_label(period)} {year} {have} di buku besar {path}; tidak ada yang "
                             "dibandingkan.")
        return _side(ledger, distinct[1]), _side(ledger, distinct[0])


def context(path: Path | None, catalog: Catalog, unit: str, year: int | None,
            period: str | None) -> dict[InputRef, Decimal] | None:
    """The inputs of every other unit's current version (the one seen last) of ``year`` and ``period`` in
    the ledger at ``path``; ``None`` when there is none (the effect is then the unit's own)."""
    if path is None or not path.is_file() or year is None or period is None:
        return None
    try:
        with Ledger(path, readonly=True) as ledger:
            versions = ledger.versions(year=year, period=period)
            seen = ledger.last_seen(v.sha256 for v in versions)
            latest: dict[str, Version] = {}
            for v in versions:
                if v.unit and v.unit != unit and v.fingerprint and v.catalog_id == catalog.id:
                    best = latest.get(v.unit)
                    if best is None or (seen.get(v.sha256, ("",))[0], v.number) >= (seen.get(best.sha256, ("",))[0],
                                                                                   best.number):
                        latest[v.unit] = v
            values: dict[InputRef, Decimal] = {}
            for v in latest.values():
                content = ledger.content(v.fingerprint)
                if content is not None:
                    values.update(content.values())
    except LedgerError:
        return None
    return values or None


def compare(catalog: Catalog, old: Side, new: Side, others: dict[InputRef, Decimal] | None = None) -> Comparison:
    """Compare two versions of one unit, year and period (:class:`~kinerja_xl.errors.UsageError` otherwise)."""
    if (old.unit, old.year, old.period) != (new.unit, new.year, new.period):
        raise UsageError(f"LAMA dan BARU bukan versi satu unit dan periode: {old.unit} {old.period} {old.year} "
                         f"dan {new.unit} {new.period} {new.year}.")
    changes = input_changes(catalog, old.content, new.content)
    period = new.period or "tahunan"
    if others:
        figures = effects(catalog, {**others, **old.content.values()}, {**others, **new.content.values()},
                          year=new.year, period=period)
    else:
        figures = effects(catalog, old.content.values(), new.content.values(), year=new.year, period=period,
                          scope={new.unit})
    return Comparison(old, new, tuple(changes), tuple(figures), "instansi" if others else "unit")


def write_changes(comparison: Comparison, path: Path, *, force: bool = False) -> Path:
    """The *Perubahan* sheet of ``comparison`` written into workbook ``path`` (the newer version), through the
    write-back that changes only result sheets."""
    import datetime as dt

    from ..plans.changes_sheet import plan_changes_sheet
    from ..render.write_back import write_changes_sheet

    lines = (f"Versi lama: {comparison.old.describe()} · {comparison.old.source}",
             f"Versi baru: {comparison.new.describe()} · {comparison.new.source}",
             f"Dampak {comparison.scope_text}. Dibandingkan {dt.datetime.now():%d-%m-%Y %H:%M} (kinerja-xl banding).")
    title = (f"Perubahan isian {comparison.new.unit} {period_label(comparison.new.period or 'tahunan')} "
             f"{comparison.new.year}")
    return write_changes_sheet(path, lambda sheets: plan_changes_sheet(title, lines, comparison.changes,
                                                                       comparison.effects, sheets), force=force)
