"""Frozen dataclasses shared by readers, validation, computation and writers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Literal

from .compute.expr import InputRef

Severity = Literal["galat", "peringatan", "info"]
SEVERITY_ORDER = {"galat": 0, "peringatan": 1, "info": 2}


@dataclass(frozen=True, order=True)
class SourceCell:
    """Where a value came from: file, sheet and A1 cell (``cell`` may be empty for file-level facts)."""

    file: str
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" › {self.sheet}"
        if self.cell:
            where += f"!{self.cell}"
        return where


@dataclass(frozen=True)
class InputValue:
    """A raw figure read from a unit workbook, with its provenance."""

    ref: InputRef
    value: Decimal
    source: SourceCell


@dataclass(frozen=True)
class Problem:
    """One validation finding, located precisely; ``message`` and ``hint`` are in Bahasa Indonesia."""

    code: str
    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    field: str = ""
    value: str = ""
    hint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class UnitSubmission:
    """What one unit workbook supplies: identity, raw values and free-text extras, plus its problems."""

    file: str
    unit: str | None
    year: int | None
    period: str | None
    values: tuple[InputValue, ...] = ()
    reported: dict[str, Decimal] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    identity: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def readable(self) -> bool:
        return self.unit is not None

    def inputs(self) -> dict[InputRef, Decimal]:
        return {v.ref: v.value for v in self.values}
