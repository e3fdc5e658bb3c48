"""Sheet planners of the ministry workbook (see :mod:`kinerja_xl.render.consolidated`).

Each function fills a :class:`~kinerja_xl.render.consolidated.SheetPlan`: text, catalog constants as
numbers, and computed figures as expressions (rendered as formulas later, once every home is known).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..catalog.schema import InputField, Node, Target, TargetBound, TargetRange
from ..catalog.schema import band_legend as catalog_band_legend
from ..compute.budget import PER_GOAL, PERFORMANCE, SPENDING, UNIT
from ..unit_layout import BUDGET_BLOCKS, budget_title, period_label, period_span, year_words
from ..compute.engine import field_expr as engine_field_expr
from ..compute.engine import MINISTRY, Computation, comparison_prefix, leaf_refs
from ..compute.expr import Cell, Expr, InputRef, ResultRef
from ..compute.survey import measure as survey_measure
from ..problems import Problem
from ..model import InputValue
from .chart_specs import BudgetRanges, Range
from .formats import INTEGER
from .sheet import NA, SheetPlan
from .validation_sheet import plan_validation_sheet


def field_expr(computation: Computation, f: InputField) -> Expr:
    return engine_field_expr(f, computation.scope)


#: The style of a summary row's category, by the style of its label.
PREDICATE_STYLES = {"sum_label": "sum_predicate", "total_label": "total_predicate"}


def _summary_row(sheet: SheetPlan, r: int, text: str, ref: ResultRef, label_style: str, value_style: str,
                 col: int = 6, ncols: int = 6, category: int | None = None) -> None:
    """An average/total row of the capaian table: the label, then the capaian in column ``col`` (and its
    category in column ``category``)."""
    sheet.text(r, 1, "", label_style)
    sheet.text(r, 2, text, label_style)
    for blank in range(3, ncols + 1):
        if blank != col:
            sheet.blank(r, blank, label_style)
    sheet.figure(r, col, ref, value_style, band=True)
    if category is not None:  # centred, as an indicator's category is (left, it ran into the capaian beside it)
        sheet.figure(r, category, ResultRef(ref.node, "kategori"), PREDICATE_STYLES[label_style])


#: Why a quarter's workbook gives no efficiency verdict.
QUARTER_EFFICIENCY = ("Efisiensi tidak dinilai untuk triwulan: realisasi anggaran adalah bagian dari pagu "
                      "setahun; efisiensi dinilai pada laporan tahunan.")


def run_table_title(computation: Computation, key: str, default: str, **words: object) -> str:
    """The catalog's title of table ``key`` for this run: ``{tahun}`` is the run's year (``2023 s.d. Triwulan
    II`` for a quarter), not only the catalog's."""
    return computation.catalog.table_title(key, default, tahun=year_words(computation.year, computation.period),
                                           tahun_lalu=computation.year - 1, **words)


def is_quarter(computation: Computation) -> bool:
    """A run of a (cumulative) quarter rather than of the whole year."""
    return computation.period != "tahunan"


def quarter_target(computation: Computation, node: Node) -> bool:
    """Whether the run's capaian of ``node`` is measured against its quarter's own target."""
    return computation.catalog.measured_target(node, computation.year, computation.period)[0] == "target_periode"


def quarter_note(computation: Computation) -> str:
    """What a quarter's table measures, under its title."""
    period = period_label(computation.period)
    return f"{period}: realisasi kumulatif sejak Januari; capaian terhadap target {period} (–: target tahunan)."


def _target_cell(sheet: SheetPlan, r: int, col: int, node: Node, target: Any, prefix: str) -> None:
    """A target: a number (a catalog constant with its home), or a range as text ``7–8``."""
    if isinstance(target, Decimal):
        sheet.constant(r, col, ResultRef(node.code, prefix), "pct")
    else:
        sheet.text(r, col, _target_text(target), "center")


def title_rows(sheet: SheetPlan, title: str, subtitle: str) -> None:
    sheet.text(1, 1, title, "title")
    sheet.heights[1] = 21
    sheet.text(2, 1, subtitle, "subtitle")


def uom_text(node: Node) -> str:
    """The unit of measure as a column shows it: its first letter capital, the rest as the catalog writes it
    (``per 1.000 KH`` stays, ``nilai`` becomes ``Nilai``)."""
    uom = node.unit_of_measure
    return uom if uom == "%" or uom[:1].isupper() or uom.startswith("per ") else uom[:1].upper() + uom[1:]


def _target_text(target: Any) -> str:
    return "" if target is None else str(target)


def band_legend(computation: Computation) -> str:
    return catalog_band_legend(computation.catalog.achievement_bands)


