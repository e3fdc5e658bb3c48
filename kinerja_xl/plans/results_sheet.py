"""The *Hasil* sheet of a unit workbook, planned: every cell, formula, style kind and the chart's data.

Everything here follows from the layout and the expression plan (catalog, year, period, rounding), never
from the figures, so :func:`result_sheet_plan` builds it once per layout and rounding; the values come
from each file's :class:`~kinerja_xl.compute.engine.Computation`. The command line and the Excel button
write the same plan (:mod:`kinerja_xl.render.result_donor`, :mod:`kinerja_xl.xl_addin.book_io`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from ..catalog.schema import AchievementBand
from ..cells import CellAddress, a1
from ..compute.engine import Computation
from ..compute.expr import InputRef, Ref, ResultRef
from ..unit_layout import (
    COL_CAPAIAN,
    COL_IN1,
    COL_IN2,
    COL_PREDICATE,
    COL_REALISASI,
    COL_TARGET,
    SHEET_INPUT,
    SHEET_RESULT,
    UnitLayout,
    period_label,
)
from .formulas import FormulaRenderer, cached

# Hasil columns: layout column of the figure -> column on the Hasil sheet.
RESULT_COLUMNS = {COL_REALISASI: 3, COL_TARGET: 4, COL_CAPAIAN: 5, COL_PREDICATE: 6, COL_IN1: 7, COL_IN2: 8}
RESULT_HEADERS = ["Kode", "Uraian", "Realisasi", "Target PK", "% Capaian", "Predikat", "Jumlah pagu (Rp)",
                  "Jumlah realisasi (Rp)"]
FIRST_ROW = 5
CHART_TITLE = "Realisasi per indikator / sub indikator"
CHART_DATA_TITLE = "Data grafik"
WIDTHS = [14, 70, 12, 11, 11, 18, 20, 20]
#: A quarterly workbook's column of progress against the annual target, beside the quarter's own capaian.
PROGRESS_COLUMN, PROGRESS_HEADER, PROGRESS_WIDTH = 9, "% thd target tahunan", 13


#: What a planned cell is; each writer maps kinds to its own styles.
EntryKind = Literal["header", "section", "code", "text", "node", "number", "target_text", "formula", "formula_rp",
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
        kept = [(lrow, cells) for lrow, cells in placed if lrow.kind == "bagian" or cells or lrow.texts]
        # a section heading with nothing under it (e.g. a unit's budget inputs have no computed figure)
        kept = [(lrow, cells) for i, (lrow, cells) in enumerate(kept)
                if lrow.kind != "bagian" or (i + 1 < len(kept) and kept[i + 1][0].kind != "bagian")]
        progress = [lrow for lrow, _ in kept if lrow.node and ResultRef(lrow.node, "capaian_tahunan")
                    in computation.figures and COL_CAPAIAN in lrow.figures]
        self.headers = RESULT_HEADERS + ([PROGRESS_HEADER] if progress else [])
        self.widths = WIDTHS + ([PROGRESS_WIDTH] if progress else [])
        if layout.period != "tahunan":
            self.headers[RESULT_COLUMNS[COL_TARGET] - 1] = f"Target {layout.period} / tahunan"
        for row, (lrow, cells) in enumerate(kept, start=FIRST_ROW):
            self.rows.append((row, lrow))
            for col, ref in cells.items():
                self.cells[ref] = CellAddress(SHEET_RESULT, row, RESULT_COLUMNS[col])
            if lrow in progress:
                progress_ref = ResultRef(lrow.node or "", "capaian_tahunan")
                self.cells[progress_ref] = CellAddress(SHEET_RESULT, row, PROGRESS_COLUMN)
        self.inputs = {ref: addr for ref, (addr, _) in layout.input_cells().items()}
        # a range target's bounds are read from their locked cells on the Isian sheet
        self.input_constants = layout.constant_cells()
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
        if ref in self.input_constants:
            return self.input_constants[ref]
        return self.constants.get(ref)

    def _entries(self, computation: Computation) -> tuple[PlannedCell, ...]:
        renderer = FormulaRenderer(self.resolve, SHEET_RESULT)
        out = [PlannedCell(FIRST_ROW - 1, col, title, "header") for col, title in enumerate(self.headers, start=1)]
        realisasi: dict[int, ResultRef] = {}
        for row, lrow in self.rows:
            if lrow.kind == "bagian":
                out.extend(PlannedCell(row, col, {1: lrow.code or None, 2: lrow.text}.get(col), "section")
                           for col in range(1, len(self.headers) + 1))
                continue
            out.append(PlannedCell(row, 1, lrow.code or None, "code"))
            out.append(PlannedCell(row, 2, lrow.text, "node" if lrow.kind == "simpul" else "text"))
            for col, ref in lrow.constants.items():
                constant = self.constants[ref]
                if col in RESULT_COLUMNS and isinstance(constant, Decimal):
                    out.append(PlannedCell(row, RESULT_COLUMNS[col], float(constant), "number"))
            for col, text in lrow.texts.items():  # a range target, shown as 7–8
                if col in RESULT_COLUMNS:
                    out.append(PlannedCell(row, RESULT_COLUMNS[col], text, "target_text"))
            for col, ref in lrow.figures.items():
                if col not in RESULT_COLUMNS:
                    continue
                rupiah = ref.measure.startswith(("total.pagu", "total.realisasi"))
                out.append(PlannedCell(row, RESULT_COLUMNS[col], renderer.formula(computation.figures[ref].expr),
                                       "formula_rp" if rupiah else "formula", ref))
                if col == COL_REALISASI:
                    realisasi[row] = ref
            progress_ref = ResultRef(lrow.node or "", "capaian_tahunan")
            if self.cells.get(progress_ref, CellAddress("", 0, 0)).row == row:
                out.append(PlannedCell(row, PROGRESS_COLUMN, renderer.formula(computation.figures[progress_ref].expr),
                                       "formula", progress_ref))
        if self.chart_rows:
            out.append(PlannedCell(self.chart_title_row, 1, CHART_DATA_TITLE, "chart_title"))
            for data_row, code, source_row in self.chart_rows:
                out.append(PlannedCell(data_row, 1, code, "chart_code"))
                out.append(PlannedCell(data_row, 3, f"=C{source_row}", "chart_ref", realisasi[source_row]))
        return tuple(out)

    def cached_values(self, computation: Computation) -> dict[str, object]:
        """A1 -> the value each formula of :attr:`entries` gives for this computation."""
        return {a1(e.row, e.col): cached(computation.figures[e.figure].value) for e in self.entries if e.figure}


def result_sheet_plan(layout: UnitLayout, computation: Computation) -> ResultSheetPlan:
    """The plan for ``layout``, built once per rounding and scope and kept with the layout."""
    return layout.memo(("result-sheet", computation.rounding, computation.scope),
                       lambda: ResultSheetPlan(layout, computation))


@dataclass(frozen=True)
class ResultSheet:
    """One workbook's *Hasil*: the shared plan, its title lines, the cached value of every formula and
    the capaian bands."""

    plan: ResultSheetPlan
    title: str
    subtitle: str
    cached: dict[str, object]
    bands: tuple[AchievementBand, ...]


def result_sheet(layout: UnitLayout, computation: Computation, made_by: str = "kinerja-xl hitung") -> ResultSheet:
    """The *Hasil* of one unit workbook; ``made_by`` names what rewrites it (the command or the button)."""
    plan = result_sheet_plan(layout, computation)
    unit = layout.catalog.unit(layout.unit)
    return ResultSheet(plan, f"Hasil perhitungan — {unit.name}",
                       f"Tahun {layout.year} · {period_label(layout.period)} · rumus langsung dari lembar "
                       f"{SHEET_INPUT}; dibuat ulang oleh {made_by} (jangan diedit).",
                       plan.cached_values(computation), layout.catalog.achievement_bands)


