"""The *Survei* sheet of a unit workbook, planned: the respondents' answers and the live SKM recap above them.

Where everything sits is the :class:`~kinerja_xl.unit_layout.SurveyLayout`. The recap counts the answers
of every unsur and level with COUNTIF and the respondents with SUMPRODUCT (:mod:`.formulas`); the NRR,
their weighted sum, the IKM, its mutu and the weakest unsur are the engine's expressions over those
counts, rendered as formulas, so the IKM the Isian sheet (and the indicator) reads is computed by the
workbook itself, as kinerja_xl computes it. A template carries no answers; an example carries its rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from ..catalog.survey import LEVELS
from ..compute.engine import Computation
from ..compute.expr import ResultRef
from ..compute.survey import NRR_DIGITS, WEIGHTED_DIGITS
from ..compute.survey import measure as survey_measure
from ..unit_layout import (
    COUNT_ROWS,
    SHEET_SURVEY,
    SURVEY_NUMBER_COL,
    SURVEY_TITLE_ROW,
    SurveyLayout,
    UnitLayout,
)
from .fit import Look, fit_heights
from .formulas import FormulaRenderer, answer_count, cached, respondent_count
from .paging import PageSetup, plan_pages

SurveyCellKind = Literal["title", "subtitle", "note", "label", "section", "header", "code", "name", "choices",
                         "population", "weight", "count", "number", "nrr", "weighted", "text"]
SUMMARY_STYLES: dict[str, SurveyCellKind] = {"indeks": "weighted", "ikm": "number"}
RECAP_STYLES: dict[str, SurveyCellKind] = {"jumlah": "count", "skor": "count", "nrr": "nrr",
                                           "nrr_tertimbang": "weighted", "konversi": "number"}
#: Number format of the figures of each kind (formats the writer maps to its styles).
DIGITS: dict[str, int] = {"count": 0, "number": 2, "nrr": NRR_DIGITS, "weighted": WEIGHTED_DIGITS, "weight": 4}
#: The looks of the wrapped texts (the writer's fonts): the lines under the title (each across the printed
#: columns), the unsur names and their answer choices.
LOOKS: dict[str, Look] = {"subtitle": Look(italic=True, wrap=True), "note": Look(italic=True, wrap=True),
                          "name": Look(size=9, wrap=True), "choices": Look(size=8, wrap=True)}


@dataclass(frozen=True)
class SurveyCell:
    """One planned cell: ``formula`` (with its cached value) or a plain ``value``."""

    kind: SurveyCellKind
    value: Any = None
    formula: str = ""


@dataclass(frozen=True)
class SurveySheetPlan:
    """The Survei sheet: its cells, the respondent rows it comes with, column widths, row heights, the answer
    area and the print (the recap down to the answer choices; the respondents' rows are data)."""

    layout: SurveyLayout
    cells: dict[tuple[int, int], SurveyCell]
    rows: tuple[tuple[Any, ...], ...]
    widths: dict[int, float]
    heights: dict[int, float]
    answer_hint: str
    page: PageSetup
    #: Cells merged across columns: (row, first column) -> last column.
    spans: dict[tuple[int, int], int]

    @property
    def answer_area(self) -> tuple[int, int, int, int]:
        """(first row, first column, last row, last column) of the answers the formulas count."""
        layout = self.layout
        codes = [i.code for i in layout.spec.items]
        return layout.first_row, layout.answer_col(codes[0]), layout.last_row, layout.answer_col(codes[-1])


def plan_survey_sheet(unit_layout: UnitLayout, computation: Computation, rows: Sequence[Sequence[Any]] = (),
                      note: str = "") -> SurveySheetPlan | None:
    """The Survei sheet of ``unit_layout`` (None when the catalog declares no survey for the unit and period);
    ``computation`` is the unit's, of the counts of ``rows``; ``note`` says e.g. that the answers are synthetic."""
    layout = unit_layout.survey
    if layout is None:
        return None
    spec, source = layout.spec, layout.source
    renderer = FormulaRenderer(unit_layout.resolver(computation), SHEET_SURVEY)
    cells: dict[tuple[int, int], SurveyCell] = {}

    def put(row: int, col: int, kind: SurveyCellKind, value: Any = None, formula: str = "") -> None:
        cells[(row, col)] = SurveyCell(kind, value, formula)

    def figure(row: int, col: int, name: str, kind: SurveyCellKind) -> None:
        found = computation.figures[_ref(layout, name)]
        put(row, col, kind, cached(found.value), renderer.formula(found.expr))

    node = source.node
    what = f"{node.code} {node.name}" + (f" — {source.name}" if source.group else "")
    lc, vc = layout.label_col, layout.value_col  # labels left of the first answer, values under it
    put(SURVEY_TITLE_ROW, lc, "title", f"Survei Kepuasan Masyarakat — {computation.catalog.unit(layout.unit).name}")
    put(SURVEY_TITLE_ROW + 1, lc, "subtitle", f"{what}. Kuesioner {spec.questionnaire_name}; bobot setiap unsur "
                                             f"{spec.weight_text()}{spec.nrr_text()}; IKM = jumlah NRR tertimbang "
                                             "× 25.")
    put(SURVEY_TITLE_ROW + 2, lc, "note",
        f"Tempel jawaban responden mulai baris {layout.first_row}, satu baris per responden (sampai baris "
        f"{layout.last_row}): nilai 1–4 atau kata jawaban kuesioner (mis. hasil unduhan formulir daring). Sel biru "
        "dihitung otomatis; responden adalah baris dengan minimal satu jawaban.")
    if note:
        put(SURVEY_TITLE_ROW + 3, lc, "note", note)
    for kind, label in layout.summary:
        row = layout.summary_row(kind)
        put(row, lc, "label", label)
        if kind == "populasi":
            put(row, vc, "population", None)
        elif kind == "bobot":
            put(row, vc, "weight", float(spec.weight_value()))
        elif kind == "responden":
            ranges = [_range(layout, i.code) for i in spec.items]
            put(row, vc, "count", _input(computation, layout, "responden"), respondent_count(ranges))
        else:
            figure(row, vc, kind, SUMMARY_STYLES.get(kind, "text"))
    head = layout.recap_header_row
    put(head, lc, "section", "Rekapitulasi jawaban per unsur")
    for item in spec.items:
        col = layout.answer_col(item.code)
        put(head, col, "code", item.code)
        for level in LEVELS:
            put(layout.recap_row(f"n{level}"), col, "count", _input(computation, layout, f"{item.code}.{level}"),
                answer_count(_range(layout, item.code), level, item.words(level)))
        for recap, _ in layout.recap:
            if recap not in COUNT_ROWS:
                figure(layout.recap_row(recap), col, f"{recap}.{item.code}", RECAP_STYLES.get(recap, "text"))
        put(layout.names_row, col, "name", item.name)
        put(layout.choices_row, col, "choices", item.choices_text())
    for recap, label in layout.recap:
        put(layout.recap_row(recap), lc, "label", label)
    put(layout.names_row, lc, "label", "Unsur pelayanan")
    put(layout.choices_row, lc, "label", "Pilihan jawaban (nilai dan kata)")
    for col, text in layout.header_texts().items():
        put(layout.header_row, col, "header", text)
    widths: dict[int, float] = {SURVEY_NUMBER_COL: 6}
    widths.update({layout.column(c): 14 for c in layout.columns})
    widths.update({layout.answer_col(i.code): 16 for i in spec.items})
    widths[lc] = 40  # the labels (and, in the respondents' rows, the jenis layanan when it is this column)
    spans = {(row, col): layout.last_col for (row, col), cell in cells.items() if cell.kind in ("subtitle", "note")}
    heights = fit_heights([(row, col, cell.value, LOOKS[cell.kind]) for (row, col), cell in cells.items()
                           if cell.kind in LOOKS], widths, spans)
    # the recap prints from its labels to the last unsur, down to the answer choices
    page = plan_pages(widths, heights, (1, lc, layout.choices_row, layout.last_col))
    return SurveySheetPlan(layout, cells, tuple(tuple(r) for r in rows), widths, heights,
                           "Isi 1–4 atau kata jawaban kuesioner unsur ini (lihat baris 'Pilihan jawaban').", page,
                           spans)


def _ref(layout: SurveyLayout, name: str) -> ResultRef:
    return ResultRef(layout.node, survey_measure(layout.source.group, name))


def _input(computation: Computation, layout: SurveyLayout, key: str) -> float:
    """The count the reader makes of the rows the sheet comes with: the cached value of its formula."""
    ref = next(ref for ref in layout.input_cells() if ref.key.endswith(f"survei.{key}"))
    value = computation.inputs.get(ref, Decimal(0))
    return float(value)


def _range(layout: SurveyLayout, item: str) -> str:
    """The answers of one unsur that the formulas count (fixed rows, so a copied formula keeps them)."""
    return layout.answers(layout.answer_col(item), SHEET_SURVEY)