def legend_rows(sheet: SheetPlan, computation: Computation) -> int:
    """The lines above a capaian table, each on its own row (one long line runs off the printed page): the
    colours, the agency's capaian categories when the catalog declares them, a quarter's note. Returns the
    row of the table's header (5, or 6 when all three are there)."""
    lines = [band_legend(computation), catalog_band_legend(computation.catalog.categories, title="Kategori capaian"),
             quarter_note(computation) if is_quarter(computation) else ""]
    r = 3
    for line in (t for t in lines if t):
        sheet.text(r, 1, line, "subtitle")
        r += 1
    return max(GOAL_HEAD, r)


def comparison_rows(computation: Computation, ind: Node) -> list[tuple[str, str, Target]]:
    """(label, figure prefix, target of the year) of each pembanding the computation has a capaian against:
    shown under the indicator, beside its capaian, never in a mean."""
    out = []
    for i, comparison in enumerate(ind.comparisons, start=1):
        prefix = comparison_prefix(i)
        target = comparison.target_for(computation.year)
        if target is not None and ResultRef(ind.code, f"capaian_{prefix}") in computation.figures:
            out.append((f"Dibandingkan {comparison.name}", prefix, target))
    return out


def _comparison_rows(sheet: SheetPlan, computation: Computation, r: int, ind: Node, ncols: int, target: int,
                     capaian: int, category: int | None, target_high: int | None = None) -> int:
    """One row per pembanding of ``ind`` from row ``r``: its target in column ``target`` (a range's upper bound
    in ``target_high``), the capaian against it and its category; returns the next free row."""
    for label, prefix, value in comparison_rows(computation, ind):
        row_frame(sheet, r, ncols)
        sheet.text(r, 2, label, "group")
        if target_high is not None:
            _target_constants(sheet, r, target, target_high, ind.code, prefix, value)
        else:
            _target_cell(sheet, r, target, ind, value, prefix)
        sheet.figure(r, capaian, ResultRef(ind.code, f"capaian_{prefix}"), "pct", band=True)
        if category is not None:
            sheet.figure(r, category, ResultRef(ind.code, f"kategori_{prefix}"), "predicate")
        r += 1
    return r


