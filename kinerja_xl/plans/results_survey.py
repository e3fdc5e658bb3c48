"""The survey part of a unit's *Hasil* sheet: the SKM table, per jenis layanan, and the data of its chart.

The SKM table shows, per unsur, the answers given, their sum, the NRR, the weighted NRR, NRR × 25 and the
unsur's mutu, then the respondents, the index, the IKM, its mutu and kinerja unit and the weakest unsur
(the priority for improvement): the engine's figures, as formulas over the Survei sheet's counts. When
respondents name their jenis layanan, a second table gives each layanan's respondents, IKM, mutu and
weakest unsur; the NRR per unsur and the answers per level they come from (SUMPRODUCT over the Survei
sheet) sit right of the print area, as the Hasil chart's data does: the same expressions
(:func:`~kinerja_xl.compute.survey.skm_exprs`), evaluated per layanan. The layanan are the unit's own; only
their number shapes the plan, their names and values are a file's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..catalog.schema import count_key, respondents_key
from ..catalog.survey import LEVELS
from ..cells import CellAddress
from ..compute.builder import PlanBuilder
from ..compute.engine import Computation
from ..compute.expr import Cell, Expr, InputRef, Ref, ResultRef, Value, inline
from ..compute.survey import WEIGHT, evaluate_in_order, skm_exprs
from ..compute.survey import measure as survey_measure
from ..model import SurveyTally
from ..unit_layout import SHEET_RESULT, SurveyLayout
from .chart_specs import ChartSpec, Range, Series
from .formats import INTEGER, PERCENT
from .formulas import FormulaRenderer, service_answer_count, service_respondent_count
from ..text import ExactText

#: Columns of the SKM table (per unsur): the recap figure each shows.
UNSUR_COLUMNS = (("jumlah", "Jumlah jawaban"), ("skor", "Jumlah nilai"), ("nrr", "NRR"),
                 ("nrr_tertimbang", "NRR tertimbang"), ("konversi", "NRR × 25"), ("mutu", "Mutu unsur"))
SUMMARY = (("responden", "Jumlah responden"), ("indeks", "Jumlah NRR tertimbang (nilai indeks)"),
           ("ikm", "IKM (nilai indeks × 25)"), ("mutu", "Mutu pelayanan"), ("kinerja", "Kinerja unit pelayanan"),
           ("terendah", "Unsur terendah (prioritas perbaikan)"))
#: The NRR column of the SKM table (the data of its chart) and the chart's title.
SURVEY_NRR_COLUMN = 3 + [name for name, _ in UNSUR_COLUMNS].index("nrr")
SURVEY_CHART_TITLE = "Nilai rata-rata (NRR) per unsur pelayanan"
#: The per-layanan table (printed): its columns and the figure each shows.
SERVICE_HEADERS = ("No", "Jenis layanan", "Jumlah responden", "IKM", "Mutu", "Unsur terendah")
SERVICE_SHOWN = {"ikm": 4, "mutu": 5, "terendah": 6}
SPAN_FROM = SERVICE_SHOWN["terendah"]  # the column whose text runs on to the table's right edge
#: The number format of each kind of survey cell that holds a number.
SURVEY_NUMBER_FORMATS = {"survey_count": INTEGER, "survey_nrr": "0.000", "survey_weighted": "0.0000",
                         "survey_number": PERCENT}
HELPER_TITLE = "Data per jenis layanan (tidak dicetak)"
#: The NRR chart: 16 × 7,5 cm (pixels at 96 dpi).
CHART_SIZE = (round(16 * 96 / 2.54), round(7.5 * 96 / 2.54))


def kind_of(name: str) -> str:
    """How a survey figure is shown: a count, an NRR (3 decimals), a weighted NRR or index (4), a value on the
    IKM scale (2), or a text (mutu, kinerja, weakest unsur)."""
    measure = name.split(".")[0]
    if measure in ("jumlah", "skor", "responden"):
        return "survey_count"
    if measure == "nrr":
        return "survey_nrr"
    if measure in ("nrr_tertimbang", "indeks"):
        return "survey_weighted"
    if measure in ("konversi", "ikm", "tertimbang"):
        return "survey_number"
    return "survey_text"


@dataclass
class SurveyCell:
    """A planned cell of the survey part: text, or a formula (``expr`` or a counting ``text``) with the
    reference whose value is its result."""

    row: int
    col: int
    kind: str
    value: str | None = None
    expr: Expr | None = None
    ref: Ref | None = None


@dataclass
class SurveyBlock:
    """The survey part of one Hasil plan, from ``first_row``; ``services`` jenis layanan get rows, their NRR
    and counts from column ``helper_col`` (right of the print area)."""

    layout: SurveyLayout
    computation: Computation
    first_row: int
    services: int
    helper_col: int
    cells: list[SurveyCell] = field(default_factory=list)
    homes: dict[Ref, CellAddress] = field(default_factory=dict)
    service_names: list[CellAddress] = field(default_factory=list)
    service_figures: dict[Ref, Expr] = field(default_factory=dict)
    #: The labels of the count rows: (layanan, level, cell).
    level_labels: list[tuple[int, int, CellAddress]] = field(default_factory=list)
    chart: tuple[int, int] = (0, 0)
    #: The last printed row (the helper rows right of the print area may run further down).
    last_row: int = 0
    #: Rows a page must not end on: the SKM table prints whole, a heading stays with the rows under it.
    keep: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._service_exprs: list[dict[str, tuple[Expr, str]]] = []  # per layanan, built once for both uses
        self.table()
        if self.services:
            self.service_tables()

    # -- helpers -----------------------------------------------------------------------------------
    def ref(self, name: str) -> ResultRef:
        return ResultRef(self.layout.node, survey_measure(self.layout.source.group, name))

    def put(self, row: int, col: int, kind: str, value: str | None = None, expr: Expr | None = None,
            ref: Ref | None = None) -> None:
        self.cells.append(SurveyCell(row, col, kind, value, expr, ref))
        if isinstance(ref, ResultRef) and expr is not None:
            self.homes.setdefault(ref, CellAddress(SHEET_RESULT, row, col))

    def figure(self, row: int, col: int, name: str) -> None:
        ref = self.ref(name)
        found = self.computation.figures.get(ref)
        if found is None:
            self.put(row, col, "blank")
        else:
            self.put(row, col, kind_of(name), expr=found.expr, ref=ref)

    def section(self, row: int, code: str | None, title: str) -> None:
        self.put(row, 1, "section", code)
        self.put(row, 2, "section", title)
        for col in range(3, 3 + len(UNSUR_COLUMNS)):
            self.put(row, col, "section")

    def span(self, row: int, kind: str) -> None:
        """The per-layanan table's last column (the weakest unsur, a long text) reaches the SKM table's right
        edge: the cells right of it are left empty, so the text runs on into them, inside one border."""
        for col in range(SPAN_FROM + 1, 3 + len(UNSUR_COLUMNS)):
            self.put(row, col, kind if kind == "header" else
                     "span_end" if col == 2 + len(UNSUR_COLUMNS) else "span_mid")

    # -- the SKM table -----------------------------------------------------------------------------
    def table(self) -> None:
        layout, spec = self.layout, self.layout.spec
        node = layout.source.node
        r = self.first_row
        what = f" — {layout.source.name}" if layout.source.group else ""
        self.section(r, node.code, f"Survei Kepuasan Masyarakat{what} (bobot setiap unsur {spec.weight_text()}"
                                   f"{spec.nrr_text()})")
        r += 1
        for col, title in enumerate(["Kode", "Unsur pelayanan", *(t for _, t in UNSUR_COLUMNS)], start=1):
            self.put(r, col, "header", title)
        first = r + 1
        for i, item in enumerate(spec.items):
            row = first + i
            self.put(row, 1, "code", item.code)
            self.put(row, 2, "text", item.name)
            for col, (name, _) in enumerate(UNSUR_COLUMNS, start=3):
                self.figure(row, col, f"{name}.{item.code}")
        self.chart = (first, first + spec.size - 1)
        r = first + spec.size
        for name, label in SUMMARY:
            self.put(r, 2, "node", label)
            if name == "responden":
                count = InputRef(layout.node, respondents_key(layout.source.group), layout.unit)
                self.put(r, 3, "survey_count", expr=Cell(count), ref=count)
            else:
                self.figure(r, 3, name)
            r += 1
        self.last_row = r - 1
        self.keep = set(range(self.first_row, self.last_row))

    def chart_spec(self) -> ChartSpec:
        """The NRR of every unsur as a column chart: the SKM table's Kode and NRR columns."""
        first, last = self.chart
        codes = Range(SHEET_RESULT, first, 1, last, 1)
        values = Range(SHEET_RESULT, first, SURVEY_NRR_COLUMN, last, SURVEY_NRR_COLUMN)
        return ChartSpec("nrr", SURVEY_CHART_TITLE, "column", (Series("NRR", codes, values, labels=True),),
                         x_title="Unsur pelayanan", y_title="NRR (skala 1–4)", y_format="0", label_format="0.000",
                         y_max=4, y_step=1, legend=False, size=CHART_SIZE)

    # -- per jenis layanan -------------------------------------------------------------------------
    def service_ref(self, i: int, name: str) -> ResultRef:
        return self.ref(f"layanan{i}.{name}")

    def service_count(self, i: int, item: str, level: int) -> InputRef:
        return InputRef(self.layout.node, count_key(self.layout.source.group, f"layanan{i}.{item}", level),
                        self.layout.unit)

    def service_respondents(self, i: int) -> InputRef:
        return InputRef(self.layout.node, respondents_key(self.layout.source.group) + f".layanan{i}",
                        self.layout.unit)

    def service_exprs(self, i: int) -> dict[str, tuple[Expr, str]]:
        layout, node = self.layout, self.layout.source.node
        builder = PlanBuilder(self.computation)
        predicate = node.predicate
        return skm_exprs(layout.spec, lambda item, level: Cell(self.service_count(i, item, level)),
                         Cell(ResultRef(layout.node, WEIGHT)), lambda name: self.service_ref(i, name),
                         builder.stage, (lambda operand, label: builder.classify(predicate, operand, label))
                         if predicate else None)

    def service_tables(self) -> None:
        """The printed table of the jenis layanan and, right of the print area, the NRR per unsur and the
        answers per level that its figures come from."""
        codes = [i.code for i in self.layout.spec.items]
        r = self.last_row + 2
        self.section(r, None, "IKM per jenis layanan (jenis layanan seperti tertulis di lembar Survei)")
        for col, title in enumerate(SERVICE_HEADERS, start=1):
            self.put(r + 1, col, "header", title)
        self.span(r + 1, "header")
        self.keep |= {r, r + 1}
        h = self.helper_col
        self.put(r, h, "chart_title", HELPER_TITLE)
        for col, title in enumerate(["No", *(f"NRR {c}" for c in codes)], start=h):
            self.put(r + 1, col, "header", title)
        top = r + 2
        counts_top = top + self.services + 2  # below the NRR rows: a header, then a row per layanan and level
        for col, title in enumerate(["No", "Jenis layanan / nilai", *codes], start=h):
            self.put(counts_top - 1, col, "header", title)
        for i in range(self.services):
            row = top + i
            self.put(row, 1, "code", str(i + 1))
            self.service_names.append(CellAddress(SHEET_RESULT, row, 2))
            self.put(row, 2, "service")
            responden = self.service_respondents(i)
            self.put(row, 3, "survey_count", ref=responden)
            self.homes[responden] = CellAddress(SHEET_RESULT, row, 3)
            exprs = self.service_exprs(i)
            self._service_exprs.append(exprs)
            for name, (expr, _) in exprs.items():
                self.service_figures[self.service_ref(i, name)] = expr
            for name, col in SERVICE_SHOWN.items():
                if name in exprs:
                    kind = "survey_text_open" if col == SPAN_FROM else kind_of(name)
                    self.put(row, col, kind, expr=exprs[name][0], ref=self.service_ref(i, name))
            self.span(row, "span")
            self.put(row, h, "chart_code", str(i + 1))
            for j, code in enumerate(codes, start=h + 1):
                self.put(row, j, "survey_nrr", expr=exprs[f"nrr.{code}"][0], ref=self.service_ref(i, f"nrr.{code}"))
            for level in LEVELS:
                count_row = counts_top + i * len(LEVELS) + level - 1
                self.put(count_row, h, "chart_code", str(i + 1))
                self.level_labels.append((i, level, CellAddress(SHEET_RESULT, count_row, h + 1)))
                self.put(count_row, h + 1, "chart_code")
                for j, code in enumerate(codes, start=h + 2):
                    ref = self.service_count(i, code, level)
                    self.put(count_row, j, "survey_count", ref=ref)
                    self.homes[ref] = CellAddress(SHEET_RESULT, count_row, j)
        self.last_row = top + self.services - 1

    # -- formulas and values -----------------------------------------------------------------------
    def formula(self, cell: SurveyCell, renderer: FormulaRenderer) -> str:
        """The formula of a cell: a count over the Survei sheet, or an expression (steps without a cell of
        their own written into it)."""
        if cell.expr is not None:
            return renderer.formula(inline(cell.expr, self.service_figures, self._kept))
        ref = cell.ref
        assert isinstance(ref, InputRef)
        layout = self.layout
        index = int(ref.key.split("layanan", 1)[1].split(".", 1)[0])
        name = self.service_names[index].a1(SHEET_RESULT)
        services = layout.answers(layout.column("jenis_layanan"), SHEET_RESULT)
        if ref.key.endswith(f".layanan{index}"):
            answers = [layout.answers(layout.answer_col(i.code), SHEET_RESULT) for i in layout.spec.items]
            return service_respondent_count(answers, services, name)
        item, level = ref.key.rsplit(".", 2)[-2:]
        return service_answer_count(layout.answers(layout.answer_col(item), SHEET_RESULT), int(level),
                                    layout.spec.item(item).words(int(level)), services, name)

    @functools.cached_property
    def _kept(self) -> set[Ref]:
        """The steps a formula refers to rather than writes out: those with a cell, and the engine's figures
        (the plan is complete once built, so this is too)."""
        return set(self.homes) | set(self.computation.figures)

    def service_values(self, tally: SurveyTally) -> dict[Ref, Value]:
        """The value of every per-layanan cell of this file: its counts, then the figures of each layanan."""
        env: dict[Ref, Value] = dict(self.computation.env)
        out: dict[Ref, Value] = {}
        for i, service in enumerate(tally.services[: self.services]):
            out[self.service_respondents(i)] = Decimal(service.respondents)
            for item in self.layout.spec.items:
                for level in LEVELS:
                    ref = self.service_count(i, item.code, level)
                    out[ref] = env[ref] = Decimal(service.counts.get((item.code, level), 0))
            values = evaluate_in_order(self._service_exprs[i], env, functools.partial(self.service_ref, i))
            out.update({self.service_ref(i, name): value for name, value in values.items()})
        return out

    def texts(self, tally: SurveyTally) -> dict[str, Any]:
        """The per-file texts: each layanan's name as written (text or number), and the count rows' labels."""
        out: dict[str, Any] = {}
        for address, service in zip(self.service_names, tally.services, strict=False):
            # the per-layanan formulas compare the Survei sheet's cells with this one: stored exactly
            out[address.cell] = ExactText(service.name) if isinstance(service.name, str) else service.name
        for i, level, address in self.level_labels:
            if i < len(tally.services):
                out[address.cell] = f"{tally.services[i].name} — nilai {level}"
        return out

