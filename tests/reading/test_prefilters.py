"""The cheap searches that stand in front of the byte scan's patterns give the patterns' own answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.errors import UnreadableFile
from kinerja_xl.reading.xml_bytes import DTD, checked_xml

#: Bytes around the markers a DTD check looks for: "<!" with any case of DOCTYPE and ENTITY, a lone "!", and
#: XML that has neither (the usual sheet).
XML_BITS = st.lists(st.sampled_from([b"<", b"!", b"<!", b"DOCTYPE", b"doctype", b"DocType", b"ENTITY", b"entity",
                                     b"<!--", b"<![CDATA[", b"<c r=\"A1\">", b"<f>", b"SUM(A1)", b" ", b"x"]),
                    max_size=12).map(b"".join)


@settings(max_examples=400, deadline=None)
@given(data=XML_BITS)
def test_the_dtd_check_refuses_exactly_what_its_pattern_finds(data: bytes) -> None:
    if DTD.search(data):
        with pytest.raises(UnreadableFile):
            checked_xml(data, "lembar")
    else:
        assert checked_xml(data, "lembar") is data


@pytest.mark.parametrize("data", [b'<?xml version="1.0"?><!DOCTYPE x []><worksheet/>',
                                  b"<worksheet><!doctype x></worksheet>", b'<!ENTITY a "b">'])
def test_a_dtd_anywhere_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableFile):
        checked_xml(data, "lembar")
