"""The splice: result sheets replaced, every other part byte-identical, nothing orphaned."""

from __future__ import annotations

import io
import re

import pytest
import xlsxwriter
from openpyxl import load_workbook

from kinerja_xl.package import check_package, splice_sheets
from tests.support import handmade
from tests.support.donors import RESULTS, TARGETS, donor_for, example, lo_fixture
from tests.support.opc_inspect import NECESSARY, defined_names, overrides, rels_of, result_parts, sheets, zip_members


def spliced_twice(name: str) -> tuple[bytes, bytes, bytes]:
    target = TARGETS[name]()
    donor = donor_for(target)
    once = splice_sheets(target, donor)
    return target, once, splice_sheets(once, donor)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_part_outside_the_result_sheets_is_byte_identical(name):
    target, once, twice = spliced_twice(name)
    before = zip_members(target)
    for output in (once, twice):
        after = zip_members(output)
        old_results, new_results = result_parts(before), result_parts(after)
        kept = set(before) - old_results - NECESSARY
        assert {n for n in kept if after.get(n) != before[n]} == set()
        assert set(after) - set(before) <= new_results | NECESSARY
        assert set(after) - kept - NECESSARY == new_results  # old result parts are gone or replaced


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_twice_leaves_one_hasil_one_validasi_and_a_sound_package(name):
    target, once, twice = spliced_twice(name)
    assert check_package(target) == []
    for output in (once, twice):
        names = [s["name"] for s in sheets(zip_members(output))]
        assert names.count("Hasil") == 1 and names.count("Validasi") == 1
        assert names[names.index("Isian") + 1:names.index("Isian") + 3] == ["Validasi", "Hasil"]
        assert check_package(output) == []


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_second_splice_changes_nothing_but_sheet_ids(name):
    _, once, twice = spliced_twice(name)
    first, second = zip_members(once), zip_members(twice)
    assert first.keys() == second.keys()
    assert {n for n in first if first[n] != second[n]} <= {"xl/workbook.xml"}
    strip = lambda xml: re.sub(rb'sheetId="\d+"', b"", xml)  # noqa: E731
    assert strip(first["xl/workbook.xml"]) == strip(second["xl/workbook.xml"])


def test_only_the_listed_parts_change_in_the_example():
    target = example("REHSOS")
    before, after = zip_members(target), zip_members(splice_sheets(target, donor_for(target)))
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed == {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                       "docProps/app.xml"}
    assert set(before) <= set(after)


def test_new_parts_have_free_names_overrides_and_relationships():
    target = example("SETJEN")
    after = zip_members(splice_sheets(target, donor_for(target)))
    parts = {s["name"]: s["part"] for s in sheets(after)}
    # the target has sheet1–4 (Petunjuk, Isian, Survei, _meta): the new ones take the next free names
    assert parts["Validasi"] == "xl/worksheets/sheet5.xml" and parts["Hasil"] == "xl/worksheets/sheet6.xml"
    assert {"xl/drawings/drawing1.xml", "xl/charts/chart1.xml", "xl/charts/chart2.xml"} <= set(after)
    types = overrides(after)
    for part in result_parts(after):
        if not part.endswith(".rels"):
            assert part in types, part
    ids = [s["sheetId"] for s in sheets(after)]
    assert len(set(ids)) == len(ids)


def test_styles_are_appended_never_reordered():
    target = example("LINJAMSOS")
    before = zip_members(target)["xl/styles.xml"].decode()
    after = zip_members(splice_sheets(target, donor_for(target)))["xl/styles.xml"].decode()
    for section in ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs"):
        old = re.search(rf"<{section}[^>]*>(.*?)</{section}>", before, re.S)
        new = re.search(rf"<{section}[^>]*>(.*?)</{section}>", after, re.S)
        assert new is not None
        if old is not None:
            assert new.group(1).startswith(old.group(1)), section
        count = int(re.search(rf'<{section} count="(\d+)"', after).group(1))
        item = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf",
                "dxfs": "dxf"}[section]
        assert count == len(re.findall(rf"<{item}[ >/]", new.group(1))), section


