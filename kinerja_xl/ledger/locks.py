"""A final set: which version of each unit is final for a year and period, and what a different file is.

A file of a locked unit and period is the final version when it says the same (its fingerprint: inputs,
reported figures, notes, identity), whatever else changed in it (``hitung`` writing its result sheets,
formatting); otherwise it is a problem naming both versions and the inputs that differ.
"""

from __future__ import annotations

from typing import Any

from ..catalog.schema import Catalog
from ..problems import Problem, problem
from ..unit_layout import period_label
from .records import SHORT, Content, LockEvent, show_time

#: How many differing inputs a problem names (the rest are counted; ``banding`` lists them all).
MAX_NAMED = 5


def differences_text(catalog: Catalog, old: Content | None, new: Content | None) -> tuple[str, str, str]:
    """(the differing inputs as one line, the sheet and cell of the first) for a problem's message."""
    from .diff import input_changes  # here: the differences are worked out only for a file that differs

    if old is None or new is None:
        return "isi versi final tidak tersimpan di buku besar", "", ""
    changes = input_changes(catalog, old, new)
    if not changes:
        return "tidak ada isian yang berbeda", "", ""
    named = "; ".join(c.text() for c in changes[:MAX_NAMED])
    more = f"; dan {len(changes) - MAX_NAMED} perbedaan lain (lihat kinerja-xl banding)" \
        if len(changes) > MAX_NAMED else ""
    sheet, _, cell = changes[0].cell.partition("!")
    return named + more, sheet, cell


def lock_problem(catalog: Catalog, lock: LockEvent, unit: str, file: str, sha256: str, fingerprint: str | None,
                 content: Content | None, locked_content: Content | None) -> Problem | None:
    """The problem of a file for ``unit`` in a locked period, ``None`` when it is the final version."""
    params: dict[str, Any] = {"period": period_label(lock.period), "year": lock.year, "when": show_time(lock.time),
              "who": lock.who or "tidak diketahui", "unit": unit, "version": sha256[:SHORT]}
    locked = lock.versions.get(unit)
    if locked is None:
        return problem("berkas-setelah-kunci", file=file, **params)
    if fingerprint is not None and fingerprint == locked.fingerprint:
        return None
    changes, sheet, cell = differences_text(catalog, locked_content, content)
    return problem("versi-terkunci", file=file, sheet=sheet, cell=cell, locked=locked.sha256[:SHORT],
                   locked_name=f" ({locked.name})" if locked.name else "",
                   changes=changes, **params)
