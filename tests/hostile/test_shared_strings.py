"""A text only calamine reads: the shared strings, where every text of a workbook is kept (a number typed as text,
the identity, ``_meta``), cannot differ between kinerja_xl and Excel or LibreOffice.

calamine reads elements by their local names, so a ``<t>`` of another namespace in a string item was text to
kinerja_xl that LibreOffice does not show, or shows otherwise (shown below by opening each file in LibreOffice);
and calamine reads ``sharedStrings.xml`` beside the workbook part whether or not the workbook names it, while Excel
and LibreOffice read the part the workbook's relationship names. Each such workbook is refused as damaged; string
items written in forms every reader reads alike (phonetic runs, two ``<t>``, a CDATA section) are read as before.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from kinerja_xl.errors import UnreadableFile
from kinerja_xl.reading.sheet_map import _strings_of, _strings_refusal
from kinerja_xl.validate.unit import read_unit_workbook
from tests.factories import get_catalog, input_sheet_part, rewrite_member, typed_cell, unit_workbook
from tests.support.libreoffice import find_soffice, read_values, recalculate

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS = "xl/sharedStrings.xml"

#: A string item appended to the list, which a typed number's cell is made to use: what kinerja_xl read, and
#: LibreOffice shows (None: an empty cell), before the fix.
FOREIGN = {
    "t-namespace-lain": ('<si><x:t xmlns:x="urn:lain">7</x:t></si>', "7", None),
    "t-kedua-namespace-lain": ('<si><t>7</t><x:t xmlns:x="urn:lain">9</x:t></si>', "79", "7"),
    "run-namespace-lain": ('<si><x:r xmlns:x="urn:lain"><x:t>9</x:t></x:r><r><t>7</t></r></si>', "97", "7"),
    "namespace-bawaan-lain": ('<si xmlns="urn:lain"><t>7</t></si>', "7", None),
}
#: Forms every reader reads alike: they stay readable, the cell holding the text shown.
ALIKE = {
    "fonetik": ('<si><t>7</t><rPh sb="0" eb="1"><t>9</t></rPh></si>', "7"),
    "dua-t": ("<si><t>7</t><t>9</t></si>", "79"),
    "cdata": ("<si><t><![CDATA[7]]></t></si>", "7"),
    "berawalan-namespace-utama": (f'<si><x:t xmlns:x="{MAIN}">7</x:t></si>', "7"),
    "teks-xmlns": ("<si><t>xmlns 7</t></si>", None),
}


def _with_item(folder: Path, name: str, item: str) -> tuple[Path, str]:
    """A unit workbook whose first typed number's cell uses a new last string item ``item``."""
    source = unit_workbook(folder, "ITJEN", name=f"sumber-{name}.xlsx")
    address, style = typed_cell(source)
    with zipfile.ZipFile(source) as archive:
        index = archive.read(STRINGS).count(b"<si>")
    pattern = re.compile(rb'<c r="%s" s="\d+"><v>[^<]+</v></c>' % address.encode())
    cell = f'<c r="{address}" s="{style}" t="s"><v>{index}</v></c>'.encode()
    typed = rewrite_member(source, input_sheet_part(source), lambda data: pattern.sub(cell, data),
                           out=folder / f"teks-{name}.xlsx")
    return rewrite_member(typed, STRINGS, lambda data: data.replace(b"</sst>", item.encode() + b"</sst>"),
                          out=folder / f"{name}.xlsx"), address


