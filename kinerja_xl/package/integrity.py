"""Package integrity: what Excel would call "damaged" or silently fix, found before anyone opens it.

:func:`check_package` lists every problem it finds (an empty list means sound); the tests run it on
everything the project writes. :func:`consistency_problems` is the subset the splice refuses to work
on: a relationship to a missing part, a part without content type, an unreadable rels part. Orphan
parts and inconsistent style counts are reported here but do not block a splice: they are left as
they were, neither used nor "repaired".
"""

from __future__ import annotations

import functools
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from ..errors import BrokenPackageError, PackageError
from .opc import CONTENT_TYPES, Package, Relationships, source_of_rels
from .xmlscan import check_encoding, make_parser, parse, scan
from .zipio import Limits

if TYPE_CHECKING:
    from .workbook import WorkbookXml


def check_package(data: bytes, limits: Limits | None = None) -> list[str]:
    """Every problem found in package ``data``; empty when the package is sound."""
    try:
        package = Package.from_bytes(data, limits)
    except PackageError as exc:
        return [str(exc)]
    try:
        problems = structure_problems(package)
    except PackageError as exc:
        return [str(exc)]
    try:
        problems += workbook_problems(package)
    except PackageError as exc:
        problems.append(str(exc))
    return list(dict.fromkeys(problems))  # one unreadable part is met by several checks: say it once


def splice_refusals(data: bytes | Callable[[], Package], limits: Limits | None = None) -> list[str]:
    """What the splice refuses in package ``data`` before anything is changed: the zip rules of
    :meth:`Package.from_bytes` (one member per name, also ignoring case; no traversing or absolute names; no
    encrypted member or unknown compression; local headers that match the directory) and
    :func:`consistency_problems`. The readers run the same rules before any figure is read, so a file that
    Excel, LibreOffice and kinerja_xl could read differently is refused by every command alike. ``data`` may be
    a function giving the package (parsed once, and kept by the caller for the splice)."""
    try:
        package = data() if callable(data) else Package.from_bytes(data, limits)
        key = structure_key(package)
        return consistency_problems(package, key) or edited_part_refusals(package, key)
    except PackageError as exc:  # unreadable, unsafe or unsupported: the first reason is enough
        return [str(exc)]


#: The relationship types (by their last word) of the parts the splice parses to edit them, beside the workbook
#: part, the content types and the relationships that the readers and :func:`consistency_problems` parse already.
_EDITED_BY_SOURCE = {"root": ("/extended-properties",), "book": ("/styles", "/calcChain")}
#: What :func:`edited_part_refusals` found, by part and compressed stream (a batch's workbooks share theirs).
_EDITED_SEEN: dict[tuple[object, ...], str] = {}


def edited_part_refusals(package: Package, key: Hashable | None = None) -> list[str]:
    """What the splice's parser refuses in the parts it edits (``docProps/app.xml``, ``xl/styles.xml``,
    ``xl/calcChain.xml``): a DTD or an entity declaration, a part not in UTF-8. Found here, before any figure is
    read, so ``validasi`` refuses what ``hitung`` would (a DTD in app.xml passed one and was refused by the other).
    A part without ``<!`` and with a UTF-8 head is passed by a few byte searches; one with it is parsed, as the
    splice parses it. Which parts these are is remembered by ``key`` (:func:`structure_key`: they follow from the
    relationships), what was found in each by its compressed stream."""
    from ..memo import remember

    parts = _EDITED_PARTS.get(key) if key is not None else None
    if parts is None:
        main = package.main_part()
        sources = (("root", package.rels("")), ("book", package.rels(main) if main is not None else None))
        parts = tuple(r.part for source, rels in sources if rels is not None for r in rels.internal()
                      if r.type.endswith(_EDITED_BY_SOURCE[source]) and r.part is not None and r.part in package)
        if key is not None:
            remember(_EDITED_PARTS, key, parts, _CONSISTENCY_KEPT)
    found: list[str] = []
    for part in parts:
        seen = (part, package.identity(part))
        if seen not in _EDITED_SEEN:
            remember(_EDITED_SEEN, seen, _part_refusal(package.read(part), part), _CONSISTENCY_KEPT)
        if _EDITED_SEEN[seen]:
            found.append(_EDITED_SEEN[seen])
    return found


#: The edited parts by :func:`structure_key`.
_EDITED_PARTS: dict[Hashable, tuple[str, ...]] = {}


def _part_refusal(data: bytes, part: str) -> str:
    try:
        check_encoding(data, part)
        if b"<!" in data:  # a DTD, an entity (or a comment): parsed as the splice does, which refuses the two
            parse(make_parser(data, part), data, part)
    except PackageError as exc:
        return str(exc)
    return ""


#: The findings of :func:`consistency_problems` for the last packages seen, by what they depend on: files made
#: from one template have the same part names, content types and relationships, and are checked once.
_CONSISTENCY: OrderedDict[Hashable, list[str]] = OrderedDict()
_CONSISTENCY_KEPT = 32


