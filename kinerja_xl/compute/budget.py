"""Budget figures of the parts the catalog declares: ceilings per unit, spending types, per sasaran
(with each sasaran's efficiency) and the budget performance value (e.g. NKA). A part the catalog does not
declare adds no figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .builder import PlanBuilder
    from .expr import Cell, Expr

UNIT, SPENDING, PER_GOAL, PERFORMANCE = "ANGGARAN.UNIT", "ANGGARAN.BELANJA", "ANGGARAN.SASARAN", "ANGGARAN.NKA"
BUDGET_NODES = (UNIT, SPENDING, PER_GOAL, PERFORMANCE)
EFFICIENT, NOT_EFFICIENT = "Efisien", "Tidak efisien"


def build_budget(b: PlanBuilder) -> None:
    # here: the blocks' names above are read by the layouts of a reader, which builds no plan
    from .expr import Add, Cell, Const, FirstAvailable, If, Less, ResultRef, mean, percent

    catalog = b.catalog
    budget = catalog.budget
    fields = {(f.node, f.key): b.field(f) for f in budget.fields(catalog.units, catalog.goals)}

    def total(node: str, keys: list[str], measure: str, label: str) -> Cell:
        return b.add(node, measure, Add(tuple(fields[(node, k)] for k in keys)), label)

    if budget.has_ceilings:
        codes = [u.code for u in catalog.units if u.code in budget.ceiling_units]
        for role, label in (("pagu_awal", "Total pagu awal"), ("pagu_akhir", "Total pagu akhir")):
            total(UNIT, [f"{c}.{role}" for c in codes], f"total.{role}", label)

    spending = budget.spending_types
    if spending:
        for t in spending:
            b.add(SPENDING, f"persen.{t.code}",
                  b.stage(percent(fields[(SPENDING, f"{t.code}.realisasi")], fields[(SPENDING, f"{t.code}.pagu")])),
                  t.name)
        pagu = total(SPENDING, [f"{t.code}.pagu" for t in spending], "total.pagu", "Total pagu")
        real = total(SPENDING, [f"{t.code}.realisasi" for t in spending], "total.realisasi", "Total realisasi")
        b.add(SPENDING, "total.persen", b.stage(percent(real, pagu)), "Total % realisasi")

    if budget.has_per_goal:
        for goal in catalog.goals:
            amounts: Expr = b.stage(percent(fields[(PER_GOAL, f"{goal.code}.realisasi")],
                                            fields[(PER_GOAL, f"{goal.code}.pagu")]))
            # A report may give only a percentage for some goals: amounts win when present.
            share = b.add(PER_GOAL, f"persen.{goal.code}",
                          FirstAvailable((amounts, fields[(PER_GOAL, f"{goal.code}.persen")])), goal.name)
            if b.c.period != "tahunan":
                # A quarter's budget realisation is a share of the whole year's ceiling, its capaian is
                # measured against the quarter's own target: no efficiency verdict from the two.
                continue
            capaian = Cell(ResultRef(goal.code, "capaian"))
            b.add(PER_GOAL, f"efisiensi.{goal.code}",
                  If(Less(share, capaian), Const(EFFICIENT), Const(NOT_EFFICIENT)), goal.name)

    components = budget.performance_components
    if components:
        value = b.add(PERFORMANCE, "nilai", b.stage(mean([fields[(PERFORMANCE, f"{c.code}.nilai")]
                                                          for c in components])), "Nilai Kinerja Anggaran")
        if budget.performance_predicate:
            b.add(PERFORMANCE, "predikat", b.classify(budget.performance_predicate, value),
                  "Kategori Nilai Kinerja Anggaran")
