"""Reading unit workbooks: values with provenance, located rows, formulas and errors, bad files."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import IllegalCharacterError

from kinerja_xl.compute.expr import InputRef
from kinerja_xl.errors import UnreadableFile
from kinerja_xl.reading.reader import FileLimits, inspect_sheets, scan_workbook
from kinerja_xl.validate.unit import read_unit_workbook
from kinerja_xl.reading.sheet_scan import _scan_sheet, _scan_sheet_parser, _unusual_cell
from kinerja_xl.text import safe_text
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_META
from kinerja_xl.cells import column_letter
from kinerja_xl.problems import CODES
from kinerja_xl.pipeline import ReadSettings, validate_files
from tests.factories import (
    cell_of,
    copy,
    decimal_values,
    edit_workbook,
    get_catalog,
    input_sheet_part,
    ole_file,
    patch_cells,
    raw_figures,
    rewrite_member,
    row_of,
    truncated,
    unit_workbook,
    write_bytes,
    zip_bomb,
    zip_with,
)


def check(path: Path, limits: FileLimits | None = None) -> list[tuple[str, str, str]]:
    report = validate_files([path], ReadSettings(get_catalog(), limits=limits))
    return [(p.code, p.sheet, p.cell) for p in report.problems]


def codes(sub) -> list[tuple[str, str, str]]:  # noqa: ANN001
    return [(p.code, p.sheet, p.cell) for p in sub.problems]


def test_reads_values_with_provenance(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "REHSOS")
    sub = read_unit_workbook(path, get_catalog())
    assert (sub.unit, sub.year, sub.period) == ("REHSOS", 2023, "tahunan")
    assert sub.inputs() == decimal_values("REHSOS")
    by_ref = {v.ref: v for v in sub.values}
    source = by_ref[InputRef("SS1.2.1", "populasi", "REHSOS")].source
    assert (source.file, source.sheet, source.cell) == (str(path), SHEET_INPUT, "E19")
    assert sub.reported["SS1.2.1"] == Decimal("88.39")
    assert sub.identity["penanggung_jawab"] == "Tim Pengelola Data Kinerja"
    assert sub.identity["tanggal"] == "2024-01-15"
    assert sub.identity["unit"] == "REHSOS"
    assert codes(sub) == []


def test_reads_notes(tmp_path: Path) -> None:
    path = patch_cells(unit_workbook(tmp_path, "ITJEN"), {(SHEET_INPUT, f"K{row_of('ITJEN', 'simpul|SS4.1')}"):
                                                         "Laporan survei IKM 2023"})
    sub = read_unit_workbook(path, get_catalog())
    assert sub.notes == {"SS4.1": "Laporan survei IKM 2023"}


def test_moved_row_is_read_where_it_is(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "ITJEN")
    row = row_of("ITJEN", "isian|ANGGARAN.UNIT|ITJEN")
    edit_workbook(path, lambda wb: wb[SHEET_INPUT].insert_rows(row))  # pushes the last row down by one
    sub = read_unit_workbook(path, get_catalog())
    assert codes(sub) == [("baris-berpindah", SHEET_INPUT, f"A{row + 1}")]
    by_ref = {v.ref: v for v in sub.values}
    pagu = by_ref[InputRef("ANGGARAN.UNIT", "ITJEN.pagu_awal", "ITJEN")]
    assert pagu.value == Decimal("47026464000")
    assert pagu.source.cell == f"C{row + 1}"


def test_formula_and_error_cells_are_detected_from_xml(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "REHSOS")
    pembilang, penyebut = cell_of("REHSOS", "SS1.2.1", "pembilang"), cell_of("REHSOS", "SS1.2.1", "penyebut")
    patch_cells(path, {(SHEET_INPUT, pembilang): "=9000+921", (SHEET_INPUT, penyebut): "#DIV/0!"})
    xml = inspect_sheets(path, (SHEET_INPUT,), FileLimits())[SHEET_INPUT]
    assert (19, 3) in xml.formulas
    assert xml.errors[(19, 4)] == "#DIV/0!"
    scan = scan_workbook(path, get_catalog())
    cells = {c.cell: c for c in scan.cells}
    assert cells[pembilang].formula and cells[penyebut].error == "#DIV/0!"
    assert cells[penyebut].value is None


def test_unreadable_file_yields_no_unit(tmp_path: Path) -> None:
    path = tmp_path / "bukan.xlsx"
    path.write_text("kode;nilai\nSS1;1\n", encoding="utf-8")
    sub = read_unit_workbook(path, get_catalog())
    assert sub.unit is None and not sub.readable and sub.values == ()
    assert codes(sub) == [("ekstensi-salah", "", "")]


def test_missing_file_does_not_raise(tmp_path: Path) -> None:
    sub = read_unit_workbook(tmp_path / "tidak-ada.xlsx", get_catalog())
    assert codes(sub) == [("berkas-tidak-ada", "", "")]


def test_dtd_in_sheet_xml_is_refused(tmp_path: Path) -> None:
    path = unit_workbook(tmp_path, "ITJEN")
    part = input_sheet_part(path)
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'

    def inject(data: bytes) -> bytes:
        return bomb + data[data.index(b"<worksheet"):]

    out = rewrite_member(path, part, inject)
    sub = read_unit_workbook(out, get_catalog())
    assert codes(sub) == [("berkas-rusak", "", "")]
    assert "tidak aman" in sub.problems[0].message


def test_far_away_cell_is_refused_before_calamine_loads_it(tmp_path: Path) -> None:
    path = patch_cells(unit_workbook(tmp_path, "ITJEN"), {(SHEET_INPUT, "A500000"): 1})
    sub = read_unit_workbook(path, get_catalog())
    assert codes(sub) == [("lembar-terlalu-besar", SHEET_INPUT, "")]


def test_without_meta_identity_comes_from_the_sheet(tmp_path: Path) -> None:
    path = edit_workbook(unit_workbook(tmp_path, "ITJEN"), lambda wb: wb.remove(wb[SHEET_META]))
    sub = read_unit_workbook(path, get_catalog())
    assert (sub.unit, sub.year, sub.period) == ("ITJEN", 2023, "tahunan")
    assert codes(sub) == [("meta-hilang", "", "")]
    assert sub.inputs() == decimal_values("ITJEN")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-5", "-5"),  # a signed plain number cannot start a formula
        ("-1.234,5 %", "-1.234,5 %"),
        ("-5+A1", "'-5+A1"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\uff1dcmd", "'\uff1dcmd"),
        ("aman", "aman"),
        ("a\x00b\x1fc", "a\ufffdb\ufffdc"),
        ("", ""),
    ],
)
def test_safe_text(text: str, expected: str) -> None:
    assert safe_text(text) == expected


def test_safe_text_caps_length() -> None:
    assert len(safe_text("x" * 40000)) == 32767


# -- file checks (through validate_files: a batch continues past bad files) -----------------------

def test_file_checks(tmp_path: Path) -> None:
    good = unit_workbook(tmp_path, "ITJEN")
    cases = {
        "kosong": (write_bytes(tmp_path, "kosong.xlsx", b""), "berkas-kosong"),
        "xls": (ole_file(tmp_path, "lama.xls"), "format-xls-lama"),
        "sandi": (ole_file(tmp_path, "sandi.xlsx", "EncryptedPackage"), "berkas-terenkripsi"),
        # an Excel 97-2003 workbook given an .xlsx name was "dilindungi kata sandi"; an OLE file of another kind too
        "xls-bernama-xlsx": (ole_file(tmp_path, "lama-diganti-nama.xlsx", "Workbook"), "format-xls-lama"),
        "ole-lain": (ole_file(tmp_path, "dokumen-word-lama.xlsx", "WordDocument"), "berkas-rusak"),
        "csv": (write_bytes(tmp_path, "data.csv", b"kode,nilai\nSS1,1\n"), "ekstensi-salah"),
        "csv-xlsx": (write_bytes(tmp_path, "data.xlsx", b"kode;nilai\nSS1;1\n"), "ekstensi-salah"),
        "docx": (zip_with(tmp_path, "surat.xlsx", {"word/document.xml": b"<w/>"}), "ekstensi-salah"),
        "xlsx-as-xls": (copy(good, "nama.xls"), "ekstensi-salah"),
        "terpotong": (truncated(good, tmp_path), "berkas-rusak"),
        "acak": (write_bytes(tmp_path, "acak.xlsx", bytes(range(256)) * 4), "berkas-rusak"),
        "hilang": (tmp_path / "tidak-ada.xlsx", "berkas-tidak-ada"),
        "folder": (tmp_path, "berkas-tidak-ada"),
        # a unit's workbook saved in another spreadsheet format: say how to save it again as .xlsx
        "ods": (zip_with(tmp_path, "unit.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                                "content.xml": b"<x/>"}), "format-bukan-xlsx"),
        "xlsb": (zip_with(tmp_path, "unit.xlsb", {"xl/workbook.bin": b"\0"}), "format-bukan-xlsx"),
        "fods": (write_bytes(tmp_path, "unit.fods", b"<?xml version='1.0'?><office:document/>"),
                 "format-bukan-xlsx"),
    }
    report = validate_files([p for p, _ in cases.values()], get_catalog())
    assert [(p.file, p.code, p.sheet, p.cell) for p in report.problems] == [
        (str(path), code, "", "") for path, code in cases.values()]
    assert {f.status for f in report.files} == {"unreadable"}
    assert report.exit_code == 2


def test_size_limit_and_zip_bomb(tmp_path: Path) -> None:
    good = unit_workbook(tmp_path, "ITJEN")
    assert check(good, limits=FileLimits(max_bytes=1000)) == [("berkas-terlalu-besar", "", "")]
    bomb = zip_bomb(tmp_path, megabytes=4)
    limits = FileLimits(max_ratio=100, max_uncompressed=2 * 1024 * 1024)
    assert check(bomb, limits=limits) == [("bom-dekompresi", "", "")]
    assert check(good, limits=limits) == []  # a real workbook is far below both thresholds


# -- robustness: arbitrary cell contents never make validation raise ------------------------------

CELL_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(["#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]),
    st.sampled_from(["=1+1", "=A1/0", "=SUM(C1:C5)", "=\"abc\"", "=NOW()", "=1/0"]),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.text(alphabet="0123456789.,-+ %Rp()", max_size=20),
    st.just("x" * 5000),
)
UNIT_CELLS = [(n, k) for n, k in ((r.node, r.key) for r in raw_figures().values["REHSOS"])][:8]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(CELL_VALUES, min_size=len(UNIT_CELLS), max_size=len(UNIT_CELLS)))
def test_validate_never_raises_on_arbitrary_cells(tmp_path: Path, values: list[Any]) -> None:
    path = unit_workbook(tmp_path, "REHSOS", name="acak.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_INPUT]
    for (node, key), value in zip(UNIT_CELLS, values, strict=True):
        address = cell_of("REHSOS", node, key)
        try:
            ws[address] = value
        except IllegalCharacterError:  # openpyxl refuses control characters: store them OOXML-escaped
            ws[address] = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    wb.save(path)
    report = validate_files([path], get_catalog())
    assert report.exit_code in (0, 1)
    assert all(p.code in CODES for p in report.problems)
    assert "galat-internal" not in report.counts_by_code(), report.problems
    json.loads(report.to_json())


# -- the byte scan of sheet XML agrees with the streaming parser ---------------------------------------

def _cell_xml(row: int, col: int, kind: str, attrs: str) -> str:
    ref = f'{column_letter(col)}{row}'
    body = {
        "number": (f'<c r="{ref}"{attrs}>', "<v>1.5</v></c>"),
        "formula": (f'<c r="{ref}"{attrs}>', "<f>SUM(A1:A2)</f><v>3</v></c>"),
        "formula_ws": (f'<c r="{ref}"{attrs}>', "\n  <f t=\"shared\" ref=\"A1:A3\" si=\"0\"/><v>3</v></c>"),
        "formula_text": (f'<c r="{ref}" t="str"{attrs}>', "<f>\"a\"&amp;\"b\"</f><v>ab</v></c>"),
        "formula_after": (f'<c r="{ref}"{attrs}>', "<v>3</v><f>SUM(A1:A2)</f></c>"),  # LibreOffice reads it
        "error": (f'<c r="{ref}" t="e"{attrs}>', "<v>#DIV/0!</v></c>"),
        "error_formula": (f'<c r="{ref}"{attrs} t="e">', "<f>1/0</f><v>#DIV/0!</v></c>"),
        "error_empty": (f'<c r="{ref}" t="e"{attrs}/>', ""),
        "empty": (f'<c r="{ref}"{attrs}/>', ""),
        "inline": (f'<c r="{ref}" t="inlineStr"{attrs}>', "<is><t>&lt;f&gt; t=\"e\"</t></is></c>"),
    }[kind]
    return "".join(body)


SHEET_CELLS = st.dictionaries(
    st.tuples(st.integers(1, 60), st.integers(1, 30)),
    st.tuples(st.sampled_from(["number", "formula", "formula_ws", "formula_text", "formula_after", "error",
                               "error_formula", "error_empty", "empty", "inline"]),
              st.sampled_from(["", ' s="3"', ' s="1" customFormat="1"'])),
    max_size=40)


@settings(max_examples=150, deadline=None)
@given(cells=SHEET_CELLS)
def test_byte_scan_agrees_with_the_parser(cells: dict[tuple[int, int], tuple[str, str]]) -> None:
    rows: dict[int, list[str]] = {}
    for (row, col), (kind, attrs) in sorted(cells.items()):
        rows.setdefault(row, []).append(_cell_xml(row, col, kind, attrs))
    data = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><cols><col min="1" max="3" width="9"/></cols><sheetData>'
            + "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in rows.items())
            + '</sheetData><conditionalFormatting sqref="A1"><cfRule type="expression" priority="1">'
              '<formula>A1&gt;0</formula></cfRule></conditionalFormatting></worksheet>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("s.xml", data)
    with zipfile.ZipFile(buffer) as archive:
        fast = _scan_sheet(archive, "s.xml", "Isian", FileLimits())
        parsed = _scan_sheet_parser(archive, "s.xml", "Isian", FileLimits())
    assert fast.formulas == parsed.formulas
    assert fast.errors == parsed.errors


@pytest.mark.parametrize("cell", ['<c r="a1"><f>1</f></c>', '<c s="1" r="A1"><f>1</f></c>', '<c><f>1</f></c>',
                                  '<c\nr="A1"><f>1</f></c>', '<c r="AA1"><f>1</f></c>',
                                  '<c r="A10000"><f>1</f></c>',
                                  # what the byte scan cannot place: a comment, a processing instruction, a
                                  # prefixed element, a namespace declaration
                                  '<c r="A1"><!-- x --><f>1</f></c>', '<c r="A1"><?x y?><f>1</f></c>',
                                  '<c r="A1"><m:f>1</m:f></c>',
                                  '<c r="A1"><f xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                  '1</f></c>'])
def test_unusual_cells_go_to_the_parser(cell: str) -> None:
    data = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:m="http://' \
           f'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{cell}</row></sheetData>' \
           '</worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("s.xml", data)
    with zipfile.ZipFile(buffer) as archive:
        xml = _scan_sheet(archive, "s.xml", "Isian", FileLimits())
    assert len(xml.formulas) == 1 and xml.max_col >= 1  # only the parser measures the extent


@pytest.mark.parametrize("cell", ['<c r="A1" x="a>b"><f>1</f></c>', '<c r="A1" x="/>"><f>1</f></c>',
                                  "<c r=\"A1\" x='/>' s=\"2\"><f>1</f></c>", '<c r="A1"><v>1</v><f>1</f></c>',
                                  '<c r="A1" s="2">\n <v>1</v> <f t="shared" si="0"/></c>'])
def test_the_byte_scan_finds_a_formula_wherever_it_stands_in_its_cell(cell: str) -> None:
    """A ">" or "/>" inside an attribute value does not end the cell's tag, and <f> after <v> is still the cell's
    formula (LibreOffice reads it): the byte scan places each without the parser."""
    xml = _scanned('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                   f'<row r="1">{cell}<c r="B1"/><c r="C1" s="1"/></row><row r="2"><f>9</f></row></sheetData>'
                   '</worksheet>')
    assert xml.formulas == {(1, 1)} and xml.max_col == 0  # no <f> outside a cell counts; the parser was not needed


def _scanned(data: str) -> Any:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("s.xml", data)
    with zipfile.ZipFile(buffer) as archive:
        return _scan_sheet(archive, "s.xml", "Isian", FileLimits())


def test_byte_scan_looks_for_cells_only_inside_sheet_data() -> None:
    """calamine reads cells only inside sheetData: the byte scan finds the first and the last cell there, and takes
    nothing after it (cell-like text there is neither a formula, nor an error, nor an unusual cell for the parser)."""
    inside = '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row><row r="7"><c r="C7" t="e"><v>#REF!</v></c></row>'
    after = '<c r="B2"><f>1</f></c><c r="D4" t="e"><v>#N/A</v></c><c><f>2</f></c><c r="A10000"><f>3</f></c>'
    xml = _scanned('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                   f'{inside}</sheetData><extLst>{after}</extLst></worksheet>')
    assert xml.formulas == {(1, 1)} and xml.errors == {(7, 3): "#REF!"}
    assert xml.max_col == 0  # the byte scan's answer: the parser was not needed


@pytest.mark.parametrize("before", ["", "<!-- <sheetData></sheetData> -->"])
def test_a_prefixed_sheet_data_goes_to_the_parser(before: str) -> None:
    """calamine reads the first element named sheetData, prefixed or not (a comment is no element): a prefixed
    one anywhere sends the sheet to the parser, whatever unprefixed text comes before it."""
    xml = _scanned('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   f'{before}<x:sheetData><x:row r="1"><x:c r="B1"><x:f>1</x:f></x:c></x:row></x:sheetData>'
                   '</x:worksheet>')
    assert xml.formulas == {(1, 2)} and xml.max_col == 2  # the parser's answer (it measures the extent)


@pytest.mark.parametrize("sheet_data", [
    '<sheetData><row r="1"><c r="A1"><v xmlns="urn:lain">5</v></c></row></sheetData>',
    '<sheetData><row r="1" xmlns="urn:lain"><c r="A1"><v>5</v></c></row></sheetData>',
    '<x:sheetData xmlns:x="urn:lain"><x:row r="1"><x:c r="A1"><x:v>5</x:v></x:c></x:row></x:sheetData><sheetData/>'])
def test_elements_of_another_namespace_among_the_cells_are_refused(sheet_data: str) -> None:
    """calamine reads the first sheetData and its cells by local names, whatever their namespace; Excel and
    LibreOffice read only SpreadsheetML's: such a sheet is refused, not read two ways."""
    with pytest.raises(UnreadableFile) as refused:
        _scanned(f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sheet_data}'
                 '</worksheet>')
    assert refused.value.code == "berkas-rusak" and "dari namespace lain" in refused.value.params["detail"]


