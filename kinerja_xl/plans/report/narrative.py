"""Sentences generated from the figures, in Bahasa Indonesia.

Every sentence states a fact the tables hold (a capaian, a gap to the target, a change from last
year, the highest and lowest figure, the budget realisation, the efficiency verdict), in the unit of
the indicator and aware of its polarity. What only people know (causes, programmes, obstacles) is
not written here: the plan leaves one marked placeholder for it instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .captions import Context
from .facts import HUNDRED, GoalFacts, IndicatorFacts, PartFacts
from ...catalog.schema import TargetBound, TargetRange
from ...numbers import format_number, show_number
from .wording import (
    capitalize,
    collective,
    count_word,
    difference,
    in_unit,
    join,
    lower_first,
    pct,
    pick,
    points,
    rupiah,
    some_of,
    target_in_unit,
)

LOWER_IS_BETTER = "indikator ini semakin rendah semakin baik"
#: Why a quarter's draft gives no efficiency verdict (the budget's share of a whole year against a capaian
#: measured on the quarter's own target would call every sasaran efficient).
QUARTER_EFFICIENCY = ("Efisiensi tidak dinilai untuk triwulan: realisasi anggaran s.d. triwulan adalah bagian dari "
                      "pagu setahun, sedangkan capaian kinerja diukur terhadap target periode; efisiensi dinilai pada "
                      "laporan tahunan.")
MISSING_VALUE = "belum tersedia"


class Narrator:
    """Phrases over one report's facts; ``pct``/``val`` keep the policy's digits everywhere."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.digits = ctx.digits
        self.year = ctx.year
        self.when = ctx.span  # "tahun 2023", "s.d. Triwulan II 2023": what the figures cover

    # -- small helpers -----------------------------------------------------------------------------
    def pct(self, value: Decimal) -> str:
        return pct(value, self.digits)

    def val(self, ind: IndicatorFacts, value: Decimal) -> str:
        return in_unit(value, ind.node.unit_of_measure, self.digits)

    def gap(self, ind: IndicatorFacts, value: Decimal) -> str:
        return difference(value, ind.node.unit_of_measure, self.digits)

    def versus_hundred(self, capaian: Decimal) -> str:
        """"0,39 poin di atas 100" / "1,69 poin di bawah 100" / "tepat 100"."""
        if capaian == HUNDRED:
            return "tepat 100"
        side = "di atas" if capaian > HUNDRED else "di bawah"
        return f"{points(capaian - HUNDRED, self.digits)} {side} 100"

    @property
    def goal_noun(self) -> str:
        return self.ctx.goal_term.lower()

    # -- the agency ----------------------------------------------------------------------------------
    def scope(self) -> str:
        f, w = self.ctx.facts, self.ctx.agency
        version = self.ctx.catalog.agreement_version
        agreement = f"Perjanjian Kinerja tahun {self.year}" + (f" ({version})" if version else "")
        n_ind = len(f.indicators())
        short = f" ({w.report_short})" if w.report_short and w.report_short != w.report_name else ""
        return (f"{w.report_name}{short} ini menyajikan capaian kinerja {w.name} {self.when} atas {agreement}, "
                f"yang memuat {count_word(len(f.goals))} {self.goal_noun} dengan {count_word(n_ind)} indikator "
                "kinerja.")

    def agency_capaian(self) -> str:
        f, w = self.ctx.facts, self.ctx.agency
        if f.capaian is None:
            return (f"Capaian kinerja {w.name} {self.when} belum dapat dihitung karena capaian sebagian "
                    "indikator belum tersedia.")
        category = f" (kategori {f.category})" if f.category else ""
        text = (f"Capaian kinerja {w.name} {self.when} sebesar {self.pct(f.capaian)}{category}, yaitu rata-rata "
                f"capaian {count_word(len(f.goals))} {self.goal_noun}.")
        history = dict(f.ministry_history)
        previous = history.get(self.year - 1)
        if previous is not None:
            change = f.capaian - previous
            if change == 0:
                text += f" Angka ini sama dengan capaian tahun {self.year - 1}."
            else:
                verb = "naik" if change > 0 else "turun"
                text += (f" Dibandingkan capaian tahun {self.year - 1} sebesar {self.pct(previous)}, capaian tahun "
                         f"ini {verb} {points(change, self.digits)}.")
        known = [(y, v) for y, v in f.ministry_history if v is not None]
        if len(known) >= 2:
            years = join([str(y) for y, _ in known])
            values = "; ".join(self.pct(v) for _, v in known)
            text += f" Capaian tahun {years} berturut-turut {values}."
        return text

    def indicator_overview(self) -> str | None:
        every = self.ctx.facts.indicators()
        inds = [i for i in every if i.capaian is not None]
        if not inds:
            return None
        missing = [i.code for i in every if i.capaian is None]
        met = [i for i in inds if i.met]
        unmet = [i for i in inds if not i.met]
        n = len(inds)
        noun = "indikator kinerja" + (" yang dapat dihitung" if missing else "")
        if not unmet:
            text = f"{capitalize(collective(n, noun))} mencapai atau melampaui target."
        elif not met:
            text = f"Belum ada {noun} yang mencapai target; {self.listing(unmet)}."
        else:
            text = (f"{capitalize(count_word(len(met)))} dari {count_word(n)} {noun} mencapai atau "
                    f"melampaui target, sedangkan {self.listing(unmet, named=True)} belum mencapai target.")
        if missing:  # never count an indicator without a capaian as met or missed
            text = (f"Capaian {count_word(len(missing))} dari {count_word(len(every))} indikator kinerja "
                    f"({join(missing)}) belum dapat dihitung. {text}")
        return text + " " + self.extremes(inds, "indikator")

    def listing(self, inds: Sequence[IndicatorFacts], named: bool = False) -> str:
        """"SS4.2 Nilai reformasi birokrasi … (98,31%)" for each indicator."""
        parts = [f"{i.code}{' ' + i.node.name if named else ''} ({self.pct(i.capaian)})"
                 for i in inds if i.capaian is not None]
        return join(parts)

    def extremes(self, items: Sequence[IndicatorFacts | GoalFacts], noun: str) -> str:
        """The highest and the lowest capaian (all tied codes named)."""
        found = self.high_low(items)
        if found is None:
            return ""
        high, tops, low, bottoms = found
        if high == low:
            return f"Semua {noun} mencatat capaian yang sama, {self.pct(high)}."
        return (f"Capaian tertinggi dicapai {noun} {tops} ({self.pct(high)}) dan yang terendah {noun} {bottoms} "
                f"({self.pct(low)}).")

    @staticmethod
    def high_low(items: Sequence[IndicatorFacts | GoalFacts]) -> tuple[Decimal, str, Decimal, str] | None:
        values = [(i.code, i.capaian) for i in items if i.capaian is not None]
        if len(values) < 2:
            return None
        high = max(v for _, v in values)
        low = min(v for _, v in values)
        return high, join([c for c, v in values if v == high]), low, join([c for c, v in values if v == low])

    def goal_overview(self) -> str | None:
        found = self.high_low(self.ctx.facts.goals)
        if found is None or found[0] == found[2]:
            return None
        high, tops, low, bottoms = found
        return (f"Di tingkat {self.goal_noun}, capaian tertinggi pada {tops} ({self.pct(high)}) dan terendah pada "
                f"{bottoms} ({self.pct(low)}).")

    def goal_line(self, goal: GoalFacts) -> str:
        """One line of the executive summary per sasaran."""
        n = len(goal.indicators)
        known = [i for i in goal.indicators if i.capaian is not None]
        met = sum(1 for i in known if i.met)
        value = self.pct(goal.capaian) if goal.capaian is not None else "belum dapat dihitung"
        if not known:
            which = "indikatornya" if n == 1 else collective(n, "indikatornya")
            return f"{goal.code} {goal.node.name}: belum dapat dihitung karena capaian {which} belum tersedia."
        if n == 1:
            verdict = "indikatornya mencapai target" if met else "indikatornya belum mencapai target"
        elif len(known) < n:  # say what is known, and what is not
            parts = [f"{count_word(k)} {what}" for k, what in ((met, "mencapai target"),
                     (len(known) - met, "belum mencapai target"), (n - len(known), "belum dapat dihitung")) if k]
            verdict = f"dari {count_word(n)} indikatornya, {join(parts)}"
        elif met == n:
            verdict = f"{collective(n, 'indikatornya')} mencapai target"
        else:
            verdict = f"{some_of(met, n)} indikatornya mencapai target"
        return f"{goal.code} {goal.node.name}: {value}; {verdict}."

    # -- one sasaran -----------------------------------------------------------------------------------
    def goal(self, goal: GoalFacts) -> list[str]:
        term = f"{self.ctx.goal_term} {goal.number}"
        n = len(goal.indicators)
        if goal.capaian is None:
            return [f"Capaian {term} belum dapat dihitung karena capaian indikatornya belum lengkap."]
        if n == 1:
            only = goal.indicators[0]
            verdict = "tercapai" if only.met else "belum tercapai"
            text = (f"{term} diukur dengan satu indikator, {only.code}, sehingga capaiannya sama dengan capaian "
                    f"indikator tersebut: {self.pct(goal.capaian)}. Target indikator itu {verdict}.")
        else:
            met = [i for i in goal.indicators if i.met]
            unmet = [i for i in goal.indicators if i.capaian is not None and not i.met]
            category = f", kategori {goal.category}" if goal.category else ""
            text = (f"Capaian {term} {self.when} sebesar {self.pct(goal.capaian)}, rata-rata capaian "
                    f"{count_word(n)} indikator kinerjanya ({self.versus_hundred(goal.capaian)}{category}).")
            if not unmet:
                text += f" {capitalize(collective(n, 'indikator'))} mencapai target."
            elif not met:
                text += " Belum ada indikatornya yang mencapai target."
            else:
                text += (f" {capitalize(count_word(len(met)))} dari {count_word(n)} indikator mencapai target; "
                         f"yang belum adalah {self.listing(unmet)}.")
            text += " " + self.extremes(goal.indicators, "indikator")
        out = [text.strip()]
        budget = self.goal_budget(goal)
        if budget:
            out.append(budget)
        return out

    def goal_budget(self, goal: GoalFacts) -> str | None:
        b = goal.budget
        if b is None or b.persen is None:
            return None
        if b.pagu is not None and b.realisasi is not None:
            text = (f"Sasaran ini didukung anggaran {rupiah(b.pagu)} dengan realisasi {rupiah(b.realisasi)} "
                    f"({self.pct(b.persen)}).")
        else:
            text = f"Realisasi anggaran sasaran ini {self.pct(b.persen)} dari pagunya."
        if b.efficient is True and goal.capaian is not None:
            text += (f" Persentase realisasi anggaran itu lebih kecil daripada capaian kinerjanya "
                     f"({self.pct(goal.capaian)}), sehingga pelaksanaannya efisien.")
        elif b.efficient is False and goal.capaian is not None and b.efficiency:
            text += (f" Persentase realisasi anggaran itu tidak lebih kecil daripada capaian kinerjanya "
                     f"({self.pct(goal.capaian)}), sehingga pelaksanaannya {b.efficiency.lower()}.")
        return text

    # -- one indicator ---------------------------------------------------------------------------------
    def indicator(self, ind: IndicatorFacts, index: int) -> list[str]:
        first = [self.against_target(ind, index)]
        if ind.category and ind.capaian is not None:
            first.append(f"Capaian ini termasuk kategori {ind.category}.")
        first += [s for s in (self.rate(ind), self.against_comparisons(ind)) if s]
        out = [" ".join(first)]
        history = " ".join(s for s in (self.change(ind, index), self.series(ind), self.final(ind)) if s)
        if history:
            out.append(history)
        if ind.predicate and ind.realisasi is not None:
            out[-1] += f" Nilai {self.val(ind, ind.realisasi)} termasuk kategori {ind.predicate}."
        parts = self.parts(ind)
        if parts:
            out.append(parts)
        return out

    def against_target(self, ind: IndicatorFacts, index: int) -> str:
        r, t, c = ind.realisasi, ind.measured_target, ind.capaian
        code, year, when = ind.code, self.year, self.when
        if r is None:
            return f"Realisasi indikator {code} {when} belum dapat dihitung karena data isiannya belum lengkap."
        if t is None:
            return f"Indikator {code} tidak memiliki target tahun {year}; realisasinya {self.val(ind, r)}."
        if c is None:
            return (f"Realisasi indikator {code} {when} sebesar {self.val(ind, r)}; capaiannya tidak dapat "
                    "dihitung.")
        uom = ind.node.unit_of_measure
        # a quarter's own target is named as such: "target Triwulan II 40%"
        shown = target_in_unit(t, uom) if isinstance(t, TargetRange) else (
            f"{self.ctx.period_name} {target_in_unit(t, uom)}" if ind.period_target is not None
            else target_in_unit(t, uom))
        if isinstance(t, TargetRange):
            text = self.against_range(ind, r, t, c)
        elif isinstance(t, TargetBound):
            text = self.against_bound(ind, r, t, c, shown)
        elif r == t or c == HUNDRED:
            text = (f"Realisasi indikator ini {when} sama dengan targetnya, {self.val(ind, r)}, sehingga "
                    f"capaiannya {self.pct(c)}.")
        elif ind.node.polarity == "turun":
            if r < t:
                text = (f"{capitalize(LOWER_IS_BETTER)}. Realisasi {when} sebesar {self.val(ind, r)}, "
                        f"{self.gap(ind, t - r)} di bawah batas target {shown}, sehingga target "
                        f"tercapai dengan capaian {self.pct(c)} ({self.versus_hundred(c)}).")
            else:
                text = (f"Realisasi {when} sebesar {self.val(ind, r)} melewati batas target "
                        f"{shown} sebesar {self.gap(ind, r - t)}; karena {LOWER_IS_BETTER}, "
                        f"target belum tercapai dan capaiannya {self.pct(c)} ({self.versus_hundred(c)}).")
        elif r > t:
            text = pick((
                f"Realisasi indikator ini {when} sebesar {self.val(ind, r)}, melampaui target "
                f"{shown} sebesar {self.gap(ind, r - t)}. Capaiannya {self.pct(c)}, atau "
                f"{self.versus_hundred(c)}.",
                f"Dengan target {shown} dan realisasi {self.val(ind, r)}, target terlampaui "
                f"{self.gap(ind, r - t)}; capaiannya {self.pct(c)}, {self.versus_hundred(c)}.",
                f"Target {shown} terlampaui: realisasi {when} mencapai {self.val(ind, r)}, "
                f"lebih tinggi {self.gap(ind, r - t)}, sehingga capaiannya {self.pct(c)} ({self.versus_hundred(c)}).",
            ), index)
        else:
            text = pick((
                f"Realisasi indikator ini {when} sebesar {self.val(ind, r)}, belum mencapai target "
                f"{shown} (kurang {self.gap(ind, t - r)}). Capaiannya {self.pct(c)}, "
                f"{self.versus_hundred(c)}.",
                f"Target {shown} belum tercapai: realisasi {when} sebesar {self.val(ind, r)}, "
                f"masih {self.gap(ind, t - r)} di bawahnya, sehingga capaiannya {self.pct(c)} "
                f"({self.versus_hundred(c)}).",
            ), index)
        cap = ind.node.cap
        if cap is not None and c == cap:
            text += f" Capaian ini dibatasi pada {show_number(cap)}% sesuai batas capaian yang ditetapkan."
        if ind.period_target is not None and ind.target is not None and ind.capaian_tahunan is not None:
            text += (f" Terhadap target tahun {year} ({target_in_unit(ind.target, uom)}) capaiannya "
                     f"{self.pct(ind.capaian_tahunan)}.")
        return text

    def against_bound(self, ind: IndicatorFacts, r: Decimal, t: TargetBound, c: Decimal, shown: str) -> str:
        """A one-sided target ("< 10", "≥ 95"): the capaian is computed against the bound; met exactly, a strict
        bound ("kurang dari") is not passed, but the regulation's arithmetic gives 100 and the text says both."""
        when, lower = self.when, t.polarity == "turun"
        intro = f"{capitalize(LOWER_IS_BETTER)}. " if lower else ""
        if r == t.value:
            if t.side in ("kurang_dari", "lebih_dari"):
                return (f"{intro}Realisasi {when} sebesar {self.val(ind, r)}, tepat pada batas target {shown}: "
                        f"belum {'kurang' if lower else 'lebih'} dari batas itu, tetapi capaian dihitung terhadap "
                        f"batasnya sehingga capaiannya {self.pct(c)}.")
            return (f"{intro}Realisasi {when} sebesar {self.val(ind, r)}, tepat pada batas target {shown}, "
                    f"sehingga target tercapai dengan capaian {self.pct(c)}.")
        gap = self.gap(ind, r - t.value)
        if (r < t.value) == lower:
            side = "di bawah" if lower else "di atas"
            return (f"{intro}Realisasi {when} sebesar {self.val(ind, r)}, {gap} {side} batas target {shown}, "
                    f"sehingga target tercapai dengan capaian {self.pct(c)} ({self.versus_hundred(c)}).")
        verb = "melewati" if lower else "belum mencapai"
        return (f"{intro}Realisasi {when} sebesar {self.val(ind, r)} {verb} batas target {shown} (selisih "
                f"{gap}); target belum tercapai dan capaiannya {self.pct(c)} ({self.versus_hundred(c)}).")

    def against_comparisons(self, ind: IndicatorFacts) -> str | None:
        """"Dibandingkan target nasional sebesar 16 per 1.000 KH, capaiannya 120,00% (kategori …)."."""
        out = []
        for c in ind.comparisons:
            target = target_in_unit(c.target, ind.node.unit_of_measure)
            if c.capaian is None:
                out.append(f"Capaian terhadap {lower_first(c.name)} ({target}) belum dapat dihitung.")
                continue
            category = f" (kategori {c.category})" if c.category else ""
            out.append(f"Dibandingkan {lower_first(c.name)} sebesar {target}, capaiannya {self.pct(c.capaian)}"
                       f"{category}.")
        return " ".join(out) or None

    def rate(self, ind: IndicatorFacts) -> str | None:
        """How a rate is made from its counts: "… adalah kematian bayi (42) dibagi kelahiran hidup (5.000),
        dikali 1.000."."""
        rate = ind.rate
        if rate is None or ind.realisasi is None:
            return None
        return (f"Realisasi ini adalah {lower_first(rate.numerator_label)} ({format_number(rate.numerator, 0)}) "
                f"dibagi {lower_first(rate.denominator_label)} ({format_number(rate.denominator, 0)}), dikali "
                f"{show_number(rate.multiplier)}.")

    def against_range(self, ind: IndicatorFacts, r: Decimal, t: TargetRange, c: Decimal) -> str:
        shown = target_in_unit(t, ind.node.unit_of_measure)
        if t.low <= r <= t.high:
            return (f"Realisasi {self.when} sebesar {self.val(ind, r)} berada di dalam rentang target {shown}, "
                    f"sehingga target tercapai dengan capaian {self.pct(c)}.")
        side, gap = ("di bawah batas bawah", t.low - r) if r < t.low else ("di atas batas atas", r - t.high)
        verdict = "target terlampaui" if c >= HUNDRED else "target belum tercapai"
        reason = f"; karena {LOWER_IS_BETTER}" if ind.node.polarity == "turun" else ""
        return (f"Realisasi {self.when} sebesar {self.val(ind, r)} berada {self.gap(ind, gap)} {side} rentang "
                f"target {shown}{reason}, {verdict} dengan capaian {self.pct(c)} ({self.versus_hundred(c)}).")

    def change(self, ind: IndicatorFacts, index: int) -> str | None:
        year = self.year
        if year - 1 not in dict(ind.history) or ind.realisasi is None:
            return None
        before = ind.earlier(year - 1)
        if before is None:
            return f"Realisasi tahun {year - 1} tidak tersedia, sehingga persentase kenaikannya tidak dihitung."
        k = ind.kenaikan
        if k is None:
            return None
        if k == 0:
            return f"Realisasinya sama dengan tahun {year - 1} ({self.val(ind, before)})."
        verb = "naik" if k > 0 else "turun"
        size = self.pct(abs(k))
        text = pick((
            f"Dibandingkan realisasi tahun {year - 1} sebesar {self.val(ind, before)}, realisasi tahun {year} "
            f"{verb} {size}.",
            f"Realisasi ini {verb} {size} dari tahun {year - 1} ({self.val(ind, before)}).",
        ), index)
        if ind.node.polarity == "turun":
            text = text[:-1] + (", sebuah perbaikan" if k < 0 else ", berarti memburuk") + f" karena {LOWER_IS_BETTER}."
        return text

    def series(self, ind: IndicatorFacts) -> str | None:
        """Earlier years beyond the previous one, when at least two are known."""
        known = [(y, v) for y, v in ind.history if v is not None]
        if len(known) < 2 or ind.realisasi is None:
            return None
        values = [v for _, v in known] + [ind.realisasi]
        years = [y for y, _ in known] + [self.year]
        listing = "; ".join(f"{self.val(ind, v)} ({y})" for y, v in zip(years, values, strict=True))
        steps = list(zip(values, values[1:], strict=False))
        if all(a < b for a, b in steps):
            return f"Sejak {years[0]} realisasinya naik setiap tahun: {listing}."
        if all(a > b for a, b in steps):
            return f"Sejak {years[0]} realisasinya turun setiap tahun: {listing}."
        return f"Realisasi dari tahun ke tahun: {listing}."

    def final(self, ind: IndicatorFacts) -> str | None:
        if ind.final_year is None or ind.final_target is None or ind.capaian_akhir is None or ind.realisasi is None:
            return None
        f, tf, ca, r = ind.final_year, ind.final_target, ind.capaian_akhir, ind.realisasi
        shown = target_in_unit(tf, ind.node.unit_of_measure)
        if tf == ind.target:
            return (f"Target akhir Renstra tahun {f} sama dengan target tahun ini ({shown}), sehingga capaian "
                    f"terhadapnya juga {self.pct(ca)}.")
        if ca >= HUNDRED:
            return (f"Terhadap target akhir Renstra tahun {f} sebesar {shown}, realisasi tahun {self.year} sudah "
                    f"setara capaian {self.pct(ca)}.")
        text = (f"Terhadap target akhir Renstra tahun {f} sebesar {shown}, realisasi tahun {self.year} baru setara "
                f"capaian {self.pct(ca)}")
        if isinstance(tf, TargetRange):
            return text + "."
        bound, aim = (tf.value, "mencapai batas itu") if isinstance(tf, TargetBound) else (tf, "memenuhinya")
        if ind.node.polarity == "turun":
            return text + f"; realisasi perlu turun {self.gap(ind, r - bound)} lagi untuk {aim}."
        return text + f"; realisasi perlu naik {self.gap(ind, bound - r)} lagi untuk {aim}."

    # -- the breakdown -----------------------------------------------------------------------------------
    def parts(self, ind: IndicatorFacts) -> str | None:
        direct = [p for p in ind.parts if p.depth == 1 and not p.is_group]
        groups = [p for p in ind.parts if p.depth == 1 and p.is_group]
        if direct and ind.node.method in ("jumlah", "jumlah_berbobot"):
            # parts of a sum are not comparable (RB General of 100, RB Tematik of 10): list, do not rank
            sentences = [self.sum_of(ind, direct)]
        else:
            sentences = [self.composition(ind, direct, groups),
                         self.part_extremes(direct or groups, "sub indikator" if direct else "kelompok")]
        sentences.append(self.part_changes(direct))
        for p in ind.parts:
            if p.peak and p.realisasi is not None:
                sentences.append(f"Realisasi {self.owner_of(ind, p)} diambil dari periode puncak, {p.name} "
                                 f"({in_unit(p.realisasi, p.uom, self.digits)}).")
        text = " ".join(s for s in sentences if s)
        return text or None

    def sum_of(self, ind: IndicatorFacts, direct: list[PartFacts]) -> str:
        weighted = ind.node.method == "jumlah_berbobot"
        items = []
        for p in direct:
            value = MISSING_VALUE if p.realisasi is None else in_unit(p.realisasi, p.uom, self.digits)
            weight = self.ctx.catalog.node(p.code).weight if weighted else None
            extra = f", bobot {format_number(weight, 0) if weight == weight.to_integral_value() else weight}" \
                if weight is not None else ""
            items.append(f"{p.code} {p.name} ({value}{extra})")
        how = "jumlah tertimbang" if weighted else "jumlah"
        return f"Realisasi indikator ini adalah {how} dari {join(items)}."

    @staticmethod
    def owner_of(ind: IndicatorFacts, group: PartFacts) -> str:
        """The node a group row belongs to: the nearest node row above it."""
        position = ind.parts.index(group)
        for p in reversed(ind.parts[:position]):
            if not p.is_group:
                return p.code
        return ind.code

    def composition(self, ind: IndicatorFacts, direct: list[PartFacts], groups: list[PartFacts]) -> str:
        method = ind.node.method
        if direct:
            noun = "komponen" if ind.node.children[0].level == "komponen" else "sub indikator"
            how = {"rata_rata": "rata-rata", "jumlah": "jumlah", "jumlah_berbobot": "jumlah tertimbang"}.get(
                method or "", "gabungan")
            return f"Realisasi indikator ini adalah {how} realisasi {count_word(len(direct))} {noun}."
        if groups and method == "rata_rata_tertimbang":
            return (f"Realisasi indikator ini adalah rata-rata nilai {count_word(len(groups))} kelompok, tertimbang "
                    "menurut bobotnya.")
        if groups:
            return f"Realisasi indikator ini dihitung dari {count_word(len(groups))} kelompok."
        return ""

    def part_extremes(self, parts: list[PartFacts], noun: str) -> str:
        values = [(p, p.realisasi) for p in parts if p.realisasi is not None]
        if len(values) < 2:
            return ""
        high = max(v for _, v in values)
        low = min(v for _, v in values)
        def label(p: PartFacts) -> str:
            return p.code or p.name

        if high == low:
            return f"Semua {noun} mencatat realisasi {in_unit(high, values[0][0].uom, self.digits)}."
        tops = join([label(p) for p, v in values if v == high])
        bottoms = join([label(p) for p, v in values if v == low])
        uom = values[0][0].uom
        return (f"Realisasi tertinggi pada {tops} ({in_unit(high, uom, self.digits)}) dan terendah pada {bottoms} "
                f"({in_unit(low, uom, self.digits)}).")

    def part_changes(self, parts: list[PartFacts]) -> str:
        pairs = [(p, p.previous, p.realisasi) for p in parts if p.previous is not None and p.realisasi is not None]
        if not pairs:
            return ""
        up = [p for p, a, b in pairs if b > a]
        down = [(p, a, b) for p, a, b in pairs if b < a]
        same = [p for p, a, b in pairs if b == a]
        bits = []
        if up:
            bits.append(f"{count_word(len(up))} naik")
        if down:
            detail = join([f"{p.code} dari {in_unit(a, p.uom, self.digits)} menjadi {in_unit(b, p.uom, self.digits)}"
                           for p, a, b in down])
            bits.append(f"{count_word(len(down))} turun ({detail})")
        if same:
            bits.append(f"{count_word(len(same))} tetap")
        count, _, rest = bits[0].partition(" ")
        bits[0] = f"{count} sub indikator {rest}"
        return f"Dibandingkan tahun {self.year - 1}, realisasi {join(bits)}."

    def survey(self, ind: IndicatorFacts) -> str | None:
        """Where a survey-based value comes from, and the weakest unsur of each survey (the priority for
        improving the service)."""
        if not ind.surveys:
            return None
        spec = ind.node.survey or next((n.survey for n in ind.node.walk() if n.survey), None)
        if spec is None:
            return None
        term = self.ctx.agency.unit_term
        many = len(ind.surveys) > 1
        text = (f"Nilai {'setiap ' + term if many else 'ini'} dihitung dari Survei Kepuasan Masyarakat "
                f"({spec.size} unsur, skala 1–4): IKM = jumlah nilai rata-rata (NRR) setiap unsur × "
                f"{spec.weight_text()} × 25{spec.nrr_text().replace(';', ',')}.")
        weakest: dict[str, list[tuple[str, Decimal | None]]] = {}
        for s in ind.surveys:
            if s.weakest:
                weakest.setdefault(s.weakest, []).append((s.name, s.weakest_nrr))
        if not weakest:
            return text
        items = []
        for label, where in weakest.items():
            nrrs = [n for _, n in where if n is not None]
            values = ""
            if nrrs:
                low, high = (format_number(min(nrrs), 3), format_number(max(nrrs), 3))
                values = f"NRR {low}" if low == high else f"NRR {low}–{high}"
            if many and len(where) == len(ind.surveys):
                whom = f"pada {collective(len(where), term)}"
            elif many:
                whom = f"pada {join([name for name, _ in where])}"
            else:
                whom = ""
            items.append(f"{label} ({', '.join(t for t in (whom, values) if t)})")
        return text + f" Unsur dengan nilai terendah, prioritas perbaikan layanan, adalah {join(items)}."

    # -- budget ------------------------------------------------------------------------------------------
    def pagu(self) -> str | None:
        b, w = self.ctx.facts.budget, self.ctx.agency
        if not b.units or b.total_awal is None or b.total_akhir is None:
            return None
        change = b.total_akhir - b.total_awal
        text = f"Pagu awal {w.name} tahun {self.year} sebesar {rupiah(b.total_awal)} dan pagu akhirnya "
        if change == 0:
            text += f"tetap {rupiah(b.total_akhir)}."
        else:
            verb = "bertambah" if change > 0 else "berkurang"
            text += f"{rupiah(b.total_akhir)}, {verb} {rupiah(abs(change))} dari pagu awal."
        known = [u for u in b.units if u.pagu_akhir is not None]
        if len(known) > 1:
            largest = max(known, key=lambda u: u.pagu_akhir or Decimal(0))
            amount = rupiah(largest.pagu_akhir or Decimal(0))
            text += f" Pagu akhir terbesar berada pada {largest.unit.name} ({amount})."
        return text

    def spending(self) -> str | None:
        b = self.ctx.facts.budget
        t = b.spending_total
        if not b.spending or t is None or t.persen is None or t.pagu is None or t.realisasi is None:
            return None
        text = (f"Realisasi anggaran {self.when} sebesar {rupiah(t.realisasi)}, atau {self.pct(t.persen)} dari "
                f"pagu {rupiah(t.pagu)}.")
        lines = [s for s in b.spending if s.persen is not None]
        if len(lines) > 1:
            high = max(lines, key=lambda s: s.persen or Decimal(0))
            low = min(lines, key=lambda s: s.persen or Decimal(0))
            if high.persen != low.persen:
                text += (f" Persentase realisasi tertinggi pada {high.name} ({self.pct(high.persen or Decimal(0))}) "
                         f"dan terendah pada {low.name} ({self.pct(low.persen or Decimal(0))}).")
        return text

    def performance(self) -> str | None:
        b = self.ctx.facts.budget
        if not b.components or b.nka is None:
            return None
        parts = join([f"{c.name} {in_unit(c.value, '', self.digits)}" for c in b.components if c.value is not None])
        value = in_unit(b.nka, "", self.digits)
        text = f"Nilai Kinerja Anggaran {self.when} sebesar {value}, rata-rata dari {parts}."
        if b.nka_predicate:
            text = text[:-1] + f", dengan kategori {b.nka_predicate}."
        return text

    def efficiency(self) -> str | None:
        if not self.ctx.facts.budget.per_goal:
            return None
        if self.ctx.quarter:
            return QUARTER_EFFICIENCY
        goals = self.ctx.facts.goals
        judged = [g for g in goals if g.budget is not None and g.budget.efficient is not None]
        unknown = [g.code for g in goals if g not in judged]
        if not judged:
            return (f"Efisiensi {self.goal_noun} belum dapat dinilai karena capaian kinerja atau realisasi "
                    "anggarannya belum tersedia.")
        efficient = [g for g in judged if g.budget and g.budget.efficient]
        if len(efficient) == len(judged):
            who = join([g.code for g in judged]) if unknown or len(judged) == 1 else \
                capitalize(collective(len(judged), self.goal_noun))
            text = f"{who} dilaksanakan secara efisien."
        elif not efficient:
            text = f"Belum ada {self.goal_noun} yang dilaksanakan secara efisien."
        else:
            others = join([g.code for g in judged if g not in efficient])
            text = (f"{capitalize(count_word(len(efficient)))} dari {count_word(len(judged))} {self.goal_noun}"
                    f"{' yang dapat dinilai' if unknown else ''} dilaksanakan secara efisien; yang belum adalah "
                    f"{others}.")
        if unknown:
            text += f" Efisiensi {join(unknown)} belum dapat dinilai."
        return text

    # -- closing -----------------------------------------------------------------------------------------
    def closing(self) -> list[str]:
        out = [self.agency_capaian()]
        overview = self.indicator_overview()
        if overview:
            out.append(overview)
        budget = " ".join(s for s in (self.spending_short(), self.efficiency()) if s)
        if budget:
            out.append(budget)
        return out

    def spending_short(self) -> str | None:
        t = self.ctx.facts.budget.spending_total
        if t is None or t.persen is None:
            return None
        return f"Realisasi anggaran mencapai {self.pct(t.persen)} dari pagu."
