"""Reading and writing the package: names, content types, relationships, raw copies."""

from __future__ import annotations

import io
import posixpath
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from kinerja_xl.package import Package
from kinerja_xl.package.opc import relative, rels_name, resolve, source_of_rels
from tests.support.donors import TARGETS, example, lo_fixture
from tests.support.opc_inspect import zip_members

segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_ %", min_size=1, max_size=8).filter(
    lambda s: s.strip(".") == s)
part_names = st.lists(segment, min_size=1, max_size=4).map(lambda s: "/".join(s) + ".xml")


def test_parts_keep_zip_order_and_compare_case_insensitively():
    package = Package.from_bytes(example("REHSOS"))
    assert package.parts()[0] == "[Content_Types].xml"
    assert package.actual("XL/Workbook.XML") == "xl/workbook.xml"
    assert "xl/WORKSHEETS/sheet1.xml" in package and "xl/worksheets/sheet9.xml" not in package


def test_content_types_come_from_overrides_then_defaults():
    package = Package.from_bytes(lo_fixture())
    types = package.content_types()
    assert types.of("xl/workbook.xml") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    assert types.of("_rels/.rels") == "application/vnd.openxmlformats-package.relationships+xml"
    assert types.of("xl/media/image1.png") == "image/png"
    assert types.of("xl/media/other.gif") is None


def test_relationships_resolve_relative_and_absolute_targets():
    package = Package.from_bytes(lo_fixture())
    sheet = package.rels("xl/worksheets/sheet5.xml")  # "Catatan Unit", after Petunjuk, Isian, Survei, _meta
    assert sheet is not None
    kinds = {r.type.rsplit("/", 1)[1]: r for r in sheet}
    assert kinds["drawing"].part == "xl/drawings/drawing2.xml"
    assert kinds["hyperlink"].external and kinds["hyperlink"].part is None
    assert package.main_part() == "xl/workbook.xml"
    assert resolve("xl/workbook.xml", "/xl/styles.xml") == "xl/styles.xml"
    assert resolve("xl/worksheets/sheet1.xml", "../media/gambar%20bukti.png") == "xl/media/gambar bukti.png"
    assert resolve("xl/workbook.xml", "worksheets/sheet1.xml#A1") == "xl/worksheets/sheet1.xml"
    assert resolve("xl/workbook.xml", "../../luar.xml") == "luar.xml"  # RFC 3986: no step above the root
    assert resolve("", "../customXml/item1.xml") == "customXml/item1.xml"  # as LibreOffice writes it
    assert resolve("xl/workbook.xml", "") is None


@given(part_names, part_names)
def test_relative_targets_resolve_back(source, part):
    assert resolve(source, relative(source, part)) == posixpath.normpath(part)


@given(part_names)
def test_rels_names_and_their_sources_round_trip(part):
    assert source_of_rels(rels_name(part)) == part
    assert source_of_rels(part) is None


def test_reachability_skips_the_given_edges():
    package = Package.from_bytes(lo_fixture())
    everything = package.reachable()
    assert "xl/media/image1.png" in everything
    rid = next(r.id for r in package.rels("xl/workbook.xml") if r.part == "xl/worksheets/sheet5.xml")
    without = package.reachable([("xl/workbook.xml", rid)])
    assert everything - without == {"xl/worksheets/sheet5.xml", "xl/comments5.xml", "xl/drawings/drawing2.xml",
                                    "xl/drawings/vmlDrawing1.vml", "xl/charts/chart1.xml", "xl/media/image1.png"}


def test_an_unchanged_package_is_written_back_with_identical_members():
    for load in TARGETS.values():
        data = load()
        assert zip_members(Package.from_bytes(data).to_bytes()) == zip_members(data)


def test_unchanged_members_are_copied_raw_and_changed_ones_recompressed():
    data = example("REHSOS")
    package = Package.from_bytes(data)
    package.write("xl/workbook.xml", package.read("xl/workbook.xml").replace(b'activeTab="1"', b'activeTab="0"'))
    out = package.to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as before, zipfile.ZipFile(io.BytesIO(out)) as after:
        assert after.testzip() is None
        for info in before.infolist():
            new = after.getinfo(info.filename)
            if info.filename == "xl/workbook.xml":
                assert after.read(info.filename) != before.read(info.filename)
            else:
                assert (new.CRC, new.compress_size, new.compress_type) == \
                    (info.CRC, info.compress_size, info.compress_type), info.filename
                assert raw_stream(out, new) == raw_stream(data, info)


def raw_stream(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A member's compressed bytes as stored."""
    offset = info.header_offset
    name_length = int.from_bytes(data[offset + 26:offset + 28], "little")
    extra_length = int.from_bytes(data[offset + 28:offset + 30], "little")
    start = offset + 30 + name_length + extra_length
    return data[start:start + info.compress_size]


def test_recompressing_everything_keeps_the_content():
    data = lo_fixture()
    assert zip_members(Package.from_bytes(data).to_bytes(copy_raw=False)) == zip_members(data)


def test_parts_can_be_added_and_deleted():
    package = Package.from_bytes(example("ITJEN"))
    package.write("xl/catatan.xml", b"<catatan/>")
    package.delete("docProps/custom.xml")
    members = zip_members(package.to_bytes())
    assert members["xl/catatan.xml"] == b"<catatan/>" and "docProps/custom.xml" not in members
    assert list(members)[-1] == "xl/catatan.xml"


def test_a_copy_takes_what_its_package_parsed_and_still_logs_each_part_as_read():
    """The splice of a probe works on a copy that logs the parts it reads (the shape of a template depends on
    them): what the package parsed already (relationships, content types, the workbook part) is the copy's too,
    and each of those parts is logged as read when the copy takes it, as a fresh parse would log it."""
    from kinerja_xl.package.workbook import workbook_of

    package = Package.from_bytes(example("REHSOS"))
    main, _ = workbook_of(package)
    package.content_types()
    package.rels(main)
    fresh = Package(list(package.members())).copy(log_reads=True)
    copy = package.copy(log_reads=True)
    for logged in (fresh, copy):
        assert logged.content_types() is not None and logged.rels(main) is not None
        workbook_of(logged)
    assert copy.rels(main) is package.rels(main)  # taken, not parsed again
    assert set(copy.reads) == set(fresh.reads) >= {"[Content_Types].xml", "xl/_rels/workbook.xml.rels",
                                                    "xl/workbook.xml", "_rels/.rels"}


def test_a_derived_value_logs_the_parts_it_was_made_from_each_time_it_is_taken():
    package = Package.from_bytes(example("REHSOS"))
    assert package.derived("book", lambda: len(package.read("xl/workbook.xml"))) > 0
    copy = package.copy(log_reads=True)
    copy.derived("book", lambda: -1)
    copy.derived("book", lambda: -1)
    assert copy.reads == ["xl/workbook.xml", "xl/workbook.xml"]


def test_a_copy_parses_again_once_it_changes():
    """After the copy's first change, nothing its package parsed is taken any more (a relationship parsed then
    could resolve against names the copy no longer has)."""
    package = Package.from_bytes(example("REHSOS"))
    rels = package.rels("")
    types = package.content_types()
    copy = package.copy()
    assert copy.rels("") is rels and copy.content_types() is types
    copy.write("docProps/core.xml", copy.read("docProps/core.xml"))
    assert copy.rels("") is not rels and copy.content_types() is not types
    assert package.rels("") is rels and package.content_types() is types
