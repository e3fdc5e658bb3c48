"""Write-back into a unit workbook: replace the *Hasil* sheet (formulas over the Isian inputs) and its chart.

Goes through openpyxl because the workbook already exists and must keep everything else: inputs,
styles, validation, protection, macros and buttons of ``.xlsm`` files (``keep_vba=True``). openpyxl
writes formulas without cached results, so while saving we store the engine's values in the formula
cells we wrote (:mod:`.cached_values`) and ask Excel to recalculate on open. What goes where is a
:class:`ResultSheetPlan`, built once per layout and shared with the Excel button's writer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..catalog.schema import Catalog
from ..compute.engine import Computation, compute
from ..compute.expr import InputRef, Ref, ResultRef
from ..atomic import atomic_write
from ..unit_layout import (
    COL_CAPAIAN,
    COL_IN1,
    COL_IN2,
    COL_PREDICATE,
    COL_REALISASI,
    COL_TARGET,
    SHEET_INPUT,
    SHEET_META,
    SHEET_RESULT,
    SHEET_VALIDATION,
    UnitLayout,
    period_label,
    unit_layout,
)
from .cached_values import save_with_cached_values
from ..cells import CellAddress, a1, column_letter
from .formulas import FormulaRenderer, band_rule
from .styles import StyleCopier
from .template import cached

# Hasil columns: layout column of the figure -> column on the Hasil sheet.
RESULT_COLUMNS = {COL_REALISASI: 3, COL_TARGET: 4, COL_CAPAIAN: 5, COL_PREDICATE: 6, COL_IN1: 7, COL_IN2: 8}
RESULT_HEADERS = ["Kode", "Uraian", "Realisasi", "Target PK", "% Capaian", "Predikat", "Jumlah pagu (Rp)",
                  "Jumlah realisasi (Rp)"]
FIRST_ROW = 5
CHART_TITLE = "Realisasi per indikator / sub indikator"
CHART_DATA_TITLE = "Data grafik"
WIDTHS = [14, 70, 12, 11, 11, 18, 20, 20]


#: What a planned cell is; each writer maps kinds to its own styles.
EntryKind = Literal["header", "section", "code", "text", "node", "number", "formula", "formula_rp",
                    "chart_title", "chart_code", "chart_ref"]


@dataclass(frozen=True)
class PlannedCell:
    """One cell of the Hasil sheet below the title: its content, its kind and, for a formula, the figure
    whose value is the formula's result (the cached value written with it)."""

    row: int
    col: int
    value: str | float | None
    kind: EntryKind
    figure: ResultRef | None = None