def small_donor(build) -> bytes:
    """A donor workbook of one sheet, *Hasil*, made by ``build(workbook, sheet)``."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    build(book, book.add_worksheet("Hasil"))
    book.close()
    return buffer.getvalue()


def test_custom_number_formats_are_renumbered_above_the_targets():
    target = example("REHSOS")  # the template defines custom formats of its own
    donor = small_donor(lambda book, sheet: (
        sheet.write_number("A1", 5, book.add_format({"num_format": '#,##0" orang"'})),
        sheet.write_number("A2", 6, book.add_format({"num_format": "0.000%"}))))
    styles = zip_members(splice_sheets(target, donor))["xl/styles.xml"].decode()
    formats = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
    before = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"',
                             zip_members(target)["xl/styles.xml"].decode()))
    assert before and {k: v for k, v in formats.items() if k in before} == before
    added = {k: v for k, v in formats.items() if k not in before}
    assert added and min(map(int, added)) > max(map(int, before))
    assert "#,##0&quot; orang&quot;" in added.values()
    book = load_workbook(io.BytesIO(splice_sheets(target, donor)))
    assert book["Hasil"]["A1"].number_format == '#,##0" orang"' and book["Hasil"]["A2"].number_format == "0.000%"


def look(cell) -> str:
    """A cell's look as openpyxl reads it (style proxies do not compare equal: compare what they say)."""
    return repr((cell.font, cell.fill, cell.number_format, cell.border, cell.alignment, cell.protection))


def looks(sheet, only: set[str] | None = None) -> dict[str, str]:
    return {c.coordinate: look(c) for row in sheet.iter_rows() for c in row if only is None or c.coordinate in only}


def styled(sheet) -> set[str]:
    """Cells with a look of their own (the others take the workbook's default style, whichever it is)."""
    return {c.coordinate for row in sheet.iter_rows() for c in row if c.has_style}


@pytest.mark.parametrize("name", ["contoh-SETJEN", "libreoffice", "hasil-openpyxl"])
def test_cells_keep_their_look_after_the_style_remapping(name):
    target = TARGETS[name]()
    donor = donor_for(target)
    output = splice_sheets(target, donor)
    book, written = load_workbook(io.BytesIO(output)), load_workbook(io.BytesIO(donor))
    for sheet in RESULTS:
        own = styled(written[sheet])
        assert own and looks(book[sheet], own) == looks(written[sheet], own), sheet
    hasil = book["Hasil"]
    assert hasil["A4"].font.b and hasil["A4"].fill.fgColor.rgb == "FF1F4E78" and hasil["A4"].font.color.rgb == \
        "FFFFFFFF"
    formula = next(c for row in hasil.iter_rows(min_row=5, max_col=8) for c in row if c.data_type == "f")  # the table
    assert formula.fill.fgColor.rgb == "FFDDEBF7" and formula.number_format == "0.00"
    original = load_workbook(io.BytesIO(target))
    for sheet in original.sheetnames:
        if sheet not in RESULTS:
            assert looks(book[sheet]) == looks(original[sheet]), sheet


def test_capaian_bands_keep_their_fills():
    target = example("SETJEN")
    hasil = load_workbook(io.BytesIO(splice_sheets(target, donor_for(target))))["Hasil"]
    fills = [rule.dxf.fill.bgColor.rgb for rng in hasil.conditional_formatting for rule in rng.rules]
    assert fills == ["FFC6EFCE", "FFFFEB9C", "FFFFC7CE"]
    assert all(str(rng.sqref).startswith("E5:E") for rng in hasil.conditional_formatting)  # % Capaian


def test_shared_strings_become_inline_strings_and_the_targets_table_is_untouched():
    target = example("ITJEN")
    output = splice_sheets(target, donor_for(target))
    after = zip_members(output)
    assert after["xl/sharedStrings.xml"] == zip_members(target)["xl/sharedStrings.xml"]
    for name in RESULTS:
        part = next(s["part"] for s in sheets(after) if s["name"] == name)
        xml = after[part].decode()
        assert 't="s"' not in xml and 't="inlineStr"' in xml
    book, written = load_workbook(io.BytesIO(output)), load_workbook(io.BytesIO(donor_for(target)))
    for name in RESULTS:
        texts = {c.coordinate: c.value for row in written[name].iter_rows() for c in row if isinstance(c.value, str)}
        assert texts and {k: book[name][k].value for k in texts} == texts


