"""The workbook part (``xl/workbook.xml``) as far as write-back needs it: sheets, defined names, views.

Read with :func:`~.xmlscan.scan` so edits are byte patches: the attributes, extensions and prefixes
of whatever application saved the workbook stay as they were.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from ..errors import BrokenPackageError, NotAWorkbookError, UnsupportedPartError
from .opc import CONTENT_TYPES, Package, rels_name
from .xmlscan import Node, Patch, apply, escape_attr, escape_text, head_patch, remove_patch, scan_shared

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_ID = f"{NS_R} id"  # expat names namespaced attributes "uri local"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_WORKSHEET = _REL + "worksheet"
REL_STYLES = _REL + "styles"
REL_SHARED_STRINGS = _REL + "sharedStrings"
REL_CALC_CHAIN = _REL + "calcChain"
REL_EXTENDED = _REL + "extended-properties"
SHEET_RELS = {REL_WORKSHEET, _REL + "chartsheet", _REL + "dialogsheet",
              "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
              "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet"}
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
WORKBOOK_TYPES = {_CT + "sheet.main+xml", _CT + "template.main+xml",
                  "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                  "application/vnd.ms-excel.template.macroEnabled.main+xml",
                  "application/vnd.ms-excel.addin.macroEnabled.main+xml"}
WORKSHEET_TYPE = _CT + "worksheet+xml"


@dataclass(frozen=True, eq=False)
class SheetEntry:
    """One ``<sheet>`` of the workbook: name, sheetId, relationship id and its scanned element."""

    name: str
    sheet_id: int
    rid: str
    node: Node

    @property
    def key(self) -> str:
        """Sheet names are unique case-insensitively in Excel."""
        return self.name.casefold()


@dataclass(frozen=True, eq=False)
class DefinedName:
    """One ``<definedName>``: name, the sheet index it is local to (None = global), its formula."""

    name: str
    local: int | None
    text: str
    node: Node


class WorkbookXml:
    """The scanned workbook part with its sheets, defined names, book views and calcPr."""

    def __init__(self, data: bytes, part: str) -> None:
        self.data, self.part = data, part
        self.root = root = scan_shared(data, part, depth=3)
        if root.name != "workbook" or root.ns not in (NS_MAIN, NS_STRICT):
            raise NotAWorkbookError(f"{part} bukan bagian buku kerja spreadsheet")
        if root.ns == NS_STRICT:
            raise UnsupportedPartError("buku kerja disimpan sebagai 'Strict Open XML'; simpan ulang sebagai "
                                       "'Excel Workbook (.xlsx)' biasa")
        sheets = root.find("sheets")
        if sheets is None:
            raise NotAWorkbookError(f"{part} tidak memiliki daftar lembar (<sheets>)")
        self.sheets_node = sheets
        self.sheets = [_sheet(node, part) for node in sheets.iter("sheet")]
        self.names_node = root.find("definedNames")
        names = self.names_node.iter("definedName") if self.names_node is not None else iter(())
        self.names = [_name(node, part) for node in names]
        views = root.find("bookViews")
        self.views = list(views.iter("workbookView")) if views is not None else []
        custom = root.find("customWorkbookViews")
        self.custom_views = list(custom.iter("customWorkbookView")) if custom is not None else []
        self.calc_pr = root.find("calcPr")

    def index(self, name: str) -> int | None:
        key = name.casefold()
        return next((i for i, s in enumerate(self.sheets) if s.key == key), None)


def _sheet(node: Node, part: str) -> SheetEntry:
    name, sheet_id, rid = node.get("name"), node.get("sheetId"), node.get(R_ID)
    if name is None or sheet_id is None or rid is None or not sheet_id.isdigit():
        raise NotAWorkbookError(f"{part}: elemen <sheet> tanpa name, sheetId atau r:id yang sah")
    return SheetEntry(name, int(sheet_id), rid, node)


def _name(node: Node, part: str) -> DefinedName:
    local = node.get("localSheetId")
    if local is not None and not local.isdigit():
        raise NotAWorkbookError(f"{part}: localSheetId '{local}' pada nama '{node.get('name')}' bukan angka")
    return DefinedName(node.get("name") or "", int(local) if local is not None else None, node.text, node)


def workbook_of(package: Package) -> tuple[str, WorkbookXml]:
    """The workbook part's name and its scan; NotAWorkbookError if the package is no spreadsheet."""
    return package.derived("workbook", lambda: _workbook_of(package))