class ResultSheetPlan:
    """Where each figure goes on the Hasil sheet, how to resolve its references, and every cell to write.

    Everything here follows from the layout and the expression plan (catalog, year, period, rounding),
    never from the figures, so :func:`result_sheet_plan` builds it once per layout and rounding; the
    values come from each file's :class:`Computation` (:meth:`cached_values`).
    """

    def __init__(self, layout: UnitLayout, computation: Computation):
        self.layout = layout
        self.constants = dict(computation.constants)
        self.rows: list[tuple[int, Any]] = []
        self.cells: dict[ResultRef, CellAddress] = {}
        placed = [(lrow, {col: ref for col, ref in {**lrow.figures, **lrow.constants}.items() if col in RESULT_COLUMNS})
                  for lrow in layout.rows]
        kept = [(lrow, cells) for lrow, cells in placed if lrow.kind == "bagian" or cells]
        # a section heading with nothing under it (e.g. a unit's budget inputs have no computed figure)
        kept = [(lrow, cells) for i, (lrow, cells) in enumerate(kept)
                if lrow.kind != "bagian" or (i + 1 < len(kept) and kept[i + 1][0].kind != "bagian")]
        for row, (lrow, cells) in enumerate(kept, start=FIRST_ROW):
            self.rows.append((row, lrow))
            for col, ref in cells.items():
                self.cells[ref] = CellAddress(SHEET_RESULT, row, RESULT_COLUMNS[col])
        self.inputs = {ref: addr for ref, (addr, _) in layout.input_cells().items()}
        # Chart data: node rows only (no month or group rows between them), in a block below the table.
        nodes = [(row, lrow.code) for row, lrow in self.rows if COL_REALISASI in lrow.figures
                 and lrow.kind == "simpul" and not (lrow.node or "").startswith("ANGGARAN")]
        self.chart_title_row = (self.rows[-1][0] if self.rows else FIRST_ROW) + 3
        self.chart_rows = [(self.chart_title_row + i, code, row) for i, (row, code) in enumerate(nodes, start=1)]
        self.heights = {row: 15.0 * min(1 + len(lrow.text) // 62, 5) for row, lrow in self.rows
                        if lrow.kind != "bagian" and len(lrow.text) >= 62}  # column B: ~62 bold characters a line
        self.entries = self._entries(computation)

    def resolve(self, ref: Ref) -> CellAddress | Decimal | str | None:
        if isinstance(ref, InputRef):
            return self.inputs.get(ref)
        if ref in self.cells:
            return self.cells[ref]
        return self.constants.get(ref)

    def _entries(self, computation: Computation) -> tuple[PlannedCell, ...]:
        renderer = FormulaRenderer(self.resolve, SHEET_RESULT)
        out = [PlannedCell(FIRST_ROW - 1, col, title, "header") for col, title in enumerate(RESULT_HEADERS, start=1)]
        realisasi: dict[int, ResultRef] = {}
        for row, lrow in self.rows:
            if lrow.kind == "bagian":
                out.extend(PlannedCell(row, col, {1: lrow.code or None, 2: lrow.text}.get(col), "section")
                           for col in range(1, len(RESULT_HEADERS) + 1))
                continue
            out.append(PlannedCell(row, 1, lrow.code or None, "code"))
            out.append(PlannedCell(row, 2, lrow.text, "node" if lrow.kind == "simpul" else "text"))
            for col, ref in lrow.constants.items():
                constant = self.constants[ref]
                if col in RESULT_COLUMNS and isinstance(constant, Decimal):
                    out.append(PlannedCell(row, RESULT_COLUMNS[col], float(constant), "number"))
            for col, ref in lrow.figures.items():
                if col not in RESULT_COLUMNS:
                    continue
                rupiah = ref.measure.startswith(("total.pagu", "total.realisasi"))
                out.append(PlannedCell(row, RESULT_COLUMNS[col], renderer.formula(computation.figures[ref].expr),
                                       "formula_rp" if rupiah else "formula", ref))
                if col == COL_REALISASI:
                    realisasi[row] = ref
        if self.chart_rows:
            out.append(PlannedCell(self.chart_title_row, 1, CHART_DATA_TITLE, "chart_title"))
            for data_row, code, source_row in self.chart_rows:
                out.append(PlannedCell(data_row, 1, code, "chart_code"))
                out.append(PlannedCell(data_row, 3, f"=C{source_row}", "chart_ref", realisasi[source_row]))
        return tuple(out)

    def cached_values(self, computation: Computation) -> dict[str, object]:
        """A1 -> the value each formula of :attr:`entries` gives for this computation."""
        return {a1(e.row, e.col): cached(computation.figures[e.figure].value) for e in self.entries if e.figure}


_SHEET_PLANS: dict[tuple[int, object, object], ResultSheetPlan] = {}


def result_sheet_plan(layout: UnitLayout, computation: Computation) -> ResultSheetPlan:
    """The plan for ``layout``, built once per layout, rounding and scope (layouts are cached, kept alive)."""
    key = (id(layout), computation.rounding, computation.scope)
    plan = _SHEET_PLANS.get(key)
    if plan is None or plan.layout is not layout:
        plan = _SHEET_PLANS[key] = ResultSheetPlan(layout, computation)
    return plan


def write_results(
    path: str | Path,
    catalog: Catalog,
    values: Mapping[InputRef, Decimal],
    unit: str,
    *,
    year: int | None = None,
    period: str = "tahunan",
    output: str | Path | None = None,
    validation_sheet: Callable[[Any], None] | None = None,
    results: bool = True,
) -> Path:
    """Add or replace *Hasil* (and, through ``validation_sheet``, *Validasi*) in a unit workbook.

    The file is replaced atomically; with ``output`` a copy is written there instead. With
    ``results=False`` only *Validasi* is written and an old *Hasil* is removed (it would be stale).
    """
    from openpyxl import load_workbook

    source = Path(path)
    target = Path(output) if output else source
    layout = unit_layout(catalog, unit, year, period)
    computation = compute(catalog, values, scope={unit}, year=layout.year, period=layout.period)
    workbook = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm", keep_links=True)
    for name in (SHEET_RESULT, SHEET_VALIDATION):
        if name in workbook.sheetnames:
            del workbook[name]
    plan = result_sheet_plan(layout, computation)
    cache: dict[str, object] = {}
    if results:
        sheet = workbook.create_sheet(SHEET_RESULT, index=_position(workbook))
        _write_sheet(sheet, plan, catalog)
        _add_chart(sheet, plan)
        cache = plan.cached_values(computation)
    if validation_sheet is not None:
        validation_sheet(workbook)
    workbook.calculation.fullCalcOnLoad = True  # Excel recalculates every formula when opening the file
    input_cache = _input_sheet_cache(layout, computation)
    with atomic_write(target) as tmp:
        save_with_cached_values(workbook, tmp, {SHEET_RESULT: cache, SHEET_INPUT: input_cache} if results
                                else {SHEET_INPUT: input_cache})
    return target


def _position(workbook: Any) -> int:
    names = workbook.sheetnames
    return names.index(SHEET_META) if SHEET_META in names else len(names)


def _input_sheet_cache(layout: UnitLayout, computation: Computation) -> dict[str, object]:
    """The live formulas of the Isian sheet lost their cached values on load; restore them."""
    out: dict[str, object] = {}
    for row in layout.rows:
        for col, ref in row.figures.items():
            out[a1(row.row, col)] = cached(computation.figures[ref].value)
    return out


@functools.cache
def _looks() -> dict[str, dict[str, Any]]:
    """The look of each planned kind on the Hasil sheet, built once per process (openpyxl style objects
    are values, safe to share); :class:`~.styles.StyleCopier` applies them. A kind without a look keeps
    the default style."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = Alignment(wrap_text=True, vertical="top")
    formula = PatternFill("solid", fgColor="DDEBF7")
    text = dict(border=border, alignment=top)
    return {
        "header": dict(font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F4E78"),
                       alignment=Alignment(wrap_text=True, horizontal="center", vertical="center"), border=border),
        "section": dict(font=Font(bold=True), fill=PatternFill("solid", fgColor="D9E1F2"), border=border,
                        alignment=top),
        "code": text,
        "text": text,
        "node": dict(font=Font(bold=True), border=border, alignment=top),
        "number": dict(border=border, number_format="0.00"),
        "formula": dict(fill=formula, border=border, number_format="0.00"),
        "formula_rp": dict(fill=formula, border=border, number_format="#,##0"),
        "chart_title": dict(font=Font(bold=True)),
        "chart_ref": dict(number_format="0.00"),
    }


def _write_sheet(ws: Any, plan: ResultSheetPlan, catalog: Catalog) -> None:
    from openpyxl.styles import Font

    layout = plan.layout
    unit = catalog.unit(layout.unit)
    ws["A1"] = f"Hasil perhitungan — {unit.name}"
    ws["A1"].font = Font(bold=True, size=14, color="1F4E78")
    ws["A2"] = (f"Tahun {layout.year} · {period_label(layout.period)} · rumus langsung dari lembar {SHEET_INPUT}; "
                "dibuat ulang oleh kinerja-xl hitung (jangan diedit).")
    ws["A2"].font = Font(italic=True, color="595959")
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[column_letter(i)].width = width
    looks = _looks()
    style = StyleCopier(looks)
    for entry in plan.entries:
        style(ws.cell(row=entry.row, column=entry.col, value=entry.value), entry.kind if entry.kind in looks else None)
    for row, height in plan.heights.items():
        ws.row_dimensions[row].height = height
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"
    _capaian_bands(ws, plan, catalog)
    ws.protection.sheet = True  # results are formulas: protect against accidental edits (no password)


def _capaian_bands(ws: Any, plan: ResultSheetPlan, catalog: Catalog) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    col = RESULT_COLUMNS[COL_CAPAIAN]
    rows = [row for row, lrow in plan.rows if COL_CAPAIAN in lrow.figures]
    if not rows:
        return
    letter = column_letter(col)
    area = f"{letter}{FIRST_ROW}:{letter}{plan.rows[-1][0]}"
    top = f"{letter}{FIRST_ROW}"  # conditional-format formulas are relative to the range's top-left cell
    for band in catalog.achievement_bands:
        ws.conditional_formatting.add(area, FormulaRule(formula=[band_rule(top, band.minimum)], stopIfTrue=True,
                                                        fill=PatternFill("solid", bgColor=band.color)))


def _add_chart(ws: Any, plan: ResultSheetPlan) -> None:
    """A native bar chart of the unit's realisasi per indicator / sub-indicator, below the table.

    Its data is the plan's block of references (``=C12``) to the node rows only, so month or group
    rows between them do not become bars; those reference cells carry cached values like the rest.
    """
    from openpyxl.chart import BarChart, Reference

    if not plan.chart_rows:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.title = CHART_TITLE
    chart.y_axis.title = "Realisasi"
    chart.x_axis.delete = False  # openpyxl hides axes unless told otherwise
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # first code at the top, as in the table
    chart.legend = None
    chart.height = max(7.5, 0.55 * len(plan.chart_rows) + 2)
    chart.width = 24
    first, last = plan.chart_rows[0][0], plan.chart_rows[-1][0]
    chart.add_data(Reference(ws, min_col=3, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    ws.add_chart(chart, f"B{last + 2}")
