"""The central directory read with struct calls (:func:`zip_directory`) is what :mod:`zipfile` reads, or nothing.

Every file is read this way first; any zip outside the common form (a comment, bytes before it, ZIP64, an odd
entry) gets None and is read by :mod:`zipfile` as before. So the one rule: where the fast reader answers, its
answer is zipfile's, entry for entry, for well-formed zips of every shape and for damaged bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.package import zip_directory
from kinerja_xl.package.zipio import Limits, read_members
from tests.support.donors import example

FIELDS = ("filename", "orig_filename", "flag_bits", "compress_type", "date_time", "CRC", "compress_size",
          "file_size", "header_offset")


def zipfile_view(data: bytes) -> list[tuple[object, ...]] | None:
    """What zipfile reads of ``data`` (None when it refuses it)."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception:  # noqa: BLE001 - whatever zipfile raises, the fast reader must have declined
        return None
    return [tuple(getattr(info, name) for name in FIELDS) for info in infos]


def fast_view(data: bytes) -> list[tuple[object, ...]] | None:
    entries = zip_directory(data)
    return None if entries is None else [tuple(entry) for entry in entries]


NAMES = st.text(alphabet=st.sampled_from("abcXYZ/._-é中\\ "), min_size=1, max_size=12)
METHODS = st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
MEMBERS = st.lists(st.tuples(NAMES, st.binary(max_size=200), METHODS,
                             st.binary(max_size=12), st.binary(max_size=8),
                             st.tuples(st.integers(1980, 2107), st.integers(1, 12), st.integers(1, 28),
                                       st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))),
                   max_size=6)


def build(members: list[tuple[str, bytes, int, bytes, bytes, tuple[int, ...]]], comment: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content, method, extra, entry_comment, when in members:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = method
            info.extra = extra
            info.comment = entry_comment
            archive.writestr(info, content)
        archive.comment = comment
    return buffer.getvalue()


@pytest.mark.filterwarnings("ignore:Duplicate name")
@settings(max_examples=300, deadline=None)
@given(members=MEMBERS, comment=st.sampled_from([b"", b"x", b"PK\x05\x06"]), junk=st.sampled_from([b"", b"junk"]))
def test_well_formed_zips_read_as_zipfile_reads_them(members, comment: bytes, junk: bytes) -> None:
    data = junk + build(members, comment)
    fast = fast_view(data)
    if fast is not None:
        assert fast == zipfile_view(data)
    if members and not comment and not junk and all(not extra for *_, extra, _, _ in members):
        assert fast is not None  # the common form is read (else this test would hold of a reader that never reads)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@settings(max_examples=500, deadline=None)
@given(members=MEMBERS, edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1,
                                       max_size=4),
       cut=st.integers(0, 40))
def test_damaged_zips_are_declined_or_read_as_zipfile_reads_them(members, edits, cut: int) -> None:
    data = bytearray(build(members, b""))
    directory_at = len(data) - 22 - struct.unpack_from("<I", data, len(data) - 22 + 12)[0]
    for position, value in edits:  # bytes changed in the central directory and end record
        data[directory_at + position % (len(data) - directory_at)] = value
    damaged = bytes(data[:len(data) - cut] if cut > 30 else data)
    fast = fast_view(damaged)
    if fast is not None:
        assert fast == zipfile_view(damaged)


def test_the_workbooks_kinerja_xl_writes_are_read_without_zipfile() -> None:
    data = example("ITJEN")
    assert fast_view(data) == zipfile_view(data) is not None
    assert [m.name for m in read_members(data, Limits())] == [info.filename for info in zip_directory(data) or []]


def test_a_zip64_end_record_is_left_to_zipfile() -> None:
    data = build([("a.xml", b"<a/>", zipfile.ZIP_DEFLATED, b"", b"", (2024, 1, 1, 0, 0, 0))], b"")
    end = len(data) - 22
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, 0, 1)
    assert zip_directory(data[:end] + locator + data[end:]) is None