def plan_summary(sheet: SheetPlan, computation: Computation) -> None:
    """The capaian table (the LKj's first table of chapter 3): target, realisasi and capaian per indicator,
    the sasaran means and the instansi's."""
    catalog, year = computation.catalog, computation.year
    title = run_table_title(computation, "capaian", "Capaian kinerja sasaran strategis tahun {tahun}")
    title_rows(sheet, f"{catalog.agency.report_title} Tahun {year}" + (
        f", {period_label(computation.period)}" if computation.period != "tahunan" else ""),
           f"{title} · Perjanjian Kinerja {catalog.agreement_version}")
    head = legend_rows(sheet, computation)
    quarter = is_quarter(computation)
    period = period_label(computation.period)
    titles = ["Kode", "Sasaran strategis / indikator kinerja", "Satuan"]
    titles += [f"Target {period}", f"Target {year}", f"Realisasi s.d. {period}", "% Capaian",
               f"% thd target {year}"] if quarter else [f"Target {year}", f"Realisasi {year}", "% Capaian"]
    category = len(titles) + 1 if catalog.categories else None
    ncols, capaian_col = len(titles) + (1 if category else 0), 7 if quarter else 6
    sheet.widths_from([11, 70, 10, 12, 12, 12, 12, 12][:len(titles)] + ([16] if category else []))
    sheet.one_page = True
    sheet.header(head, titles + (["Kategori"] if category else []))
    sheet.freeze, sheet.repeat = (head + 1, 3), (head, head)
    r = head + 1
    for goal in catalog.goals:
        sheet.text(r, 1, goal.code, "goal_code")
        sheet.text(r, 2, goal.name, "goal")
        for col in range(3, ncols + 1):
            sheet.blank(r, col, "goal_blank")
        r += 1
        for ind in goal.children:
            sheet.text(r, 1, ind.code, "code")
            sheet.text(r, 2, ind.name, "text")
            sheet.text(r, 3, uom_text(ind), "center")
            target = ind.target_for(year)
            if not quarter:
                if isinstance(target, Decimal):
                    sheet.number(r, 4, target, "pct")
                else:
                    sheet.text(r, 4, _target_text(target), "center")
                sheet.figure(r, 5, ResultRef(ind.code, "realisasi"), "pct")
                sheet.figure(r, 6, ResultRef(ind.code, "capaian"), "pct", band=True)
            else:
                own = quarter_target(computation, ind)
                if own:
                    _target_cell(sheet, r, 4, ind, ind.period_target(computation.period), "target_periode")
                else:
                    sheet.text(r, 4, "–", "center")  # no quarter target: measured against the year's
                _target_cell(sheet, r, 5, ind, target, "target")
                sheet.figure(r, 6, ResultRef(ind.code, "realisasi"), "pct")
                sheet.figure(r, 7, ResultRef(ind.code, "capaian"), "pct", band=True)
                # progress towards the year's target: not coloured by the capaian bands (70 % at mid-year is
                # on course, not "belum tercapai")
                sheet.figure(r, 8, ResultRef(ind.code, "capaian_tahunan" if own else "capaian"), "pct")
            if category:
                sheet.figure(r, category, ResultRef(ind.code, "kategori"), "predicate")
            r = _comparison_rows(sheet, computation, r + 1, ind, ncols, 5 if quarter else 4, capaian_col, category)
        _summary_row(sheet, r, f"Rata-rata capaian {goal.code}", ResultRef(goal.code, "capaian"),
                     "sum_label", "sum_pct", capaian_col, ncols, category)
        r += 1
    _summary_row(sheet, r, f"Capaian kinerja {catalog.ministry} {period_span(year, computation.period)}",
                 ResultRef(MINISTRY, "capaian"), "total_label", "pct_total", capaian_col, ncols, category)
    sheet.heights[r] = 20
    rows = [("Pagu anggaran (Rp)", ResultRef(SPENDING, "total.pagu"), "rupiah"),
            ("Realisasi anggaran (Rp)", ResultRef(SPENDING, "total.realisasi"), "rupiah"),
            ("% Realisasi anggaran", ResultRef(SPENDING, "total.persen"), "pct"),
            ("Nilai Kinerja Anggaran", ResultRef(PERFORMANCE, "nilai"), "pct"),
            ("Kategori Nilai Kinerja Anggaran", ResultRef(PERFORMANCE, "predikat"), "predicate")]
    rows = [row for row in rows if row[1] in computation.figures]  # only the budget parts the catalog declares
    if rows:
        r += 2
        sheet.text(r, 2, "Ringkasan anggaran (rincian pada lembar Anggaran)", "bold")
    for label, ref, style in rows:
        r += 1
        sheet.text(r, 2, label, "text")
        sheet.merges.append((r, 4, r, ncols, style))
        sheet.figure(r, 4, ref, style)
    notes = []
    if catalog.budget.has_per_goal and quarter:
        notes.append("Efisiensi tidak dinilai untuk triwulan (lihat lembar Anggaran).")
    elif catalog.budget.has_per_goal:
        label = catalog.table_label("efisiensi")
        notes.append(f"Efisiensi per sasaran: lihat {label + ' pada ' if label else ''}lembar Anggaran.")
    notes.append("Semua angka adalah rumus yang merujuk lembar Data; sel kosong berarti isian belum lengkap.")
    sheet.text(r + 2, 1, " ".join(notes), "subtitle")


