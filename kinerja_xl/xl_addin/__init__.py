"""Excel buttons (xlwings): the macros ``Validasi``, ``Hitung``, ``Konsolidasi`` and ``Pemantauan`` call the
functions here.

The VBA of the macro workbooks runs ``RunPython "import kinerja_xl.xl_addin as k; k.validasi()"`` (see
:mod:`.vba`). Classic RunPython is BSD-licensed xlwings and needs no licence key. The entry points take
no arguments: they find the calling workbook with ``xw.Book.caller()`` and hand it to
``run_validasi(book)`` / ``run_hitung(book)`` / ``run_konsolidasi(book)`` / ``run_pemantauan(book)`` of
:mod:`.actions`, which
xlwings Server/Lite scripts can also call with their ``book``.

xlwings is imported only inside functions: ``import kinerja_xl`` never needs it, and importing it late
lets the tests set ``XLWINGS_LICENSE_KEY`` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .actions import Outcome

__all__ = ["hitung", "konsolidasi", "pemantauan", "run_hitung", "run_konsolidasi", "run_pemantauan", "run_validasi",
           "validasi"]


def validasi() -> Outcome:
    """Button *Validasi*: check the calling unit workbook and write its 'Validasi' sheet."""
    from .actions import run_entry

    return run_entry("validasi")


def hitung() -> Outcome:
    """Button *Hitung*: 'Validasi' plus the 'Hasil' sheet (live formulas, chart) of the calling workbook."""
    from .actions import run_entry

    return run_entry("hitung")


def konsolidasi() -> Outcome:
    """Button *Konsolidasi*: the ministry workbook from the folder named on the calling 'Konsolidasi' sheet."""
    from .actions import run_entry

    return run_entry("konsolidasi")


def pemantauan() -> Outcome:
    """Button *Pemantauan*: the monitoring workbook (the year period by period) from the same folder."""
    from .actions import run_entry

    return run_entry("pemantauan")


def __getattr__(name: str) -> Any:
    if name in ("run_validasi", "run_hitung", "run_konsolidasi", "run_pemantauan"):
        from . import actions

        return getattr(actions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
