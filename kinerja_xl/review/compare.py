"""Recompute every printed figure of a draft report and classify each difference.

:func:`review` evaluates the checks of every printed row (:mod:`kinerja_xl.review.printed`): the engine's
figures from the units' raw figures under the chosen rounding order, the raw figures themselves, and the
table's own arithmetic on its printed figures (a % from the printed counts, a total from its printed rows).
A printed figure whose difference from the recomputed value is at least ``tolerance`` becomes a
:class:`Finding`, classified as

* ``tidak konsisten`` the same quantity is printed elsewhere with another value;
* ``data`` a figure that is input, not arithmetic, disagrees: a count or amount against the units' raw
  figure, a total that is not the sum of its printed rows, a product (IKM x responden) of another row;
* ``pembulatan`` another rounding order explains it (no intermediate rounding, truncation, half to even,
  a total of rounded parts, or a survey's unsur weight 1/N rounded as 0,11 or 0,111): the note says which;
* ``aritmetika`` no rounding order explains it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

from ..catalog.schema import Catalog, RoundingPolicy
from ..compute.engine import Computation, compute
from ..catalog.survey import rounded_weights
from ..compute.expr import Add, Cell, Expr, InputRef, Ref, ResultRef, Round, Value, evaluate
from ..compute.results import json_number
from ..compute.rounding import WORKING_PRECISION, excel_round, rounding_variants
from ..compute.survey import WEIGHT, is_nrr_measure
from ..numbers import format_number
from .notation import Check, EngineFigure, Mean, PrintedRow, Product, RawFigure, Ratio, Total
from .printed import Printed, load_reported

PEMBULATAN, ARITMETIKA, TIDAK_KONSISTEN, DATA = "pembulatan", "aritmetika", "tidak konsisten", "data"
KLASIFIKASI = (TIDAK_KONSISTEN, DATA, PEMBULATAN, ARITMETIKA)
_PRINTED_DECIMALS = re.compile(r",(\d+)\D*$")  # the decimals of a figure as printed
_TABLE = re.compile(r"T\d")  # the report's numbered tables (format notes compare a column of a table)
#: Decimals agencies round each unsur's NRR to when they do (a printed IKM computed so is explained as such).
NRR_DIGITS_WRITTEN = (2, 3)
MODES = {"bertahap": "pembulatan bertahap (setiap tahap yang dipublikasikan dibulatkan)",
         "tanpa_antara": "tanpa pembulatan antara (presisi penuh, dibulatkan hanya saat ditampilkan)"}


@dataclass(frozen=True)
class Finding:
    kode: str
    tabel: str
    baris: str
    besaran: str
    dicetak: Decimal
    dihitung: Decimal | None
    selisih: Decimal | None
    klasifikasi: str
    catatan: str
    sumber: str = ""
    tercetak: str = ""  # the figure as printed (``2021``, ``117,29``), where the Dilaporkan file gives it

    def shown(self) -> tuple[str, str]:
        """(printed, recomputed) as a reader compares them: the printed figure as printed, the recomputed one
        in Indonesian notation with at least as many decimals as the printed one (``117,30``, never
        ``117,3``); ``-`` when there is none."""
        text = self.tercetak.strip()
        printed_places, places = self.places()
        printed = text or format_number(self.dicetak, printed_places)
        if self.dihitung is None:
            return printed, "-"
        return printed, format_number(self.dihitung, places)

    def places(self) -> tuple[int, int]:
        """Decimal places of (the printed figure, the recomputed one and the difference): as printed, and at least
        as many for the recomputed one as the printed one has, or as it carries itself."""
        text = self.tercetak.strip()
        printed = _text_places(text) if text else _places(self.dicetak)
        return printed, max(printed, _places(self.dihitung.normalize())) if self.dihitung is not None else printed

    def to_dict(self) -> dict[str, Any]:
        return {"kode": self.kode, "tabel": self.tabel, "baris": self.baris, "besaran": self.besaran,
                "dicetak": json_number(self.dicetak), "dihitung": json_number(self.dihitung),
                "selisih": json_number(self.selisih), "klasifikasi": self.klasifikasi, "catatan": self.catatan,
                "sumber": self.sumber}


@dataclass(frozen=True)
class FormatNote:
    """How a figure is printed (a stray character, a missing %, another notation): no arithmetic at stake."""

    kode: str
    tabel: str
    baris: str
    tercetak: str
    catatan: str
    sumber: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kode": self.kode, "tabel": self.tabel, "baris": self.baris, "tercetak": self.tercetak,
                "catatan": self.catatan, "sumber": self.sumber}


@dataclass
class ReviewReport:
    findings: list[Finding]
    format_notes: list[FormatNote]
    tolerance: Decimal
    digits: int
    rounding: str
    printed: int = 0
    checked: int = 0
    unchecked: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    layout: str = ""  # the id of the table layout checked; "" for the generic tables of a catalog without one

    def counts(self) -> dict[str, int]:
        return {k: sum(f.klasifikasi == k for f in self.findings) for k in KLASIFIKASI}

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": {"toleransi": json_number(self.tolerance), "desimal": self.digits,
                          "pembulatan": self.rounding},
            "tata_letak": self.layout or None,
            "ringkasan": {"angka_dicetak": self.printed, "diperiksa": self.checked,
                          "tidak_dapat_diperiksa": len(self.unchecked), "temuan": len(self.findings),
                          "per_klasifikasi": self.counts(), "catatan_format": len(self.format_notes)},
            "temuan": [f.to_dict() for f in self.findings],
            "catatan_format": [n.to_dict() for n in self.format_notes],
            "tidak_dapat_diperiksa": self.unchecked,
            "kode_tidak_dikenal": self.unknown,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


@dataclass(frozen=True)
class _Result:
    value: Decimal
    kind: str  # "derived" (derived) or "data"
    basis: str
    alternatives: tuple[tuple[str, Decimal], ...] = ()
    bound: Decimal | None = None  # rounding slack of a total of rounded parts
    row_level: bool = False  # a raw figure or a product of the row's own figures (may be swapped with a row)


def _fmt(value: Decimal, places: int | None = None) -> str:
    if places is None:
        exponent = value.normalize().as_tuple().exponent
        places = 0 if value == value.to_integral_value() else min(max(-int(exponent), 2), 4)
    return format_number(value, places)


def _unwrap(expr: Expr) -> Expr:
    return expr.operand if isinstance(expr, Round) else expr


def _is_input(expr: Expr) -> bool:
    expr = _unwrap(expr)
    if isinstance(expr, Cell):
        return isinstance(expr.ref, InputRef)
    return isinstance(expr, Add) and all(isinstance(t, Cell) and isinstance(t.ref, InputRef) for t in expr.terms)


class _Recompute:
    def __init__(self, catalog: Catalog, raw: Mapping[InputRef, Decimal], values: Mapping[str, Decimal],
                 digits: int, mode: str):
        if mode not in MODES:
            raise ValueError(f"urutan pembulatan tidak dikenal {mode!r}: pilih {', '.join(MODES)}")
        policy = RoundingPolicy(mode, digits)  # type: ignore[arg-type]
        self.mode, self.other, self.digits, self.values = mode, policy.other().mode, digits, values
        self.main = compute(catalog, raw, rounding=policy)
        self.alt = compute(catalog, raw, rounding=policy.other())
        self._weight_runs: list[tuple[str, dict[Ref, Value]]] | None = None
        self.raw: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for ref, v in raw.items():
            self.raw[(ref.node, ref.key)] += v

    def rounded(self, exact: Decimal) -> tuple[Decimal, tuple[tuple[str, Decimal], ...]]:
        """The value at ``digits`` and what other rounding orders make of the same exact value."""
        d = self.digits
        labels = {"dipotong": "dipotong (bukan dibulatkan)", "genap": "pembulatan setengah ke genap",
                  "dua_kali": f"dibulatkan dua kali (ke {d + 1} desimal, lalu ke {d} desimal)"}
        return excel_round(exact, d), tuple((labels[code], value) for code, value in rounding_variants(exact, d))

    def printed(self, keys: tuple[str, ...]) -> list[tuple[str, Decimal]] | None:
        out = []
        for k in keys:
            v = self.values.get(k.lstrip("-"))
            if v is None:
                return None
            out.append(("−" if k.startswith("-") else "+", -v if k.startswith("-") else v))
        return out

    def evaluate(self, c: Check) -> _Result | None:  # noqa: C901 - one branch per check type
        if isinstance(c, EngineFigure):
            return self.hasil(c)
        if isinstance(c, RawFigure):
            v = self.raw.get((c.node, c.key))
            return None if v is None else _Result(v, "data", f"angka mentah unit ({c.node}, {c.key})",
                                                  row_level=True)
        if isinstance(c, Total):
            parts = self.printed(c.parts)
            if parts is None:
                return None
            total = sum((v for _, v in parts), Decimal(0))
            text = " ".join(f"{s} {_fmt(abs(v))}" for s, v in parts).lstrip("+ ")
            basis = f"{text} = {_fmt(total)}"
            if c.derived:
                return _Result(total, "derived", f"selisih angka tercetak: {basis}")
            fractional = any(v != v.to_integral_value() for _, v in parts)
            bound = Decimal(len(parts)) * Decimal("0.5").scaleb(-self.digits) if fractional else None
            return _Result(total, "data", f"jumlah baris tercetak: {basis}", bound=bound)
        if isinstance(c, (Ratio, Mean, Product)):
            return self.arithmetic(c)
        raise TypeError(c)  # pragma: no cover

    def arithmetic(self, c: Ratio | Mean | Product) -> _Result | None:
        with localcontext() as ctx:
            ctx.prec = WORKING_PRECISION
            if isinstance(c, Ratio):
                num, den = self.printed(c.numerator), self.printed(c.denominator)
                if num is None or den is None:
                    return None
                n, d = sum((v for _, v in num), Decimal(0)), sum((v for _, v in den), Decimal(0))
                if d == 0:
                    return None
                exact = n / d * 100
                value, alts = self.rounded(exact)
                return _Result(value, "derived", f"dari angka tercetak: {_fmt(n)} / {_fmt(d)} × 100 = "
                                                 f"{_fmt(exact, 4)}", alts)
            if isinstance(c, Mean):
                parts = self.printed(c.parts)
                if parts is None:
                    return None
                exact = sum((v for _, v in parts), Decimal(0)) / len(parts)
                value, alts = self.rounded(exact)
                return _Result(value, "derived", "rata-rata angka tercetak "
                               f"({'; '.join(_fmt(v) for _, v in parts)}) = {_fmt(exact, 4)}", alts)
            factors = self.printed(c.factors)
            if factors is None:
                return None
            exact = Decimal(1)
            for _, v in factors:
                exact *= v
            return _Result(excel_round(exact, self.digits), "data",
                           f"perkalian angka tercetak {' × '.join(_fmt(v) for _, v in factors)} = {_fmt(exact)}",
                           row_level=True)

    def hasil(self, c: EngineFigure) -> _Result | None:
        ref = ResultRef(c.node, c.measure)
        value = self.main.number(c.node, c.measure)
        if value is None:
            return None
        sign = Decimal(c.sign)
        shown = excel_round(value, self.digits) * sign
        if shown == shown.to_integral_value() and abs(shown) >= 1000:  # amounts stay whole numbers
            shown = shown.quantize(Decimal(1))
        figure = self.main.figures.get(ref)
        if figure is None or _is_input(figure.expr):
            source = "katalog (Perjanjian Kinerja/riwayat)" if figure is None else "angka mentah unit"
            return _Result(shown, "data", f"nilai {source} untuk {c.node} ({c.measure})")
        alts: list[tuple[str, Decimal]] = []
        other = self.alt.number(c.node, c.measure)
        if other is not None:
            alts.append((MODES[self.other], excel_round(other, self.digits) * sign))
        for comp, label in ((self.main, ""), (self.alt, f", {MODES[self.other]}")):
            inner = self.inner(comp, ref)
            if inner is not None:
                alts += [(f"{how} pada tahap terakhir{label}", v * sign) for how, v in self.rounded(inner)[1]]
        for label, values in self.weight_runs():  # a survey's IKM with the rounded weight an agency writes
            other_weight = values.get(ref)
            if isinstance(other_weight, Decimal) and other_weight != value:
                alts.append((label, excel_round(other_weight, self.digits) * sign))
        return _Result(shown, "derived", f"dihitung ulang dari angka mentah unit, {MODES[self.mode]}", tuple(alts))

    def weight_runs(self) -> list[tuple[str, dict[Ref, Value]]]:
        """Every figure again with each survey's unsur weight rounded as agencies write it (1/9 as 0,11,
        0,111, ...), or with each unsur's NRR rounded before it is weighted (:data:`NRR_DIGITS_WRITTEN`, what a
        catalog's ``pembulatan_nrr`` does): what a printed IKM computed either way would be."""
        if self._weight_runs is None:
            self._weight_runs = []
            weights = {ref: node.survey for node in self.main.catalog.walk() if node.survey is not None
                       if (ref := ResultRef(node.code, WEIGHT)) in self.main.constants}
            sizes = sorted({spec.size for spec in weights.values()})
            for size in sizes:
                for weight in rounded_weights(size):
                    env: dict[Ref, Value] = dict(self.main.env)
                    changed = False
                    for ref, spec in weights.items():
                        if spec.size == size and spec.weight != weight:
                            env[ref] = weight
                            changed = True
                    if not changed:
                        continue
                    self._evaluate_again(env)
                    text = format(weight, "f").replace(".", ",")
                    self._weight_runs.append((f"bobot unsur {text} (1/{size} dibulatkan) pada survei", env))
            for digits in NRR_DIGITS_WRITTEN:  # each unsur's NRR rounded before it is weighted (pembulatan_nrr)
                rounded = {ref.node for ref, spec in weights.items() if spec.nrr_digits != digits}
                if not rounded:
                    continue
                env = self._evaluate_again(dict(self.main.env), rounded, digits)
                self._weight_runs.append((f"NRR setiap unsur dibulatkan {digits} desimal pada survei", env))
        return self._weight_runs

    def _evaluate_again(self, env: dict[Ref, Value], nrr_of: Collection[str] = (),
                        digits: int = 0) -> dict[Ref, Value]:
        """Every figure of :attr:`main` evaluated again, in order, over ``env`` (changed inputs or constants), the
        NRR of the surveys of the nodes ``nrr_of`` rounded to ``digits`` as Excel's ROUND does; ``env``, filled."""
        for ref, figure in self.main.figures.items():
            value = evaluate(figure.expr, env)
            if ref.node in nrr_of and is_nrr_measure(ref.measure) and isinstance(value, Decimal):
                value = excel_round(value, digits)
            env[ref] = value
        return env

    @staticmethod
    def inner(comp: Computation, ref: ResultRef) -> Decimal | None:
        """The last stage before its final rounding (the value itself without intermediate rounding)."""
        figure = comp.figures.get(ref)
        if figure is None:
            return None
        value = evaluate(_unwrap(figure.expr), comp.env)
        return value if isinstance(value, Decimal) else None