def _workbook_of(package: Package) -> tuple[str, WorkbookXml]:
    main = package.main_part()
    if main is None or main not in package:
        raise NotAWorkbookError("paket ini bukan buku kerja Excel: tidak ada bagian dokumen utama")
    kind = package.content_types().of(main)
    if kind not in WORKBOOK_TYPES:
        raise NotAWorkbookError(f"paket ini bukan buku kerja Excel (jenis isi bagian utama: {kind})")
    return main, WorkbookXml(package.read(main), main)


@dataclass(frozen=True)
class SheetInfo:
    """One sheet as a writer needs to know it: its name, whether it is shown, whether it is a worksheet."""

    name: str
    visible: bool
    worksheet: bool


#: :func:`sheet_list` of the last workbooks seen, by the parts it reads (files of one template share them).
_SHEETS: OrderedDict[Hashable, tuple[SheetInfo, ...]] = OrderedDict()


def sheet_list(package: Package) -> list[SheetInfo]:
    """The sheets of the workbook in tab order (hidden and very hidden ones too, marked as such)."""
    main = package.main_part()
    key: Hashable = None
    if main is not None and main in package and CONTENT_TYPES in package:
        rels = package.actual(rels_name(main))
        key = (main, package.identity(CONTENT_TYPES), package.identity(main), package.identity(rels) if rels else None)
        if key in _SHEETS:
            _SHEETS.move_to_end(key)
            return list(_SHEETS[key])
    found = _sheet_list(package)
    if key is not None:
        _SHEETS[key] = tuple(found)
        while len(_SHEETS) > 32:
            _SHEETS.popitem(last=False)
    return found


def _sheet_list(package: Package) -> list[SheetInfo]:
    main, book = workbook_of(package)
    rels = package.rels(main)
    out = []
    for sheet in book.sheets:
        rel = rels.by_id(sheet.rid) if rels is not None else None
        state = sheet.node.get("state") or "visible"
        out.append(SheetInfo(sheet.name, state == "visible", rel is not None and rel.type == REL_WORKSHEET))
    return out


@dataclass(frozen=True)
class NewSheet:
    """A sheet to add: its name, sheetId, relationship id, other ``<sheet>`` attributes (e.g. state),
    and its sheet-local defined names as (attributes without localSheetId, formula)."""

    name: str
    sheet_id: int
    rid: str
    attrs: dict[str, str]
    names: tuple[tuple[dict[str, str], str], ...]

    @property
    def key(self) -> str:
        return self.name.casefold()


@dataclass(frozen=True)
class WorkbookEdit:
    """The edited workbook part, the sheet names in their new order, and the name of the sheet
    selected in the first book view."""

    data: bytes
    order: tuple[str, ...]
    selected: str | None


def edit_workbook(book: WorkbookXml, removed: set[str], inserted: list[NewSheet], after: str | None,
                  activate: str | None = None) -> WorkbookEdit:
    """Remove the sheets whose keys are in ``removed``, insert ``inserted`` after sheet ``after`` (None:
    at the end), and keep every index into the sheet list (localSheetId, activeTab, firstSheet) and
    sheetId reference (custom views) pointing at the same sheet; sets ``fullCalcOnLoad``."""
    data = book.data
    kept = [s for s in book.sheets if s.key not in removed]
    anchor = next(i for i, s in enumerate(kept) if s.key == after.casefold()) if after is not None else len(kept) - 1
    order: list[SheetEntry | NewSheet] = [*kept[:anchor + 1], *inserted, *kept[anchor + 1:]]
    position = {s.key: i for i, s in enumerate(order)}
    fallback = position[inserted[0].key] if inserted else max(anchor, 0)
    patches = [remove_patch(s.node) for s in book.sheets if s.key in removed]
    scope = book.sheets_node.scope()
    main = f"{book.sheets_node.prefix}:" if book.sheets_node.prefix else ""
    r_prefix = next((p for p, uri in scope.items() if uri == NS_R and p), None)
    declare = "" if r_prefix else f' xmlns:r="{NS_R}"'
    r_prefix = r_prefix or "r"
    elements = "".join(
        f'<{main}sheet name="{escape_attr(s.name)}" sheetId="{s.sheet_id}"'
        + "".join(f' {k}="{escape_attr(v)}"' for k, v in s.attrs.items())
        + f'{declare} {r_prefix}:id="{escape_attr(s.rid)}"/>' for s in inserted).encode("utf-8")
    at = kept[anchor].node.end if kept and anchor >= 0 else book.sheets_node.inner_end
    patches.append((at, at, elements))
    patches += _names(book, order, position, removed, inserted, main)
    active = position[activate.casefold()] if activate is not None else None
    selected = 0 if active is None else active  # with no book view Excel shows the first tab
    for number, view in enumerate(book.views):
        tab = _moved(book, view.get("activeTab"), position, fallback) if active is None else active
        first = min(_moved(book, view.get("firstSheet"), position, 0), tab)
        changes = {attr: str(new) for attr, new in (("activeTab", tab), ("firstSheet", first))
                   if str(new) != (view.get(attr) or "0")}
        if changes:
            patches.append(head_patch(data, view, changes))
        if number == 0:
            selected = tab
    ids = {s.sheet_id: s.key for s in book.sheets}
    new_ids = {s.key: s.sheet_id for s in order}
    for view in book.custom_views:
        old_id = view.get("activeSheetId")
        if old_id is not None and old_id.isdigit():
            key = ids.get(int(old_id))
            new_id = new_ids.get(key) if key is not None else None
            if new_id is None:
                new_id = order[fallback].sheet_id
            if str(new_id) != old_id:
                patches.append(head_patch(data, view, {"activeSheetId": str(new_id)}))
    patches += _full_calc(book, main)
    return WorkbookEdit(apply(data, patches), tuple(s.name for s in order), order[selected].name if order else None)


