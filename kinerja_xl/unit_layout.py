"""Where everything sits in a unit's input workbook: the contract between template, reader and writers.

The layout is derived from the catalog alone (deterministic, no openpyxl), so the template writer,
the reader and the result writer agree on every cell without reading each other's code. Each row
also carries a key in the hidden column :data:`COL_KEY`, which lets the reader notice moved rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from .catalog.schema import (
    MONTHS,
    PERIOD_LABELS,
    QUARTER_MONTHS,
    Catalog,
    InputField,
    Node,
    SurveySource,
    TargetBound,
    TargetRange,
    count_key,
    respondents_key,
    target_label,
)
from .catalog.survey import COLUMNS as SURVEY_COLUMNS
from .catalog.survey import LEVELS, SurveySpec
from .compute.budget import PER_GOAL, PERFORMANCE, SPENDING, UNIT
from .compute.refs import InputRef, Ref, ResultRef
from .memo import Memoized
from .cells import CellAddress

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .compute.engine import Computation

TEMPLATE_SCHEMA = 1

SHEET_GUIDE = "Petunjuk"
SHEET_INPUT = "Isian"
SHEET_RESULT = "Hasil"
SHEET_VALIDATION = "Validasi"
SHEET_META = "_meta"
SHEET_SURVEY = "Survei"

COL_CODE, COL_NAME, COL_IN1, COL_IN2, COL_IN3 = 1, 2, 3, 4, 5
COL_REALISASI, COL_TARGET, COL_CAPAIAN, COL_PREDICATE = 6, 7, 8, 9
COL_REPORTED, COL_NOTE, COL_KEY = 10, 11, 12
#: The bounds of a range target, in hidden locked cells after the key column: column Target shows the
#: range readably (``7–8``) and the capaian formulas read the bounds from here; a one-sided target
#: (``< 10``) keeps its bound in the first of them.
COL_TARGET_LOW, COL_TARGET_HIGH = 13, 14
INPUT_COLUMNS = (COL_IN1, COL_IN2, COL_IN3)
HEADERS = {
    COL_CODE: "Kode",
    COL_NAME: "Uraian",
    COL_IN1: "Isian 1",
    COL_IN2: "Isian 2",
    COL_IN3: "Isian 3",
    COL_REALISASI: "Realisasi",
    COL_TARGET: "Target PK",
    COL_CAPAIAN: "% Capaian",
    COL_PREDICATE: "Predikat",
    COL_REPORTED: "Realisasi dilaporkan unit",
    COL_NOTE: "Bukti dukung / keterangan",
    COL_KEY: "kunci",
}
TITLE_ROW = 1
IDENTITY_FIRST_ROW = 3
IDENTITY_FIELDS = (
    ("unit", "Unit"),  # the label is the catalog's term for its units (identity_label)
    ("tahun", "Tahun"),
    ("periode", "Periode"),
    ("penanggung_jawab", "Penanggung jawab"),
    ("tanggal", "Tanggal penyampaian"),
)
IDENTITY_INPUTS = ("penanggung_jawab", "tanggal")
HEADER_ROW = IDENTITY_FIRST_ROW + len(IDENTITY_FIELDS) + 1

RowKind = Literal["bagian", "simpul", "isian"]
ExtraKind = Literal["dilaporkan", "keterangan"]


@dataclass(frozen=True)
class Row:
    """One row of the input sheet."""

    row: int
    kind: RowKind
    key: str
    code: str
    text: str
    node: str | None = None
    level: str = ""
    labels: dict[int, str] = field(default_factory=dict)
    inputs: dict[int, InputField] = field(default_factory=dict)
    figures: dict[int, ResultRef] = field(default_factory=dict)
    constants: dict[int, ResultRef] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)  # cell comments (e.g. which target a quarter shows)
    extras: dict[int, ExtraKind] = field(default_factory=dict)
    #: Cells that show a figure of the Survei sheet (its IKM, its respondents) with a reference to it.
    mirrors: dict[int, Ref] = field(default_factory=dict)


#: The Survei sheet: title lines, the summary, the recap per unsur, the unsur names and answer choices above
#: the header of the answers, and the answers below it. Labels sit in the column left of the first answer
#: (the last optional column, else the number column), the summary's values in the first answer's column:
#: the recap is printed without the optional columns.
SURVEY_TITLE_ROW, SURVEY_SUMMARY_ROW = 1, 5
SURVEY_NUMBER_COL = 1
SurveyRowKind = Literal["populasi", "bobot", "responden", "indeks", "ikm", "mutu", "kinerja", "terendah"]
SURVEY_SUMMARY: tuple[tuple[SurveyRowKind, str], ...] = (
    ("populasi", "Populasi penerima layanan (opsional)"),
    ("bobot", "Bobot setiap unsur"),
    ("responden", "Jumlah responden"),
    ("indeks", "Jumlah NRR tertimbang (nilai indeks)"),
    ("ikm", "IKM (nilai indeks × 25)"),
    ("mutu", "Mutu pelayanan"),
    ("kinerja", "Kinerja unit pelayanan"),
    ("terendah", "Unsur terendah (prioritas perbaikan)"),
)
#: The recap rows that count answers (the engine's raw inputs); the others show figures of the survey.
COUNT_ROWS = tuple(f"n{level}" for level in LEVELS)
#: The recap rows under the unsur codes: the counts of answers 1–4, then figures of the survey per unsur.
SURVEY_RECAP: tuple[tuple[str, str], ...] = (
    *((f"n{level}", f"Jumlah jawaban bernilai {level}") for level in LEVELS),
    ("jumlah", "Jumlah jawaban"),
    ("skor", "Jumlah nilai jawaban"),
    ("nrr", "NRR (nilai rata-rata)"),
    ("nrr_tertimbang", "NRR tertimbang"),
    ("konversi", "NRR × 25"),
    ("mutu", "Mutu pelayanan unsur"),
)


@dataclass(frozen=True)
class SurveyLayout:
    """Where everything sits on a unit's Survei sheet (derived from the catalog alone, like the Isian rows)."""

    source: SurveySource
    unit: str
    summary: tuple[tuple[SurveyRowKind, str], ...]
    recap: tuple[tuple[str, str], ...]

    @property
    def spec(self) -> SurveySpec:
        return self.source.spec

    @property
    def node(self) -> str:
        return self.source.node.code

    @property
    def columns(self) -> tuple[str, ...]:
        """The optional columns before the answers, in the sheet's order."""
        return self.spec.columns

    def column(self, name: str) -> int:
        """The column of an optional column (``jenis_layanan``)."""
        return SURVEY_NUMBER_COL + 1 + self.columns.index(name)

    def answer_col(self, item: str) -> int:
        codes = [i.code for i in self.spec.items]
        return SURVEY_NUMBER_COL + 1 + len(self.columns) + codes.index(item)

    @property
    def last_col(self) -> int:
        return SURVEY_NUMBER_COL + len(self.columns) + self.spec.size

    @property
    def label_col(self) -> int:
        """The column of the labels (title, summary, recap): the one left of the first answer."""
        return SURVEY_NUMBER_COL + len(self.columns)

    @property
    def value_col(self) -> int:
        """The column of the summary's values: the first answer's."""
        return self.label_col + 1

    def summary_row(self, kind: SurveyRowKind) -> int:
        return SURVEY_SUMMARY_ROW + [k for k, _ in self.summary].index(kind)

    @property
    def recap_header_row(self) -> int:
        return SURVEY_SUMMARY_ROW + len(self.summary) + 1

    def recap_row(self, kind: str) -> int:
        return self.recap_header_row + 1 + [k for k, _ in self.recap].index(kind)

    @property
    def names_row(self) -> int:
        return self.recap_header_row + len(self.recap) + 2

    @property
    def choices_row(self) -> int:
        return self.names_row + 1

    @property
    def header_row(self) -> int:
        return self.names_row + 2

    @property
    def first_row(self) -> int:
        """The first respondent row."""
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """The last respondent row the formulas count (the catalog's ``kapasitas``)."""
        return self.first_row + self.spec.capacity - 1

    def header_texts(self) -> dict[int, str]:
        """What the header row holds, by column: the number column, the optional columns, the unsur codes."""
        out = {SURVEY_NUMBER_COL: "No."}
        out.update({self.column(name): SURVEY_COLUMNS[name] for name in self.columns})
        out.update({self.answer_col(i.code): i.code for i in self.spec.items})
        return out

    def cell(self, row: int, col: int) -> CellAddress:
        return CellAddress(SHEET_SURVEY, row, col)

    def answers(self, col: int, from_sheet: str) -> str:
        """Every respondent's row of column ``col`` as a range in a formula on ``from_sheet`` (``$C$10:$C$20009``
        on the Survei sheet itself, ``Survei!$C$10:$C$20009`` elsewhere): fixed rows, so a copied formula keeps
        them."""
        first = self.cell(self.first_row, col).a1(from_sheet)
        last = self.cell(self.last_row, col).a1(SHEET_SURVEY)
        return f"{first}:{last}"

    def population_cell(self) -> CellAddress:
        return self.cell(self.summary_row("populasi"), self.value_col)

    def input_cells(self) -> dict[InputRef, CellAddress]:
        """The counts the formulas of the sheet make (the engine's raw inputs of the survey)."""
        group = self.source.group
        out = {InputRef(self.node, count_key(group, i.code, level), self.unit):
               self.cell(self.recap_row(f"n{level}"), self.answer_col(i.code))
               for i in self.spec.items for level in LEVELS}
        out[InputRef(self.node, respondents_key(group), self.unit)] = \
            self.cell(self.summary_row("responden"), self.value_col)
        return out

    def figure_cells(self) -> dict[ResultRef, CellAddress]:
        from .compute.survey import measure as survey_measure  # here: a reader starts without the engine

        group = self.source.group
        out: dict[ResultRef, CellAddress] = {}
        for kind, _ in self.summary:
            if kind in ("indeks", "ikm", "mutu", "kinerja", "terendah"):
                out[ResultRef(self.node, survey_measure(group, kind))] = \
                    self.cell(self.summary_row(kind), self.value_col)
        for recap, _ in self.recap:
            if recap not in COUNT_ROWS:
                for i in self.spec.items:
                    out[ResultRef(self.node, survey_measure(group, f"{recap}.{i.code}"))] = \
                        self.cell(self.recap_row(recap), self.answer_col(i.code))
        return out

    def constant_cells(self) -> dict[ResultRef, CellAddress]:
        from .compute.survey import WEIGHT

        return {ResultRef(self.node, WEIGHT): self.cell(self.summary_row("bobot"), self.value_col)}


