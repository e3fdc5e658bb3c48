"""Render engine expressions as Excel formulas — the only place formulas are spelled.

Because the engine evaluates the very same :class:`~kinerja_xl.compute.expr.Expr`, a formula written
here gives, once recalculated, the value Python computed. Formulas use English function names and
comma separators (the OOXML file format stores them so, whatever the user's locale; openpyxl and
XlsxWriter write them verbatim) and only functions of Excel 2007, so no ``_xlfn.`` prefix is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from decimal import Decimal

from ..cells import CellAddress
from ..errors import UnresolvedReference
from ..compute.expr import (
    Add,
    ArgMin,
    Cell,
    Classify,
    Const,
    Div,
    Expr,
    FirstAvailable,
    If,
    Less,
    Min,
    Mul,
    PeakRatio,
    Ref,
    Round,
    Sub,
)


Resolver = Callable[[Ref], "CellAddress | Decimal | str | None"]


def band_rule(cell: str, minimum: Decimal | None) -> str:
    """Conditional-format rule of a capaian band that stops at the first match: a number ``>= minimum``."""
    return f"AND(ISNUMBER({cell}),{cell}>={minimum})" if minimum is not None else f"ISNUMBER({cell})"


def number_literal(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return text if not text.startswith("-") else f"({text})"


def text_literal(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def required_refs(expr: Expr) -> list[Ref]:
    """References that must all be present; a :class:`FirstAvailable` checks its own options."""
    if isinstance(expr, FirstAvailable):
        return []
    if isinstance(expr, Cell):
        return [expr.ref]
    out: list[Ref] = []
    for child in expr.children():
        out.extend(r for r in required_refs(child) if r not in out)
    return out


class FormulaRenderer:
    """Turn expressions into formula text for cells on ``sheet``."""

    def __init__(self, resolve: Resolver, sheet: str):
        self.resolve = resolve
        self.sheet = sheet

    def reference(self, ref: Ref) -> str:
        target = self.resolve(ref)
        if isinstance(target, CellAddress):
            return target.a1(self.sheet)
        if isinstance(target, Decimal):
            return number_literal(target)
        if isinstance(target, str):
            return text_literal(target)
        raise UnresolvedReference(str(ref))

    def cell_of(self, expr: Expr) -> CellAddress | None:
        if isinstance(expr, Cell):
            target = self.resolve(expr.ref)
            if isinstance(target, CellAddress):
                return target
        return None

    def series(self, items: tuple[Expr, ...]) -> str:
        """A contiguous single-column (or single-row) run of cells as a range, for MATCH/INDEX."""
        cells = [self.cell_of(e) for e in items]
        if any(c is None for c in cells):
            raise UnresolvedReference("a series must be cells on one sheet")
        first, last = cells[0], cells[-1]
        assert first is not None and last is not None
        rows = [c.row for c in cells]  # type: ignore[union-attr]
        cols = [c.col for c in cells]  # type: ignore[union-attr]
        one_sheet = all(c.sheet == first.sheet for c in cells)  # type: ignore[union-attr]
        down = set(cols) == {first.col} and rows == list(range(first.row, first.row + len(rows)))
        across = set(rows) == {first.row} and cols == list(range(first.col, first.col + len(cols)))
        if not (one_sheet and (down or across)):
            raise UnresolvedReference("a series must be contiguous cells in one column or one row")
        end = CellAddress(first.sheet, last.row, last.col).a1(first.sheet)  # a range names its sheet once
        return f"{first.a1(self.sheet)}:{end}"

    def render(self, expr: Expr) -> str:  # noqa: C901 - one branch per node type
        r = self.render
        if isinstance(expr, Const):
            return text_literal(expr.value) if isinstance(expr.value, str) else number_literal(expr.value)
        if isinstance(expr, Cell):
            return self.reference(expr.ref)
        if isinstance(expr, Add):
            return "(" + "+".join(r(t) for t in expr.terms) + ")" if len(expr.terms) > 1 else r(expr.terms[0])
        if isinstance(expr, Sub):
            return f"({r(expr.left)}-{r(expr.right)})"
        if isinstance(expr, Mul):
            return f"{r(expr.left)}*{r(expr.right)}"
        if isinstance(expr, Div):
            return f"{r(expr.numerator)}/{r(expr.denominator)}"
        if isinstance(expr, Round):
            return f"ROUND({r(expr.operand)},{expr.digits})"
        if isinstance(expr, Min):
            return f"MIN({r(expr.left)},{r(expr.right)})"
        if isinstance(expr, Less):
            return f"{r(expr.left)}<{r(expr.right)}"
        if isinstance(expr, If):
            return f"IF({r(expr.condition)},{r(expr.then)},{r(expr.otherwise)})"
        if isinstance(expr, PeakRatio):
            nums, dens = self.series(expr.numerators), self.series(expr.denominators)
            # MATCH(...,0) returns the first maximum, as the engine does on ties.
            pos = f"MATCH(MAX({nums}),{nums},0)"
            return f"INDEX({nums},{pos})/INDEX({dens},{pos})*100"
        if isinstance(expr, ArgMin):
            return self.arg_min(expr)
        if isinstance(expr, Classify):
            value = r(expr.operand)
            out = text_literal(expr.default)
            for lower, inclusive, upper, label in reversed(expr.bands):
                tests = []
                if lower is not None:
                    tests.append(f"{value}{'>=' if inclusive else '>'}{number_literal(lower)}")
                if upper is not None:
                    tests.append(f"{value}<={number_literal(upper)}")
                cond = tests[0] if len(tests) == 1 else f"AND({','.join(tests)})" if tests else "TRUE"
                out = f"IF({cond},{text_literal(label)},{out})"
            return out
        if isinstance(expr, FirstAvailable):
            out = '""'
            for option in reversed(expr.options):
                out = f"IF({self.complete(option)},{r(option)},{out})"
            return out
        raise TypeError(f"cannot render {type(expr).__name__}")

    def arg_min(self, expr: ArgMin) -> str:
        """The label of the first smallest value (as the engine picks it on ties): CHOOSE over MATCH in the
        values' range, or, when they are not one range, the first value equal to their MIN."""
        labels = [text_literal(label) for label in expr.labels]
        try:
            values = self.series(expr.values)
        except UnresolvedReference:
            parts = [self.render(v) for v in expr.values]
            low = f"MIN({','.join(parts)})"
            out = labels[-1]
            for part, label in reversed(list(zip(parts[:-1], labels[:-1], strict=True))):
                out = f"IF({part}={low},{label},{out})"
            return out
        return f"CHOOSE(MATCH(MIN({values}),{values},0),{','.join(labels)})"

    def complete(self, expr: Expr) -> str:
        """Excel test that every required cell holds a number (mirrors ``None`` propagation).

        Text in a number cell is not counted by COUNT, so it blanks the result as ``None`` does.
        """
        cells = [self.reference(ref) for ref in required_refs(expr) if isinstance(self.resolve(ref), CellAddress)]
        if not cells:
            return "TRUE"
        # COUNT takes at most 255 arguments (Excel specifications and limits).
        chunks = [cells[i:i + 200] for i in range(0, len(cells), 200)]
        return "+".join(f"COUNT({','.join(chunk)})" for chunk in chunks) + f"={len(cells)}"

    def formula(self, expr: Expr) -> str:
        """The full cell formula: empty text until every input is a number, and on any error."""
        body = self.render(expr)
        guard = self.complete(expr)
        if guard == "TRUE":
            return f"=IFERROR({body},\"\")"
        return f'=IF({guard},IFERROR({body},""),"")'


