"""A version's content from what the reader found, and back: values a consolidation can use.

:func:`content_of` keeps every input with its cell, the reported figures, notes and identity, and the
figures computed from them in the unit's own scope; :func:`input_values` turns a stored content back
into the reader's values, so a final set can be consolidated from the ledger alone.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..model import InputValue, SourceCell, UnitSubmission
from .records import Content, InputEntry, number_text

if TYPE_CHECKING:
    from ..compute.engine import Computation


def content_of(submission: UnitSubmission, computation: Computation | None = None) -> Content:
    """The content of a read submission (with its figures); ``computation``: its own figures, if any."""
    inputs = tuple(InputEntry(v.ref.node, v.ref.key, v.ref.unit, v.source.sheet, v.source.cell, v.value)
                   for v in submission.values)
    figures: dict[str, str] = {}
    if computation is not None:
        for ref, figure in computation.figures.items():
            if isinstance(figure.value, Decimal):
                figures[str(ref)] = number_text(figure.value)
            elif figure.value is not None:
                figures[str(ref)] = str(figure.value)
    return Content(inputs, dict(submission.reported), dict(submission.notes), dict(submission.identity), figures)


def input_values(content: Content, label: str) -> list[InputValue]:
    """The content's inputs as values read from file ``label`` (each at its recorded cell)."""
    return [InputValue(e.ref, e.value, SourceCell(label, e.sheet, e.cell)) for e in content.inputs]
