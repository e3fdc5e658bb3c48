"""The submission ledger (buku besar): every version of every unit workbook a command read, what it held,
which version each consolidation used, and the final sets.

An embedded SQLite file beside the collection folder (:mod:`.store`), append-only and hash-chained
(:mod:`.chain`, checked by :mod:`.verify`); what changed between two versions (:mod:`.diff`); locks
(:mod:`.locks`) and the history ``riwayat`` shows (:mod:`.history`). The pipeline records into it from
one place (``kinerja_xl.pipeline.ledger``); nothing here reads a workbook.
"""

from typing import TYPE_CHECKING, Any

from .content import content_of, input_values
from .records import SHORT, ConsolidationRecord, Content, LockedVersion, LockEvent, Sighting, Version
from .store import Ledger, default_path

if TYPE_CHECKING:
    from .diff import Effect, InputChange, effects, input_changes

#: Names imported on first use, by module: what changed between versions (``banding``, ``riwayat``), which
#: ``validasi`` and ``hitung`` do without.
_LAZY = {"Effect": "diff", "InputChange": "diff", "effects": "diff", "input_changes": "diff"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SHORT", "ConsolidationRecord", "Content", "Effect", "InputChange", "Ledger", "LockEvent",
           "LockedVersion", "Sighting", "Version", "content_of", "default_path", "effects", "input_changes",
           "input_values"]
