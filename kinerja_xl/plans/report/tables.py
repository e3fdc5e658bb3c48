"""The report's tables as plan data, one builder per table key.

Widths are relative (designed on a 15,5 cm A4 portrait text width; the writer scales them to the
section). Every figure cell names its ``source`` so the document can be traced back to the
computation; targets keep the decimals they were signed with, computed figures the policy's digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from .blocks import Align, Cell, CellKind, Emphasis, Row, Table
from .captions import Context
from .facts import GoalFacts, IndicatorFacts
from ...catalog.schema import Node, Target, TargetBound, TargetRange
from ...catalog.schema import band_legend as catalog_band_legend
from ...compute.budget import PER_GOAL, PERFORMANCE, SPENDING, UNIT
from ...compute.engine import MINISTRY
from ...numbers import show_number
from .wording import is_percent, target_text

NA = "n.a"
TEXT_WIDTH = 15.5          # cm of an A4 portrait text column: widths below are designed on it
CHAR_CM = 0.19             # an average Arial character at 9 pt (digits are 0,18 cm)
PADDING_CM = 0.3           # cell margins and a little air
MIN_FLEXIBLE_CM = 4.0


def _need(cell: Cell, char_cm: float) -> float:
    """The width a cell needs on one line: numbers and ranges never break; text breaks between words."""
    text = cell.text()
    if cell.kind != "text" or cell.align == "right":
        size = len(text)
    else:
        size = max((len(word) for word in text.split()), default=0)
    return size * char_cm + PADDING_CM


def fit(widths: Sequence[float], rows: Sequence[Row], flexible: int | None, *, total: float = TEXT_WIDTH,
        minimum: float = MIN_FLEXIBLE_CM, compact: bool = False) -> tuple[float, ...]:
    """Widen every column to its longest unbreakable content; the ``flexible`` column (a name) gives
    the room back. Without a flexible column the widths become proportions the writer scales."""
    needs = list(widths)
    char_cm = CHAR_CM * (8 / 9 if compact else 1)  # compact tables print at 8 pt
    for row in rows:
        col = 0
        for cell in row.cells:
            if cell.span == 1 and not cell.merge_up:
                needs[col] = max(needs[col], _need(cell, char_cm))
            col += cell.span
    if flexible is None:
        return tuple(needs)
    rest = total - sum(w for i, w in enumerate(needs) if i != flexible)
    needs[flexible] = max(rest, minimum)  # when the others take more, the writer scales all of them down
    return tuple(needs)


def text(value: str | None, align: Align = "left", span: int = 1, indent: int = 0) -> Cell:
    return Cell(value, "text", align, span=span, indent=indent)


def head(value: str, span: int = 1) -> Cell:
    return Cell(value, "text", "center", span=span)


def figure(value: Decimal | None, source: str, *, kind: CellKind = "percent", decimals: int | None = None,
           band: str | None = None) -> Cell:
    return Cell(value, kind, "right", band=band, decimals=decimals, source=source)


def row(*cells: Cell, emphasis: Emphasis = "normal") -> Row:
    return Row(tuple(cells), emphasis)


def uom_label(node: Node) -> str:
    return "%" if is_percent(node.unit_of_measure) else node.unit_of_measure


def realisasi_cell(ctx: Context, node: Node, value: Decimal | None, source: str) -> Cell:
    kind: CellKind = "percent" if is_percent(node.unit_of_measure) else "number"
    return figure(value, source, kind=kind, decimals=ctx.digits)


def target_cell(target: Target | None, code: str, prefix: str = "target") -> Cell:
    if isinstance(target, TargetRange):
        return Cell(target_text(target), "text", "right", source=f"rentang:{code}:{prefix}")
    if isinstance(target, TargetBound):  # "< 10": its sign and the bound the capaian is computed against
        return Cell(target_text(target), "text", "right", source=f"batas:{code}:{prefix}")
    return figure(target, f"{code}:{prefix}", kind="number", decimals=None)


def capaian_cell(ctx: Context, value: Decimal | None, source: str) -> Cell:
    return figure(value, source, decimals=ctx.digits, band=ctx.facts.band(value))


def category_cell(category: str | None, source: str) -> Cell:
    return Cell(category, "text", "center", source=source)


def band_legend(ctx: Context) -> str:
    """The capaian colours, and the agency's capaian categories when the catalog declares them."""
    categories = catalog_band_legend(ctx.facts.categories, show_number, "Kategori capaian")
    return " ".join(t for t in (catalog_band_legend(ctx.facts.bands, show_number), categories) if t)