# -- counting a Survei sheet's answers -----------------------------------------------------------------
# The counts are raw inputs of the engine (the reader tallies the same rows); these are the formulas the
# workbook counts them with. COUNTIF matches a word without regard to letter case (Excel and LibreOffice
# alike), exactly as the reader does; the catalog loader refuses answer words with COUNTIF's wildcards or
# operators (* ? ~ < > =). A jenis layanan, which is the unit's own text, is compared with ``=`` (no
# wildcards; text without regard to case, a number as a number) against the cell that shows it.

def answer_count(answers: str, level: int, words: tuple[str, ...]) -> str:
    """``=COUNTIF(H27:H20026,1)+COUNTIF(H27:H20026,"Tidak sesuai")``: answers of ``level`` in a range."""
    terms = [f"COUNTIF({answers},{level})"] + [f"COUNTIF({answers},{text_literal(w)})" for w in words]
    return "=" + "+".join(terms)


def _any_answer(answer_ranges: list[str]) -> str:
    return "((" + "+".join(f"({r}<>\"\")" for r in answer_ranges) + ")>0)"


def respondent_count(answer_ranges: list[str]) -> str:
    """``=SUMPRODUCT(((H27:H20026<>"")+…>0)*1)``: rows with at least one answer that is not empty."""
    return f"=SUMPRODUCT({_any_answer(answer_ranges)}*1)"


def service_answer_count(answers: str, level: int, words: tuple[str, ...], services: str, name: str) -> str:
    """Answers of ``level`` in the rows whose jenis layanan equals the cell ``name``."""
    matches = "+".join([f"({answers}={level})"] + [f"({answers}={text_literal(w)})" for w in words])
    return f"=SUMPRODUCT(({services}={name})*({matches}))"


def service_respondent_count(answer_ranges: list[str], services: str, name: str) -> str:
    """Respondents (rows with an answer) whose jenis layanan equals the cell ``name``."""
    return f"=SUMPRODUCT(({services}={name})*{_any_answer(answer_ranges)})"


def cached(value: Any) -> Any:
    """The cached result stored with a formula: numbers as float of their 15 significant digits (Excel's
    precision, and what LibreOffice stores when it recalculates), a missing value as empty text (what Excel
    shows for the ``""`` the guarded formula gives)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(f"{value:.15g}") if value.is_finite() else float(value)
    return value
