"""The full result as plain data (for JSON, CSV/Parquet export and the CLI): keys in Bahasa Indonesia."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..catalog.schema import InputField, Node, Target, TargetBound, TargetRange, respondents_key
from .engine import MINISTRY, Computation, comparison_prefix, field_expr, period_groups
from .expr import ArgMin, InputRef, PeakRatio, ResultRef, evaluate
from .rounding import excel_round
from .survey import NRR_DIGITS
from .survey import measure as survey_measure


def text_measure(measure: str) -> bool:
    """Whether a figure is a label, not a number: a predicate, an efficiency verdict, a survey's mutu, kinerja
    unit or weakest unsur."""
    if measure.startswith(("predikat", "efisiensi")):
        return True
    return measure.startswith("survei.") and measure.split(".")[-1] in ("mutu", "kinerja", "terendah") \
        or ".mutu." in measure


def json_number(value: Decimal | None, digits: int | None = None) -> int | float | None:
    """A Decimal as a JSON number: integers stay exact ints, others rounded per the policy."""
    if value is None:
        return None
    if digits is not None:
        value = excel_round(value, digits)
    if value == value.to_integral_value() and abs(value) >= 1000:
        return int(value)
    return float(value)


class _Tree:
    def __init__(self, c: Computation):
        self.c = c
        self.digits = c.rounding.digits

    def num(self, node: str, measure: str) -> int | float | None:
        return json_number(self.c.number(node, measure), self.digits)

    @staticmethod
    def target(t: Target | None) -> Any:
        """A target in the catalog's own form: a number, ``[bawah, atas]`` or ``{"kurang_dari": 10}``."""
        if isinstance(t, TargetRange):
            return [json_number(t.low), json_number(t.high)]
        if isinstance(t, TargetBound):
            return {t.side: json_number(t.value)}
        return json_number(t)

    def category(self, out: dict[str, Any], node: str, measure: str = "kategori", key: str = "kategori") -> None:
        """``kategori`` beside a capaian when the catalog declares categories (None: no capaian, or none fits)."""
        if self.c.catalog.categories:
            out[key] = self.c.value(node, measure) or None

    def comparisons(self, node: Node) -> list[dict[str, Any]]:
        """``pembanding``: each further reference with its target of the year and the capaian against it."""
        out = []
        for i, comparison in enumerate(node.comparisons, start=1):
            prefix = comparison_prefix(i)
            item = {"nama": comparison.name, "target": self.target(comparison.target_for(self.c.year)),
                    "capaian": self.num(node.code, f"capaian_{prefix}")}
            self.category(item, node.code, f"kategori_{prefix}")
            out.append(item)
        return out

    def node(self, node: Node) -> dict[str, Any]:
        out: dict[str, Any] = {"kode": node.code, "nama": node.name, "metode": node.method,
                               "satuan": node.unit_of_measure, "realisasi": self.num(node.code, "realisasi")}
        if node.has_target:
            out["target"] = self.target(node.target_for(self.c.year))
            out["capaian"] = self.num(node.code, "capaian")
            if node.level == "indikator":
                self.category(out, node.code)
            if self.c.period != "tahunan":  # a quarter: which target the capaian is against, and the progress
                quarterly = self.c.catalog.measured_target(node, self.c.year, self.c.period)[0] == "target_periode"
                out["target_dipakai"] = "triwulan" if quarterly else "tahunan"
                if quarterly:
                    out["target_periode"] = self.target(node.period_target(self.c.period))
                    out["capaian_tahunan"] = self.num(node.code, "capaian_tahunan")
        predicate = self.c.value(node.code, "predikat")
        if predicate is not None:
            out["predikat"] = predicate
        groups = {g.code: self.num(node.code, f"rasio.{g.code}") for g in node.groups
                  if self.c.value(node.code, f"rasio.{g.code}") is not None}
        if groups:
            out["kelompok"] = groups
        peak = self.peak(node)
        if peak:
            out["periode_puncak"] = peak
        if node.surveyed(self.c.period):
            out["survei"] = self.survey(node)
        if node.history:
            out["realisasi_lalu"] = {str(y): json_number(v) for y, v in sorted(node.history.items())}
        if node.children:
            out["sub" if node.level == "indikator" else "komponen"] = [self.node(ch) for ch in node.children]
        return out

    def survey(self, node: Node) -> dict[str, Any]:
        """The survey behind the node's value: per group (unit) of a weighted mean, or the node's own."""
        if node.method == "rata_rata_tertimbang":
            return {g.code: self.survey_of(node, g.code) for g in period_groups(node, self.c.scope, self.c.period)}
        return self.survey_of(node, None)

    def survey_of(self, node: Node, group: str | None) -> dict[str, Any]:
        spec = node.survey
        assert spec is not None
        c = self.c
        respondents = evaluate(field_expr(_field(node, respondents_key(group)), c.scope), c.env)
        nrr = {i.code: json_number(c.number(node.code, survey_measure(group, f"nrr.{i.code}")), NRR_DIGITS)
               for i in spec.items}
        out: dict[str, Any] = {"responden": int(respondents) if isinstance(respondents, Decimal) else None,
                               "bobot_unsur": spec.weight_text(),
                               **({"pembulatan_nrr": spec.nrr_digits} if spec.nrr_digits is not None else {}),
                               "nrr": nrr,
                               "ikm": self.num(node.code, survey_measure(group, "ikm"))}
        for name in ("mutu", "kinerja"):
            value = c.value(node.code, survey_measure(group, name))
            if value is not None:
                out[name] = value
        figure = c.figures.get(ResultRef(node.code, survey_measure(group, "terendah")))
        index = figure.expr.index(c.env) if figure is not None and isinstance(figure.expr, ArgMin) else None
        if index is not None:
            item = spec.items[index]
            out["terendah"] = {"kode": item.code, "nama": item.name, "nrr": nrr[item.code]}
        return out

    def peak(self, node: Node) -> str | None:
        figure = self.c.figures.get(ResultRef(node.code, "realisasi"))
        expr = figure.expr if figure else None
        while expr is not None and not isinstance(expr, PeakRatio):
            kids = expr.children()
            expr = kids[0] if kids else None
        if isinstance(expr, PeakRatio):
            index = expr.peak_index(self.c.env)
            groups = period_groups(node, self.c.scope, self.c.period)  # the series the ratio was built from
            return groups[index].code if index is not None else None
        return None

    def indicator(self, node: Node) -> dict[str, Any]:
        out = self.node(node)
        out["jenis"] = node.kind
        out["polaritas"] = node.polarity
        if node.polarity == "turun":
            out["rumus_turun"] = node.lower_rule
        if node.comparisons:
            out["pembanding"] = self.comparisons(node)
        final = self.c.catalog.renstra[1]
        out["riwayat"] = {
            "kenaikan": self.num(node.code, "kenaikan"),
            "tahun_akhir": final,
            "target_akhir": self.target(node.target_for(final)),
            "capaian_akhir": self.num(node.code, "capaian_akhir"),
        }
        return out

    def budget(self) -> dict[str, Any]:
        """The budget parts the catalog declares (keys of the parts it does not declare are left out)."""
        catalog, c = self.c.catalog, self.c
        spec = catalog.budget
        out: dict[str, Any] = {}
        if spec.has_ceilings:
            out["unit"] = [{"kode": u.code, "nama": u.name,
                            "pagu_awal": json_number(c.inputs.get(InputRef("ANGGARAN.UNIT", f"{u.code}.pagu_awal",
                                                                            u.code))),
                            "pagu_akhir": json_number(c.inputs.get(InputRef("ANGGARAN.UNIT", f"{u.code}.pagu_akhir",
                                                                             u.code)))}
                           for u in catalog.units if u.code in spec.ceiling_units]
            out["total_pagu_awal"] = self.num("ANGGARAN.UNIT", "total.pagu_awal")
            out["total_pagu_akhir"] = self.num("ANGGARAN.UNIT", "total.pagu_akhir")
        if spec.has_spending:
            out["jenis_belanja"] = [
                {"kode": t.code, "nama": t.name,
                 "pagu": json_number(_sum(c, "ANGGARAN.BELANJA", f"{t.code}.pagu", spec.spending_owners)),
                 "realisasi": json_number(_sum(c, "ANGGARAN.BELANJA", f"{t.code}.realisasi", spec.spending_owners)),
                 "persen": self.num("ANGGARAN.BELANJA", f"persen.{t.code}")}
                for t in spec.spending_types]
            out["total_belanja"] = {"pagu": self.num("ANGGARAN.BELANJA", "total.pagu"),
                                    "realisasi": self.num("ANGGARAN.BELANJA", "total.realisasi"),
                                    "persen": self.num("ANGGARAN.BELANJA", "total.persen")}
        if spec.has_per_goal:
            out["efisiensi"] = [{"kode": g.code, "capaian_kinerja": self.num(g.code, "capaian"),
                                 "persen_realisasi_anggaran": self.num("ANGGARAN.SASARAN", f"persen.{g.code}"),
                                 "efisiensi": c.value("ANGGARAN.SASARAN", f"efisiensi.{g.code}")}
                                for g in catalog.goals]
        if spec.has_performance:
            out["nilai_kinerja_anggaran"] = {
                **{comp.code: json_number(_sum(c, "ANGGARAN.NKA", f"{comp.code}.nilai", spec.performance_owners))
                   for comp in spec.performance_components},
                "nilai": self.num("ANGGARAN.NKA", "nilai"),
                "predikat": c.value("ANGGARAN.NKA", "predikat"),
            }
        return out

    def goal(self, goal: Node) -> dict[str, Any]:
        out: dict[str, Any] = {"kode": goal.code, "nama": goal.name, "capaian": self.num(goal.code, "capaian")}
        self.category(out, goal.code)
        out["indikator"] = [self.indicator(i) for i in goal.children]
        return out

    def tree(self) -> dict[str, Any]:
        c, catalog = self.c, self.c.catalog
        return {
            "tahun": c.year,
            **({"periode": c.period} if c.period != "tahunan" else {}),
            "kementerian": catalog.ministry,
            "katalog": {"id": catalog.id, "hash": catalog.content_hash,
                        "perjanjian_kinerja": catalog.agreement_version},
            "pembulatan": {"mode": c.rounding.mode, "desimal": c.rounding.digits},
            "capaian_kementerian": self.num(MINISTRY, "capaian"),
            **({"kategori_kementerian": c.value(MINISTRY, "kategori") or None} if catalog.categories else {}),
            "sasaran": [self.goal(g) for g in catalog.goals],
            **({"anggaran": budget} if (budget := self.budget()) else {}),
        }


def _field(node: Node, key: str) -> InputField:
    return next(f for f in node.inputs() if f.key == key)


def _sum(c: Computation, node: str, key: str, owners: tuple[str, ...]) -> Decimal | None:
    parts = [c.inputs.get(InputRef(node, key, u)) for u in owners]
    present = [p for p in parts if p is not None]
    return sum(present, Decimal(0)) if present and len(present) == len(parts) else None


def result_tree(computation: Computation) -> dict[str, Any]:
    """Every figure of the run as nested dicts: ``capaian_kementerian``, ``sasaran`` → ``indikator`` → ``sub``."""
    return _Tree(computation).tree()