# -- Bab II ---------------------------------------------------------------------------------------------
def perjanjian_kinerja(ctx: Context) -> Table:
    """Every indicator of the agreement with its target; the sasaran cell spans its indicators."""
    body: list[Row] = []
    for goal in ctx.facts.goals:
        for i, ind in enumerate(goal.indicators):
            first = i == 0
            body.append(row(
                Cell(str(goal.number) if first else None, "text", "center", merge_up=not first),
                Cell(goal.node.name if first else None, "text", merge_up=not first),
                text(f"{ind.code} {ind.node.name}"),
                text(uom_label(ind.node), "center"),
                target_cell(ind.target, ind.code)))
    header = (row(head("No"), head(ctx.goal_term), head("Indikator Kinerja"), head("Satuan"),
                  head(f"Target {ctx.year}")),)
    return Table(
        "perjanjian_kinerja",
        ctx.table_caption("perjanjian_kinerja", f"Perjanjian Kinerja {ctx.agency.name} Tahun {ctx.year}"),
        fit((0.9, 4.9, 6.5, 1.5, 1.7), header + tuple(body), flexible=2), header, tuple(body))


# -- Bab III: capaian ------------------------------------------------------------------------------------
def _indicator_rows(ctx: Context, ind: IndicatorFacts) -> list[Row]:
    """Code, name, unit, target(s), realisasi, capaian (and its category when the catalog declares categories);
    a quarter shows its own target (or "–" when it is measured against the annual one), the annual target and
    the % of the annual target too. Below it one row per pembanding: its target of the year under the annual
    target and the capaian against it (never in the sasaran's mean)."""
    categories = bool(ctx.facts.categories)
    cells = [text(ind.code, "center"), text(ind.node.name), text(uom_label(ind.node), "center")]
    if ctx.quarter:
        cells.append(target_cell(ind.period_target, ind.code, "target_periode") if ind.period_target is not None
                     else text("–", "center"))
    cells += [target_cell(ind.target, ind.code), realisasi_cell(ctx, ind.node, ind.realisasi, f"{ind.code}:realisasi"),
              capaian_cell(ctx, ind.capaian, f"{ind.code}:capaian")]
    if ctx.quarter:  # progress towards the year's target: not coloured by the capaian bands
        cells.append(figure(ind.capaian_tahunan, f"{ind.code}:capaian_tahunan", decimals=ctx.digits)
                     if ind.period_target is not None else figure(ind.capaian, f"{ind.code}:capaian",
                                                                  decimals=ctx.digits))
    if categories:
        cells.append(category_cell(ind.category, f"{ind.code}:kategori"))
    rows = [row(*cells)]
    for c in ind.comparisons:
        cells = [text(""), text(f"Dibandingkan {c.name}", indent=1), text("")] + ([text("")] if ctx.quarter else [])
        cells += [target_cell(c.target, ind.code, c.prefix), text(""),
                  capaian_cell(ctx, c.capaian, f"{ind.code}:capaian_{c.prefix}")] + ([text("")] if ctx.quarter else [])
        if categories:
            cells.append(category_cell(c.category, f"{ind.code}:kategori_{c.prefix}"))
        rows.append(row(*cells))
    return rows


def _capaian_header(ctx: Context, what: str) -> Row:
    titles = ["Kode", what, "Satuan"]
    if ctx.quarter:
        titles += [f"Target {ctx.period_name}", f"Target {ctx.year}", ctx.realisasi_head, "% Capaian",
                   f"% thd Target {ctx.year}"]
    else:
        titles += [f"Target {ctx.year}", ctx.realisasi_head, "% Capaian"]
    return row(*(head(t) for t in titles + (["Kategori"] if ctx.facts.categories else [])))


def _capaian_widths(ctx: Context) -> tuple[float, ...]:
    widths = (1.5, 5.15, 1.3, 1.5, 1.5, 1.75, 1.4, 1.4) if ctx.quarter else (1.5, 6.95, 1.5, 1.75, 1.9, 1.9)
    return widths + ((2.3,) if ctx.facts.categories else ())


