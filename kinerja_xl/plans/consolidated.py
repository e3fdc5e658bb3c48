"""The ministry workbook, planned: every figure of the consolidated LKj as a live formula over the unit inputs.

The workbook is planned first (:func:`plan_consolidated`): each sheet is a list of cells, and each
input, catalog constant and computed figure gets one *home* cell. Formulas are then rendered from the
engine's expressions (:mod:`kinerja_xl.plans.formulas`) with a resolver that maps every reference to
its home, so a figure shown twice is computed twice by the same expression and recalculation always
gives the Python value. Each formula also carries that value as its cached result, for viewers that do
not recalculate (pandas, calamine, previews). :mod:`kinerja_xl.render.consolidated` writes the plan.

Sheets, in reading order: Ringkasan (the capaian table), one sheet per sasaran (its indicators with their
history rows, then the breakdown), SKM (the surveys behind a node's value, per unit), Anggaran (only the
budget parts the catalog declares), Grafik, Data Grafik, Data (every input with its source cell) and
Validasi (the problems of the batch). Table numbers and titles come from the catalog (``laporan.tabel``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import __version__
from ..compute.engine import Computation
from ..ledger.history import ConsolidationHistory
from ..model import InputValue
from ..problems import Problem
from .chart_specs import BudgetRanges
from .charts import plan_chart_data
from .history_sheet import SHEET_HISTORY, plan_history, versions_line
from .consolidated_sheets import plan_budget, plan_data, plan_goal, plan_problems, plan_summary
from ..reading.safety import OUTPUT_MARKER
from ..unit_layout import period_label, period_span
from .consolidated_survey import plan_survey, survey_nodes, survey_sheet_name
from .sheet import WorkbookPlan

SHEET_SUMMARY = "Ringkasan"
SHEET_BUDGET = "Anggaran"
SHEET_CHARTS = "Grafik"
SHEET_CHART_DATA = "Data Grafik"
SHEET_DATA = "Data"
SHEET_PROBLEMS = "Validasi"


def goal_sheet_name(code: str) -> str:
    """``Sasaran SS1``: a plain code like ``SS1`` would read as a cell address in formulas."""
    return re.sub(r"[\[\]:*?/\\']", "-", f"Sasaran {code}")[:31]


def plan_consolidated(computation: Computation, values: Sequence[InputValue],
                      problems: Sequence[Problem], history: ConsolidationHistory | None = None) -> WorkbookPlan:
    """Lay out the whole workbook; homes are claimed in dependency-friendly order (inputs first). ``history``:
    the versions it is computed from (the *Riwayat* sheet, a line on *Ringkasan*)."""
    plan = WorkbookPlan(computation)
    catalog = computation.catalog
    summary = plan.sheet(SHEET_SUMMARY)
    goal_sheets = [plan.sheet(goal_sheet_name(g.code)) for g in catalog.goals]
    surveyed = survey_nodes(computation)
    survey_sheets = [(plan.sheet(survey_sheet_name(n, len(surveyed) == 1)), n) for n in surveyed]
    budget = plan.sheet(SHEET_BUDGET) if catalog.budget.declared else None
    charts = plan.sheet(SHEET_CHARTS)
    chart_data = plan.sheet(SHEET_CHART_DATA)
    data = plan.sheet(SHEET_DATA)
    validation = plan.sheet(SHEET_PROBLEMS)

    plan_data(data, computation, values)
    for sheet, goal in zip(goal_sheets, catalog.goals, strict=True):
        plan_goal(sheet, computation, goal)
    for sheet, node in survey_sheets:
        plan_survey(sheet, computation, node)
    ranges = plan_budget(budget, computation) if budget is not None else BudgetRanges()
    plan_summary(summary, computation)
    plan.charts = plan_chart_data(chart_data, computation, ranges)
    what = "Capaian Kinerja dan Anggaran" if budget is not None else "Capaian Kinerja"
    span = period_span(computation.year, computation.period)
    charts.text(1, 1, f"Grafik {what} {catalog.ministry} {span[:1].upper() + span[1:]}", "title")
    sources = f"{SHEET_CHART_DATA} dan {SHEET_BUDGET}" if budget is not None else SHEET_CHART_DATA
    charts.text(2, 1, f"Angka grafik dirujuk dari lembar {sources}.", "subtitle")
    plan_problems(validation, problems)
    if history is not None:
        plan_history(plan.sheet(SHEET_HISTORY), history, catalog.ministry, computation.year, computation.period,
                     computation.rounding.digits)
        last = summary.last_row()
        summary.text(last + 1, 1, f"Dihitung dari versi buku kerja unit: {versions_line(history) or '–'} "
                                  f"(rincian dan perubahan pada lembar {SHEET_HISTORY}).", "subtitle")
    plan.finish()  # every figure needs a cell, or formulas that use it could not be rendered
    c = computation
    plan.properties = {
        "title": f"{catalog.agency.report_title} Tahun {c.year}" + (
            f", {period_label(c.period)}" if c.period != "tahunan" else ""),
        "subject": f"Konsolidasi capaian kinerja dan anggaran (SAKIP) {period_span(c.year, c.period)}",
        "author": "kinerja_xl",
        "manager": catalog.ministry,
        "company": catalog.ministry,
        "category": f"SAKIP — {catalog.agency.report_name}",
        "keywords": f"{catalog.agency.report_short}, SAKIP, capaian kinerja, anggaran, konsolidasi",
        "comments": f"Dibuat oleh kinerja_xl {__version__} dari katalog {catalog.id} "
                    f"(Perjanjian Kinerja {catalog.agreement_version}).",
    }
    plan.custom_properties = {OUTPUT_MARKER: "konsolidasi", "kinerja_xl.katalog_id": catalog.id,
                              "kinerja_xl.katalog_hash": catalog.content_hash or "-",
                              "kinerja_xl.pembulatan": c.rounding.mode}
    if history is not None:
        for u in history.used:  # one property each: a property holds at most 255 characters
            plan.custom_properties[f"kinerja_xl.versi.{u.unit}"] = u.sha256
        if history.head:
            plan.custom_properties["kinerja_xl.buku_besar_sidik"] = history.head
    plan.bands = catalog.achievement_bands
    plan.page_header = (catalog.ministry, f"{catalog.agency.report_name} {c.year}" + (
        f" {period_label(c.period)}" if c.period != "tahunan" else ""))
    plan.active_sheet = SHEET_SUMMARY
    plan.lay_out()
    return plan


