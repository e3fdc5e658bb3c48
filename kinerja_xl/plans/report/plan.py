"""The document plan of a Laporan Kinerja draft (PermenPANRB 53/2014), built from one computation.

:func:`plan_report` lays out Ikhtisar Eksekutif, Bab I–IV and Lampiran as a flat list of blocks
(:mod:`.blocks`). Tables and charts hold the computation's figures; narrative paragraphs state what the
figures say; one marked *Isian Penyusun* paragraph per sasaran and per indicator (and one per chapter
where people write) is left for the bureau. No instansi, unit term, table number or year is spelled
here: they come from the computation and the catalog (``instansi``, ``laporan``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Literal

from ...catalog.schema import PERIOD_LABELS, QUARTER_MONTHS, Agency, TargetBound, TargetRange, band_legend
from ...compute.budget import BUDGET_NODES
from ...compute.engine import Computation
from ...ledger.history import ConsolidationHistory
from ...ledger.records import show_time
from ...numbers import show_number
from ...review.compare import ReviewReport
from . import chartspecs, tables
from .appendix import reviu, summary
from .blocks import (
    Block,
    CaptionList,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    ReportPlan,
    SectionBreak,
    Table,
    TableOfContents,
    Title,
)
from .captions import Context, number_captions
from .facts import GoalFacts, IndicatorFacts, read_facts
from .narrative import Narrator
from .wording import capitalize, count_word, join, lower_first

PLACEHOLDER = "[Diisi oleh penyusun: {}.]"
ROMAN = ("I", "II", "III", "IV")

Reason = Literal["tidak-ada", "tidak-terbaca", "tidak-valid"]
#: Why a unit's data is not in the draft, as the document says it ("tidak-ada" also covers a file unreadable
#: before its unit could be read: the reader cannot tell whose it was).
REASONS: dict[str, str] = {
    "tidak-ada": "tidak ada buku kerjanya yang dapat dibaca dalam kumpulan berkas",
    "tidak-terbaca": "buku kerjanya tidak dapat dibaca",
    "tidak-valid": "buku kerjanya tidak lolos validasi",
}


@dataclass(frozen=True)
class Excluded:
    """A unit whose data the draft leaves out, and why (the pipeline decides, the plan says it)."""

    unit: str
    reason: Reason


class _Planner:
    def __init__(self, ctx: Context, review: ReviewReport | None, excluded: Sequence[Excluded],
                 versions: ConsolidationHistory | None = None):
        self.ctx = ctx
        self.versions = versions
        self.say = Narrator(ctx)
        self.review = review
        self.excluded = tuple(excluded)
        self.blocks: list[Block] = []
        self.chapter_number = 0
        self.section = 0

    # -- block helpers ---------------------------------------------------------------------------
    def add(self, *blocks: Block | None) -> None:
        self.blocks.extend(b for b in blocks if b is not None)

    def text(self, *paragraphs: str | None) -> None:
        self.add(*(Paragraph(p) for p in paragraphs if p))

    def bullets(self, items: Sequence[str]) -> None:
        self.add(*(Paragraph(i, "butir") for i in items))

    def placeholder(self, what: str, subject: str) -> None:
        self.add(Paragraph(PLACEHOLDER.format(what), "isian", placeholder=True, subject=subject))

    def chapter(self, number: int, title: str) -> None:
        self.add(PageBreak(), Heading(1, f"Bab {ROMAN[number - 1]} {title}"))
        self.chapter_number, self.section = number, 0

    def sub(self, title: str) -> None:
        self.section += 1
        self.add(Heading(2, f"{self.chapter_number}.{self.section} {title}"))

    # -- words -----------------------------------------------------------------------------------
    @property
    def w(self) -> Agency:
        return self.ctx.agency

    @property
    def goal_noun(self) -> str:
        return self.ctx.goal_term.lower()

    def agreement(self, agency: str = "") -> str:
        version = self.ctx.catalog.agreement_version
        who = f" {agency}" if agency else ""
        return f"Perjanjian Kinerja{who} tahun {self.ctx.year}" + (f" ({version})" if version else "")

    def period(self) -> str | None:
        """"Triwulan II (Januari–Juni)" for a quarterly consolidation; None for the year."""
        period = self.ctx.facts.period
        if period == "tahunan":
            return None
        months = QUARTER_MONTHS.get(period, ())
        span = f" ({months[0]}–{months[-1]})" if len(months) > 1 else f" ({months[0]})" if months else ""
        return PERIOD_LABELS.get(period, period) + span

    def rounding(self) -> str:
        digits = count_word(self.ctx.digits)
        if self.ctx.facts.rounding_mode == "bertahap":
            return (f"Setiap angka yang dipublikasikan dibulatkan {digits} desimal (setengah menjauhi nol, seperti "
                    "fungsi ROUND Excel), dan tahap berikutnya dihitung dari nilai yang telah dibulatkan.")
        return f"Perhitungan memakai presisi penuh; angka dibulatkan {digits} desimal hanya saat ditampilkan."

    def unit_name(self, code: str) -> str:
        return next((u.name for u in self.ctx.catalog.units if u.code == code), code)

    def missing_data(self) -> str | None:
        """One sentence naming the units whose data the draft leaves out."""
        if not self.excluded:
            return None
        names = join([self.unit_name(e.unit) for e in self.excluded])
        return (f"Draf ini belum memuat data {names}; angka yang bergantung padanya ditandai “–” (lihat "
                "Bab I).")

    # -- front matter -------------------------------------------------------------------------------
    def cover(self) -> None:
        c = self.ctx.catalog
        period = self.period()
        lines = [self.w.name, f"Tahun {self.ctx.year}" + (f", {period}" if period else ""), self.agreement(),
                 f"Draf disusun dari buku kerja isian {count_word(len(c.units))} {self.w.unit_term}."]
        missing = self.missing_data()
        if missing:
            lines.append(missing)
        lines.append("Paragraf bertanda [Diisi oleh penyusun: …] dilengkapi oleh penyusun sebelum laporan "
                     "ditandatangani.")
        self.add(Title(self.w.report_name, tuple(lines)))

    def front(self, body: list[Block]) -> list[Block]:
        labels = list(dict.fromkeys(b.caption.label for b in body if isinstance(b, (Table, Figure))))
        out: list[Block] = [PageBreak(), TableOfContents("Daftar Isi")]
        for label in labels:
            out += [PageBreak(), CaptionList(label, f"Daftar {label}")]
        return out

    # -- Ikhtisar Eksekutif ---------------------------------------------------------------------------
    def executive(self) -> None:
        self.add(PageBreak(), Heading(1, "Ikhtisar Eksekutif"))
        self.text(self.missing_data(), self.say.scope(), self.say.agency_capaian(), self.say.indicator_overview())
        self.bullets([self.say.goal_line(g) for g in self.ctx.facts.goals])
        self.text(" ".join(s for s in (self.say.spending(), self.say.performance(), self.say.efficiency()) if s))

    # -- Bab I ------------------------------------------------------------------------------------
    def introduction(self) -> None:
        w, c, year = self.w, self.ctx.catalog, self.ctx.year
        self.chapter(1, "Pendahuluan")
        self.sub("Latar Belakang")
        self.text(f"{w.report_name} ini disusun sebagai pertanggungjawaban {w.name} atas pelaksanaan "
                  f"{self.agreement()}, sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas "
                  "Kinerja Instansi Pemerintah dan Peraturan Menteri PANRB Nomor 53 Tahun 2014 tentang Petunjuk "
                  "Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi "
                  "Pemerintah.")
        self.placeholder(f"latar belakang, tugas dan fungsi, struktur organisasi, aspek strategis serta isu "
                         f"strategis {w.name}", "pendahuluan")
        self.sub(f"{w.unit_term} dan Data Kinerja")
        self.text(f"Data kinerja {self.ctx.span} dihimpun dari buku kerja isian {count_word(len(c.units))} "
                  f"{w.unit_term}. Setiap unit mengisi angka mentah indikator yang menjadi tanggung jawabnya; "
                  "seluruh realisasi dan capaian dalam laporan ini dihitung ulang dari angka tersebut.")
        self.bullets([f"{u.name} ({u.code}): {self.supplies(u.code)}." for u in c.units])
        if self.excluded:
            self.text(f"Data {count_word(len(self.excluded))} {w.unit_term} berikut tidak diikutkan dalam draf "
                      "ini; angka yang bergantung padanya ditandai “–” sampai buku kerjanya diperbaiki dan draf "
                      "disusun ulang:")
            self.bullets([f"{self.unit_name(e.unit)} ({e.unit}): {REASONS[e.reason]}." for e in self.excluded])
        self.sub("Periode Pengukuran")
        first, last = c.renstra
        text = (f"Pengukuran kinerja tahun {year} mengacu pada Rencana Strategis {first}–{last}"
                + (f"; tahun {year} merupakan tahun ke-{year - first + 1} dari {last - first + 1} tahun periode "
                   "Renstra." if first <= year <= last else "."))
        period = self.period()
        if period:
            text += f" Angka realisasi mencakup periode {period} secara kumulatif."
        self.text(text + f" Target yang berlaku adalah target {self.agreement()}.")
        self.sub("Sistematika")
        self.bullets(self.outline())

    def sources(self) -> None:
        """Which version of each unit's workbook the draft is computed from (and the final set, if any)."""
        history = self.versions
        if history is None or not history.used:
            return
        self.add(Heading(2, f"Versi Buku Kerja {self.w.unit_term}"))
        lock = history.lock
        if lock is not None:
            note = f" ({lock.note})" if lock.note else ""
            self.text(f"Data periode ini telah ditetapkan final pada {show_time(lock.time)} oleh {lock.who}{note}; "
                      "draf dihitung dari versi final setiap buku kerja:")
        else:
            self.text("Draf ini dihitung dari versi buku kerja berikut (delapan karakter pertama sidik SHA-256 "
                      "berkasnya dan waktu versi itu pertama diterima):")
        self.bullets([f"{self.unit_name(u.unit)} ({u.unit}): {PurePath(u.file).name}, versi {u.short or '–'}"
                      + (f", {show_time(u.time)}" if u.time else "") + "." for u in history.used])
        if history.head:
            self.text(f"Sidik buku besar versi saat draf disusun: {history.head[:16]}. Riwayat versi dan "
                      "perubahannya ada pada lembar Riwayat buku kerja konsolidasi (kinerja-xl riwayat).")

    def supplies(self, unit: str) -> str:
        """What a unit fills in: the indicators its fields feed, and the budget."""
        c = self.ctx.catalog
        codes = [ind.code for ind in c.indicators()
                 if any(unit in f.owners for n in ind.walk() for f in n.inputs())]
        budget = any(unit in f.owners for f in c.input_fields() if f.node in BUDGET_NODES)
        if not codes:
            return "data anggaran" if budget else "tidak ada isian pada katalog ini"
        return f"data indikator {join(codes)}" + (" serta data anggaran" if budget else "")

    def outline(self) -> list[str]:
        b = self.ctx.facts.budget
        planning = ", rencana kerja dan anggaran" if b.units is not None else ""
        budget = (", realisasi anggaran" if b.spending is not None or b.components is not None else "") + \
                 (" dan analisis efisiensi" if b.per_goal else "")
        appendix = " dan hasil reviu angka draf laporan" if self.review is not None else ""
        versions = (", versi buku kerja yang dipakai" if self.review is not None else " dan versi buku kerja yang "
                    "dipakai") if self.versions is not None and self.versions.used else ""
        return [
            "Ikhtisar Eksekutif: ringkasan capaian kinerja" + (" dan anggaran." if b.any else "."),
            f"Bab I Pendahuluan: latar belakang, {self.w.unit_term} penyusun data dan periode pengukuran.",
            f"Bab II Perencanaan Kinerja: rencana strategis{planning} serta Perjanjian Kinerja tahun {self.ctx.year}.",
            f"Bab III Akuntabilitas Kinerja: capaian kinerja organisasi, analisis per {self.goal_noun} dan "
            f"indikator{budget}.",
            "Bab IV Penutup: simpulan capaian dan langkah ke depan.",
            f"Lampiran: dokumen Perjanjian Kinerja{versions}{appendix}.",
        ]

    # -- Bab II -----------------------------------------------------------------------------------
    def planning(self) -> None:
        c, year = self.ctx.catalog, self.ctx.year
        self.chapter(2, "Perencanaan Kinerja")
        self.sub("Rencana Strategis")
        first, last = c.renstra
        self.placeholder(f"visi, misi, tujuan dan sasaran strategis Rencana Strategis {first}–{last}, serta "
                         f"rencana kerja tahun {year}", "perencanaan")
        table = tables.pagu_unit(self.ctx)
        if table is not None:
            self.sub("Rencana Kerja dan Anggaran")
            self.text(self.say.pagu())
            self.add(table, chartspecs.pagu_unit(self.ctx))
        self.sub("Perjanjian Kinerja")
        inds = self.ctx.facts.indicators()
        self.text(f"{self.agreement(self.w.name)} memuat {count_word(len(self.ctx.facts.goals))} "
                  f"{self.goal_noun} dan {count_word(len(inds))} indikator kinerja berikut.")
        self.text(self.target_notes(inds))
        self.add(tables.perjanjian_kinerja(self.ctx))

    def target_notes(self, inds: Sequence[IndicatorFacts]) -> str | None:
        notes = []
        lower = [i for i in inds if i.node.polarity == "turun"]
        ceilings = [i.code for i in lower if not isinstance(i.target, (TargetRange, TargetBound))]
        if ceilings:
            notes.append(f"Indikator {join(ceilings)} semakin rendah semakin baik: targetnya adalah batas atas.")
        ranged = [i.code for i in lower if isinstance(i.target, TargetRange)]
        if ranged:
            notes.append(f"Indikator {join(ranged)}{' juga' if ceilings else ''} semakin rendah semakin baik.")
        if any(isinstance(i.target, TargetRange) for i in inds):
            notes.append("Target berbentuk rentang (batas bawah–batas atas) tercapai bila realisasi berada di "
                         "dalam rentang itu, dan terlampaui bila realisasi melewati batasnya ke arah yang lebih baik.")
        bounded = [i.code for i in inds if isinstance(i.target, TargetBound)]
        if bounded:
            notes.append(f"Target indikator {join(bounded)} adalah target satu sisi (<, ≤: paling tinggi; >, ≥: "
                         "paling rendah).")
        compared = sorted({c.name for i in inds for c in i.comparisons})
        if compared:
            notes.append(f"Sebagai pembanding, {join([lower_first(n) for n in compared])} dicantumkan di bawah "
                         "target indikator yang memilikinya.")
        return " ".join(notes) or None

    # -- Bab III ----------------------------------------------------------------------------------
    def accountability(self) -> None:
        ctx = self.ctx
        self.chapter(3, "Akuntabilitas Kinerja")
        self.sub("Capaian Kinerja Organisasi")
        self.text(self.method(), self.say.agency_capaian())
        self.add(chartspecs.tren_instansi(ctx), tables.capaian(ctx))
        self.text(self.say.indicator_overview(), self.say.goal_overview())
        self.add(chartspecs.capaian_indikator(ctx), chartspecs.capaian_sasaran(ctx))
        index = 0
        for goal in ctx.facts.goals:
            self.goal(goal)
            for ind in goal.indicators:
                self.indicator(ind, index)
                index += 1
        self.budget()

    def method(self) -> str:
        inds = self.ctx.facts.indicators()
        text = "Capaian setiap indikator adalah realisasi dibagi target dikali 100."
        lower = [i.code for i in inds if i.node.polarity == "turun" and i.node.lower_rule == "selisih"]
        inverse = [i.code for i in inds if i.node.polarity == "turun" and i.node.lower_rule == "terbalik"]
        if lower:
            text += (f" Untuk indikator yang semakin rendah semakin baik ({join(lower)}), capaian dihitung "
                     "(2 × target − realisasi) / target × 100.")
        if inverse:
            which = f"indikator {join(inverse)} (juga semakin rendah semakin baik)" if lower else \
                f"indikator yang semakin rendah semakin baik ({join(inverse)})"
            text += f" Untuk {which}, capaian dihitung target / realisasi × 100."
        if any(isinstance(i.target, TargetRange) for i in inds):
            text += (" Target berbentuk rentang dinilai 100 bila realisasi berada di dalamnya; di luar rentang, "
                     "capaian dihitung terhadap batas terdekat.")
        if any(isinstance(i.target, TargetBound) for i in inds):
            text += (" Target satu sisi (<, ≤, >, ≥) dihitung terhadap batasnya dengan rumus yang sama; realisasi "
                     "tepat pada batas memberi capaian 100.")
        if any(i.comparisons for i in inds):
            text += (" Capaian terhadap pembanding (mis. target nasional) disajikan di samping capaian terhadap "
                     "target dan tidak dihitung dalam rata-rata.")
        text += self.caps(inds)
        text += (f" Capaian {self.goal_noun} adalah rata-rata capaian indikatornya, dan capaian {self.ctx.kind} "
                 f"adalah rata-rata capaian {self.goal_noun}.")
        if self.ctx.quarter:
            text += (f" Realisasi {self.ctx.period_name} bersifat kumulatif sejak Januari; capaian dihitung terhadap "
                     f"target {self.ctx.period_name} bila katalog menetapkannya, selain itu terhadap target tahunan, "
                     "dan tidak dibandingkan dengan realisasi setahun penuh tahun-tahun sebelumnya.")
        categories = self.ctx.facts.categories
        if categories:
            text += f" {band_legend(categories, show_number, 'Kategori capaian')}"
        if any(i.kenaikan is not None for i in inds):
            text += (" Persentase kenaikan membandingkan realisasi dengan realisasi tahun sebelumnya: (realisasi "
                     "tahun ini − realisasi tahun lalu) / realisasi tahun lalu × 100.")
        text += f" {self.rounding()}"
        return text

    def caps(self, inds: Sequence[IndicatorFacts]) -> str:
        """Which indicators are capped at what: one cap for all is said once ("Capaian dibatasi paling tinggi
        120%."); otherwise each indicator with a cap of its own is named, then the others ("Capaian indikator
        P3.3 dibatasi paling tinggi 120%; capaian indikator lain tidak dibatasi.")."""
        if not any(i.node.cap is not None for i in inds):
            return ""
        caps: dict[Decimal | None, list[str]] = {}
        for ind in inds:
            caps.setdefault(ind.node.cap, []).append(ind.code)
        (only, *_) = caps
        if len(caps) == 1 and only is not None:  # the text of a catalog with one cap for all, as it always was
            return f" Capaian dibatasi paling tinggi {show_number(only)}%."
        general = self.ctx.catalog.default_cap
        rest = general if general in caps else max(caps, key=lambda c: len(caps[c]))
        parts = [f"indikator {join(codes)} " + ("tidak dibatasi" if cap is None else
                                                 f"dibatasi paling tinggi {show_number(cap)}%")
                 for cap, codes in sorted(caps.items(), key=lambda item: (item[0] is None, item[0] or 0))
                 if cap != rest]
        others = "tidak dibatasi" if rest is None else f"dibatasi paling tinggi {show_number(rest)}%"
        return " Capaian " + "; capaian ".join(parts) + f"; capaian indikator lain {others}."

    def goal(self, goal: GoalFacts) -> None:
        self.sub(f"{self.ctx.goal_term} {goal.number}: {capitalize(goal.node.name)}")
        self.text(*self.say.goal(goal))
        self.add(tables.sasaran(self.ctx, goal), *chartspecs.tren_sasaran(self.ctx, goal))
        plan_doc = "RPJMD" if self.w.kind == "pemerintah_daerah" else "RPJMN"
        self.placeholder(f"uraian {self.goal_noun} {goal.code}: keterkaitannya dengan {plan_doc} dan Rencana "
                         "Strategis, faktor pendukung dan penghambat, serta program utama yang mendukungnya",
                         goal.code)

    def indicator(self, ind: IndicatorFacts, index: int) -> None:
        kind = ind.node.kind or "Indikator"
        self.add(Heading(3, f"{kind} {ind.code}: {capitalize(ind.node.name)}"))
        paragraphs = self.say.indicator(ind, index)
        self.text(*paragraphs[:2])
        self.add(tables.indikator(self.ctx, ind))
        self.text(*paragraphs[2:])
        self.add(tables.rincian(self.ctx, ind))
        self.text(self.say.survey(ind))
        self.placeholder(f"analisis penyebab keberhasilan atau kegagalan indikator {ind.code}, program dan "
                         "kegiatan yang mendukung, kendala yang dihadapi, serta rekomendasi tindak lanjut", ind.code)

    def budget(self) -> None:
        ctx, b = self.ctx, self.ctx.facts.budget
        if b.spending is not None or b.components is not None:
            self.sub("Realisasi Anggaran")
            self.text(self.say.spending())
            self.add(tables.belanja(ctx), chartspecs.belanja(ctx))
            self.text(self.say.performance())
            self.add(tables.kinerja_anggaran(ctx))
        if b.per_goal and ctx.quarter:
            self.sub("Analisis Efisiensi")
            self.text(self.say.efficiency())
        elif b.per_goal:
            self.sub("Analisis Efisiensi")
            self.text(f"Efisiensi dinilai dengan membandingkan capaian kinerja setiap {self.goal_noun} dengan "
                      "persentase realisasi anggarannya: pelaksanaan efisien bila persentase realisasi anggaran "
                      "lebih kecil daripada capaian kinerja.", self.say.efficiency())
            self.add(tables.efisiensi(ctx), chartspecs.efisiensi(ctx))

    # -- Bab IV and Lampiran ------------------------------------------------------------------------
    def closing(self) -> None:
        self.chapter(4, "Penutup")
        self.text(*self.say.closing())
        self.placeholder("kesimpulan umum, permasalahan dan kendala utama, serta langkah perbaikan ke depan",
                         "penutup")

    def appendix(self) -> None:
        self.add(PageBreak(), Heading(1, "Lampiran"))
        self.placeholder("salinan Perjanjian Kinerja yang ditandatangani dan dokumen pendukung lainnya", "lampiran")
        self.sources()
        if self.review is not None:
            self.add(SectionBreak("landscape"), Heading(2, f"Hasil Reviu Angka Draf {self.w.report_name}"))
            self.text(summary(self.review, self.w.report_name, [self.unit_name(e.unit) for e in self.excluded]))
            self.add(reviu(self.ctx, self.review))

    def build(self) -> list[Block]:
        self.executive()
        self.introduction()
        self.planning()
        self.accountability()
        self.closing()
        self.appendix()
        body = number_captions(self.blocks)
        self.blocks = []
        self.cover()
        return self.blocks + self.front(body) + body


def plan_report(computation: Computation, *, review: ReviewReport | None = None,
                excluded: Sequence[Excluded] = (), versions: ConsolidationHistory | None = None) -> ReportPlan:
    """The whole draft as blocks. The catalog of ``computation`` names the instansi, its units and its
    report, and numbers and titles the tables; ``review`` adds the reviu appendix; ``excluded`` names the
    units whose data is left out (their figures print as "–"); ``versions``: the version of each unit's
    workbook it is computed from (Bab I says so)."""
    ctx = Context(read_facts(computation), computation.catalog)
    blocks = _Planner(ctx, review, excluded, versions).build()
    agency = computation.catalog.agency
    title = f"{agency.report_name} {agency.name} Tahun {ctx.year_words}"
    return ReportPlan(title=title, header_text=agency.name, language="id-ID", blocks=tuple(blocks))
