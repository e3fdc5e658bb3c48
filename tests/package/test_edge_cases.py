"""Targets and donors in the less common shapes other writers produce."""

from __future__ import annotations

import io
import re
import warnings

import xlsxwriter
from openpyxl import load_workbook

from kinerja_xl.package import check_package, splice_sheets
from tests.support.donors import donor_for, example
from tests.support.handmade import edit_zip, read
from tests.support.opc_inspect import rels_of, sheets, zip_members

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def prefixed(xml: bytes, prefix: bytes = b"x") -> bytes:
    """``xml`` with SpreadsheetML bound to ``prefix`` instead of the default namespace (Open XML SDK style)."""
    xml = re.sub(rb"<(/?)([A-Za-z][\w.]*)([\s/>])", rb"<\1" + prefix + rb":\2\3", xml)
    return xml.replace(b'xmlns="' + MAIN + b'"', b"xmlns:" + prefix + b'="' + MAIN + b'"', 1)


def test_a_target_with_prefixed_spreadsheetml_gets_prefixed_additions():
    target = example("ITJEN")
    target = edit_zip(target, {"xl/styles.xml": prefixed(read(target, "xl/styles.xml")),
                               "xl/workbook.xml": prefixed(read(target, "xl/workbook.xml"))})
    assert check_package(target) == []
    output = splice_sheets(target, donor_for(target))
    assert check_package(output) == []
    after = zip_members(output)
    assert re.search(rb'<x:sheet name="Validasi" sheetId="\d+" r:id="rId\d+"/>', after["xl/workbook.xml"])
    assert b"<font>" not in after["xl/styles.xml"] and b"<x:dxf>" in after["xl/styles.xml"]
    assert re.search(rb'<x:definedName name="_xlnm.Print_Area" localSheetId="3">Hasil!\$A\$1:\$H\$\d+</x:definedName>',
                     after["xl/workbook.xml"])
    book = load_workbook(io.BytesIO(output))
    assert book["Hasil"]["C6"].data_type == "f" and book["Hasil"]["C6"].fill.fgColor.rgb == "FFDDEBF7"


def test_missing_and_empty_style_sections_are_created_in_schema_order():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})  # no number format, no dxf: <dxfs count="0"/>
    book.add_worksheet("Isian").write("C13", 5)
    book.close()
    target = buffer.getvalue()
    assert b"<numFmts" not in read(target, "xl/styles.xml") and b'<dxfs count="0"/>' in read(target, "xl/styles.xml")
    output = splice_sheets(target, donor_for(example("SETJEN")))  # SETJEN's Hasil has capaian bands (dxfs)
    assert check_package(output) == []
    xml = zip_members(output)["xl/styles.xml"].decode()
    assert xml.index("<numFmts") < xml.index("<fonts") and xml.index("<cellStyles") < xml.index("<dxfs")
    assert '<dxfs count="3">' in xml


def test_result_sheets_are_replaced_whatever_their_case():
    target = example("ITJEN")
    once = splice_sheets(target, donor_for(target))
    shouted = edit_zip(once, {"xl/workbook.xml": read(once, "xl/workbook.xml").replace(
        b'name="Hasil"', b'name="HASIL"').replace(b"Hasil!", b"HASIL!")})
    output = splice_sheets(shouted, donor_for(target))
    names = [s["name"] for s in sheets(zip_members(output))]
    assert names == ["Petunjuk", "Isian", "Validasi", "Hasil", "Survei", "_meta"]
    assert check_package(output) == []


def test_external_links_and_the_hyperlink_style_come_along_once():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Hasil")
    sheet.write_url("A1", "https://kemensos.go.id/kinerja", string="Pedoman SAKIP")  # default: Hyperlink style
    sheet.write_url("A2", "internal:'Isian'!C13", string="Isian C13")
    book.close()
    target = example("REHSOS")
    output = splice_sheets(splice_sheets(target, buffer.getvalue()), buffer.getvalue())
    assert check_package(output) == []
    after = zip_members(output)
    assert after["xl/styles.xml"].count(b'name="Hyperlink"') == 1
    hasil = next(s["part"] for s in sheets(after) if s["name"] == "Hasil")
    links = [r for r in rels_of(after, hasil) if r["Type"].endswith("/hyperlink")]
    assert [(r["Target"], r.get("TargetMode")) for r in links] == [("https://kemensos.go.id/kinerja", "External")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cell = load_workbook(io.BytesIO(output))["Hasil"]["A1"]
    assert cell.hyperlink.target == "https://kemensos.go.id/kinerja" and cell.font.u == "single"
    assert cell.style == "Hyperlink"


def test_a_workbook_without_app_properties_is_spliced():
    target = example("ITJEN")
    root = re.sub(rb'<Relationship Id="rId3"[^>]*/>', b"", read(target, "_rels/.rels"))
    types = re.sub(rb'<Override PartName="/docProps/app.xml"[^>]*/>', b"", read(target, "[Content_Types].xml"))
    target = edit_zip(target, {"docProps/app.xml": None, "_rels/.rels": root, "[Content_Types].xml": types})
    output = splice_sheets(target, donor_for(target))
    assert check_package(output) == [] and "docProps/app.xml" not in zip_members(output)


def test_sheets_can_go_at_the_end():
    target = example("ITJEN")
    output = splice_sheets(target, donor_for(target), after=None)
    assert [s["name"] for s in sheets(zip_members(output))] == ["Petunjuk", "Isian", "Survei", "_meta", "Validasi",
                                                                 "Hasil"]
    assert check_package(output) == []


def test_a_hidden_donor_sheet_stays_hidden():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("Hasil").write("A1", 1)
    book.add_worksheet("Validasi").hide()
    book.close()
    output = splice_sheets(example("ITJEN"), buffer.getvalue())
    states = {s["name"]: s.get("state") for s in sheets(zip_members(output))}
    assert states["Validasi"] == "hidden" and states["Hasil"] is None
    assert check_package(output) == []