def plan_goal(sheet: SheetPlan, computation: Computation, goal: Node) -> None:
    """The goal's indicators (history, target, capaian, kenaikan, final Renstra target) and, in the same
    columns so one header serves every printed page, the breakdown (sub indicators, components, groups)."""
    catalog, year = computation.catalog, computation.year
    final = catalog.renstra[1]
    number = catalog.goals.index(goal) + 1
    table = run_table_title(computation, f"sasaran:{goal.code}", "Realisasi dan capaian indikator kinerja {kode}",
                                kode=goal.code, nama=goal.name, nomor=number)
    below = "; di bawahnya rincian sub indikator, komponen dan kelompok" if any(
        ind.children or ind.groups for ind in goal.children) else ""
    title_rows(sheet, f"Sasaran Strategis {number} ({goal.code}): {goal.name}", table + below)
    head = legend_rows(sheet, computation)
    if is_quarter(computation):
        _plan_goal_quarter(sheet, computation, goal, head)
        return
    inds = list(goal.children)
    years = sorted({y for n in goal.walk() for y in n.history if y < year})
    ranged = any(isinstance(ind.target_for(y), TargetRange) for ind in inds for y in (year, final)) or any(
        isinstance(t, TargetRange) for ind in inds for _, _, t in comparison_rows(computation, ind))
    cols = [("Kode", 11), ("Indikator kinerja / uraian", 52), ("Satuan", 10)]
    cols += [(f"Realisasi {y}", 11) for y in years]
    cols += [(f"Target {year}", 11)] + ([(f"Target {year} (batas atas)", 11)] if ranged else [])
    cols += [(f"Realisasi {year}", 11), (f"% Capaian {year}", 11)]
    cols += [("Kategori", 14)] if catalog.categories else []
    cols += [(f"% Kenaikan {year - 1}–{year}", 12)]
    if final != year:
        cols += [(f"Target {final} (akhir Renstra)", 12)] + ([(f"Target {final} (batas atas)", 11)] if ranged else [])
        cols += [(f"% Capaian thd target {final}", 12)]
    predicates = _goal_head(sheet, inds, cols, head)
    col_of = {t: i for i, (t, _) in enumerate(cols, start=1)}
    category = col_of.get("Kategori")
    r = head + 1
    for ind in inds:
        _indicator_lead(sheet, r, len(cols), ind)
        for y in years:
            sheet.constant(r, col_of[f"Realisasi {y}"], ResultRef(ind.code, f"realisasi_{y}"))
        for y, prefix in ((year, "target"), (final, "target_akhir")):
            if y == year and prefix == "target_akhir":
                continue
            label = f"Target {y}" if y == year else f"Target {final} (akhir Renstra)"
            _target_constants(sheet, r, col_of[label], col_of.get(f"Target {y} (batas atas)"), ind.code, prefix,
                              ind.target_for(y))
        sheet.figure(r, col_of[f"Realisasi {year}"], ResultRef(ind.code, "realisasi"))
        sheet.figure(r, col_of[f"% Capaian {year}"], ResultRef(ind.code, "capaian"), band=True)
        if category:
            sheet.figure(r, category, ResultRef(ind.code, "kategori"), "predicate")
        sheet.figure(r, col_of[f"% Kenaikan {year - 1}–{year}"], ResultRef(ind.code, "kenaikan"))
        if final != year:
            sheet.figure(r, col_of[f"% Capaian thd target {final}"], ResultRef(ind.code, "capaian_akhir"), band=True)
        if predicates:
            sheet.figure(r, col_of["Predikat"], ResultRef(ind.code, "predikat"), "predicate")
        r = _comparison_rows(sheet, computation, r + 1, ind, len(cols), col_of[f"Target {year}"],
                             col_of[f"% Capaian {year}"], category, col_of.get(f"Target {year} (batas atas)"))
    row_frame(sheet, r, len(cols), "sum_label")
    sheet.text(r, 2, f"Capaian sasaran {goal.code} (rata-rata capaian indikator)", "sum_label")
    sheet.figure(r, col_of[f"% Capaian {year}"], ResultRef(goal.code, "capaian"), "sum_pct", band=True)
    if category:
        sheet.figure(r, category, ResultRef(goal.code, "kategori"), "sum_predicate")
    def own_target(r: int, node: Node) -> None:
        _target_constants(sheet, r, col_of[f"Target {year}"], col_of.get(f"Target {year} (batas atas)"), node.code,
                          "target", node.target_for(year))
        sheet.figure(r, col_of[f"% Capaian {year}"], ResultRef(node.code, "capaian"), band=True)

    _plan_breakdown(sheet, computation, goal, r + 2, years, col_of[f"Realisasi {year}"], col_of.get("Predikat"),
                    len(cols), own_target)


#: The header row of a goal sheet's table (title, subtitle, legend and a note above it).
GOAL_HEAD = 5


def _goal_head(sheet: SheetPlan, inds: list[Node], cols: list[tuple[str, int]], head: int = GOAL_HEAD) -> bool:
    """Widths, header, frozen panes and print titles of a goal table; a Predikat column (appended to
    ``cols``) when a node of its indicators has a predicate, which is returned."""
    predicates = any(n.predicate for ind in inds for n in ind.walk())
    if predicates:
        cols += [("Predikat", 16)]
    sheet.widths_from([w for _, w in cols])
    sheet.header(head, [t for t, _ in cols], height=45)
    sheet.freeze, sheet.repeat = (head + 1, 3), (head, head)
    return predicates


def _indicator_lead(sheet: SheetPlan, r: int, ncols: int, ind: Node) -> None:
    """A bordered row with the indicator's code, name and unit of measure."""
    row_frame(sheet, r, ncols)
    sheet.text(r, 1, ind.code, "code")
    sheet.text(r, 2, ind.name, "text")
    sheet.text(r, 3, uom_text(ind), "center")