def review(catalog: Catalog, raw_inputs: Mapping[InputRef, Decimal], printed: Printed | Mapping[str, Decimal], *,
           tolerance: Decimal | str | float = Decimal("0.01"), digits: int = 2,
           rounding: str = "bertahap") -> ReviewReport:
    """Compare every printed figure with its recomputation; ``rounding`` is the order the report should
    follow (``bertahap`` or ``tanpa_antara``), ``tolerance`` the smallest difference reported."""
    if not isinstance(printed, Printed):
        printed = Printed(values=dict(printed))
    tol = Decimal(str(tolerance))
    rows = printed.rows(catalog)
    rc = _Recompute(catalog, raw_inputs, printed.values, digits, rounding)
    known = {r.key for r in rows}
    layout = printed.layout_for(catalog)
    report = ReviewReport([], [], tol, digits, rounding, printed=sum(k in known for k in printed.values),
                          layout=layout.id if layout is not None else "",
                          unknown=sorted(k for k in printed.values if k not in known))
    results = {r.key: [res for c in r.checks if (res := rc.evaluate(c)) is not None] for r in rows}
    groups: dict[str, list[PrintedRow]] = defaultdict(list)
    for r in rows:
        if r.quantity_id and r.key in printed.values:
            groups[r.quantity_id].append(r)
    for r in rows:
        p = printed.values.get(r.key)
        if p is None:
            continue
        if not results[r.key]:
            report.unchecked.append(r.key)
            finding = _lone_inconsistency(r, p, groups, printed.values, tol)
        else:
            report.checked += 1
            finding = next((_finding(r, p, res, rows, results, groups, printed.values, tol, rc)
                            for res in results[r.key] if abs(p - res.value) >= tol), None)
        if finding:
            report.findings.append(replace(finding, tercetak=printed.texts.get(r.key, "")))
    report.format_notes = _format_notes(rows, printed)
    return report