def _moved(book: WorkbookXml, value: str | None, position: dict[str, int], fallback: int) -> int:
    """The new index of the sheet at old index ``value``; ``fallback`` if that sheet is gone."""
    old = int(value) if value is not None and value.isdigit() else 0
    if old >= len(book.sheets):
        return fallback
    return position.get(book.sheets[old].key, fallback)


def _names(book: WorkbookXml, order: list[SheetEntry | NewSheet], position: dict[str, int], removed: set[str],
           inserted: list[NewSheet], main: str) -> list[Patch]:
    """Drop names local to removed sheets, renumber localSheetId of the others, add the new sheets' names."""
    patches: list[Patch] = []
    remaining = 0
    for name in book.names:
        if name.local is None:
            remaining += 1
            continue
        if name.local >= len(book.sheets):
            raise BrokenPackageError(f"nama '{name.name}' memakai localSheetId={name.local} di luar daftar lembar")
        sheet = book.sheets[name.local]
        if sheet.key in removed:
            patches.append(remove_patch(name.node))
            continue
        remaining += 1
        if position[sheet.key] != name.local:
            patches.append(head_patch(book.data, name.node, {"localSheetId": str(position[sheet.key])}))
    added = "".join(
        f'<{main}definedName name="{escape_attr(attrs["name"])}" localSheetId="{position[s.key]}"'
        + "".join(f' {k}="{escape_attr(v)}"' for k, v in attrs.items() if k != "name")
        + f">{escape_text(text)}</{main}definedName>" for s in inserted for attrs, text in s.names).encode("utf-8")
    node = book.names_node
    if node is not None and node.self_closing:
        if added:
            patches.append((node.start, node.end, f"<{node.qname}>".encode() + added + f"</{node.qname}>".encode()))
    elif node is not None and (added or remaining):
        patches.append((node.inner_end, node.inner_end, added))
    elif node is not None:
        patches.append(remove_patch(node))  # every name was local to a removed sheet: no empty element
    elif added:
        at = _after(book, ("sheets", "functionGroups", "externalReferences"))
        patches.append((at, at, f"<{main}definedNames>".encode() + added + f"</{main}definedNames>".encode()))
    return patches


def _full_calc(book: WorkbookXml, main: str) -> list[Patch]:
    """``fullCalcOnLoad="1"``: Excel recalculates every formula when it opens the file, so the new
    sheets' cached values are refreshed and formulas that depend on them too."""
    node = book.calc_pr
    if node is None:
        at = _after(book, ("sheets", "functionGroups", "externalReferences", "definedNames"))
        return [(at, at, f'<{main}calcPr fullCalcOnLoad="1"/>'.encode())]
    if node.get("fullCalcOnLoad") in ("1", "true"):
        return []
    return [head_patch(book.data, node, {"fullCalcOnLoad": "1"})]


def _after(book: WorkbookXml, names: tuple[str, ...]) -> int:
    """The offset just after the last present element among ``names`` (children of the workbook)."""
    found = [c for c in book.root.children if c.name in names and c.ns == book.root.ns]
    return found[-1].end