def test_byte_scan_without_a_closed_sheet_data_scans_the_whole_sheet() -> None:
    xml = _scanned('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/>'
                   '<extLst><c r="B2"><f>1</f></c></extLst></worksheet>')
    assert xml.formulas == {(2, 2)}


def _unusual_by_cases(max_rows: int, max_columns: int) -> re.Pattern[bytes]:
    """The three cases the byte scan leaves to the parser, each as its own alternative (the earlier form)."""
    digits, letters = len(str(max_rows)), len(column_letter(max_columns))
    return re.compile(rb'<c(?:[>/\t\r\n]| (?!r="[A-Z]{1,3}[0-9]{1,7}")| r="(?:[A-Z]{%d,3}[0-9]|[A-Z]{1,3}[0-9]{%d}))'
                      % (letters, digits))


CELL_STARTS = st.lists(st.one_of(
    st.sampled_from(['<c r="', "<c ", "<c", "<col ", "<cols>", "<c>", "<c/>", "<c\n", "<c\t", "<c\r", "<cfRule ",
                     '"', " ", ">", "/"]),
    st.text(alphabet="ABZaz0123456789", max_size=10)), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=CELL_STARTS, max_rows=st.sampled_from([5, 9, 10, 99, 20_000, 99_999, 100_000, 10**7, 10**9]),
       max_columns=st.sampled_from([1, 26, 27, 64, 702, 703, 16_384]))
