"""What changed between two versions: every input by node and field with its cell, and the effect up the
tree (realisasi and capaian of the nodes above it, sasaran, instansi, budget figures).

Inputs are compared as numbers (``1.50`` equals ``1.5``); a figure's effect is the engine run twice,
once over each version, with the same scope, year, period and rounding, so it is exactly what the
*Hasil* sheet or the consolidation would show before and after.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from ..catalog.schema import Catalog, RoundingPolicy
from ..compute.budget import PER_GOAL, PERFORMANCE, SPENDING, UNIT
from ..compute.engine import MINISTRY, compute
from ..compute.expr import InputRef, Value
from ..numbers import show_number
from ..text import alike_on_screen, on_one_line, written_out
from .records import Content, number_text

Kind = Literal["isian", "dilaporkan", "keterangan", "identitas"]
#: What the kinds are called where a user reads them.
KIND_LABELS = {"isian": "isian", "dilaporkan": "realisasi dilaporkan", "keterangan": "keterangan",
               "identitas": "identitas"}
BUDGET_NAMES = {UNIT: "Pagu per unit", SPENDING: "Belanja", PER_GOAL: "Anggaran per sasaran",
                PERFORMANCE: "Nilai Kinerja Anggaran"}
#: Measures of a node that a change is told by, in this order (others follow).
MAIN_MEASURES = ("realisasi", "capaian", "capaian_tahunan", "predikat")
#: How a measure is named where a user reads it.
MEASURE_LABELS = {"realisasi": "realisasi", "capaian": "% capaian", "capaian_tahunan": "% thd target tahunan",
                  "predikat": "predikat", "kenaikan": "% kenaikan", "capaian_akhir": "% capaian thd target akhir"}
LEVEL_LABELS = {"sub": "sub indikator", "komponen": "komponen", "indikator": "indikator", "sasaran": "sasaran",
                "instansi": "instansi", "anggaran": "anggaran", "lain": "lain"}


def measure_label(measure: str) -> str:
    """``rasio.anak`` -> ``rasio kelompok anak``; ``capaian`` -> ``% capaian``."""
    if "." in measure:
        kind, _, part = measure.partition(".")
        return f"{MEASURE_LABELS.get(kind, kind)} {part}"
    return MEASURE_LABELS.get(measure, measure)


def show(value: Decimal | str | None) -> str:
    """A value in Indonesian notation (``1.234,5``), text as it is, nothing as ``–``."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return show_number(value, None)
    return str(value)


@dataclass(frozen=True)
class InputChange:
    """One input (or reported figure, note, identity field) that differs, with its cell in each version."""

    kind: Kind
    node: str
    key: str
    unit: str
    label: str
    old: Decimal | str | None
    new: Decimal | str | None
    old_cell: str = ""
    new_cell: str = ""

    @property
    def cell(self) -> str:
        """The cell of the new value (the old one when the value was removed)."""
        return self.new_cell or self.old_cell

    @property
    def delta(self) -> Decimal | None:
        if isinstance(self.old, Decimal) and isinstance(self.new, Decimal):
            return self.new - self.old
        return None

    def text(self) -> str:
        """``SS1.1.2 'KPM bertransaksi' (Isian!E14): 1.234 → 1.240``; two texts that look alike are quoted with
        what a screen does not show written out (``'Sudah sesuai' → 'Sudah sesuai\u200b'``)."""
        where = f" ({self.cell})" if self.cell else ""
        old, new = show(self.old), show(self.new)
        if isinstance(self.old, str) and isinstance(self.new, str) and alike_on_screen(self.old, self.new):
            old, new = written_out(self.old), written_out(self.new)
        old, new = on_one_line(old), on_one_line(new)  # a note's line feed cannot start a line of its own
        return f"{self.node} {self.label}{where}: {old} → {new}"

    def to_data(self) -> dict[str, Any]:
        return {"jenis": self.kind, "kode": self.node, "isian": self.key, "unit": self.unit, "label": self.label,
                "lama": _json(self.old), "baru": _json(self.new), "sel_lama": self.old_cell,
                "sel_baru": self.new_cell, "selisih": _json(self.delta)}


@dataclass(frozen=True)
class Effect:
    """A computed figure that changes: ``level`` is sub, komponen, indikator, sasaran, instansi or anggaran."""

    node: str
    measure: str
    level: str
    name: str
    old: Value
    new: Value
    digits: int = 2
    label: str = ""             # the measure as a user reads it (``% capaian``, ``rasio Anak``)

    @property
    def delta(self) -> Decimal | None:
        if isinstance(self.old, Decimal) and isinstance(self.new, Decimal):
            return self.new - self.old
        return None

    def shown(self, value: Value) -> str:
        """A figure as published: with the rounding policy's decimals."""
        from ..numbers import format_number

        return format_number(value, self.digits) if isinstance(value, Decimal) else show(value)

    def text(self) -> str:
        """``SS1.1 % capaian (indikator): 100,39 → 100,29``."""
        who = self.name if self.level == "instansi" else self.node
        return (f"{who} {self.label or measure_label(self.measure)} ({LEVEL_LABELS.get(self.level, self.level)}): "
                f"{self.shown(self.old)} → {self.shown(self.new)}")

    def to_data(self) -> dict[str, Any]:
        return {"kode": self.node, "ukuran": self.measure, "label": self.label, "tingkat": self.level,
                "nama": self.name, "lama": _json(self.old), "baru": _json(self.new), "selisih": _json(self.delta)}


