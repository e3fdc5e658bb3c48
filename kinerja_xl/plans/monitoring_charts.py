"""The helper tables of the monitoring workbook's charts (sheet *Data Grafik*) and their chart specs.

Capaian per period of the instansi and of each sasaran (with the 100 % line), then per indicator its
cumulative realisasi against the target of each period. A period without files is an empty cell, so a
chart shows a gap there, never a zero.
"""

from __future__ import annotations

from decimal import Decimal

from ..catalog.schema import Node, TargetRange, target_value
from ..compute.engine import MINISTRY
from ..compute.expr import ResultRef
from .chart_specs import HUNDRED, PALETTE, PRIMARY, TARGET_LINE, ChartSpec, Range, Series
from ..unit_layout import period_label
from .monitoring_data import MonitoringData, target_of
from .sheet import SheetPlan


def plan_monitoring_charts(sheet: SheetPlan, data: MonitoringData) -> list[ChartSpec]:
    """Fill the helper sheet and return the chart specs, in the order they appear on *Grafik*."""
    catalog, year = data.catalog, data.year
    name, periods = sheet.name, data.periods
    sheet.widths.update({1: 14, 2: 52, **{3 + j: 12 for j in range(len(periods))}})
    sheet.text(1, 1, "Data Grafik", "title")
    sheet.text(2, 1, "Tabel bantu yang dirujuk grafik pada lembar Grafik; angka dihitung dengan rumus yang sama "
               "seperti pada lembar Ringkasan dan Indikator. Sel kosong: periode tanpa berkas.", "subtitle")
    specs: list[ChartSpec] = []
    last_col = 2 + len(periods)

    def header(row: int, title: str, what: str) -> Range:
        sheet.text(row, 1, title, "bold")
        sheet.text(row + 1, 1, "Kode", "header")
        sheet.text(row + 1, 2, what, "header")
        for j, period in enumerate(periods):
            sheet.text(row + 1, 3 + j, period_label(period), "header")
        return Range(name, row + 1, 3, row + 1, last_col)

    def figure_row(r: int, code: str, text: str, measure: str) -> Range:
        sheet.text(r, 1, code, "code")
        sheet.text(r, 2, text, "text")
        for j, period in enumerate(periods):
            if data.run(period) is None:
                sheet.blank(r, 3 + j, "pct")
            else:
                sheet.figure(r, 3 + j, ResultRef(code, measure), "pct", band=measure == "capaian", scope=period)
        return Range(name, r, 3, r, last_col)

    def number_row(r: int, text: str, values: list[Decimal | None]) -> Range:
        sheet.text(r, 1, "", "code")
        sheet.text(r, 2, text, "text")
        for j, value in enumerate(values):
            sheet.number(r, 3 + j, value, "pct")
        return Range(name, r, 3, r, last_col)

    # 1. and 2. Capaian of the instansi and of each sasaran per period, against the 100 % line.
    cats = header(4, f"Capaian kinerja per periode tahun {year}", "Uraian")
    ministry = figure_row(6, MINISTRY, f"% Capaian kinerja {catalog.ministry}", "capaian")
    goals = [figure_row(7 + i, g.code, g.name, "capaian") for i, g in enumerate(catalog.goals)]
    hundred = number_row(7 + len(catalog.goals), "Target 100", [HUNDRED] * len(periods))
    line = (Series("Target 100%", cats, hundred, TARGET_LINE, dashed=True),)
    specs.append(ChartSpec(
        "pantau_instansi", f"Capaian Kinerja {catalog.agency.kind_label} per Periode Tahun {year} (%)", "column",
        (Series(f"% Capaian {catalog.agency.kind_label}", cats, ministry, PRIMARY, labels=True),), line,
        x_title="Periode (kumulatif)", y_title="% capaian"))
    specs.append(ChartSpec(
        "pantau_sasaran", f"Capaian Kinerja per Sasaran per Periode Tahun {year} (%)", "column",
        tuple(Series(g.code, cats, goals[i], PALETTE[i % len(PALETTE)], labels=True)
              for i, g in enumerate(catalog.goals)), line,
        x_title="Periode (kumulatif)", y_title="% capaian"))

    # 3. Each indicator's cumulative realisasi against the target of each period (a range: both bounds).
    r = 10 + len(catalog.goals)
    for goal in catalog.goals:
        for ind in goal.children:
            cats = header(r, f"Realisasi dan target {ind.code} per periode", "Uraian")
            realisasi = figure_row(r + 2, ind.code, ind.name, "realisasi")
            targets = _target_rows(data, ind)
            rows = [number_row(r + 3 + i, label, values) for i, (label, values) in enumerate(targets)]
            title = f"Realisasi dan Target {ind.code} per Periode Tahun {year} ({ind.unit_of_measure})"
            specs.append(ChartSpec(
                f"pantau_{ind.code}", title, "column", (Series("Realisasi", cats, realisasi, PRIMARY, labels=True),),
                tuple(Series(label, cats, row, TARGET_LINE, dashed=True) for (label, _), row in zip(
                    targets, rows, strict=True)),
                x_title="Periode (kumulatif)", y_title=f"Realisasi ({ind.unit_of_measure})"))
            r += 5 + len(rows)
    sheet.last_col = max(sheet.last_col, last_col)
    return specs


def _target_rows(data: MonitoringData, ind: Node) -> list[tuple[str, list[Decimal | None]]]:
    """The target line(s) of an indicator's chart: the target each period is measured against."""
    low: list[Decimal | None] = []
    high: list[Decimal | None] = []
    for period in data.periods:
        target = target_of(data, ind, period)[1]
        if isinstance(target, TargetRange):
            low.append(target.low)
            high.append(target.high)
        else:
            value = target_value(target)  # a one-sided target: its bound
            low.append(value)
            high.append(value)
    if low == high:
        return [("Target periode", low)]
    return [("Target periode (batas bawah)", low), ("Target periode (batas atas)", high)]
