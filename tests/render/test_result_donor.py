"""The result sheets written by XlsxWriter in memory (the donor of the splice), read back on their own."""

from __future__ import annotations

import io
import re
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from xlsxwriter.worksheet import Worksheet

from kinerja_xl.package import check_package
from kinerja_xl.render.result_donor import CLASSIC_FUNCTIONS, FastFormulaSheet
from tests.support.donors import UNITS, donor_for, example, members


@pytest.mark.parametrize("function", sorted(CLASSIC_FUNCTIONS))
def test_xlsxwriter_never_renames_the_classic_functions(function):
    sheet = Worksheet()
    for future in (False, True):
        assert sheet._prepare_formula(f"={function}(A1,'Isian'!$C$13)", future) == f"{function}(A1,'Isian'!$C$13)"


@pytest.mark.parametrize("formula", ["=IF(COUNT(A1)=1,ROUND(A1*100,2),\"\")", "{=SUM(A1:A3)}",
                                     "=XLOOKUP(A1,B1:B3,C1:C3)", "=STDEV.S(A1:A3)", "=_xlfn.CONCAT(A1)"])
def test_the_fast_sheet_prepares_formulas_as_xlsxwriter_does(formula):
    fast, plain = FastFormulaSheet(), Worksheet()
    for future in (False, True):
        assert fast._prepare_formula(formula, future) == plain._prepare_formula(formula, future)


@pytest.mark.parametrize("unit", UNITS)
def test_every_function_the_hasil_calls_takes_the_fast_path(unit):
    book = load_workbook(io.BytesIO(donor_for(example(unit))))
    called = {name for row in book["Hasil"].iter_rows() for c in row if c.data_type == "f"
              for name in re.findall(r"([A-Z][A-Z0-9.]*)\(", c.value)}
    assert called and called <= CLASSIC_FUNCTIONS


def test_the_donor_holds_only_the_result_sheets_and_is_sound():
    donor = donor_for(example("REHSOS"))
    parts = members(donor)
    assert re.findall(rb'<sheet name="(\w+)"', parts["xl/workbook.xml"]) == [b"Validasi", b"Hasil"]
    assert b"<sheetProtection" in parts["xl/worksheets/sheet2.xml"]
    assert b"<sheetProtection" not in parts["xl/worksheets/sheet1.xml"]
    assert "xl/charts/chart1.xml" in parts and b"<c:barChart>" in parts["xl/charts/chart1.xml"]
    assert check_package(donor) == []