def _plan_goal_quarter(sheet: SheetPlan, computation: Computation, goal: Node, head: int = GOAL_HEAD) -> None:
    """A quarter's goal sheet: the target used (the quarter's own, else the year's), the year's target, the
    cumulative realisasi, the capaian and the % of the annual target; no comparison with earlier whole years.
    Each pembanding (a yearly reference) sits under the year's target."""
    year, period = computation.year, period_label(computation.period)
    inds = list(goal.children)
    ranged = any(isinstance(t, TargetRange) for ind in inds
                 for t in (ind.target_for(year), ind.period_target(computation.period))) or any(
        isinstance(t, TargetRange) for ind in inds for _, _, t in comparison_rows(computation, ind))
    cols = [("Kode", 11), ("Indikator kinerja / uraian", 52), ("Satuan", 10), (f"Target {period}", 11),
            (f"Target {year}", 11), (f"Realisasi s.d. {period}", 12), ("% Capaian", 11),
            (f"% thd target {year}", 12)] + ([("Kategori", 14)] if computation.catalog.categories else [])
    category = 9 if computation.catalog.categories else None
    predicates = _goal_head(sheet, inds, cols, head)
    predicate = len(cols) if predicates else None
    r = head + 1
    for ind in inds:
        _indicator_lead(sheet, r, len(cols), ind)
        own = quarter_target(computation, ind)
        if own:
            _target_cell(sheet, r, 4, ind, ind.period_target(computation.period), "target_periode")
        else:
            sheet.text(r, 4, "–", "center")
        target = ind.target_for(year)
        if target is not None:
            _target_cell(sheet, r, 5, ind, target, "target")
        sheet.figure(r, 6, ResultRef(ind.code, "realisasi"))
        sheet.figure(r, 7, ResultRef(ind.code, "capaian"), band=True)
        sheet.figure(r, 8, ResultRef(ind.code, "capaian_tahunan" if own else "capaian"))  # progress: no band
        if category:
            sheet.figure(r, category, ResultRef(ind.code, "kategori"), "predicate")
        if predicate:
            sheet.figure(r, predicate, ResultRef(ind.code, "predikat"), "predicate")
        r = _comparison_rows(sheet, computation, r + 1, ind, len(cols), 5, 7, category)
    row_frame(sheet, r, len(cols), "sum_label")
    sheet.text(r, 2, f"Capaian sasaran {goal.code} (rata-rata capaian indikator)", "sum_label")
    sheet.figure(r, 7, ResultRef(goal.code, "capaian"), "sum_pct", band=True)
    if category:
        sheet.figure(r, category, ResultRef(goal.code, "kategori"), "sum_predicate")
    if ranged:
        sheet.text(r + 1, 2, "Target berupa rentang ditulis batas bawah–batas atas.", "subtitle")
    def own_target(r: int, node: Node) -> None:
        own = quarter_target(computation, node)
        if own:
            _target_cell(sheet, r, 4, node, node.period_target(computation.period), "target_periode")
        target = node.target_for(year)
        if target is not None:
            _target_cell(sheet, r, 5, node, target, "target")
        sheet.figure(r, 7, ResultRef(node.code, "capaian"), band=True)
        sheet.figure(r, 8, ResultRef(node.code, "capaian_tahunan" if own else "capaian"))

    _plan_breakdown(sheet, computation, goal, r + 3, [], 6, predicate, len(cols), own_target)


def _target_constants(sheet: SheetPlan, r: int, col: int, col_high: int | None, code: str, prefix: str,
                      target: Target | None) -> None:
    """A target as catalog constants (the cells formulas read): a range's bounds in ``col`` and ``col_high``;
    a one-sided target as its text (``< 10``; formulas use the bound itself)."""
    if isinstance(target, TargetRange):
        sheet.constant(r, col, ResultRef(code, f"{prefix}_bawah"))
        if col_high is not None:
            sheet.constant(r, col_high, ResultRef(code, f"{prefix}_atas"))
    elif isinstance(target, TargetBound):
        sheet.text(r, col, str(target), "center")
    else:
        sheet.constant(r, col, ResultRef(code, prefix))


def row_frame(sheet: SheetPlan, r: int, ncols: int, style: str = "pct") -> None:
    """Bordered empty cells across a table row (cells written afterwards replace them)."""
    for col in range(1, ncols + 1):
        sheet.blank(r, col, style)


