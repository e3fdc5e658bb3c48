"""A workbook on disk: the open-in-Excel guard.

A workbook open in Excel has an owner file ``~$NAME`` beside it (LibreOffice: ``.~lock.NAME#``; Word names a
document's after its name's end, ``~$poran-2023.docx`` for ``laporan-2023.docx``).
Replacing it then is pointless at best (Excel saves its own copy over ours when the user presses
Ctrl+S) and fails at worst (Windows refuses the rename), so a writer skips it unless forced. The
replacement itself is atomic (:mod:`kinerja_xl.atomic`), done by the writer that calls the splice.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkbookLockedError

LOCKED_HINT = "tutup berkas di Excel lalu ulangi"


#: Word documents: Word's owner file replaces the first characters of a long name with ``~$``.
_WORD_SUFFIXES = (".docx", ".doc", ".docm")


def lock_files(path: str | Path) -> list[Path]:
    """The lock files of Excel (``~$NAME``), LibreOffice (``.~lock.NAME#``) and, for a Word document, Word
    (``~$`` over the first one or two characters of the name) present beside ``path``."""
    path = Path(path)
    names = [f"~${path.name}", f".~lock.{path.name}#"]
    if path.suffix.lower() in _WORD_SUFFIXES and len(path.stem) > 2:
        names += [f"~${path.name[2:]}", f"~${path.name[1:]}"]
    return [lock for lock in map(path.with_name, dict.fromkeys(names)) if lock.exists()]


def check_not_open(path: str | Path) -> None:
    """Raise :class:`~kinerja_xl.errors.WorkbookLockedError` if ``path`` looks open in Excel or LibreOffice."""
    found = lock_files(path)
    if found:
        raise WorkbookLockedError(f"{path} sedang dibuka di Excel atau LibreOffice (ada berkas kunci "
                                  f"{found[0].name} di sampingnya); {LOCKED_HINT}")