def test_the_hasil_looks_as_the_openpyxl_writer_made_it():
    """Title, header, formula cells and their number formats, frozen panes, print setup, protection, chart."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hasil = load_workbook(io.BytesIO(donor_for(example("SETJEN"))))["Hasil"]
    assert hasil["A1"].font.b and hasil["A1"].font.sz == 14 and hasil["A1"].font.color.rgb == "FF1F4E78"
    assert hasil["A2"].font.i and hasil["A2"].value.startswith("Tahun 2023")
    assert [c.value for c in hasil[4]][:3] == ["Kode", "Uraian", "Realisasi"]
    assert hasil["A4"].fill.fgColor.rgb == "FF1F4E78" and hasil["A4"].alignment.wrap_text
    # the chart's data block is right of the table, outside the print area (A:H)
    data_col = next(c.column for c in hasil[4] if c.value == "Data grafik (tidak dicetak)")
    formulas = [c for row in hasil.iter_rows(min_row=5) for c in row if c.data_type == "f"]
    table = [c for c in formulas if c.column < data_col]
    assert table and all(c.fill.fgColor.rgb == "FFDDEBF7" for c in table)
    assert all(c.fill.fill_type is None for c in formulas if c.column in (data_col, data_col + 1))  # chart data
    # the SKM table shows NRR with 3 decimals, the weighted NRR with 4, counts whole, texts (mutu) as they are
    assert {c.number_format for c in formulas} <= {"0.00", "#,##0", "0.000", "0.0000", "General"}
    assert {c.number_format for c in formulas if c.value.startswith("=IF(COUNT(")} >= {"0.000", "0.0000"}
    assert hasil.freeze_panes == "C5"  # the column titles repeat over pages: see the next test
    assert hasil.page_setup.orientation == "landscape" and hasil.page_setup.paperSize == 9
    assert hasil.print_area == "'Hasil'!$A$1:$H$" + hasil.print_area.rsplit("$", 1)[1] and data_col > 8
    assert not hasil.sheet_properties.pageSetUpPr or not hasil.sheet_properties.pageSetUpPr.fitToPage
    assert 40 <= hasil.page_setup.scale <= 100  # the plan's scale: Excel honours manual breaks only then
    assert hasil.protection.sheet and not hasil.protection.objects
    assert len(hasil._charts) == 2 and hasil.column_dimensions["B"].width > 60  # realisasi; NRR per unsur


def test_the_column_titles_repeat_only_over_a_table_that_runs_over_pages():
    """DAYASOS' table runs onto a second page; REHSOS' fits the first, and the pages of its SKM tables and of its
    charts need no titles."""
    dayasos = load_workbook(io.BytesIO(donor_for(example("DAYASOS"))))["Hasil"]
    rehsos = load_workbook(io.BytesIO(donor_for(example("REHSOS"))))["Hasil"]
    assert dayasos.print_title_rows == "$4:$4" and rehsos.print_title_rows is None
    # the SKM tables start a page, and the charts another (each table and chart whole); the table ends with the
    # note on the indicators other units supply too (row 25), the SKM tables from row 27
    assert rehsos["B25"].value.startswith("*) Indikator ini juga diisi unit lain")
    assert [b.id for b in rehsos.row_breaks.brk] == [26, 51]


def test_the_validasi_links_to_the_cells_it_names():
    validasi = load_workbook(io.BytesIO(donor_for(example("REHSOS"))))["Validasi"]
    assert validasi["A1"].value == "Hasil validasi kinerja_xl" and validasi["A1"].font.b
    header = [c.value for c in validasi[4]]
    assert header[:6] == ["No", "Tingkat", "Kode", "Lembar", "Sel", "Isian"]
    link = validasi["E5"].hyperlink
    assert link is not None and link.location == "'Isian'!C7" and validasi["E5"].value == "C7"
    assert validasi.freeze_panes == "A5" and validasi.print_title_rows == "$4:$4"
    assert validasi.auto_filter.ref.startswith("A4:")
    assert validasi["B5"].fill.fgColor.rgb == "FFFFEB9C"  # a warning


def test_the_donor_is_stored_and_its_parts_deflated_once_in_the_target():
    """The donor's zip is not compressed (the splice reads it right back); XlsxWriter's own workbooks stay
    deflated, and the parts the splice carries into the user's workbook are deflated there."""
    import zipfile

    import xlsxwriter.workbook

    from kinerja_xl.package import splice_sheets

    donor = donor_for(example("SETJEN"))
    with zipfile.ZipFile(io.BytesIO(donor)) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
    assert xlsxwriter.workbook.ZIP_DEFLATED == zipfile.ZIP_DEFLATED  # restored after the save
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet().write("A1", 1)
    book.close()
    with zipfile.ZipFile(buffer) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    with zipfile.ZipFile(io.BytesIO(splice_sheets(example("SETJEN"), donor))) as archive:
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_the_donor_handed_over_as_a_package_is_its_zip_without_the_zip(tmp_path):
    """The splice takes the donor's parts as XlsxWriter writes them (``result_donor_package``): the same names,
    zip dates and contents, in the same order, as the stored zip of ``result_donor`` read back, for each pair of
    sheets (but the time each donor was made, in its core properties, which the splice leaves behind); the
    workbook spliced from either is the same bytes; and XlsxWriter's ``ZipFile`` is restored."""
    import xlsxwriter.workbook

    from kinerja_xl.package import Package, splice_packages
    from kinerja_xl.pipeline import unit_results, validate_files
    from kinerja_xl.render.result_donor import result_donor, result_donor_package
    from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_RESULT
    from tests.factories import get_catalog

    path = tmp_path / "kinerja-REHSOS-2023-tahunan.xlsx"
    path.write_bytes(example("REHSOS"))
    catalog = get_catalog()
    report = validate_files([path], catalog)
    submission = report.submissions[0]
    results = unit_results(submission, report.problems_of(submission.file), catalog)
    result, validation = results.result_sheet(), results.validation_sheet([SHEET_INPUT, SHEET_RESULT], target=path)
    zip_file = xlsxwriter.workbook.ZipFile
    for plans in ((result, validation), (result, None), (None, validation)):
        zipped, direct = Package.from_bytes(result_donor(*plans)), result_donor_package(*plans)
        def parts(package):
            return [(m.name, m.date_time, m.data if m.name != "docProps/core.xml" else None)
                    for m in package.members()]
        assert parts(direct) == parts(zipped)
        spliced = []
        for donor in (zipped, direct):
            target = Package.from_bytes(example("REHSOS"))
            splice_packages(target, donor, after=SHEET_INPUT)
            spliced.append(target.to_bytes())
        assert spliced[0] == spliced[1]
    assert xlsxwriter.workbook.ZipFile is zip_file