def survey_layout(source: SurveySource, unit: str) -> SurveyLayout:
    has_bands = source.node.predicate is not None
    summary = tuple((k, t) for k, t in SURVEY_SUMMARY if has_bands or k not in ("mutu", "kinerja"))
    recap = tuple((k, t) for k, t in SURVEY_RECAP if has_bands or k != "mutu")
    return SurveyLayout(source, unit, summary, recap)


@dataclass(frozen=True)
class UnitLayout(Memoized):
    catalog: Catalog
    unit: str
    year: int
    period: str
    rows: tuple[Row, ...]
    survey: SurveyLayout | None = None

    @property
    def last_row(self) -> int:
        return self.rows[-1].row if self.rows else HEADER_ROW

    def identity_cell(self, name: str) -> CellAddress:
        index = [n for n, _ in IDENTITY_FIELDS].index(name)
        return CellAddress(SHEET_INPUT, IDENTITY_FIRST_ROW + index, COL_IN1)

    def input_cells(self) -> dict[InputRef, tuple[CellAddress, InputField]]:
        return {InputRef(f.node, f.key, self.unit): (CellAddress(SHEET_INPUT, r.row, col), f)
                for r in self.rows for col, f in r.inputs.items()}

    def figure_cells(self) -> dict[ResultRef, CellAddress]:
        return {ref: CellAddress(SHEET_INPUT, r.row, col) for r in self.rows for col, ref in r.figures.items()}

    def constant_cells(self) -> dict[ResultRef, CellAddress]:
        return {ref: CellAddress(SHEET_INPUT, r.row, col) for r in self.rows for col, ref in r.constants.items()}

    def extra_cells(self) -> dict[tuple[str, ExtraKind], CellAddress]:
        return {(r.node or r.key, kind): CellAddress(SHEET_INPUT, r.row, col)
                for r in self.rows for col, kind in r.extras.items()}

    def survey_cells(self) -> dict[Ref, CellAddress]:
        """Every count, figure and constant that has its home on the Survei sheet (none without a survey)."""
        if self.survey is None:
            return {}
        survey = self.survey
        return {ref: addr for cells in (survey.input_cells(), survey.figure_cells(), survey.constant_cells())
                for ref, addr in cells.items()}

    def resolver(self, computation: Computation):  # noqa: ANN201 - returns a formulas.Resolver
        """Map references to cells of the workbook (Isian, and the Survei sheet for a survey's figures);
        catalog constants without a cell become literals."""
        cells: dict[Ref, CellAddress] = {ref: addr for ref, (addr, _) in self.input_cells().items()}
        for ref, addr in (*self.figure_cells().items(), *self.constant_cells().items(),
                          *self.survey_cells().items()):
            cells[ref] = addr

        def resolve(ref: Ref) -> CellAddress | Decimal | str | None:
            if ref in cells:
                return cells[ref]
            if isinstance(ref, ResultRef) and ref in computation.constants:
                return computation.constants[ref]
            return None

        return resolve


