"""The achievement engine: realisasi and capaian up the tree, as expressions and as values.

:func:`compute` turns a catalog and raw inputs into a :class:`Computation`: an ordered set of
:class:`Figure` objects (each a reference, its expression and its Decimal value). Writers render the
expressions as formulas; the JSON export and the CLI read the values. Nothing here touches files.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..catalog.schema import MONTHS, QUARTER_MONTHS, Catalog, InputField, Node, RoundingPolicy, TargetRange
from .expr import (
    HUNDRED,
    Add,
    Cell,
    Classify,
    Const,
    Div,
    Expr,
    If,
    InputRef,
    Less,
    Min,
    Mul,
    PeakRatio,
    Ref,
    ResultRef,
    Round,
    Sub,
    Value,
    evaluate,
    mean,
    percent,
)

MINISTRY = "KEMENTERIAN"


@dataclass(frozen=True)
class Figure:
    """A computed figure: where it belongs (``ref``), how it is computed and its value."""

    ref: ResultRef
    expr: Expr
    value: Value
    label: str = ""


@dataclass
class Computation:
    """Every figure of one run, in dependency order, plus the catalog constants they use."""

    catalog: Catalog
    rounding: RoundingPolicy
    year: int
    scope: frozenset[str] | None
    period: str
    inputs: Mapping[InputRef, Decimal]
    constants: dict[ResultRef, Value] = field(default_factory=dict)
    figures: dict[ResultRef, Figure] = field(default_factory=dict)
    env: dict[Ref, Value] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for ref, value in self.inputs.items():
            self.env[ref] = value

    def value(self, node: str, measure: str) -> Value:
        ref = ResultRef(node, measure)
        if ref in self.figures:
            return self.figures[ref].value
        return self.constants.get(ref)

    def number(self, node: str, measure: str) -> Decimal | None:
        value = self.value(node, measure)
        return value if isinstance(value, Decimal) else None

    def shown(self, node: str, measure: str) -> Decimal | None:
        """The value as published: rounded to the policy's digits (a no-op in ``bertahap`` mode)."""
        from .rounding import excel_round

        value = self.number(node, measure)
        return None if value is None else excel_round(value, self.rounding.digits)

    def in_scope(self, node: Node) -> bool:
        """Whether every leaf under ``node`` has data from the scope's units (always true without scope)."""
        if self.scope is None:
            return True
        leaves = [n for n in node.walk() if n.is_leaf]
        return bool(leaves) and all(any(self.scope & set(f.owners) for f in leaf.inputs()) for leaf in leaves)


def field_expr(f: InputField, scope: frozenset[str] | None = None) -> Expr:
    """A raw field: one unit's cell, or the sum of every contributing unit's part (within ``scope``)."""
    cells: list[Expr] = [Cell(InputRef(f.node, f.key, u)) for u in f.owners if scope is None or u in scope]
    if not cells:
        return Cell(InputRef(f.node, f.key, "-"))
    return cells[0] if len(cells) == 1 else Add(tuple(cells))


