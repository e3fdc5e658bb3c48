"""The one place foreign errors become Indonesian (``kinerja_xl.errors.describe_*``): by errno, zip, calamine,
YAML with its line and column, a file that is not text; each names the file and says what to do."""

from __future__ import annotations

import errno
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from kinerja_xl.errors import (
    OutputError,
    describe_decode_error,
    describe_error,
    describe_os_error,
    describe_workbook_error,
    describe_yaml_error,
    describe_zip_error,
    writing,
)
from tests.cli.test_journeys import english_in


@pytest.mark.parametrize(("number", "phrase"), [
    (errno.EACCES, "tidak ada izin menulis out/k.xlsx"),
    (errno.EPERM, "sistem tidak mengizinkan menulis out/k.xlsx"),
    (errno.EISDIR, "out/k.xlsx adalah folder, bukan berkas"),
    (errno.ENOENT, "out/k.xlsx tidak ditemukan"),
    (errno.ENOSPC, "ruang disk penuh saat menulis out/k.xlsx"),
    (errno.EDQUOT, "kuota disk habis"),
    (errno.ENAMETOOLONG, "nama atau path out/k.xlsx terlalu panjang"),
    (errno.EROFS, "media yang hanya dapat dibaca"),
    (errno.EBUSY, "sedang dipakai aplikasi lain"),
    (errno.EIO, "galat perangkat keras"),
    (errno.EMFILE, "terlalu banyak berkas terbuka"),
    (errno.ENOTDIR, "bukan folder"),
    (errno.ESTALE, "folder jaringan terputus"),
    (9999, "kode galat 9999"),
])
def test_an_os_error_by_errno_names_the_file_and_what_to_do(number: int, phrase: str) -> None:
    # the error's own file is a temporary file beside the target: the message names the target
    exc = OSError(number, "English text from the system", "out/.k-abc123.xlsx.tmp")
    text = describe_os_error(exc, "out/k.xlsx", "menulis")
    assert phrase.lower() in text.lower()
    assert ".tmp" not in text and "English" not in text and english_in(text) == []
    assert text.endswith(".") and ". " in text  # what happened, then what to do


def test_an_os_error_without_errno_is_worded_by_its_kind() -> None:
    assert "tidak ada izin" in describe_os_error(PermissionError("no"), "a.xlsx").lower()
    assert "a.xlsx adalah folder" in describe_os_error(IsADirectoryError(), "a.xlsx")
    assert describe_os_error(FileNotFoundError(errno.ENOENT, "x", "b.xlsx")).startswith("b.xlsx tidak ditemukan")


def test_zip_and_workbook_reader_errors() -> None:
    with pytest.raises(zipfile.BadZipFile) as bad:
        zipfile.ZipFile(BytesIO(b"bukan zip"))
    assert "bukan arsip zip yang sah" in describe_zip_error(bad.value)
    assert english_in(describe_zip_error(bad.value)) == []
    from python_calamine import CalamineWorkbook

    with pytest.raises(Exception) as calamine:  # noqa: B017 - whatever calamine raises for a PDF
        CalamineWorkbook.from_filelike(BytesIO(b"%PDF-1.4 bukan buku kerja"))
    text = describe_workbook_error(calamine.value)
    assert text.startswith("format berkas tidak dikenali") and english_in(text) == []


@pytest.mark.parametrize(("source", "where", "phrase"), [
    ("a: [1, 2\nb: c\n", "baris 2, kolom 2", "kurung siku belum ditutup"),
    ("a: 1\n b: 2\n", "baris 2, kolom 3", "tanda ':' tidak boleh di sini"),
    ("a:\n\t- 1\n", "baris 2, kolom 1", "tab"),
    ('a: "tanpa penutup\n', "baris 2, kolom 1", "tanda kutip atau kurung belum ditutup"),
    ("a: *tidak_ada\n", "baris 1, kolom 4", "alias (*nama) yang belum didefinisikan"),
])
def test_a_yaml_error_has_its_line_column_and_meaning(source: str, where: str, phrase: str) -> None:
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load(source)
    text = describe_yaml_error(info.value)
    assert text.startswith(where) and phrase in text, text
    assert english_in(text) == []


def test_a_file_that_is_not_text() -> None:
    with pytest.raises(UnicodeDecodeError) as info:
        bytes(range(128, 256)).decode("utf-8")
    text = describe_decode_error(info.value)
    assert "bukan teks UTF-8 (bita ke-1)" in text and english_in(text) == []
    assert describe_error(info.value, "k.yaml").startswith("k.yaml: berkas bukan teks UTF-8")


def test_writing_wraps_every_write_error_once(tmp_path: Path) -> None:
    target = tmp_path / "hasil.xlsx"
    with pytest.raises(OutputError) as info, writing(target):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".hasil-x.xlsx.tmp"))
    assert str(info.value).startswith(f"Ruang disk penuh saat menulis {target}.")
    assert info.value.exit_code == 2 and info.value.path == str(target)
    with pytest.raises(OutputError) as again, writing(tmp_path / "luar.xlsx"), writing(target):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))
    assert str(tmp_path / "luar.xlsx") not in str(again.value)  # the inner file named, not wrapped twice


@pytest.mark.parametrize(("xml", "meaning"), [
    (b"", "XML kosong atau terpotong (baris 1, kolom 0)"),
    (b"<a><b></a>", "tag penutup tidak cocok dengan tag pembukanya (baris 1, kolom 8)"),
    (b"<a>&foo;</a>", "ada entitas XML yang tidak dikenal (baris 1, kolom 3)"),
    (b"<a></a><b/>", "ada isi setelah elemen utama (baris 1, kolom 7)"),
    (b"<a x='1' x='2'/>", "ada atribut yang ditulis dua kali (baris 1, kolom 9)"),
    (b"<a>\x01</a>", "ada karakter atau tanda yang tidak sah (baris 1, kolom 3)"),
])
def test_a_broken_part_is_worded_without_the_parsers_english(xml, meaning):
    """A damaged relationship or content-types part used to show expat's English ("mismatched tag: line 2, ...")."""
    from kinerja_xl.errors import BrokenPackageError
    from kinerja_xl.package.xmlscan import make_parser, parse

    with pytest.raises(BrokenPackageError) as info:
        parse(make_parser(xml, "x.xml"), xml, "x.xml")
    assert str(info.value) == f"bagian x.xml bukan XML yang sah: {meaning}"


def test_every_worded_xml_error_is_one_the_parser_gives():
    """The table matches expat's own messages, so a newer expat that words one otherwise shows here."""
    from xml.parsers import expat

    from kinerja_xl.errors import _XML_MEANINGS

    known = {expat.ErrorString(code) for code in range(1, 64)}
    assert set(_XML_MEANINGS) <= known
