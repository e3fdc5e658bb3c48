"""Rewriting a donor worksheet for its new workbook: style indices, inline strings, tab selection.

The donor's cells point into the donor's stylesheet and shared-string table. In the target, ``s=``
(cells, rows), ``style=`` (columns) and ``dxfId=`` (conditional formats) take the indices the merge
gave them, and every shared string becomes an inline string (``t="inlineStr"``), so the target's
sharedStrings part is not touched at all. Excel turns inline strings back into shared ones on its
next save.

A sheet has thousands of elements and only a few attributes change, so the rewrite is one regular
expression pass over the bytes, after expat has checked the sheet is well formed (and has no DTD).
That is exact: in well-formed XML a ``<`` is always markup, and comments, CDATA sections and
processing instructions, where it is not, are matched whole and left alone. The namespace of the cells
must be declared once, on the root, so that every ``<c>`` matched is a SpreadsheetML cell.
"""

from __future__ import annotations

import functools
import re

from ..errors import DonorError
from .styles import StyleMap
from .workbook import NS_MAIN
from .xmlscan import Node, make_parser, parse, scan, serialize

_ROOT = re.compile(rb"<(?!\?|!)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>")
_ATTR = re.compile(rb"([^\s=]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_ROW_STYLE = re.compile(rb"\ss\s*=")  # a row's own style (``spans=`` ends in "s=" too, but not after a blank)
_PREFIXED = re.compile(rb"<[^\s/>!?]+:|\s(?!xml:)[^\s=/>]+:[^\s=/>]+\s*=")


_VALUE = rb"""(?:"[^"]*"|'[^']*')"""


@functools.lru_cache(maxsize=8)
def _tags(prefix: bytes) -> re.Pattern[bytes]:
    """Comments, CDATA and PIs (skipped whole); a cell's start tag, its ``s`` and ``t`` values and any
    cell-metadata attribute located by named groups; or another start tag whose attributes may change."""
    p = re.escape(prefix + b":") if prefix else b""
    return re.compile(
        rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
        rb"|<(?P<cell>" + p + rb"c)(?:\s+(?:s\s*=\s*(?:\"(?P<s>[^\"]*)\"|'(?P<s1>[^']*)')"
        rb"|t\s*=\s*(?:\"(?P<t>[^\"]*)\"|'(?P<t1>[^']*)')|(?P<meta>[cv]m)\s*=\s*" + _VALUE +
        rb"|[^\s=/>]+\s*=\s*" + _VALUE + rb"))*\s*(?P<empty>/?)>"
        rb"|<(?P<tag>" + p + rb"(?:row|col|cfRule|sheetView))(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*" + _VALUE +
        rb")*)\s*(?P<close>/?)>", re.S)


@functools.lru_cache(maxsize=8)
def _value(prefix: bytes) -> re.Pattern[bytes]:
    p = re.escape(prefix + b":") if prefix else b""
    return re.compile(rb"\s*<" + p + rb"v>\s*(\d+)\s*</" + p + rb"v>")


@functools.lru_cache(maxsize=8)
def _items(prefix: bytes) -> re.Pattern[bytes]:
    """Comments, CDATA and PIs (skipped whole), or the start or end tag of a shared-string item."""
    p = re.escape(prefix + b":") if prefix else b""
    return re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(/?)" + p + rb"si(?=[\s/>])[^>]*?(/?)>", re.S)


class SharedStrings:
    """A donor's shared-string table, giving each item as the content of an inline string.

    Items are found with one regular-expression pass, after expat has checked the part (as for sheets).
    """

    def __init__(self, data: bytes, part: str) -> None:
        self.data, self.part = data, part
        parse(make_parser(data, part), data, part)
        self.prefix = _root_prefix(data, part, b"sst")
        self.spans: list[tuple[int, int]] = []
        opened = -1
        for match in _items(self.prefix).finditer(data):
            closing, empty = match.group(1), match.group(2)
            if closing is None:
                continue
            if empty:
                self.spans.append((match.end(), match.end()))
            elif closing:
                self.spans.append((opened, match.start()))
            else:
                opened = match.end()
        self._full: list[Node] | None = None
        self._inline: dict[tuple[int, bytes], bytes] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def inline(self, index: int, prefix: bytes) -> bytes:
        """``<is>…</is>`` (with the sheet's main-namespace ``prefix``) holding item ``index``."""
        key = (index, prefix)
        if key not in self._inline:
            start, end = self.spans[index]
            inner = self.data[start:end]
            if prefix or self.prefix or _PREFIXED.search(inner):
                # other prefixes in play: rebuild the item for the sheet's namespace bindings
                if self._full is None:
                    self._full = list(scan(self.data, self.part).iter("si"))
                scope = {prefix.decode(): NS_MAIN}
                inner = "".join(serialize(child, scope) for child in self._full[index].children).encode("utf-8")
            p = prefix + b":" if prefix else b""
            self._inline[key] = b"<" + p + b"is>" + inner + b"</" + p + b"is>"
        return self._inline[key]


def rewrite_sheet(data: bytes, part: str, styles: StyleMap, strings: SharedStrings | None, *,
                  selected: bool) -> bytes:
    """The donor sheet ``data`` with target style indices and inline strings; ``selected`` says whether
    its tab is the selected one (two selected tabs group the sheets, and edits then go to both)."""
    parse(make_parser(data, part), data, part)  # well formed, no DTD: the pass below may rely on it
    prefix = _root_prefix(data, part, b"worksheet")
    tags, value = _tags(prefix), _value(prefix)
    out: list[bytes] = []
    at = 0
    views = 0  # only the first sheet view (of the first book view) may be the selected tab
    cells = styles.cell_table()
    for match in tags.finditer(data):
        try:
            if match.group("cell") is not None:  # most of the tags: only the value spans are replaced
                at = _cell(match, data, value, cells, strings, prefix, out, at)
                continue
            qname = match.group("tag")
            if qname is None:
                continue  # a comment, CDATA section or processing instruction
            local = qname[len(prefix) + 1:] if prefix else qname
            tag = _other(local, match, styles, selected and views == 0)
        except DonorError as exc:
            raise DonorError(f"{part}, tag pada posisi {match.start()}: {exc}") from None
        if local == b"sheetView":
            views += 1
        if tag is not None:
            out += (data[at:match.start()], tag)
            at = match.end()
    out.append(data[at:])
    return b"".join(out)


def _cell(match: re.Match[bytes], data: bytes, value: re.Pattern[bytes], cells: dict[bytes, bytes],
          strings: SharedStrings | None, prefix: bytes, out: list[bytes], at: int) -> int:
    """Append to ``out`` the bytes up to and including a ``<c>`` start tag with its style remapped and,
    for a shared string, the ``<is>`` replacing its ``<v>``; returns the offset where the copy resumes.
    (The innermost loop of the splice: a sheet has one such tag per cell.)"""
    s, s1, t, t1, meta, empty = match.group("s", "s1", "t", "t1", "meta", "empty")
    if meta is not None:
        # cell metadata (dynamic arrays, rich values) lives in a workbook-level part not carried over
        raise DonorError("metadata sel (cm/vm, mis. rumus larik dinamis) tidak didukung")
    style = s if s is not None else s1
    shared = (t if t is not None else t1) == b"s"
    if style is None and not shared:
        return at
    spans = []
    if style is not None:
        new = cells.get(style)
        if new is None:
            raise DonorError(f"indeks gaya {style.decode()} tidak ada di cellXfs donor")
        spans.append((*match.span("s" if s is not None else "s1"), new))
    if shared:
        spans.append((*match.span("t" if t is not None else "t1"), b"inlineStr"))
        if len(spans) == 2 and spans[1][0] < spans[0][0]:
            spans.reverse()
    for start, end, replacement in spans:
        out.append(data[at:start])
        out.append(replacement)
        at = end
    if not shared:
        return at
    content = value.match(data, match.end()) if not empty else None
    if content is None or strings is None or int(content.group(1)) >= len(strings):
        raise DonorError("string bersama tanpa indeks yang sah")
    out.append(data[at:match.end()])
    out.append(strings.inline(int(content.group(1)), prefix))
    return content.end()


def _other(local: bytes, match: re.Match[bytes], styles: StyleMap, select: bool) -> bytes | None:
    """The rewritten start tag of a row, column, conditional-format rule or sheet view (None: unchanged)."""
    raw = match.group("attrs")
    if local == b"row" and not _ROW_STYLE.search(raw):
        return None  # most rows have no style of their own: nothing to parse
    attrs = dict(_ATTR.findall(raw))
    changes: dict[bytes, bytes | None] = {}
    if local == b"row" and b"s" in attrs:
        changes[b"s"] = styles.cell(_text(attrs[b"s"])).encode()
    elif local == b"col" and b"style" in attrs:
        changes[b"style"] = styles.cell(_text(attrs[b"style"])).encode()
    elif local == b"cfRule" and b"dxfId" in attrs:
        changes[b"dxfId"] = styles.differential(_text(attrs[b"dxfId"])).encode()
    elif local == b"sheetView":
        current = _text(attrs.get(b"tabSelected"))
        if select and current not in ("1", "true"):
            changes[b"tabSelected"] = b"1"
        elif not select and current:
            changes[b"tabSelected"] = None  # two selected tabs group the sheets: edits would go to both
    return _retag(match.group("tag"), attrs, changes, match.group("close")) if changes else None


def _root_prefix(data: bytes, part: str, name: bytes) -> bytes:
    """The prefix bound to SpreadsheetML on the root element ``name``; refused if it is bound anywhere
    else too (a nested redeclaration would make the pass see elements of another namespace)."""
    root = _ROOT.search(data)
    attrs = dict(_ATTR.findall(root.group(2))) if root else {}
    bound = [key[6:] for key, quoted in attrs.items()
             if key.startswith(b"xmlns") and quoted[1:-1] == NS_MAIN.encode() and key[5:6] in (b"", b":")]
    if root is None or len(bound) != 1 or root.group(1) != (bound[0] + b":" if bound[0] else b"") + name:
        raise DonorError(f"{part} bukan bagian SpreadsheetML <{name.decode()}> yang dikenal")
    prefix: bytes = bound[0]
    declaration = rb"xmlns:" + re.escape(prefix) + rb"\s*=" if prefix else rb"xmlns\s*="
    if data.count(NS_MAIN.encode()) != 1 or len(re.findall(declaration, data)) != 1:
        raise DonorError(f"{part}: namespace SpreadsheetML dideklarasikan ulang di dalam bagian; tidak didukung")
    return prefix


def _retag(qname: bytes, attrs: dict[bytes, bytes], changes: dict[bytes, bytes | None],
           close: bytes) -> bytes:
    """A start tag with ``changes``; untouched attributes keep their raw (escaped) values and order."""
    parts = [b"<", qname]
    for key, quoted in attrs.items():
        if key in changes:
            new = changes[key]
            if new is not None:
                parts += (b" ", key, b'="', new, b'"')
        else:
            parts += (b" ", key, b"=", quoted)
    for key, new in changes.items():
        if key not in attrs and new is not None:
            parts += (b" ", key, b'="', new, b'"')
    parts += (close, b">")
    return b"".join(parts)


def _text(raw: bytes | None) -> str:
    """An attribute's value as text (the attributes read here are numbers and flags: no entities)."""
    return raw[1:-1].decode("utf-8") if raw else ""
