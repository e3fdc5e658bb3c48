"""XML read as bytes, as calamine reads it: attributes of a start tag, elements without comments, CDATA sections
or processing instructions, and the refusal of a DTD.

The parts these serve (relationships, the workbook part, shared strings, sheets) are small and regular or scanned
for a few markers: a byte pattern is much faster than a parser and, like calamine, expands no entity (a DTD is
refused outright: OOXML never needs one).
"""

from __future__ import annotations

import re

from ..errors import UnreadableFile


def local_name(tag: str) -> str:
    """The local name of an ElementTree tag (``{uri}name`` -> ``name``)."""
    return tag.rsplit("}", 1)[-1]


def split_tag(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag (``{uri}name``; no namespace: "")."""
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, local


#: One attribute as calamine reads it: a name up to "=", a value in double or single quotes.
_ATTRIBUTE = re.compile(rb"""\s*([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def attributes(raw: bytes, part: str) -> list[tuple[str, str]]:
    """The attributes of one start tag in order, names as written (``r:id``), values with their entities expanded.
    Read as calamine reads them, quotes of either kind; a tag written otherwise, or one naming an attribute twice
    (no XML reader takes it, and readers that do would disagree on which counts), is refused."""
    pairs: list[tuple[str, str]] = []
    position, end = 0, len(raw.rstrip(b" \t\r\n/"))
    while position < end:
        match = _ATTRIBUTE.match(raw, position)
        if match is None:
            raise malformed_part(part)
        name, double, single = match.groups()
        pairs.append((name.decode("utf-8", "replace"),
                      _unescaped((double if double is not None else single).decode("utf-8", "replace"))))
        position = match.end()
    if len({name for name, _ in pairs}) != len(pairs):
        raise malformed_part(part)
    return pairs


#: What an XML reader does not take as elements: a comment, a CDATA section, a processing instruction.
_NOT_ELEMENTS = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)


def elements_only(data: bytes, part: str) -> bytes:
    """``data`` (checked: no DTD) without its comments, CDATA sections and processing instructions, whose text the
    byte patterns would otherwise take for tags: a relationship inside a comment is none to calamine or Excel."""
    data = checked_xml(data, part)
    return _NOT_ELEMENTS.sub(b"", data) if b"<!" in data or b"<?" in data else data


def malformed_part(part: str) -> UnreadableFile:
    return UnreadableFile("berkas-rusak", detail=f"tag di {part} tidak sah (atribut ganda atau tanpa tanda kutip)")


def _unescaped(value: str) -> str:
    """``html.unescape``, which returns a value without ``&`` as it is: ``html`` (with its table of entities) is
    imported only for a value that has one."""
    if "&" not in value:
        return value
    import html

    return html.unescape(value)


DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def checked_xml(data: bytes, name: str) -> bytes:
    # a DTD starts "<!": where no "!" is (one memchr, ~30x faster than the pattern), there is none
    if b"!" in data and DTD.search(data):
        raise UnreadableFile("berkas-rusak", detail=f"XML tidak aman: {name} memuat DTD/entitas")
    return data


#: A prefixed element's name as it ends a start or end tag (``<x:f>``, ``</x:v>``, ``<x:c r=...``); an attribute's
#: prefixed name is followed by ``=``, a range in a value (``spans="1:12"``) by a digit.
PREFIXED_ELEMENT = re.compile(rb":[A-Za-z_][\w.-]*[\s>/]")
NAMESPACE_DECLARATION = re.compile(rb"xmlns")


def markup_opens(data: bytes, start: int, end: int, declaration: int = 0) -> bool:
    """Whether a comment, CDATA section or processing instruction (``<!``, ``<?``) opens in ``data[start:end]``; a
    ``<?`` whose ``?`` is at ``declaration`` or before is the XML declaration. Found from the rare ``!`` and ``?``
    (one ``memchr`` each), each looked back from."""
    for mark in (b"!", b"?"):
        at = data.find(mark, start, end)
        while at >= 0:
            if data[at - 1] == 0x3C and (mark == b"!" or at > declaration):  # "<"
                return True
            at = data.find(mark, at + 1, end)
    return False
