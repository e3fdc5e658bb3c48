"""What an output may replace: kinerja_xl writes over an existing file only when that file is its own output of
the same kind, never over one of the run's inputs or a workbook of the user's.

An output path is the user's choice, typed or picked in a dialog: ``-o laporan/kinerja-REHSOS-2023-tahunan.xlsx``
names a unit's workbook as readily as a new file. kinerja_xl leaves its own outputs out of the files it reads,
so without this check such a workbook would be passed over as an output, then replaced. Every workbook kinerja_xl
writes for its users carries its kind (:data:`~kinerja_xl.reading.safety.OUTPUT_MARKER`), which says what may be
written again.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..atomic import special_file_refusal
from ..errors import OutputRefused
from ..package.files import lock_files
from ..reading.safety import OLE_MAGIC, OUTPUT_KINDS, output_kind


def check_output(path: str | Path, kind: str | None, named: Iterable[str | Path | None] = ()) -> None:
    """Refuse (:class:`~kinerja_xl.errors.OutputRefused`) to write output ``path`` over a file kinerja_xl may not
    replace. ``kind``: the output's kind (a key of :data:`OUTPUT_KINDS`) for a workbook, None for JSON, CSV,
    Parquet or a Word document; ``named``: the files the run reads by name (the catalog, the *Dilaporkan* workbook,
    a layout, files named on the command line).

    Refused: one of ``named``; any workbook for an output that is not one (a JSON report over a unit's
    workbook); for a workbook output, an existing file that is not a kinerja_xl output of the same kind (a unit's
    workbook, the *Dilaporkan* workbook, the user's own, a consolidated workbook named for a review); an SQLite
    database (the ledger); an output it would replace that is open in Excel, Word or LibreOffice. Nothing there (or
    a folder, which the write words): nothing to refuse. A device, a pipe or a socket is refused too."""
    path = Path(path)
    try:
        if not path.is_file():
            if path.exists() and not path.is_dir():  # a device, a pipe, a socket: never replaced by a plain file
                raise OutputRefused(special_file_refusal(path))
            return
    except OSError:
        return
    for other in named:
        if other is not None and _same_file(path, Path(other)):
            raise OutputRefused(f"{path} adalah masukan perintah ini; keluaran tidak menimpanya. Pilih nama berkas "
                                "keluaran lain.")
    if _database(path):
        raise OutputRefused(f"{path} adalah basis data SQLite (mis. buku besar versi berkas kinerja-xl); keluaran "
                            "tidak menimpanya. Pilih nama berkas keluaran lain, mis. dengan akhiran .json.")
    workbook, existing = _existing_kind(path)
    if kind is None:
        if workbook:
            raise OutputRefused(f"{path} adalah buku kerja Excel yang sudah ada; keluaran ini (JSON, CSV, Parquet "
                                "atau Word) tidak menimpanya. Pilih nama berkas lain, mis. dengan akhiran .json.")
        _refuse_open(path)
        return
    if existing == kind:
        _refuse_open(path)
        return
    wanted = OUTPUT_KINDS[kind]
    if existing is not None:
        raise OutputRefused(f"{path} adalah {OUTPUT_KINDS[existing]}, bukan {wanted}; kinerja-xl tidak menimpanya. "
                            "Pilih nama berkas lain.")
    if workbook or path.stat().st_size > 0:
        raise OutputRefused(f"{path} sudah ada dan bukan {wanted} buatan kinerja-xl (mis. buku kerja unit atau "
                            "berkas milik pengguna); kinerja-xl tidak menimpanya. Pilih nama berkas lain, atau "
                            "pindahkan berkas itu dulu.")


def _refuse_open(path: Path) -> None:
    """Refuse to replace an output open in Excel, Word or LibreOffice (a lock file beside it): whoever has it open
    would save their copy over the new one, or lose what they changed (Windows refuses the replacement anyway)."""
    found = lock_files(path)
    if found:
        raise OutputRefused(f"{path} sedang dibuka di Excel, Word atau LibreOffice (ada berkas kunci {found[0].name} "
                            "di sampingnya); tutup berkas itu lalu ulangi, atau pilih nama berkas keluaran lain. Bila "
                            f"tidak ada yang membukanya, berkas kunci itu tertinggal: hapus {found[0].name}.")


def _same_file(path: Path, other: Path) -> bool:
    try:
        return other.is_file() and os.path.samefile(path, other)
    except OSError:
        return False


def _existing_kind(path: Path) -> tuple[bool, str | None]:
    """Whether ``path`` is a spreadsheet workbook, and its kinerja_xl output kind (None: not an output)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = {name.casefold() for name in archive.namelist()}
            if not any(name.endswith("workbook.xml") or name.endswith("workbook.bin") for name in names):
                return False, None
            return True, output_kind(archive)
    except Exception:  # noqa: BLE001 - not a zip, or a damaged one: no workbook kinerja_xl wrote
        return _legacy_workbook(path), None


#: The first bytes of every SQLite database (the ledger is one).
SQLITE_MAGIC = b"SQLite format 3\x00"


def _database(path: Path) -> bool:
    """Whether ``path`` is an SQLite database: the ledger's history, copies and locks, which no output replaces."""
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _legacy_workbook(path: Path) -> bool:
    """An Excel 97-2003 workbook (an OLE file): a workbook all the same."""
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError:
        return False
    return head == OLE_MAGIC