def structure_key(package: Package) -> Hashable | None:
    """What the findings of the package's structure depend on: its part names and the compressed streams of its
    content types and relationship parts (None: a part that cannot be read, found and worded by the checks)."""
    try:
        parts = tuple(package.parts())
        return (parts, *(package.identity(name) for name in _keyed_parts(parts)))
    except PackageError:
        return None


def consistency_problems(package: Package, key: Hashable | None = None) -> list[str]:
    """Relationships to missing parts, parts without a content type, unreadable rels parts; ``key``: the package's
    :func:`structure_key`, when the caller has it."""
    key = key if key is not None else structure_key(package)
    if key is not None and key in _CONSISTENCY:
        _CONSISTENCY.move_to_end(key)
        return list(_CONSISTENCY[key])
    problems = _consistency_problems(package)
    if key is not None:
        _CONSISTENCY[key] = list(problems)
        while len(_CONSISTENCY) > _CONSISTENCY_KEPT:
            _CONSISTENCY.popitem(last=False)
    return problems


@functools.lru_cache(maxsize=_CONSISTENCY_KEPT)
def _keyed_parts(parts: tuple[str, ...]) -> tuple[str, ...]:
    """The parts whose content the findings of :func:`consistency_problems` depend on: the content types and the
    relationship parts (found once per list of part names: a batch's workbooks share theirs)."""
    return tuple(name for name in parts if name == CONTENT_TYPES or (
        name[-5:].lower() == ".rels" and source_of_rels(name) is not None))


def _consistency_problems(package: Package) -> list[str]:
    problems: list[str] = []
    try:
        types = package.content_types()
    except BrokenPackageError as exc:  # unsafe or unsupported parts are not a finding: they raise
        return [str(exc)]
    for name in package.parts():
        if name != CONTENT_TYPES and types.of(name) is None:
            problems.append(f"bagian {name} tidak memiliki jenis isi (Default/Override) di {CONTENT_TYPES}")
    for source in package.sources():
        try:
            rels = package.rels(source)
        except BrokenPackageError as exc:
            problems.append(f"relasi bagian {source or '(akar paket)'} tidak dapat dibaca: {exc}")
            continue
        assert rels is not None
        for rel in rels.internal():
            if rel.part is None:
                problems.append(f"relasi {rel.id} di {rels.name} memiliki target yang tidak sah: '{rel.target}'")
            elif rel.part not in package:
                problems.append(f"relasi {rel.id} di {rels.name} menunjuk ke bagian yang tidak ada: {rel.part}")
    return problems


def structure_problems(package: Package) -> list[str]:
    """:func:`consistency_problems` plus duplicate relationship ids, Overrides of missing parts and
    orphan parts (not reachable from the package root)."""
    problems = consistency_problems(package)
    for source in package.sources():
        try:
            rels = package.rels(source)
        except PackageError:
            continue
        assert rels is not None
        for rid, n in Counter(r.id for r in rels).items():
            if n > 1:
                problems.append(f"Id relasi {rid} dipakai {n} kali di {rels.name}")
    try:
        types = package.content_types()
        for key, (_, node) in types.overrides.items():
            if key not in package:
                problems.append(f"Override di {CONTENT_TYPES} untuk bagian yang tidak ada: {node.get('PartName')}")
        reachable = {p.casefold() for p in package.reachable()}
    except PackageError:
        return problems
    if "" not in package.sources():
        problems.append("paket tidak memiliki _rels/.rels")
    for name in package.parts():
        owner = source_of_rels(name)
        if name == CONTENT_TYPES:
            continue
        if owner is not None:
            if owner and owner.casefold() not in reachable:
                problems.append(f"bagian relasi yatim (sumbernya tidak terjangkau): {name}")
        elif name.casefold() not in reachable:
            problems.append(f"bagian yatim (tidak dirujuk relasi mana pun): {name}")
    return problems


def workbook_problems(package: Package) -> list[str]:
    """Sheets (unique ids and names), defined names, views, styles and the indices cells use."""
    from .workbook import SHEET_RELS, workbook_of  # the workbook part's model: here, so a reader starts without it

    try:
        main, workbook = workbook_of(package)
    except PackageError as exc:
        return [str(exc)]
    problems: list[str] = []
    rels = package.rels(main)
    count = len(workbook.sheets)
    if count == 0:
        problems.append("buku kerja tidak memiliki lembar")
    for label, values in (("sheetId", [str(s.sheet_id) for s in workbook.sheets]),
                          ("nama lembar", [s.key for s in workbook.sheets]),
                          ("r:id lembar", [s.rid for s in workbook.sheets])):
        problems += [f"{label} ganda di {main}: {v}" for v, n in Counter(values).items() if n > 1]
    for sheet in workbook.sheets:
        rel = rels.by_id(sheet.rid) if rels is not None else None
        if rel is None or rel.type not in SHEET_RELS:
            problems.append(f"lembar '{sheet.name}' merujuk {sheet.rid} yang bukan relasi lembar di {main}")
    for name in workbook.names:
        if name.local is not None and name.local >= count:
            problems.append(f"nama '{name.name}' memakai localSheetId={name.local} di luar {count} lembar")
    problems += [f"nama '{n}' (lembar {local}) didefinisikan ganda" for (n, local), k in
                 Counter((d.name.casefold(), d.local) for d in workbook.names).items() if k > 1]
    for view in workbook.views:
        for attr in ("activeTab", "firstSheet"):
            value = view.get(attr)
            if value is not None and not (value.isdigit() and int(value) < count):
                problems.append(f"workbookView {attr}={value} di luar {count} lembar")
    problems += _calc_chain_problems(package, workbook, rels)
    problems += _cell_problems(package, workbook, rels)
    return problems