#: The budget blocks: their plain title and the key of the report table that shows them.
BUDGET_BLOCKS = {
    UNIT: ("Pagu anggaran unit", "pagu_unit"),
    SPENDING: ("Pagu dan realisasi per jenis belanja", "belanja"),
    PER_GOAL: ("Pagu dan realisasi per sasaran strategis", "efisiensi"),
    PERFORMANCE: ("Nilai Kinerja Anggaran", "kinerja_anggaran"),
}


def budget_title(catalog: Catalog, node: str) -> str:
    """``Pagu anggaran unit (Tabel N)``: the block's title, with the report table's number when the
    catalog gives one."""
    title, table = BUDGET_BLOCKS[node]
    label = catalog.table_label(table)
    return f"{title} ({label})" if label else title


def identity_label(catalog: Catalog, name: str) -> str:
    """The label of an identity row; the unit's is the catalog's term for its units (sebutan_unit)."""
    return catalog.agency.unit_term if name == "unit" else dict(IDENTITY_FIELDS)[name]


def file_stem(catalog: Catalog, unit: str, year: int, period: str) -> str:
    """Predictable file name: ``kinerja-REHSOS-2023-tahunan``."""
    return f"kinerja-{unit}-{year}-{period}"


def unit_in_file_name(name: str, catalog: Catalog) -> str | None:
    """The catalog unit a file name names (``kinerja-REHSOS-2023-tahunan.ods`` -> ``REHSOS``), in any case, as
    a whole word of the name; None when it names none or several."""
    words = {w.upper() for w in _name_words(name)}
    found = [u.code for u in catalog.units if u.code.upper() in words]
    return found[0] if len(found) == 1 else None


