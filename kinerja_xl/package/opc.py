"""An OPC package (the zip behind .xlsx/.xlsm): parts by name, content types, relationships.

Part names are the zip member names (no leading slash) and compare case-insensitively, as OPC
requires. Relationships are read per source part (``""`` is the package root, whose rels part is
``_rels/.rels``); internal targets are resolved to part names, external ones (``TargetMode="External"``,
e.g. a web link) are kept but never resolved. Reading is bounded (:class:`~.zipio.Limits`) and refuses
DTDs; a part is decompressed only when it is read, and unchanged members are written back raw.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote, unquote

from ..errors import BrokenPackageError
from .xmlscan import Node, escape_attr, scan_shared
from .zipio import EntryLike, Limits, Member, read_members, write_members

NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RELS_CONTENT_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
T = TypeVar("T")


@functools.lru_cache(maxsize=4096)  # a batch names the same parts again and again
def rels_name(source: str) -> str:
    """The rels part of ``source``: ``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``; root -> ``_rels/.rels``."""
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{name}.rels")


@functools.lru_cache(maxsize=4096)
def source_of_rels(name: str) -> str | None:
    """The source part a rels part belongs to ('' for the package root), or None if ``name`` is no rels part."""
    folder, base = posixpath.split(name)
    if posixpath.basename(folder) != "_rels" or not base.lower().endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), base[:-5]) if base != ".rels" else posixpath.dirname(folder)


@functools.lru_cache(maxsize=4096)
def resolve(source: str, target: str) -> str | None:
    """The part name an internal relationship target points at (None for an empty target).

    As RFC 3986 resolves references (OPC follows it), ``..`` above the package root stays at the root:
    LibreOffice writes ``../customXml/item1.xml`` in ``_rels/.rels``, and Excel reads it that way.
    """
    path = unquote(target.split("#", 1)[0])
    if not path:
        return None
    joined = path if path.startswith("/") else "/" + posixpath.join(posixpath.dirname(source), path)
    normal = posixpath.normpath(joined).lstrip("/")  # normpath drops ".." at the root of an absolute path
    return normal if normal and normal != "." else None


@functools.lru_cache(maxsize=4096)
def relative(source: str, part: str) -> str:
    """The relative target from ``source`` to ``part`` (as XlsxWriter and Excel write it)."""
    return quote(posixpath.relpath(part, posixpath.dirname(source) or "."), safe="/!$&'()*+,;=:@-._~")


def extension_of(part: str) -> str:
    """The extension OPC matches Defaults against: ``_rels/.rels`` -> ``rels`` (not posixpath's '')."""
    base = part.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[1].lower() if "." in base else ""


@functools.lru_cache(maxsize=1024)
def check_name(name: str) -> str | None:
    """Why a zip member name cannot be a part name, or None if it can (remembered: a batch's workbooks share
    their part names)."""
    if name.startswith("/") or "\\" in name:
        return f"nama bagian tidak sah: {name}"
    segments = name.rstrip("/").split("/")
    if any(s in ("", ".", "..") for s in segments):
        return f"nama bagian tidak sah: {name}"
    return None


@dataclass(frozen=True, eq=False)
class Relationship:
    """One relationship: its id, type and raw target; ``part`` is the resolved part (None if external
    or outside the package)."""

    id: str
    type: str
    target: str
    external: bool
    part: str | None
    node: Node


class Relationships:
    """The relationships of one source part, in document order, with the scanned XML for edits."""

    def __init__(self, source: str, name: str, data: bytes,
                 resolve_part: Callable[[str, str], str | None]) -> None:
        self.source, self.name, self.data = source, name, data
        self.root = scan_shared(data, name, depth=2)
        if self.root.name != "Relationships" or self.root.ns != NS_RELS:
            raise BrokenPackageError(f"bagian {name} bukan daftar relasi OPC")
        self.items: list[Relationship] = []
        for node in self.root.iter("Relationship"):
            rid, kind, target = node.get("Id"), node.get("Type"), node.get("Target")
            if rid is None or kind is None or target is None:
                raise BrokenPackageError(f"relasi tanpa Id, Type atau Target di {name}")
            external = (node.get("TargetMode") or "Internal") == "External"
            part = None if external else resolve_part(source, target)
            self.items.append(Relationship(rid, kind, target, external, part, node))

    def __iter__(self) -> Iterator[Relationship]:
        return iter(self.items)

    def by_id(self, rid: str) -> Relationship | None:
        return next((r for r in self.items if r.id == rid), None)

    def of_type(self, kind: str) -> list[Relationship]:
        return [r for r in self.items if r.type == kind]

    def internal(self) -> Iterator[Relationship]:
        return (r for r in self.items if not r.external)

    def parts(self, kind: str | None = None) -> list[str]:
        """The resolved internal targets (of relationship type ``kind``, if given), in order."""
        return [r.part for r in self.items
                if not r.external and r.part is not None and (kind is None or r.type == kind)]


class ContentTypes:
    """``[Content_Types].xml``: Defaults by extension and Overrides by part name (both case-insensitive)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.root = scan_shared(data, CONTENT_TYPES, depth=2)
        if self.root.name != "Types" or self.root.ns != NS_CONTENT_TYPES:
            raise BrokenPackageError(f"{CONTENT_TYPES} bukan daftar jenis isi OPC")
        self.defaults: dict[str, tuple[str, Node]] = {}
        self.overrides: dict[str, tuple[str, Node]] = {}
        for node in self.root.children:
            kind = node.get("ContentType")
            if node.name == "Default" and kind is not None and node.get("Extension") is not None:
                self.defaults[node.attrs["Extension"].lower()] = (kind, node)
            elif node.name == "Override" and kind is not None and node.get("PartName") is not None:
                self.overrides[unquote(node.attrs["PartName"]).lstrip("/").casefold()] = (kind, node)

    def of(self, part: str) -> str | None:
        """The content type of ``part``: its Override, else the Default of its extension."""
        override = self.overrides.get(part.casefold())
        if override is not None:
            return override[0]
        default = self.defaults.get(extension_of(part))
        return default[0] if default is not None else None

    def default(self, extension: str) -> str | None:
        found = self.defaults.get(extension.lower())
        return found[0] if found is not None else None


class Package:
    """The members of a package by name; parts are decompressed when read and written back raw when
    left unchanged."""

    def __init__(self, members: list[Member]) -> None:
        self._members = members
        self._index = {m.name.casefold(): m for m in members}
        self._rels: dict[str, Relationships | None] = {}
        self._content_types: ContentTypes | None = None
        # what readers derived from the parts, with the parts each read (see derived())
        self._derived: dict[str, tuple[object, tuple[str, ...]]] = {}
        self._inherited = False  # the parsed parts above came from the package this one copies (see copy())
        #: The names of the parts read, in order, while it is a list (see :meth:`copy`): what an operation on the
        #: package depended on beyond its part names.
        self.reads: list[str] | None = None

    @classmethod
    def from_bytes(cls, data: bytes, limits: Limits | None = None,
                   directory: Sequence[EntryLike] | None = None) -> Package:
        """The package in zip ``data``; ``directory``: its central directory, already read."""
        members = read_members(data, limits or Limits(), directory)
        problems = [p for m in members if (p := check_name(m.name))]
        if problems:
            raise BrokenPackageError("paket memuat nama bagian yang tidak sah:", problems)
        return cls(members)

    def to_bytes(self, *, copy_raw: bool = True) -> bytes:
        """The package as a zip; unchanged members keep their compressed bytes."""
        return write_members(self._members, copy_raw=copy_raw)

    def members(self) -> tuple[Member, ...]:
        """The zip members in order (a member as read is never changed: a write makes a new one)."""
        return tuple(self._members)

    def copy(self, *, log_reads: bool = False) -> Package:
        """Another package of the same members, to change without changing this one; ``log_reads`` makes
        its :attr:`reads` a list of the parts read from then on."""
        other = Package(list(self._members))
        other.reads = [] if log_reads else None
        # what this package parsed holds for the copy until the copy changes (a part parsed later could resolve
        # its targets against other names); a part served from it is logged as read all the same
        other._rels, other._content_types, other._derived = dict(self._rels), self._content_types, dict(self._derived)
        other._inherited = True
        return other

    # -- parts ---------------------------------------------------------------------------------
    def parts(self) -> list[str]:
        """Every part name in zip order (folder entries left out)."""
        return [m.name for m in self._members if not m.name.endswith("/")]  # Member.is_dir, inlined (every file)

    def actual(self, name: str) -> str | None:
        """The stored spelling of ``name`` (names compare case-insensitively), or None if absent."""
        member = self._index.get(name.casefold())
        return member.name if member is not None else None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.casefold() in self._index

    def member(self, name: str) -> Member:
        try:
            return self._index[name.casefold()]
        except KeyError:
            raise BrokenPackageError(f"bagian {name} tidak ada di paket") from None

    def identity(self, name: str) -> tuple[object, ...]:
        """:attr:`Member.identity` of part ``name`` (a key of its content that needs no inflating); logged as a
        read, since what depends on it depends on the part."""
        if self.reads is not None:
            self.reads.append(name)
        return self.member(name).identity

    def read(self, name: str) -> bytes:
        if self.reads is not None:
            self.reads.append(name)
        return self.member(name).data

    def write(self, name: str, data: bytes) -> None:
        """Replace the content of ``name`` (keeping its place in the zip) or add it at the end."""
        key = name.casefold()
        old = self._index.get(key)
        if old is not None:
            new = old.with_data(data)
            self._members[self._members.index(old)] = new
        else:
            new = Member.new(name, data)
            self._members.append(new)
        self._index[key] = new
        self._forget(new.name)

    def adopt(self, name: str, member: Member) -> None:
        """Add ``member`` (from another package) as part ``name``, its compressed bytes copied as they are."""
        if name.casefold() in self._index:
            raise BrokenPackageError(f"bagian {name} sudah ada di paket")
        new = member.renamed(name)
        self._members.append(new)
        self._index[name.casefold()] = new
        self._forget(name)

    def delete(self, name: str) -> None:
        member = self._index.pop(name.casefold())
        self._members.remove(member)
        self._forget(member.name)

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, computed once while the package is unchanged (e.g. the scanned workbook part, which
        a writer and the splice both need); any change to a part forgets every derived value. The parts
        ``make()`` read are kept with it, and logged as read (:attr:`reads`) whenever it is taken."""
        if key not in self._derived:
            outer, self.reads = self.reads, []
            try:
                made = make()
            finally:
                logged, self.reads = tuple(dict.fromkeys(self.reads or ())), outer
            self._derived[key] = (made, logged)
        value, read = self._derived[key]
        if self.reads is not None:
            self.reads.extend(read)
        return value  # type: ignore[return-value]

    def _forget(self, name: str) -> None:
        self._derived.clear()
        if self._inherited:  # parsed before this copy changed: parsed again when needed
            self._rels.clear()
            self._content_types = None
            self._inherited = False
        if name == CONTENT_TYPES:
            self._content_types = None
        source = source_of_rels(name)
        if source is not None:
            self._rels.pop(source.casefold(), None)

    # -- content types and relationships ---------------------------------------------------------
    def content_types(self) -> ContentTypes:
        if self._content_types is None:
            if CONTENT_TYPES not in self:
                raise BrokenPackageError(f"paket tidak memiliki {CONTENT_TYPES}")
            self._content_types = ContentTypes(self.read(CONTENT_TYPES))
        elif self.reads is not None:
            self.reads.append(CONTENT_TYPES)
        return self._content_types

    def rels(self, source: str) -> Relationships | None:
        """The relationships of ``source`` ('' = package root), or None if it has none."""
        key = source.casefold()
        if key not in self._rels:
            name = rels_name(source) if source else ROOT_RELS
            stored = self.actual(name)
            self._rels[key] = (Relationships(source, stored, self.read(stored), self._resolve)
                               if stored is not None else None)
        elif self.reads is not None and (known := self._rels[key]) is not None:
            self.reads.append(known.name)
        return self._rels[key]

    def _resolve(self, source: str, target: str) -> str | None:
        part = resolve(source, target)
        return (self.actual(part) or part) if part is not None else None

    def targets(self, source: str) -> list[str]:
        """The internal parts ``source`` points at (existing or not), in rels order."""
        rels = self.rels(source)
        return rels.parts() if rels is not None else []

    def sources(self) -> list[str]:
        """Every part that has a rels part ('' for the root), in zip order."""
        found: list[str] = []
        for name in self.parts():
            source = source_of_rels(name)
            if source == "":
                found.append("")
            elif source is not None and (stored := self.actual(source)) is not None:
                found.append(stored)
        return found

    def main_part(self) -> str | None:
        """The target of the root's officeDocument relationship (the workbook part)."""
        rels = self.rels("")
        if rels is None:
            return None
        found = [r for r in rels.of_type(REL_OFFICE_DOCUMENT) if not r.external]
        return found[0].part if found else None

    def reachable(self, skip: Iterable[tuple[str, str]] = ()) -> set[str]:
        """Parts reachable from the package root through internal relationships, leaving out the
        (source, relationship id) edges in ``skip``; parts are included whether or not they exist."""
        skipped = {(s.casefold(), rid) for s, rid in skip}
        seen: dict[str, str] = {}
        stack = [""]
        while stack:
            source = stack.pop()
            rels = self.rels(source) if source == "" or source in self else None
            if rels is None:
                continue
            for rel in rels.internal():
                if rel.part is None or (source.casefold(), rel.id) in skipped:
                    continue
                key = rel.part.casefold()
                if key not in seen:
                    seen[key] = rel.part
                    stack.append(rel.part)
        return set(seen.values())


def rels_xml(items: Iterable[tuple[str, str, str, bool]]) -> bytes:
    """A rels part from (id, type, target, external) tuples."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
             f'<Relationships xmlns="{NS_RELS}">']
    for rid, kind, target, external in items:
        mode = ' TargetMode="External"' if external else ""
        lines.append(f'<Relationship Id="{escape_attr(rid)}" Type="{escape_attr(kind)}" '
                     f'Target="{escape_attr(target)}"{mode}/>')
    lines.append("</Relationships>")
    return "".join(lines).encode("utf-8")
