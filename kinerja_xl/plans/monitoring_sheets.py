"""Sheet planners of the monitoring workbook (:mod:`.monitoring`): Data, Indikator, Ringkasan, Pengiriman.

A period with files is a scope of the plan: its figures are expressions over its own column of the Data
sheet. A period without files shows :data:`~.monitoring_data.MISSING` where its figures would be.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from ..catalog.schema import InputField, Node, TargetRange, target_value
from ..catalog.schema import band_legend as catalog_band_legend
from ..compute.engine import MINISTRY, leaf_refs
from ..compute.results import text_measure
from ..compute.expr import InputRef, ResultRef, evaluate
from ..model import InputValue
from ..unit_layout import BUDGET_BLOCKS
from ..validate.report import FileResult
from .consolidated_sheets import (
    band_legend,
    data_order,
    decimals_format,
    field_label,
    node_name,
    title_rows,
    uom_text,
)
from ..unit_layout import period_label
from .monitoring_data import MISSING, MonitoringData, status_expr, target_of
from .sheet import SheetPlan



def _target_cells(sheet: SheetPlan, data: MonitoringData, r: int, col: int, node: Node, period: str,
                  ranged: bool) -> None:
    """The period's target in ``col`` (a range's lower bound; its upper bound in ``col + 1``)."""
    prefix, target = target_of(data, node, period)
    scope = period if data.run(period) is not None else None
    parts = ([(f"{prefix}_bawah", target.low), (f"{prefix}_atas", target.high)] if isinstance(target, TargetRange)
             else [(prefix, target_value(target))])  # a one-sided target: its bound
    for i, (measure, value) in enumerate(parts):
        if scope is not None:
            sheet.constant(r, col + i, ResultRef(node.code, measure), scope=scope)
        else:
            sheet.number(r, col + i, value if isinstance(value, Decimal) else None)
    if ranged and len(parts) == 1:
        sheet.blank(r, col + 1, "pct")


def _capaian_and_status(sheet: SheetPlan, data: MonitoringData, r: int, col: int, code: str, period: str,
                        value_style: str = "pct", span: int = 2) -> None:
    """Capaian (coloured by band) in ``col`` and its status label in ``col + 1``; without files, the missing text
    across the ``span`` columns of the period."""
    run = data.run(period)
    if run is None:
        sheet.merges.append((r, col, r, col + span - 1, "missing"))
        sheet.text(r, col, MISSING, "missing")
        return
    ref = ResultRef(code, "capaian")
    if not sheet.figure(r, col, ref, value_style, band=True, scope=period):
        sheet.blank(r, col + 1, "status")
        return
    expr = status_expr(data.catalog, ref)
    sheet.expression(r, col + 1, expr, evaluate(expr, run.computation.env), "status", scope=period)
    sheet.status_cells.append((r, col + 1))


def _two_row_header(sheet: SheetPlan, head: int, lead: Sequence[str], periods: Sequence[str],
                    sub: Sequence[str]) -> None:
    """Lead columns spanning two header rows, then each period's label over its ``sub`` columns."""
    for col, title in enumerate(lead, start=1):
        sheet.merges.append((head, col, head + 1, col, "header"))
        sheet.text(head, col, title, "header")
    col = len(lead) + 1
    for period in periods:
        sheet.merges.append((head, col, head, col + len(sub) - 1, "header"))
        sheet.text(head, col, period_label(period), "header")
        for i, title in enumerate(sub):
            sheet.text(head + 1, col + i, title, "header")
        col += len(sub)
    sheet.heights[head + 1] = 30