def year_and_period_in_file_name(name: str, catalog: Catalog) -> tuple[int | None, str | None]:
    """The year and the catalog period a file name gives (``kinerja-REHSOS-2023-TW1.xls`` -> 2023, ``TW1``), as
    whole words of the name in any case; each None when the name gives none or several."""
    words = _name_words(name)
    years = {int(w) for w in words if len(w) == 4 and w.isdigit()}
    lowered = {w.lower() for w in words}
    periods = [p for p in catalog.periods if p.lower() in lowered]
    return (next(iter(years)) if len(years) == 1 else None, periods[0] if len(periods) == 1 else None)


def _name_words(name: str) -> set[str]:
    """The words of a file's name without its extension (``kinerja``, ``REHSOS``, ``2023``, ``TW1``)."""
    return {w for w in re.split(r"[^0-9A-Za-z_]+", name.rsplit(".", 1)[0]) if w}


def period_label(period: str) -> str:
    return PERIOD_LABELS.get(period, period)


def year_words(year: int, period: str) -> str:
    """A run's year where a title says "Tahun {tahun}": ``2023``, or ``2023 s.d. Triwulan II`` for a quarter."""
    return str(year) if period not in QUARTER_MONTHS else f"{year} s.d. {period_label(period)}"


def period_span(year: int, period: str) -> str:
    """What a run covers, as a sentence says it: ``tahun 2023``, or ``s.d. Triwulan II 2023`` for a
    (cumulative) quarter."""
    return f"tahun {year}" if period not in QUARTER_MONTHS else f"s.d. {period_label(period)} {year}"


