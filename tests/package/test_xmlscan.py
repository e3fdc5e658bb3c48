"""The offset-keeping scanner and byte patches that every in-place edit relies on."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.package import BrokenPackageError, UnsafePackageError, UnsupportedPartError
from kinerja_xl.package.xmlscan import apply, escape_attr, escape_text, head_patch, scan, serialize

NS = "urn:uji"


@dataclass
class Tree:
    """An element to write: name, attributes, text, children, and whether an empty one is written <a/>."""

    name: str
    attrs: dict[str, str]
    text: str
    children: list[Tree]
    short: bool

    def xml(self) -> str:
        attrs = "".join(f' {k}="{escape_attr(v)}"' for k, v in self.attrs.items())
        if not self.children and not self.text and self.short:
            return f"<{self.name}{attrs}/>"
        inner = escape_text(self.text) + "".join(c.xml() for c in self.children)
        return f"<{self.name}{attrs}>{inner}</{self.name}>"


names = st.sampled_from(["a", "b", "c", "x:d", "row", "v"])
values = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    "<>&\"'\t\n"), max_size=6)
trees = st.recursive(
    st.builds(Tree, names, st.dictionaries(st.sampled_from(["s", "r", "t"]), values, max_size=2), values,
              st.just([]), st.booleans()),
    lambda kids: st.builds(Tree, names, st.dictionaries(st.sampled_from(["s", "r"]), values, max_size=2),
                           st.sampled_from(["", " "]), st.lists(kids, max_size=3), st.booleans()),
    max_leaves=12)


def document(tree: Tree) -> bytes:
    root = Tree("root", {}, "", [tree], False).xml().replace("<root>", f'<root xmlns="{NS}" xmlns:x="urn:x">', 1)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + root).encode("utf-8")


def pairs(node, tree):
    """(scanned, written) element pairs; below the depth limit the scan keeps no children."""
    yield node, tree
    if node.children:
        for child, sub in zip(node.children, tree.children, strict=True):
            yield from pairs(child, sub)


@settings(max_examples=150, deadline=None)
@given(trees, st.sampled_from([None, 2, 3]))
def test_every_element_is_found_at_its_bytes(tree, depth):
    data = document(tree)
    root = scan(data, "uji", depth=depth)
    element = root.children[0]
    for node, expected in pairs(element, tree):
        assert data[node.start:node.end].decode("utf-8") == expected.xml()
        head = data[node.start:node.head_end].decode("utf-8")
        assert head.startswith(f"<{expected.name}") and head.endswith(">")
        if depth is None or node.children:
            assert node.attrs == expected.attrs


@settings(max_examples=100, deadline=None)
@given(trees)
def test_serializing_a_scanned_element_keeps_its_content(tree):
    data = document(tree)
    element = scan(data, "uji").children[0]
    again = serialize(element, {"": NS, "x": "urn:x"})
    wrapped = f'<root xmlns="{NS}" xmlns:x="urn:x">{again}</root>'.encode()
    assert shape(scan(wrapped, "uji").children[0]) == shape(element)


def shape(node) -> tuple:
    """What an element says: layout whitespace between child elements does not count."""
    text = "" if node.children else node.text
    return node.ns, node.name, node.attrs, text, tuple(shape(c) for c in node.children)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5), st.binary(max_size=4)), max_size=6))
def test_patches_apply_in_offset_order(raw):
    data = bytes(range(65, 105))
    patches, at = [], 0
    for start, length, replacement in sorted(raw):
        if start >= at:
            end = min(start + length, len(data))
            patches.append((start, end, replacement))
            at = end
    expected, at = b"", 0
    for start, end, replacement in patches:
        expected += data[at:start] + replacement
        at = end
    # any order in, as long as insertions at one offset keep theirs (a stable sort by offset)
    assert apply(data, sorted(patches, key=lambda p: -p[0])) == expected + data[at:]


def test_overlapping_patches_are_a_bug():
    with pytest.raises(ValueError):
        apply(b"abcdef", [(0, 3, b"x"), (2, 4, b"y")])


def test_head_patch_sets_adds_and_removes_attributes():
    data = b'<r xmlns="urn:uji"><c r="A1" s="3" t="s"/><d/></r>'
    root = scan(data, "uji")
    cell, empty = root.children
    patched = apply(data, [head_patch(data, cell, {"s": "9", "t": None, "new": 'a"b'}),
                           head_patch(data, empty, {"x": "1"})])
    assert patched == b'<r xmlns="urn:uji"><c r="A1" s="9" new="a&quot;b"/><d x="1"/></r>'


def test_a_prefixed_namespace_is_written_with_the_targets_prefix():
    donor = scan(b'<styleSheet xmlns="urn:main"><font><b/><sz val="11"/></font></styleSheet>', "d").children[0]
    assert serialize(donor, {"x": "urn:main"}) == '<x:font><x:b/><x:sz val="11"/></x:font>'
    assert serialize(donor, {}) == '<ns:font xmlns:ns="urn:main"><ns:b/><ns:sz val="11"/></ns:font>'


def test_xml_space_is_kept():
    item = scan(b'<sst xmlns="urn:main"><si><t xml:space="preserve">  dua spasi </t></si></sst>', "s").children[0]
    assert serialize(item, {"": "urn:main"}) == '<si><t xml:space="preserve">  dua spasi </t></si>'


def test_entities_and_dtds_are_refused():
    with pytest.raises(UnsafePackageError):
        scan(b'<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', "uji")
    with pytest.raises(UnsafePackageError):
        scan(b'<!DOCTYPE r SYSTEM "http://contoh/luar.dtd"><r/>', "uji")


def test_only_utf8_parts_are_scanned():
    with pytest.raises(UnsupportedPartError):
        scan('<?xml version="1.0" encoding="UTF-16"?><r/>'.encode("utf-16"), "uji")
    with pytest.raises(UnsupportedPartError):
        scan(b'<?xml version="1.0" encoding="windows-1252"?><r/>', "uji")


def test_malformed_xml_names_the_part():
    with pytest.raises(BrokenPackageError, match="xl/workbook.xml"):
        scan(b"<workbook><sheets></workbook>", "xl/workbook.xml")


def test_small_parts_of_the_same_bytes_share_one_tree():
    """Relationships, content types and the workbook part are scanned once per bytes, name and depth (a batch's
    workbooks and its probes' donors share them); other bytes, another name or a large part are scanned anew, and
    a part that cannot be read is refused every time."""
    from kinerja_xl.package import xmlscan

    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="t" Target="xl/workbook.xml"/></Relationships>')
    first = xmlscan.scan_shared(rels, "_rels/.rels", depth=2)
    assert xmlscan.scan_shared(bytes(bytearray(rels)), "_rels/.rels", depth=2) is first
    assert xmlscan.scan_shared(rels, "xl/_rels/workbook.xml.rels", depth=2) is not first
    assert xmlscan.scan_shared(rels.replace(b"rId1", b"rId2"), "_rels/.rels", depth=2) is not first
    assert xmlscan.scan_shared(rels, "_rels/.rels", depth=1) is not first
    large = rels.replace(b"<Relationship ", b" " * xmlscan._SHARED_LARGEST + b"<Relationship ")
    assert xmlscan.scan_shared(large, "_rels/.rels", depth=2) is not xmlscan.scan_shared(large, "_rels/.rels",
                                                                                           depth=2)
    assert [n.get("Id") for n in first.children] == ["rId1"]
    broken = b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'
    for _ in range(2):
        with pytest.raises(UnsafePackageError):
            xmlscan.scan_shared(broken, "_rels/.rels", depth=2)
    for i in range(xmlscan._SHARED_KEPT + 5):  # what is kept stays bounded
        xmlscan.scan_shared(rels.replace(b"rId1", f"r{i}".encode()), "_rels/.rels", depth=2)
    assert len(xmlscan._SHARED) <= xmlscan._SHARED_KEPT
