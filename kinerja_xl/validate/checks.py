"""Value, consistency and batch checks: generators of :class:`~kinerja_xl.model.Problem` (frictionless style).

Unit checks take a :class:`~kinerja_xl.reading.reader.WorkbookScan` (raw readings located by row key) and
yield problems; :func:`run_unit_checks` runs them all and turns an unexpected exception of one check
into a ``galat-internal`` problem, so the remaining checks still run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..catalog.schema import MONTHS, PERIOD_LABELS, QUARTER_MONTHS, Catalog, Node, TargetRange, target_value
from ..catalog.survey import LEVELS, minimum_sample
from ..compute.rounding import excel_round, rounding_variants
from ..numbers import ANGKA_AMBIGU, BUKAN_ANGKA, KOSONG, format_number, show_number
from ..unit_layout import IDENTITY_FIELDS, IDENTITY_INPUTS
from ..unit_layout import SHEET_SURVEY as SURVEY_SHEET
from ..model import UnitSubmission
from ..cells import a1, column_letter
from ..problems import Problem, internal_problem, problem, show_value

if TYPE_CHECKING:
    from ..compute.engine import Computation
    from ..reading.reader import CellReading, FixedCell, WorkbookScan
    from ..reading.survey import SurveyReading

Group = dict[str, "CellReading"]
UnitCheck = Callable[["WorkbookScan"], Iterator[Problem]]


def _at(scan: WorkbookScan, cell: CellReading | FixedCell) -> dict[str, str]:
    return {"file": scan.file, "sheet": cell.address.sheet, "cell": cell.cell}


def _field(cell: CellReading) -> str:
    return f"{cell.ref.node}:{cell.ref.key}"


def trusted(cell: CellReading) -> Decimal | None:
    """The cell's number when it raised no cell-level error (typed, not a formula, within its bounds).

    Relations and the recomputation use only these, so one wrong cell is reported once, by its own check.
    """
    value = cell.value
    if value is None or cell.formula:
        return None
    low, high = cell.field.minimum, cell.field.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return None
    return value


def _methods(catalog: Catalog) -> dict[str, str | None]:
    """Each node's aggregation method by code (``.get`` gives None for a code the catalog does not know): the
    checks look one up for every group of cells of every file, from this table made once per catalog."""
    return catalog.memo("methods", lambda: {n.code: n.method for n in catalog.walk()})


def _is_rate(catalog: Catalog, node: str) -> bool:
    try:
        return catalog.node(node).is_rate
    except KeyError:
        return False


def _group_label(catalog: Catalog, node: str, prefix: str) -> str:
    return f"{node} ({catalog.group_name(node, prefix)})" if prefix else node


# -- identity -------------------------------------------------------------------------------------------

def check_identity(scan: WorkbookScan) -> Iterator[Problem]:
    labels = dict(IDENTITY_FIELDS)
    for name in IDENTITY_INPUTS:
        if not scan.identity.get(name) and name in scan.identity_cells:
            address = scan.identity_cells[name]
            yield problem("identitas-kosong", file=scan.file, sheet=address.sheet,
                          cell=a1(address.row, address.col), field=name, label=labels[name])


# -- single cells ---------------------------------------------------------------------------------------

def _deferred_empty(scan: WorkbookScan) -> set[int]:
    """Empty cells reported by a more specific check (monthly series, weight pairs) than isian-kosong."""
    out: set[int] = set()
    methods = _methods(scan.catalog)
    for (node, _), group in scan.cell_groups.items():
        method = methods.get(node)
        if method == "periode_puncak" or (method == "rata_rata_tertimbang"
                                          and any(not c.empty for c in group.values())):  # partly filled
            out.update(id(c) for c in group.values())
    return out


def _range_text(low: Decimal | None, high: Decimal | None) -> str:
    if low is not None and high is not None:
        return f"{show_number(low)}–{show_number(high)}"
    if low is not None:
        return f"≥ {show_number(low)}"
    return f"≤ {show_number(high)}" if high is not None else "bebas"


def check_cells(scan: WorkbookScan) -> Iterator[Problem]:
    """Per cell: error values, formulas, empty, text, ambiguous notation, sign, range and integrality."""
    deferred = _deferred_empty(scan)
    for c in scan.cells:
        p = c.parsed
        value = p.value
        if c.error is None and not c.formula and p.problem is None and value is not None \
                and not isinstance(c.raw, str) and not c.percent:
            low, high, kind = c.field.minimum, c.field.maximum, c.field.kind  # no finding of _bounds (every cell)
            if (low is None or value >= low) and (high is None or value <= high) \
                    and (kind != "bulat" or value == value.to_integral_value()):
                continue  # the common case: a typed number in range, nothing to report
        where = {**_at(scan, c), "field": _field(c), "label": c.label}
        if c.error is not None:
            yield problem("nilai-galat", **where, value=c.error, error=c.error)
            continue
        if c.formula:
            yield problem("rumus-di-isian", **where, value=c.raw)
            continue
        if p.problem == KOSONG:
            if c.field.required and id(c) not in deferred:
                yield problem("isian-kosong", **where)
            continue
        if p.problem == BUKAN_ANGKA:
            yield problem("bukan-angka", **where, value=c.raw, detail=p.detail or "bukan angka")
            continue
        if p.problem == ANGKA_AMBIGU:
            yield problem("angka-ambigu", **where, value=c.raw, detail=p.detail or "format ambigu")
            continue
        value = p.value
        if value is None:  # pragma: no cover - parse_number gives a value or a problem
            continue
        if c.percent and not isinstance(c.raw, str):  # Excel shows 100 times what is read: neither is taken
            yield problem("angka-persen", **where, value=c.raw, shown=show_number(value * 100) + "%",
                          number=show_number(value), typed=show_number(value * 100))
            continue
        if isinstance(c.raw, str):
            yield problem("teks-dikonversi", **where, value=c.raw, text=show_value(c.raw.strip()),
                          number=show_number(value))
        yield from _bounds(c, value, where)


def _bounds(c: CellReading, value: Decimal, where: dict[str, str]) -> Iterator[Problem]:
    low, high = c.field.minimum, c.field.maximum
    if value < 0 and low is not None and low >= 0:
        yield problem("angka-negatif", **where, value=c.raw, number=show_number(value))
    elif (low is not None and value < low) or (high is not None and value > high):
        yield problem("di-luar-rentang", **where, value=c.raw, number=show_number(value),
                      range=_range_text(low, high))
    if c.field.kind == "bulat" and value != value.to_integral_value():
        yield problem("bukan-bilangan-bulat", **where, value=c.raw, number=show_number(value))


# -- relations between cells ----------------------------------------------------------------------------

def check_ratios(scan: WorkbookScan) -> Iterator[Problem]:
    """pembilang <= penyebut <= populasi within one ratio (or one group of a pooled ratio); a rate (``pengali``
    other than 100: per 1.000, per 100.000) may have more events than its denominator."""
    for (node, prefix), g in scan.cell_groups.items():
        num = trusted(g["pembilang"]) if "pembilang" in g else None
        den = trusted(g["penyebut"]) if "penyebut" in g else None
        pop = trusted(g["populasi"]) if "populasi" in g else None
        if num is not None and den is not None and num > den and not _is_rate(scan.catalog, node):
            yield problem("pembilang-melebihi-penyebut", **_at(scan, g["pembilang"]), field=_field(g["pembilang"]),
                          value=g["pembilang"].raw, label=_group_label(scan.catalog, node, prefix),
                          numerator=show_number(num), denominator=show_number(den))
        if den is not None and pop is not None and den > pop:
            yield problem("sampel-melebihi-populasi", **_at(scan, g["penyebut"]), field=_field(g["penyebut"]),
                          value=g["penyebut"].raw, label=_group_label(scan.catalog, node, prefix),
                          sample=show_number(den), population=show_number(pop))


def _half_filled(g: Group, a: str, b: str) -> tuple[CellReading, CellReading] | None:
    """(empty cell, filled partner) when exactly one of roles ``a`` and ``b`` is empty."""
    if a in g and b in g and g[a].empty != g[b].empty:
        return (g[a], g[b]) if g[a].empty else (g[b], g[a])
    return None


def check_pairs(scan: WorkbookScan) -> Iterator[Problem]:
    """Weighted values need their weight; budget amounts come in pairs unless a percentage is given."""
    methods = _methods(scan.catalog)
    for (node, _), g in scan.cell_groups.items():
        method = methods.get(node)
        if method == "rata_rata_tertimbang" and (half := _half_filled(g, "nilai", "bobot")):
            empty, partner = half
            yield problem("bobot-tidak-lengkap", **_at(scan, empty), field=_field(empty), label=empty.label,
                          partner=partner.label)
        elif node == "ANGGARAN.SASARAN" and ("persen" not in g or g["persen"].empty) \
                and (half := _half_filled(g, "pagu", "realisasi")):
            empty, partner = half
            yield problem("anggaran-tidak-lengkap", **_at(scan, empty), field=_field(empty), label=empty.label,
                          partner=partner.label)


def required_months(period: str | None) -> tuple[str, ...]:
    """Months a period covers: TW1 -> January to March, ..., tahunan -> all twelve."""
    return QUARTER_MONTHS.get(period or "", MONTHS)


def check_series(scan: WorkbookScan) -> Iterator[Problem]:
    """periode_puncak: every month of the reporting period needs both figures."""
    by_node: dict[str, list[tuple[str, Group]]] = {}
    methods = _methods(scan.catalog)
    for (node, prefix), g in scan.cell_groups.items():
        if methods.get(node) == "periode_puncak":
            by_node.setdefault(node, []).append((prefix, g))
    months = required_months(scan.period)
    for node, items in by_node.items():
        empty = [(prefix, c) for prefix, g in items if prefix in months for c in g.values() if c.empty]
        if not empty:
            continue
        names = list(dict.fromkeys(prefix for prefix, _ in empty))
        first = empty[0][1]
        text = "semua bulan" if len(names) == len(months) else ", ".join(names)
        yield problem("deret-bulanan-tidak-lengkap", **_at(scan, first), field=_field(first), label=node,
                      period=PERIOD_LABELS.get(scan.period or "", scan.period or "?"), months=text)


@dataclass(frozen=True)
class _Division:
    """A figure one unit's cells divide by: a ratio's penyebut, the penyebut of a pooled ratio or of a monthly
    series (``prefixes``: the unit's groups of the pool, ``("",)`` for a plain ratio), or the weights (bobot)
    of a weighted mean. ``sole``: the whole pool comes from this unit, so its file decides the consolidated
    figure too; otherwise other units' parts are added to it there."""

    node: str
    method: str
    role: str
    prefixes: tuple[str, ...]
    sole: bool
    indicator: str
    goal: str
    label: str


def _divisions(catalog: Catalog, unit: str, period: str) -> tuple[_Division, ...]:
    """What :func:`check_zero_denominators` looks at in a workbook of ``unit`` and ``period`` (the catalog's
    methods that divide by a unit's input), found once per catalog, unit and period."""

    def build() -> tuple[_Division, ...]:
        out: list[_Division] = []
        for goal in catalog.goals:
            for indicator in goal.children:
                for node in indicator.walk():
                    m = node.method
                    if m == "rasio":
                        owners = next((f.owners for f in node.inputs(period) if f.key == "penyebut"), ())
                        groups: list[tuple[str, tuple[str, ...]]] = [("", owners)]
                        role = "penyebut"
                    elif m in ("rasio_gabungan", "periode_puncak"):
                        groups, role = [(g.code, g.owners) for g in node.groups], "penyebut"
                        if m == "periode_puncak" and all(code in MONTHS for code, _ in groups):
                            months = required_months(period)  # a quarter's series: January to its last month
                            groups = [(code, owners) for code, owners in groups if code in months]
                    elif m == "rata_rata_tertimbang" and not node.surveyed(period):  # a survey: survei-kosong
                        groups, role = [(g.code, g.owners) for g in node.groups], "bobot"
                    else:
                        continue
                    mine = tuple(code for code, owners in groups if unit in owners)
                    if mine:
                        out.append(_Division(node.code, m, role, mine,
                                             all(owners == (unit,) for _, owners in groups), indicator.code,
                                             goal.code, node.labels.get(role, role.capitalize())))
        return tuple(out)

    return catalog.memo(("divisions", unit, period), build)


_ROLE_WORDS = {"penyebut": "Penyebut", "bobot": "Bobot"}


def check_zero_denominators(scan: WorkbookScan) -> Iterator[Problem]:
    """A division by an input of 0 leaves its figure empty. Where that figure is the node's realisasi and the
    pool comes from this unit alone (a ratio's penyebut, the sum of a pooled ratio's or a weighted mean's
    groups, the penyebut of a monthly series' peak month), the realisasi, its capaian and every mean above
    it are empty, in this workbook and in the consolidation: ``penyebut-nol`` (galat). Where it is only a
    part (one group's ratio of a pooled ratio whose sum is not 0, another month of a series, this unit's
    share of a figure other units add to): ``penyebut-nol-sebagian`` (info), which says why it is empty.
    A weighted mean's group of weight 0 leaves nothing empty and is not reported."""
    assert scan.layout is not None and scan.unit is not None
    # the common case, a file without a 0 in any cell, in one pass over the cells (about 2 µs of 30 cells)
    nodes = {c.ref.node for c in scan.cells if (v := c.parsed.value) is not None and not v}
    if not nodes:
        return
    cell_groups = scan.cell_groups
    for d in _divisions(scan.catalog, scan.unit, scan.layout.period):
        if d.node not in nodes:
            continue
        cells = [cell_groups.get((d.node, p), {}).get(d.role) for p in d.prefixes]
        values = [trusted(c) if c is not None else None for c in cells]
        if not any(v == 0 for v in values if v is not None):
            continue  # a 0 in another role (a pembilang)
        zero = [c for c, v in zip(cells, values, strict=True) if v == 0 and c is not None]
        words = {"node": d.node, "indicator": d.indicator, "goal": d.goal, "denominator": d.label}
        role = _ROLE_WORDS[d.role]
        share = {"what": f"realisasi {d.node} di buku kerja unit ini",
                 "rest": "konsolidasi menjumlahkannya dengan bagian unit lain dan tetap menghitungnya bila "
                         "bagian unit lain lebih dari 0"}
        if d.method == "rasio":
            c = zero[0]
            if d.sole:
                yield problem("penyebut-nol", **_at(scan, c), field=_field(c), value=c.raw,
                              label=f"{role} {c.label}", detail="", **words)
            else:
                yield problem("penyebut-nol-sebagian", **_at(scan, c), field=_field(c), value=c.raw,
                              label=f"{role} {c.label}", **share, **words)
            continue
        if d.method == "periode_puncak":
            yield from _zero_months(scan, d, cells, values, zero, words)
            continue
        if all(v == 0 for v in values):  # every group typed, and all of them 0: the pool is 0
            c = zero[0]
            label = (f"{role} '{d.label}' ({d.node}, semua kelompok{'' if d.sole else ' unit ini'})"
                     if len(zero) > 1 else f"{role} {c.label}")
            if d.sole:
                yield problem("penyebut-nol", **_at(scan, c), field=_field(c), value=c.raw, label=label, detail="",
                              **words)
            else:
                yield problem("penyebut-nol-sebagian", **_at(scan, c), field=_field(c), value=c.raw, label=label,
                              **share, **words)
            continue
        if d.method == "rasio_gabungan":  # the pool is not 0 (or not yet known): only these groups' ratios
            for c in zero:
                group = scan.catalog.group_name(d.node, c.ref.key.rpartition(".")[0])
                yield problem("penyebut-nol-sebagian", **_at(scan, c), field=_field(c), value=c.raw,
                              label=f"{role} {c.label}", what=f"rasio kelompok {group}",
                              rest=f"realisasi {d.node} tetap dihitung dari jumlah semua kelompok", **words)


def _zero_months(scan: WorkbookScan, d: _Division, cells: list[CellReading | None], values: list[Decimal | None],
                 zero: list[CellReading], words: dict[str, str]) -> Iterator[Problem]:
    """periode_puncak: the realisasi is the ratio of the month with the largest pembilang (the first on ties),
    so a penyebut of 0 there empties it; another month of 0 only empties that month's own ratio."""
    numerators = [trusted(g["pembilang"]) if "pembilang" in (g := scan.cell_groups.get((d.node, p), {})) else None
                  for p in d.prefixes]
    peak: CellReading | None = None
    if all(v is not None for v in values) and all(n is not None for n in numerators):
        known = [n for n in numerators if n is not None]
        peak = cells[known.index(max(known))]
    for c in zero:
        month = c.ref.key.rpartition(".")[0]
        if c is peak:  # a series has one owner (the catalog's rule): its file decides
            yield problem("penyebut-nol", **_at(scan, c), field=_field(c), value=c.raw, label=f"Penyebut {c.label}",
                          detail=f", bulan dengan pembilang terbesar ({month})", **words)
        else:
            yield problem("penyebut-nol-sebagian", **_at(scan, c), field=_field(c), value=c.raw,
                          label=f"Penyebut {c.label}", what=f"rasio bulan {month}",
                          rest=f"realisasi {d.node} memakai bulan dengan pembilang terbesar", **words)


def check_targets(scan: WorkbookScan) -> Iterator[Problem]:
    """The locked target cells of indicator rows must still hold the Perjanjian Kinerja target (a range
    target: both bounds)."""
    assert scan.layout is not None
    for t in scan.targets:
        try:
            target = scan.catalog.node(t.node).target_for(scan.layout.year)
        except KeyError:
            continue
        if t.measure.startswith("target_periode"):
            target = scan.catalog.node(t.node).period_target(scan.layout.period)
        prefix = "target_periode" if t.measure.startswith("target_periode") else "target"
        if isinstance(target, TargetRange):
            expected = {f"{prefix}_bawah": target.low, f"{prefix}_atas": target.high}.get(t.measure)
        else:
            expected = target_value(target) if t.measure == prefix else None
        if expected is None:
            continue
        if t.parsed.value is None or t.parsed.value != expected:
            yield problem("target-berubah", **_at(scan, t), field=f"{t.node}:{t.measure}", value=t.raw,
                          label=t.label, found=show_value(t.raw) if t.raw is not None else "(kosong)",
                          expected=show_number(expected))


# -- consistency ----------------------------------------------------------------------------------------

def check_reported(scan: WorkbookScan) -> Iterator[Problem]:
    """'Realisasi dilaporkan' (column J) against the recomputed realisasi, naming the likely cause."""
    assert scan.layout is not None and scan.unit is not None
    reported: list[tuple[FixedCell, Decimal]] = []
    for r in scan.reported:
        if r.parsed.value is None:
            yield problem("dilaporkan-bukan-angka", **_at(scan, r), field=f"{r.node}:dilaporkan", value=r.raw,
                          label=r.label, detail=r.parsed.detail or "bukan angka")
        else:
            reported.append((r, r.parsed.value))
    if not reported:
        return
    from ..compute.engine import compute  # here: a workbook without 'realisasi dilaporkan' is read without it

    catalog, year = scan.catalog, scan.layout.year
    inputs = {c.ref: value for c in scan.cells if (value := trusted(c)) is not None}
    policy = catalog.rounding
    period = scan.layout.period
    main = compute(catalog, inputs, scope={scan.unit}, year=year, period=period)
    alternative: Computation | None = None
    digits = policy.digits
    for r, value in reported:
        computed = main.number(r.node, "realisasi")
        if computed is None or excel_round(value, digits) == excel_round(computed, digits):
            continue
        if alternative is None:
            alternative = compute(catalog, inputs, rounding=policy.other(), scope={scan.unit}, year=year,
                                  period=period)
        other = alternative.number(r.node, "realisasi")
        full = (main if policy.mode == "tanpa_antara" else alternative).number(r.node, "realisasi")
        cause, hint = _cause(value, other, full, digits, policy.other().mode, policy.mode)
        yield problem("realisasi-beda", **_at(scan, r), field=f"{r.node}:realisasi", value=r.raw, label=r.label,
                      reported=show_number(value), computed=format_number(excel_round(computed, digits), digits),
                      difference=show_number(value - excel_round(computed, digits)), cause=cause, cause_hint=hint)


def check_inverse_zero(scan: WorkbookScan) -> Iterator[Problem]:
    """A lower-is-better capaian computed T / R × 100 (``rumus_turun: terbalik``) without a cap has no value
    for a realisasi of 0: said at the node's target cell, for the nodes this unit alone supplies."""
    assert scan.layout is not None and scan.unit is not None
    unit, layout = scan.unit, scan.layout
    targets: dict[str, FixedCell] = {}
    for t in scan.targets:  # a range's lower bound first
        targets.setdefault(t.node, t)
    nodes = [n for n in _inverse_uncapped(scan.catalog, unit) if n.code in targets]
    if not nodes:
        return
    from ..compute.engine import compute

    inputs = {c.ref: value for c in scan.cells if (value := trusted(c)) is not None}
    computed = compute(scan.catalog, inputs, scope={unit}, year=layout.year, period=layout.period)
    for node in nodes:
        if computed.number(node.code, "realisasi") == 0:
            target = targets[node.code]
            yield problem("capaian-tak-terhingga", **_at(scan, target), field=f"{node.code}:capaian",
                          label=target.label)


def _inverse_uncapped(catalog: Catalog, unit: str) -> tuple[Node, ...]:
    """The nodes :func:`check_inverse_zero` may report for ``unit``: lower-is-better, T / R × 100, no cap, every
    input supplied by ``unit`` alone (what the catalog says; found once per catalog and unit)."""
    return catalog.memo(("inverse-uncapped", unit), lambda: tuple(
        n for n in catalog.walk() if n.polarity == "turun" and n.lower_rule == "terbalik" and n.cap is None
        and n.supplied_only_by(unit)))


_MODE_TEXT = {"bertahap": "dengan pembulatan bertahap", "tanpa_antara": "tanpa pembulatan antara"}


def _cause(value: Decimal, other: Decimal | None, full: Decimal | None, digits: int,
           other_mode: str, mode: str) -> tuple[str, str]:
    rounded = excel_round(value, digits)
    policy_hint = (f"Katalog menetapkan perhitungan {_MODE_TEXT.get(mode, mode)} ({digits} desimal, ROUND Excel); "
                   "samakan angka laporan unit dengan hasil hitung.")
    if other is not None and excel_round(other, digits) == rounded:
        return f"pembulatan (angka unit cocok bila dihitung {_MODE_TEXT.get(other_mode, other_mode)})", policy_hint
    if full is not None and dict(rounding_variants(full, digits))["dipotong"] == rounded:
        return "pembulatan (angka unit tampaknya dipotong, bukan dibulatkan)", policy_hint
    return ("aritmetika (angka unit tidak cocok dengan cara pembulatan mana pun)",
            "Periksa kembali perhitungan unit dan angka isiannya; hasil hitung memakai rumus katalog.")


# -- the Survei sheet ---------------------------------------------------------------------------------

#: Bad answers reported one by one; the rest are summed up in one problem.
MAX_ANSWER_PROBLEMS = 50
#: Rows listed in a problem's message.
MAX_LISTED_ROWS = 10
_DETAIL = {"spasi": " (ada spasi di awal atau akhir)", "teks-angka": " (angka tersimpan sebagai teks)",
           "galat": " (nilai galat Excel)", "jenis": " (bukan angka 1–4 atau kata jawaban)", "kata": ""}


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_LISTED_ROWS])
    return shown + (f" dan {len(rows) - MAX_LISTED_ROWS} lainnya" if len(rows) > MAX_LISTED_ROWS else "")