def test_the_donor_copies_each_format_as_xlsxwriter_makes_it():
    """``DonorWorkbook.add_format`` copies a format made once per process: each copy holds what XlsxWriter's own
    ``add_format`` makes of the same properties, indexed by its own workbook's tables, one copy per call; and
    names the properties it was made of (``made_of``: what the stylesheet is remembered by), which are all
    that tell two formats apart."""
    from kinerja_xl.render.result_donor import DonorStyles, DonorWorkbook
    from kinerja_xl.render.xlsx import MemoryWorkbook

    def state(fmt, book) -> dict[str, str]:
        assert fmt.xf_format_indices is book.xf_format_indices and fmt.dxf_format_indices is book.dxf_format_indices
        fmt._get_format_key()
        return {k: repr(v) for k, v in vars(fmt).items()
                if k not in ("xf_format_indices", "dxf_format_indices", "made_of")}

    plain = MemoryWorkbook()
    expected = [state(DonorStyles(plain)[name], plain) for name in DonorStyles.SPECS]
    for _ in range(2):  # made, then copied
        book = DonorWorkbook()
        styles = DonorStyles(book)
        assert [state(styles[name], book) for name in DonorStyles.SPECS] == expected
        assert len({id(styles[name]) for name in DonorStyles.SPECS}) == len(DonorStyles.SPECS)
        assert [state(f, book) for f in book.formats[:2]] == [state(f, plain) for f in plain.formats[:2]]
        made_of = [styles[name].made_of for name in DonorStyles.SPECS]
        assert [i for i, key in enumerate(made_of) if made_of.index(key) != i] == \
            [i for i, fmt in enumerate(expected) if expected.index(fmt) != i]  # alike exactly when made alike


@given(st.one_of(st.integers(), st.floats(), st.none(), st.booleans(), st.binary(max_size=4),
                 st.text(alphabet='ab&"<>\n\x01_x0', max_size=8)))
def test_the_donor_sheet_escapes_as_xlsxwriter_does(value):
    """The donor's worksheet skips XlsxWriter's text search for a number, and answers as XlsxWriter does for
    every value."""
    fast, plain = FastFormulaSheet(), Worksheet()
    for escape in ("_escape_attributes", "_escape_data"):
        mine, theirs = getattr(fast, escape)(value), getattr(plain, escape)(value)
        assert type(mine) is type(theirs) and (mine == theirs or (mine != mine and theirs != theirs))


_ODD_TEXTS = st.one_of(
    st.text(alphabet=' ab&"<>\n\t\x01\x1f_x0A41\u00e9', max_size=12),
    st.sampled_from([" dua ", "_x0041_", "<r>dua</r>", "<r><t>x</t></r>", "\x00", "=1+1", "a\r\nb", ""]),
)