def _calc_chain_problems(package: Package, workbook: WorkbookXml, rels: Relationships | None) -> list[str]:
    from .workbook import REL_CALC_CHAIN

    chain = _target_of(rels, REL_CALC_CHAIN)
    if chain is None or chain not in package:
        return []
    ids = {s.sheet_id for s in workbook.sheets}
    used = {int(i) for node in scan(package.read(chain), chain, depth=2).iter("c")
            if (i := node.get("i")) is not None and i.isdigit()}
    return [f"{chain} merujuk sheetId {i} yang tidak ada" for i in sorted(used - ids)]


def _cell_problems(package: Package, workbook: WorkbookXml, rels: Relationships | None) -> list[str]:
    """Style, differential-format and shared-string indices in every worksheet, against the counts."""
    from .styles import Stylesheet, style_problems
    from .workbook import REL_SHARED_STRINGS, REL_STYLES, REL_WORKSHEET

    styles_part = _target_of(rels, REL_STYLES)
    if styles_part is None or styles_part not in package:
        return ["buku kerja tidak memiliki bagian gaya (styles.xml)"]
    stylesheet = Stylesheet(package.read(styles_part), styles_part)
    problems = style_problems(stylesheet)
    strings_part = _target_of(rels, REL_SHARED_STRINGS)
    strings = (len(list(scan(package.read(strings_part), strings_part, depth=2).iter("si")))
               if strings_part is not None and strings_part in package else 0)
    limits = {"xf": stylesheet.count("cellXfs"), "dxf": stylesheet.count("dxfs"), "sst": strings}
    for sheet in workbook.sheets:
        rel = rels.by_id(sheet.rid) if rels is not None else None
        part = rel.part if rel is not None and rel.type == REL_WORKSHEET else None
        if part is not None and part in package:
            problems += _sheet_indices(package.read(part), part, limits)
    return problems


class _SheetIndices:
    """One expat pass over a worksheet, checking the style and shared-string indices its cells use."""

    def __init__(self, part: str, limits: dict[str, int]) -> None:
        from .workbook import NS_MAIN

        self.main = NS_MAIN + " "
        self.part, self.limits = part, limits
        self.problems: list[str] = []
        self.shared: str | None = None  # the cell whose shared-string index is being read
        self.text: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        main = self.main
        if not name.startswith(main):
            return
        local, limits = name[len(main):], self.limits
        if local in ("c", "row") and "s" in attrs and _bad(attrs["s"], limits["xf"]):
            self.problems.append(f"{self.part} {attrs.get('r')}: s={attrs['s']} di luar cellXfs ({limits['xf']})")
        elif local == "col" and "style" in attrs and _bad(attrs["style"], limits["xf"]):
            self.problems.append(f"{self.part} kolom {attrs.get('min')}: style={attrs['style']} di luar cellXfs")
        elif local == "cfRule" and "dxfId" in attrs and _bad(attrs["dxfId"], limits["dxf"]):
            self.problems.append(f"{self.part}: dxfId={attrs['dxfId']} di luar dxfs ({limits['dxf']})")
        if local == "c":
            self.shared = attrs.get("r", "?") if attrs.get("t") == "s" else None
        elif local == "v":
            self.text = []

    def data(self, text: str) -> None:
        self.text.append(text)

    def end(self, name: str) -> None:
        value = "".join(self.text).strip()
        if name == self.main + "v" and self.shared is not None and _bad(value, self.limits["sst"]):
            self.problems.append(f"{self.part} {self.shared}: indeks string bersama {value} di luar "
                                 f"sharedStrings ({self.limits['sst']})")


def _sheet_indices(data: bytes, part: str, limits: dict[str, int]) -> list[str]:
    check = _SheetIndices(part, limits)
    parser = make_parser(data, part)
    parser.StartElementHandler = check.start
    parser.CharacterDataHandler = check.data
    parser.EndElementHandler = check.end
    parse(parser, data, part)
    return check.problems


def _bad(value: str, limit: int) -> bool:
    return not value.isdigit() or int(value) >= limit


def _target_of(rels: Relationships | None, kind: str) -> str | None:
    found = rels.parts(kind) if rels is not None else []
    return found[0] if found else None
