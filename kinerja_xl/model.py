"""Frozen dataclasses of what a unit workbook supplies: values with their source cell, the submission."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from .atomic import FileIdentity
from .compute.refs import InputRef
from .problems import Problem

#: Why a file is passed over: a period or year other than the one chosen (--periode/--tahun are filters),
#: or a workbook kinerja_xl wrote itself (it carries the output marker).
SKIP_PERIOD, SKIP_YEAR, SKIP_OUTPUT = "periode", "tahun", "keluaran"

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")
_set = object.__setattr__  # what a frozen dataclass's own __init__ uses


def evolve(record: R, **changes: Any) -> R:
    """``dataclasses.replace`` for the frozen records every file of a batch passes through (its submission and
    version, its sighting): the same copy with ``changes``, made without running ``__init__`` again (less than
    half the time, several times a file). These records have no ``__post_init__`` and keep nothing beside their
    fields; a name that is not a field is a ``TypeError``, as there. The copy is filled attribute by attribute,
    as ``__init__`` fills it: asking an object for its ``__dict__`` would make one (Python 3.11 keeps an
    instance's values without it), a container more per record for the garbage collector to count, which
    brought a full collection of the batch (15 ms) into a run of 1,000 files."""
    unknown = changes.keys() - record.__dataclass_fields__.keys()
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {', '.join(sorted(unknown))}")
    copy = object.__new__(type(record))
    for name in record.__dataclass_fields__:  # attribute by attribute: neither object's __dict__ is made
        _set(copy, name, changes[name] if name in changes else getattr(record, name))
    return copy


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
class FileVersion:
    """Which version of a file a submission was read from: the SHA-256 of the bytes read, their size, the
    file's modification time (``mtime_ns``, as read; ``None`` for a version known only from the ledger), and
    (from the ledger) when that content was first seen; ``locked`` when it is the version of a final set."""

    sha256: str
    size: int = 0
    mtime_ns: int | None = None
    first_seen: str = ""
    locked: bool = False

    @property
    def short(self) -> str:
        return self.sha256[:8]

    @property
    def modified(self) -> str:
        """The modification time as text (see :func:`file_time_text`); made when asked, since most runs never
        show it (each file's time as text cost 2 % of validating a folder)."""
        return file_time_text(self.mtime_ns)


def file_time_text(mtime_ns: int | None) -> str:
    """A file's modification time as local time with its offset, to the second (``2024-01-02T03:04:05+07:00``);
    ``""`` when not known or out of the range the calendar can show."""
    if mtime_ns is None:
        return ""
    try:
        return dt.datetime.fromtimestamp(mtime_ns / 1e9).astimezone().isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):  # a time set far outside years 1-9999
        return ""


@dataclass(frozen=True)
class ServiceTally:
    """The answers of the respondents of one jenis layanan (the value as written, compared like Excel: text
    without regard to letter case, a number as a number)."""

    name: str | float
    respondents: int
    counts: dict[tuple[str, int], int]


@dataclass(frozen=True)
class SurveyTally:
    """What a Survei sheet adds beyond the counts among the submission's values: who answered what per jenis
    layanan, the population the workbook gives, and the rows without a jenis layanan."""

    node: str
    group: str | None
    population: int | None = None
    services: tuple[ServiceTally, ...] = ()
    services_cut: int = 0          # jenis layanan beyond the breakdown's limit
    unassigned: int = 0            # respondents without a (usable) jenis layanan


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
    #: The file as it was read (size, time, inode): a write-back refuses a file that changed since.
    file_identity: FileIdentity | None = None
    #: Why the file is passed over rather than checked (``SKIP_*``): another period or year than the one
    #: chosen, or an output of kinerja_xl itself; empty for a file that takes part.
    skipped: str = ""
    version: FileVersion | None = None
    survey: SurveyTally | None = None

    @property
    def readable(self) -> bool:
        return self.unit is not None

    def inputs(self) -> dict[InputRef, Decimal]:
        return {v.ref: v.value for v in self.values}