def test_print_titles_and_filter_names_follow_their_sheets():
    target = example("REHSOS")
    donor = donor_for(target)
    after = zip_members(splice_sheets(target, donor))
    order = [s["name"] for s in sheets(after)]
    names = {(n, order[int(local)] if local is not None else None): text for n, local, text in defined_names(after)}
    donor_order = [s["name"] for s in sheets(zip_members(donor))]
    donor_names = {(n, donor_order[int(local)]): text for n, local, text in defined_names(zip_members(donor))}
    assert {key for key in donor_names if key[1] == "Hasil"} >= {("_xlnm.Print_Area", "Hasil")}
    assert all(names[key] == text for key, text in donor_names.items())  # every name of the donor, on its sheet
    assert names[("_xlnm.Print_Titles", "Validasi")] == "Validasi!$4:$4"
    assert names[("_xlnm._FilterDatabase", "Validasi")].startswith("Validasi!$A$4:")
    assert names[("_xlnm.Print_Area", "Isian")] == "Isian!$A$1:$K$38"
    assert names[("_xlnm.Print_Titles", "Isian")] == "Isian!$9:$9"


def test_names_local_to_sheets_after_the_insertion_are_renumbered():
    target = lo_fixture()
    before = zip_members(target)
    after = zip_members(splice_sheets(target, donor_for(target), after="Petunjuk"))
    order = [s["name"] for s in sheets(after)]
    assert order[:3] == ["Petunjuk", "Validasi", "Hasil"]
    old_order = [s["name"] for s in sheets(before)]
    old = {(n, old_order[int(i)] if i else None, t) for n, i, t in defined_names(before)}
    new = {(n, order[int(i)] if i else None, t) for n, i, t in defined_names(after)}
    assert old <= new  # Isian's print area and the user's global name are still theirs
    assert ("TabelCatatan", None, "'Catatan Unit'!$A$1:$D$4") in new


def test_the_active_tab_stays_on_the_same_sheet():
    target = example("REHSOS")  # Isian is active (activeTab="1")
    after = zip_members(splice_sheets(target, donor_for(target), after="Petunjuk"))
    active = int(re.search(rb'activeTab="(\d+)"', after["xl/workbook.xml"]).group(1))
    assert [s["name"] for s in sheets(after)][active] == "Isian"
    for name in RESULTS:
        part = next(s["part"] for s in sheets(after) if s["name"] == name)
        assert b"tabSelected" not in after[part]


def test_an_activated_result_sheet_is_the_selected_tab():
    target = example("REHSOS")
    after = zip_members(splice_sheets(target, donor_for(target), activate="Hasil"))
    order = [s["name"] for s in sheets(after)]
    assert order[int(re.search(rb'activeTab="(\d+)"', after["xl/workbook.xml"]).group(1))] == "Hasil"
    parts = {s["name"]: s["part"] for s in sheets(after)}
    assert b'tabSelected="1"' in after[parts["Hasil"]] and b"tabSelected" not in after[parts["Validasi"]]


def test_full_recalculation_on_load_is_requested():
    target = lo_fixture()  # LibreOffice writes calcPr without fullCalcOnLoad
    xml = zip_members(splice_sheets(target, donor_for(target)))["xl/workbook.xml"]
    assert re.search(rb'<calcPr [^>]*fullCalcOnLoad="1"', xml)
    no_calc = re.sub(rb"<calcPr[^>]*/>", b"", zip_members(target)["xl/workbook.xml"])
    xml = zip_members(splice_sheets(handmade.edit_zip(target, {"xl/workbook.xml": no_calc}),
                                    donor_for(target)))["xl/workbook.xml"]
    assert re.search(rb'</definedNames><calcPr fullCalcOnLoad="1"/>', xml)