def _summary_cells(ctx: Context, label: str, value: Decimal | None, code: str, category: str | None, *,
                   first: str | None = "") -> Row:
    """An average or total row: the label across the columns before % Capaian (with an empty code cell
    unless ``first`` is None), the capaian, an empty cell under a quarter's % of the annual target and the
    capaian's category."""
    lead = 1 if ctx.quarter else 0  # a quarter has one more target column before % Capaian
    cells = ([text(first)] if first is not None else []) + [text(label, span=(4 if first is not None else 5) + lead)]
    cells.append(capaian_cell(ctx, value, f"{code}:capaian"))
    if ctx.quarter:
        cells.append(text(""))
    if ctx.facts.categories:
        cells.append(category_cell(category, f"{code}:kategori"))
    return Row(tuple(cells), "normal")


def _quarter_note(ctx: Context) -> str:
    return (f" {ctx.period_name}: realisasi kumulatif sejak Januari; % capaian terhadap target {ctx.period_name} "
            "bila ditetapkan (selain itu terhadap target tahunan), dan % capaian terhadap target tahunan."
            if ctx.quarter else "")


def capaian(ctx: Context) -> Table:
    """The capaian table: per indicator target, realisasi and capaian; the sasaran means; the agency's."""
    body: list[Row] = []
    width = (8 if ctx.quarter else 6) + (1 if ctx.facts.categories else 0)
    for goal in ctx.facts.goals:
        body.append(row(text(goal.code, "center"), text(goal.node.name, span=width - 1), emphasis="group"))
        body.extend(r for ind in goal.indicators for r in _indicator_rows(ctx, ind))
        body.append(_subtotal(_summary_cells(ctx, f"Rata-rata capaian {goal.code}", goal.capaian, goal.code,
                                             goal.category), "subtotal"))
    body.append(_subtotal(_summary_cells(ctx, f"Capaian kinerja {ctx.agency.name} {ctx.span}", ctx.facts.capaian,
                                         MINISTRY, ctx.facts.category, first=None), "total"))
    header = (_capaian_header(ctx, f"{ctx.goal_term} / Indikator Kinerja"),)
    return Table(
        "capaian",
        ctx.table_caption("capaian", f"Capaian Kinerja {ctx.agency.name} Tahun {ctx.year_words}"),
        fit(_capaian_widths(ctx), header + tuple(body), flexible=1), header, tuple(body),
        note=band_legend(ctx) + _quarter_note(ctx))


def _subtotal(r: Row, emphasis: Emphasis) -> Row:
    return Row(r.cells, emphasis)


def sasaran(ctx: Context, goal: GoalFacts) -> Table:
    body = [r for ind in goal.indicators for r in _indicator_rows(ctx, ind)]
    body.append(_subtotal(_summary_cells(ctx, f"Capaian {ctx.goal_term} {goal.number} (rata-rata capaian indikator)",
                                         goal.capaian, goal.code, goal.category), "subtotal"))
    default = f"Capaian {ctx.goal_term} {goal.number}: {goal.node.name}"
    header = (_capaian_header(ctx, "Indikator Kinerja"),)
    return Table(
        f"sasaran:{goal.code}",
        ctx.table_caption(f"sasaran:{goal.code}", default, kode=goal.code, nama=goal.node.name,
                          nomor=goal.number),
        fit(_capaian_widths(ctx), header + tuple(body), flexible=1), header, tuple(body),
        note=band_legend(ctx) + _quarter_note(ctx))


