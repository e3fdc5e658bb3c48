"""The exceptions kinerja_xl raises on purpose: one hierarchy, one line of docstring each.

Every class derives from :class:`KinerjaXlError`, whose message is written for the user (Bahasa
Indonesia) and whose ``exit_code`` the command line returns, so the CLI and the Excel buttons turn any of
them into a message in one place each, and anything else is a bug ("galat internal").
"""

from __future__ import annotations

import errno
import os
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
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


class OutputRefused(KinerjaXlError):
    """An output that would replace what is not kinerja_xl's to replace: an input of the run, a unit workbook,
    the user's own workbook or another kind of output (nothing is read or written)."""


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
    """An output (a workbook, a report, JSON, CSV) could not be written (disk full, no permission, ...); the
    message (:func:`describe_error`) names the file the user gave and says what to do; any old file at
    ``path`` is unchanged (every output is replaced atomically)."""

    def __init__(self, path: str | os.PathLike[str], exc: BaseException):
        self.path, self.cause = str(path), exc
        super().__init__(describe_error(exc, path, "menulis") + " Berkas lama (bila ada) tidak berubah.")


#: The name the output seam uses for the same error.
OutputError = OutputWriteError


class FileChangedError(KinerjaXlError):
    """The file changed (saved by someone else) between kinerja_xl's read and its replacement: left as it is."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        super().__init__(f"{path}: berkas berubah selama diproses; ulangi (perubahan itu tidak ditimpa)")


@contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[None]:
    """Every write of an output goes through here: an OS, zip or encoding error becomes
    :class:`OutputWriteError` with the message :func:`describe_error` gives (the file the user named, what to
    do), once (:func:`kinerja_xl.atomic.atomic_write` raises it already worded, and it passes through)."""
    try:
        yield
    except OutputWriteError:
        raise
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, UnicodeError) as exc:
        raise OutputWriteError(path, exc) from exc


# -- foreign errors in Bahasa Indonesia ---------------------------------------------------------------
# The one place where an error of the operating system, the zip module, calamine, YAML or a text decoder
# becomes what a user reads: it names the file and says what to do, never English or a class name.

Action = str  # "membaca", "menulis", "membuat", "menghapus": what kinerja_xl was doing with the path

#: errno -> (what happened, what to do); ``{path}`` and ``{action}`` are filled in.
_ERRNO_MESSAGES: dict[int, tuple[str, str]] = {
    errno.EACCES: ("tidak ada izin {action} {path}",
                   "periksa izin akses berkas atau foldernya, tutup berkas itu bila sedang dibuka aplikasi lain, "
                   "atau pilih folder lain, lalu ulangi"),
    errno.EPERM: ("sistem tidak mengizinkan {action} {path}",
                  "periksa izin akses dan atribut berkas atau foldernya (mis. terkunci atau hanya-baca), atau "
                  "pilih folder lain, lalu ulangi"),
    errno.EISDIR: ("{path} adalah folder, bukan berkas",
                   "sebutkan nama berkas, mis. {example}"),
    errno.ENOTDIR: ("sebagian dari path {path} adalah berkas, bukan folder",
                    "periksa path itu; setiap bagian sebelum nama berkas harus berupa folder"),
    errno.ENOENT: ("{path} tidak ditemukan",
                   "periksa nama dan lokasinya, lalu ulangi"),
    errno.ENOSPC: ("ruang disk penuh saat {action} {path}",
                   "kosongkan ruang disk atau pilih drive/folder lain, lalu ulangi"),
    errno.EDQUOT: ("kuota disk habis saat {action} {path}",
                   "hapus berkas yang tidak perlu atau minta tambahan kuota, lalu ulangi"),
    errno.ENAMETOOLONG: ("nama atau path {path} terlalu panjang",
                         "pakai nama berkas atau folder yang lebih pendek, lalu ulangi"),
    errno.EROFS: ("{path} berada di media yang hanya dapat dibaca",
                  "pilih folder di disk yang dapat ditulis, lalu ulangi"),
    errno.EEXIST: ("{path} sudah ada", "pilih nama lain atau hapus yang lama, lalu ulangi"),
    errno.EBUSY: ("{path} sedang dipakai aplikasi lain", "tutup aplikasi itu, lalu ulangi"),
    errno.ETXTBSY: ("{path} sedang dipakai aplikasi lain", "tutup aplikasi itu, lalu ulangi"),
    errno.EMFILE: ("terlalu banyak berkas terbuka saat {action} {path}",
                   "jalankan ulang dengan --jobs lebih kecil atau tutup aplikasi lain, lalu ulangi"),
    errno.ENFILE: ("terlalu banyak berkas terbuka di sistem saat {action} {path}",
                   "tutup aplikasi lain, lalu ulangi"),
    errno.EIO: ("galat perangkat keras saat {action} {path}",
                "periksa disk, flashdisk atau sambungan jaringannya, lalu ulangi"),
    errno.ELOOP: ("path {path} memuat tautan simbolik yang berputar",
                  "periksa tautan (symlink) pada path itu"),
    errno.EFBIG: ("{path} terlalu besar untuk sistem berkas tujuan",
                  "pilih disk atau folder lain, lalu ulangi"),
    errno.EINVAL: ("nama {path} tidak sah di sistem berkas ini",
                   "hindari karakter seperti : * ? \" < > | dalam nama berkas, lalu ulangi"),
    errno.EXDEV: ("{path} tidak dapat dipindahkan antar-disk",
                  "pilih folder keluaran di disk yang sama, lalu ulangi"),
}
_ERRNO_MESSAGES.update(dict.fromkeys((errno.ENXIO, errno.ENODEV), _ERRNO_MESSAGES[errno.EIO]))
for _name in ("ESTALE", "EHOSTDOWN", "ENETDOWN", "ETIMEDOUT", "ECONNRESET"):  # network drives
    if hasattr(errno, _name):
        _ERRNO_MESSAGES[getattr(errno, _name)] = ("sambungan ke folder jaringan terputus saat {action} {path}",
                                                  "periksa sambungan jaringannya, lalu ulangi")


def describe_os_error(exc: OSError, path: str | os.PathLike[str] | None = None, action: Action = "membaca") -> str:
    """An :class:`OSError` as sentences in Bahasa Indonesia, by errno: what happened to which file, and what
    to do. ``path`` is the file the user named (preferred over the error's own, which may be a temporary file
    beside it); ``action`` is what kinerja_xl was doing ("membaca", "menulis", ...)."""
    what, todo = os_error_parts(exc, path, action)
    return f"{_capital(what, path or exc.filename)}. {_capital(todo)}."


def os_error_parts(exc: OSError, path: str | os.PathLike[str] | None = None,
                   action: Action = "membaca") -> tuple[str, str]:
    """(what happened, what to do) of :func:`describe_os_error`, as lower-case phrases for a longer message."""
    shown = str(path) if path is not None else str(exc.filename or "berkas itu")
    number = exc.errno
    if number is None and isinstance(exc, PermissionError):
        number = errno.EACCES
    if number is None and isinstance(exc, FileNotFoundError):
        number = errno.ENOENT
    if number is None and isinstance(exc, IsADirectoryError):
        number = errno.EISDIR
    what, todo = _ERRNO_MESSAGES.get(number or -1, (
        "sistem operasi menolak {action} {path} (kode galat {code})",
        "periksa berkas dan foldernya (izin akses, ruang disk, sambungan), lalu ulangi"))
    fill = {"path": shown, "action": action, "code": number if number is not None else "tidak diketahui",
            "example": str(Path(shown) / "hasil.xlsx")}
    return what.format(**fill), todo.format(**fill)


#: Messages of zipfile and zlib, by what they mean for a workbook.
_ZIP_MEANINGS = (
    ("not a zip file", "bukan arsip zip yang sah, jadi bukan buku kerja .xlsx (mungkin rusak, terpotong "
                       "saat diunduh, atau berkas lain yang diberi nama .xlsx)"),
    ("truncated", "arsip zip terpotong (berkas tidak lengkap)"),
    ("bad magic number", "isi arsip zip rusak"),
    ("crc", "isi arsip zip rusak (pemeriksaan CRC gagal)"),
    ("encrypted", "isi arsip zip terenkripsi"),
    ("compression method", "arsip zip memakai metode kompresi yang tidak didukung"),
    ("zip64", "arsip zip terlalu besar (ZIP64) untuk dibaca di sini"),
    ("there is no item named", "arsip zip tidak memuat bagian yang diperlukan buku kerja"),
)

#: Messages of calamine (python-calamine), by what they mean.
_CALAMINE_MEANINGS = (
    ("cannot detect file format", "format berkas tidak dikenali: bukan buku kerja Excel (mis. PDF, gambar atau "
                                  "dokumen lain)"),
    ("password", "buku kerja dilindungi kata sandi"),
    ("encrypted", "buku kerja terenkripsi"),
    ("zip", "arsip buku kerja rusak"),
    ("xml", "XML di dalam buku kerja rusak"),
    ("sheet", "lembar buku kerja tidak dapat dibaca"),
    ("unsupported", "buku kerja memakai fitur yang tidak didukung"),
    ("invalid", "isi buku kerja tidak sah"),
)


def describe_zip_error(exc: BaseException) -> str:
    """What a zipfile/zlib error means for a workbook (no English, no class name)."""
    text = str(exc).lower()
    for needle, meaning in _ZIP_MEANINGS:
        if needle in text:
            return meaning
    return "arsip zip rusak atau tidak lengkap"


#: What the XML parser (expat, also under ElementTree) reports, in Bahasa Indonesia, by its message.
_XML_MEANINGS = {
    "no element found": "XML kosong atau terpotong",
    "mismatched tag": "tag penutup tidak cocok dengan tag pembukanya",
    "not well-formed (invalid token)": "ada karakter atau tanda yang tidak sah",
    "undefined entity": "ada entitas XML yang tidak dikenal",
    "junk after document element": "ada isi setelah elemen utama",
    "unclosed token": "ada tag yang tidak tertutup",
    "unbound prefix": "ada awalan namespace yang tidak dideklarasikan",
    "duplicate attribute": "ada atribut yang ditulis dua kali",
    "syntax error": "sintaks XML salah",
    "partial character": "ada karakter yang terpotong",
    "encoding specified in XML declaration is incorrect": "pengodean karakter tidak sesuai deklarasinya",
    "unclosed CDATA section": "bagian CDATA tidak tertutup",
    "reference to invalid character number": "ada rujukan karakter yang tidak sah",
    "XML or text declaration not at start of entity": "deklarasi XML tidak di awal bagian",
}


def describe_xml_error(exc: BaseException) -> str:
    """What an XML parse error (``expat.ExpatError``, ElementTree's ``ParseError``) means, with where it is:
    "tag penutup tidak cocok dengan tag pembukanya (baris 2, kolom 1050)"; never the parser's English."""
    from xml.parsers import expat

    code = getattr(exc, "code", None)
    message = expat.ErrorString(code) if isinstance(code, int) else ""
    meaning = _XML_MEANINGS.get(message or "", "XML tidak sah")
    line, column = getattr(exc, "position", None) or (getattr(exc, "lineno", None), getattr(exc, "offset", None))
    return f"{meaning} (baris {line}, kolom {column})" if isinstance(line, int) else meaning


def describe_workbook_error(exc: BaseException) -> str:
    """What an error of the spreadsheet reader (calamine) means, as a phrase: "format berkas tidak dikenali ..."."""
    if isinstance(exc, (zipfile.BadZipFile, zipfile.LargeZipFile)) or type(exc).__name__ == "error":
        return describe_zip_error(exc)
    if isinstance(exc, OSError):
        return describe_os_error(exc).rstrip(".")
    text = str(exc).lower()
    for needle, meaning in _CALAMINE_MEANINGS:
        if needle in text:
            return meaning
    return "buku kerja rusak atau tidak dapat dibaca"


#: The problems libyaml and PyYAML report, in Bahasa Indonesia (matched on the start of the problem text).
_YAML_PROBLEMS = (
    ("expected ',' or ']'", "tanda ',' atau ']' yang diharapkan tidak ditemukan (kurung siku belum ditutup?)"),
    ("expected ',' or '}'", "tanda ',' atau '}' yang diharapkan tidak ditemukan (kurung kurawal belum ditutup?)"),
    ("did not find expected key", "kunci yang diharapkan tidak ditemukan (periksa indentasi baris ini dan "
                                  "sebelumnya)"),
    ("did not find expected '-' indicator", "tanda '-' daftar yang diharapkan tidak ditemukan (periksa indentasi)"),
    ("did not find expected node content", "nilai yang diharapkan tidak ditemukan"),
    ("did not find expected <document start>", "awal dokumen YAML tidak ditemukan"),
    ("did not find expected comment or line break", "teks berlebih setelah nilai (beri tanda kutip pada teks)"),
    ("could not find expected ':'", "tanda ':' yang diharapkan tidak ditemukan"),
    ("mapping values are not allowed", "tanda ':' tidak boleh di sini (beri tanda kutip pada teks yang memuat ':', "
                                       "atau periksa indentasi)"),
    ("block sequence entries are not allowed", "butir daftar '-' tidak boleh di sini (periksa indentasi)"),
    ("found character '\\t'", "karakter tab tidak boleh dipakai dalam YAML; pakai spasi untuk indentasi"),
    ("cannot start any token", "karakter yang tidak boleh mengawali nilai: tab untuk indentasi (pakai spasi), atau "
                               "@ dan ` di awal teks (beri tanda kutip pada teks itu)"),
    ("found undefined alias", "alias (*nama) yang belum didefinisikan"),
    ("found duplicate anchor", "jangkar (&nama) yang didefinisikan dua kali"),
    ("found unexpected end of stream", "berkas berakhir sebelum waktunya (tanda kutip atau kurung belum ditutup)"),
    ("found unexpected ':'", "tanda ':' di tempat yang tidak terduga"),
    ("found unknown escape character", "urutan escape (\\...) yang tidak dikenal di dalam tanda kutip ganda"),
    ("found a tab character", "karakter tab tidak boleh dipakai dalam YAML; pakai spasi untuk indentasi"),
    ("expected <block end>", "indentasi tidak konsisten"),
    ("expected <document start>", "ada teks berlebih setelah akhir dokumen YAML"),
    ("expected a single document", "berkas memuat lebih dari satu dokumen YAML (pemisah '---')"),
    ("expected alphabetic or numeric character", "nama jangkar atau alias tidak sah"),
    ("unacceptable character", "berkas memuat karakter yang tidak boleh ada dalam YAML"),
    ("control characters are not allowed", "berkas memuat karakter kendali yang tidak boleh ada dalam YAML"),
    ("could not determine a constructor", "tag YAML (!...) tidak diizinkan"),
    ("found duplicate key", "kunci yang sama ditulis dua kali"),
)


def describe_yaml_error(exc: BaseException) -> str:
    """A YAML syntax error with its line and column: "baris 2, kolom 2: tanda ',' atau ']' ...". Duck-typed
    (``problem``, ``problem_mark``), so this bottom layer needs no YAML library."""
    if getattr(exc, "worded", False):  # refused by kinerja_xl's own YAML reader: its message is Indonesian
        return str(exc)
    problem_text = str(getattr(exc, "problem", "") or "").lower()
    context_text = str(getattr(exc, "context", "") or "").lower()
    meaning = next((text for needle, text in _YAML_PROBLEMS if needle in problem_text), None)
    if meaning is None:
        meaning = next((text for needle, text in _YAML_PROBLEMS if needle in context_text), "sintaks YAML tidak valid")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None and getattr(mark, "line", None) is not None:
        return f"baris {mark.line + 1}, kolom {mark.column + 1}: {meaning}"
    return meaning


def describe_decode_error(exc: UnicodeError) -> str:
    """A text file that is not UTF-8 (a workbook, a PDF or a file saved in another encoding)."""
    start = getattr(exc, "start", None)
    where = f" (bita ke-{start + 1})" if isinstance(start, int) else ""
    return (f"berkas bukan teks UTF-8{where}: mungkin bukan berkas YAML (mis. buku kerja, PDF) atau disimpan dengan "
            "pengodean lain; simpan ulang sebagai teks UTF-8")


def describe_error(exc: BaseException, path: str | os.PathLike[str] | None = None, action: Action = "membaca") -> str:
    """Any error met while reading or writing ``path``, in Bahasa Indonesia: the one entry point the CLI and
    the Excel buttons use for errors that are not kinerja_xl's own."""
    if isinstance(exc, KinerjaXlError):
        return str(exc)
    if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
        return describe_os_error(exc, path, action)
    where = f"{path}: " if path is not None else ""
    if isinstance(exc, UnicodeError):
        text = describe_decode_error(exc)
    elif hasattr(exc, "problem_mark") or type(exc).__module__.startswith("yaml"):
        text = f"YAML tidak valid, {describe_yaml_error(exc)}"
    elif isinstance(exc, (zipfile.BadZipFile, zipfile.LargeZipFile)):
        text = describe_zip_error(exc)
    else:
        text = describe_workbook_error(exc)
    return f"{where}{text if where else _capital(text)}."


def _capital(text: str, name: object = None) -> str:
    """The first letter in capitals, unless the sentence starts with a file's name (never changed)."""
    if name is not None and text.startswith(str(name)):
        return text
    return text[:1].upper() + text[1:]


class LedgerError(KinerjaXlError):
    """The ledger (buku besar) cannot be opened, read or written; ``reason`` says why in Bahasa Indonesia."""

    def __init__(self, path: Any, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"buku besar {path} tidak dapat dipakai: {reason}")


class LockRefused(KinerjaXlError):
    """A period cannot be locked as it is (a file invalid, unreadable or sent twice); the message says which."""

    exit_code = EXIT_INVALID