def test_app_titles_list_the_new_sheets():
    target = example("REHSOS")
    app = zip_members(splice_sheets(target, donor_for(target)))["docProps/app.xml"].decode()
    titles = re.findall(r"<vt:lpstr>([^<]*)</vt:lpstr>", app.split("<TitlesOfParts>")[1])
    # every sheet prints its planned area; Validasi repeats its column titles (Hasil's table fits a page)
    assert titles == ["Petunjuk", "Isian", "Validasi", "Hasil", "Survei", "_meta", "Isian!Print_Area",
                      "Petunjuk!Print_Area", "Survei!Print_Area", "Isian!Print_Titles", "Validasi!Print_Area",
                      "Validasi!Print_Titles", "Hasil!Print_Area"]
    assert "<vt:i4>6</vt:i4>" in app and "<vt:i4>7</vt:i4>" in app
    assert '<vt:vector size="13" baseType="lpstr">' in app


def test_the_calc_chain_loses_the_removed_sheets_entries():
    target = example("REHSOS")
    once = splice_sheets(target, donor_for(target))
    hasil_id = int(next(s["sheetId"] for s in sheets(zip_members(once)) if s["name"] == "Hasil"))
    chained = handmade.add_calc_chain(once, [("F12", 2), ("F13", 2), ("C5", hasil_id), ("D5", hasil_id),
                                             ("F14", 2)])
    assert check_package(chained) == []
    after = zip_members(splice_sheets(chained, donor_for(target)))
    chain = after["xl/calcChain.xml"].decode()
    assert re.findall(r'<c r="(\w+)"(?: i="(\d+)")?/>', chain) == [("F12", "2"), ("F13", ""), ("F14", "2")]
    assert check_package(splice_sheets(chained, donor_for(target))) == []


def test_a_calc_chain_left_empty_is_removed_with_its_relationship_and_type():
    target = example("REHSOS")
    once = splice_sheets(target, donor_for(target))
    hasil_id = int(next(s["sheetId"] for s in sheets(zip_members(once)) if s["name"] == "Hasil"))
    chained = handmade.add_calc_chain(once, [("C5", hasil_id), ("D5", hasil_id)])
    output = splice_sheets(chained, donor_for(target))
    after = zip_members(output)
    assert "xl/calcChain.xml" not in after and b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert check_package(output) == []