def _plan_breakdown(sheet: SheetPlan, computation: Computation, goal: Node, r: int, years: list[int],
                    realisasi: int, predicate: int | None, ncols: int,
                    own_target: Callable[[int, Node], None]) -> None:
    """Rows of the sub indicators, components and groups below the goal's table: realisasi in column
    ``realisasi``, earlier years in columns 4… (``years``), a predicate in column ``predicate``; a sub
    indicator or component with a target of its own gets it and its capaian from ``own_target`` (row, node),
    in the goal table's columns."""
    inds = [ind for ind in goal.children if ind.children or ind.groups]
    if not inds:
        return
    sheet.merges.append((r, 1, r, ncols, "section"))
    sheet.text(r, 1, run_table_title(computation,
        f"rincian:{goal.code}", "Rincian realisasi sub indikator, komponen dan kelompok {kode}", kode=goal.code,
        nama=goal.name), "section")
    r += 1
    history_col = {y: 4 + i for i, y in enumerate(years)}  # the goal table's "Realisasi <year>" columns
    styles = {0: "node", 1: "sub", 2: "component"}
    for ind in inds:
        for node, depth in _walk_depth(ind):
            row_frame(sheet, r, ncols)
            sheet.text(r, 1, node.code, "code")
            sheet.text(r, 2, node.name, styles.get(depth, "component"))
            sheet.text(r, 3, uom_text(node), "center")
            for y in years:
                if y in node.history:
                    value = node.history[y]
                    if value is None:
                        sheet.text(r, history_col[y], NA, "na")
                    else:
                        sheet.number(r, history_col[y], value)
            sheet.figure(r, realisasi, ResultRef(node.code, "realisasi"))
            if depth and ResultRef(node.code, "capaian") in computation.figures:
                own_target(r, node)
            if predicate:
                sheet.figure(r, predicate, ResultRef(node.code, "predikat"), "predicate")
            r += 1
            fields = {f.key: f for f in node.inputs(computation.period)}
            for g in node.groups:
                if is_quarter(computation) and ResultRef(node.code, f"rasio.{g.code}") not in computation.figures \
                        and f"{g.code}.nilai" not in fields:
                    continue  # a month after the quarter: no figure, no empty row
                row_frame(sheet, r, ncols)
                sheet.text(r, 2, g.name, "group")
                sheet.text(r, 3, uom_text(node), "center")
                if node.surveyed(computation.period):  # the group's IKM, from its unit's survey (sheet SKM)
                    sheet.expression(r, realisasi, Cell(ResultRef(node.code, survey_measure(g.code, "ikm"))),
                                     computation.value(node.code, survey_measure(g.code, "ikm")), "pct")
                elif not sheet.figure(r, realisasi, ResultRef(node.code, f"rasio.{g.code}")) \
                        and f"{g.code}.nilai" in fields:
                    sheet.field_value(r, realisasi, field_expr(computation, fields[f"{g.code}.nilai"]), "pct")
                if predicate:
                    sheet.figure(r, predicate, ResultRef(node.code, f"predikat.{g.code}"), "predicate")
                r += 1


def _walk_depth(node: Node, depth: int = 0) -> Iterable[tuple[Node, int]]:
    yield node, depth
    for child in node.children:
        yield from _walk_depth(child, depth + 1)