def _json(value: Decimal | str | None) -> Any:
    return number_text(value) if isinstance(value, Decimal) else value


def field_labels(catalog: Catalog) -> dict[tuple[str, str], str]:
    """``(node, key) -> 'KPM bertransaksi (Oktober)'``: how a change names its field."""
    return catalog.memo("ledger-field-labels", lambda: {
        (f.node, f.key): f"'{f.label}'" + (f" ({catalog.group_name(f.node, f.group)})" if f.group else "")
        for f in catalog.input_fields()})


def input_changes(catalog: Catalog, old: Content, new: Content) -> list[InputChange]:
    """Every input that differs between ``old`` and ``new`` in catalog order, then the reported figures,
    notes and identity that differ."""
    labels = field_labels(catalog)
    before = {e.ref: e for e in old.inputs}
    after = {e.ref: e for e in new.inputs}
    order = {(f.node, f.key): i for i, f in enumerate(catalog.input_fields())}
    refs = sorted(set(before) | set(after), key=lambda r: (order.get((r.node, r.key), len(order)), r))
    out: list[InputChange] = []
    for ref in refs:
        a, b = before.get(ref), after.get(ref)
        if a is not None and b is not None and a.value == b.value:
            continue
        out.append(InputChange("isian", ref.node, ref.key, ref.unit, labels.get((ref.node, ref.key), ref.key),
                               a.value if a else None, b.value if b else None,
                               f"{a.sheet}!{a.cell}" if a else "", f"{b.sheet}!{b.cell}" if b else ""))
    for node in sorted(set(old.reported) | set(new.reported)):
        if old.reported.get(node) != new.reported.get(node):
            out.append(InputChange("dilaporkan", node, "dilaporkan", "", "realisasi dilaporkan",
                                   old.reported.get(node), new.reported.get(node)))
    for node in sorted(set(old.notes) | set(new.notes)):
        if old.notes.get(node) != new.notes.get(node):
            out.append(InputChange("keterangan", node, "keterangan", "", "keterangan", old.notes.get(node),
                                   new.notes.get(node)))
    for key in sorted(set(old.identity) | set(new.identity)):
        if old.identity.get(key, "") != new.identity.get(key, ""):
            out.append(InputChange("identitas", "identitas", key, "", key.replace("_", " "),
                                   old.identity.get(key) or None, new.identity.get(key) or None))
    return out


def _level(catalog: Catalog, node: str) -> tuple[str, str]:
    if node == MINISTRY:
        return "instansi", catalog.ministry
    if node in BUDGET_NAMES:
        return "anggaran", BUDGET_NAMES[node]
    try:
        found = catalog.node(node)
    except KeyError:
        return "lain", node
    return found.level, found.name


def effects(catalog: Catalog, old: Mapping[InputRef, Decimal], new: Mapping[InputRef, Decimal], *,
            year: int | None = None, period: str = "tahunan", scope: Collection[str] | None = None,
            rounding: RoundingPolicy | None = None) -> list[Effect]:
    """Every figure that differs between the computation over ``old`` and over ``new`` (as published, i.e.
    rounded by the policy), from the leaves up to the instansi, then the budget."""
    a = compute(catalog, old, scope=scope, year=year, period=period, rounding=rounding)
    b = compute(catalog, new, scope=scope, year=year, period=period, rounding=rounding)
    digits = b.rounding.digits

    def shown(value: Value) -> Value:
        from ..compute.rounding import excel_round

        return excel_round(value, digits) if isinstance(value, Decimal) else value

    out: list[Effect] = []
    for ref in b.figures:
        before, after = shown(a.value(ref.node, ref.measure)), shown(b.value(ref.node, ref.measure))
        if before != after:
            level, name = _level(catalog, ref.node)
            kind, _, group = ref.measure.partition(".")
            label = f"{measure_label(kind)} {catalog.group_name(ref.node, group)}" if group and level != "anggaran" \
                else measure_label(ref.measure)
            out.append(Effect(ref.node, ref.measure, level, name, before, after, digits, label))
    rank = {"sub": 0, "komponen": 0, "indikator": 1, "sasaran": 2, "instansi": 3, "anggaran": 4, "lain": 5}
    order = {code: i for i, code in enumerate(n.code for n in catalog.walk())}
    return sorted(out, key=lambda e: (rank.get(e.level, 5), order.get(e.node, len(order)), e.node,
                                      MAIN_MEASURES.index(e.measure) if e.measure in MAIN_MEASURES
                                      else len(MAIN_MEASURES), e.measure))


def capaian_of(catalog: Catalog, inputs: Mapping[InputRef, Decimal], *, year: int | None = None,
               period: str = "tahunan", rounding: RoundingPolicy | None = None) -> Decimal | None:
    """The instansi's capaian (as published) over ``inputs``."""
    return compute(catalog, inputs, year=year, period=period, rounding=rounding).shown(MINISTRY, "capaian")

