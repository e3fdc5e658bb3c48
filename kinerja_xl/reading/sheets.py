"""Plain sheets read as rows of values (python-calamine): the reviewer's *Dilaporkan* workbook and the like.

Unit workbooks go through :mod:`.reader` (cell positions, formulas, limits); this is for small workbooks
of key/value or tabular rows whose cells carry no formulas that matter. They pass the same file checks
first (:func:`~.safety.check_file`: size, zip bomb, the splice's package rules; and their shared strings, where
every text is), and calamine reads the very bytes that were checked.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import SheetReadError, UnreadableFile, describe_workbook_error
from ..problems import problem
from .archive import OpenedFile
from .safety import FileLimits, check_file
from .sheet_scan import inspect_sheets

Rows = list[list[Any]]


def read_sheet_rows(path: str | Path, required: Sequence[str], optional: Sequence[str] = ()) -> dict[str, Rows]:
    """``{sheet: rows}`` of the ``required`` sheets (all must exist) and of the ``optional`` ones present;
    rows start at A1, empty cells are ``''``."""
    from python_calamine import CalamineWorkbook

    opened: list[OpenedFile] = []
    refused = list(check_file(path, keep_open=opened))
    try:
        if not refused:  # the texts calamine reads are the ones Excel shows (a figure typed as text included)
            inspect_sheets(opened[0].archive, (), FileLimits())
    except UnreadableFile as exc:
        refused = [problem(exc.code, file=str(path), **exc.params)]
    finally:
        for checked in opened:
            checked.archive.close()
    if refused:
        raise SheetReadError(f"{path}: {refused[0].message} {refused[0].hint}")
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(opened[0].content)) as workbook:
            names = set(workbook.sheet_names)
            missing = [name for name in required if name not in names]
            if missing:
                raise SheetReadError(f"{path}: lembar {', '.join(missing)} tidak ditemukan")
            return {name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                    for name in (*required, *optional) if name in names}
    except SheetReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine's errors (damaged, encrypted) all mean unreadable
        raise SheetReadError(f"{path}: buku kerja tidak dapat dibaca: {describe_workbook_error(exc)}") from exc
