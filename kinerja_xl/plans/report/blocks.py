"""The blocks of a document plan: pure data, no python-docx, no matplotlib.

A :class:`ReportPlan` is a flat sequence of blocks that any writer (Word today, perhaps HTML or PDF
later) renders one after the other. Every figure a writer prints sits in a :class:`Cell` or a
:class:`ChartSpec` as a ``Decimal`` with the kind that decides its notation, so the writer formats
but never computes, and a test can compare the document with the plan cell by cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ...numbers import format_number, show_number

CellKind = Literal["text", "percent", "number", "rupiah", "integer"]
Align = Literal["left", "center", "right"]
Emphasis = Literal["normal", "group", "subtotal", "total"]
ParagraphStyle = Literal["teks", "butir", "catatan", "isian"]
Orientation = Literal["portrait", "landscape"]
Numbering = Literal["katalog", "otomatis", "tanpa"]
ChartKind = Literal["kolom", "garis"]

#: What a cell without a value shows: the figure cannot be computed from the data supplied.
MISSING = "–"


@dataclass(frozen=True)
class Cell:
    """One table cell: a value, the notation it is printed in, and where it comes from.

    ``decimals`` None prints as many decimals as the value has (targets as signed in the Perjanjian
    Kinerja); ``span`` merges cells to the right; ``merge_up`` continues the cell above (a vertical
    merge); ``source`` names the figure (``SS1.1:capaian``, ``input:ANGGARAN.UNIT:SETJEN.pagu_awal``) so
    a reader can trace every number back to the computation.
    """

    value: Decimal | str | None
    kind: CellKind = "text"
    align: Align = "left"
    band: str | None = None
    decimals: int | None = None
    span: int = 1
    merge_up: bool = False
    indent: int = 0
    source: str = ""

    def text(self) -> str:
        """The cell as printed, in Indonesian notation ('.' thousands, ',' decimals)."""
        if self.value is None:
            return "" if self.merge_up else MISSING
        if isinstance(self.value, str):
            return self.value
        if self.kind in ("rupiah", "integer"):
            return format_number(self.value, 0)
        if self.decimals is None:
            return show_number(self.value, 4)
        return format_number(self.value, self.decimals)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    emphasis: Emphasis = "normal"

    @property
    def width(self) -> int:
        """Grid columns this row covers (spans counted)."""
        return sum(c.span for c in self.cells)


@dataclass(frozen=True)
class Caption:
    """A numbered caption. ``label`` is also the Word SEQ identifier (Tabel, Gambar, Grafik).

    ``numbering`` says where ``number`` comes from: ``katalog`` (the report layout numbers it, e.g.
    3.1), ``otomatis`` (a running number, as Word's SEQ field counts) or ``tanpa`` (no number shown:
    the layout numbers other captions of this label but not this one).
    """

    label: str
    number: str | None
    text: str
    numbering: Numbering

    def full(self) -> str:
        return f"{self.label} {self.number} {self.text}" if self.number else self.text


@dataclass(frozen=True)
class Table:
    """A real table: header rows repeated on every page, body rows, relative column widths."""

    key: str
    caption: Caption
    widths: tuple[float, ...]
    header: tuple[Row, ...]
    body: tuple[Row, ...]
    note: str = ""
    compact: bool = False

    def __post_init__(self) -> None:
        for row in self.header + self.body:
            if row.width != len(self.widths):
                raise ValueError(f"tabel {self.key}: baris selebar {row.width} kolom, seharusnya "
                                 f"{len(self.widths)}")

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.header + self.body


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal | None, ...]
    color: str


@dataclass(frozen=True)
class ChartSpec:
    """A chart as data: exact values per category; ``reference`` draws a horizontal line (100 %).

    ``scale`` divides values for display only (rupiah shown in triliun); labels keep ``decimals``.
    """

    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    y_label: str
    x_label: str = ""
    reference: Decimal | None = None
    reference_label: str = ""
    decimals: int = 2
    scale: Decimal = Decimal(1)
    value_labels: bool = True

    def __post_init__(self) -> None:
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"seri {s.name}: {len(s.values)} nilai untuk {len(self.categories)} kategori")


@dataclass(frozen=True)
class Figure:
    key: str
    caption: Caption
    chart: ChartSpec
    description: str


@dataclass(frozen=True)
class Title:
    """The cover: the report's name, the agency and the year, and lines under them."""

    text: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableOfContents:
    title: str


@dataclass(frozen=True)
class CaptionList:
    """A list of every caption of one label (Daftar Tabel, Daftar Gambar)."""

    label: str
    title: str


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Body text. A placeholder (style ``isian``) marks what only the bureau can write; ``subject``
    names the sasaran or indicator it belongs to."""

    text: str
    style: ParagraphStyle = "teks"
    placeholder: bool = False
    subject: str = ""

    def __post_init__(self) -> None:
        if self.placeholder != (self.style == "isian"):
            raise ValueError("paragraf isian harus bergaya 'isian', dan hanya paragraf isian")


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class SectionBreak:
    """A new section on a new page, e.g. landscape for a wide appendix table."""

    orientation: Orientation


Block = Title | TableOfContents | CaptionList | Heading | Paragraph | Table | Figure | PageBreak | SectionBreak


@dataclass(frozen=True)
class ReportPlan:
    """The whole draft: what every writer renders, in order."""

    title: str
    header_text: str
    language: str
    blocks: tuple[Block, ...]

    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Figure))

    def placeholders(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph) and b.placeholder)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables() if t.key == key)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)