def _decoy(folder: Path, related: bool = True) -> tuple[Path, str]:
    """A typed number's cell made the text 7 of ``xl/sharedStrings.xml``; the workbook names ``xl/decoy.xml`` as
    its shared strings instead, whose item there is 9 (or names none: ``related=False``). calamine reads
    ``xl/sharedStrings.xml`` all the same."""
    source, address = _with_item(folder, "umpan", "<si><t>7</t></si>")
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    rels = "xl/_rels/workbook.xml.rels"
    if related:
        parts["xl/decoy.xml"] = parts[STRINGS].replace(b"<si><t>7</t></si></sst>", b"<si><t>9</t></si></sst>")
        parts[rels] = parts[rels].replace(b"sharedStrings.xml", b"decoy.xml")
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
            b'<Override PartName="/xl/decoy.xml" ContentType="application/vnd.openxmlformats-officedocument'
            b'.spreadsheetml.sharedStrings+xml"/></Types>'))
    else:
        parts[rels] = re.sub(rb"<Relationship [^>]*sharedStrings[^>]*/>", b"", parts[rels])
    out = folder / ("umpan-terkait.xlsx" if related else "tanpa-relasi.xlsx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out, address


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_a_string_item_with_an_element_of_another_namespace_is_refused(tmp_path: Path, name: str) -> None:
    path, _ = _with_item(tmp_path, name, FOREIGN[name][0])
    submission = read_unit_workbook(path, get_catalog())
    assert [p.code for p in submission.problems] == ["berkas-rusak"] and submission.values == ()
    assert "daftar teks bersama (xl/sharedStrings.xml)" in submission.problems[0].message


@pytest.mark.parametrize("name", sorted(ALIKE))
def test_string_items_every_reader_reads_alike_are_read(tmp_path: Path, name: str) -> None:
    path, address = _with_item(tmp_path, name, ALIKE[name][0])
    submission = read_unit_workbook(path, get_catalog())
    assert "berkas-rusak" not in {p.code for p in submission.problems}
    shown = [str(v.value) for v in submission.values if v.source.cell == address]
    assert shown == ([ALIKE[name][1]] if ALIKE[name][1] else [])


@pytest.mark.parametrize("related", [True, False])
def test_shared_strings_other_than_the_ones_the_workbook_names_are_refused(tmp_path: Path, related: bool) -> None:
    submission = read_unit_workbook(_decoy(tmp_path, related)[0], get_catalog())
    assert [p.code for p in submission.problems] == ["berkas-rusak"]
    assert ("bukan 'xl/sharedStrings.xml'" if related else "tidak dirujuk buku kerja") in submission.problems[0].message


def test_the_shared_strings_relationship_is_read_as_excel_reads_it() -> None:
    rel = ('<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'sharedStrings" Target="{target}"/>')
    rels = ("<Relationships>" + rel.format(n=1, target="sharedStrings.xml") + "</Relationships>").encode()
    assert _strings_of("xl", rels) == "xl/sharedStrings.xml"
    assert _strings_of("xl", rels.replace(b"sharedStrings.xml", b"/xl/lain.xml")) == "xl/lain.xml"
    assert _strings_of("xl", b"<Relationships><!-- " + rels[15:-16] + b" --></Relationships>") is None
    with pytest.raises(UnreadableFile) as refused:
        _strings_of("xl", rels.replace(b"</Relationships>", rel.format(n=2, target="b.xml").encode()
                                       + b"</Relationships>"))
    assert "dua daftar teks bersama" in refused.value.params["detail"]


def test_a_comment_or_text_mentioning_a_prefix_is_no_element() -> None:
    head = f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="1">'.encode()
    assert _strings_refusal(head + b"<!-- <x:t> --><si><t>a &lt;x:t&gt; b</t></si></sst>", STRINGS) == ""
    assert "unsur XML 't' dari namespace lain" in _strings_refusal(
        head + b'<si><t xmlns="urn:lain">1</t></si></sst>', STRINGS)


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) tidak terpasang")
def test_libreoffice_shows_each_refused_form_otherwise_than_calamine_read_it(tmp_path: Path) -> None:
    """What the refusals stand for: LibreOffice shows each refused string item otherwise than calamine read it
    (the values in :data:`FOREIGN`), and the decoy's 9 where calamine read the 7 of ``sharedStrings.xml``."""
    made = {name: _with_item(tmp_path, name, item) for name, (item, _, _) in FOREIGN.items()}
    made["umpan"] = _decoy(tmp_path)
    names = list(made)
    saved = recalculate([made[n][0] for n in names], tmp_path / "lo")
    for name, path in zip(names, saved, strict=True):
        shown = read_values(path)["Isian"].get(made[name][1])
        read = "7" if name == "umpan" else FOREIGN[name][1]  # what kinerja_xl read before the fix
        assert shown == ("9" if name == "umpan" else FOREIGN[name][2]) != read, name


def test_the_reader_of_plain_sheets_refuses_the_same_texts(tmp_path: Path) -> None:
    """The reviewer's *Dilaporkan* workbook is read by the plain-sheet reader: its texts pass the same check."""
    from kinerja_xl.errors import SheetReadError
    from kinerja_xl.reading.sheets import read_sheet_rows
    from tests.conftest import EXAMPLES

    source = EXAMPLES / "dilaporkan-2023.xlsx"
    assert read_sheet_rows(source, ("Dilaporkan",))
    path = rewrite_member(source, STRINGS, lambda data: data.replace(
        b"</sst>", FOREIGN["t-namespace-lain"][0].encode() + b"</sst>"), out=tmp_path / "dilaporkan.xlsx")
    with pytest.raises(SheetReadError, match="daftar teks bersama"):
        read_sheet_rows(path, ("Dilaporkan",))