class _Builder:
    def __init__(self, computation: Computation):
        self.c = computation
        self.catalog = computation.catalog
        self.policy = computation.rounding

    # -- helpers ---------------------------------------------------------------------------------
    def stage(self, expr: Expr) -> Expr:
        """A published stage: rounded in ``bertahap`` mode, full precision otherwise."""
        return Round(expr, self.policy.digits) if self.policy.mode == "bertahap" else expr

    def add(self, node: str, measure: str, expr: Expr, label: str = "") -> Cell:
        ref = ResultRef(node, measure)
        value = evaluate(expr, self.c.env)
        self.c.figures[ref] = Figure(ref, expr, value, label)
        self.c.env[ref] = value
        return Cell(ref)

    def constant(self, node: str, measure: str, value: Value) -> Cell:
        ref = ResultRef(node, measure)
        self.c.constants[ref] = value
        self.c.env[ref] = value
        return Cell(ref)

    def field(self, f: InputField) -> Expr:
        return field_expr(f, self.c.scope)

    def fields(self, node: Node) -> dict[str, Expr]:
        return {f.key: self.field(f) for f in node.inputs()}

    def period_groups(self, node: Node) -> list:  # noqa: ANN201
        return period_groups(node, self.c.scope, self.c.period)

    def groups(self, node: Node) -> list:  # noqa: ANN201
        return scoped_groups(node, self.c.scope)

    # -- realisasi -------------------------------------------------------------------------------
    def realisasi(self, node: Node) -> Cell:
        children = [self.realisasi(child) for child in node.children]
        fields = self.fields(node)
        m = node.method
        expr: Expr
        if m == "rasio":
            expr = percent(fields["pembilang"], fields["penyebut"])
        elif m == "rasio_gabungan":
            groups = self.groups(node)
            for g in groups:  # per-group ratios are shown in the tables (Tabel 3.5 style)
                self.add(node.code, f"rasio.{g.code}",
                         self.stage(percent(fields[f"{g.code}.pembilang"], fields[f"{g.code}.penyebut"])), g.name)
            expr = percent(Add(tuple(fields[f"{g.code}.pembilang"] for g in groups)),
                           Add(tuple(fields[f"{g.code}.penyebut"] for g in groups)))
        elif m == "periode_puncak":
            groups = self.period_groups(node)
            for g in groups:
                self.add(node.code, f"rasio.{g.code}",
                         self.stage(percent(fields[f"{g.code}.pembilang"], fields[f"{g.code}.penyebut"])), g.name)
            expr = PeakRatio(tuple(fields[f"{g.code}.pembilang"] for g in groups),
                             tuple(fields[f"{g.code}.penyebut"] for g in groups))
        elif m == "rata_rata_tertimbang":
            groups = self.groups(node)
            expr = Div(Add(tuple(Mul(fields[f"{g.code}.nilai"], fields[f"{g.code}.bobot"]) for g in groups)),
                       Add(tuple(fields[f"{g.code}.bobot"] for g in groups)))
            if node.predicate:
                for g in groups:
                    self.add(node.code, f"predikat.{g.code}",
                             self.classify(node.predicate, fields[f"{g.code}.nilai"]), g.name)
        elif m == "langsung":
            expr = fields["nilai"]
        elif m == "rata_rata":
            expr = mean(list(children))
        elif m == "jumlah":
            expr = Add(tuple(children))
        elif m == "jumlah_berbobot":
            assert node.weight_total is not None
            expr = Div(Add(tuple(Mul(Const(child.weight or Decimal(0)), cell)
                                 for child, cell in zip(node.children, children, strict=True))),
                       Const(node.weight_total))
        else:  # pragma: no cover - the catalog loader rejects unknown methods
            raise ValueError(f"unknown method {m!r} at {node.code}")
        cell = self.add(node.code, "realisasi", self.stage(expr), node.name)
        if node.predicate:
            self.add(node.code, "predikat", self.classify(node.predicate, cell), node.name)
        return cell

    def classify(self, predicate: str, operand: Expr) -> Expr:
        """The predicate of the value as shown (rounded to the policy's digits): with unrounded values a
        figure shown as 95,00 could fall in the gap between bands 94,99 and 95."""
        bands = tuple((b.lower, b.inclusive, b.upper, f"{b.code} ({b.name})")
                      for b in self.catalog.predicates[predicate])
        shown = operand if self.policy.mode == "bertahap" else Round(operand, self.policy.digits)
        return Classify(shown, bands, "")

    # -- capaian ---------------------------------------------------------------------------------
    def target_cells(self, node: Node, year: int, prefix: str) -> tuple[Expr, Expr] | Expr | None:
        target = node.target_for(year)
        if target is None:
            return None
        if isinstance(target, TargetRange):
            return (self.constant(node.code, f"{prefix}_bawah", target.low),
                    self.constant(node.code, f"{prefix}_atas", target.high))
        return self.constant(node.code, prefix, target)

    def achievement(self, node: Node, realisasi: Expr, target: tuple[Expr, Expr] | Expr) -> Expr:
        """Capaian: R/T×100 (naik), (2T−R)/T×100 (turun); a range counts as met inside it and uses
        the nearer bound outside it; an optional cap limits the result."""

        def single(t: Expr) -> Expr:
            if node.polarity == "turun":
                return Mul(Div(Sub(Mul(Const(Decimal(2)), t), realisasi), t), HUNDRED)
            return percent(realisasi, t)

        if isinstance(target, tuple):
            low, high = target
            expr: Expr = If(Less(realisasi, low), single(low), If(Less(high, realisasi), single(high), HUNDRED))
        else:
            expr = single(target)
        if node.cap is not None:
            expr = Min(expr, Const(node.cap))
        return self.stage(expr)

    def indicator(self, node: Node) -> Cell | None:
        realisasi = self.realisasi(node)
        year = self.c.year
        target = self.target_cells(node, year, "target")
        capaian = None
        if target is not None:
            capaian = self.add(node.code, "capaian", self.achievement(node, realisasi, target), node.name)
        self.history(node, realisasi)
        return capaian

    def history(self, node: Node, realisasi: Expr) -> None:
        """Tabel 3.3 style: earlier realisasi, % kenaikan, capaian against the final Renstra target."""
        if not node.history and node.level != "indikator":
            return
        year = self.c.year
        for y in sorted(node.history):
            self.constant(node.code, f"realisasi_{y}", node.history[y])
        previous = node.history.get(year - 1)
        if previous is not None:
            prev_cell = Cell(ResultRef(node.code, f"realisasi_{year - 1}"))  # registered just above
            self.add(node.code, "kenaikan", self.stage(percent(Sub(realisasi, prev_cell), prev_cell)),
                     f"% kenaikan {year - 1}–{year}")
        final_year = self.catalog.renstra[1]
        if final_year != year and node.level == "indikator":
            final = self.target_cells(node, final_year, "target_akhir")
            if final is not None:
                self.add(node.code, "capaian_akhir", self.achievement(node, realisasi, final),
                         f"% capaian terhadap target {final_year}")

    def run(self) -> None:
        goal_cells: list[Expr] = []
        for goal in self.catalog.goals:
            cells: list[Expr] = [cell for ind in goal.children if (cell := self.indicator(ind)) is not None]
            goal_cells.append(self.add(goal.code, "capaian", self.stage(mean(list(cells))), goal.name))
        self.add(MINISTRY, "capaian", self.stage(mean(goal_cells)), self.catalog.ministry)
        from .budget import build_budget

        build_budget(self)


