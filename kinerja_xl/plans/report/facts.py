"""One read of the computation for the whole report: tables, charts and narrative share it.

Reading every figure once, as published (rounded to the policy's digits), keeps the three in step: a
sentence can never quote a value that its table prints differently. Budget parts are optional per
catalog: each is read exactly when the catalog declares it (``catalog.budget.has_*``), never guessed
from which figures happen to be there.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...catalog.schema import AchievementBand, Node, Target, Unit, bands_high_first, respondents_key
from ...compute.budget import EFFICIENT, PER_GOAL, PERFORMANCE, SPENDING, UNIT
from ...compute.engine import MINISTRY, Computation, comparison_prefix
from ...compute.expr import InputRef, ResultRef
from ...compute.results import result_tree
from ...compute.survey import measure as survey_measure

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PartFacts:
    """One row of an indicator's breakdown: a sub indicator, a component or a group of a method."""

    code: str
    name: str
    depth: int
    uom: str
    realisasi: Decimal | None
    previous: Decimal | None
    predicate: str | None
    source: str
    is_group: bool = False
    peak: bool = False
    previous_source: str = ""
    group_code: str = ""
    weight: Decimal | None = None
    weight_source: str = ""


@dataclass(frozen=True)
class ComparisonFacts:
    """The capaian against one ``pembanding`` of an indicator (e.g. the national target) and its category."""

    name: str
    prefix: str
    target: Target
    capaian: Decimal | None
    category: str | None


@dataclass(frozen=True)
class RateFacts:
    """The counts behind a rate (per 1.000, per 100.000): realisasi = numerator / denominator × multiplier."""

    numerator: Decimal
    denominator: Decimal
    multiplier: Decimal
    numerator_label: str
    denominator_label: str


@dataclass(frozen=True)
class SurveyFacts:
    """The survey behind one group's value (a unit's IKM): as the report's per-unit IKM table prints it."""

    code: str
    name: str
    ikm: Decimal | None
    respondents: Decimal | None
    weighted: Decimal | None
    mutu: str | None
    kinerja: str | None
    weakest: str | None
    weakest_nrr: Decimal | None
    #: Where the IKM, the respondents and IKM × respondents come from (cell sources of the report's table).
    sources: tuple[str, str, str]


@dataclass(frozen=True)
class IndicatorFacts:
    node: Node
    target: Target | None
    realisasi: Decimal | None
    capaian: Decimal | None
    history: tuple[tuple[int, Decimal | None], ...]
    kenaikan: Decimal | None
    final_year: int | None
    final_target: Target | None
    capaian_akhir: Decimal | None
    predicate: str | None
    parts: tuple[PartFacts, ...] = ()
    #: A quarter measured against its own (cumulative) target: that target, and the capaian against the
    #: annual target beside it; None otherwise (the year, or a quarter measured against the annual target).
    period_target: Target | None = None
    capaian_tahunan: Decimal | None = None
    category: str | None = None
    comparisons: tuple[ComparisonFacts, ...] = ()
    rate: RateFacts | None = None
    #: The surveys the value comes from (one per unit of a weighted mean), when the node has one.
    surveys: tuple[SurveyFacts, ...] = ()
    #: A weighted mean of surveys: the respondents of all groups and the sum of IKM × respondents.
    survey_totals: tuple[Decimal | None, Decimal | None] | None = None

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def measured_target(self) -> Target | None:
        """The target the capaian is against: the quarter's own when it has one, else the annual one."""
        return self.period_target if self.period_target is not None else self.target

    @property
    def met(self) -> bool | None:
        """Target met (capaian ≥ 100, whatever the polarity or range); None when not computable."""
        return None if self.capaian is None else self.capaian >= HUNDRED

    def earlier(self, year: int) -> Decimal | None:
        return dict(self.history).get(year)


@dataclass(frozen=True)
class GoalBudget:
    pagu: Decimal | None
    realisasi: Decimal | None
    persen: Decimal | None
    efficiency: str | None

    @property
    def efficient(self) -> bool | None:
        return None if self.efficiency is None else self.efficiency == EFFICIENT


@dataclass(frozen=True)
class GoalFacts:
    node: Node
    number: int
    capaian: Decimal | None
    indicators: tuple[IndicatorFacts, ...]
    budget: GoalBudget | None
    category: str | None = None

    @property
    def code(self) -> str:
        return self.node.code


@dataclass(frozen=True)
class UnitBudget:
    unit: Unit
    pagu_awal: Decimal | None
    pagu_akhir: Decimal | None


@dataclass(frozen=True)
class BudgetLine:
    code: str
    name: str
    pagu: Decimal | None
    realisasi: Decimal | None
    persen: Decimal | None