def plan_budget(sheet: SheetPlan, computation: Computation) -> BudgetRanges:
    """The budget tables the catalog declares (ceilings per unit, spending types, per sasaran with its
    efficiency, the budget performance value), each titled from the catalog; returns the ranges the
    charts use."""
    catalog, year = computation.catalog, computation.year
    budget = catalog.budget
    fields = {(f.node, f.key): f for f in budget.fields(catalog.units, catalog.goals)}
    ranges = BudgetRanges()
    name = sheet.name
    title_rows(sheet, f"Anggaran {catalog.ministry} Tahun {year}",
           "Rupiah penuh; persentase dua desimal. Sel isian dirujuk dari lembar Data.")
    sheet.widths_from([11, 48, 23, 23, 13, 13, 14])
    sheet.one_page = True

    def value(r: int, col: int, node: str, key: str, style: str) -> None:
        f = fields.get((node, key))
        if f is None:
            sheet.blank(r, col, style)
        else:
            sheet.field_value(r, col, field_expr(computation, f), style)

    def total_row(r: int, label: str) -> None:
        sheet.text(r, 1, "", "sum_label")
        sheet.text(r, 2, label, "sum_label")

    r = 1  # the row after the last table; each table starts three rows below
    if budget.has_ceilings:
        r += 3
        sheet.text(r, 1, run_table_title(computation, "pagu_unit", "Pagu anggaran per {sebutan_unit} tahun {tahun}"),
                   "bold")
        sheet.header(r + 1, ["Kode", catalog.agency.unit_term, "Pagu awal (Rp)", "Pagu akhir (Rp)"])
        first = r = r + 2
        for unit in catalog.units:
            if unit.code not in budget.ceiling_units:
                continue
            sheet.text(r, 1, unit.code, "code")
            sheet.text(r, 2, unit.name, "text")
            value(r, 3, UNIT, f"{unit.code}.pagu_awal", "rupiah")
            value(r, 4, UNIT, f"{unit.code}.pagu_akhir", "rupiah")
            r += 1
        ranges.unit_codes = Range(name, first, 1, r - 1, 1)
        ranges.pagu_awal, ranges.pagu_akhir = Range(name, first, 3, r - 1, 3), Range(name, first, 4, r - 1, 4)
        total_row(r, "Jumlah")
        sheet.figure(r, 3, ResultRef(UNIT, "total.pagu_awal"), "sum_rupiah")
        sheet.figure(r, 4, ResultRef(UNIT, "total.pagu_akhir"), "sum_rupiah")

    if budget.has_spending:
        r += 3
        sheet.text(r, 1, run_table_title(computation, "belanja",
                                         "Pagu dan realisasi anggaran per jenis belanja tahun {tahun}"),
                   "bold")
        # a spending type's code is the catalog's key (``barang_jasa``), not a word a reader knows: numbered
        sheet.header(r + 1, ["No", "Jenis belanja", "Pagu (Rp)", "Realisasi (Rp)", "% Realisasi"])
        first = r = r + 2
        for i, t in enumerate(budget.spending_types, start=1):
            sheet.number(r, 1, Decimal(i), "num:0")
            sheet.text(r, 2, t.name, "text")
            value(r, 3, SPENDING, f"{t.code}.pagu", "rupiah")
            value(r, 4, SPENDING, f"{t.code}.realisasi", "rupiah")
            sheet.figure(r, 5, ResultRef(SPENDING, f"persen.{t.code}"))
            r += 1
        ranges.spending_names = Range(name, first, 2, r - 1, 2)
        ranges.spending_percent = Range(name, first, 5, r - 1, 5)
        total_row(r, "Jumlah")
        sheet.figure(r, 3, ResultRef(SPENDING, "total.pagu"), "sum_rupiah")
        sheet.figure(r, 4, ResultRef(SPENDING, "total.realisasi"), "sum_rupiah")
        sheet.figure(r, 5, ResultRef(SPENDING, "total.persen"), "sum_pct")

    if budget.has_per_goal:
        r += 3
        sheet.text(r, 1, run_table_title(computation,
            "efisiensi", "Capaian kinerja dan realisasi anggaran per sasaran strategis tahun {tahun}"), "bold")
        sheet.header(r + 1, ["Kode", "Sasaran strategis", "Pagu (Rp)", "Realisasi (Rp)", "% Realisasi anggaran",
                             "% Capaian kinerja", "Keterangan"], height=45)
        first = r = r + 2
        for goal in catalog.goals:
            sheet.text(r, 1, goal.code, "code")
            sheet.text(r, 2, goal.name, "text")
            value(r, 3, PER_GOAL, f"{goal.code}.pagu", "rupiah")
            value(r, 4, PER_GOAL, f"{goal.code}.realisasi", "rupiah")
            sheet.figure(r, 5, ResultRef(PER_GOAL, f"persen.{goal.code}"))
            sheet.figure(r, 6, ResultRef(goal.code, "capaian"), band=True)
            sheet.figure(r, 7, ResultRef(PER_GOAL, f"efisiensi.{goal.code}"), "predicate")
            r += 1
        ranges.goal_codes = Range(name, first, 1, r - 1, 1)
        ranges.goal_budget, ranges.goal_capaian = Range(name, first, 5, r - 1, 5), Range(name, first, 6, r - 1, 6)
        sheet.text(r, 2, QUARTER_EFFICIENCY if is_quarter(computation) else
                   "Efisien: % realisasi anggaran lebih kecil dari % capaian kinerja.", "subtitle")

    if budget.has_performance:
        r += 3
        sheet.text(r, 1, run_table_title(computation, "kinerja_anggaran", "Nilai Kinerja Anggaran tahun {tahun}"),
                   "bold")
        sheet.header(r + 1, ["Kode", "Komponen", "Nilai"])
        r += 2
        for comp in budget.performance_components:
            sheet.text(r, 1, comp.code, "code")
            sheet.text(r, 2, comp.name, "text")
            value(r, 3, PERFORMANCE, f"{comp.code}.nilai", "pct")
            r += 1
        total_row(r, "Nilai Kinerja Anggaran (rata-rata komponen)")
        sheet.figure(r, 3, ResultRef(PERFORMANCE, "nilai"), "sum_pct")
        if budget.performance_predicate:
            total_row(r + 1, "Kategori")
            sheet.figure(r + 1, 3, ResultRef(PERFORMANCE, "predikat"), "predicate")
    return ranges


def decimals_format(f: InputField | None, value: Decimal | None) -> str:
    if f is not None and f.kind == "bulat" and (value is None or value == value.to_integral_value()):
        return "num:" + INTEGER
    places = max(2, -int(value.as_tuple().exponent)) if value is not None else 2  # type: ignore[operator]
    return "num:#,##0." + "0" * min(places, 10)


#: The widest the Data sheet's Berkas column grows to show a file's name on one line (characters).
FILE_WIDTH = 60