def indikator(ctx: Context, ind: IndicatorFacts) -> Table:
    """The history row (an LKj indicator table): earlier realisasi, this year, % kenaikan, the final target."""
    year = ctx.year
    years = [y for y, _ in ind.history]
    rising = (year - 1) in years
    groups = [head("Realisasi", span=len(years))] if years else []
    own = ind.period_target is not None  # a quarter measured against its own target (never with history)
    groups.append(head(str(year) if not ctx.quarter else f"s.d. {ctx.period_name} {year}",
                       span=(4 if rising else 3) + (2 if own else 0)))
    labels = [head(str(y)) for y in years]
    labels += [head(f"Target {ctx.period_name}"), head(f"Target {year}")] if own else [head("Target")]
    labels += [head("Realisasi"), head("% Capaian")] + ([head(f"% thd Target {year}")] if own else [])
    cells = [Cell(NA, "text", "right") if v is None else realisasi_cell(ctx, ind.node, v, f"{ind.code}:realisasi_{y}")
             for y, v in ind.history]
    if own:
        cells.append(target_cell(ind.period_target, ind.code, "target_periode"))
    cells += [target_cell(ind.target, ind.code), realisasi_cell(ctx, ind.node, ind.realisasi, f"{ind.code}:realisasi"),
              capaian_cell(ctx, ind.capaian, f"{ind.code}:capaian")]
    if own:
        cells.append(figure(ind.capaian_tahunan, f"{ind.code}:capaian_tahunan", decimals=ctx.digits))
    if rising:
        labels.append(head(f"% Kenaikan {year - 1}–{year}"))
        cells.append(Cell(NA, "text", "right") if ind.earlier(year - 1) is None
                     else figure(ind.kenaikan, f"{ind.code}:kenaikan", decimals=ctx.digits))
    if ind.final_year is not None:
        groups.append(head(str(ind.final_year), span=2))
        labels += [head("Target"), head(f"% Capaian thd Target {ind.final_year}")]
        cells += [target_cell(ind.final_target, ind.code, "target_akhir"),
                  capaian_cell(ctx, ind.capaian_akhir, f"{ind.code}:capaian_akhir")]
    notes = [f"Satuan realisasi dan target: {uom_label(ind.node)}."]
    if any(c.value == NA for c in cells):
        notes.append("n.a: data tidak tersedia.")
    default = f"Capaian Indikator Kinerja {ind.code} {ind.node.name}"
    return Table(
        f"indikator:{ind.code}",
        ctx.table_caption(f"indikator:{ind.code}", default, kode=ind.code, nama=ind.node.name),
        fit(tuple(1.0 for _ in cells), (row(*labels), row(*cells)), flexible=None, compact=len(cells) >= 8),
        (row(*groups), row(*labels)),
        (row(*cells),), note=" ".join(notes), compact=len(cells) >= 8)


def survey(ctx: Context, ind: IndicatorFacts) -> Table:
    """An indicator whose value comes from surveys, as the LKj prints it per unit: IKM, respondents, IKM ×
    respondents, mutu (kinerja unit), with the weakest unsur of each survey; the instansi's weighted IKM below."""
    body: list[Row] = []
    for s in ind.surveys:
        quality = f"{s.mutu} ({s.kinerja})" if s.mutu and s.kinerja else (s.mutu or "")
        weakest = f"{s.weakest} ({show_number(s.weakest_nrr.quantize(Decimal('0.001')))})" \
            if s.weakest and s.weakest_nrr is not None else (s.weakest or "")
        ikm, respondents, weighted = s.sources
        body.append(row(text(s.name), figure(s.ikm, ikm, kind="number", decimals=ctx.digits),
                        figure(s.respondents, respondents, kind="integer"),
                        figure(s.weighted, weighted, kind="number", decimals=ctx.digits) if s.weighted is not None
                        else text("", "right"),
                        text(quality, "center"), text(weakest)))
    if ind.survey_totals is not None:
        total_respondents, total_weighted = ind.survey_totals
        body.append(row(text(ctx.agency.name), realisasi_cell(ctx, ind.node, ind.realisasi, f"{ind.code}:realisasi"),
                        figure(total_respondents, f"{ind.code}:survei.responden", kind="integer"),
                        figure(total_weighted, f"{ind.code}:survei.tertimbang", kind="number", decimals=ctx.digits),
                        text(ind.predicate or "", "center"), text(""), emphasis="total"))
    header = (row(head(ctx.agency.unit_term), head("IKM"), head("Jumlah Responden"), head("IKM × Responden"),
                  head("Mutu (Kinerja)"), head("Unsur Terendah (NRR)")),)
    default = f"{ind.node.name} per {ctx.agency.unit_term}"
    spec = next((n.survey for n in ind.node.walk() if n.survey is not None), None)
    questionnaire = spec.questionnaire_name if spec is not None else ""
    return Table(
        f"rincian:{ind.code}",
        ctx.table_caption(f"rincian:{ind.code}", default, kode=ind.code, nama=ind.node.name),
        fit((4.0, 1.6, 1.9, 2.3, 2.4, 3.3), header + tuple(body), flexible=5), header, tuple(body),
        note=f"IKM = jumlah NRR tertimbang × 25 (kuesioner {questionnaire}); IKM {ctx.kind} = rata-rata IKM "
             "tertimbang jumlah responden. Unsur terendah: unsur dengan NRR paling kecil, prioritas perbaikan layanan.")