def check_survey(scan: WorkbookScan) -> Iterator[Problem]:
    """The Survei sheet: its header, every answer the formulas would not count (with its cell), respondents
    without an answer, answers below the counted rows, an empty survey or unsur, and the sample size."""
    reading = scan.survey
    if reading is None:
        return
    layout = reading.layout
    sheet = SURVEY_SHEET
    for col, found, expected in reading.header:
        yield problem("survei-kolom-berubah", file=scan.file, sheet=sheet, cell=a1(layout.header_row, col),
                      value=found, column=column_letter(col), found=show_value(found) if found is not None else "",
                      expected=expected)
    items = {i.code: i for i in layout.spec.items}
    counted = [b for b in reading.bad if b.row <= layout.last_row]
    for bad in counted[:MAX_ANSWER_PROBLEMS]:
        item = items[bad.item]
        where = {"file": scan.file, "sheet": sheet, "cell": a1(bad.row, bad.col), "field": f"{layout.node}:{bad.item}",
                 "value": bad.raw, "item": item.code, "name": item.name, "row": bad.row,
                 "choices": item.choices_text()}
        if bad.kind == "skala":
            yield problem("jawaban-di-luar-skala", **where, number=show_value(bad.raw))
        else:
            yield problem("jawaban-tidak-dikenal", **where, text=show_value(bad.raw), detail=_DETAIL[bad.kind])
    if len(counted) > MAX_ANSWER_PROBLEMS:
        rest = counted[MAX_ANSWER_PROBLEMS:]
        yield problem("jawaban-lain-tidak-valid", file=scan.file, sheet=sheet, cell=a1(rest[0].row, rest[0].col),
                      count=show_number(Decimal(len(rest))), row=rest[0].row)
    if reading.silent_rows:
        rows = reading.silent_rows
        yield problem("responden-tanpa-jawaban", file=scan.file, sheet=sheet,
                      cell=a1(rows[0], layout.answer_col(layout.spec.items[0].code)),
                      count=show_number(Decimal(len(rows))), rows=_rows_text(rows))
    if reading.beyond:
        rows = reading.beyond
        yield problem("survei-di-luar-area", file=scan.file, sheet=sheet,
                      cell=a1(rows[0], layout.answer_col(layout.spec.items[0].code)),
                      count=show_number(Decimal(len(rows))), last=layout.last_row, rows=_rows_text(rows),
                      capacity=show_number(Decimal(layout.spec.capacity)))
    first = a1(layout.first_row, layout.answer_col(layout.spec.items[0].code))
    if reading.respondents == 0:
        name = layout.source.node.labels.get("nilai", "IKM")
        yield problem("survei-kosong", file=scan.file, sheet=sheet, cell=first, field=layout.node,
                      label=f"{name} ({layout.node}, {layout.source.name})", row=layout.first_row)
    else:
        for item in layout.spec.items:
            if not any(reading.counts.get((item.code, level)) for level in LEVELS):
                yield problem("unsur-tanpa-jawaban", file=scan.file, sheet=sheet,
                              cell=a1(layout.first_row, layout.answer_col(item.code)),
                              field=f"{layout.node}:{item.code}", item=item.code, name=item.name)
    yield from _sample_size(scan, reading)