def plan_data(sheet: SheetPlan, computation: Computation, values: Sequence[InputValue]) -> None:
    """One row per input figure (catalog order), with its source; empty rows for fields not supplied."""
    catalog = computation.catalog
    title_rows(sheet, f"Data isian unit — {catalog.ministry} Tahun {computation.year}",
           "Setiap angka hitungan pada lembar lain merujuk sel Nilai di lembar ini. Berkas, lembar dan sel "
           "menunjukkan asal angka pada buku kerja unit.")
    titles = ["No", "Kode simpul", "Uraian simpul", "Isian", "Label isian", "Unit", "Nilai", "Berkas", "Lembar",
              "Sel", "Keterangan"]
    sheet.widths_from([5, 12, 44, 20, 32, 11, 19, 36, 10, 7, 14])
    head = 4
    sheet.header(head, titles)
    sheet.freeze, sheet.repeat = (head + 1, 3), (head, head)
    by_field = {(f.node, f.key): f for f in catalog.input_fields()}
    sources = {v.ref: v for v in values}
    refs = data_order(computation, list(dict.fromkeys([*leaf_refs(catalog, computation.period),
                                                        *computation.inputs, *sources])))
    r, previous = head, ""
    for i, ref in enumerate(refs, start=1):
        r += 1
        f = by_field.get((ref.node, ref.key))
        number = computation.inputs.get(ref)
        source = sources.get(ref)
        sheet.number(r, 1, Decimal(i), "num:0")
        sheet.text(r, 2, ref.node, "code")
        # The node name heads its first row only: repeated on every field it would triple the sheet.
        sheet.text(r, 3, node_name(computation, ref.node) if ref.node != previous else "", "text")
        previous = ref.node
        sheet.text(r, 4, ref.key, "cell_top")
        sheet.text(r, 5, field_label(computation, f) if f else "", "text")
        sheet.text(r, 6, ref.unit, "cell_top")
        sheet.number(r, 7, number, decimals_format(f, number))
        sheet.home(ref, r, 7)
        sheet.text(r, 8, source.source.file if source else "", "text")
        sheet.text(r, 9, source.source.sheet if source else "", "cell_top")
        sheet.text(r, 10, source.source.cell if source else "", "cell_top")
        note = "" if number is not None else ("Wajib, belum diisi" if f is None or f.required else "Tidak diisi")
        sheet.text(r, 11, note, "peringatan" if note.startswith("Wajib") else "cell_top")
    sheet.widen(4)  # the longest key (a survey's counts: 'REHSOS.survei.responden')
    # a file's name on one line where it fits a page (a wrapped name doubled its every row on a printed page)
    sheet.widen(8, "text", most=FILE_WIDTH)
    sheet.autofilter = (head, 1, max(r, head + 1), len(titles))


def data_order(computation: Computation, refs: list[InputRef]) -> list[InputRef]:
    """Catalog order, except that a peak-period node lists all numerators, then all denominators:
    its formula reads each series as one contiguous range (INDEX/MATCH)."""
    peak = {n.code for n in computation.catalog.walk() if n.method == "periode_puncak"}
    position = {ref: i for i, ref in enumerate(refs)}
    first: dict[str, int] = {}
    for ref in refs:
        first.setdefault(ref.node, position[ref])

    def key(ref: InputRef) -> tuple[int, int, int]:
        if ref.node in peak:
            return first[ref.node], 0 if ref.key.endswith(".pembilang") else 1, position[ref]
        return first[ref.node], 0, position[ref]

    return sorted(refs, key=key)


def node_name(computation: Computation, code: str) -> str:
    if code in BUDGET_BLOCKS:
        return budget_title(computation.catalog, code)
    try:
        return computation.catalog.node(code).name
    except KeyError:
        return ""


def field_label(computation: Computation, f: InputField) -> str:
    if f.group is None:
        return f.label
    catalog = computation.catalog
    if f.node == UNIT:
        name = next((u.name for u in catalog.units if u.code == f.group), f.group)
    elif f.node == SPENDING:
        name = next((t.name for t in catalog.budget.spending_types if t.code == f.group), f.group)
    elif f.node == PERFORMANCE:
        name = next((c.name for c in catalog.budget.performance_components if c.code == f.group), f.group)
    else:  # a tree node's group; a sasaran's budget row is named by its code
        name = f.group if f.node == PER_GOAL else catalog.group_name(f.node, f.group)
    return f"{name} — {f.label}"


def plan_problems(sheet: SheetPlan, problems: Sequence[Problem]) -> None:
    """Every problem of the batch (the *Validasi* sheet's plan, with the file of each); text stays text."""
    plan = plan_validation_sheet(problems, with_file=True)
    title_rows(sheet, plan.title, plan.summary)
    sheet.widths_from(plan.widths)
    head = plan.header_row
    sheet.header(head, plan.headers)
    sheet.freeze, sheet.repeat = (head + 1, 3), (head, head)
    severity = plan.severity_column
    r = head
    for row in plan.rows:
        r += 1
        for col, value in enumerate(row.values, start=1):
            if isinstance(value, int):
                sheet.number(r, col, Decimal(value), "num:0")
            else:
                sheet.text(r, col, value, row.severity if col == severity else "text")
    if not plan.rows:
        r += 1
        sheet.text(r, 1, plan.empty_text, "note")
    sheet.autofilter = (head, 1, max(r, head + 1), len(plan.headers))
