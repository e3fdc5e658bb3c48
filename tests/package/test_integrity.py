"""The integrity checker: silent on sound packages, one finding for each kind of defect."""

from __future__ import annotations

import re

import pytest

from kinerja_xl.package import check_package, splice_refusals, splice_sheets
from tests.support.donors import TARGETS, donor_for, example
from tests.support.handmade import add_calc_chain, edit_zip, read


@pytest.fixture(scope="module")
def sound() -> bytes:
    target = example("SETJEN")  # its Hasil has capaian, so conditional formats (dxfs) too
    return splice_sheets(target, donor_for(target))


#: The Hasil sheet of ``sound``: after Petunjuk, Isian, Survei, _meta and the new Validasi.
HASIL = "xl/worksheets/sheet6.xml"


def sub(data: bytes, part: str, pattern: bytes, replacement: bytes, count: int = 1) -> bytes:
    xml = read(data, part)
    changed = re.sub(pattern, replacement, xml, count=count)
    assert changed != xml, f"{pattern!r} tidak ditemukan di {part}"
    return edit_zip(data, {part: changed})


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_fixture_is_sound(name):
    assert check_package(TARGETS[name]()) == []


def test_a_sound_spliced_package_has_no_finding(sound):
    assert check_package(sound) == []


def only(problems: list[str], *fragments: str) -> None:
    assert len(problems) == 1, problems
    assert all(f in problems[0] for f in fragments), problems


def test_relationship_to_a_missing_part(sound):
    only(check_package(edit_zip(sound, {"xl/charts/chart1.xml": None,
                                        "[Content_Types].xml": read(sound, "[Content_Types].xml").replace(
                                            b'<Override PartName="/xl/charts/chart1.xml" ContentType='
                                            b'"application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>',
                                            b"")})),
         "menunjuk ke bagian yang tidak ada", "xl/charts/chart1.xml")


def finds(problems: list[str], *fragments: str) -> None:
    assert any(all(f in p for f in fragments) for p in problems), problems


def test_relationship_with_an_empty_target(sound):
    problems = check_package(sub(sound, "xl/drawings/_rels/drawing1.xml.rels", rb'Target="[^"]+"', b'Target=""'))
    finds(problems, "target yang tidak sah")
    finds(problems, "yatim", "xl/charts/chart1.xml")  # the chart it pointed at is now unreachable


def test_part_without_content_type(sound):
    problems = check_package(edit_zip(sound, {"xl/media/catatan.bin2": b"data",
                                              "xl/drawings/_rels/drawing1.xml.rels": read(
                                                  sound, "xl/drawings/_rels/drawing1.xml.rels").replace(
                                                  b"</Relationships>", b'<Relationship Id="rId9" Type="http://'
                                                  b'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                                  b'image" Target="../media/catatan.bin2"/></Relationships>')}))
    only(problems, "tidak memiliki jenis isi", "xl/media/catatan.bin2")


def test_orphan_part(sound):
    only(check_package(edit_zip(sound, {"xl/catatan/yatim.xml": b"<yatim/>"})), "yatim", "xl/catatan/yatim.xml")


def test_orphan_rels_part(sound):
    rels = read(sound, "xl/drawings/_rels/drawing1.xml.rels")
    only(check_package(edit_zip(sound, {"xl/drawings/_rels/drawing7.xml.rels": rels})), "relasi yatim",
         "drawing7.xml.rels")


def test_override_for_a_missing_part(sound):
    only(check_package(sub(sound, "[Content_Types].xml", rb"</Types>",
                           b'<Override PartName="/xl/worksheets/sheet9.xml" ContentType="application/'
                           b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')),
         "Override", "sheet9.xml")


def test_duplicate_relationship_ids(sound):
    rels = read(sound, "xl/_rels/workbook.xml.rels")
    first = re.search(rb'<Relationship Id="rId1"[^>]*/>', rels).group(0)
    only(check_package(edit_zip(sound, {"xl/_rels/workbook.xml.rels": rels.replace(first, first + first)})),
         "rId1 dipakai 2 kali")


def test_duplicate_sheet_ids(sound):
    only(check_package(sub(sound, "xl/workbook.xml", rb'sheetId="2"', b'sheetId="1"')), "sheetId ganda")


def test_duplicate_sheet_names(sound):
    only(check_package(sub(sound, "xl/workbook.xml", rb'name="Petunjuk"', b'name="ISIAN"')), "nama lembar ganda")


def test_sheet_pointing_at_a_non_sheet_relationship(sound):
    only(check_package(sub(sound, "xl/workbook.xml", rb'(<sheet name="Petunjuk" sheetId="1") r:id="rId1"',
                           rb'\1 r:id="rId5"')), "bukan relasi lembar")


def test_style_count_attribute_disagreeing_with_the_entries(sound):
    only(check_package(sub(sound, "xl/styles.xml", rb'<fonts count="(\d+)"', b'<fonts count="99"')),
         'count="99"', "<fonts>")


def test_cell_style_index_out_of_range(sound):
    only(check_package(sub(sound, HASIL, rb'<c r="C5" s="\d+"', b'<c r="C5" s="500"')),
         "s=500", "cellXfs")


def test_differential_format_index_out_of_range(sound):
    only(check_package(sub(sound, HASIL, rb'dxfId="\d+"', b'dxfId="77"')), "dxfId=77")


def test_font_index_out_of_range(sound):
    only(check_package(sub(sound, "xl/styles.xml", rb'(<cellXfs count="\d+"><xf numFmtId="0") fontId="0"',
                           rb'\1 fontId="400"')), "fontId=400")


def test_shared_string_index_out_of_range(sound):
    only(check_package(sub(sound, "xl/worksheets/sheet1.xml", rb'(t="s"><v>)\d+', rb"\g<1>9999")),
         "string bersama", "9999")


def test_defined_name_local_to_a_missing_sheet(sound):
    only(check_package(sub(sound, "xl/workbook.xml", rb'localSheetId="1"', b'localSheetId="12"')),
         "localSheetId=12")


def test_active_tab_out_of_range(sound):
    only(check_package(sub(sound, "xl/workbook.xml", rb'activeTab="\d+"', b'activeTab="8"')), "activeTab=8")


def test_calc_chain_naming_a_missing_sheet(sound):
    only(check_package(add_calc_chain(sound, [("F12", 2), ("C5", 42)])), "calcChain", "sheetId 42")


def test_unreadable_xml_part(sound):
    problems = check_package(edit_zip(sound, {"xl/_rels/workbook.xml.rels": b"<Relationships"}))
    assert any("bukan XML yang sah" in p for p in problems), problems


def test_dtd_is_refused(sound):
    evil = b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><Types/>'
    only(check_package(edit_zip(sound, {"[Content_Types].xml": evil})), "DTD")


def test_not_a_zip():
    only(check_package(b"PK\x03\x04 bukan zip"), "bukan berkas zip")


def test_remembered_findings_follow_the_relationships_not_only_the_part_names(sound):
    """Packages of the same part names share the list of parts their findings depend on; the findings still follow
    those parts' content, in whichever order the packages come."""
    broken = sub(sound, "xl/drawings/_rels/drawing1.xml.rels", rb'Target="[^"]+"', b'Target="../charts/hilang.xml"')
    for data in (sound, broken, sound, broken):
        refused = splice_refusals(data)
        assert refused == [] if data is sound else any("hilang.xml" in r for r in refused), refused