@pytest.fixture(scope="module")
def rehsos_plans(tmp_path_factory):
    """The Hasil and Validasi plans of the REHSOS example, as hitung plans them."""
    from kinerja_xl.pipeline import unit_results, validate_files
    from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_RESULT
    from tests.factories import get_catalog

    path = tmp_path_factory.mktemp("rehsos") / "kinerja-REHSOS-2023-tahunan.xlsx"
    path.write_bytes(example("REHSOS"))
    catalog = get_catalog()
    report = validate_files([path], catalog)
    submission = report.submissions[0]
    results = unit_results(submission, report.problems_of(submission.file), catalog)
    return results.result_sheet(), results.validation_sheet([SHEET_INPUT, SHEET_RESULT], target=path)


def _spliced_from(donor) -> bytes | type:
    """The example spliced with ``donor``, or the kind of the splice's refusal (a control character in a link's
    text is written raw by XlsxWriter, in either donor: not XML, at another place in each)."""
    from kinerja_xl.errors import PackageError
    from kinerja_xl.package import Package, splice_packages
    from kinerja_xl.unit_layout import SHEET_INPUT

    target = Package.from_bytes(example("REHSOS"))
    try:
        splice_packages(target, donor, after=SHEET_INPUT)
    except PackageError as exc:
        return type(exc)
    return target.to_bytes()


@given(st.lists(_ODD_TEXTS, min_size=1, max_size=9))
def test_a_donor_of_inline_strings_splices_to_the_bytes_of_shared_ones(rehsos_plans, texts):
    """The result donor writes its texts in line (``InlineStrings``: no shared-string part to write, read and
    parse): the workbook spliced from it is byte for byte the one spliced from XlsxWriter's shared strings (which
    the splice turns into in-line strings), for texts XlsxWriter escapes (control characters, ``_xHHHH_``), keeps
    with ``xml:space`` (spaces at an end), takes as rich text (``<r>…</r>``) or writes more than once, in
    *Validasi*'s rows and in *Hasil* (and its chart's cache of the labels)."""
    import dataclasses

    from kinerja_xl.render.result_donor import _result_workbook

    result, validation = rehsos_plans
    rows = [dataclasses.replace(row, values=tuple(texts[(i + j) % len(texts)] if isinstance(v, str) else v
                                                  for j, v in enumerate(row.values)))
            for i, row in enumerate(validation.rows)]
    validation = dataclasses.replace(validation, rows=tuple(rows), summary=texts[0] or "-")
    for plans in ((result, validation), (None, validation)):
        inline = _result_workbook(*plans).to_package()
        shared = _result_workbook(*plans, inline=False).to_package()
        assert "xl/sharedStrings.xml" not in inline and "xl/sharedStrings.xml" in shared
        spliced = _spliced_from(inline)
        assert spliced == _spliced_from(shared)
        if not any("\x00" <= c < " " and c not in "\t\n\r" for text in texts for c in text):
            assert isinstance(spliced, bytes)


@pytest.mark.parametrize("text", ["<r>dua</r>", "<r><t>x</t></r>", " tiga ", "_x0041_ & <b>", "=SUM(A1)"])
def test_an_exact_text_in_line_splices_as_its_shared_string(text):
    """An :class:`~kinerja_xl.text.ExactText` (a service name formulas compare, stored as it is: one that looks
    like rich text goes in as three runs, ``_write_rich_string``) written in line splices to the bytes of the
    same text written as a shared string."""
    from kinerja_xl.render.result_donor import DonorWorkbook, InlineStrings
    from kinerja_xl.text import ExactText

    spliced = []
    for inline in (True, False):
        book = DonorWorkbook()
        if inline:
            book.str_table = InlineStrings()
        sheet = book.add_worksheet("Hasil", worksheet_class=FastFormulaSheet)
        quoted = book.add_format({"quote_prefix": True})  # as the SKM tables' service names are written
        sheet.write_string(0, 0, ExactText(text), quoted)
        sheet.write_string(1, 0, text, quoted)
        spliced.append(_spliced_from(book.to_package()))
    assert isinstance(spliced[0], bytes) and spliced[0] == spliced[1]


