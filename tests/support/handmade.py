"""Parts LibreOffice cannot make, added to a package by editing its zip directly.

Each function takes a package (bytes) and returns it with one Excel feature added, with the
relationships and content types Excel itself writes for it: a sparkline group (a worksheet
``extLst``), a custom XML part with its properties, a threaded comment with its person list, and a
calculation chain. ``edit_zip`` is the one place that rewrites a zip, keeping member order.
:func:`openpyxl_written` makes a workbook as kinerja_xl's former write-back left it on users' disks:
every part re-saved by openpyxl, with an openpyxl *Hasil* (formulas, a bar chart) and *Validasi*.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Mapping

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPARKLINE_EXT = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
PERSON_ID = "{4F1B2A3C-5D6E-4F70-8192-A3B4C5D6E7F8}"


def edit_zip(data: bytes, changes: Mapping[str, bytes | None]) -> bytes:
    """``data`` with members replaced or added (bytes) or removed (None), other members unchanged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in changes:
                if changes[info.filename] is not None:
                    target.writestr(info.filename, changes[info.filename])
            else:
                target.writestr(info, source.read(info.filename))
        names = set(source.namelist())
        for name, content in changes.items():
            if name not in names and content is not None:
                target.writestr(name, content)
    return out.getvalue()


def read(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def sheet_part(data: bytes, sheet: str) -> str:
    """The part name of worksheet ``sheet`` (via workbook.xml and its rels)."""
    workbook = read(data, "xl/workbook.xml").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', workbook).group(1)
    rels = read(data, "xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


def _add_rel(rels: bytes, rid: str, kind: str, target: str) -> bytes:
    return rels.replace(b"</Relationships>", f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
                        "</Relationships>".encode())


def _add_override(types: bytes, part: str, kind: str) -> bytes:
    return types.replace(b"</Types>", f'<Override PartName="/{part}" ContentType="{kind}"/></Types>'.encode())


def add_sparklines(data: bytes, sheet: str = "Catatan Unit") -> bytes:
    """A sparkline group in ``sheet``: Excel 2010 keeps it in the worksheet's extLst (x14)."""
    part = sheet_part(data, sheet)
    xml = read(data, part)
    ext = (f'<ext uri="{SPARKLINE_EXT}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
           '<x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
           '<x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/>'
           '<x14:colorNegative rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/>'
           '<x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/>'
           '<x14:colorLow rgb="FFD00000"/><x14:sparklines><x14:sparkline><xm:f>\'Catatan Unit\'!C2:C4</xm:f>'
           '<xm:sqref>E2</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>'
           '</x14:sparklineGroups></ext>').encode()
    if b"<extLst>" in xml:
        xml = xml.replace(b"</extLst>", ext + b"</extLst>")
    else:
        xml = xml.replace(b"</worksheet>", b"<extLst>" + ext + b"</extLst></worksheet>")
    return edit_zip(data, {part: xml})


def add_custom_xml(data: bytes) -> bytes:
    """A custom XML data part (customXml/item1.xml) and its properties, related from the package root."""
    item = b'<?xml version="1.0" encoding="UTF-8"?><kinerja xmlns="urn:kemensos:kinerja"><unit>REHSOS</unit></kinerja>'
    props = (b'<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID='
             b'"{6E8E1C2A-1D3B-4C5D-9E7F-0A1B2C3D4E5F}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/'
             b'2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="urn:kemensos:kinerja"/></ds:schemaRefs>'
             b"</ds:datastoreItem>")
    item_rels = _add_rel(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
                         b'"http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>', "rId1",
                         f"{R}/customXmlProps", "itemProps1.xml")
    root = _add_rel(read(data, "_rels/.rels"), "rId99", f"{R}/customXml", "customXml/item1.xml")
    types = _add_override(read(data, "[Content_Types].xml"), "customXml/itemProps1.xml",
                          "application/vnd.openxmlformats-officedocument.customXmlProperties+xml")
    return edit_zip(data, {"customXml/item1.xml": item, "customXml/itemProps1.xml": props,
                           "customXml/_rels/item1.xml.rels": item_rels, "_rels/.rels": root,
                           "[Content_Types].xml": types})


def add_threaded_comment(data: bytes, sheet: str = "Catatan Unit") -> bytes:
    """A threaded comment on D2 of ``sheet`` and the person list it refers to (Excel 365)."""
    ns = ('xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
          'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
    comment = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ThreadedComments {ns}><threadedComment '
               f'ref="D2" dT="2024-01-15T09:30:00.00" personId="{PERSON_ID}" '
               'id="{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}"><text>Mohon cek ulang anggaran Januari.</text>'
               "</threadedComment></ThreadedComments>").encode()
    person = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><personList {ns}><person displayName='
              f'"Tim Kinerja" id="{PERSON_ID}" userId="tim.kinerja@kemensos.go.id" providerId="None"/>'
              "</personList>").encode()
    part = sheet_part(data, sheet)
    folder, name = part.rsplit("/", 1)
    sheet_rels = f"{folder}/_rels/{name}.rels"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        existing = archive.read(sheet_rels) if sheet_rels in archive.namelist() else (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns='
            b'"http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    sheet_rels_xml = _add_rel(existing, "rId90", "http://schemas.microsoft.com/office/2017/10/relationships/"
                              "threadedComment", "../threadedComments/threadedComment1.xml")
    workbook_rels = _add_rel(read(data, "xl/_rels/workbook.xml.rels"), "rId90",
                             "http://schemas.microsoft.com/office/2017/10/relationships/person", "persons/person.xml")
    types = _add_override(read(data, "[Content_Types].xml"), "xl/threadedComments/threadedComment1.xml",
                          "application/vnd.ms-excel.threadedcomments+xml")
    types = _add_override(types, "xl/persons/person.xml", "application/vnd.ms-excel.person+xml")
    return edit_zip(data, {"xl/threadedComments/threadedComment1.xml": comment, "xl/persons/person.xml": person,
                           sheet_rels: sheet_rels_xml, "xl/_rels/workbook.xml.rels": workbook_rels,
                           "[Content_Types].xml": types})


def add_calc_chain(data: bytes, entries: list[tuple[str, int]]) -> bytes:
    """A calculation chain listing ``entries`` as (cell, sheetId); ``i`` is written only where it changes."""
    cells, last = [], None
    for ref, sheet_id in entries:
        cells.append(f'<c r="{ref}" i="{sheet_id}"/>' if sheet_id != last else f'<c r="{ref}"/>')
        last = sheet_id
    chain = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><calcChain xmlns='
             f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">{"".join(cells)}</calcChain>').encode()
    rels = _add_rel(read(data, "xl/_rels/workbook.xml.rels"), "rId80", f"{R}/calcChain", "calcChain.xml")
    types = _add_override(read(data, "[Content_Types].xml"), "xl/calcChain.xml",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml")
    return edit_zip(data, {"xl/calcChain.xml": chain, "xl/_rels/workbook.xml.rels": rels,
                           "[Content_Types].xml": types})


def everything(data: bytes) -> bytes:
    """The LibreOffice fixture with every hand-made part."""
    return add_threaded_comment(add_custom_xml(add_sparklines(data)))


def openpyxl_written(data: bytes) -> bytes:
    """``data`` loaded and saved by openpyxl with a *Hasil* (two formulas over Isian, a bar chart, frozen
    panes, protection, print titles) before ``_meta`` and a *Validasi* with a link after Isian: what the
    former openpyxl write-back wrote (it is gone; this keeps its kind of file in the tests)."""
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.worksheet.hyperlink import Hyperlink

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(io.BytesIO(data))
    names = book.sheetnames
    hasil = book.create_sheet("Hasil", names.index("_meta") if "_meta" in names else len(names))
    hasil["A1"] = "Hasil perhitungan (ditulis openpyxl)"
    hasil["A5"], hasil["C5"] = "SS1.1", "=IF(COUNT('Isian'!$C$12)=1,'Isian'!$C$12,\"\")"
    hasil["A6"], hasil["C6"] = "SS1.2", "=IF(COUNT('Isian'!$C$13)=1,'Isian'!$C$13,\"\")"
    chart = BarChart()
    chart.type = "bar"
    chart.add_data(Reference(hasil, min_col=3, min_row=5, max_row=6), titles_from_data=False)
    chart.set_categories(Reference(hasil, min_col=1, min_row=5, max_row=6))
    hasil.add_chart(chart, "B8")
    hasil.freeze_panes = "C5"
    hasil.print_title_rows = "4:4"
    hasil.protection.sheet = True
    validasi = book.create_sheet("Validasi", book.sheetnames.index("Isian") + 1)
    validasi["A1"], validasi["E5"] = "Hasil validasi kinerja_xl", "C13"
    validasi["E5"].hyperlink = Hyperlink(ref="E5", location="'Isian'!C13", display="C13")
    validasi.print_title_rows = "4:4"
    book.calculation.fullCalcOnLoad = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
