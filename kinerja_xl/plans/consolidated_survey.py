"""The consolidated workbook's *SKM* sheet: every survey a catalog node takes its value from, per unit.

First the table the report prints (the LKj's per-unit IKM table): per group (unit) its IKM, respondents,
IKM × respondents, mutu, kinerja unit and weakest unsur, with the node's weighted IKM below; then each
unit's figures per unsur (answers, sum, NRR, weighted NRR, NRR × 25, mutu). Every figure is the engine's
expression over the counts on the Data sheet, so the SKM of each unit is recomputed here from its answers.
"""

from __future__ import annotations

import re

from ..catalog.schema import Node, respondents_key
from ..compute.engine import Computation, field_expr
from ..compute.expr import Expr, ResultRef, evaluate
from ..compute.survey import NRR_DIGITS, WEIGHTED_DIGITS
from ..compute.survey import measure as survey_measure
from .sheet import SheetPlan

#: Rows of the per-unsur table of one unit: (measure, label, style).
PER_ITEM = (("jumlah", "jumlah jawaban", "num:#,##0"), ("skor", "jumlah nilai jawaban", "num:#,##0"),
            ("nrr", "NRR", "num:0." + "0" * NRR_DIGITS), ("nrr_tertimbang", "NRR tertimbang",
                                                          "num:0." + "0" * WEIGHTED_DIGITS),
            ("konversi", "NRR × 25", "pct"), ("mutu", "mutu pelayanan", "predicate"))


def survey_nodes(computation: Computation) -> list[Node]:
    """The nodes whose value comes from a survey in the run's period, in catalog order."""
    return [n for n in computation.catalog.walk() if n.surveyed(computation.period)]


def survey_sheet_name(node: Node, single: bool) -> str:
    """``SKM``, or ``SKM <code>`` when several nodes have a survey (31 characters at most, no ``[]:*?/\\'``)."""
    return "SKM" if single else re.sub(r"[\[\]:*?/\\']", "-", f"SKM {node.code}")[:31]


def plan_survey(sheet: SheetPlan, computation: Computation, node: Node) -> None:
    catalog, spec = computation.catalog, node.survey
    assert spec is not None
    groups = [(g.code, g.name) for g in node.groups] if node.method == "rata_rata_tertimbang" else [(None, node.name)]
    sheet.text(1, 1, f"Survei Kepuasan Masyarakat — {node.code} {node.name}", "title")
    sheet.text(2, 1, f"Kuesioner {spec.questionnaire_name}; bobot setiap unsur {spec.weight_text()}"
                     f"{spec.nrr_text()}; IKM = jumlah NRR tertimbang × 25. Semua angka adalah rumus atas jumlah "
                     "jawaban di lembar Data.", "subtitle")
    # one grid for both tables: code, name, then a column per unsur (11 wide) and the index
    total_col = 3 + spec.size
    last_col = max(total_col, 8)
    sheet.widths_from([12, 44] + [11.0] * (last_col - 2))
    sheet.widths[total_col] = 12
    r = 4
    term = catalog.agency.unit_term
    sheet.text(r, 1, catalog.table_title(f"rincian:{node.code}", "{nama} tahun {tahun} per {sebutan_unit}",
                                         kode=node.code, nama=node.name), "bold")
    has_bands = node.predicate is not None
    heads = ["Kode", term, "IKM", "Jumlah responden", "IKM × responden"] + \
        (["Mutu", "Kinerja unit"] if has_bands else []) + ["Unsur terendah (prioritas perbaikan)"]
    sheet.header(r + 1, heads)
    weakest = len(heads)
    sheet.merges.append((r + 1, weakest, r + 1, last_col, "header"))
    r += 2
    col = {h: i for i, h in enumerate(heads, start=1)}
    for group, name in groups:
        sheet.text(r, 1, group or node.code, "code")
        sheet.text(r, 2, name, "text")
        sheet.figure(r, col["IKM"], ResultRef(node.code, survey_measure(group, "ikm")), "pct")
        count = _respondents(computation, node, group)
        sheet.expression(r, col["Jumlah responden"], count, evaluate(count, computation.env), "integer")
        if group is not None:
            sheet.figure(r, col["IKM × responden"], ResultRef(node.code, survey_measure(group, "tertimbang")), "pct")
        else:
            sheet.blank(r, col["IKM × responden"], "pct")
        if has_bands:
            sheet.figure(r, col["Mutu"], ResultRef(node.code, survey_measure(group, "mutu")), "predicate")
            sheet.figure(r, col["Kinerja unit"], ResultRef(node.code, survey_measure(group, "kinerja")), "predicate")
        sheet.merges.append((r, weakest, r, last_col, "cell_top"))  # a long name, on one line
        sheet.figure(r, weakest, ResultRef(node.code, survey_measure(group, "terendah")), "cell_top")
        r += 1
    if node.method == "rata_rata_tertimbang":
        sheet.text(r, 1, "", "sum_label")
        sheet.text(r, 2, f"{catalog.ministry} (rata-rata IKM tertimbang jumlah responden)", "sum_label")
        sheet.figure(r, col["IKM"], ResultRef(node.code, "realisasi"), "sum_pct")
        sheet.figure(r, col["Jumlah responden"], ResultRef(node.code, "survei.responden"), "sum_rupiah")
        sheet.figure(r, col["IKM × responden"], ResultRef(node.code, "survei.tertimbang"), "sum_pct")
        if has_bands:
            sheet.merges.append((r, col["Mutu"], r, col["Kinerja unit"], "predicate"))
            sheet.figure(r, col["Mutu"], ResultRef(node.code, "predikat"), "predicate")
        sheet.merges.append((r, weakest, r, last_col, "sum_label"))
        sheet.blank(r, weakest, "sum_label")
        r += 1
    r += 2
    sheet.text(r, 1, f"Nilai per unsur pelayanan per {term}", "bold")
    sheet.header(r + 1, ["Kode", "Uraian", *(i.code for i in spec.items), "Jumlah (nilai indeks)"])
    # the long table (a row per unit and measure) is the one a page break cuts: its header, with the unsur
    # names, repeats on the pages it runs on to (one range per sheet; the first table is a row per unit)
    sheet.repeat = (r + 1, r + 2)
    sheet.text(r + 2, 1, "", "text")
    sheet.text(r + 2, 2, "Unsur pelayanan", "text")
    for j, item in enumerate(spec.items, start=3):
        sheet.text(r + 2, j, item.name, "center")
    sheet.blank(r + 2, total_col, "cell")
    r += 3
    for group, name in groups:
        for measure, label, style in PER_ITEM:
            if measure == "mutu" and not has_bands:
                continue
            sheet.text(r, 1, group or node.code, "code")
            sheet.text(r, 2, f"{name}: {label}", "text")
            for j, item in enumerate(spec.items, start=3):
                sheet.figure(r, j, ResultRef(node.code, survey_measure(group, f"{measure}.{item.code}")), style)
            if measure == "nrr_tertimbang":  # their sum: the index the IKM converts
                sheet.figure(r, total_col, ResultRef(node.code, survey_measure(group, "indeks")), style)
            else:
                sheet.blank(r, total_col, "cell")
            r += 1


def _respondents(computation: Computation, node: Node, group: str | None) -> Expr:
    field = next(f for f in node.inputs(computation.period) if f.key == respondents_key(group))
    return field_expr(field, computation.scope)
