"""What the splice refuses, with which exception and message: never a silent repair."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile

import pytest
import xlsxwriter

from kinerja_xl.package import (
    BrokenPackageError,
    DonorError,
    Limits,
    NotAWorkbookError,
    SpliceError,
    UnsafePackageError,
    UnsupportedPartError,
    splice_sheets,
)
from tests.support.donors import donor_for, example
from tests.support.handmade import edit_zip, read


@pytest.fixture(scope="module")
def target() -> bytes:
    return example("ITJEN")


@pytest.fixture(scope="module")
def donor(target: bytes) -> bytes:
    return donor_for(target)


def small_donor(build) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book, book.add_worksheet("Hasil"))
    book.close()
    return buffer.getvalue()


def test_a_relationship_to_a_missing_part_is_refused_not_repaired(target, donor):
    broken = edit_zip(target, {"xl/theme/theme1.xml": None})
    with pytest.raises(BrokenPackageError, match="tidak konsisten sejak awal") as caught:
        splice_sheets(broken, donor)
    assert any("xl/theme/theme1.xml" in p and "tidak ada" in p for p in caught.value.problems)


def test_a_part_without_content_type_is_refused(target, donor):
    # the theme moved to a name no Default covers, its Override left behind
    rels = read(target, "xl/_rels/workbook.xml.rels").replace(b"theme/theme1.xml", b"theme/theme1.thmx")
    broken = edit_zip(target, {"xl/theme/theme1.xml": None, "xl/theme/theme1.thmx": read(target, "xl/theme/theme1.xml"),
                               "xl/_rels/workbook.xml.rels": rels})
    with pytest.raises(BrokenPackageError, match="tidak memiliki jenis isi"):
        splice_sheets(broken, donor)


def test_a_package_that_is_no_workbook_is_refused(target, donor):
    types = read(target, "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"wordprocessingml.document.main+xml")
    with pytest.raises(NotAWorkbookError, match="bukan buku kerja Excel"):
        splice_sheets(edit_zip(target, {"[Content_Types].xml": types}), donor)


def test_a_strict_open_xml_workbook_is_refused(target, donor):
    strict = read(target, "xl/workbook.xml").replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                                     b"http://purl.oclc.org/ooxml/spreadsheetml/main")
    with pytest.raises(UnsupportedPartError, match="Strict"):
        splice_sheets(edit_zip(target, {"xl/workbook.xml": strict}), donor)


def test_not_a_zip_is_refused(donor):
    with pytest.raises(BrokenPackageError, match="bukan berkas zip"):
        splice_sheets(b"bukan zip sama sekali", donor)


def test_a_dtd_is_refused(target, donor):
    evil = read(target, "xl/workbook.xml").replace(
        b"<workbook ", b'<!DOCTYPE workbook [<!ENTITY lol "lol">]><workbook ', 1)
    with pytest.raises(UnsafePackageError, match="DTD"):
        splice_sheets(edit_zip(target, {"xl/workbook.xml": evil}), donor)


def test_a_part_larger_than_the_limit_is_not_inflated(target, donor):
    with pytest.raises(UnsafePackageError, match="terlalu besar setelah diekstrak"):
        splice_sheets(target, donor, limits=Limits(max_part=1000))


def test_too_many_members_are_refused(target, donor):
    with pytest.raises(UnsafePackageError, match="terlalu banyak anggota"):
        splice_sheets(target, donor, limits=Limits(max_members=5))


def test_a_package_larger_than_the_limit_is_refused(target, donor):
    with pytest.raises(UnsafePackageError, match="berkas terlalu besar"):
        splice_sheets(target, donor, limits=Limits(max_package=1000))


def central_entry(data: bytes, name: bytes) -> int:
    """The offset of ``name``'s entry in the zip's central directory."""
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46:start + 46 + length] == name:
            return start
        start += 4
    raise AssertionError(name)


def test_a_member_inflating_past_its_declared_size_is_refused(target, donor):
    data = bytearray(target)
    entry = central_entry(target, b"xl/workbook.xml")
    declared = struct.unpack_from("<I", data, entry + 24)[0]
    struct.pack_into("<I", data, entry + 24, declared // 2)  # the stream now inflates past the declared size
    with pytest.raises(BrokenPackageError, match="rusak"):
        splice_sheets(bytes(data), donor)


def test_duplicate_member_names_are_refused(target, donor):
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        with zipfile.ZipFile(io.BytesIO(target)) as source, zipfile.ZipFile(buffer, "w") as out:
            for info in source.infolist():
                out.writestr(info, source.read(info))
            out.writestr("xl/workbook.xml", source.read("xl/workbook.xml"))
    with pytest.raises(UnsafePackageError, match="ganda"):
        splice_sheets(buffer.getvalue(), donor)


def test_an_encrypted_member_is_refused(target, donor):
    data = bytearray(target)
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + flag_at] |= 0x01
            start += 4
    with pytest.raises(UnsupportedPartError, match="terenkripsi"):
        splice_sheets(bytes(data), donor)


def test_a_missing_anchor_sheet_is_refused(target, donor):
    with pytest.raises(SpliceError, match="'Ringkasan' untuk posisi sisipan tidak ada"):
        splice_sheets(target, donor, after="Ringkasan")


def test_an_anchor_that_is_replaced_itself_is_refused(target, donor):
    with pytest.raises(SpliceError, match="ikut diganti"):
        splice_sheets(target, donor, after="Hasil")


def test_activating_an_unknown_sheet_is_refused(target, donor):
    with pytest.raises(SpliceError, match="diaktifkan"):
        splice_sheets(target, donor, activate="Lain")


def test_a_sheet_missing_from_the_donor_is_refused(target, donor):
    with pytest.raises(DonorError, match="'Ringkasan' tidak ada di buku kerja donor"):
        splice_sheets(target, donor, ["Hasil", "Ringkasan"])


def test_a_donor_with_comments_is_refused(target):
    donor = small_donor(lambda book, sheet: sheet.write_comment("A1", "catatan"))
    with pytest.raises(DonorError, match="komentar"):
        splice_sheets(target, donor)


def test_a_donor_with_a_table_is_refused(target):
    donor = small_donor(lambda book, sheet: sheet.add_table("A1:B3"))
    with pytest.raises(DonorError, match="tabel"):
        splice_sheets(target, donor)


def test_a_donor_with_a_global_name_is_refused(target):
    donor = small_donor(lambda book, sheet: (sheet.write("A1", 1), book.define_name("Total", "=Hasil!$A$1")))
    with pytest.raises(DonorError, match="nama global 'Total'"):
        splice_sheets(target, donor)


def test_a_donor_with_dynamic_arrays_is_refused(target):
    donor = small_donor(lambda book, sheet: sheet.write_dynamic_array_formula("A1:A3", "=SEQUENCE(3)"))
    with pytest.raises(DonorError, match="metadata sel"):
        splice_sheets(target, donor)


def test_a_donor_that_is_no_workbook_is_refused(target):
    with pytest.raises(DonorError, match="donor"):
        splice_sheets(target, b"bukan zip")


def test_the_input_bytes_are_never_changed(target, donor):
    copy = bytes(target)
    splice_sheets(target, donor)
    assert target == copy