def plan_summary(sheet: SheetPlan, data: MonitoringData) -> None:
    """Capaian and status of every indicator, sasaran and the instansi, period by period, with the capaian's
    category when the catalog has ``kategori_capaian`` (under its legend)."""
    catalog, year = data.catalog, data.year
    title_rows(sheet, f"Pemantauan Kinerja {catalog.ministry} Tahun {year}",
               "Capaian kinerja per periode (kumulatif sejak Januari) terhadap target periode itu · Perjanjian "
               f"Kinerja {catalog.agreement_version}")
    sheet.text(3, 1, band_legend(data.annual).replace("Warna % capaian", "Status dan warna % capaian"), "subtitle")
    sheet.text(4, 1, f"Periode tanpa satu pun berkas ditulis '{MISSING}', bukan nol. Rincian target dan realisasi: "
               "lembar Indikator; berkas per unit: lembar Pengiriman.", "subtitle")
    if catalog.categories:
        sheet.text(5, 1, catalog_band_legend(catalog.categories, title="Kategori capaian"), "subtitle")
    sub = [("% Capaian", 11), ("Status", 15)] + ([("Kategori", 15)] if catalog.categories else [])
    span = len(sub)
    sheet.widths_from([11, 58] + [w for _, w in sub] * len(data.periods))
    head = 6
    _two_row_header(sheet, head, ["Kode", "Sasaran strategis / indikator kinerja"], data.periods,
                    [t for t, _ in sub])
    sheet.freeze, sheet.repeat = (head + 2, 3), (head, head + 1)
    ncols = 2 + span * len(data.periods)

    def period_cells(r: int, code: str, value_style: str) -> None:
        for j, period in enumerate(data.periods):
            col = 3 + span * j
            _capaian_and_status(sheet, data, r, col, code, period, value_style, span)
            if catalog.categories and data.run(period) is not None:
                sheet.figure(r, col + 2, ResultRef(code, "kategori"), "predicate", scope=period)  # as Status

    r = head + 2
    for goal in catalog.goals:
        sheet.text(r, 1, goal.code, "goal_code")
        sheet.text(r, 2, goal.name, "goal")
        for col in range(3, ncols + 1):
            sheet.blank(r, col, "goal_blank")
        r += 1
        for ind in goal.children:
            sheet.text(r, 1, ind.code, "code")
            sheet.text(r, 2, ind.name, "text")
            period_cells(r, ind.code, "pct")
            r += 1
        sheet.text(r, 1, "", "sum_label")
        sheet.text(r, 2, f"Rata-rata capaian {goal.code}", "sum_label")
        period_cells(r, goal.code, "sum_pct")
        r += 1
    sheet.text(r, 1, "", "total_label")
    sheet.text(r, 2, f"Capaian kinerja {catalog.ministry}", "total_label")
    period_cells(r, MINISTRY, "pct_total")
    sheet.heights[r] = 20
    r += 1
    sheet.text(r, 1, "", "sum_label")
    sheet.text(r, 2, f"{catalog.agency.unit_term} dengan berkas valid", "sum_label")
    counts = submission_counts(data)
    for j, period in enumerate(data.periods):
        col = 3 + span * j
        sheet.merges.append((r, col, r, col + span - 1, "sum_center"))
        sheet.text(r, col, counts[period], "sum_center")


def submission_counts(data: MonitoringData) -> dict[str, str]:
    """``"4 dari 5"``: units of the catalog with a valid file, per period."""
    units = [u.code for u in data.catalog.units]
    out = {}
    for period in data.periods:
        valid = {f.unit for f in data.files if f.year == data.year and (f.period or "tahunan") == period
                 and f.status in ("ok", "peringatan")}
        out[period] = f"{sum(1 for u in units if u in valid)} dari {len(units)}"
    return out


