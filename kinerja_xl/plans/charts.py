"""The helper tables the consolidated workbook's charts read (sheet *Data Grafik*), and the chart specs.

:func:`plan_chart_data` fills the sheet (capaian per indicator and per sasaran with a row of 100s,
yearly trends) and returns the :class:`~.chart_specs.ChartSpec` list in the order the charts appear on
*Grafik*. Every chart text is in Bahasa Indonesia.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from decimal import Decimal

from ..compute.budget import UNIT
from ..compute.engine import MINISTRY, Computation
from ..catalog.schema import Node
from ..compute.expr import ResultRef
from .chart_specs import HUNDRED, PALETTE, PRIMARY, SECONDARY, TARGET_LINE, BudgetRanges, ChartSpec, Range, Series
from ..unit_layout import period_span
from .sheet import SheetPlan


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class _Cursor:
    row: int = 1
    specs: list[ChartSpec] = field(default_factory=list)


def plan_chart_data(sheet: SheetPlan, computation: Computation, budget: BudgetRanges) -> list[ChartSpec]:
    """Fill the helper sheet and return the chart specs, in the order they appear on *Grafik*."""
    catalog, year = computation.catalog, computation.year
    quarter = computation.period != "tahunan"
    span = period_span(year, computation.period)  # "tahun 2023", "s.d. Triwulan II 2023"
    name = sheet.name
    sheet.widths.update({1: 14, 2: 52})
    for col in range(3, 10):
        sheet.widths[col] = 11
    cur = _Cursor()
    sheet.text(cur.row, 1, "Data Grafik", "title")
    sheet.text(cur.row + 1, 1, "Tabel bantu yang dirujuk grafik pada lembar Grafik; angka dihitung dengan rumus "
               "yang sama seperti pada tabel laporan.", "subtitle")
    cur.row += 3

    def block(title: str, headers: list[str]) -> int:
        sheet.text(cur.row, 1, title, "bold")
        for i, h in enumerate(headers, start=1):
            sheet.text(cur.row + 1, i, h, "header")
        first = cur.row + 2
        return first

    def capaian_block(key: str, nodes: list, noun: str, x_title: str) -> None:
        """Capaian per node with a column of 100s drawn as the target line."""
        first = block(f"Capaian kinerja per {noun} {span}",
                      ["Kode", noun.capitalize(), "% Capaian", "Target 100"])
        for i, node in enumerate(nodes):
            r = first + i
            sheet.text(r, 1, node.code, "code")
            sheet.text(r, 2, node.name, "text")
            sheet.figure(r, 3, ResultRef(node.code, "capaian"), "pct", band=True)
            sheet.number(r, 4, HUNDRED, "pct")
        last = first + len(nodes) - 1
        if nodes:
            cats = Range(name, first, 1, last, 1)
            cur.specs.append(ChartSpec(
                key, f"Capaian Kinerja per {noun.title()} {capital(span)} (%)", "column",
                (Series("% Capaian", cats, Range(name, first, 3, last, 3), PRIMARY, labels=True),),
                (Series("Target 100%", cats, Range(name, first, 4, last, 4), TARGET_LINE, dashed=True),),
                x_title=x_title, y_title="% capaian"))
        cur.row = last + 3

    # 1. and 2. Capaian per indicator and per sasaran.
    capaian_block("capaian_indikator", [i for i in catalog.indicators()
                                        if ResultRef(i.code, "capaian") in computation.figures],
                  "indikator", "Indikator kinerja")
    capaian_block("capaian_sasaran", [g for g in catalog.goals if ResultRef(g.code, "capaian") in computation.figures],
                  "sasaran strategis", "Sasaran strategis")

    # 3. The instansi's capaian over the years, when the catalog gives earlier years (a quarter's cumulative
    #    figures are never drawn beside whole years).
    years = [] if quarter else sorted(y for y in catalog.ministry_history if y < year) + [year]
    if len(years) > 1:
        sheet.text(cur.row, 1, f"Tren capaian kinerja {catalog.ministry}", "bold")
        header = cur.row + 1
        sheet.text(header, 1, "Kode", "header")
        sheet.text(header, 2, "Uraian", "header")
        for j, y in enumerate(years):
            sheet.text(header, 3 + j, str(y), "header")
        r = header + 1
        sheet.text(r, 1, MINISTRY, "code")
        sheet.text(r, 2, f"% Capaian kinerja {catalog.ministry}", "text")
        sheet.text(r + 1, 1, "", "code")
        sheet.text(r + 1, 2, "Target 100", "text")
        for j, y in enumerate(years):
            if y == year:
                sheet.figure(r, 3 + j, ResultRef(MINISTRY, "capaian"), "pct", band=True)
            else:
                sheet.number(r, 3 + j, catalog.ministry_history.get(y), "pct")
            sheet.number(r + 1, 3 + j, HUNDRED, "pct")
        last_col = 2 + len(years)
        cats = Range(name, header, 3, header, last_col)
        cur.specs.append(ChartSpec(
            "tren_kementerian", f"Tren Capaian Kinerja {catalog.agency.kind_label} (%)", "column",
            (Series(f"% Capaian {catalog.agency.kind_label}", cats, Range(name, r, 3, r, last_col), PRIMARY,
                    labels=True),),
            (Series("Target 100%", cats, Range(name, r + 1, 3, r + 1, last_col), TARGET_LINE, dashed=True),),
            x_title="Tahun", y_title="% capaian"))
        cur.row = r + 4

    # 4. Yearly realisasi of the indicators of each sasaran with earlier realisasi, one chart per sasaran and
    #    unit of measure (a % and a count on one axis would flatten one of them); n.a years are gaps.
    for goal in catalog.goals:
        by_unit: dict[str, list[Node]] = {}
        for ind in goal.children:
            if not quarter and any(y < year for y in ind.history):
                by_unit.setdefault(ind.unit_of_measure, []).append(ind)
        for uom, inds in by_unit.items():
            years = sorted({y for ind in inds for y in ind.history if y < year}) + [year]
            suffix = f" ({uom})" if len(by_unit) > 1 else ""
            sheet.text(cur.row, 1, f"Tren realisasi indikator {goal.code}{suffix}", "bold")
            header = cur.row + 1
            sheet.text(header, 1, "Kode", "header")
            sheet.text(header, 2, "Indikator", "header")
            for j, y in enumerate(years):
                sheet.text(header, 3 + j, str(y), "header")
            last_col = 2 + len(years)
            cats = Range(name, header, 3, header, last_col)
            series = []
            for i, ind in enumerate(inds):
                r = header + 1 + i
                sheet.text(r, 1, ind.code, "code")
                sheet.text(r, 2, ind.name, "text")
                for j, y in enumerate(years):
                    if y == year:
                        sheet.figure(r, 3 + j, ResultRef(ind.code, "realisasi"), "pct")
                    else:
                        sheet.number(r, 3 + j, computation.number(ind.code, f"realisasi_{y}"), "pct")
                series.append(Series(ind.code, cats, Range(name, r, 3, r, last_col), PALETTE[i % len(PALETTE)],
                                     labels=True))
            key = f"tren_{goal.code}" + (f"_{len(cur.specs)}" if suffix else "")
            cur.specs.append(ChartSpec(
                key, f"Tren Realisasi Indikator {goal.code}{suffix} {years[0]}–{year}", "line",
                tuple(series), x_title="Tahun", y_title=f"Realisasi ({uom})", y_format="#,##0", y_min=None))
            cur.row = header + len(inds) + 3

    # 5. Budget charts read the Anggaran tables directly.
    if budget.spending_names and budget.spending_percent:
        cur.specs.append(ChartSpec(
            "belanja", f"Realisasi Anggaran per Jenis Belanja {capital(span)} (%)", "column",
            (Series("% Realisasi", budget.spending_names, budget.spending_percent, PRIMARY, labels=True),),
            x_title="Jenis belanja", y_title="% realisasi", legend=False))
    if budget.unit_codes and budget.pagu_awal and budget.pagu_akhir:
        word, commas = _rupiah_scale(computation)
        term = catalog.agency.unit_term
        cur.specs.append(ChartSpec(
            "pagu_unit", f"Pagu Anggaran per {term} Tahun {year} (Rp {word})".replace("(Rp )", "(Rp)"), "column",
            (Series("Pagu awal", budget.unit_codes, budget.pagu_awal, SECONDARY),
             Series("Pagu akhir", budget.unit_codes, budget.pagu_akhir, PRIMARY)),
            x_title=term, y_title=f"Rp {word}".strip(), y_format="#,##0" + commas,
            label_format="#,##0.00" + commas))
    if budget.goal_codes and budget.goal_budget and budget.goal_capaian and not quarter:
        cur.specs.append(ChartSpec(
            "efisiensi", "Capaian Kinerja dan Realisasi Anggaran per Sasaran (%)", "column",
            (Series("% Capaian kinerja", budget.goal_codes, budget.goal_capaian, PRIMARY, labels=True),
             Series("% Realisasi anggaran", budget.goal_codes, budget.goal_budget, SECONDARY, labels=True)),
            x_title="Sasaran strategis", y_title="%"))
    sheet.last_col = max(sheet.last_col, 9)
    return cur.specs


#: Rupiah chart axes in a readable unit: (threshold, word, thousands-commas of the number format).
RUPIAH_SCALES = ((Decimal(10) ** 12, "triliun", ",,,,"), (Decimal(10) ** 9, "miliar", ",,,"),
                 (Decimal(10) ** 6, "juta", ",,"), (Decimal(0), "", ""))


def _rupiah_scale(computation: Computation) -> tuple[str, str]:
    """The unit of the ceilings chart, from the largest pagu akhir the units reported."""
    amounts = [v for ref, v in computation.inputs.items() if ref.node == UNIT and ref.key.endswith(".pagu_akhir")]
    largest = max((abs(v) for v in amounts), default=Decimal(0))
    return next((word, commas) for limit, word, commas in RUPIAH_SCALES if largest >= limit)
