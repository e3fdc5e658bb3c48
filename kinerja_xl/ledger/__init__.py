"""The submission ledger (buku besar): every version of every unit workbook a command read, what it held,
which version each consolidation used, and the final sets.

An embedded SQLite file beside the collection folder (:mod:`.store`), append-only and hash-chained
(:mod:`.chain`, checked by :mod:`.verify`); what changed between two versions (:mod:`.diff`); locks
(:mod:`.locks`) and the history ``riwayat`` shows (:mod:`.history`). The pipeline records into it from
one place (``kinerja_xl.pipeline.ledger``); nothing here reads a workbook.
"""

from .content import content_of, input_values
from .records import SHORT, ConsolidationRecord, Content, LockedVersion, LockEvent, Sighting, Version
from .store import Ledger, default_path

# What changed between versions (.diff: ``banding``, ``riwayat``) is imported from its module by those who show
# it, so ``validasi`` and ``hitung`` start without it.
__all__ = ["SHORT", "ConsolidationRecord", "Content", "Ledger", "LockEvent", "LockedVersion", "Sighting", "Version",
           "content_of", "default_path", "input_values"]