def _sample_size(scan: WorkbookScan, reading: SurveyReading) -> Iterator[Problem]:
    layout = reading.layout
    cell = layout.population_cell()
    if reading.population_raw is not None and reading.population is None:
        yield problem("populasi-survei-tidak-valid", file=scan.file, sheet=SURVEY_SHEET, cell=cell.cell,
                      field=f"{layout.node}:populasi", value=reading.population_raw,
                      text=show_value(reading.population_raw))
        return
    population, source = reading.population, f"lembar Survei sel {cell.cell}"
    if population is None:
        population, source = layout.spec.population.get(layout.unit), "katalog, survei.populasi"
    if population is None or reading.respondents == 0:
        return
    minimum = minimum_sample(population)
    if reading.respondents < minimum:
        yield problem("sampel-survei-kurang", file=scan.file, sheet=SURVEY_SHEET,
                      cell=layout.cell(layout.summary_row("responden"), cell.col).cell,
                      field=f"{layout.node}:responden",
                      respondents=show_number(Decimal(reading.respondents)), minimum=show_number(Decimal(minimum)),
                      population=show_number(Decimal(population)), source=source)


UNIT_CHECKS: tuple[UnitCheck, ...] = (check_identity, check_cells, check_ratios, check_pairs, check_series,
                                      check_zero_denominators, check_targets, check_reported, check_inverse_zero,
                                      check_survey)