def plan_indicators(sheet: SheetPlan, data: MonitoringData) -> None:
    """Per indicator, one row per period: the target used, realisasi, capaian, status, the capaian's category
    (when the catalog has ``kategori_capaian``) and the progress against the annual target."""
    catalog, year = data.catalog, data.year
    title_rows(sheet, f"Realisasi dan capaian indikator kinerja per periode — Tahun {year}",
               "Target periode: target triwulan (kumulatif) dari katalog bila ada, selain itu target tahunan; "
               "kolom Acuan target menyebutkan yang dipakai.")
    sheet.text(3, 1, band_legend(data.annual), "subtitle")
    if catalog.categories:
        sheet.text(4, 1, catalog_band_legend(catalog.categories, title="Kategori capaian"), "subtitle")
    inds = [ind for goal in catalog.goals for ind in goal.children]
    ranged = any(isinstance(target_of(data, ind, p)[1], TargetRange) for ind in inds for p in data.periods)
    cols = [("Kode", 11), ("Indikator kinerja", 46), ("Satuan", 10), ("Periode", 12), ("Acuan target", 13),
            ("Target periode", 11)] + ([("Target periode (batas atas)", 11)] if ranged else [])
    cols += [("Realisasi (kumulatif)", 12), ("% Capaian", 11), ("Status", 15)] + (
        [("Kategori", 15)] if catalog.categories else []) + [(f"% thd target tahunan {year}", 12)]
    sheet.widths_from([w for _, w in cols])
    head = 5
    sheet.header(head, [t for t, _ in cols], height=45)
    sheet.freeze, sheet.repeat = (head + 1, 3), (head, head)
    col_of = {t: i for i, (t, _) in enumerate(cols, start=1)}
    realisasi, capaian, progress = (col_of["Realisasi (kumulatif)"], col_of["% Capaian"],
                                    col_of[f"% thd target tahunan {year}"])
    r = head + 1
    for goal in catalog.goals:
        sheet.merges.append((r, 1, r, len(cols), "section"))
        sheet.text(r, 1, f"{goal.code} — {goal.name}", "section")
        r += 1
        for ind in goal.children:
            for i, period in enumerate(data.periods):
                for col in range(1, len(cols) + 1):
                    sheet.blank(r, col, "pct")
                sheet.text(r, 1, ind.code, "code")
                sheet.text(r, 2, ind.name if i == 0 else "", "text")
                sheet.text(r, 3, uom_text(ind) if i == 0 else "", "center")
                sheet.text(r, 4, period_label(period), "center")
                prefix, _ = target_of(data, ind, period)
                sheet.text(r, 5, period_label(period) if prefix == "target_periode" else "Tahunan", "center")
                _target_cells(sheet, data, r, col_of["Target periode"], ind, period, ranged)
                if data.run(period) is None:
                    sheet.merges.append((r, realisasi, r, len(cols), "missing"))
                    sheet.text(r, realisasi, MISSING, "missing")
                else:
                    sheet.figure(r, realisasi, ResultRef(ind.code, "realisasi"), scope=period)
                    _capaian_and_status(sheet, data, r, capaian, ind.code, period)
                    if "Kategori" in col_of:
                        sheet.figure(r, col_of["Kategori"], ResultRef(ind.code, "kategori"), "predicate",
                                     scope=period)
                    sheet.figure(r, progress, ResultRef(ind.code, "capaian_tahunan"), scope=period)
                r += 1
    sheet.autofilter = (head, 1, max(r - 1, head + 1), len(cols))


def _matrix_cell(files: Sequence[FileResult]) -> tuple[str, str]:
    """(text, style) of a unit's period in the submission matrix."""
    if not files:
        return MISSING, "missing"
    if any(f.status in ("invalid", "unreadable") for f in files):
        errors = sum(f.counts.get("galat", 0) for f in files)
        return f"terkirim, ada galat ({errors})", "galat"
    warnings = sum(f.counts.get("peringatan", 0) for f in files)
    return ("terkirim, valid" + (f" ({warnings} peringatan)" if warnings else "")), "ok"