def scoped_groups(node: Node, scope: Collection[str] | None) -> list:  # noqa: ANN201
    """The node's groups; within a unit scope only the groups that unit supplies."""
    if scope is None:
        return list(node.groups)
    return [g for g in node.groups if any(owner in scope for owner in g.owners)]


def period_groups(node: Node, scope: Collection[str] | None, period: str) -> list:  # noqa: ANN201
    """A monthly series within the reporting period: TW2 covers January to June (the months a
    quarterly workbook must fill); other series are taken whole. A peak ratio's index counts these."""
    groups = scoped_groups(node, scope)
    if period in QUARTER_MONTHS and all(g.code in MONTHS for g in groups):
        groups = [g for g in groups if g.code in QUARTER_MONTHS[period]]
    return groups


def compute(
    catalog: Catalog,
    inputs: Mapping[InputRef, Decimal],
    *,
    rounding: RoundingPolicy | None = None,
    scope: Collection[str] | None = None,
    year: int | None = None,
    period: str = "tahunan",
) -> Computation:
    """Compute every figure of the catalog from raw inputs.

    ``rounding`` overrides the catalog policy for this run; ``scope`` restricts pooled inputs to some
    units (a unit workbook shows its own part); ``year`` defaults to the catalog year; ``period``
    limits monthly series to the months it covers.
    """
    computation = Computation(
        catalog=catalog,
        rounding=rounding or catalog.rounding,
        year=year or catalog.year,
        scope=frozenset(scope) if scope is not None else None,
        period=period,
        inputs=dict(inputs),
    )
    key = (catalog.content_hash or str(id(catalog)), computation.rounding, computation.year, computation.scope,
           period)
    plan = _PLANS.get(key)
    if plan is None or plan.catalog is not catalog:
        # Build once with no inputs: expressions depend on the catalog, scope, year, period and
        # rounding only, never on the figures, so later runs just evaluate them in order.
        blank = Computation(catalog=catalog, rounding=computation.rounding, year=computation.year,
                            scope=computation.scope, period=period, inputs={})
        _Builder(blank).run()
        figures = [(f.ref, f.expr, f.label) for f in blank.figures.values()]
        plan = _PLANS[key] = _Plan(catalog, blank.constants, figures)
    computation.constants.update(plan.constants)
    env = computation.env
    for ref, constant in plan.constants.items():
        env[ref] = constant
    for ref, expr, label in plan.figures:
        value = evaluate(expr, env)
        computation.figures[ref] = Figure(ref, expr, value, label)
        env[ref] = value
    return computation


@dataclass(frozen=True)
class _Plan:
    catalog: Catalog
    constants: dict[ResultRef, Value]
    figures: list[tuple[ResultRef, Expr, str]]


_PLANS: dict[tuple[object, ...], _Plan] = {}


def leaf_refs(catalog: Catalog) -> Iterator[InputRef]:
    """Every input reference the catalog can read (one per field and contributing unit)."""
    for f in catalog.input_fields():
        for unit in f.owners:
            yield InputRef(f.node, f.key, unit)
