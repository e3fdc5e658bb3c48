"""Merging the donor's styles into the target's ``xl/styles.xml``: append, never reorder.

Every existing cell of the workbook refers to its style by index (``s="12"``), so existing entries
keep their place and bytes; the donor's fonts, fills, borders, number formats, cell formats and
differential formats (conditional formats) are appended, and the donor sheet's indices are mapped to
the new ones. An entry the target already holds as the same bytes the splice would write (one an
earlier splice appended, or one written alike by the same writer) is reused instead of appended, so
writing *Hasil* again adds nothing and the stylesheet does not grow with every run.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import BrokenPackageError, DonorError
from .workbook import NS_MAIN
from .xmlscan import Node, Patch, apply, head_patch, scan, serialize

#: Children of <styleSheet> in schema order (CT_Stylesheet); a section that is missing goes in its place.
ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
         "tableStyles", "colors", "extLst")
ITEM = {"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellStyleXfs": "xf",
        "cellXfs": "xf", "cellStyles": "cellStyle", "dxfs": "dxf", "tableStyles": "tableStyle"}
FIRST_CUSTOM_NUMFMT = 164  # ids below are built-in (ECMA-376 Part 1, 18.8.30)
_XF_REFS = (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders"))

#: attribute values to write instead of the scanned ones, per element of an entry
Changes = Mapping[Node, Mapping[str, str]]


class Stylesheet:
    """A scanned stylesheet: each section (or None) and its items."""

    def __init__(self, data: bytes, part: str, *, entries_only: bool = False) -> None:
        self.data, self.part = data, part
        self.written: dict[tuple[object, ...], str] = {}  # an entry as serialized for a target, remembered
        # entries_only: an entry's children are not needed to compare it by its bytes
        self.root = scan(data, part, depth=3 if entries_only else None)
        if self.root.name != "styleSheet" or self.root.ns != NS_MAIN:
            raise BrokenPackageError(f"{part} bukan lembar gaya (styleSheet) SpreadsheetML")
        self.sections: dict[str, Node | None] = {name: self.root.find(name) for name in ORDER}
        self.items: dict[str, list[Node]] = {
            name: list(node.iter(ITEM[name])) if node is not None else []
            for name, node in self.sections.items() if name in ITEM}

    def count(self, section: str) -> int:
        return len(self.items[section])

    def custom_formats(self) -> dict[int, str]:
        """Custom number formats: id -> format code."""
        out = {}
        for node in self.items["numFmts"]:
            fmt_id = node.get("numFmtId")
            if fmt_id is not None and fmt_id.isdigit():
                out[int(fmt_id)] = node.get("formatCode") or ""
        return out


def style_problems(sheet: Stylesheet) -> list[str]:
    """Counts that disagree with the items, and references from one section to a missing entry."""
    problems = []
    for section, items in sheet.items.items():
        node = sheet.sections[section]
        declared = node.get("count") if node is not None else None
        if declared is not None and declared != str(len(items)):
            problems.append(f"{sheet.part}: count=\"{declared}\" pada <{section}> tetapi ada {len(items)} entri")
    formats = sheet.custom_formats()
    for section in ("cellStyleXfs", "cellXfs"):
        for i, xf in enumerate(sheet.items[section]):
            for attr, target in _XF_REFS:
                value = xf.get(attr)
                if value is not None and not (value.isdigit() and int(value) < sheet.count(target)):
                    problems.append(f"{sheet.part}: <{section}> #{i} {attr}={value} di luar {target} "
                                    f"({sheet.count(target)})")
            fmt = xf.get("numFmtId")
            if fmt is not None and not (fmt.isdigit() and (int(fmt) < FIRST_CUSTOM_NUMFMT or int(fmt) in formats)):
                problems.append(f"{sheet.part}: <{section}> #{i} numFmtId={fmt} tidak didefinisikan")
            parent = xf.get("xfId")
            if section == "cellXfs" and parent is not None and not (
                    parent.isdigit() and int(parent) < sheet.count("cellStyleXfs")):
                problems.append(f"{sheet.part}: <cellXfs> #{i} xfId={parent} di luar cellStyleXfs")
    for i, style in enumerate(sheet.items["cellStyles"]):
        parent = style.get("xfId")
        if parent is None or not (parent.isdigit() and int(parent) < sheet.count("cellStyleXfs")):
            problems.append(f"{sheet.part}: <cellStyle> #{i} xfId={parent} di luar cellStyleXfs")
    return problems


@dataclass(frozen=True)
class StyleMap:
    """Donor index -> target index, for cell formats (``s=``) and differential formats (``dxfId=``)."""

    xf: tuple[int, ...]
    dxf: tuple[int, ...]

    def cell(self, index: str) -> str:
        return _lookup(self.xf, index, "cellXfs")

    def cell_table(self) -> dict[bytes, bytes]:
        """Donor ``s`` value -> target ``s`` value, as the bytes a sheet holds."""
        return {str(i).encode(): str(target).encode() for i, target in enumerate(self.xf)}

    def differential(self, index: str) -> str:
        return _lookup(self.dxf, index, "dxfs")


def _lookup(table: tuple[int, ...], index: str, section: str) -> str:
    if not index.isdigit() or int(index) >= len(table):
        raise DonorError(f"indeks gaya {index} tidak ada di {section} donor")
    return str(table[int(index)])


class _Section:
    """The target's entries of one section, the entries appended to it, and the index of each.

    Entries are compared as the XML the splice would write: an entry the target already holds with the
    same bytes (written by an earlier splice, or by the same writer) is reused.
    """

    def __init__(self, target: Stylesheet, name: str) -> None:
        self.name = name
        self.scope = (target.sections[name] or target.root).scope()
        self.existing = len(target.items[name])
        self.index: dict[str, int] = {}
        for i, node in enumerate(target.items[name]):
            self.index.setdefault(target.data[node.start:node.end].decode("utf-8"), i)
        self.added: list[str] = []

    def place(self, node: Node, changes: Changes | None = None, donor: Stylesheet | None = None) -> int:
        """The index of an entry equal to ``node`` (with the attribute ``changes`` of it or its
        descendants), appending it if new. With ``donor``, the XML is remembered on that stylesheet."""
        xml = _xml(node, self.scope, changes or {}, donor)
        found = self.index.get(xml)
        if found is None:
            found = self.index[xml] = self.existing + len(self.added)
            self.added.append(xml)
        return found


class _Merge:
    """One merge of a donor stylesheet into a target stylesheet."""

    def __init__(self, target: Stylesheet, donor: Stylesheet) -> None:
        self.target, self.donor = target, donor
        self.sections = {name: _Section(target, name) for name in ITEM if name != "tableStyles"}
        self.codes = {code: fmt for fmt, code in sorted(target.custom_formats().items(), reverse=True)}
        self.next_format = max([FIRST_CUSTOM_NUMFMT - 1, *target.custom_formats()]) + 1
        self.donor_formats = donor.custom_formats()
        self.format_map: dict[int, int] = {}

    def number_format(self, value: str | None, where: str) -> str | None:
        """The target id of donor number format ``value`` (built-in ids stay, custom ones are renumbered)."""
        if value is None:
            return None
        if not value.isdigit():
            raise DonorError(f"{where}: numFmtId '{value}' bukan angka")
        fmt = int(value)
        if fmt < FIRST_CUSTOM_NUMFMT:
            return value
        if fmt not in self.format_map:
            if fmt not in self.donor_formats:
                raise DonorError(f"{where}: format angka {fmt} tidak didefinisikan di donor")
            code = self.donor_formats[fmt]
            if code not in self.codes:
                self.codes[code] = self.next_format
                entry = Node(b"", NS_MAIN, "numFmt", {"numFmtId": str(self.next_format), "formatCode": code}, -1)
                self.sections["numFmts"].place(entry)
                self.next_format += 1
            self.format_map[fmt] = self.codes[code]
        return str(self.format_map[fmt])

    def plain(self, section: str) -> list[int]:
        """Fonts, fills, borders: entries with no reference to other sections."""
        return [self.sections[section].place(node, None, self.donor) for node in self.donor.items[section]]

    def xf(self, node: Node, section: str, i: int, refs: dict[str, list[int]], parents: list[int] | None) -> int:
        """Place one donor xf, its font, fill, border, number format and parent style remapped."""
        where = f"{self.donor.part} <{section}> #{i}"
        changed = {attr: str(_index(refs[target], node.get(attr), where, target))
                   for attr, target in _XF_REFS if node.get(attr) is not None}
        fmt = self.number_format(node.get("numFmtId"), where)
        if fmt is not None:
            changed["numFmtId"] = fmt
        if parents is not None and node.get("xfId") is not None:
            changed["xfId"] = str(_index(parents, node.get("xfId"), where, "cellStyleXfs"))
        return self.sections[section].place(node, {node: changed}, self.donor)

    def style_parents(self, refs: dict[str, list[int]]) -> list[int]:
        """Donor cellStyleXfs -> target: a named style (Normal, Hyperlink...) maps to the target's style
        of that built-in id or name; an unnamed or unknown one is appended (with its cellStyle)."""
        styles = {s.get("xfId"): s for s in self.donor.items["cellStyles"]}
        target_styles = self.target.items["cellStyles"]
        out = []
        for i, node in enumerate(self.donor.items["cellStyleXfs"]):
            style = styles.get(str(i))
            match = _matching_style(style, target_styles) if style is not None else None
            if match is not None and (match.get("xfId") or "").isdigit():
                out.append(int(match.attrs["xfId"]))
                continue
            index = self.xf(node, "cellStyleXfs", i, refs, None)
            out.append(index)
            if style is not None and index >= self.sections["cellStyleXfs"].existing:
                self.sections["cellStyles"].place(style, {style: {"xfId": str(index)}}, self.donor)
        return out

    def dxfs(self) -> list[int]:
        placed = []
        for node in self.donor.items["dxfs"]:
            changes: dict[Node, dict[str, str]] = {}
            for inner in node.walk():
                fmt, code = inner.get("numFmtId"), inner.get("formatCode")
                if inner.name == "numFmt" and fmt is not None and code is not None and fmt.isdigit() \
                        and int(fmt) >= FIRST_CUSTOM_NUMFMT:
                    # a dxf carries its format code inline; its id must not clash with the target's ids
                    self.donor_formats.setdefault(int(fmt), code)
                    changes[inner] = {"numFmtId": self.number_format(fmt, "dxf") or fmt}
            placed.append(self.sections["dxfs"].place(node, changes, self.donor))
        return placed

    def run(self) -> StyleMap:
        refs = {section: self.plain(section) for section in ("fonts", "fills", "borders")}
        parents = self.style_parents(refs)
        cells = [self.xf(node, "cellXfs", i, refs, parents) for i, node in enumerate(self.donor.items["cellXfs"])]
        return StyleMap(tuple(cells), tuple(self.dxfs()))

    def patches(self) -> list[Patch]:
        target = self.target
        out: list[Patch] = []
        for name, section in self.sections.items():
            if not section.added:
                continue
            node = target.sections[name]
            body = "".join(section.added).encode("utf-8")
            total = str(section.existing + len(section.added))
            if node is None:
                prefix = f"{target.root.prefix}:" if target.root.prefix else ""
                element = f'<{prefix}{name} count="{total}">'.encode() + body + f"</{prefix}{name}>".encode()
                out.append((_insertion_point(target, name), _insertion_point(target, name), element))
            elif node.self_closing:
                start, _, head = head_patch(target.data, node, {"count": total})
                opened = head[:-2].rstrip() + b">"
                out.append((start, node.end, opened + body + f"</{node.qname}>".encode()))
            else:
                out.append(head_patch(target.data, node, {"count": total}))
                out.append((node.inner_end, node.inner_end, body))
        return out


def _xml(node: Node, scope: dict[str, str], changes: Changes, donor: Stylesheet | None) -> str:
    """``node`` serialized for ``scope`` with ``changes``; remembered on ``donor`` (whose nodes live as
    long as it does, so their ids cannot be reused while the memo holds them)."""
    def attrs(n: Node) -> Mapping[str, str]:
        own = changes.get(n)
        return {**n.attrs, **own} if own else n.attrs

    if donor is None:
        return serialize(node, scope, attrs)
    key = (id(node), tuple(sorted(scope.items())),
           tuple(sorted((id(n), tuple(sorted(c.items()))) for n, c in changes.items())))
    xml = donor.written.get(key)
    if xml is None:
        if len(donor.written) > 4096:  # a long batch of differently styled targets: start afresh
            donor.written.clear()
        xml = donor.written[key] = serialize(node, scope, attrs)
    return xml


def _index(table: list[int], value: str | None, where: str, section: str) -> int:
    if value is None or not value.isdigit() or int(value) >= len(table):
        raise DonorError(f"{where}: rujukan {value} ke {section} tidak ada di donor")
    return table[int(value)]


def _matching_style(style: Node, target_styles: list[Node]) -> Node | None:
    builtin, name = style.get("builtinId"), (style.get("name") or "").casefold()
    for candidate in target_styles:
        if builtin is not None and candidate.get("builtinId") == builtin:
            return candidate
    return next((c for c in target_styles if (c.get("name") or "").casefold() == name and name), None)


def _insertion_point(target: Stylesheet, name: str) -> int:
    """Where a missing section goes: before the first section that follows it in schema order."""
    for later in ORDER[ORDER.index(name) + 1:]:
        node = target.sections[later]
        if node is not None:
            return node.start
    return target.root.inner_end


@functools.lru_cache(maxsize=16)
def merge_styles(target: bytes, donor: bytes, *, target_part: str = "xl/styles.xml",
                 donor_part: str = "xl/styles.xml") -> tuple[bytes, StyleMap]:
    """The target stylesheet with the donor's entries appended, and the donor -> target index map.

    The bytes returned are ``target`` itself when nothing new had to be appended. The result depends
    on the bytes alone, so it is remembered: a batch of workbooks made from one template shares one
    stylesheet and one donor style set, and merges them once.
    """
    merge = _Merge(Stylesheet(target, target_part, entries_only=True), _donor_styles(donor, donor_part))
    mapping = merge.run()
    patches = merge.patches()
    return (apply(target, patches) if patches else target), mapping


@functools.lru_cache(maxsize=8)
def _donor_styles(data: bytes, part: str) -> Stylesheet:
    """The donor's stylesheet, parsed once per distinct donor style set (one per result-sheet layout)."""
    return Stylesheet(data, f"donor:{part}")