# -- one Hasil for every Validasi: the numbering of the looks, the reuse of a layout's Hasil, the stylesheet ----

def _variants(validation):
    """``validation`` and the same with a galat row more (a later copy of the file: ``berkas-ganda``) and with
    only info rows: the three use different severities."""
    import dataclasses

    from kinerja_xl.plans.validation_sheet import ValidationRow

    galat = ValidationRow(tuple("galat" if i == 0 else "-" for i in range(len(validation.headers))), "galat")
    info = [dataclasses.replace(row, severity="info") for row in validation.rows]
    return (validation, dataclasses.replace(validation, rows=(galat, *validation.rows)),
            dataclasses.replace(validation, rows=tuple(info)))


def _parts(package) -> dict[str, bytes]:
    # core.xml holds the moment XlsxWriter wrote it, and the splice never takes it
    return {m.name: m.data for m in package.members() if m.name != "docProps/core.xml"}


def test_hasil_and_the_stylesheet_do_not_depend_on_validasi(rehsos_plans):
    """XlsxWriter numbers formats in the order the sheets first use them, and *Validasi* comes first: its looks
    are numbered up front, all of them (``VALIDATION_LOOKS``), so *Hasil*'s ``s="…"`` and the stylesheet are the
    same whichever severities a file's *Validasi* lists — at the cost of a look no cell uses (here the info and
    galat fills of a file with warnings only, the warning's of one with info rows only)."""
    from kinerja_xl.render.result_donor import VALIDATION_LOOKS, result_donor_package

    result, validation = rehsos_plans
    packages = [_parts(result_donor_package(result, v)) for v in _variants(validation)]
    for part in ("xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/charts/chart1.xml"):
        assert len({p[part] for p in packages}) == 1, part
    assert len({p["xl/worksheets/sheet1.xml"] for p in packages}) == 3
    cell_formats = int(re.search(rb'<cellXfs count="(\d+)"', packages[0]["xl/styles.xml"]).group(1))
    hasil = {int(s) for s in re.findall(rb' s="(\d+)"', packages[0]["xl/worksheets/sheet2.xml"])}
    assert min(hasil) == 1 + len(VALIDATION_LOOKS) and cell_formats == 1 + len(VALIDATION_LOOKS) + len(hasil)
    alone = _parts(result_donor_package(None, validation))  # no Hasil after it: numbered as it is used
    assert alone["xl/styles.xml"].count(b"<xf ") < packages[0]["xl/styles.xml"].count(b"<xf ")


def test_a_layouts_hasil_is_written_once_and_reused(rehsos_plans, monkeypatch):
    """With a ``reuse`` key, the first donor records what XlsxWriter wrote of *Hasil* (its looks in their order,
    the sheet, the chart) and the next donor of that key writes it again instead of its cells: the same parts as
    a donor made without, for every *Validasi* and for none."""
    from kinerja_xl.render import result_donor
    from kinerja_xl.render.result_donor import result_donor_package

    monkeypatch.setattr(result_donor, "_RESULT_XML", {})
    result, validation = rehsos_plans
    for plans in [*((result, v) for v in _variants(validation)), (result, None), (result, validation)]:
        assert _parts(result_donor_package(*plans, reuse="rehsos")) == _parts(result_donor_package(*plans))
    assert set(result_donor._RESULT_XML) == {("rehsos", False), ("rehsos", True)}
    # the recorded XML is what the next donor writes: its cells are neither written nor assembled
    known = result_donor._RESULT_XML["rehsos", False]
    marked = type(known)(known.looks, known.sheet.replace("<sheetData>", "<sheetData><!--dicatat-->"), known.charts)
    result_donor._RESULT_XML["rehsos", False] = marked
    sheet = _parts(result_donor_package(result, validation, reuse="rehsos"))["xl/worksheets/sheet2.xml"]
    assert b"<!--dicatat-->" in sheet


