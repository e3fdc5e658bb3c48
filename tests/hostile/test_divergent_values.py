"""A cell value calamine reads otherwise than Excel and LibreOffice is refused at its cell.

calamine reads a number's ``<v>`` up to the first character or entity reference (``<v>107949&#48;</v>`` is
107949 to it, 1079490 to LibreOffice; ``<v>&#49;07949</v>`` an empty cell; ``<v>1079&amp;49</v>`` 1079 to both, not
the number written, and refused alike), and reads an inline string wherever it
stands (in a cell typed ``n``, ``s`` or ``str``, or beside a ``<v>``), where LibreOffice reads the value or
nothing. A shared string escaping a plain character (``_x0031_07949``) is 107949 to calamine and Excel, and the
text ``_x0031_07949`` to LibreOffice. Excel writes none of these; each passed validation as a figure LibreOffice
does not show (shown below by recalculating in LibreOffice). Found by an exploratory attack on the reader.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja_xl.package.workbook import NS_MAIN
from kinerja_xl.validate.unit import read_unit_workbook
from tests.factories import get_catalog, rewrite_member, rewrite_typed_cell, unit_workbook
from tests.support.libreoffice import find_soffice, recalculate

#: Forms of a typed number's cell that calamine reads as the number on the right (None: an empty cell) and
#: LibreOffice otherwise: ``{a}`` its address, ``{s}`` its style.
DIVERGENT = {
    "rujukan-karakter": ('<c r="{a}" s="{s}"><v>107949&#48;</v></c>', 107949),
    "rujukan-di-depan": ('<c r="{a}" s="{s}"><v>&#49;07949</v></c>', None),
    "entitas": ('<c r="{a}" s="{s}"><v>1079&amp;49</v></c>', 1079),
    "rujukan-setelah-komentar": ('<c r="{a}" s="{s}"><v><!-- x -->107949&#48;</v></c>', None),
    "nilai-dan-sebaris": ('<c r="{a}" s="{s}"><v>5</v><is><t>107949</t></is></c>', "107949"),
    "sebaris-jenis-n": ('<c r="{a}" s="{s}" t="n"><is><t>107949</t></is></c>', "107949"),
    "sebaris-jenis-s": ('<c r="{a}" s="{s}" t="s"><is><t>107949</t></is></c>', "107949"),
    "sebaris-jenis-str": ('<c r="{a}" s="{s}" t="str"><is><t>107949</t></is></c>', "107949"),
    "sebaris-dengan-nilai": ('<c r="{a}" s="{s}" t="inlineStr"><v>5</v><is><t>107949</t></is></c>', "107949"),
    "sebaris-berawalan": (f'<c r="{{a}}" s="{{s}}" t="n"><x:is xmlns:x="{NS_MAIN}"><x:t>107949</x:t></x:is></c>',
                          "107949"),
}
#: Forms every reader reads alike, which still read.
ALIKE = {
    "sebaris": '<c r="{a}" s="{s}" t="inlineStr"><is><t>107949</t></is></c>',
    "sebaris-rujukan": '<c r="{a}" s="{s}" t="inlineStr"><is><t>10794&#57;</t></is></c>',
    "teks-rumus-entitas": '<c r="{a}" s="{s}" t="str"><v>107&amp;949</v></c>',
}


@pytest.mark.parametrize("name", sorted(DIVERGENT))
def test_a_value_read_otherwise_elsewhere_is_refused_at_its_cell(tmp_path: Path, name: str) -> None:
    path, address = rewrite_typed_cell(tmp_path, name, DIVERGENT[name][0])
    submission = read_unit_workbook(path, get_catalog())
    assert [p.code for p in submission.problems] == ["berkas-rusak"] and not submission.values, name
    assert f"lembar 'Isian': sel {address} memuat" in submission.problems[0].message


@pytest.mark.parametrize("name", sorted(ALIKE))
def test_forms_every_reader_reads_alike_still_read(tmp_path: Path, name: str) -> None:
    path, address = rewrite_typed_cell(tmp_path, name, ALIKE[name])
    submission = read_unit_workbook(path, get_catalog())
    assert "berkas-rusak" not in [p.code for p in submission.problems]
    cells = [p for p in submission.problems if p.cell == address]
    if name == "teks-rumus-entitas":  # a formula's text result: not a number, worded at its cell
        assert [p.code for p in cells] == ["bukan-angka"] and "'107&949'" in cells[0].message
    else:  # a number typed as text, read as a number with a note
        assert [p.code for p in cells] == ["teks-dikonversi"]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_each_refused_form_otherwise_than_calamine(tmp_path: Path) -> None:
    """What the refusal stands for: for every form, calamine's reading (the table above) and LibreOffice's differ."""
    from python_calamine import CalamineWorkbook

    made = {name: rewrite_typed_cell(tmp_path, name, form) for name, (form, _) in DIVERGENT.items()}
    names = list(made)
    saved = recalculate([made[n][0] for n in names], tmp_path / "lo")
    for name, path in zip(names, saved, strict=True):
        address = made[name][1]
        row, col = int(address[1:]), ord(address[0]) - 65
        read = CalamineWorkbook.from_path(str(made[name][0])).get_sheet_by_name("Isian").to_python()[row - 1][col]
        read = None if read == "" else int(read) if isinstance(read, float) else read
        assert read == DIVERGENT[name][1], name
        shown = load_workbook(path, data_only=True)["Isian"][address].value
        if name == "entitas":  # both stop at the reference: a number that is not the one written, refused alike
            assert shown == read == 1079
            continue
        assert shown != read and str(shown) != str(read), (name, shown)


def _escaped_string(folder: Path, text: str) -> Path:
    """A filled ITJEN workbook whose first typed number is the shared string ``text`` (as written in the XML)."""
    source = unit_workbook(folder, "ITJEN", name="sumber-teks.xlsx")
    with zipfile.ZipFile(source) as archive:
        count = archive.read("xl/sharedStrings.xml").count(b"<si>")
    strings = rewrite_member(source, "xl/sharedStrings.xml",
                             lambda data: data.replace(b"</sst>", b"<si><t>%s</t></si></sst>" % text.encode()),
                             out=folder / "teks-1.xlsx")
    path, _ = rewrite_typed_cell(folder, "teks", f'<c r="{{a}}" s="{{s}}" t="s"><v>{count}</v></c>')
    with zipfile.ZipFile(strings) as archive:
        shared = archive.read("xl/sharedStrings.xml")
    return rewrite_member(path, "xl/sharedStrings.xml", lambda data: shared, out=folder / "teks-bersama.xlsx")


def test_a_shared_string_escaping_a_plain_character_is_refused(tmp_path: Path) -> None:
    submission = read_unit_workbook(_escaped_string(tmp_path, "_x0031_07949"), get_catalog())
    assert [p.code for p in submission.problems] == ["berkas-rusak"]
    assert "memuat kode '_x0031_' untuk karakter biasa '1'" in submission.problems[0].message


@pytest.mark.parametrize("text", ["107949_x000D_", "_x005F_x0031_07949"])
def test_the_escapes_excel_writes_still_read(tmp_path: Path, text: str) -> None:
    """A carriage return, and Excel's own escape of a typed "_x": no refusal."""
    submission = read_unit_workbook(_escaped_string(tmp_path, text), get_catalog())
    assert "berkas-rusak" not in [p.code for p in submission.problems]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_an_escaped_plain_character_as_written(tmp_path: Path) -> None:
    path = _escaped_string(tmp_path, "_x0031_07949")
    with zipfile.ZipFile(path) as archive:
        sheet = next(n for n in archive.namelist() if n.endswith("sheet2.xml"))
        assert b't="s"' in archive.read(sheet)
    from python_calamine import CalamineWorkbook

    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Isian").to_python()
    saved = recalculate([path], tmp_path / "lo")[0]
    shown = [c.value for row in load_workbook(saved, data_only=True)["Isian"].iter_rows() for c in row]
    assert "107949" in [str(v) for row in grid for v in row]
    assert "_x0031_07949" in shown
