"""The Isian sheet the formula check scans is the one calamine reads its values from, or the file is refused.

The check finds which part holds Isian from the workbook part and its relationships, read with byte patterns.
Before, an attribute was any ``name="value"`` in the tag's text, so one hidden in another attribute's single-quoted
value (``Foo='Target="decoy.xml"'``), or a relationship inside a comment, pointed the scan at a clean decoy sheet
while calamine read the real one, with its formula. Now attributes are read as calamine reads them and comments,
CDATA sections and processing instructions are no tags; a tag naming an attribute twice, a sheet with two ``id``
attributes, a sheet name used twice and a workbook part not named ``workbook.xml`` (calamine reads
``workbook.xml`` beside the target whatever the target's name) are refused.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kinerja_xl.errors import UnreadableFile
from kinerja_xl.reading.reader import scan_workbook
from kinerja_xl.reading.sheet_map import _office_document, _sheets_of
from kinerja_xl.validate.unit import read_unit_workbook
from tests.factories import get_catalog, input_sheet_part, unit_workbook

WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
Change = Callable[[bytes], bytes]


def _rebuilt(source: Path, out: Path, changes: dict[str, Change], extra: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, changes[info.filename](data) if info.filename in changes else data)
        for name, data in extra.items():
            dst.writestr(name, data)
    return out


def _with_formula_and_decoy(tmp_path: Path, name: str, rels: Change = lambda d: d, book: Change = lambda d: d,
                            root: Change = lambda d: d, decoy: str = "xl/worksheets/decoy.xml") -> Path:
    """The workbook with a formula typed into Isian's first input cell, a clean copy of Isian at ``decoy``
    (declared in the content types) and the given changes to the relationships and the workbook parts."""
    source = unit_workbook(tmp_path, "ITJEN", name=f"sumber-{name}.xlsx")
    part, address = input_sheet_part(source), scan_workbook(source, get_catalog()).cells[0].cell.encode()
    with zipfile.ZipFile(source) as archive:
        clean = archive.read(part)
    formula, count = re.subn(rb'<c r="%s"( s="\d+")[^>]*?(?:/>|>.*?</c>)' % address,
                             rb'<c r="%s"\1><f>1+1</f><v>5</v></c>' % address, clean, count=1)
    assert count == 1

    def types(data: bytes) -> bytes:
        return data.replace(b"</Types>", f'<Override PartName="/{decoy}" ContentType="{WORKSHEET}"/></Types>'.encode())

    return _rebuilt(source, tmp_path / f"{name}.xlsx",
                    {part: lambda d: formula, "xl/_rels/workbook.xml.rels": rels, "xl/workbook.xml": book,
                     "_rels/.rels": root, "[Content_Types].xml": types}, {decoy: clean})


def _codes(path: Path) -> list[str]:
    return sorted({p.code for p in read_unit_workbook(path, get_catalog()).problems if p.severity == "galat"})


def _isian_rel(tmp_path: Path) -> bytes:
    source = unit_workbook(tmp_path, "ITJEN", name="rel.xlsx")
    target = input_sheet_part(source).removeprefix("xl/").encode()
    return b'Target="' + target + b'"/>'


def test_the_formula_is_found_when_nothing_is_changed(tmp_path: Path) -> None:
    assert "rumus-di-isian" in _codes(_with_formula_and_decoy(tmp_path, "polos"))


@pytest.mark.parametrize("decoy_after", [True, False])
def test_a_target_hidden_in_another_attribute_does_not_point_the_scan_elsewhere(tmp_path: Path,
                                                                                decoy_after: bool) -> None:
    real = _isian_rel(tmp_path)
    hidden = b"Foo='Target=\"worksheets/decoy.xml\"'"
    after, before = real[:-2] + b" " + hidden + b"/>", b" ".join((hidden, real))
    assert "rumus-di-isian" in _codes(_with_formula_and_decoy(
        tmp_path, f"umpan-{decoy_after}", rels=lambda d: d.replace(real, after if decoy_after else before)))


@pytest.mark.parametrize("wrap", [(b"<!-- ", b" -->"), (b"<?catatan ", b"?>")], ids=["komentar", "instruksi"])
def test_a_relationship_inside_a_comment_is_none(tmp_path: Path, wrap: tuple[bytes, bytes]) -> None:
    """A comment (or processing instruction) holding a second relationship of Isian's id to the decoy: no XML reader
    takes it for a relationship, and the byte patterns no longer do."""
    real = _isian_rel(tmp_path)
    relationship_id = b"rId2"  # Isian is the second sheet of the template
    commented = wrap[0] + b'<Relationship Id="' + relationship_id + b'" Type="http://schemas.openxmlformats.org/' \
        b'officeDocument/2006/relationships/worksheet" Target="worksheets/decoy.xml"/>' + wrap[1]
    assert "rumus-di-isian" in _codes(_with_formula_and_decoy(
        tmp_path, f"komentar-{wrap[1].decode()}", rels=lambda d: d.replace(b"</Relationships>",
                                                                          commented + b"</Relationships>")))
    assert real  # the real relationship is unchanged


def test_a_greater_than_inside_a_relationship_value_does_not_end_its_tag(tmp_path: Path) -> None:
    real = _isian_rel(tmp_path)
    assert "rumus-di-isian" in _codes(_with_formula_and_decoy(
        tmp_path, "lebih-besar", rels=lambda d: d.replace(real, b'Note="a>b" ' + real)))


def test_a_prefixed_target_is_not_the_one_calamine_reads(tmp_path: Path) -> None:
    """calamine takes ``Target`` by its exact name; ``x:Target`` is another attribute to it (and to Excel)."""
    real = _isian_rel(tmp_path)
    prefixed = real[:-2] + b' xmlns:x="urn:lain" x:Target="worksheets/decoy.xml"/>'
    assert "rumus-di-isian" in _codes(_with_formula_and_decoy(
        tmp_path, "berawalan", rels=lambda d: d.replace(real, prefixed)))


@pytest.mark.parametrize("case", ["atribut-ganda", "dua-id", "nama-ganda", "bukan-workbook-xml"])
def test_what_readers_would_read_differently_is_refused(tmp_path: Path, case: str) -> None:
    real = _isian_rel(tmp_path)
    changes: dict[str, Change] = {
        "atribut-ganda": {"rels": lambda d: d.replace(real, b'Target="worksheets/decoy.xml" ' + real)},
        "dua-id": {"book": lambda d: d.replace(b'name="Isian" sheetId="2" r:id="rId2"',
                                               b'name="Isian" sheetId="2" r:id="rId2" xmlns:x="urn:lain" '
                                               b'x:id="rId1"')},
        "nama-ganda": {"book": lambda d: d.replace(b'name="Petunjuk"', b'name="Isian"')},
        "bukan-workbook-xml": {"root": lambda d: d.replace(b'Target="xl/workbook.xml"', b'Target="xl/buku.xml"'),
                               "decoy": "xl/buku.xml"},
    }[case]
    path = _with_formula_and_decoy(tmp_path, case, **changes)  # type: ignore[arg-type]
    problems = read_unit_workbook(path, get_catalog()).problems
    # refused by the package's own checks or by the reader's, before any figure is read
    assert [p.code for p in problems] in (["berkas-rusak"], ["paket-tidak-sah"]), [p.message for p in problems]


@pytest.mark.parametrize(("tag", "part"), [
    (b'<Relationship Id="rId1" Target="a.xml" Target="b.xml"/>', "rels"),
    (b"<Relationship Id=rId1 Target='a.xml'/>", "rels"),
    (b'<sheet name="Isian" r:id="rId1" x:id="rId2"/>', "book"),
    (b'<sheet name="Isian" r:id="rId1"/><sheet name="Isian" r:id="rId2"/>', "book")])
def test_the_byte_reading_of_the_sheet_map_refuses_what_readers_would_take_differently(tag: bytes, part: str) -> None:
    rels = b'<Relationships><Relationship Id="rId1" Target="s1.xml"/><Relationship Id="rId2" Target="s2.xml"/>'
    book = b"<workbook><sheets>" + (tag if part == "book" else b'<sheet name="Isian" r:id="rId1"/>') + b"</sheets>"
    with pytest.raises(UnreadableFile):
        _sheets_of("xl", book, rels + (tag if part == "rels" else b"") + b"</Relationships>")


def test_the_byte_reading_of_the_sheet_map_reads_attributes_as_calamine_does() -> None:
    rels = (b"<Relationships><Relationship Id='rId1' Note=\"a>b\" Target = 'one.xml' />"
            b'<Relationship Id="rId2" Foo=\'Target="decoy.xml"\' Target="two.xml" x:Target="three.xml"/>'
            b"</Relationships>")
    book = b'<workbook><sheets><sheet name="A" sheetId="1" r:id="rId2"/><sheet name="B&amp;C" id="rId1"/></sheets>'
    assert _sheets_of("xl", book, rels) == (("A", "xl/two.xml"), ("B&C", "xl/one.xml"))
    hidden = (b'<!-- <sheet name="A" r:id="rId1"/> --><![CDATA[<sheet name="A" r:id="rId1"/>]]>'
              b'<?x <Relationship Id="rId2" Target="decoy.xml"/>?>')
    assert _sheets_of("xl", book.replace(b"</sheets>", hidden + b"</sheets>"),
                      rels.replace(b"</Relationships>", hidden + b"</Relationships>")) == _sheets_of("xl", book, rels)
    with pytest.raises(UnreadableFile):
        _office_document(b'<Relationships><Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                         b'relationships/officeDocument" Target="xl/buku.xml"/></Relationships>')