def test_unusual_cell_is_the_three_cases(text: str, max_rows: int, max_columns: int) -> None:
    """The one look-ahead finds a cell start exactly where one of the three cases does (not the common form, as
    many letters as max_columns, as many digits as max_rows)."""
    data = text.encode()
    fast, cases = _unusual_cell(max_rows, max_columns), _unusual_by_cases(max_rows, max_columns)
    assert [m.start() for m in fast.finditer(data)] == [m.start() for m in cases.finditer(data)]


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml"])
def test_an_empty_part_is_named_not_called_another_format(tmp_path, part):
    """calamine gives up on the whole format when a part it opens is empty; the message said "bukan buku kerja
    Excel (mis. PDF, gambar …)" of a workbook that is one (found by an exploratory attack)."""
    path = rewrite_member(unit_workbook(tmp_path, "ITJEN"), part, lambda data: b"", out=tmp_path / "kosong.xlsx")
    problems = read_unit_workbook(path, get_catalog()).problems
    assert [p.code for p in problems] == ["berkas-rusak"]
    assert f"bagian {part} kosong; simpan ulang berkas dengan Excel" in problems[0].message
    assert "PDF" not in problems[0].message


@pytest.mark.libreoffice
def test_an_old_xls_named_xlsx_is_called_an_old_xls(tmp_path: Path) -> None:
    """A real Excel 97-2003 workbook (LibreOffice saves one) renamed .xlsx: the old format, not a password."""
    import shutil
    import subprocess

    from tests.support.libreoffice import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    good = unit_workbook(tmp_path, "ITJEN")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profil", "--convert-to", "xls",
                    "--outdir", str(tmp_path / "xls"), str(good)], capture_output=True, timeout=300, check=True)
    renamed = Path(shutil.copy(tmp_path / "xls" / f"{good.stem}.xls", tmp_path / "diganti-nama.xlsx"))
    report = validate_files([renamed], get_catalog())
    assert [p.code for p in report.problems] == ["format-xls-lama"], report.problems
