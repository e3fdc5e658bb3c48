"""The exceptions kinerja_xl raises on purpose: one hierarchy, one line of docstring each.

Every class derives from :class:`KinerjaXlError`, whose message is written for the user (Bahasa
Indonesia) and whose ``exit_code`` the command line returns, so the CLI and the Excel buttons turn any of
them into a message in one place each, and anything else is a bug ("galat internal").
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from typing import Any

EXIT_INVALID, EXIT_UNREADABLE = 1, 2


class KinerjaXlError(Exception):
    """Base class: a failure the user can act on, with a message in Bahasa Indonesia."""

    exit_code = EXIT_UNREADABLE


class UsageError(KinerjaXlError):
    """A request that cannot be carried out as given (an option, a path, a launcher cell)."""


class CatalogError(KinerjaXlError):
    """The catalog file is unreadable or describes an invalid tree; ``problems`` name node and field."""

    def __init__(self, source: str, problems: Sequence[Any]):
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"Katalog {source} tidak valid ({len(self.problems)} masalah):\n{lines}")


class UnreadableFile(KinerjaXlError):
    """A workbook cannot be read; ``code`` and ``params`` make the Problem that says why."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


class MixedPeriods(KinerjaXlError):
    """Readable files of several years or periods, and no choice made: a consolidation needs one."""

    exit_code = EXIT_INVALID

    def __init__(self, combos: Sequence[tuple[int | None, str | None]]):
        self.combos = list(combos)
        self.text = ", ".join(f"{y} {p}" for y, p in self.combos)
        super().__init__(f"berkas mencakup beberapa tahun/periode ({self.text}); konsolidasi memerlukan satu. "
                         "Pilih satu tahun dan periode, atau pisahkan berkasnya ke folder berbeda.")


class MixedYears(KinerjaXlError):
    """Readable files of several years, and no year chosen: a monitoring workbook follows one year."""

    exit_code = EXIT_INVALID

    def __init__(self, years: Sequence[int]):
        self.years = sorted(years)
        self.text = ", ".join(str(y) for y in self.years)
        super().__init__(f"berkas mencakup beberapa tahun ({self.text}); pemantauan mengikuti satu tahun. "
                         "Pilih satu tahun, atau pisahkan berkasnya ke folder berbeda.")


class OutputClash(KinerjaXlError):
    """Two inputs would be copied to the same file name in the output folder."""

    def __init__(self, names: Sequence[str]):
        self.names = list(names)
        super().__init__("beberapa masukan bernama sama dan akan saling menimpa di folder keluaran: "
                         + ", ".join(self.names) + ". Pisahkan ke folder keluaran berbeda.")


class NothingValid(KinerjaXlError):
    """No workbook of the batch can be used, so there is nothing to report on; the exit code is the batch's."""

    def __init__(self, message: str, exit_code: int = EXIT_INVALID):
        super().__init__(message)
        self.exit_code = exit_code


class MissingExtra(KinerjaXlError):
    """An optional library of kinerja_xl is not installed; the message names the extra to install."""


class MacroError(KinerjaXlError):
    """The macro workbook (.xlsm) cannot be produced; the message says what to install or change."""


class VbaFormatError(KinerjaXlError, ValueError):
    """A VBA project or compound file is damaged or not of the expected form."""


class InternalError(KinerjaXlError):
    """A bug of kinerja_xl, not of the input: reported as an internal error."""


class UnresolvedReference(InternalError, LookupError):
    """An expression refers to a figure with no cell and no value on the sheet being written."""


class SheetReadError(KinerjaXlError, ValueError):
    """A workbook's sheets cannot be read as rows: not a workbook, damaged, encrypted or a sheet missing."""


class PackageError(KinerjaXlError):
    """A workbook package (the zip behind .xlsx/.xlsm) cannot be read or changed as asked."""


class UnsafePackageError(PackageError):
    """The zip or its XML could exhaust memory or smuggle a DTD or entities: not read at all."""


class BrokenPackageError(PackageError):
    """The package is inconsistent to begin with; it is refused, never repaired (``problems`` say why)."""

    def __init__(self, message: str, problems: Sequence[str] | None = None):
        self.problems = list(problems or [])
        detail = "".join(f"\n- {p}" for p in self.problems[:20])
        more = f"\n- … dan {len(self.problems) - 20} masalah lain" if len(self.problems) > 20 else ""
        super().__init__(message + detail + more)


class NotAWorkbookError(PackageError):
    """The package is a zip, but not a (transitional) spreadsheet workbook."""


class UnsupportedPartError(PackageError):
    """A part uses a feature the splice does not handle (it refuses rather than guess)."""


class DonorError(PackageError, InternalError):
    """The result sheets written in memory hold what the splice cannot carry: a bug of kinerja_xl."""


class SpliceError(PackageError):
    """The splice cannot be done as asked, e.g. the sheet to insert after is missing."""


class WorkbookLockedError(PackageError):
    """The workbook is open in Excel or LibreOffice (its lock file lies beside it): skipped unless forced."""


class OutputWriteError(KinerjaXlError):
    """An output could not be written (disk full, no permission, ...); any old file at ``path`` is unchanged."""

    def __init__(self, path: str | os.PathLike[str], exc: OSError):
        self.path, self.cause = str(path), exc
        super().__init__(write_error_message(exc, path))


class FileChangedError(KinerjaXlError):
    """The file changed (saved by someone else) between kinerja_xl's read and its replacement: left as it is."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        super().__init__(f"{path}: berkas berubah selama diproses; ulangi (perubahan itu tidak ditimpa)")


#: errno -> what went wrong while ``{action}`` (menulis, membaca) ``{path}`` and what to do.
_OS_ERRORS = {
    errno.ENOSPC: "ruang disk penuh saat {action} {path}; kosongkan ruang disk atau pilih folder lain",
    errno.EDQUOT: "kuota disk habis saat {action} {path}; kosongkan ruang atau minta tambahan kuota",
    errno.EACCES: "tidak ada izin {action} {path}; periksa izin berkas/foldernya atau tutup aplikasi yang "
                  "membukanya",
    errno.EPERM: "sistem tidak mengizinkan {action} {path}; periksa izin dan atribut berkas/foldernya",
    errno.EROFS: "{path} berada di media hanya-baca; pilih folder yang dapat ditulis",
    errno.ENAMETOOLONG: "nama atau path {path} terlalu panjang; pakai nama yang lebih pendek",
    errno.ENOENT: "{path} atau foldernya tidak ada",
    errno.ENOTDIR: "sebagian path {path} adalah berkas, bukan folder",
    errno.EISDIR: "{path} adalah folder, bukan berkas",
    errno.EIO: "galat perangkat saat {action} {path}; periksa disk atau sambungan jaringannya",
    errno.EFBIG: "{path} terlalu besar untuk sistem berkas tujuan",
}


def write_error_message(exc: OSError, path: str | os.PathLike[str], action: str = "menulis") -> str:
    """An OS error met while writing (or reading, ``action="membaca"``) ``path`` as one Indonesian sentence; a
    write adds that the old file is intact (every output is replaced atomically, so a failed write never
    touches it)."""
    number = exc.errno if exc.errno is not None else errno.EACCES if isinstance(exc, PermissionError) else None
    template = _OS_ERRORS.get(number or -1, "sistem operasi menolak {action} {path} (kode galat {code})")
    text = template.format(path=path, action=action, code=number if number is not None else "?")
    return text + ("; berkas lama (bila ada) tidak berubah" if action == "menulis" else "")
