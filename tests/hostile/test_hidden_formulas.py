"""A formula typed into an input cell cannot hide from the formula check in a form Excel or LibreOffice still reads.

The formula check reads the sheet's XML with a byte scan (its values come from calamine, which reports no
formulas). Before, the scan looked for ``<f>`` right after a cell's start tag, so a comment or processing
instruction between them, ``<f>`` after ``<v>``, a prefixed ``<x:f>``, or a ``>`` or ``/>`` inside an attribute
value of the cell hid the formula: validasi took the cached value as a typed number while LibreOffice reads the
formula (shown below by recalculating in LibreOffice). And calamine reads elements by their local names, so a
``<v>`` of another namespace was a value to kinerja_xl that LibreOffice does not show at all; such a sheet is now
refused.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja_xl.validate.unit import read_unit_workbook
from tests.factories import get_catalog, rewrite_member, rewrite_typed_cell, unit_workbook
from tests.support.libreoffice import find_soffice, recalculate

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

#: A typed number's cell rewritten with a formula whose result (2) is not the cached value (5), in forms
#: Excel and LibreOffice read as a formula; ``{a}`` is the cell's address, ``{s}`` its style.
HIDDEN = {
    "komentar": '<c r="{a}" s="{s}"><!-- catatan --><f>1+1</f><v>5</v></c>',
    "instruksi": '<c r="{a}" s="{s}"><?catatan x?><f>1+1</f><v>5</v></c>',
    "setelah-nilai": '<c r="{a}" s="{s}"><v>5</v><f>1+1</f></c>',
    "berawalan": f'<c r="{{a}}" s="{{s}}"><x:f xmlns:x="{MAIN}">1+1</x:f><v>5</v></c>',
    "atribut-lebih-besar": '<c r="{a}" s="{s}" x="a>b"><f>1+1</f><v>5</v></c>',
    "atribut-tag-kosong": '<c r="{a}" s="{s}" x="/>"><f>1+1</f><v>5</v></c>',
}
#: Values of another namespace: calamine reads 5, LibreOffice an empty cell.
FOREIGN = {
    "nilai-namespace-lain": '<c r="{a}" s="{s}"><x:v xmlns:x="urn:lain">5</x:v></c>',
    "sel-namespace-lain": '<c r="{a}" s="{s}" xmlns="urn:lain"><v>5</v></c>',
}


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_a_formula_in_any_form_excel_reads_is_reported_at_its_cell(tmp_path: Path, name: str) -> None:
    path, address = rewrite_typed_cell(tmp_path, name, HIDDEN[name])
    found = [(p.code, p.sheet, p.cell) for p in read_unit_workbook(path, get_catalog()).problems
             if p.code == "rumus-di-isian"]
    assert found == [("rumus-di-isian", "Isian", address)]


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_a_value_of_another_namespace_is_refused(tmp_path: Path, name: str) -> None:
    path, _ = rewrite_typed_cell(tmp_path, name, FOREIGN[name])
    submission = read_unit_workbook(path, get_catalog())
    assert [p.code for p in submission.problems] == ["berkas-rusak"]
    assert "dari namespace lain di antara selnya" in submission.problems[0].message
    assert not submission.values


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_each_hidden_form_as_a_formula_and_no_foreign_value(tmp_path: Path) -> None:
    """What the two tests above stand for: recalculated by LibreOffice, every hidden form gives the formula's 2,
    not the cached 5; a foreign value leaves the cell empty."""
    made = {name: rewrite_typed_cell(tmp_path, name, form) for name, form in {**HIDDEN, **FOREIGN}.items()}
    names = list(made)
    saved = recalculate([made[n][0] for n in names], tmp_path / "lo")
    for name, path in zip(names, saved, strict=True):
        address = made[name][1]
        value = load_workbook(path, data_only=True)["Isian"][address].value
        assert value == (2 if name in HIDDEN else None), name


@pytest.mark.parametrize("form", ['<x:v xmlns:x="urn:lain">{v}</x:v>', '<v xmlns="urn:lain">{v}</v>'])
def test_a_meta_value_of_another_namespace_is_refused(tmp_path: Path, form: str) -> None:
    """``_meta`` (unit, year, period) is read by calamine too: its year written as an element of another namespace
    would be a year to kinerja_xl on a sheet LibreOffice shows empty."""
    source = unit_workbook(tmp_path, "ITJEN", name="sumber-meta.xlsx")
    with zipfile.ZipFile(source) as archive:  # XlsxWriter numbers the sheets in order (see input_sheet_part)
        book = archive.read("xl/workbook.xml").decode()
        index = book[:book.index('name="_meta"')].count("<sheet ")
        part = f"xl/worksheets/sheet{index}.xml"
        assert b"<v>2023</v>" in archive.read(part)
    path = rewrite_member(source, part, lambda data: data.replace(b"<v>2023</v>", form.format(v=2023).encode(), 1),
                          out=tmp_path / "meta.xlsx")
    submission = read_unit_workbook(path, get_catalog())
    assert [p.code for p in submission.problems] == ["berkas-rusak"]
    assert "lembar '_meta' memuat unsur XML 'v' dari namespace lain" in submission.problems[0].message


#: A cell value written in a CDATA section: what calamine read (None: an empty cell) and LibreOffice shows.
CDATA = {
    "teks-lalu-cdata": ('<c r="{a}" s="{s}"><v>7<![CDATA[9]]></v></c>', 7, 79),
    "komentar-lalu-cdata": ('<c r="{a}" s="{s}"><v><!-- x --><![CDATA[7]]></v></c>', None, 7),
    "cdata": ('<c r="{a}" s="{s}"><v><![CDATA[7]]></v></c>', None, 7),
}


@pytest.mark.parametrize("name", sorted(CDATA))
def test_a_value_written_in_cdata_is_refused_at_its_cell(tmp_path: Path, name: str) -> None:
    path, address = rewrite_typed_cell(tmp_path, name, CDATA[name][0])
    submission = read_unit_workbook(path, get_catalog())
    assert [p.code for p in submission.problems] == ["berkas-rusak"] and not submission.values
    assert f"lembar 'Isian': nilai sel {address} ditulis dalam bagian CDATA" in submission.problems[0].message


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_a_cdata_value_otherwise_than_calamine(tmp_path: Path) -> None:
    """What the refusal stands for: LibreOffice reads the CDATA section as the value's text (79, 7), calamine read
    only the text before it (7) or nothing."""
    from python_calamine import CalamineWorkbook

    made = {name: rewrite_typed_cell(tmp_path, name, form) for name, (form, _, _) in CDATA.items()}
    names = list(made)
    saved = recalculate([made[n][0] for n in names], tmp_path / "lo")
    for name, path in zip(names, saved, strict=True):
        row, col = int(made[name][1][1:]), 2  # column C
        read = CalamineWorkbook.from_path(str(made[name][0])).get_sheet_by_name("Isian").to_python()[row - 1][col]
        assert (read if read != "" else None) == CDATA[name][1], name
        assert load_workbook(path, data_only=True)["Isian"][made[name][1]].value == CDATA[name][2], name
