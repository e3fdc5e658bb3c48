"""Reading a written report back, and the computation's value behind a plan cell's ``source``.

Expected texts are formatted here from the computation's values with kinerja_xl's Indonesian notation,
never with the plan's ``Cell.text``: a test that used the plan's formatting would only prove that the
writer copies the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kinerja_xl.compute.engine import Computation
from kinerja_xl.compute.rounding import excel_round
from kinerja_xl.numbers import format_number, show_number
from kinerja_xl.plans.report import Cell, Heading, Paragraph, ReportPlan, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PLACEHOLDER = re.compile(r"^\[Diisi oleh penyusun: .+\.\]$")


def blank_png(_spec: object = None) -> bytes:
    """A 1 × 1 picture: a chart renderer for tests about anything but the charts (matplotlib is slow)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(out, format="PNG")
    return out.getvalue()


def grid_cells(table: Table) -> Iterator[tuple[int, int, Cell]]:
    """(row, grid column, cell) for every plan cell that starts a merged area."""
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row.cells:
            if not cell.merge_up:
                yield r, col, cell
            col += cell.span


def number(value: Decimal | float | int, kind: str, decimals: int | None, digits: int) -> str:
    """How the report prints a number of this kind: rupiah/integer whole, figures with the policy's digits."""
    value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if kind in ("rupiah", "integer"):
        return format_number(value, 0)
    if decimals is None:
        return show_number(value, 4)
    return format_number(value, digits)


def resolve(source: str, comp: Computation) -> Decimal | str | None:
    """The computation's value behind a cell (the published value: rounded to the policy's digits)."""
    kind, _, rest = source.partition(":")
    if kind == "input":
        node, key = rest.split(":", 1)
        parts = [v for ref, v in comp.inputs.items() if ref.node == node and ref.key == key]
        return sum(parts, Decimal(0)) if parts else None
    if kind == "riwayat":
        code, year = rest.rsplit(":", 1)
        return comp.catalog.node(code).history[int(year)]
    if kind == "rentang":
        code, prefix = rest.split(":")
        low, high = comp.number(code, f"{prefix}_bawah"), comp.number(code, f"{prefix}_atas")
        assert low is not None and high is not None
        return f"{show_number(low)}–{show_number(high)}"
    if kind == "batas":  # a one-sided target: its side from the catalog, its bound from the computation
        code, prefix = rest.split(":")
        bound = comp.number(code, prefix)
        assert bound is not None
        return f"{SIGNS[_catalog_target(comp, code, prefix).side]} {show_number(bound)}"
    value = comp.value(kind, rest)
    if isinstance(value, Decimal):
        return excel_round(value, comp.rounding.digits)
    return value


SIGNS = {"kurang_dari": "<", "paling_banyak": "≤", "lebih_dari": ">", "paling_sedikit": "≥"}


def _catalog_target(comp: Computation, code: str, prefix: str) -> Any:
    """The catalog's target behind a target figure: ``target``, ``target_akhir`` or ``pembandingN``."""
    node = comp.catalog.node(code)
    if prefix == "target":
        return node.target_for(comp.year)
    if prefix == "target_akhir":
        return node.target_for(comp.catalog.renstra[1])
    return node.comparisons[int(prefix.removeprefix("pembanding")) - 1].target_for(comp.year)


def expected(cell: Cell, comp: Computation) -> str:
    """The text a cell with a ``source`` must show, from the computation alone."""
    value = resolve(cell.source, comp)
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return number(value, cell.kind, cell.decimals, comp.rounding.digits)


def fmt(value: float | int | None, digits: int = 2) -> str:
    """A figure of ``result_tree`` (the JSON of ``hitung``) as the report prints it."""
    if value is None:
        return "–"
    return format_number(Decimal(repr(value)) if isinstance(value, float) else Decimal(value), digits)


def sign(value: float | int) -> str:
    """A target as signed: as many decimals as it has."""
    return show_number(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))


def cell_fill(docx_cell: Any) -> str | None:
    shd = docx_cell._tc.find(f"{W}tcPr/{W}shd")
    return None if shd is None else shd.get(f"{W}fill")


def is_right_aligned(docx_cell: Any) -> bool:
    jc = docx_cell.paragraphs[0]._p.find(f"{W}pPr/{W}jc")
    return jc is not None and jc.get(f"{W}val") == "right"


def walk_tree(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for key in ("sub", "komponen"):
        for child in node.get(key, ()):
            yield from walk_tree(child)


def rows(docx_table: Any) -> list[list[str]]:
    """Every cell's text, row by row (a merged cell repeats its text in each grid column it covers)."""
    return [[docx_table.cell(r, c).text for c in range(len(docx_table.columns))] for r in range(len(docx_table.rows))]


def docx_table(plan: ReportPlan, document: Any, key: str) -> Any:
    """The Word table written for the plan's table ``key`` (tables are written in plan order)."""
    return document.tables[[t.key for t in plan.tables()].index(key)]


def narrative(plan: ReportPlan) -> str:
    """Every generated paragraph of the plan (placeholders included), as one text."""
    return " ".join(b.text for b in plan.blocks if isinstance(b, Paragraph))


def section(plan: ReportPlan, code: str) -> str:
    """The generated text of one indicator's section (its Heading 3 up to the next heading)."""
    out, inside = [], False
    for block in plan.blocks:
        if isinstance(block, Heading):
            inside = block.level == 3 and f" {code}:" in block.text
        elif inside and isinstance(block, Paragraph) and not block.placeholder:
            out.append(block.text)
    return " ".join(out)
