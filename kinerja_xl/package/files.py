"""A workbook on disk: the open-in-Excel guard.

A workbook open in Excel has an owner file ``~$NAME`` beside it (LibreOffice: ``.~lock.NAME#``).
Replacing it then is pointless at best (Excel saves its own copy over ours when the user presses
Ctrl+S) and fails at worst (Windows refuses the rename), so a writer skips it unless forced. The
replacement itself is atomic (:mod:`kinerja_xl.atomic`), done by the writer that calls the splice.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkbookLockedError

LOCKED_HINT = "tutup berkas di Excel lalu ulangi"


def lock_files(path: str | Path) -> list[Path]:
    """The lock files of Excel (``~$NAME``) and LibreOffice (``.~lock.NAME#``) present beside ``path``."""
    path = Path(path)
    candidates = (path.with_name(f"~${path.name}"), path.with_name(f".~lock.{path.name}#"))
    return [c for c in candidates if c.exists()]


def check_not_open(path: str | Path) -> None:
    """Raise :class:`~kinerja_xl.errors.WorkbookLockedError` if ``path`` looks open in Excel or LibreOffice."""
    found = lock_files(path)
    if found:
        raise WorkbookLockedError(f"{path} sedang dibuka di Excel atau LibreOffice (ada berkas kunci "
                                  f"{found[0].name} di sampingnya); {LOCKED_HINT}")
