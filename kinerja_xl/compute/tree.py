"""The figures of the performance tree: realisasi up from the raw fields, capaian, history rows, means.

Sub-indicator → indicator → sasaran → instansi: each node's realisasi follows its catalog method, an
indicator's capaian compares it with the target (polarity, range, cap), a sasaran's capaian is the mean
of its indicators' and the instansi's the mean of the sasaran.
"""

from __future__ import annotations

from decimal import Decimal

from ..catalog.schema import Node
from .builder import MINISTRY, PlanBuilder
from .expr import Add, Cell, Const, Div, Expr, Mul, PeakRatio, ResultRef, Sub, mean, percent, ratio
from .survey import add_survey, measure


def comparison_prefix(index: int) -> str:
    """The figures of an indicator's ``index``-th pembanding (from 1): ``pembanding1`` (its target, or
    ``pembanding1_bawah``/``_atas``), ``capaian_pembanding1``, ``kategori_pembanding1``."""
    return f"pembanding{index}"


class TreeBuilder:
    """The tree's part of the plan, built with the shared :class:`~.builder.PlanBuilder` helpers."""

    def __init__(self, b: PlanBuilder):
        self.b = b
        self.c = b.c
        self.catalog = b.catalog

    # -- realisasi -------------------------------------------------------------------------------
    def realisasi(self, node: Node) -> Cell:
        children = [self.realisasi(child) for child in node.children]
        fields = self.b.fields(node)
        m = node.method
        expr: Expr
        if m == "rasio":
            expr = ratio(fields["pembilang"], fields["penyebut"], node.ratio_multiplier)
        elif m == "rasio_gabungan":
            groups = self.b.groups(node)
            for g in groups:  # per-group ratios are shown in the breakdown tables
                self.b.add(node.code, f"rasio.{g.code}", self.b.stage(ratio(
                    fields[f"{g.code}.pembilang"], fields[f"{g.code}.penyebut"], node.ratio_multiplier)), g.name)
            expr = ratio(Add(tuple(fields[f"{g.code}.pembilang"] for g in groups)),
                         Add(tuple(fields[f"{g.code}.penyebut"] for g in groups)), node.ratio_multiplier)
        elif m == "periode_puncak":
            groups = self.b.period_groups(node)
            for g in groups:
                self.b.add(node.code, f"rasio.{g.code}",
                         self.b.stage(percent(fields[f"{g.code}.pembilang"], fields[f"{g.code}.penyebut"])), g.name)
            expr = PeakRatio(tuple(fields[f"{g.code}.pembilang"] for g in groups),
                             tuple(fields[f"{g.code}.penyebut"] for g in groups))
        elif m == "rata_rata_tertimbang":
            groups = self.b.groups(node)
            values: dict[str, tuple[Expr, Expr]] = {}
            surveyed = node.surveyed(self.c.period)
            for g in groups:  # a group's value and weight: typed, or its unit's survey and respondents
                if surveyed:
                    survey = add_survey(self.b, node, g.code, fields)
                    values[g.code] = (survey.ikm, survey.respondents)
                else:
                    values[g.code] = (fields[f"{g.code}.nilai"], fields[f"{g.code}.bobot"])
            expr = Div(Add(tuple(Mul(value, weight) for value, weight in values.values())),
                       Add(tuple(weight for _, weight in values.values())))
            if surveyed and groups:  # the instansi's totals of the per-unit survey table
                self.b.add(node.code, "survei.responden", Add(tuple(w for _, w in values.values())),
                           "Jumlah responden")
                self.b.add(node.code, "survei.tertimbang",
                           Add(tuple(Cell(ResultRef(node.code, measure(g.code, "tertimbang"))) for g in groups)),
                           "Jumlah IKM × jumlah responden")
            if node.predicate:
                for g in groups:
                    self.b.add(node.code, f"predikat.{g.code}", self.b.classify(node.predicate, values[g.code][0]),
                               g.name)
        elif m == "langsung":
            expr = add_survey(self.b, node, None, fields).ikm if node.surveyed(self.c.period) else fields["nilai"]
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
        cell = self.b.add(node.code, "realisasi", self.b.stage(expr), node.name)
        if node.predicate:
            self.b.add(node.code, "predikat", self.b.classify(node.predicate, cell), node.name)
        if node.level in ("sub", "komponen"):  # an indicator's capaian is added by indicator()
            self.capaian(node, cell)
        return cell

    def indicator(self, node: Node) -> Cell | None:
        realisasi = self.realisasi(node)
        capaian = self.capaian(node, realisasi)
        if capaian is not None:
            self.category(node.code, "kategori", capaian, node.name)
        self.comparisons(node, realisasi)
        self.history(node, realisasi)
        return capaian

    def category(self, code: str, measure: str, capaian: Cell, label: str) -> None:
        """The agency's category of a capaian, when the catalog declares categories."""
        if self.catalog.categories:
            self.b.add(code, measure, self.b.category(capaian), label)

    def comparisons(self, node: Node, realisasi: Expr) -> None:
        """Capaian against each ``pembanding`` of the run's year, with the indicator's polarity, rule and cap
        (``capaian_pembanding1`` …); beside the main capaian, never in a mean."""
        for i, comparison in enumerate(node.comparisons, start=1):
            target = self.b.target_constants(node, comparison.target_for(self.c.year), comparison_prefix(i))
            if target is None:
                continue
            cell = self.b.add(node.code, f"capaian_{comparison_prefix(i)}",
                              self.b.achievement(node, realisasi, target), f"% capaian terhadap {comparison.name}")
            self.category(node.code, f"kategori_{comparison_prefix(i)}", cell, comparison.name)

    def capaian(self, node: Node, realisasi: Expr) -> Cell | None:
        """Capaian against the target of the run's period: a quarter's own (cumulative) target when the
        catalog gives one, with the progress against the annual target beside it; else the annual target."""
        annual = self.b.target_cells(node, self.c.year, "target")
        if annual is None:
            return None
        prefix, period_target = self.catalog.measured_target(node, self.c.year, self.c.period)
        if prefix == "target":
            return self.b.add(node.code, "capaian", self.b.achievement(node, realisasi, annual), node.name)
        target = self.b.target_constants(node, period_target, prefix)
        assert target is not None
        capaian = self.b.add(node.code, "capaian", self.b.achievement(node, realisasi, target), node.name)
        self.b.add(node.code, "capaian_tahunan", self.b.achievement(node, realisasi, annual),
                   f"% capaian terhadap target tahunan {self.c.year}")
        return capaian

    def history(self, node: Node, realisasi: Expr) -> None:
        """The history row of an indicator: earlier realisasi, % kenaikan, capaian against the final Renstra target.

        A quarter's realisasi is cumulative from January: it is not compared with an earlier year's whole-year
        realisasi (no % kenaikan), nor measured against the final Renstra target; the earlier years stay
        available as constants."""
        if not node.history and node.level != "indikator":
            return
        year = self.c.year
        for y in sorted(node.history):
            self.b.constant(node.code, f"realisasi_{y}", node.history[y])
        if self.c.period != "tahunan":
            return
        previous = node.history.get(year - 1)
        if previous is not None:
            prev_cell = Cell(ResultRef(node.code, f"realisasi_{year - 1}"))  # registered just above
            self.b.add(node.code, "kenaikan", self.b.stage(percent(Sub(realisasi, prev_cell), prev_cell)),
                       f"% kenaikan {year - 1}–{year}")
        final_year = self.catalog.renstra[1]
        if final_year != year and node.level == "indikator":
            final = self.b.target_cells(node, final_year, "target_akhir")
            if final is not None:
                self.b.add(node.code, "capaian_akhir", self.b.achievement(node, realisasi, final),
                           f"% capaian terhadap target {final_year}")

    def build(self) -> None:
        goal_cells: list[Expr] = []
        for goal in self.catalog.goals:
            cells: list[Expr] = [cell for ind in goal.children if (cell := self.indicator(ind)) is not None]
            goal_cell = self.b.add(goal.code, "capaian", self.b.stage(mean(list(cells))), goal.name)
            self.category(goal.code, "kategori", goal_cell, goal.name)
            goal_cells.append(goal_cell)
        ministry = self.b.add(MINISTRY, "capaian", self.b.stage(mean(goal_cells)), self.catalog.ministry)
        self.category(MINISTRY, "kategori", ministry, self.catalog.ministry)