def test_the_macro_project_and_buttons_stay_byte_identical():
    target = TARGETS["makro-xlsm"]()
    after = zip_members(splice_sheets(splice_sheets(target, donor_for(target)), donor_for(target)))
    before = zip_members(target)
    for name in ("xl/vbaProject.bin", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/_rels/sheet2.xml.rels"):
        assert after[name] == before[name]
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in after["[Content_Types].xml"]
    assert b'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in after["[Content_Types].xml"]


def test_pictures_text_boxes_charts_and_comments_survive():
    target = handmade.everything(lo_fixture())
    after = zip_members(splice_sheets(target, donor_for(target)))
    catatan = next(s["part"] for s in sheets(after) if s["name"] == "Catatan Unit")
    kinds = {r["Type"].rsplit("/", 1)[1]: r for r in rels_of(after, catatan)}
    assert {"comments", "drawing", "vmlDrawing", "hyperlink", "threadedComment"} <= kinds.keys()
    drawing = kinds["drawing"]["part"]
    inner = {r["Type"].rsplit("/", 1)[1]: r["part"] for r in rels_of(after, drawing)}
    assert after[inner["image"]].startswith(b"\x89PNG")
    assert b"<c:chart " in after[drawing] and b'txBox="1"' in after[drawing] and b"<xdr:pic>" in after[drawing]
    assert b"Angka dari daftar hadir" in after[kinds["comments"]["part"]]
    assert SPARKLINE in after[catatan]
    assert "customXml/item1.xml" in after and "xl/persons/person.xml" in after


SPARKLINE = handmade.SPARKLINE_EXT.encode()


def test_only_validasi_can_be_written_and_a_stale_hasil_goes():
    target = example("DAYASOS")
    once = splice_sheets(target, donor_for(target))
    validasi_only = donor_for(target, sheets=("Validasi",))
    output = splice_sheets(once, validasi_only)
    after = zip_members(output)
    assert [s["name"] for s in sheets(after)] == ["Petunjuk", "Isian", "Validasi", "Survei", "_meta"]
    assert not any(n.startswith(("xl/charts/", "xl/drawings/")) for n in after)
    assert check_package(output) == []


def test_every_part_of_an_old_result_sheet_goes_with_it():
    """An old Hasil that Excel saved with comments, their VML and printer settings: none is left behind."""
    target = example("REHSOS")
    once = splice_sheets(target, donor_for(target))
    hasil = next(s["part"] for s in sheets(zip_members(once)) if s["name"] == "Hasil")
    folder, name = hasil.rsplit("/", 1)
    rels = f"{folder}/_rels/{name}.rels"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    extra = (f'<Relationship Id="rId7" Type="{r}/comments" Target="../comments9.xml"/>'
             f'<Relationship Id="rId8" Type="{r}/vmlDrawing" Target="../drawings/vmlDrawing9.vml"/>'
             f'<Relationship Id="rId9" Type="{r}/printerSettings" Target="../printerSettings/printerSettings1.bin"/>')
    types = handmade.read(once, "[Content_Types].xml").replace(b"</Types>", (
        b'<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
        b'<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        b'printerSettings"/><Override PartName="/xl/comments9.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.comments+xml"/></Types>'))
    saved = handmade.edit_zip(once, {
        rels: handmade.read(once, rels).replace(b"</Relationships>", extra.encode() + b"</Relationships>"),
        "xl/comments9.xml": b'<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        "xl/drawings/vmlDrawing9.vml": b"<xml/>", "xl/printerSettings/printerSettings1.bin": b"\x00" * 64,
        "[Content_Types].xml": types})
    assert check_package(saved) == []
    output = splice_sheets(saved, donor_for(target))
    after = zip_members(output)
    old = {"xl/comments9.xml", "xl/drawings/vmlDrawing9.vml", "xl/printerSettings/printerSettings1.bin"}
    assert not old & set(after)
    assert b"comments9" not in after["[Content_Types].xml"]
    assert check_package(output) == []


def test_app_titles_are_remembered_by_the_bytes_and_the_change_whatever_sequences_hold_them():
    """``update_titles`` is a function of ``app.xml``'s bytes and the change alone, so the files of a batch share
    its result; a change given as lists and the same as tuples is the same change, another change another."""
    from kinerja_xl.package.docprops import TitleChange, update_titles

    app = zip_members(example("REHSOS"))["docProps/app.xml"]
    sheets = ["Petunjuk", "Isian", "Survei", "_meta"]
    as_lists = TitleChange(sheets, [*sheets[:2], "Hasil", *sheets[2:]], [], ["Hasil!Print_Area"])
    first = update_titles(app, "docProps/app.xml", as_lists)
    assert b"<vt:lpstr>Hasil</vt:lpstr>" in first and b"Hasil!Print_Area" in first
    again = update_titles(bytes(app), "docProps/app.xml", TitleChange(*(tuple(s) for s in (
        as_lists.worksheets_before, as_lists.worksheets_after, as_lists.removed_sheets, as_lists.added_names))))
    assert again is first
    other = update_titles(app, "docProps/app.xml", TitleChange(sheets, [*sheets, "Hasil"], [], []))
    assert other != first and b"<vt:lpstr>Hasil</vt:lpstr>" in other


def test_a_donor_sheet_is_rewritten_once_per_inputs(monkeypatch):
    """The splice remembers a donor sheet's rewrite by its bytes, style map and tab (the probes of one result
    layout splice the same *Hasil*): each answer is what a fresh rewrite gives, and the selected tab differs."""
    from kinerja_xl.package import splice as splice_module
    from kinerja_xl.package.sheetxml import rewrite_sheet
    from kinerja_xl.package.styles import StyleMap

    monkeypatch.setattr(splice_module, "_REWRITTEN", {})
    data = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews>'
            b'<sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetData><row r="1">'
            b'<c r="A1" s="1"><v>1</v></c></row></sheetData></worksheet>')
    maps = (StyleMap((0, 7), ()), StyleMap((0, 9), ()))
    answers = set()
    for _ in range(2):
        for styles in maps:
            for selected in (True, False):
                got = splice_module._rewritten(data, "xl/worksheets/sheet1.xml", styles, None, selected=selected)
                assert got == rewrite_sheet(data, "xl/worksheets/sheet1.xml", styles, None, selected=selected)
                answers.add(got)
    assert len(answers) == 4 and len(splice_module._REWRITTEN) == 4