@dataclass(frozen=True)
class Component:
    code: str
    name: str
    value: Decimal | None


@dataclass(frozen=True)
class BudgetFacts:
    """Each part is None (``per_goal`` False) when the catalog does not declare it; a declared part whose
    figures are missing (a unit left out) holds None values, printed as "–"."""

    units: tuple[UnitBudget, ...] | None
    total_awal: Decimal | None
    total_akhir: Decimal | None
    spending: tuple[BudgetLine, ...] | None
    spending_total: BudgetLine | None
    per_goal: bool
    components: tuple[Component, ...] | None
    nka: Decimal | None
    nka_predicate: str | None

    @property
    def any(self) -> bool:
        return self.units is not None or self.spending is not None or self.per_goal or self.components is not None


@dataclass(frozen=True)
class ReportFacts:
    year: int
    digits: int
    capaian: Decimal | None
    ministry_history: tuple[tuple[int, Decimal | None], ...]
    goals: tuple[GoalFacts, ...]
    budget: BudgetFacts
    bands: tuple[AchievementBand, ...]
    peaks: dict[str, str]
    period: str = "tahunan"
    rounding_mode: str = "bertahap"
    category: str | None = None
    #: The agency's capaian categories (``kategori_capaian``); empty: the report prints none.
    categories: tuple[AchievementBand, ...] = ()

    def indicators(self) -> list[IndicatorFacts]:
        return [i for g in self.goals for i in g.indicators]

    def band(self, capaian: Decimal | None) -> str | None:
        """The colour of the first band (highest minimum first) that ``capaian`` reaches."""
        if capaian is None:
            return None
        for band in bands_high_first(self.bands):
            if band.minimum is None or capaian >= band.minimum:
                return band.color
        return None


def _owners(node: Node, group: str | None) -> tuple[str, ...]:
    """The units whose counts make a survey: the group's unit, or the node's owners."""
    return next(g.owners for g in node.groups if g.code == group) if group else node.owners


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