def run_unit_checks(scan: WorkbookScan, checks: Iterable[UnitCheck] = UNIT_CHECKS) -> Iterator[Problem]:
    """Every unit check; a failing check becomes ``galat-internal`` and the others still run."""
    if scan.layout is None or scan.unit is None:
        return
    for check in checks:
        try:
            yield from list(check(scan))
        except Exception as exc:  # noqa: BLE001 - reported, never raised
            yield internal_problem(scan.file, check.__name__, exc)


# -- batch ----------------------------------------------------------------------------------------------

def check_batch(submissions: Iterable[UnitSubmission], catalog: Catalog, *, expected_units: Iterable[str] | None = None,
                year: int | None = None, period: str | None = None,
                periods: Iterable[str] | None = None) -> Iterator[Problem]:
    """Two files for the same unit/year/period; units missing from a consolidation (when asked), in
    ``period`` or, for a monitoring workbook, in each of ``periods``."""
    checks = BatchChecks(catalog, expected_units=expected_units, year=year, period=period, periods=periods)
    for s in submissions:
        yield from checks.add(s)
    yield from checks.finish()


class BatchChecks:
    """:func:`check_batch` one file at a time, in the batch's order: what concerns a file is known as soon as it
    and the files before it are read (a write-back writes each file's *Validasi* while it reads the batch)."""

    def __init__(self, catalog: Catalog, *, expected_units: Iterable[str] | None = None, year: int | None = None,
                 period: str | None = None, periods: Iterable[str] | None = None) -> None:
        self.catalog, self.year, self.by_period = catalog, year, periods is not None
        self.expected = list(expected_units) if expected_units is not None else None
        self.wanted: list[str | None] = list(periods) if periods is not None else [period]
        self.seen: dict[tuple[Any, ...], str] = {}
        self.present: dict[str | None, set[str]] = {}

    def add(self, s: UnitSubmission) -> list[Problem]:
        """The problems of the batch about ``s`` (a second file for its unit, year and period)."""
        if s.unit is None:
            # an unreadable file named for a unit (kinerja-REHSOS-2023-tahunan.ods): the unit did send one,
            # and the file's own problem says what to do; a consolidation does not call the unit missing
            if not self.by_period and s.identity.get("unit"):
                for p in self.wanted:
                    self.present.setdefault(p, set()).add(s.identity["unit"])
            return []
        found: list[Problem] = []
        key = (s.unit, s.year, s.period)
        if key in self.seen:
            found.append(problem("berkas-ganda", file=s.file, unit=s.unit, year=s.year, period=s.period,
                                 other=self.seen[key]))
        else:
            self.seen[key] = s.file
        for p in self.wanted:
            if (self.year is None or s.year == self.year) and (p is None or (s.period or "tahunan") == p):
                self.present.setdefault(p, set()).add(s.unit)
        return found

    def finish(self) -> list[Problem]:
        """The problems of the batch as a whole: units without a file."""
        if self.expected is None:
            return []
        names = {u.code: u.name for u in self.catalog.units}
        return [problem("unit-tidak-ada", unit=unit, name=names.get(unit, "tidak dikenal katalog"),
                        year=self.year or self.catalog.year, period=p or "apa pun")
                for p in self.wanted for unit in self.expected if unit not in self.present.get(p, set())]
