"""The achievement engine: realisasi and capaian up the tree, as expressions and as values.

:func:`compute` turns a catalog and raw inputs into a :class:`~.builder.Computation`: an ordered set of
:class:`~.builder.Figure` objects (each a reference, its expression and its Decimal value). The
expressions depend on the catalog, scope, year, period and rounding only, never on the figures, so the
plan is built once (:mod:`.tree`, :mod:`.budget`) and kept with the catalog; each run only evaluates it.
Writers render the expressions as formulas; the JSON export and the CLI read the values.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ..catalog.schema import Catalog, RoundingPolicy
from .budget import build_budget
from .builder import MINISTRY, Computation, Figure, PlanBuilder, field_expr, period_groups, scoped_groups
from .expr import Compiled, Expr, InputRef, ResultRef, Value, compiled, evaluate_in_order
from .tree import TreeBuilder, comparison_prefix

__all__ = ["MINISTRY", "Computation", "Figure", "comparison_prefix", "compute", "field_expr", "leaf_refs",
           "period_groups", "scoped_groups"]


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
    key = ("engine-plan", computation.rounding, computation.year, computation.scope, period)
    # Built once with no inputs (kept with the catalog): later runs just evaluate it in order.
    plan = catalog.memo(key, lambda: _build_plan(Computation(
        catalog=catalog, rounding=computation.rounding, year=computation.year, scope=computation.scope,
        period=period, inputs={})))
    computation.constants.update(plan.constants)
    env = computation.env
    for ref, constant in plan.constants.items():
        env[ref] = constant
    values = evaluate_in_order(((ref, function) for (ref, _, _), function in zip(plan.figures, plan.compiled,
                                                                               strict=True)), env)
    for (ref, expr, label), (_, value) in zip(plan.figures, values, strict=True):
        computation.figures[ref] = Figure(ref, expr, value, label)
    return computation


@dataclass(frozen=True)
class _Plan:
    constants: dict[ResultRef, Value]
    figures: list[tuple[ResultRef, Expr, str]]
    compiled: tuple[Compiled, ...]  # each figure's expression as a function (made with the plan)


def _build_plan(blank: Computation) -> _Plan:
    """The plan: every figure's expression, and its function (the builder reads no value: none is computed)."""
    builder = PlanBuilder(blank, evaluate=False)
    TreeBuilder(builder).build()
    build_budget(builder)
    figures = [(f.ref, f.expr, f.label) for f in blank.figures.values()]
    return _Plan(blank.constants, figures, tuple(compiled(expr) for _, expr, _ in figures))


def leaf_refs(catalog: Catalog, period: str | None = None) -> Iterator[InputRef]:
    """Every input reference the catalog can read (one per field and contributing unit); with ``period`` only
    those workbooks of that period hold (a survey's counts replace the values typed in other periods)."""
    for f in catalog.input_fields():
        if period is not None and not f.applies(period):
            continue
        for unit in f.owners:
            yield InputRef(f.node, f.key, unit)
