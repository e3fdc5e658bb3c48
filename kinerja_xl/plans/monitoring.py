"""The monitoring workbook, planned: one year followed period by period (``kinerja-xl pantau``).

Every period with at least one readable file has its own computation (the consolidation of that period's
files) and is a *scope* of the plan: its inputs have their own column on the Data sheet and every figure
of the period is a live formula over that column, so recalculation gives, period by period, what the
consolidation of that period gives. A period without any file is shown as ``tidak ada berkas``, never
as zero. :mod:`kinerja_xl.render.consolidated` writes the plan, like the consolidated workbook.

Sheets, in reading order: Ringkasan (capaian, status and, with ``kategori_capaian``, category of the instansi
and each sasaran per period), Indikator (target, realisasi, capaian and status of each indicator per period),
Pengiriman (which unit sent which period, valid or not, with the file names), Grafik and Data Grafik, Rincian
(every step of the computation per period), Data (every input per period) and Validasi (the problems of every
file).
"""

from __future__ import annotations

from .. import __version__
from .consolidated_sheets import plan_problems
from .monitoring_charts import plan_monitoring_charts
from ..reading.safety import OUTPUT_MARKER
from ..unit_layout import period_label
from .monitoring_data import MonitoringData
from .monitoring_sheets import plan_figures, plan_indicators, plan_period_data, plan_submissions, plan_summary
from .sheet import WorkbookPlan

SHEET_SUMMARY = "Ringkasan"
SHEET_INDICATORS = "Indikator"
SHEET_SUBMISSIONS = "Pengiriman"
SHEET_CHARTS = "Grafik"
SHEET_CHART_DATA = "Data Grafik"
SHEET_FIGURES = "Rincian"
SHEET_DATA = "Data"
SHEET_PROBLEMS = "Validasi"

def plan_monitoring(data: MonitoringData) -> WorkbookPlan:
    """Lay out the whole workbook; inputs claim their homes first, then the tables, then the chart data."""
    catalog, year = data.catalog, data.year
    plan = WorkbookPlan(data.annual, scopes={p: run.computation for p, run in data.runs.items()})
    summary = plan.sheet(SHEET_SUMMARY)
    indicators = plan.sheet(SHEET_INDICATORS)
    submissions = plan.sheet(SHEET_SUBMISSIONS)
    charts = plan.sheet(SHEET_CHARTS)
    chart_data = plan.sheet(SHEET_CHART_DATA)
    figures = plan.sheet(SHEET_FIGURES)
    inputs = plan.sheet(SHEET_DATA)
    validation = plan.sheet(SHEET_PROBLEMS)

    plan_period_data(inputs, data)
    plan_indicators(indicators, data)
    plan_summary(summary, data)
    plan_submissions(submissions, data)
    plan.charts = plan_monitoring_charts(chart_data, data)
    charts.text(1, 1, f"Grafik Pemantauan Kinerja {catalog.ministry} Tahun {year}", "title")
    charts.text(2, 1, f"Capaian dan realisasi per periode (kumulatif sejak Januari); angka dirujuk dari lembar "
                f"{SHEET_CHART_DATA}. Periode tanpa berkas tidak digambar.", "subtitle")
    plan_figures(figures, data)
    plan_problems(validation, data.problems)
    plan.finish(complete=False)  # a period shows the figures of its tables, not every figure of the engine
    plan.chart_sheet, plan.active_sheet = SHEET_CHARTS, SHEET_SUMMARY
    shown = ", ".join(period_label(p) for p in data.periods)
    plan.properties = {
        "title": f"Pemantauan Kinerja {catalog.agency.report_title} Tahun {year}",
        "subject": f"Pemantauan capaian kinerja (SAKIP) tahun {year} per periode: {shown}",
        "author": "kinerja_xl",
        "manager": catalog.ministry,
        "company": catalog.ministry,
        "category": "SAKIP — pemantauan kinerja",
        "keywords": "SAKIP, pemantauan, rencana aksi, capaian kinerja, triwulan",
        "comments": f"Dibuat oleh kinerja_xl {__version__} dari katalog {catalog.id} "
                    f"(Perjanjian Kinerja {catalog.agreement_version}).",
    }
    plan.custom_properties = {OUTPUT_MARKER: "pemantauan", "kinerja_xl.katalog_id": catalog.id,
                              "kinerja_xl.katalog_hash": catalog.content_hash or "-",
                              "kinerja_xl.pembulatan": data.annual.rounding.mode,
                              "kinerja_xl.periode": ",".join(data.periods)}
    plan.bands = catalog.achievement_bands
    plan.page_header = (catalog.ministry, f"Pemantauan Kinerja {year}")
    plan.lay_out()
    return plan