def headers(period: str) -> dict[int, str]:
    """The column titles of the input sheet; a quarter's target column holds its own target where the
    catalog gives one (each such cell's comment says which)."""
    if period not in QUARTER_MONTHS:
        return dict(HEADERS)
    return {**HEADERS, COL_TARGET: f"Target {period} / tahunan"}


class _LayoutBuilder:
    def __init__(self, catalog: Catalog, unit: str, year: int, period: str):
        self.catalog = catalog
        self.unit = unit
        self.year = year
        self.period = period
        self.rows: list[Row] = []
        self.next_row = HEADER_ROW + 1
        # by node code (unique in a catalog): each node's fields and what its subtree holds are worked out once per
        # layout, not again for every node above it
        self._owned: dict[tuple[str, bool], tuple[InputField, ...]] = {}
        self._reach: dict[str, tuple[bool, bool, bool]] = {}

    def owned_fields(self, node: Node, *, survey: bool = False) -> tuple[InputField, ...]:
        """The node's fields this unit supplies in a workbook of the period: typed on Isian, and with
        ``survey`` also those counted on the Survei sheet."""
        key = (node.code, survey)
        if key not in self._owned:
            self._owned[key] = tuple(f for f in node.inputs(self.period)
                                     if self.unit in f.owners and (survey or not f.survey))
        return self._owned[key]

    def reach(self, node: Node) -> tuple[bool, bool, bool]:
        """Over the leaves of ``node``'s subtree (``node`` included): whether some has a field from this unit,
        whether every one has, and whether there is any."""
        if node.code not in self._reach:
            owned = node.is_leaf and bool(self.owned_fields(node, survey=True))
            some, every, any_leaf = owned, owned or not node.is_leaf, node.is_leaf
            for child in node.children:
                child_some, child_every, child_leaf = self.reach(child)
                some, every, any_leaf = some or child_some, every and child_every, any_leaf or child_leaf
            self._reach[node.code] = (some, every, any_leaf)
        return self._reach[node.code]

    def touches(self, node: Node) -> bool:
        """Some leaf below has a field from this unit: the node has a row."""
        return self.reach(node)[0]

    def covers(self, node: Node) -> bool:
        """Every leaf below has at least one field from this unit: its realisasi can be shown."""
        _, every, any_leaf = self.reach(node)
        return any_leaf and every

    def add(self, **kwargs) -> Row:  # noqa: ANN003
        row = Row(row=self.next_row, **kwargs)
        self.rows.append(row)
        self.next_row += 1
        return row

    def section(self, key: str, code: str, text: str) -> None:
        self.add(kind="bagian", key=key, code=code, text=text)

    def node(self, node: Node) -> None:
        if not self.touches(node):
            return
        figures: dict[int, ResultRef] = {}
        constants: dict[int, ResultRef] = {}
        if self.covers(node):
            figures[COL_REALISASI] = ResultRef(node.code, "realisasi")
            if node.predicate:
                figures[COL_PREDICATE] = ResultRef(node.code, "predikat")
        annual = node.target_for(self.year)
        prefix, target = self.catalog.measured_target(node, self.year, self.period)
        quarterly = target if prefix == "target_periode" else None
        texts: dict[int, str] = {}
        notes: dict[int, str] = {}
        if isinstance(target, TargetRange):
            texts[COL_TARGET] = str(target)
            constants[COL_TARGET_LOW] = ResultRef(node.code, f"{prefix}_bawah")
            constants[COL_TARGET_HIGH] = ResultRef(node.code, f"{prefix}_atas")
        elif isinstance(target, TargetBound):
            texts[COL_TARGET] = str(target)
            constants[COL_TARGET_LOW] = ResultRef(node.code, prefix)
        elif target is not None:
            constants[COL_TARGET] = ResultRef(node.code, prefix)
        if target is not None and self.period in QUARTER_MONTHS:  # a quarterly workbook says which target it is
            shown = None if annual is None else target_label(annual)
            notes[COL_TARGET] = (f"Target {self.period} (kumulatif, dari Rencana Aksi); target tahunan {shown}."
                                 if quarterly is not None else
                                 f"Target tahunan {self.year}: katalog tidak memuat target {self.period}.")
        if target is not None and node.supplied_only_by(self.unit):
            figures[COL_CAPAIAN] = ResultRef(node.code, "capaian")
        fields = self.owned_fields(node)
        labels = {}
        if node.is_leaf and node.surveyed(self.period):
            labels = {COL_IN1: node.labels.get("nilai", "IKM") + " (lembar Survei)",
                      COL_IN2: node.labels.get("bobot", "Jumlah responden") + " (lembar Survei)"}
        elif node.is_leaf:
            by_role = _roles(fields)
            for col, role in zip(INPUT_COLUMNS, by_role, strict=False):
                labels[col] = by_role[role]
        extras: dict[int, ExtraKind] = {COL_NOTE: "keterangan"}
        if COL_REALISASI in figures:
            extras[COL_REPORTED] = "dilaporkan"
        self.add(kind="simpul", key=f"simpul|{node.code}", code=node.code, text=node.name, node=node.code,
                 level=node.level, labels=labels, figures=figures, constants=constants, texts=texts, notes=notes,
                 extras=extras)
        if node.is_leaf:
            self.value_rows(node, fields)
        for child in node.children:
            self.node(child)

    def value_rows(self, node: Node, fields: tuple[InputField, ...]) -> None:
        if node.surveyed(self.period):
            self.survey_rows(node)
            return
        groups = [g for g in node.groups if any(f.group == g.code for f in fields)]
        if node.method == "periode_puncak" and self.period in QUARTER_MONTHS and all(g.code in MONTHS for g in groups):
            groups = [g for g in groups if g.code in QUARTER_MONTHS[self.period]]  # a TW workbook: its months only
        if not groups:
            self.add(kind="isian", key=f"isian|{node.code}", code="", text="Isian", node=node.code,
                     inputs=_place(fields))
            return
        for g in groups:
            mine = [f for f in fields if f.group == g.code]
            figures = {}
            if node.method in ("rasio_gabungan", "periode_puncak"):
                figures[COL_REALISASI] = ResultRef(node.code, f"rasio.{g.code}")
            if node.predicate:
                figures[COL_PREDICATE] = ResultRef(node.code, f"predikat.{g.code}")
            self.add(kind="isian", key=f"isian|{node.code}|{g.code}", code="", text=g.name, node=node.code,
                     inputs=_place(mine), figures=figures)

    def survey_rows(self, node: Node) -> None:
        """The row of the unit's survey: its IKM and respondents shown from the Survei sheet (and, for a group
        of a weighted mean, the group's predicate)."""
        source = self.catalog.survey_of(self.unit, self.period)
        if source is None or source.node.code != node.code:
            return
        from .compute.survey import measure as survey_measure

        group = source.group
        mirrors: dict[int, Ref] = {COL_IN1: ResultRef(node.code, survey_measure(group, "ikm")),
                                   COL_IN2: InputRef(node.code, respondents_key(group), self.unit)}
        figures = {COL_PREDICATE: ResultRef(node.code, f"predikat.{group}")} if group and node.predicate else {}
        key = f"isian|{node.code}|{group}" if group else f"isian|{node.code}"
        self.add(kind="isian", key=key, code="", text=source.name if group else "Isian", node=node.code,
                 mirrors=mirrors, figures=figures)

    def budget(self) -> None:
        catalog, unit = self.catalog, self.unit
        fields = [f for f in catalog.budget.fields(catalog.units, catalog.goals) if unit in f.owners]
        if not fields:
            return
        self.section("bagian|ANGGARAN", "ANGGARAN", "Anggaran")
        for node, ratio in ((UNIT, False), (SPENDING, True), (PER_GOAL, True), (PERFORMANCE, False)):
            title = budget_title(catalog, node)
            mine = [f for f in fields if f.node == node]
            if not mine:
                continue
            header_figures: dict[int, ResultRef] = {}
            if node == PERFORMANCE:
                header_figures[COL_REALISASI] = ResultRef(node, "nilai")
                if catalog.budget.performance_predicate:
                    header_figures[COL_PREDICATE] = ResultRef(node, "predikat")
            roles = _roles(mine)
            self.add(kind="simpul", key=f"simpul|{node}", code=node, text=title, node=node, level="anggaran",
                     labels=dict(zip(INPUT_COLUMNS, roles.values(), strict=False)), figures=header_figures)
            for group in dict.fromkeys(f.group for f in mine):
                row_fields = [f for f in mine if f.group == group]
                figures = {}
                if ratio:
                    figures[COL_REALISASI] = ResultRef(node, f"persen.{group}")
                name = _group_name(catalog, node, group or "")
                self.add(kind="isian", key=f"isian|{node}|{group}", code="", text=name, node=node,
                         inputs=_place(row_fields), figures=figures)
            if node == SPENDING:
                self.add(kind="isian", key=f"jumlah|{node}", code="", text="Jumlah", node=node,
                         figures={COL_IN1: ResultRef(node, "total.pagu"), COL_IN2: ResultRef(node, "total.realisasi"),
                                  COL_REALISASI: ResultRef(node, "total.persen")})

    def build(self) -> UnitLayout:
        for goal in self.catalog.goals:
            if not self.touches(goal):
                continue
            self.section(f"bagian|{goal.code}", goal.code, goal.name)
            for indicator in goal.children:
                self.node(indicator)
        self.budget()
        source = self.catalog.survey_of(self.unit, self.period)
        survey = survey_layout(source, self.unit) if source is not None else None
        return UnitLayout(self.catalog, self.unit, self.year, self.period, tuple(self.rows), survey)