def plan_submissions(sheet: SheetPlan, data: MonitoringData) -> None:
    """The matrix unit × period: sent and valid, sent with errors, or missing, with the file names; then the
    files that name no unit or period of this year."""
    catalog, year = data.catalog, data.year
    term = catalog.agency.unit_term
    title_rows(sheet, f"Pengiriman berkas per {term} dan periode — Tahun {year}",
               "terkirim, valid: tanpa galat (peringatan boleh); terkirim, ada galat: lihat lembar Validasi; "
               f"{MISSING}: unit belum mengirim berkas periode itu.")
    sheet.widths_from([11, 36] + [15, 24] * len(data.periods))
    head = 4
    _two_row_header(sheet, head, ["Kode", term], data.periods, ["Status", "Berkas"])
    sheet.freeze, sheet.repeat = (head + 2, 3), (head, head + 1)
    mine = [f for f in data.files if f.unit and f.year == year]
    names = {u.code: u.name for u in catalog.units}
    units = list(names) + sorted({f.unit for f in mine if f.unit and f.unit not in names})
    r = head + 2
    for unit in units:
        sheet.text(r, 1, unit, "code")
        sheet.text(r, 2, names.get(unit, "(tidak dikenal katalog)"), "text")
        for j, period in enumerate(data.periods):
            files = [f for f in mine if f.unit == unit and (f.period or "tahunan") == period]
            text, style = _matrix_cell(files)
            sheet.text(r, 3 + 2 * j, text, style)
            sheet.text(r, 4 + 2 * j, "; ".join(Path(f.file).name for f in files), "text")
        r += 1
    sheet.text(r, 1, "", "sum_label")
    sheet.text(r, 2, f"{term} dengan berkas valid", "sum_label")
    counts = submission_counts(data)
    for j, period in enumerate(data.periods):
        sheet.merges.append((r, 3 + 2 * j, r, 4 + 2 * j, "sum_center"))
        sheet.text(r, 3 + 2 * j, counts[period], "sum_center")
    others = [f for f in data.files if not f.unit or f.year != year or (f.period or "tahunan") not in data.periods]
    if others:
        r += 2
        sheet.text(r, 1, "Berkas di luar tabel (tidak terbaca, tanpa identitas, atau tahun/periode lain)", "bold")
        sheet.header(r + 1, ["No", "Berkas", "Status", "Identitas"])
        r += 1
        for i, f in enumerate(others, start=1):
            r += 1
            sheet.number(r, 1, Decimal(i), "num:0")
            sheet.text(r, 2, f.file, "text")
            sheet.text(r, 3, "tidak terbaca" if f.status == "unreadable" else "tidak dipakai", "galat")
            who = " ".join(str(x) for x in (f.unit, f.year, f.period) if x)
            sheet.text(r, 4, who or "-", "text")


def plan_period_data(sheet: SheetPlan, data: MonitoringData) -> None:
    """One row per input (catalog order), one value column per period: the home of each period's inputs."""
    catalog, year = data.catalog, data.year
    title_rows(sheet, f"Data isian unit per periode — {catalog.ministry} Tahun {year}",
               "Setiap angka pada lembar lain merujuk kolom periodenya di lembar ini. Sheet dan sel menunjukkan asal "
               "angka pada buku kerja unit (nama berkas: lembar Pengiriman).")
    lead = ["No", "Kode simpul", "Uraian simpul", "Isian", "Label isian", "Unit"]
    titles = lead + [f"Nilai {period_label(p)}" + ("" if data.run(p) else f" ({MISSING})") for p in data.periods]
    titles += ["Lembar", "Sel"]
    sheet.widths_from([5, 12, 40, 20, 30, 11] + [16] * len(data.periods) + [10, 7])
    head = 4
    sheet.header(head, titles, height=45)
    sheet.freeze, sheet.repeat = (head + 1, 3), (head, head)
    by_field = {(f.node, f.key): f for f in catalog.input_fields()}
    sources: dict[InputRef, InputValue] = {}
    for p in data.periods:
        run = data.run(p)
        for v in run.values if run else ():
            sources.setdefault(v.ref, v)
    inputs = [ref for p in data.periods if (run := data.run(p)) for ref in run.computation.inputs]
    refs = [ref for ref in dict.fromkeys([*leaf_refs(catalog), *inputs, *sources]) if ref.node not in BUDGET_BLOCKS]
    r, previous = head, ""
    for i, ref in enumerate(data_order(data.annual, refs), start=1):
        r += 1
        f = by_field.get((ref.node, ref.key))
        sheet.number(r, 1, Decimal(i), "num:0")
        sheet.text(r, 2, ref.node, "code")
        sheet.text(r, 3, node_name(data.annual, ref.node) if ref.node != previous else "", "text")
        previous = ref.node
        sheet.text(r, 4, ref.key, "cell_top")
        sheet.text(r, 5, field_label(data.annual, f) if f else "", "text")
        sheet.text(r, 6, ref.unit, "cell_top")
        for j, period in enumerate(data.periods):
            _period_value(sheet, data, r, 7 + j, ref, period, f)
        source = sources.get(ref)
        sheet.text(r, 7 + len(data.periods), source.source.sheet if source else "", "cell_top")
        sheet.text(r, 8 + len(data.periods), source.source.cell if source else "", "cell_top")
    sheet.widen(4)  # the longest key
    sheet.autofilter = (head, 1, max(r, head + 1), len(titles))