def _text_places(text: str) -> int:
    """Decimal places of a figure as printed in Indonesian notation: the digits after its last comma
    (``"33,00"`` -> 2, ``"117,29%"`` -> 2, ``"Rp79.419.425.895.000,-"`` and ``"2.021"`` -> 0)."""
    match = _PRINTED_DECIMALS.search(text)
    return len(match.group(1)) if match else 0


def _places(value: Decimal) -> int:
    """Decimal places a Decimal carries (``Decimal('117.30')`` -> 2, ``Decimal('2021')`` -> 0)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _others(r: PrintedRow, p: Decimal, groups: Mapping[str, list[PrintedRow]], values: Mapping[str, Decimal],
            tol: Decimal) -> list[tuple[PrintedRow, Decimal]]:
    """Other printings of the same quantity with a different value (compared in the quantity's sign)."""
    if not r.quantity_id:
        return []
    return [(o, values[o.key]) for o in groups[r.quantity_id]
            if o.key != r.key and abs(values[o.key] * o.sign - p * r.sign) >= tol]


def _where(rows: list[tuple[PrintedRow, Decimal]]) -> str:
    return "; ".join(f"{_fmt(q)} di {o.table} ({o.row}, {o.quantity}; {o.source})" for o, q in rows)


def _lone_inconsistency(r: PrintedRow, p: Decimal, groups: Mapping[str, list[PrintedRow]],
                        values: Mapping[str, Decimal], tol: Decimal) -> Finding | None:
    """A figure with no recomputation that disagrees with an earlier printing of the same quantity."""
    if not r.quantity_id or groups[r.quantity_id][0].key == r.key:
        return None
    first = groups[r.quantity_id][0]
    if abs(values[first.key] - p) < tol:
        return None
    return Finding(r.key, r.table, r.row, r.quantity, p, None, None, TIDAK_KONSISTEN,
                   f"besaran yang sama tercetak {_where([(first, values[first.key])])}; tidak ada angka mentah "
                   "untuk menentukan yang benar", r.source)


def _finding(r: PrintedRow, p: Decimal, res: _Result, rows: list[PrintedRow], results: Mapping[str, list[_Result]],
             groups: Mapping[str, list[PrintedRow]], values: Mapping[str, Decimal], tol: Decimal,
             rc: _Recompute) -> Finding:
    diff = p - res.value
    explained = next((label for label, v in res.alternatives if abs(p - v) < tol), None)
    others = _others(r, p, groups, values, tol)
    if others:
        klas, note = TIDAK_KONSISTEN, f"besaran yang sama tercetak {_where(others)}"
        if explained:
            note += f"; {_fmt(p)} sesuai hasil {explained}"
    elif res.kind == "data":
        if res.bound is not None and abs(diff) <= res.bound:
            klas, note = PEMBULATAN, (f"{res.basis}; selisih {_fmt(abs(diff))} tidak melebihi akumulasi "
                                      "pembulatan komponennya: total kemungkinan dihitung dari komponen sebelum "
                                      "dibulatkan (pembulatan pada tahap berbeda)")
        else:
            klas, note = DATA, res.basis + (_swapped(r, p, rows, results, tol) if res.row_level else "")
    elif explained:
        klas, note = PEMBULATAN, (f"{_fmt(p)} = hasil {explained}; urutan yang berlaku ({rc.mode}) memberi "
                                  f"{_fmt(res.value)} ({res.basis})")
    else:
        klas, note = ARITMETIKA, (f"{res.basis}; tidak ada urutan pembulatan (bertahap, tanpa antara, dipotong, "
                                  f"setengah ke genap, dibulatkan dua kali) yang menghasilkan {_fmt(p)}")
    return Finding(r.key, r.table, r.row, r.quantity, p, res.value, diff, klas, note, r.source)


def _swapped(r: PrintedRow, p: Decimal, rows: list[PrintedRow], results: Mapping[str, list[_Result]],
             tol: Decimal) -> str:
    column = r.key.rsplit("|", 1)[1]
    for o in rows:
        if o.key != r.key and o.table_id == r.table_id and o.key.endswith(f"|{column}") and results[o.key] \
                and results[o.key][0].row_level and abs(results[o.key][0].value - p) < tol:
            return f"; angka tercetak sama dengan hasil hitung baris {o.row}: tampaknya tertukar antarbaris"
    return ""


def _format_notes(rows: list[PrintedRow], printed: Printed) -> list[FormatNote]:
    """Notes of the loader (stray characters, other notation) and a % missing where its column has one."""
    by_column: dict[tuple[str, str], list[PrintedRow]] = defaultdict(list)
    for r in rows:
        by_column[(r.table_id, r.key.rsplit("|", 1)[1])].append(r)
    notes = []
    for r in rows:
        text = printed.texts.get(r.key)
        if text is None:
            continue
        if r.key in printed.notes:
            notes.append(FormatNote(r.key, r.table, r.row, text, printed.notes[r.key], r.source))
        peers = [o for o in by_column[(r.table_id, r.key.rsplit("|", 1)[1])] if o.percent and o.key != r.key]
        if r.percent and _TABLE.match(r.table_id) and not text.strip().endswith("%") and any(
                printed.texts.get(o.key, "").strip().endswith("%") for o in peers):
            notes.append(FormatNote(r.key, r.table, r.row, text, "tanpa tanda %, padahal angka lain pada kolom "
                                    "yang sama memakai %", r.source))
    return notes


def clean_reported(catalog: Catalog, raw_inputs: Mapping[InputRef, Decimal], *, digits: int = 2,
                   rounding: str = "bertahap", extra: list[PrintedRow] | None = None) -> Printed:
    """A *Dilaporkan* filled from the recomputation itself (rows without a recomputation stay empty)."""
    out = Printed(extra=list(extra or []), source="hasil hitung ulang")
    rc = _Recompute(catalog, raw_inputs, out.values, digits, rounding)
    rows = out.rows(catalog)
    for _ in range(len(rows)):
        changed = False
        for r in rows:
            if r.key not in out.values:
                res = next((x for c in r.checks if (x := rc.evaluate(c)) is not None), None)
                if res is not None:
                    out.values[r.key] = res.value
                    changed = True
        if not changed:
            break
    return out


def review_files(catalog: Catalog, reported_path: str | Path, raw_inputs: Mapping[InputRef, Decimal], *,
                 layout: str | Path | None = None, year: int | None = None, **options: Any) -> ReviewReport:
    """Reviu of a *Dilaporkan* file (``.xlsx`` or ``.yaml``) against the units' raw figures of ``year``;
    ``layout`` names the report's table layout (a file or a packaged id) when the file does not."""
    return review(catalog, raw_inputs, load_reported(reported_path, catalog, layout=layout, year=year), **options)