def test_the_stylesheet_is_written_once_per_list_of_formats(rehsos_plans, monkeypatch):
    """A donor's stylesheet is remembered by the properties of its formats in their order: the same formats give
    the stylesheet XlsxWriter writes afresh, other formats their own."""
    from kinerja_xl.render import result_donor
    from kinerja_xl.render.result_donor import result_donor_package

    result, validation = rehsos_plans
    fresh = {}
    for plans in ((result, validation), (None, validation)):
        monkeypatch.setattr(result_donor, "_STYLESHEETS", {})
        fresh[plans[0] is None] = result_donor_package(*plans).read("xl/styles.xml")
    assert fresh[True] != fresh[False]
    monkeypatch.setattr(result_donor, "_STYLESHEETS", {})
    for _ in range(2):
        for plans in ((result, validation), (None, validation)):
            assert result_donor_package(*plans).read("xl/styles.xml") == fresh[plans[0] is None]
    assert len(result_donor._STYLESHEETS) == 2


def test_the_remembered_stylesheet_tells_apart_what_else_the_writer_reads(monkeypatch):
    """The same formats with a cell comment (XlsxWriter's stylesheet then holds the comments' font) give another
    stylesheet, and each is remembered as written afresh."""
    from kinerja_xl.render import result_donor
    from kinerja_xl.render.result_donor import DonorWorkbook

    def stylesheet(comment: bool) -> bytes:
        workbook = DonorWorkbook()
        sheet = workbook.add_worksheet("Lembar")
        sheet.write_string(0, 0, "teks", workbook.add_format({"bold": True}))
        if comment:
            sheet.write_comment(0, 0, "catatan")
        return workbook.to_package().read("xl/styles.xml")

    fresh = {}
    for comment in (False, True):
        monkeypatch.setattr(result_donor, "_STYLESHEETS", {})
        fresh[comment] = stylesheet(comment)
    assert fresh[False] != fresh[True]
    monkeypatch.setattr(result_donor, "_STYLESHEETS", {})
    for comment in (False, True, False, True):
        assert stylesheet(comment) == fresh[comment]


def test_a_known_stylesheets_formats_are_not_numbered_again(rehsos_plans, monkeypatch):
    """XlsxWriter numbers the fonts, number formats, borders and fills of a workbook's formats for its stylesheet
    alone: a donor whose stylesheet was written before leaves them unnumbered (no format marked as bringing a
    font, a fill or a border of its own) and writes the same parts as the donor that numbered them."""
    from kinerja_xl.render import result_donor
    from kinerja_xl.render.result_donor import DonorWorkbook, result_donor_package

    made: list[DonorWorkbook] = []
    original = DonorWorkbook._prepare_format_properties

    def prepare(self):
        made.append(self)
        original(self)
    monkeypatch.setattr(DonorWorkbook, "_prepare_format_properties", prepare)
    monkeypatch.setattr(result_donor, "_STYLESHEETS", {})
    first, again = (_parts(result_donor_package(*rehsos_plans)) for _ in range(2))
    assert again == first

    def numbered(workbook):
        return [f for f in workbook.xf_formats if f.has_font or f.has_fill or f.has_border]
    assert made[0].stylesheet is None and numbered(made[0])
    assert made[1].stylesheet is not None and numbered(made[1]) == [] and len(made[1].xf_formats) > 10


def test_a_donor_for_the_splice_alone_leaves_out_its_document_properties(rehsos_plans):
    """The splice never takes a donor's ``docProps``: a donor made without them has every other part, and splices
    into the same bytes."""
    from kinerja_xl.render.result_donor import result_donor_package

    full, bare = result_donor_package(*rehsos_plans), result_donor_package(*rehsos_plans, properties=False)
    assert {"docProps/app.xml", "docProps/core.xml"} <= set(full.parts())
    assert _parts(bare) == {name: data for name, data in _parts(full).items() if name != "docProps/app.xml"}
    spliced = _spliced_from(bare)
    assert isinstance(spliced, bytes) and spliced == _spliced_from(full)
