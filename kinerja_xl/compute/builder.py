"""The builder of a computation's expression plan: what every figure is, before any value is known.

:class:`PlanBuilder` holds the helpers every part of the plan uses (a published stage, a figure, a
catalog constant, a raw field, a predicate, a target and its capaian); :mod:`.tree` adds the figures of
the performance tree and :mod:`.budget` those of the budget with it. :mod:`.engine` builds a plan once
and evaluates it per run.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ..catalog.schema import (
    MONTHS,
    QUARTER_MONTHS,
    Catalog,
    Group,
    InputField,
    Node,
    RoundingPolicy,
    Target,
    TargetBound,
    TargetRange,
    bands_high_first,
)
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
    Ref,
    ResultRef,
    Round,
    Sub,
    Value,
    evaluate,
    percent,
)
from .rounding import excel_round

#: The node code of the whole instansi (its capaian is the mean of the sasaran).
MINISTRY = "KEMENTERIAN"
ZERO = Const(Decimal(0))


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


class PlanBuilder:
    """Adds figures and constants to a :class:`Computation`, evaluating each as it is added (``evaluate=False``:
    a plan built without inputs, whose figures' values nobody reads, leaves them ``None``)."""

    def __init__(self, computation: Computation, *, evaluate: bool = True):
        self.c = computation
        self.catalog = computation.catalog
        self.policy = computation.rounding
        self.evaluate = evaluate

    # -- helpers ---------------------------------------------------------------------------------
    def stage(self, expr: Expr) -> Expr:
        """A published stage: rounded in ``bertahap`` mode, full precision otherwise."""
        return Round(expr, self.policy.digits) if self.policy.mode == "bertahap" else expr

    def add(self, node: str, measure: str, expr: Expr, label: str = "") -> Cell:
        ref = ResultRef(node, measure)
        value = evaluate(expr, self.c.env) if self.evaluate else None
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
        """The node's raw fields that workbooks of the run's period hold."""
        return {f.key: self.field(f) for f in node.inputs(self.c.period)}

    def period_groups(self, node: Node) -> list[Group]:
        return period_groups(node, self.c.scope, self.c.period)

    def groups(self, node: Node) -> list[Group]:
        return scoped_groups(node, self.c.scope)

    def classify(self, predicate: str, operand: Expr, label: Literal["both", "code", "name"] = "both") -> Expr:
        """The predicate of the value as shown (rounded to the policy's digits): with unrounded values a
        figure shown as 95,00 could fall in the gap between bands 94,99 and 95. ``label``: ``A (Sangat Baik)``,
        or the band's code (``A``, a survey's mutu) or name (``Sangat Baik``, its kinerja unit) alone."""
        texts = {"both": lambda b: f"{b.code} ({b.name})", "code": lambda b: b.code, "name": lambda b: b.name}[label]
        bands = tuple((b.lower, b.inclusive, b.upper, texts(b)) for b in self.catalog.predicates[predicate])
        shown = operand if self.policy.mode == "bertahap" else Round(operand, self.policy.digits)
        return Classify(shown, bands, "")

    def category(self, capaian: Expr) -> Expr:
        """The agency's category of a capaian (``kategori_capaian``), on the value as shown: a capaian exactly
        at a category's minimum gets that category (``>=``, in Python and in the formula)."""
        bands = tuple((b.minimum, True, None, b.label) for b in bands_high_first(self.catalog.categories))
        shown = capaian if self.policy.mode == "bertahap" else Round(capaian, self.policy.digits)
        return Classify(shown, bands, "")


    # -- capaian ---------------------------------------------------------------------------------
    def target_cells(self, node: Node, year: int, prefix: str) -> tuple[Expr, Expr] | Expr | None:
        return self.target_constants(node, node.target_for(year), prefix)

    def target_constants(self, node: Node, target: Target | None, prefix: str) -> tuple[Expr, Expr] | Expr | None:
        """A target as catalog constants: ``prefix``, or a range's ``prefix_bawah`` and ``prefix_atas``."""
        if target is None:
            return None
        if isinstance(target, TargetRange):
            return (self.constant(node.code, f"{prefix}_bawah", target.low),
                    self.constant(node.code, f"{prefix}_atas", target.high))
        if isinstance(target, TargetBound):  # a one-sided target counts against its bound
            return self.constant(node.code, prefix, target.value)
        return self.constant(node.code, prefix, target)

    def achievement(self, node: Node, realisasi: Expr, target: tuple[Expr, Expr] | Expr) -> Expr:
        """Capaian: R/T×100 (naik), (2T−R)/T×100 (turun, ``selisih``) or T/R×100 (turun, ``terbalik``: a
        realisasi of 0 or less gets the cap, and no capaian without one); a range counts as met inside it and
        uses the nearer bound outside it; an optional cap limits the result."""

        def single(t: Expr) -> Expr:
            if node.polarity == "turun" and node.lower_rule == "terbalik":
                inverse = percent(t, realisasi)
                return inverse if node.cap is None else If(Less(ZERO, realisasi), inverse, Const(node.cap))
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

def scoped_groups(node: Node, scope: Collection[str] | None) -> list[Group]:
    """The node's groups; within a unit scope only the groups that unit supplies."""
    if scope is None:
        return list(node.groups)
    return [g for g in node.groups if any(owner in scope for owner in g.owners)]


def period_groups(node: Node, scope: Collection[str] | None, period: str) -> list[Group]:
    """A monthly series within the reporting period: TW2 covers January to June (the months a
    quarterly workbook must fill); other series are taken whole. A peak ratio's index counts these."""
    groups = scoped_groups(node, scope)
    if period in QUARTER_MONTHS and all(g.code in MONTHS for g in groups):
        groups = [g for g in groups if g.code in QUARTER_MONTHS[period]]
    return groups


