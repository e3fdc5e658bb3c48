"""Sheet titles in ``docProps/app.xml`` (HeadingPairs / TitlesOfParts), kept in step with the sheets.

These properties only inform (Explorer's details pane, document management systems) and Excel
rewrites them on every save. They are updated when they can be understood: the group of worksheet
titles is the one listing exactly the workbook's worksheets (its label is localised, so it is found
by content), and named ranges (``Hasil!Print_Titles``) follow their sheets. Anything else, e.g. a
LibreOffice app.xml without titles, is left as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from .xmlscan import Node, apply, escape_text, head_patch, scan

NS_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


@dataclass(frozen=True)
class TitleChange:
    """The sheets before and after (tab order) and the named ranges removed and added."""

    worksheets_before: Sequence[str]
    worksheets_after: Sequence[str]
    removed_sheets: Sequence[str]
    added_names: Sequence[str]


def quote_sheet(name: str) -> str:
    """A sheet name as a formula prefix writes it: quoted unless it is a plain word."""
    plain = name.replace("_", "").replace(".", "").isalnum() and not name[0].isdigit()
    return name if plain else "'" + name.replace("'", "''") + "'"


def update_titles(data: bytes, part: str, change: TitleChange) -> bytes:
    """``data`` with its worksheet and named-range titles updated, or unchanged if not understood."""
    if b"TitlesOfParts" not in data:  # LibreOffice writes none: nothing to keep in step
        return data
    return _updated_titles(data, part, TitleChange(*(tuple(names) for names in (
        change.worksheets_before, change.worksheets_after, change.removed_sheets, change.added_names))))


@functools.lru_cache(maxsize=32)
def _updated_titles(data: bytes, part: str, change: TitleChange) -> bytes:
    """:func:`update_titles`, remembered: the workbooks of a batch made from one template share their
    ``app.xml`` and the change of their titles."""
    root = scan(data, part)
    if root.name != "Properties" or root.ns != NS_EXTENDED:
        return data
    pairs_holder, titles_holder = root.find("HeadingPairs"), root.find("TitlesOfParts")
    pairs_vector = pairs_holder.find("vector", NS_VT) if pairs_holder is not None else None
    titles_vector = titles_holder.find("vector", NS_VT) if titles_holder is not None else None
    if pairs_vector is None or titles_vector is None:
        return data
    groups = _groups(pairs_vector)
    titles = [n.text for n in titles_vector.children if n.name == "lpstr"]
    if groups is None or sum(count for _, count in groups) != len(titles) or len(titles) != len(titles_vector.children):
        return data
    slices, at = [], 0
    for label, count in groups:
        slices.append(_Group(label, titles[at:at + count]))
        at += count
    before = [s.casefold() for s in change.worksheets_before]
    sheets = next((g for g in slices if [t.casefold() for t in g.titles] == before), None)
    if sheets is None:
        return data
    sheets.titles = list(change.worksheets_after)
    prefixes = {quote_sheet(s).casefold() + "!" for s in change.removed_sheets}
    ranges = next((g for g in slices if g is not sheets and g.titles and all("!" in t for t in g.titles)), None)
    if ranges is None and change.added_names:
        ranges = _Group("Named Ranges", [])
        slices.append(ranges)
    if ranges is not None:
        kept = [t for t in ranges.titles if not any(t.casefold().startswith(p) for p in prefixes)]
        ranges.titles = kept + [t for t in change.added_names if t not in kept]
    slices = [g for g in slices if g.titles or g is sheets]
    vt = f"{pairs_vector.prefix}:" if pairs_vector.prefix else ""
    pairs_xml = "".join(f"<{vt}variant><{vt}lpstr>{escape_text(g.label)}</{vt}lpstr></{vt}variant>"
                        f"<{vt}variant><{vt}i4>{len(g.titles)}</{vt}i4></{vt}variant>" for g in slices)
    titles_xml = "".join(f"<{vt}lpstr>{escape_text(t)}</{vt}lpstr>" for g in slices for t in g.titles)
    return apply(data, [_vector(data, pairs_vector, 2 * len(slices), pairs_xml),
                        _vector(data, titles_vector, sum(len(g.titles) for g in slices), titles_xml)])


@dataclass
class _Group:
    """One heading pair: its (localised) label and the titles it counts."""

    label: str
    titles: list[str]


def _groups(vector: Node) -> list[tuple[str, int]] | None:
    """(label, count) pairs of a HeadingPairs vector, or None if it is not label/count pairs."""
    variants = [v for v in vector.children if v.name == "variant"]
    if len(variants) % 2 or len(variants) != len(vector.children):
        return None
    out = []
    for label, count in zip(variants[::2], variants[1::2], strict=True):
        text = label.find("lpstr", NS_VT)
        number = next((c for c in count.children if c.name in ("i4", "i2", "int", "ui4")), None)
        if text is None or number is None or not number.text.strip().isdigit():
            return None
        out.append((text.text, int(number.text)))
    return out


def _vector(data: bytes, vector: Node, size: int, body: str) -> tuple[int, int, bytes]:
    """Replace a vector's content and its size attribute, keeping its other attributes."""
    head = head_patch(data, vector, {"size": str(size)})[2]
    head = head[:-2].rstrip() + b">" if head.endswith(b"/>") else head
    return vector.start, vector.end, head + body.encode("utf-8") + f"</{vector.qname}>".encode()