def _role(f: InputField) -> str:
    return f.key.rsplit(".", 1)[-1]


def _roles(fields: Sequence[InputField]) -> dict[str, str]:
    """Distinct roles (pembilang, penyebut, ...) in column order with their labels."""
    order = ("pembilang", "nilai", "pagu_awal", "pagu", "penyebut", "bobot", "pagu_akhir", "realisasi",
             "populasi", "persen")
    roles = {_role(f): f.label for f in fields}
    return {r: roles[r] for r in sorted(roles, key=lambda r: order.index(r) if r in order else 99)}


def _place(fields: Sequence[InputField]) -> dict[int, InputField]:
    roles = list(_roles(fields))
    return {INPUT_COLUMNS[roles.index(_role(f))]: f for f in fields}


def _group_name(catalog: Catalog, node: str, group: str) -> str:
    if node == UNIT:
        return catalog.unit(group).name
    if node == PER_GOAL:
        return f"{group} — {catalog.node(group).name}"
    if node == SPENDING:
        return next(t.name for t in catalog.budget.spending_types if t.code == group)
    if node == PERFORMANCE:
        return next(c.name for c in catalog.budget.performance_components if c.code == group)
    return group


def unit_layout(catalog: Catalog, unit: str, year: int | None = None, period: str = "tahunan") -> UnitLayout:
    """The input sheet of ``unit``: its indicators, their input rows and its budget rows.

    Layouts are immutable and derived from the catalog alone, so each is built once and kept with it.
    """
    catalog.unit(unit)  # KeyError for an unknown unit
    year = year or catalog.year
    return catalog.memo(("unit-layout", unit, year, period), _LayoutBuilder(catalog, unit, year, period).build)
