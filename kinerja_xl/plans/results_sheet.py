"""The *Hasil* sheet of a unit workbook, planned: every cell, formula, style kind and the chart's data.

Everything here follows from the layout and the expression plan (catalog, year, period, rounding), never
from the figures, so :func:`result_sheet_plan` builds it once per layout and rounding; the values come
from each file's :class:`~kinerja_xl.compute.engine.Computation`. The command line and the Excel button
write the same plan (:mod:`kinerja_xl.render.result_donor`, :mod:`kinerja_xl.xl_addin.book_io`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ..catalog.schema import AchievementBand, target_label
from ..cells import CellAddress, a1
from ..compute.engine import Computation, comparison_prefix
from ..compute.expr import InputRef, Ref, ResultRef, Value
from ..compute.survey import WEIGHT
from ..memo import remember
from ..model import SurveyTally
from ..unit_layout import (
    COL_CAPAIAN,
    COL_IN1,
    COL_IN2,
    COL_PREDICATE,
    COL_REALISASI,
    COL_TARGET,
    SHEET_INPUT,
    SHEET_RESULT,
    Row,
    SHEET_SURVEY,
    UnitLayout,
    period_label,
)
from .chart_specs import ChartSpec, Range, Series
from .fit import fit_heights, look_of, number_width
from .formats import INTEGER, PERCENT
from .formulas import FormulaRenderer, cached
from .paging import PageSetup, plan_pages
from .results_survey import SURVEY_NUMBER_FORMATS, SurveyBlock

# Hasil columns: layout column of the figure -> column on the Hasil sheet.
RESULT_COLUMNS = {COL_REALISASI: 3, COL_TARGET: 4, COL_CAPAIAN: 5, COL_PREDICATE: 6, COL_IN1: 7, COL_IN2: 8}
RESULT_HEADERS = ["Kode", "Uraian", "Realisasi", "Target PK", "% Capaian", "Predikat", "Jumlah pagu (Rp)",
                  "Jumlah realisasi (Rp)"]
FIRST_ROW = 5
CHART_TITLE = "Realisasi per indikator / sub indikator"
CHART_DATA_TITLE = "Data grafik (tidak dicetak)"
CHART_CATEGORY_TITLE = "Indikator / sub indikator"
WIDTHS = [14, 70, 12, 11, 11, 18, 20, 20]
#: The chart's size: 24 cm wide, 0,5 cm a bar and 1,5 cm for its title and axis (at least 6 cm), below the
#: table from column B.
CM = 96 / 2.54
ROW_PIXELS = 20  # the rows under the table keep Excel's default height (15 points)
#: Page setups a plan keeps, one per set of column widths (:attr:`ResultSheetPlan.pages`).
PAGES_KEPT = 16
#: A quarterly workbook's column of progress against the annual target, beside the quarter's own capaian.
PROGRESS_COLUMN, PROGRESS_HEADER, PROGRESS_WIDTH = 9, "% thd target tahunan", 13
#: The agency's category of each capaian (``kategori_capaian``), in the last column when the catalog has them.
CATEGORY_HEADER, CATEGORY_WIDTH = "Kategori", 16
#: An indicator other units supply too has no capaian of its own on a unit's sheet: its % Capaian cell holds
#: this mark, explained by :data:`SHARED_NOTE` under the table (a printed page never shows an unexplained blank).
SHARED_MARK = "*)"
SHARED_NOTE = ("*) Indikator ini juga diisi unit lain: % capaiannya dihitung pada buku kerja konsolidasi dari isian "
               "semua unit; realisasi di baris ini, bila ada, hanya dari isian unit ini.")


#: What a planned cell is; each writer maps kinds to its own styles.
EntryKind = Literal["header", "section", "code", "text", "node", "number", "target_text", "mark", "note", "formula",
                    "formula_rp", "chart_title", "chart_code", "chart_ref", "blank", "service", "survey_count",
                    "survey_nrr", "survey_weighted", "survey_number", "survey_text", "survey_text_open",
                    "span_mid", "span_end"]
#: Kinds whose entry is a formula (its value the formula text; its result the value of ``figure``).
FORMULA_KINDS = frozenset({"formula", "formula_rp", "chart_ref", "survey_count", "survey_nrr", "survey_weighted",
                           "survey_number", "survey_text", "survey_text_open"})


@dataclass(frozen=True)
class PlannedCell:
    """One cell of the Hasil sheet below the title: its content, its kind and, for a formula, the figure
    whose value is the formula's result (the cached value written with it)."""

    row: int
    col: int
    value: str | float | None
    kind: EntryKind
    figure: Ref | None = None


