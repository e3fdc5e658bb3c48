"""The charts of the report as data: the same figures the consolidated workbook charts.

Each builder returns None when there is nothing to draw (no earlier year with a value, no budget part),
so a chart never shows an empty frame.
"""

from __future__ import annotations

from decimal import Decimal

from ..chart_specs import PALETTE, PRIMARY, SECONDARY
from .blocks import ChartSpec, Figure, Series
from .captions import Context
from .facts import HUNDRED, GoalFacts, IndicatorFacts
from .wording import is_percent

#: Rupiah axis units, largest first: the first the biggest value reaches is used.
RUPIAH_SCALES = ((Decimal(10) ** 12, "triliun"), (Decimal(10) ** 9, "miliar"), (Decimal(10) ** 6, "juta"))


def _figure(ctx: Context, key: str, title: str, chart: ChartSpec, description: str) -> Figure:
    return Figure(key, ctx.figure_caption(title), chart, description)


def capaian_indikator(ctx: Context) -> Figure | None:
    inds = [i for i in ctx.facts.indicators() if i.capaian is not None]
    if not inds:
        return None
    chart = ChartSpec("kolom", tuple(i.code for i in inds),
                      (Series("% Capaian", tuple(i.capaian for i in inds), PRIMARY),),
                      y_label="% capaian", x_label="Indikator kinerja", reference=HUNDRED,
                      reference_label="Target 100%", decimals=ctx.digits)
    return _figure(ctx, "capaian_indikator", f"Capaian Kinerja per Indikator Tahun {ctx.year_words}", chart,
                   "Diagram kolom capaian setiap indikator kinerja dengan garis target 100%.")


def capaian_sasaran(ctx: Context) -> Figure | None:
    goals = [g for g in ctx.facts.goals if g.capaian is not None]
    if not goals:
        return None
    chart = ChartSpec("kolom", tuple(g.code for g in goals),
                      (Series("% Capaian", tuple(g.capaian for g in goals), PRIMARY),),
                      y_label="% capaian", x_label=ctx.goal_term, reference=HUNDRED,
                      reference_label="Target 100%", decimals=ctx.digits)
    return _figure(ctx, "capaian_sasaran", f"Capaian Kinerja per {ctx.goal_term} Tahun {ctx.year_words}", chart,
                   f"Diagram kolom capaian setiap {ctx.goal_term.lower()} dengan garis target 100%.")


def tren_instansi(ctx: Context) -> Figure | None:
    history = ctx.facts.ministry_history
    if not any(v is not None for _, v in history) or ctx.facts.capaian is None:
        return None
    years = [y for y, _ in history] + [ctx.year]
    values = tuple(v for _, v in history) + (ctx.facts.capaian,)
    chart = ChartSpec("kolom", tuple(str(y) for y in years), (Series("% Capaian", values, PRIMARY),),
                      y_label="% capaian", x_label="Tahun", reference=HUNDRED, reference_label="Target 100%",
                      decimals=ctx.digits)
    return _figure(ctx, "tren_instansi", f"Capaian Kinerja {ctx.agency.name} Tahun {years[0]}–{ctx.year}", chart,
                   "Diagram kolom capaian kinerja per tahun.")


def tren_sasaran(ctx: Context, goal: GoalFacts) -> list[Figure]:
    """Yearly realisasi of the sasaran's indicators, one chart per unit of measure (a % and a count on
    one axis would flatten one of them); n.a years are gaps, years without any value are left out."""
    by_unit: dict[str, list[IndicatorFacts]] = {}
    for ind in goal.indicators:
        by_unit.setdefault(_unit(ind), []).append(ind)
    figures = []
    for uom, inds in by_unit.items():
        years = sorted({y for ind in inds for y, v in ind.history if v is not None})
        if not years:
            continue
        years.append(ctx.year)
        series = tuple(
            Series(ind.code, tuple(ind.earlier(y) for y in years[:-1]) + (ind.realisasi,), PALETTE[i % len(PALETTE)])
            for i, ind in enumerate(inds))
        chart = ChartSpec("garis", tuple(str(y) for y in years), series, y_label=f"Realisasi ({uom})",
                          x_label="Tahun", decimals=ctx.digits)
        key = f"tren:{goal.code}" if len(by_unit) == 1 else f"tren:{goal.code}:{uom}"
        codes = ", ".join(i.code for i in inds)
        default = (f"Tren Realisasi Indikator {goal.code} Tahun {years[0]}–{ctx.year}" if len(by_unit) == 1
                   else f"Tren Realisasi Indikator {codes} Tahun {years[0]}–{ctx.year}")
        figures.append(_figure(ctx, key, default, chart,
                               "Diagram garis realisasi setiap indikator per tahun; tahun tanpa data tidak digambar."))
    return figures


def _unit(ind: IndicatorFacts) -> str:
    return "%" if is_percent(ind.node.unit_of_measure) else ind.node.unit_of_measure


def pagu_unit(ctx: Context) -> Figure | None:
    b = ctx.facts.budget
    if not b.units:
        return None
    biggest = max((v for u in b.units for v in (u.pagu_awal, u.pagu_akhir) if v is not None), default=None)
    if biggest is None:
        return None
    scale, word = next(((s, w) for s, w in RUPIAH_SCALES if biggest >= s), (Decimal(1), ""))
    chart = ChartSpec("kolom", tuple(u.unit.code for u in b.units),
                      (Series("Pagu awal", tuple(u.pagu_awal for u in b.units), SECONDARY),
                       Series("Pagu akhir", tuple(u.pagu_akhir for u in b.units), PRIMARY)),
                      y_label=f"Rp {word}".strip(), x_label=ctx.agency.unit_term, decimals=2, scale=scale)
    return _figure(ctx, "pagu_unit", f"Pagu Anggaran per {ctx.agency.unit_term} Tahun {ctx.year}", chart,
                   "Diagram kolom pagu awal dan pagu akhir setiap unit.")


def belanja(ctx: Context) -> Figure | None:
    b = ctx.facts.budget
    if not b.spending:
        return None
    chart = ChartSpec("kolom", tuple(s.name for s in b.spending),
                      (Series("% Realisasi", tuple(s.persen for s in b.spending), PRIMARY),),
                      y_label="% realisasi", x_label="Jenis belanja", decimals=ctx.digits)
    return _figure(ctx, "belanja", f"Realisasi Anggaran per Jenis Belanja Tahun {ctx.year_words}", chart,
                   "Diagram kolom persentase realisasi setiap jenis belanja.")


def efisiensi(ctx: Context) -> Figure | None:
    if not ctx.facts.budget.per_goal:
        return None
    goals = ctx.facts.goals
    chart = ChartSpec("kolom", tuple(g.code for g in goals),
                      (Series("% Capaian kinerja", tuple(g.capaian for g in goals), PRIMARY),
                       Series("% Realisasi anggaran", tuple(g.budget.persen if g.budget else None for g in goals),
                              SECONDARY)),
                      y_label="%", x_label=ctx.goal_term, decimals=ctx.digits)
    return _figure(ctx, "efisiensi", f"Capaian Kinerja dan Realisasi Anggaran per {ctx.goal_term}", chart,
                   "Diagram kolom capaian kinerja dan persentase realisasi anggaran setiap sasaran.")
