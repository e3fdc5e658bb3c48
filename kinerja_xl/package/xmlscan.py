"""Defensive XML scanning that keeps byte offsets, so a part can be edited in place.

Parsing and re-serialising a part (ElementTree does) renames namespace prefixes and breaks
``mc:Ignorable`` lists, which Excel answers with "We found a problem with some content". The parts
write-back must change (workbook, styles, content types, rels) are therefore scanned with expat,
which reports where each element starts; edits are byte patches at those offsets, and everything
else in the part keeps its bytes. A DTD, entity declarations and non-UTF-8 parts are refused, like
defusedxml does.
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import BrokenPackageError, UnsafePackageError, UnsupportedPartError, describe_xml_error
from ..memo import remember

XML_NS = "http://www.w3.org/XML/1998/namespace"
# One start tag; attribute values cannot hold their own quote character, so this is exact.
_START_TAG = re.compile(rb"<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(/?)>")
_ATTR = r"(\s+){name}\s*=\s*(\"[^\"]*\"|'[^']*')"
_QNAME = re.compile(rb"[^\s/>]+")


@dataclass(eq=False, slots=True)
class Node:
    """One element: namespace and local name, attributes (keyed 'local', or 'uri local' as expat
    reports namespaced ones), direct character data, children, and byte offsets into ``doc``."""

    doc: bytes
    ns: str
    name: str
    attrs: dict[str, str]
    start: int
    end: int = -1
    inner_end: int = -1
    children: list[Node] = field(default_factory=list)
    text: str = ""
    # prefix -> URI in force here; shared with the parent unless this element declares a namespace
    # (no parent pointer: a tree without reference cycles is freed as soon as it is dropped)
    namespaces: dict[str, str] = field(default_factory=dict)
    _head_end: int = -1
    _content: bool = False  # saw a child element, kept or not (a depth-limited scan skips them)

    @property
    def head_end(self) -> int:
        """The offset just after the start tag."""
        if self._head_end < 0:
            head = _START_TAG.match(self.doc, self.start)
            if head is None:  # pragma: no cover - expat accepted the tag, so the pattern matches it
                raise BrokenPackageError(f"tag pada posisi {self.start} tidak terbaca")
            self._head_end = head.end()
        return self._head_end

    @property
    def qname(self) -> str:
        """The element name as written (with its prefix, if any)."""
        return qname_at(self.doc, self.start)

    @property
    def prefix(self) -> str:
        if self.start < 0:  # made in code, not scanned: no prefix of its own
            return ""
        qname = self.qname
        return qname.split(":", 1)[0] if ":" in qname else ""

    @property
    def self_closing(self) -> bool:
        return self.end == self.head_end

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrs.get(key, default)

    def find(self, name: str, ns: str | None = None) -> Node | None:
        return next(self.iter(name, ns), None)

    def iter(self, name: str, ns: str | None = None) -> Iterator[Node]:
        """Direct children named ``name`` (in ``ns``, or the parent's namespace when not given)."""
        ns = self.ns if ns is None else ns
        return (c for c in self.children if c.name == name and c.ns == ns)

    def walk(self) -> Iterator[Node]:
        """This element and all its descendants, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def scope(self) -> dict[str, str]:
        """Namespace prefix -> URI in force inside this element ('' is the default namespace)."""
        return dict(self.namespaces)


def scan_shared(data: bytes, part: str, *, depth: int) -> Node:
    """:func:`scan` of a small part (relationships, content types, the workbook part), one tree for every part of the
    same bytes and name: a batch's workbooks made from one template share them, and so do the donors of its probes.
    A scanned tree is only ever read (edits are byte patches at its offsets). Parts up to :data:`_SHARED_LARGEST`
    bytes are kept, :data:`_SHARED_KEPT` at most (:func:`~kinerja_xl.memo.remember`)."""
    if len(data) > _SHARED_LARGEST:
        return scan(data, part, depth=depth)
    key = (data, part, depth)
    node = _SHARED.get(key)
    return node if node is not None else remember(_SHARED, key, scan(data, part, depth=depth), _SHARED_KEPT)


_SHARED: dict[tuple[bytes, str, int], Node] = {}
_SHARED_KEPT, _SHARED_LARGEST = 128, 64 * 1024


def scan(data: bytes, part: str, *, depth: int | None = None) -> Node:
    """The element tree of ``data`` (elements deeper than ``depth`` are parsed but not kept).

    The handlers are the inner loop of every part read, so they are kept lean: a sentinel at the
    bottom of the stack spares the empty-stack tests.
    """
    parser = make_parser(data, part)
    sentinel = Node(data, "", "", {}, -1)
    stack = [sentinel]
    pending: dict[str, str] = {}
    limit = (depth if depth is not None else 1 << 30) + 1
    skipped = [0]

    def on_ns(prefix: str | None, uri: str | None) -> None:
        pending[prefix or ""] = uri or ""

    def on_start(qualified: str, attrs: dict[str, str]) -> None:
        if skipped[0]:
            skipped[0] += 1
            return
        top = stack[-1]
        top._content = True
        if len(stack) >= limit:
            skipped[0] = 1
            pending.clear()
            return
        ns, _, name = qualified.rpartition(" ")
        namespaces = top.namespaces
        if pending:
            namespaces = {**namespaces, **pending}
            pending.clear()
        node = Node(data, ns, name, attrs, parser.CurrentByteIndex, namespaces=namespaces)
        top.children.append(node)
        stack.append(node)

    def on_end(_: str) -> None:
        if skipped[0]:
            skipped[0] -= 1
            return
        node = stack.pop()
        at = parser.CurrentByteIndex
        # expat reports an empty-element tag's end just after "/>", a real end tag where "</" begins
        if not node._content and not node.text and data[at - 2:at] == b"/>":
            node.end = node.inner_end = node._head_end = at
        else:
            node.inner_end = at
            node.end = data.index(b">", at) + 1

    def on_text(text: str) -> None:
        if not skipped[0]:
            stack[-1].text += text

    parser.StartNamespaceDeclHandler = on_ns
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.CharacterDataHandler = on_text
    try:
        parse(parser, data, part)
    finally:
        # the handlers refer to the parser (CurrentByteIndex): drop them, or the pair waits for the
        # cyclic garbage collector
        parser.StartElementHandler = parser.EndElementHandler = parser.CharacterDataHandler = None
        parser.StartNamespaceDeclHandler = None
    return sentinel.children[0]


def make_parser(data: bytes, part: str) -> expat.XMLParserType:
    """An expat parser (names reported as 'uri local') that refuses DTDs and entities."""
    check_encoding(data, part)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse(*_: Any) -> Any:
        raise UnsafePackageError(f"bagian {part} memuat DTD atau deklarasi entitas; ditolak demi keamanan")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def parse(parser: expat.XMLParserType, data: bytes, part: str) -> None:
    """Run ``parser`` over ``data``; malformed XML becomes a BrokenPackageError naming the part."""
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise BrokenPackageError(f"bagian {part} bukan XML yang sah: {describe_xml_error(exc)}") from None


def check_encoding(data: bytes, part: str) -> None:
    """Only UTF-8 parts are scanned (a few byte searches of the head): offsets and patches are bytes of UTF-8 text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedPartError(f"bagian {part} memakai UTF-16; hanya UTF-8 yang didukung")
    if data.startswith(b"<?xml"):
        declaration = data[:data.find(b"?>") + 2]
        match = re.search(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", declaration)
        if match and match.group(1).lower() not in (b"utf-8", b"utf8"):
            raise UnsupportedPartError(f"bagian {part} memakai pengodean {match.group(1).decode()}; "
                                       "hanya UTF-8 yang didukung")


# -- editing -------------------------------------------------------------------------------------

Patch = tuple[int, int, bytes]


def apply(data: bytes, patches: Iterable[Patch]) -> bytes:
    """``data`` with each (start, end, replacement) applied; insertions at one offset keep their order."""
    ordered = sorted(patches, key=lambda p: (p[0], p[1]))
    out: list[bytes] = []
    at = 0
    for start, end, replacement in ordered:
        if start < at:
            raise ValueError(f"tambalan tumpang-tindih pada posisi {start} (kesalahan program)")
        out += (data[at:start], replacement)
        at = end
    out.append(data[at:])
    return b"".join(out)


def head_patch(data: bytes, node: Node, changes: Mapping[str, str | None]) -> Patch:
    """Rewrite attributes in ``node``'s start tag: qualified name -> new value, or None to delete."""
    start, head_end = node.start, node.head_end
    head = data[start:head_end].decode("utf-8")
    for qualified, value in changes.items():
        pattern = re.compile(_ATTR.format(name=re.escape(qualified)))
        if value is None:
            head = pattern.sub("", head, count=1)
        elif pattern.search(head):
            written = f'{qualified}="{escape_attr(value)}"'
            head = pattern.sub(_keep_space(written), head, count=1)
        else:
            close = len(head) - (2 if head.endswith("/>") else 1)
            head = f'{head[:close].rstrip()} {qualified}="{escape_attr(value)}"{head[close:]}'
    return start, head_end, head.encode("utf-8")


def _keep_space(written: str) -> Callable[[re.Match[str]], str]:
    """A substitution that keeps the whitespace before the attribute it replaces."""
    return lambda match: match.group(1) + written


def qname_at(data: bytes, start: int) -> str:
    """The element name (with prefix) of the start tag at ``start``."""
    match = _QNAME.match(data, start + 1)
    return match.group(0).decode("utf-8") if match else ""


def remove_patch(node: Node) -> Patch:
    return node.start, node.end, b""


def escape_text(text: str) -> str:
    # \r would be read back as \n (XML end-of-line handling): keep it as a character reference
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attr(value: str) -> str:
    return (escape_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


def serialize(node: Node, scope: Mapping[str, str], attrs: Callable[[Node], Mapping[str, str]] | None = None) -> str:
    """``node`` (from another document) as XML valid where ``scope`` (prefix -> URI) is in force.

    Elements of a namespace bound in ``scope`` take its prefix; any other namespace is declared on the
    element that needs it. ``attrs`` may give the attributes to write for a node (e.g. remapped ids).
    """
    prefixes = {uri: prefix for prefix, uri in scope.items()}
    if scope.get("") is not None:
        prefixes[scope[""]] = ""
    out: list[str] = []
    _write(node, prefixes, attrs, out)
    return "".join(out)


def _write(node: Node, prefixes: dict[str, str], attrs: Callable[[Node], Mapping[str, str]] | None,
           out: list[str]) -> None:
    local = dict(prefixes)
    declared: list[str] = []

    def prefix_of(uri: str, hint: str, attribute: bool) -> str:
        if uri == XML_NS:
            return "xml"
        known = local.get(uri)
        if known is not None and (known or not attribute):
            return known
        prefix = hint or "ns"
        taken = set(local.values())
        n = 0
        while (prefix if n == 0 else f"{prefix}{n}") in taken:
            n += 1
        prefix = prefix if n == 0 else f"{prefix}{n}"
        local[uri] = prefix
        declared.append(f' xmlns:{prefix}="{escape_attr(uri)}"')
        return prefix

    if node.ns:
        prefix = prefix_of(node.ns, node.prefix, False)
    elif "" in local.values():
        raise UnsupportedPartError("elemen tanpa namespace tidak dapat disisipkan di bawah namespace bawaan")
    else:
        prefix = ""
    qname = f"{prefix}:{node.name}" if prefix else node.name
    written = []
    for key, value in (attrs(node) if attrs else node.attrs).items():
        if " " in key:
            uri, name = key.split(" ", 1)
            key = f"{prefix_of(uri, '', True)}:{name}"
        written.append(f' {key}="{escape_attr(value)}"')
    head = f"<{qname}{''.join(declared)}{''.join(written)}"
    text = node.text if not node.children else ""
    if node.children and node.text.strip():
        raise UnsupportedPartError(f"elemen {node.name} berisi teks campuran yang tidak didukung")
    if not node.children and not text:
        out.append(head + "/>")
        return
    out.append(head + ">" + escape_text(text))
    for child in node.children:
        _write(child, local, attrs, out)
    out.append(f"</{qname}>")
