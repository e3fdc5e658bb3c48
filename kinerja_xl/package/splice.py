"""Splicing result sheets from a donor workbook into a user's workbook, part by part.

The donor is a small workbook holding only the result sheets (XlsxWriter writes it in memory, with
formulas, cached values, styles and a chart). The splice removes the target's old result sheets with
every part only they used, copies the donor sheets and the parts they reach (drawing, chart, images)
under free part names, appends the donor's styles, and edits the few parts that list sheets:
``xl/workbook.xml``, its rels, ``[Content_Types].xml``, ``xl/styles.xml``, ``docProps/app.xml`` and
``xl/calcChain.xml``. Every other part keeps its bytes; a target that is inconsistent to begin with is
refused, never repaired.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .calcchain import filter_calc_chain
from .docprops import TitleChange, quote_sheet, update_titles
from ..errors import BrokenPackageError, DonorError, PackageError, SpliceError
from ..memo import remember
from .integrity import consistency_problems
from .opc import (
    CONTENT_TYPES,
    RELS_CONTENT_TYPE,
    Package,
    Relationships,
    extension_of,
    relative,
    rels_name,
    rels_xml,
)
from .sheetxml import SharedStrings, rewrite_sheet
from .styles import StyleMap, merge_styles
from .workbook import (
    REL_CALC_CHAIN,
    REL_EXTENDED,
    REL_SHARED_STRINGS,
    REL_STYLES,
    REL_WORKSHEET,
    NewSheet,
    SheetEntry,
    WorkbookXml,
    edit_workbook,
    workbook_of,
)
from .xmlscan import Patch, apply, escape_attr, remove_patch
from .zipio import Limits

RESULT_SHEETS = ("Hasil", "Validasi")
_DRAWINGML = "application/vnd.openxmlformats-officedocument.drawingml."
#: What a donor sheet may bring along. Comments (VML shape ids), tables (workbook-wide ids and names)
#: and pivot tables (workbook-level caches) need renumbering the splice does not do, so they are refused.
CARRIED_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
    "application/vnd.openxmlformats-officedocument.drawing+xml",
    _DRAWINGML + "chart+xml",
    _DRAWINGML + "chartshapes+xml",
    "application/vnd.ms-office.chartstyle+xml",
    "application/vnd.ms-office.chartcolorstyle+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings",
})
_NUMBERED = re.compile(r"^(.*?)(\d*)(\.[^./]*)?$")


def splice_sheets(target: bytes, donor: bytes, sheets: Sequence[str] | None = None, *,
                  after: str | None = "Isian", remove: Iterable[str] = RESULT_SHEETS,
                  activate: str | None = None, limits: Limits | None = None) -> bytes:
    """``target`` with the donor's ``sheets`` (default: all, in donor order) inserted after sheet
    ``after`` (None: at the end), replacing target sheets of the same names and those in ``remove``.

    ``activate`` names the sheet to show when the file opens; by default the active sheet stays the
    one it was (a replaced sheet's successor of the same name counts as the same). Raises a
    :class:`~kinerja_xl.errors.PackageError` subclass, with a message in Indonesian, when the splice cannot be
    done cleanly.
    """
    package = Package.from_bytes(target, limits)
    try:
        source = Package.from_bytes(donor, limits)
    except PackageError as exc:
        raise DonorError(f"buku kerja donor tidak dapat dibaca: {exc}") from exc
    splice_packages(package, source, sheets, after=after, remove=remove, activate=activate)
    return package.to_bytes()


@dataclass(frozen=True)
class _Donor:
    """The donor's workbook, the sheets to carry (entry, part) and the parts they reach."""

    package: Package
    book: WorkbookXml
    main: str
    sheets: list[tuple[SheetEntry, str]]
    parts: list[str]


@dataclass(frozen=True)
class SpliceRecord:
    """What a splice made of the donor's sheets, to make it again for a donor whose sheet differs only in its
    cells and its local names (:meth:`with_sheet`): the workbook part and that sheet's part are all that change.
    The probes of a layout's *Validasi* variants are such donors (:mod:`kinerja_xl.render.donor_templates`)."""

    main: str
    book: WorkbookXml
    removed: frozenset[str]
    inserted: tuple[NewSheet, ...]
    after: str | None
    activate: str | None
    styles: StyleMap
    #: Each donor sheet's part in the target, by the sheet's key.
    parts: dict[str, str]
    #: The donor sheets that had no relationships (so no part of theirs but the sheet), by key.
    bare: frozenset[str]

    def with_sheet(self, donor: Package, name: str) -> dict[str, bytes] | None:
        """The target's parts that change when its donor sheet ``name`` is ``donor``'s sheet of that name instead
        (``donor`` holding that sheet and no part it reaches, its other sheets not taken), by part name: the
        workbook part, with the sheet's local names, and the sheet, rewritten as the splice rewrites it. None
        where the splice would change more: a sheet with relationships (to parts or external links), then or
        now, or another ``<sheet>`` element, a donor with shared strings, local names that change the document
        properties' titles."""
        source = _read_donor(donor, [name])
        (entry, part), = source.sheets
        at = next((i for i, s in enumerate(self.inserted) if s.key == entry.key), None)
        if at is None or entry.key not in self.bare or donor.rels(part) is not None or \
                _optional(donor.rels(source.main), REL_SHARED_STRINGS) is not None:
            return None
        before = self.inserted[at]
        after = replace(before, names=_local_names(source, entry))
        if _sheet_attrs(entry) != before.attrs or _titles([after]) != _titles([before]):
            return None
        inserted = [*self.inserted[:at], after, *self.inserted[at + 1:]]
        edit = edit_workbook(self.book, set(self.removed), inserted, self.after, self.activate)
        return {self.main: edit.data,
                self.parts[entry.key]: _rewritten(donor.read(part), part, self.styles, None,
                                                  selected=entry.name == edit.selected)}


def splice_packages(target: Package, donor: Package, sheets: Sequence[str] | None = None, *,
                    after: str | None = "Isian", remove: Iterable[str] = RESULT_SHEETS,
                    activate: str | None = None) -> SpliceRecord | None:
    """:func:`splice_sheets` on packages already read; ``target`` is changed in place. Returns the record of what
    was made of the donor's sheets (:class:`SpliceRecord`; None for a donor with shared strings)."""
    problems = consistency_problems(target)
    if problems:
        raise BrokenPackageError("Buku kerja tidak konsisten sejak awal, jadi tidak diubah "
                                 "(perbaiki dengan membuka lalu menyimpannya di Excel):", problems)
    main, book = workbook_of(target)
    book_rels = target.rels(main)
    if book_rels is None:
        raise BrokenPackageError(f"{main} tidak memiliki relasi (tidak ada {rels_name(main)})")
    source = _read_donor(donor, sheets)
    drop = {name.casefold() for name in remove} | {entry.key for entry, _ in source.sheets}
    removed = [s for s in book.sheets if s.key in drop]
    _check_request(book, drop, source, after, activate)

    skip = [(main, s.rid) for s in removed]
    chain = _calc_chain(target, book_rels, {s.sheet_id for s in removed})
    if chain is not None and chain[1] is None:
        skip.append((main, chain[0]))
    gone = _gone(target, book_rels, removed, skip)
    freed = {g.casefold() for g in gone} | {rels_name(g).casefold() for g in gone}
    names = _allocate(source.parts, {p.casefold() for p in target.parts()} - freed)

    styles_part = _required(book_rels, REL_STYLES, "bagian gaya (styles.xml)")
    donor_rels = donor.rels(source.main)
    donor_styles = _required(donor_rels, REL_STYLES, "bagian gaya donor")
    styles = target.read(styles_part)
    merged, style_map = merge_styles(styles, donor.read(donor_styles), target_part=styles_part,
                                     donor_part=donor_styles)
    strings_part = _optional(donor_rels, REL_SHARED_STRINGS)
    strings = SharedStrings(donor.read(strings_part), strings_part) if strings_part else None

    used_ids = {r.id for r in book_rels} - {rid for _, rid in skip}
    next_sheet_id = max((s.sheet_id for s in book.sheets), default=0) + 1
    inserted: list[NewSheet] = []
    new_rels: list[tuple[str, str, str, bool]] = []
    for entry, part in source.sheets:
        rid = _free_id(used_ids)
        inserted.append(NewSheet(entry.name, next_sheet_id, rid, _sheet_attrs(entry), _local_names(source, entry)))
        new_rels.append((rid, REL_WORKSHEET, relative(main, names[part]), False))
        next_sheet_id += 1
    edit = edit_workbook(book, {s.key for s in removed}, inserted, after, activate)

    content_types = _content_types(target, source, names, gone)
    for part in sorted(gone):  # first: a new part may take the name of a gone one
        target.delete(part)
        if rels_name(part) in target:
            target.delete(rels_name(part))
    for part in source.parts:
        sheet = next((e for e, p in source.sheets if p == part), None)
        member = donor.member(part)
        if sheet is None and member.stored:  # a donor zipped without compression: deflated once, here
            target.write(names[part], member.data)
        elif sheet is None:  # drawings, charts, pictures: carried with their compressed bytes
            target.adopt(names[part], member)
        else:
            target.write(names[part], _rewritten(donor.read(part), part, style_map, strings,
                                                 selected=sheet.name == edit.selected))
        rels = donor.rels(part)
        if rels is not None:
            target.write(rels_name(names[part]), rels_xml(
                (r.id, r.type, r.target if r.external or r.part is None else relative(names[part], names[r.part]),
                 r.external) for r in rels))
    target.write(CONTENT_TYPES, content_types)
    target.write(book_rels.name, _edit_rels(book_rels, {rid for _, rid in skip}, new_rels))
    target.write(main, edit.data)
    if merged != styles:  # unchanged, the member keeps its raw bytes
        target.write(styles_part, merged)
    if chain is not None and chain[1] is not None:
        target.write(chain[2], chain[1])
    _app_titles(target, book, book_rels, removed, inserted, edit.order)
    if strings is not None:
        return None
    return SpliceRecord(main, book, frozenset(s.key for s in removed), tuple(inserted), after, activate, style_map,
                        {entry.key: names[part] for entry, part in source.sheets},
                        frozenset(entry.key for entry, part in source.sheets if donor.rels(part) is None))


def _rewritten(data: bytes, part: str, styles: StyleMap, strings: SharedStrings | None, *, selected: bool) -> bytes:
    """:func:`~.sheetxml.rewrite_sheet`, remembered by its inputs when the donor has no shared strings: the
    donors of one result layout hold the same *Hasil* whatever their *Validasi* (one for every file of a unit
    and period, with or without a galat row), and its rewrite depends on its bytes, the style map and the tab
    alone."""
    if strings is not None:
        return rewrite_sheet(data, part, styles, strings, selected=selected)
    key = (data, part, styles, selected)
    found = _REWRITTEN.get(key)
    if found is None:
        found = remember(_REWRITTEN, key, rewrite_sheet(data, part, styles, None, selected=selected), 8)
    return found


#: The sheets :func:`_rewritten` rewrote, by their inputs (a few: the layouts of a batch come one after another).
_REWRITTEN: dict[tuple[bytes, str, StyleMap, bool], bytes] = {}


def _read_donor(donor: Package, sheets: Sequence[str] | None) -> _Donor:
    try:
        main, book = workbook_of(donor)
    except PackageError as exc:
        raise DonorError(f"buku kerja donor tidak dapat dipakai: {exc}") from exc
    rels = donor.rels(main)
    wanted = list(sheets) if sheets is not None else [s.name for s in book.sheets]
    if len({w.casefold() for w in wanted}) != len(wanted):
        raise DonorError(f"nama lembar donor diminta lebih dari sekali: {', '.join(wanted)}")
    chosen = []
    for name in wanted:
        index = book.index(name)
        rel = rels.by_id(book.sheets[index].rid) if rels is not None and index is not None else None
        if index is None or rel is None or rel.part is None:
            raise DonorError(f"lembar '{name}' tidak ada di buku kerja donor")
        if rel.type != REL_WORKSHEET:
            raise DonorError(f"lembar '{name}' di donor bukan lembar kerja biasa")
        chosen.append((book.sheets[index], rel.part))
    for defined in book.names:
        if defined.local is None:
            raise DonorError(f"donor memuat nama global '{defined.name}'; hanya nama lokal lembar yang dibawa")
    return _Donor(donor, book, main, chosen, _closure(donor, main, [p for _, p in chosen]))


def _closure(donor: Package, main: str, sheet_parts: list[str]) -> list[str]:
    """The donor sheets and every part they reach, sheets first; refuses what cannot be carried."""
    workbook_level = {main.casefold()} | {p.casefold() for p in donor.targets("")}
    workbook_level |= {p.casefold() for p in donor.targets(main)} - {p.casefold() for p in sheet_parts}
    types = donor.content_types()
    order: list[str] = []
    seen: set[str] = set()
    stack = list(reversed(sheet_parts))
    while stack:
        part = stack.pop()
        if part.casefold() in seen:
            continue
        seen.add(part.casefold())
        kind = types.of(part)
        if part.casefold() in workbook_level or part not in donor:
            raise DonorError(f"lembar donor merujuk bagian tingkat buku kerja atau yang hilang: {part}")
        if kind is None or not (kind in CARRIED_TYPES or kind.startswith("image/")):
            raise DonorError(f"bagian donor {part} ({kind}) tidak dapat dibawa oleh penyambungan "
                             "(komentar, tabel dan tabel pivot belum didukung)")
        order.append(part)
        stack.extend(reversed(donor.targets(part)))
    return order


def _check_request(book: WorkbookXml, drop: set[str], source: _Donor, after: str | None,
                   activate: str | None) -> None:
    kept = [s.key for s in book.sheets if s.key not in drop]
    if after is not None and after.casefold() not in kept:
        reason = "ikut diganti" if after.casefold() in drop else "tidak ada di buku kerja"
        raise SpliceError(f"lembar '{after}' untuk posisi sisipan {reason}")
    final = set(kept) | {entry.key for entry, _ in source.sheets}
    if activate is not None and activate.casefold() not in final:
        raise SpliceError(f"lembar '{activate}' yang akan diaktifkan tidak ada setelah penyambungan")
    if not final:
        raise SpliceError("buku kerja tidak akan memiliki lembar sama sekali")


def _calc_chain(target: Package, rels: Relationships, removed: set[int]) -> tuple[str, bytes | None, str] | None:
    """(relationship id, filtered chain or None if it empties, part) when the chain must change."""
    found = [(r.id, r.part) for r in rels.of_type(REL_CALC_CHAIN) if r.part is not None]
    if not found or not removed:
        return None
    rid, part = found[0]
    data = target.read(part)
    filtered = filter_calc_chain(data, part, removed)
    return None if filtered is data else (rid, filtered, part)


def _gone(target: Package, rels: Relationships, removed: list[SheetEntry], skip: list[tuple[str, str]]) -> set[str]:
    """Parts reachable before but not after dropping the ``skip`` edges; each removed sheet must be one."""
    before = target.reachable()
    after = {p.casefold() for p in target.reachable(skip)}
    gone = {p for p in before if p.casefold() not in after and p in target}
    for sheet in removed:
        rel = rels.by_id(sheet.rid)
        part = rel.part if rel is not None else None
        if part is None or part not in gone:
            raise SpliceError(f"lembar '{sheet.name}' ({part}) masih dirujuk bagian lain, jadi tidak dapat diganti")
    return gone


def _allocate(parts: list[str], taken: set[str]) -> dict[str, str]:
    """A free target name for each donor part: same folder and stem, the lowest free number."""
    names: dict[str, str] = {}
    for part in parts:
        folder, base = posixpath.split(part)
        match = _NUMBERED.match(base)
        assert match is not None
        stem, extension = match.group(1), match.group(3) or ""
        number = 1
        while True:
            candidate = posixpath.join(folder, f"{stem}{number}{extension}")
            if candidate.casefold() not in taken and rels_name(candidate).casefold() not in taken:
                break
            number += 1
        taken |= {candidate.casefold(), rels_name(candidate).casefold()}
        names[part] = candidate
    return names


def _free_id(used: set[str]) -> str:
    number = 1
    while f"rId{number}" in used:
        number += 1
    used.add(f"rId{number}")
    return f"rId{number}"


def _sheet_attrs(entry: SheetEntry) -> dict[str, str]:
    state = entry.node.get("state")
    return {"state": state} if state is not None and state != "visible" else {}


def _local_names(source: _Donor, entry: SheetEntry) -> tuple[tuple[dict[str, str], str], ...]:
    index = source.book.index(entry.name)
    return tuple(({k: v for k, v in n.node.attrs.items() if k != "localSheetId"}, n.text)
                 for n in source.book.names if n.local == index)


def _required(rels: Relationships | None, kind: str, label: str) -> str:
    part = _optional(rels, kind)
    if part is None:
        raise BrokenPackageError(f"buku kerja tidak memiliki {label}")
    return part


def _optional(rels: Relationships | None, kind: str) -> str | None:
    found = rels.parts(kind) if rels is not None else []
    return found[0] if found else None


def _content_types(target: Package, source: _Donor, names: dict[str, str], gone: set[str]) -> bytes:
    """Overrides of gone parts removed, one added for each new part its extension's Default does not cover."""
    types = target.content_types()
    donor_types = source.package.content_types()
    gone_keys = {g.casefold() for g in gone} | {rels_name(g).casefold() for g in gone}  # LibreOffice lists rels too
    patches: list[Patch] = [remove_patch(node) for key, (_, node) in types.overrides.items() if key in gone_keys]
    new: list[tuple[str, str]] = []
    for part, name in names.items():
        new.append((name, donor_types.of(part) or ""))
        if source.package.rels(part) is not None:
            new.append((rels_name(name), RELS_CONTENT_TYPE))
    prefix = f"{types.root.prefix}:" if types.root.prefix else ""
    added = "".join(f'<{prefix}Override PartName="/{escape_attr(name)}" ContentType="{escape_attr(kind)}"/>'
                    for name, kind in new if types.default(extension_of(name)) != kind)
    patches.append((types.root.inner_end, types.root.inner_end, added.encode("utf-8")))
    return apply(types.data, patches)


def _edit_rels(rels: Relationships, removed: set[str], added: list[tuple[str, str, str, bool]]) -> bytes:
    patches: list[Patch] = [remove_patch(r.node) for r in rels if r.id in removed]
    prefix = f"{rels.root.prefix}:" if rels.root.prefix else ""
    body = "".join(f'<{prefix}Relationship Id="{escape_attr(rid)}" Type="{escape_attr(kind)}" '
                   f'Target="{escape_attr(target)}"/>' for rid, kind, target, _ in added)
    patches.append((rels.root.inner_end, rels.root.inner_end, body.encode("utf-8")))
    return apply(rels.data, patches)


def _titles(inserted: Iterable[NewSheet]) -> list[str]:
    """The named ranges of the new sheets that the document properties list (every local name but a hidden one)."""
    return [f"{quote_sheet(s.name)}!{a['name'].removeprefix('_xlnm.')}" for s in inserted for a, _ in s.names
            if a.get("hidden") not in ("1", "true")]


def _app_titles(target: Package, book: WorkbookXml, rels: Relationships, removed: list[SheetEntry],
                inserted: list[NewSheet], order: tuple[str, ...]) -> None:
    """Sheet titles in docProps/app.xml, when the package has that part."""
    app = _optional(target.rels(""), REL_EXTENDED)
    if app is None or app not in target:
        return
    before = {s.key for s in book.sheets if (r := rels.by_id(s.rid)) is not None and r.type == REL_WORKSHEET}
    after = (before - {s.key for s in removed}) | {s.key for s in inserted}
    change = TitleChange([s.name for s in book.sheets if s.key in before],
                         [name for name in order if name.casefold() in after],
                         [s.name for s in removed], _titles(inserted))
    data = target.read(app)
    updated = update_titles(data, app, change)
    if updated != data:
        target.write(app, updated)