class ResultSheetPlan:
    """Where each figure goes on the Hasil sheet, how to resolve its references, and every cell to write.

    Everything here follows from the layout and the expression plan (catalog, year, period, rounding),
    never from the figures, so :func:`result_sheet_plan` builds it once per layout and rounding; the
    values come from each file's :class:`Computation` (:meth:`cached_values`).
    """

    def __init__(self, layout: UnitLayout, computation: Computation, services: int = 0):
        self.layout = layout
        self.constants = dict(computation.constants)
        self.rows: list[tuple[int, Any]] = []
        self.cells: dict[ResultRef, CellAddress] = {}
        placed = [(lrow, {col: ref for col, ref in {**lrow.figures, **lrow.constants}.items() if col in RESULT_COLUMNS})
                  for lrow in with_comparisons(layout, computation)]
        kept = [(lrow, cells) for lrow, cells in placed if lrow.kind == "bagian" or cells or lrow.texts]
        # a section heading with nothing under it (e.g. a unit's budget inputs have no computed figure)
        kept = [(lrow, cells) for i, (lrow, cells) in enumerate(kept)
                if lrow.kind != "bagian" or (i + 1 < len(kept) and kept[i + 1][0].kind != "bagian")]
        progress = [lrow for lrow, _ in kept if lrow.node and ResultRef(lrow.node, "capaian_tahunan")
                    in computation.figures and COL_CAPAIAN in lrow.figures]
        self.headers = RESULT_HEADERS + ([PROGRESS_HEADER] if progress else [])
        self.widths = WIDTHS + ([PROGRESS_WIDTH] if progress else [])
        categorised = bool(layout.catalog.categories) and any(_category_ref(lrow) in computation.figures
                                                               for lrow, _ in kept)
        #: the column of each capaian's category (:func:`_category_ref`), when the catalog has categories
        self.category_col = len(self.headers) + 1 if categorised else None
        if categorised:
            self.headers.append(CATEGORY_HEADER)
            self.widths.append(CATEGORY_WIDTH)
        self.categories: dict[int, ResultRef] = {}  # Hasil row -> the category shown in it
        if layout.period != "tahunan":
            self.headers[RESULT_COLUMNS[COL_TARGET] - 1] = f"Target {layout.period} / tahunan"
        for row, (lrow, cells) in enumerate(kept, start=FIRST_ROW):
            self.rows.append((row, lrow))
            for col, ref in cells.items():
                self.cells[ref] = CellAddress(SHEET_RESULT, row, RESULT_COLUMNS[col])
            if lrow in progress:
                progress_ref = ResultRef(lrow.node or "", "capaian_tahunan")
                self.cells[progress_ref] = CellAddress(SHEET_RESULT, row, PROGRESS_COLUMN)
            category = _category_ref(lrow)
            if self.category_col is not None and category is not None and category in computation.figures:
                self.cells[category] = CellAddress(SHEET_RESULT, row, self.category_col)
                self.categories[row] = category
        self.inputs: dict[InputRef, CellAddress] = {ref: addr for ref, (addr, _) in layout.input_cells().items()}
        # a range target's bounds are read from their locked cells on the Isian sheet
        self.input_constants: dict[ResultRef, CellAddress] = dict(layout.constant_cells())
        # Chart data: node rows only (no month or group rows between them), in a block right of the table,
        # outside the print area; the chart itself goes below the table, inside it.
        nodes = [(row, lrow.code) for row, lrow in self.rows if COL_REALISASI in lrow.figures
                 and lrow.kind == "simpul" and not (lrow.node or "").startswith("ANGGARAN")]
        self.last_table_row = self.rows[-1][0] if self.rows else FIRST_ROW
        #: rows of an indicator other units supply too (:func:`_shared`), marked; the note under the table says why
        self.shared_rows = tuple(row for row, lrow in self.rows if _shared(lrow))
        self.note_row = self.last_table_row + 1 if self.shared_rows else None
        if self.note_row is not None:
            self.last_table_row = self.note_row
        self.chart_col = len(self.headers) + 2
        self.indicator_rows_end = self.last_table_row
        self.survey: SurveyBlock | None = None
        if layout.survey is not None and ResultRef(layout.survey.node, WEIGHT) in computation.constants:
            # the SKM tables below the table; the survey's counts and weight read where the Survei sheet has them
            self.inputs.update(layout.survey.input_cells())
            self.input_constants.update(layout.survey.constant_cells())
            self.survey = SurveyBlock(layout.survey, computation, self.last_table_row + 2, services,
                                      helper_col=self.chart_col + 3)
            self.cells.update({ref: addr for ref, addr in self.survey.homes.items() if isinstance(ref, ResultRef)})
            self.last_table_row = self.survey.last_row
        self.chart_title_row = FIRST_ROW - 1
        self.chart_rows = [(FIRST_ROW + i, code, row) for i, (row, code) in enumerate(nodes)]
        self.chart_row = self.last_table_row + 2  # the chart's top row, below the table
        self.chart = self._chart_spec()
        # the NRR of every unsur, charted below the realisasi chart
        self.survey_chart = self.survey.chart_spec() if self.survey is not None else None
        self.survey_chart_row = self.chart_row + (self.chart_rows_span + 1 if self.chart else 0)
        self.heights = self._heights()
        self.entries = self._entries(computation)

    def _chart_spec(self) -> ChartSpec | None:
        if not self.chart_rows:
            return None
        first, last = self.chart_rows[0][0], self.chart_rows[-1][0]
        codes = Range(SHEET_RESULT, first, self.chart_col, last, self.chart_col)
        values = Range(SHEET_RESULT, first, self.chart_col + 1, last, self.chart_col + 1)
        height = round(max(6, 0.5 * len(self.chart_rows) + 1.5) * CM)
        return ChartSpec("hasil", CHART_TITLE, "bar", (Series("Realisasi", codes, values, labels=True),),
                         x_title=CHART_CATEGORY_TITLE, y_title="Realisasi", y_format="#,##0",
                         label_format=PERCENT, legend=False, reverse=True, size=(round(24 * CM), height))

    @property
    def chart_rows_span(self) -> int:
        """Rows the chart covers below the table (whole rows of the default height)."""
        return -(-self.chart.size[1] // ROW_PIXELS) if self.chart else 0

    @property
    def last_row(self) -> int:
        """The last printed row: the last chart's, or the table's."""
        if self.survey_chart is not None:
            return self.survey_chart_row - 1 + -(-self.survey_chart.size[1] // ROW_PIXELS)
        return self.chart_row + self.chart_rows_span if self.chart else self.last_table_row

    def _heights(self) -> dict[int, float]:
        """Every row of the table as high as its wrapped texts, in the widths of :data:`WIDTHS`."""
        widths = dict(enumerate(self.widths, start=1))
        cells = [(1, 1, "", look_of("title"))]
        cells += [(FIRST_ROW - 1, col, title, look_of("header")) for col, title in enumerate(self.headers, start=1)]
        for row, lrow in self.rows:
            kind = "section" if lrow.kind == "bagian" else "node" if lrow.kind == "simpul" else "text"
            cells += [(row, 1, lrow.code, look_of("code")), (row, 2, lrow.text, look_of(kind))]
        if self.note_row is not None:
            cells.append((self.note_row, 2, SHARED_NOTE, look_of("note")))
        if self.survey is not None:
            cells += [(c.row, c.col, c.value, look_of(c.kind)) for c in self.survey.cells  # the printed ones
                      if isinstance(c.value, str) and c.kind in ("header", "section", "text", "node")
                      and c.col <= len(self.widths)]
        return fit_heights(cells, widths)

    @functools.cached_property
    def number_columns(self) -> tuple[tuple[float, ...], dict[tuple[int, str], list[str]]]:
        """The widths with the planned numbers (the looks of :data:`NUMBER_FORMATS`) fitted, and the cells of the
        formulas of each column and number format, whose values each file fits (:func:`_widths`)."""
        widths = [float(w) for w in self.widths]
        formulas: dict[tuple[int, str], list[str]] = {}
        for e in self.entries:
            fmt = NUMBER_FORMATS.get(e.kind)
            if not fmt or e.col > len(widths):
                continue
            if e.figure is not None:
                formulas.setdefault((e.col, fmt), []).append(a1(e.row, e.col))
            elif isinstance(e.value, (int, float)) and not isinstance(e.value, bool):
                widths[e.col - 1] = max(widths[e.col - 1], number_width([e.value], fmt))
        return tuple(widths), formulas

    @functools.cached_property
    def pages(self) -> dict[tuple[float, ...], PageSetup]:
        """The page setup of each set of column widths met so far (:func:`_page` follows from them and the plan
        alone: files whose numbers fit the same widths print alike), at most :data:`PAGES_KEPT`."""
        return {}

    def resolve(self, ref: Ref) -> CellAddress | Decimal | str | None:
        if self.survey is not None and ref in self.survey.homes:
            return self.survey.homes[ref]
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
            for col, text in lrow.texts.items():  # a range target, shown as 7–8, or a bound as < 10
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
            category = self.categories.get(row)
            if category is not None:
                out.append(PlannedCell(row, self.cells[category].col,
                                       renderer.formula(computation.figures[category].expr), "formula", category))
        out.extend(PlannedCell(row, RESULT_COLUMNS[COL_CAPAIAN], SHARED_MARK, "mark") for row in self.shared_rows)
        if self.note_row is not None:
            out.append(PlannedCell(self.note_row, 2, SHARED_NOTE, "note"))
        if self.survey is not None:
            for cell in self.survey.cells:
                formula = self.survey.formula(cell, renderer) if cell.expr is not None or cell.ref is not None else None
                out.append(PlannedCell(cell.row, cell.col, formula if formula is not None else cell.value,
                                       cell.kind, cell.ref if formula is not None else None))  # type: ignore[arg-type]
        if self.chart_rows:
            out.append(PlannedCell(self.chart_title_row, self.chart_col, CHART_DATA_TITLE, "chart_title"))
            for data_row, code, source_row in self.chart_rows:
                out.append(PlannedCell(data_row, self.chart_col, code, "chart_code"))
                out.append(PlannedCell(data_row, self.chart_col + 1, f"=C{source_row}", "chart_ref",
                                       realisasi[source_row]))
        return tuple(out)

    def cached_values(self, computation: Computation, extra: Mapping[Ref, Value] | None = None) -> dict[str, object]:
        """A1 -> the value each formula of :attr:`entries` gives for this computation (``extra``: the values of
        a file's own rows, its jenis layanan)."""
        def value(ref: Ref) -> Value:
            if isinstance(ref, ResultRef) and ref in computation.figures:
                return computation.figures[ref].value
            if isinstance(ref, InputRef) and ref in computation.inputs:
                return computation.inputs[ref]
            return (extra or {}).get(ref)

        return {a1(e.row, e.col): cached(value(e.figure)) for e in self.entries if e.figure is not None}


def _category_ref(lrow: Row) -> ResultRef | None:
    """The category of the capaian a Hasil row shows: ``kategori`` of an indicator's ``capaian``,
    ``kategori_pembanding1`` of ``capaian_pembanding1`` (None: the row shows no capaian)."""
    capaian = lrow.figures.get(COL_CAPAIAN)
    if capaian is None or not capaian.measure.startswith("capaian"):
        return None
    return ResultRef(capaian.node, "kategori" + capaian.measure[len("capaian"):])


def _shared(lrow: Row) -> bool:
    """An indicator row with a target but no capaian: the unit layout gives a capaian only to an indicator the unit
    supplies alone, so other units supply this one too, and its capaian is the consolidation's."""
    return lrow.kind == "simpul" and COL_CAPAIAN not in lrow.figures and (
        COL_TARGET in lrow.constants or COL_TARGET in lrow.texts)


def with_comparisons(layout: UnitLayout, computation: Computation) -> list[Row]:
    """The layout's rows, each indicator whose capaian the sheet shows followed by one row per ``pembanding``:
    its target under the target, the capaian against it under the capaian (the Hasil sheet only; the input
    sheet is unchanged)."""
    out: list[Row] = []
    catalog = layout.catalog
    for lrow in layout.rows:
        out.append(lrow)
        if lrow.kind != "simpul" or lrow.level != "indikator" or COL_CAPAIAN not in lrow.figures or not lrow.node:
            continue
        node = catalog.node(lrow.node)
        for i, comparison in enumerate(node.comparisons, start=1):
            prefix = comparison_prefix(i)
            figure = ResultRef(node.code, f"capaian_{prefix}")
            target = comparison.target_for(computation.year)
            if target is None or figure not in computation.figures:
                continue
            shown = {COL_TARGET: target_label(target)} if not isinstance(target, Decimal) else {}
            constants = {COL_TARGET: ResultRef(node.code, prefix)} if isinstance(target, Decimal) else {}
            out.append(Row(row=lrow.row, kind="isian", key=f"pembanding|{node.code}|{i}", code="",
                           text=f"Dibandingkan {comparison.name}", node=node.code, level=lrow.level,
                           figures={COL_CAPAIAN: figure}, constants=constants, texts=shown))
    return out


def result_sheet_plan(layout: UnitLayout, computation: Computation, services: int = 0) -> ResultSheetPlan:
    """The plan for ``layout`` with rows for ``services`` jenis layanan, built once per rounding, scope and
    number of jenis layanan and kept with the layout."""
    return layout.memo(("result-sheet", computation.rounding, computation.scope, services),
                       lambda: ResultSheetPlan(layout, computation, services))


@dataclass(frozen=True)
class ResultSheet:
    """One workbook's *Hasil*: the shared plan, its title lines, the cached value of every formula and
    the capaian bands."""

    plan: ResultSheetPlan
    title: str
    subtitle: str
    cached: dict[str, object]
    bands: tuple[AchievementBand, ...]
    widths: tuple[float, ...]   # the plan's, a number column widened to this file's longest value
    page: PageSetup
    texts: dict[str, Any] = field(default_factory=dict)  # the file's own texts (its jenis layanan) by A1

    def value(self, entry: PlannedCell) -> Any:
        """What a non-formula entry shows in this workbook."""
        return self.texts.get(a1(entry.row, entry.col), entry.value)


#: The number format of each kind of planned cell that holds a number.
NUMBER_FORMATS = {"number": PERCENT, "formula": PERCENT, "formula_rp": INTEGER, **SURVEY_NUMBER_FORMATS}


def _widths(plan: ResultSheetPlan, cached: dict[str, object]) -> tuple[float, ...]:
    """The plan's widths, a number column widened to its longest value (:func:`~.fit.number_width`): the widths of
    the plan's own numbers are found once per plan (:attr:`ResultSheetPlan.number_columns`), each file's cached
    values added."""
    fixed, formulas = plan.number_columns
    widths = list(fixed)
    for (col, fmt), cells in formulas.items():
        values = [v for v in map(cached.get, cells) if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if values:  # the widest of them: a number's width only grows with the room its text takes
            widths[col - 1] = max(widths[col - 1], number_width(values, fmt))
    return tuple(widths)


def _page(plan: ResultSheetPlan, widths: tuple[float, ...]) -> PageSetup:
    """Landscape A4 a page wide; the chart whole, below the table; the column titles on every page when the
    table itself runs over pages (a page holding only the chart needs none)."""
    keep = {row for row, lrow in plan.rows if lrow.kind in ("bagian", "simpul")}
    # each chart and the row above it stay together
    keep |= set(range(plan.chart_row - 1, plan.chart_row + plan.chart_rows_span))
    if plan.survey is not None:
        keep |= plan.survey.keep | set(range(plan.survey_chart_row - 1, plan.last_row))
    area = (1, 1, plan.last_row, len(plan.headers))
    page = plan_pages(dict(enumerate(widths, start=1)), plan.heights, area, keep=keep)
    if page.breaks and page.breaks[0] <= plan.indicator_rows_end:
        page = plan_pages(dict(enumerate(widths, start=1)), plan.heights, area, keep=keep,
                          repeat=(FIRST_ROW - 1, FIRST_ROW - 1))
    return page


def result_sheet(layout: UnitLayout, computation: Computation, made_by: str = "kinerja-xl hitung",
                 survey: SurveyTally | None = None) -> ResultSheet:
    """The *Hasil* of one unit workbook; ``made_by`` names what rewrites it (the command or the button);
    ``survey`` is what its Survei sheet holds per jenis layanan."""
    services = len(survey.services) if survey is not None and layout.survey is not None \
        and "jenis_layanan" in layout.survey.columns else 0
    plan = result_sheet_plan(layout, computation, services)
    unit = layout.catalog.unit(layout.unit)
    block = plan.survey
    extra = block.service_values(survey) if block is not None and survey is not None and services else {}
    texts = block.texts(survey) if block is not None and survey is not None and services else {}
    cached_values = plan.cached_values(computation, extra)
    widths = _widths(plan, cached_values)
    sheets = f"{SHEET_INPUT} dan {SHEET_SURVEY}" if block is not None else SHEET_INPUT
    page = plan.pages.get(widths)
    if page is None:
        page = remember(plan.pages, widths, _page(plan, widths), PAGES_KEPT)
    return ResultSheet(plan, f"Hasil perhitungan — {unit.name}",
                       f"Tahun {layout.year} · {period_label(layout.period)} · rumus langsung dari lembar "
                       f"{sheets}; dibuat ulang oleh {made_by} (jangan diedit).",
                       cached_values, layout.catalog.achievement_bands, widths, page, texts)


