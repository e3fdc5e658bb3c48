"""Budget figures: Tabel 2.2 (pagu per unit), 3.32 (per jenis belanja), 3.33 (efficiency), NKA."""

from __future__ import annotations

from .builder import PlanBuilder
from .expr import Add, Cell, Const, Expr, FirstAvailable, If, Less, ResultRef, mean, percent

UNIT, SPENDING, PER_GOAL, PERFORMANCE = "ANGGARAN.UNIT", "ANGGARAN.BELANJA", "ANGGARAN.SASARAN", "ANGGARAN.NKA"
#: How the input sheet and the consolidated workbook title each budget block.
BUDGET_TITLES = {
    UNIT: "Pagu anggaran unit (Tabel 2.2)",
    SPENDING: "Pagu dan realisasi per jenis belanja (Tabel 3.32)",
    PER_GOAL: "Pagu dan realisasi per sasaran strategis (Tabel 3.33)",
    PERFORMANCE: "Nilai Kinerja Anggaran",
}
EFFICIENT, NOT_EFFICIENT = "Efisien", "Tidak efisien"


def build_budget(b: PlanBuilder) -> None:
    catalog = b.catalog
    fields = {(f.node, f.key): b.field(f) for f in catalog.budget.fields(catalog.units, catalog.goals)}

    def total(node: str, keys: list[str], measure: str, label: str) -> Cell:
        return b.add(node, measure, Add(tuple(fields[(node, k)] for k in keys)), label)

    codes = [u.code for u in catalog.units]
    for role, label in (("pagu_awal", "Total pagu awal"), ("pagu_akhir", "Total pagu akhir")):
        total(UNIT, [f"{c}.{role}" for c in codes], f"total.{role}", label)

    spending = catalog.budget.spending_types
    if spending:
        for t in spending:
            b.add(SPENDING, f"persen.{t.code}",
                  b.stage(percent(fields[(SPENDING, f"{t.code}.realisasi")], fields[(SPENDING, f"{t.code}.pagu")])),
                  t.name)
        pagu = total(SPENDING, [f"{t.code}.pagu" for t in spending], "total.pagu", "Total pagu")
        real = total(SPENDING, [f"{t.code}.realisasi" for t in spending], "total.realisasi", "Total realisasi")
        b.add(SPENDING, "total.persen", b.stage(percent(real, pagu)), "Total % realisasi")

    for goal in catalog.goals:
        amounts: Expr = b.stage(percent(fields[(PER_GOAL, f"{goal.code}.realisasi")],
                                        fields[(PER_GOAL, f"{goal.code}.pagu")]))
        # The report gives only a percentage for some goals (Tabel 3.33): amounts win when present.
        share = b.add(PER_GOAL, f"persen.{goal.code}",
                      FirstAvailable((amounts, fields[(PER_GOAL, f"{goal.code}.persen")])), goal.name)
        capaian = Cell(ResultRef(goal.code, "capaian"))
        b.add(PER_GOAL, f"efisiensi.{goal.code}",
              If(Less(share, capaian), Const(EFFICIENT), Const(NOT_EFFICIENT)), goal.name)

    components = catalog.budget.performance_components
    if components:
        value = b.add(PERFORMANCE, "nilai", b.stage(mean([fields[(PERFORMANCE, f"{c.code}.nilai")]
                                                          for c in components])), "Nilai Kinerja Anggaran")
        if catalog.budget.performance_predicate:
            b.add(PERFORMANCE, "predikat", b.classify(catalog.budget.performance_predicate, value),
                  "Kategori Nilai Kinerja Anggaran")