def rincian(ctx: Context, ind: IndicatorFacts) -> Table | None:
    """Sub indicators, components and groups with this year's (and last year's) realisasi; a weighted
    mean's groups also show their weight (e.g. a satisfaction index per unit and its respondents). An
    indicator whose value comes from surveys gets the per-unit survey table instead (:func:`survey`)."""
    if ind.surveys and not ind.node.children:
        return survey(ctx, ind)
    if not ind.parts:
        return None
    year = ctx.year
    previous = any(p.previous is not None for p in ind.parts) or ind.earlier(year - 1) is not None
    predicate = any(p.predicate for p in ind.parts) or ind.predicate is not None
    weights = [p for p in ind.parts if p.weight is not None]
    nodes, groups = any(not p.is_group for p in ind.parts), any(p.is_group for p in ind.parts)
    what = "Sub Indikator / Komponen / Kelompok" if nodes and groups else (
        "Sub Indikator / Komponen" if nodes else "Kelompok")
    header = [head("Kode"), head(what), head("Satuan")]
    header += [head(f"Realisasi {year - 1}")] if previous else []
    header += [head(ctx.realisasi_head)]
    header += [head(_weight_label(ctx, ind))] if weights else []
    header += [head("Predikat")] if predicate else []
    body: list[Row] = []
    for p in ind.parts:
        name = p.name + (" (periode puncak)" if p.peak else "")
        cells = [text(p.code or p.group_code), text(name, indent=p.depth - 1),
                 text("%" if is_percent(p.uom) else p.uom, "center")]
        kind: CellKind = "percent" if is_percent(p.uom) else "number"
        if previous:
            if p.is_group:
                cells.append(text("", "right"))
            elif p.previous is None:
                cells.append(Cell(NA, "text", "right"))
            else:
                cells.append(figure(p.previous, p.previous_source, kind=kind, decimals=ctx.digits))
        cells.append(figure(p.realisasi, p.source, kind=kind, decimals=ctx.digits))
        if weights:
            cells.append(figure(p.weight, p.weight_source, kind="integer") if p.weight is not None
                         else text("", "right"))
        if predicate:
            cells.append(text(p.predicate or "", "center"))
        body.append(Row(tuple(cells), "group" if p.depth == 1 and not p.is_group else "normal"))
    total = [text(""), text(f"Realisasi indikator {ind.code}"), text(uom_label(ind.node), "center")]
    if previous:
        before = ind.earlier(year - 1)
        total.append(Cell(NA, "text", "right") if before is None
                     else realisasi_cell(ctx, ind.node, before, f"{ind.code}:realisasi_{year - 1}"))
    total.append(realisasi_cell(ctx, ind.node, ind.realisasi, f"{ind.code}:realisasi"))
    if weights:
        total.append(text("", "right"))
    if predicate:
        total.append(text(ind.predicate or "", "center"))
    body.append(Row(tuple(total), "subtotal"))
    fixed = [2.1, 0.0, 1.5] + ([1.9] if previous else []) + [1.9] + ([2.0] if weights else []) + \
        ([2.5] if predicate else [])
    default = f"Realisasi Sub Indikator dan Komponen {ind.code} {ind.node.name}"
    return Table(
        f"rincian:{ind.code}",
        ctx.table_caption(f"rincian:{ind.code}", default, kode=ind.code, nama=ind.node.name),
        fit(fixed, (Row(tuple(header)),) + tuple(body), flexible=1), (Row(tuple(header)),), tuple(body))


def _weight_label(ctx: Context, ind: IndicatorFacts) -> str:
    """The catalog's label of the weight field (e.g. "Jumlah responden"), "Bobot" otherwise."""
    for node in ind.node.walk():
        if node.method == "rata_rata_tertimbang":
            return node.labels.get("bobot", "Bobot")
    return "Bobot"