def _period_value(sheet: SheetPlan, data: MonitoringData, r: int, col: int, ref: InputRef, period: str,
                  f: InputField | None) -> None:
    run = data.run(period)
    if run is None:
        sheet.blank(r, col, "missing")
        return
    number = run.computation.inputs.get(ref)
    sheet.number(r, col, number, decimals_format(f, number))
    sheet.home(ref, r, col, scope=period)


def _figure_rows(data: MonitoringData) -> dict[ResultRef, str]:
    """Every figure of the tree over all periods with its label, in the order of the period with the most
    figures (a later quarter has more months); a figure only some periods have follows its node's others."""
    runs = sorted((run for p in data.periods if (run := data.run(p))), key=lambda r: -len(r.computation.figures))
    order: list[ResultRef] = []
    labels: dict[ResultRef, str] = {}
    for run in runs:
        for ref, fig in run.computation.figures.items():
            if ref.node in BUDGET_BLOCKS or ref in labels:
                continue
            labels[ref] = fig.label
            same = [i for i, other in enumerate(order) if other.node == ref.node]
            order.insert(same[-1] + 1 if same else len(order), ref)
    return {ref: labels[ref] for ref in order}


def plan_figures(sheet: SheetPlan, data: MonitoringData) -> None:
    """Every figure of the performance tree, one row each and one column per period: the steps (sub
    indicators, groups, rounded stages) the formulas of the other sheets build on, open to audit."""
    year = data.year
    title_rows(sheet, f"Rincian perhitungan per periode — Tahun {year}",
               "Setiap angka antara (sub indikator, komponen, kelompok, tahap pembulatan) sebagai rumus; lembar "
               "Ringkasan, Indikator dan Data Grafik merujuk sel di sini atau menghitung dengan rumus yang sama.")
    titles = ["No", "Kode simpul", "Uraian simpul", "Ukuran", "Keterangan",
              *(f"{period_label(p)}" + ("" if data.run(p) else f" ({MISSING})") for p in data.periods)]
    sheet.widths_from([5, 12, 44, 22, 34] + [14] * len(data.periods))
    head = 4
    sheet.header(head, titles, height=32)
    sheet.freeze, sheet.repeat = (head + 1, 3), (head, head)
    labels = _figure_rows(data)
    r, previous = head, ""
    for i, (ref, label) in enumerate(labels.items(), start=1):
        r += 1
        sheet.number(r, 1, Decimal(i), "num:0")
        sheet.text(r, 2, ref.node, "code")
        sheet.text(r, 3, node_name(data.annual, ref.node) if ref.node != previous else "", "text")
        previous = ref.node
        sheet.text(r, 4, ref.measure, "cell_top")
        sheet.text(r, 5, label if label != node_name(data.annual, ref.node) else "", "text")
        for j, period in enumerate(data.periods):
            if data.run(period) is None:
                sheet.blank(r, 6 + j, "missing")
            elif not sheet.figure(r, 6 + j, ref, "predicate" if text_measure(ref.measure) else "pct", scope=period):
                sheet.blank(r, 6 + j, "pct")
    sheet.widen(4)  # the longest measure ('survei.REHSOS.nrr_tertimbang.U1')
    sheet.autofilter = (head, 1, max(r, head + 1), len(titles))
