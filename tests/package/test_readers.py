"""The spliced workbook as others read it: openpyxl, python-calamine, LibreOffice."""

from __future__ import annotations

import io
import subprocess
import warnings
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from kinerja_xl.package import check_package, splice_sheets
from kinerja_xl.unit_layout import SHEET_RESULT
from tests.support import handmade
from tests.support import libreoffice as lo
from tests.support.donors import FIXTURES, TARGETS, donor_for, example, lo_fixture, suffix, written_for
from tests.support.opc_inspect import rels_of, sheets, zip_members
from tests.support.workbook_checks import mismatches

needs_soffice = pytest.mark.skipif(lo.find_soffice() is None, reason="LibreOffice (soffice) tidak terpasang")


def values(data: bytes, sheet: str) -> dict[str, object]:
    """{A1: value} as a reader without recalculation sees it (cached values)."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()
    return {f"{chr(65 + c)}{r + 1}": v for r, row in enumerate(rows) for c, v in enumerate(row) if v != ""}


def expected_hasil(data: bytes) -> dict[tuple[str, str], object]:
    """The engine's value of each formula cell of the Hasil that kinerja_xl writes for ``data``."""
    return {(SHEET_RESULT, cell): value for cell, value in written_for(data).cached.items()}


def openpyxl_warnings(data: bytes, macros: bool) -> set[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_workbook(io.BytesIO(data), keep_vba=macros)
    return {str(w.message) for w in caught}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_openpyxl_loads_the_result_without_a_warning(name):
    """No warning of its own; openpyxl's warnings about the user's parts (it drops sparklines) stay
    as they were for the input."""
    target = TARGETS[name]()
    macros = name.endswith("xlsm")
    output = splice_sheets(splice_sheets(target, donor_for(target)), donor_for(target))
    assert openpyxl_warnings(output, macros) == openpyxl_warnings(target, macros)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if name == "libreoffice+excel" else "error")
        book = load_workbook(io.BytesIO(output), keep_vba=macros)
    formulas = [c.value for row in book["Hasil"].iter_rows() for c in row if c.data_type == "f"]
    # formulas over the inputs: Isian's, and the Survei sheet's counts (every example unit has a survey)
    assert formulas and any(f.startswith(("=IF(COUNT('Isian'!$C$", "=IF(COUNT('Survei'!$")) for f in formulas)
    assert book["Hasil"].protection.sheet and book["Hasil"].freeze_panes == "C5"
    assert book["Hasil"].print_area.startswith("'Hasil'!$A$1:$") and book["Validasi"].print_title_rows == "$4:$4"
    assert book["Hasil"].page_setup.orientation == "landscape" and book["Hasil"].page_setup.paperSize == 9
    assert len(book["Hasil"]._charts) == 2  # realisasi per indicator; NRR per unsur of the unit's survey
    link = book["Validasi"]["E5"].hyperlink
    assert link is not None and link.location.startswith("'Isian'!C")


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_calamine_reads_the_cached_values(name):
    target = TARGETS[name]()
    output = splice_sheets(target, donor_for(target))
    expected = expected_hasil(target)
    assert expected and mismatches(expected, {SHEET_RESULT: values(output, SHEET_RESULT)}) == {}
    assert values(output, "Isian") == values(target, "Isian")
    assert values(output, "Validasi")["A1"] == "Hasil validasi kinerja_xl"


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co")) | st.sampled_from(
    " \n\t<>&\"'"), min_size=1, max_size=40).filter(lambda s: "_x" not in s.lower())


@settings(max_examples=40, deadline=None)
@given(st.lists(text, min_size=1, max_size=8))
def test_inline_strings_read_back_exactly(strings):
    """Any text the donor holds reads back the same from the target, spaces and markup included."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Hasil")
    bold = book.add_format({"bold": True})
    for row, value in enumerate(strings):
        sheet.write_string(row, 0, value, bold if row % 2 else None)
    book.close()
    output = splice_sheets(TARGETS["contoh-ITJEN"](), buffer.getvalue())
    read = load_workbook(io.BytesIO(output))["Hasil"]
    assert [read.cell(row + 1, 1).value for row in range(len(strings))] == strings
    assert [read.cell(row + 1, 1).font.b for row in range(len(strings))] == [bool(i % 2) for i in range(len(strings))]


@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_new_hasil_to_the_engine(tmp_path):
    inputs = []
    for name in sorted(TARGETS):
        target = TARGETS[name]()
        path = tmp_path / f"{name}{suffix(name)}"
        path.write_bytes(splice_sheets(splice_sheets(target, donor_for(target)), donor_for(target)))
        inputs.append((path, expected_hasil(target)))
    recalculated = lo.recalculate([p for p, _ in inputs], tmp_path / "hitung-ulang")
    for (path, expected), result in zip(inputs, recalculated, strict=True):
        assert mismatches(expected, lo.read_values(result)) == {}, path.name


@needs_soffice
@pytest.mark.libreoffice
def test_a_workbook_saved_again_by_libreoffice_splices_cleanly(tmp_path):
    """Write back, let LibreOffice save the file (it rewrites every part), write back again."""
    target = handmade.everything(lo_fixture())
    first = tmp_path / "unit.xlsx"
    first.write_bytes(splice_sheets(target, donor_for(target)))
    saved = lo.recalculate([first], tmp_path / "disimpan-lo")[0].read_bytes()
    assert check_package(saved) == []
    again = splice_sheets(saved, donor_for(target))
    assert check_package(again) == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns that it would drop the user's sparklines
        names = load_workbook(io.BytesIO(again)).sheetnames
    assert names.count("Hasil") == 1 and names.count("Validasi") == 1
    assert values(again, "Hasil") == values(splice_sheets(target, donor_for(target)), "Hasil")


UNO_PYTHON = Path("/usr/bin/python3")  # Debian's python3 has the uno module (python3-uno); the venv does not


def has_uno() -> bool:
    if not UNO_PYTHON.exists() or lo.find_soffice() is None:
        return False
    return subprocess.run([str(UNO_PYTHON), "-c", "import uno"], capture_output=True, timeout=60).returncode == 0


@pytest.mark.libreoffice
@pytest.mark.skipif(not has_uno(), reason="LibreOffice dengan python3-uno Debian tidak tersedia")
def test_uno_edit_makes_a_workbook_with_what_users_add(tmp_path):
    """The fixture script itself: a real LibreOffice session adds the user's sheet and objects."""
    script = Path(__file__).resolve().parent.parent / "support" / "uno_edit.py"
    output = tmp_path / "catatan.xlsx"
    source = tmp_path / "kinerja-ITJEN-2023-tahunan.xlsx"
    source.write_bytes(example("ITJEN"))
    subprocess.run([str(UNO_PYTHON), str(script), str(source), str(output)], check=True, timeout=600,
                   capture_output=True)
    data = output.read_bytes()
    assert check_package(data) == []
    parts = zip_members(data)
    catatan = next(s["part"] for s in sheets(parts) if s["name"] == "Catatan Unit")
    kinds = {r["Type"].rsplit("/", 1)[1] for r in rels_of(parts, catatan)}
    assert {"comments", "drawing", "hyperlink", "vmlDrawing"} <= kinds
    spliced = splice_sheets(data, donor_for(data))
    assert check_package(spliced) == []
    stored = zip_members((FIXTURES / "catatan-lo.xlsx").read_bytes())  # made the same way (make_fixtures.py)
    assert [s["name"] for s in sheets(stored)] == [s["name"] for s in sheets(parts)]