# -- budget ----------------------------------------------------------------------------------------------
def pagu_unit(ctx: Context) -> Table | None:
    b = ctx.facts.budget
    if not b.units:
        return None
    body = [row(text(u.unit.code), text(u.unit.name),
                figure(u.pagu_awal, f"input:{UNIT}:{u.unit.code}.pagu_awal", kind="rupiah"),
                figure(u.pagu_akhir, f"input:{UNIT}:{u.unit.code}.pagu_akhir", kind="rupiah")) for u in b.units]
    body.append(row(text(""), text("Jumlah"), figure(b.total_awal, f"{UNIT}:total.pagu_awal", kind="rupiah"),
                    figure(b.total_akhir, f"{UNIT}:total.pagu_akhir", kind="rupiah"), emphasis="total"))
    return Table(
        "pagu_unit",
        ctx.table_caption("pagu_unit", f"Pagu Anggaran {ctx.agency.name} Tahun {ctx.year} per {ctx.agency.unit_term}"),
        (2.2, 6.5, 3.4, 3.4),
        (row(head("Kode"), head(ctx.agency.unit_term), head("Pagu Awal (Rp)"), head("Pagu Akhir (Rp)")),), tuple(body))


def belanja(ctx: Context) -> Table | None:
    b = ctx.facts.budget
    if not b.spending or b.spending_total is None:
        return None
    body = [row(text(s.name), figure(s.pagu, f"input:{SPENDING}:{s.code}.pagu", kind="rupiah"),
                figure(s.realisasi, f"input:{SPENDING}:{s.code}.realisasi", kind="rupiah"),
                figure(s.persen, f"{SPENDING}:persen.{s.code}", decimals=ctx.digits)) for s in b.spending]
    t = b.spending_total
    body.append(row(text("Jumlah"), figure(t.pagu, f"{SPENDING}:total.pagu", kind="rupiah"),
                    figure(t.realisasi, f"{SPENDING}:total.realisasi", kind="rupiah"),
                    figure(t.persen, f"{SPENDING}:total.persen", decimals=ctx.digits), emphasis="total"))
    return Table(
        "belanja",
        ctx.table_caption("belanja", f"Pagu dan Realisasi Anggaran Tahun {ctx.year_words} per Jenis Belanja"),
        (5.3, 3.9, 3.9, 2.4),
        (row(head("Jenis Belanja"), head("Pagu (Rp)"), head("Realisasi (Rp)"), head("% Realisasi")),), tuple(body))


def efisiensi(ctx: Context) -> Table | None:
    if not ctx.facts.budget.per_goal:
        return None
    body = []
    for g in ctx.facts.goals:
        gb = g.budget
        body.append(row(text(g.code, "center"), text(g.node.name),
                        capaian_cell(ctx, g.capaian, f"{g.code}:capaian"),
                        figure(gb.persen if gb else None, f"{PER_GOAL}:persen.{g.code}", decimals=ctx.digits),
                        Cell(gb.efficiency if gb else None, "text", "center", source=f"{PER_GOAL}:efisiensi.{g.code}")))
    return Table(
        "efisiensi",
        ctx.table_caption("efisiensi", f"Perbandingan Capaian Kinerja dengan Realisasi Anggaran per {ctx.goal_term}"),
        (1.7, 7.3, 2.1, 2.1, 2.3),
        (row(head("Kode"), head(ctx.goal_term), head("% Capaian Kinerja"), head("% Realisasi Anggaran"),
             head("Keterangan")),),
        tuple(body), note="Efisien: persentase realisasi anggaran lebih kecil daripada persentase capaian kinerja.")


def kinerja_anggaran(ctx: Context) -> Table | None:
    b = ctx.facts.budget
    if not b.components:
        return None
    body = [row(text(c.code), text(c.name), figure(c.value, f"input:{PERFORMANCE}:{c.code}.nilai",
                                                   kind="number", decimals=ctx.digits)) for c in b.components]
    body.append(row(text(""), text("Nilai Kinerja Anggaran (rata-rata komponen)"),
                    figure(b.nka, f"{PERFORMANCE}:nilai", kind="number", decimals=ctx.digits), emphasis="subtotal"))
    if b.nka_predicate:
        body.append(row(text(""), text("Kategori"), Cell(b.nka_predicate, "text", "right",
                                                         source=f"{PERFORMANCE}:predikat")))
    return Table(
        "kinerja_anggaran",
        ctx.table_caption("kinerja_anggaran", f"Nilai Kinerja Anggaran Tahun {ctx.year_words}"),
        (2.2, 10.3, 3.0), (row(head("Kode"), head("Komponen"), head("Nilai")),), tuple(body))