class _Reader:
    def __init__(self, comp: Computation):
        self.c = comp
        self.catalog = comp.catalog
        self.peaks = _peaks(result_tree(comp))

    def shown(self, node: str, measure: str) -> Decimal | None:
        return self.c.shown(node, measure)

    def has(self, node: str, measure: str) -> bool:
        ref = ResultRef(node, measure)
        return ref in self.c.figures or ref in self.c.constants

    def parts(self, node: str, key: str, owners: tuple[str, ...]) -> Decimal | None:
        """A pooled input: the sum of every owner's part, None unless all parts are there."""
        values = [self.c.inputs.get(InputRef(node, key, u)) for u in owners]
        if not values or any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Decimal(0))

    def indicator(self, node: Node) -> IndicatorFacts:
        year, final = self.c.year, self.catalog.renstra[1]
        quarter = self.c.period != "tahunan"
        # A quarter's cumulative realisasi is compared with no earlier whole year (the catalog keeps no
        # earlier quarters) and is not measured against the final Renstra target.
        history = () if quarter else tuple((y, self.shown(node.code, f"realisasi_{y}"))
                                           for y in sorted(node.history) if y < year)
        has_final = not quarter and final != year and node.target_for(final) is not None
        own = quarter and self.catalog.measured_target(node, year, self.c.period)[0] == "target_periode"
        return IndicatorFacts(
            node=node,
            target=node.target_for(year),
            realisasi=self.shown(node.code, "realisasi"),
            capaian=self.shown(node.code, "capaian"),
            history=history,
            kenaikan=self.shown(node.code, "kenaikan"),
            final_year=final if has_final else None,
            final_target=node.target_for(final) if has_final else None,
            capaian_akhir=self.shown(node.code, "capaian_akhir") if has_final else None,
            predicate=_text(self.c.value(node.code, "predikat")),
            parts=tuple(self.parts_of(node)),
            period_target=node.period_target(self.c.period) if own else None,
            capaian_tahunan=self.shown(node.code, "capaian_tahunan") if own else None,
            category=self.category(node.code),
            comparisons=tuple(self.comparisons(node)),
            rate=self.rate(node),
            surveys=self.surveys(node),
            survey_totals=(self.shown(node.code, "survei.responden"), self.shown(node.code, "survei.tertimbang"))
            if self.has(node.code, "survei.responden") else None,
        )

    def category(self, code: str, measure: str = "kategori") -> str | None:
        return _text(self.c.value(code, measure)) or None

    def comparisons(self, node: Node) -> list[ComparisonFacts]:
        out = []
        for i, comparison in enumerate(node.comparisons, start=1):
            prefix, target = comparison_prefix(i), comparison.target_for(self.c.year)
            if target is not None:
                out.append(ComparisonFacts(comparison.name, prefix, target,
                                           self.shown(node.code, f"capaian_{prefix}"),
                                           self.category(node.code, f"kategori_{prefix}")))
        return out

    def rate(self, node: Node) -> RateFacts | None:
        """The pooled counts of a rate indicator (``pengali`` other than 100), when all of them are there."""
        if not node.is_rate or node.method not in ("rasio", "rasio_gabungan"):
            return None
        totals = []
        for role in ("pembilang", "penyebut"):
            parts = [self.parts(node.code, f.key, f.owners) for f in node.inputs() if f.key.endswith(role)]
            if not parts or any(p is None for p in parts):
                return None
            totals.append(sum((p for p in parts if p is not None), Decimal(0)))
        return RateFacts(totals[0], totals[1], node.ratio_multiplier, node.labels.get("pembilang", "pembilang"),
                         node.labels.get("penyebut", "penyebut"))


    def surveys(self, indicator: Node) -> tuple[SurveyFacts, ...]:
        """The surveys behind the indicator (or one of its sub indicators) in the run's period."""
        out: list[SurveyFacts] = []
        for node in indicator.walk():
            if not node.surveyed(self.c.period) or node.survey is None:
                continue
            groups = [(g.code, g.name) for g in node.groups] if node.method == "rata_rata_tertimbang" \
                else [(None, node.name)]
            for group, name in groups:
                def m(measure: str, group: str | None = group) -> str:
                    return survey_measure(group, measure)

                respondents = self.parts(node.code, respondents_key(group), _owners(node, group))
                weakest = _text(self.c.value(node.code, m("terendah")))
                code = weakest.split(" ", 1)[0] if weakest else None
                out.append(SurveyFacts(
                    group or node.code, name, self.shown(node.code, m("ikm")), respondents,
                    self.shown(node.code, m("tertimbang")) if group else None,
                    _text(self.c.value(node.code, m("mutu"))), _text(self.c.value(node.code, m("kinerja"))),
                    weakest, self.c.number(node.code, m(f"nrr.{code}")) if code else None,
                    (f"{node.code}:{m('ikm')}", f"input:{node.code}:{respondents_key(group)}",
                     f"{node.code}:{m('tertimbang')}")))
        return tuple(out)

    def parts_of(self, indicator: Node) -> list[PartFacts]:
        """Sub indicators and components depth first, each followed by its method's groups."""
        out: list[PartFacts] = []
        previous_year = self.c.year - 1
        quarter = self.c.period != "tahunan"
        peaks = self.peaks
        units = {u.code for u in self.catalog.units}  # a group that is a unit shows the unit's code

        def visit(node: Node, depth: int) -> None:
            if depth > 0:
                previous, previous_source = (None, "") if quarter else self.earlier(node, previous_year)
                out.append(PartFacts(
                    node.code, node.name, depth, node.unit_of_measure, self.shown(node.code, "realisasi"), previous,
                    _text(self.c.value(node.code, "predikat")), f"{node.code}:realisasi",
                    previous_source=previous_source))
            fields = {f.key: f for f in node.inputs(self.c.period)}
            for g in node.groups:
                predicate = _text(self.c.value(node.code, f"predikat.{g.code}"))
                weight_key = respondents_key(g.code) if node.surveyed(self.c.period) else f"{g.code}.bobot"
                if self.has(node.code, f"rasio.{g.code}"):
                    value, source = self.shown(node.code, f"rasio.{g.code}"), f"{node.code}:rasio.{g.code}"
                elif node.surveyed(self.c.period):  # the group's IKM from its unit's survey
                    value = self.shown(node.code, survey_measure(g.code, "ikm"))
                    source = f"{node.code}:{survey_measure(g.code, 'ikm')}"
                elif f"{g.code}.nilai" in fields:
                    value = self.parts(node.code, f"{g.code}.nilai", fields[f"{g.code}.nilai"].owners)
                    source = f"input:{node.code}:{g.code}.nilai"
                else:
                    continue  # a month outside a quarterly period: no figure
                weight = None
                if weight_key in fields:
                    weight = self.parts(node.code, weight_key, fields[weight_key].owners)
                out.append(PartFacts("", g.name, depth + 1, node.unit_of_measure, value, None, predicate, source,
                                     is_group=True, peak=peaks.get(node.code) == g.code,
                                     group_code=g.code if g.code in units else "", weight=weight,
                                     weight_source=f"input:{node.code}:{weight_key}" if weight is not None else ""))
            for child in node.children:
                visit(child, depth + 1)

        visit(indicator, 0)
        return out

    def earlier(self, node: Node, year: int) -> tuple[Decimal | None, str]:
        """A node's realisasi of an earlier year: the engine's constant where it registered one (indicators),
        otherwise the catalog's history (sub indicators keep theirs in the catalog only)."""
        if self.has(node.code, f"realisasi_{year}"):
            return self.shown(node.code, f"realisasi_{year}"), f"{node.code}:realisasi_{year}"
        if node.history.get(year) is not None:
            return node.history[year], f"riwayat:{node.code}:{year}"
        return None, ""

    def goal_budget(self, goal: Node) -> GoalBudget:
        owners = self.catalog.budget.per_goal_owners
        return GoalBudget(
            pagu=self.parts(PER_GOAL, f"{goal.code}.pagu", owners),
            realisasi=self.parts(PER_GOAL, f"{goal.code}.realisasi", owners),
            persen=self.shown(PER_GOAL, f"persen.{goal.code}"),
            efficiency=_text(self.c.value(PER_GOAL, f"efisiensi.{goal.code}")),
        )

    def budget(self) -> BudgetFacts:
        spec = self.catalog.budget
        units: tuple[UnitBudget, ...] | None = None
        total_awal = total_akhir = None
        if spec.has_ceilings:
            units = tuple(
                UnitBudget(u, self.c.inputs.get(InputRef(UNIT, f"{u.code}.pagu_awal", u.code)),
                           self.c.inputs.get(InputRef(UNIT, f"{u.code}.pagu_akhir", u.code)))
                for u in self.catalog.units if u.code in spec.ceiling_units)
            total_awal, total_akhir = self.shown(UNIT, "total.pagu_awal"), self.shown(UNIT, "total.pagu_akhir")
        spending: tuple[BudgetLine, ...] | None = None
        spending_total: BudgetLine | None = None
        if spec.has_spending:
            owners = spec.spending_owners
            spending = tuple(BudgetLine(t.code, t.name, self.parts(SPENDING, f"{t.code}.pagu", owners),
                                        self.parts(SPENDING, f"{t.code}.realisasi", owners),
                                        self.shown(SPENDING, f"persen.{t.code}"))
                             for t in spec.spending_types)
            spending_total = BudgetLine("total", "Jumlah", self.shown(SPENDING, "total.pagu"),
                                        self.shown(SPENDING, "total.realisasi"), self.shown(SPENDING, "total.persen"))
        components: tuple[Component, ...] | None = None
        if spec.has_performance:
            components = tuple(Component(c.code, c.name,
                                         self.parts(PERFORMANCE, f"{c.code}.nilai", spec.performance_owners))
                               for c in spec.performance_components)
        return BudgetFacts(
            units=units, total_awal=total_awal, total_akhir=total_akhir,
            spending=spending, spending_total=spending_total, per_goal=spec.has_per_goal, components=components,
            nka=self.shown(PERFORMANCE, "nilai") if components else None,
            nka_predicate=_text(self.c.value(PERFORMANCE, "predikat")) if components else None,
        )

    def read(self) -> ReportFacts:
        per_goal = self.catalog.budget.has_per_goal
        goals = tuple(
            GoalFacts(goal, i, self.shown(goal.code, "capaian"),
                      tuple(self.indicator(ind) for ind in goal.children),
                      self.goal_budget(goal) if per_goal else None, self.category(goal.code))
            for i, goal in enumerate(self.catalog.goals, start=1))
        history = () if self.c.period != "tahunan" else tuple(
            (y, v) for y, v in sorted(self.catalog.ministry_history.items()) if y < self.c.year)
        return ReportFacts(
            year=self.c.year,
            digits=self.c.rounding.digits,
            capaian=self.shown(MINISTRY, "capaian"),
            ministry_history=history,
            goals=goals,
            budget=self.budget(),
            bands=self.catalog.achievement_bands,
            peaks=self.peaks,
            period=self.c.period,
            rounding_mode=self.c.rounding.mode,
            category=self.category(MINISTRY),
            categories=self.catalog.categories,
        )


def _peaks(tree: dict[str, Any]) -> dict[str, str]:
    """Node code → the period whose ratio is the realisasi (a ``periode_puncak`` node)."""
    found: dict[str, str] = {}

    def walk(node: dict[str, Any]) -> None:
        if node.get("periode_puncak"):
            found[node["kode"]] = node["periode_puncak"]
        for key in ("sub", "komponen"):
            for child in node.get(key, ()):
                walk(child)

    for goal in tree["sasaran"]:
        for ind in goal["indikator"]:
            walk(ind)
    return found


def read_facts(computation: Computation) -> ReportFacts:
    """Every figure the report prints, read once from the computation."""
    return _Reader(computation).read()
