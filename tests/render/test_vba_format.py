"""The file-format building blocks of the macro workbook's VBA project, against independent readers.

MS-OVBA compression (incl. the worked examples of [MS-OVBA] 3.2, hypothesis round trips, oletools'
decompressor), the ``dir`` stream, and the compound-file reader/writer (olefile in strict mode,
red-black directory tree of [MS-CFB] 2.6.4).
"""

from __future__ import annotations

import contextlib
import random
import struct
import warnings

import olefile
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.vba import ole_streams
from kinerja_xl.vba import cfb, ovba, project as vba

pytest.importorskip("xlwings")
with warnings.catch_warnings():  # oletools' pyparsing grammar warns at import time
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import decompress_stream


# -- MS-OVBA compression -------------------------------------------------------------------------------
SPEC_NO_COMPRESSION = (b"abcdefghijklmnopqrstuv.",  # [MS-OVBA] 3.2.1
                       "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E")
SPEC_MAXIMUM = (b"a" * 73, "01 03 B0 02 61 45 00")  # [MS-OVBA] 3.2.3
SPEC_NORMAL = (b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",  # [MS-OVBA] 3.2.2
               "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 30 6D 6E 6F "
               "70 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C")


@pytest.mark.parametrize(("plain", "packed"), [SPEC_NO_COMPRESSION, SPEC_MAXIMUM])
def test_spec_examples_compress_byte_for_byte(plain: bytes, packed: str) -> None:
    assert ovba.compress(plain) == bytes.fromhex(packed)
    assert ovba.decompress(bytes.fromhex(packed)) == plain


def test_spec_normal_example() -> None:
    # The spec's bytes come from Office, which picks other (equally valid) match offsets than the
    # reference algorithm of 2.4.1.3.19.4: both must decompress to the same text.
    plain, packed = SPEC_NORMAL
    assert ovba.decompress(bytes.fromhex(packed)) == plain
    ours = ovba.compress(plain)
    assert len(ours) == len(bytes.fromhex(packed))
    assert ovba.decompress(ours) == plain == bytes(decompress_stream(bytearray(ours)))


def _roundtrip(data: bytes) -> None:
    try:
        packed = ovba.compress(data)
    except ovba.OvbaError:
        # the only unrepresentable case: a final partial chunk of more than 3640 incompressible bytes
        assert len(data) % ovba.CHUNK_SIZE > 3640
        return
    assert ovba.decompress(packed) == data
    assert bytes(decompress_stream(bytearray(packed))) == data  # independent decompressor (oletools)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=9000))
@example(b"")
@example(b"\0" * 4096)
@example(b"x" * 4097)
@example(bytes(range(256)) * 40)
def test_compress_roundtrip_arbitrary_bytes(data: bytes) -> None:
    _roundtrip(data)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"ab", b"RunPython ", b"\r\n", b"End Sub", b"\xff"]), max_size=3000))
def test_compress_roundtrip_repetitive_text(parts: list[bytes]) -> None:
    _roundtrip(b"".join(parts))


def test_incompressible_full_chunks_are_stored_raw() -> None:
    data = random.Random(2023).randbytes(2 * 4096)
    packed = ovba.compress(data)
    assert len(packed) == 1 + 2 * 4098  # two raw chunks: header 0x3FFF (size 4098, flag 0) + 4096 bytes
    assert [struct.unpack_from("<H", packed, 1 + k * 4098)[0] for k in range(2)] == [0x3FFF, 0x3FFF]
    assert ovba.decompress(packed) == data == bytes(decompress_stream(bytearray(packed)))


def test_decompress_rejects_garbage() -> None:
    for bad in (b"", b"\x02\x19\xb0", b"\x01\x19\x00abc", b"\x01\x05\xb0\x01\x05\x00"):
        with pytest.raises(ovba.OvbaError):
            ovba.decompress(bad)


# -- compound file and dir stream ------------------------------------------------------------------------


def _flat(tree: cfb.Tree, prefix: str = "") -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name, value in tree.items():
        if isinstance(value, bytes):
            out[prefix + name] = value
        else:
            out.update(_flat(value, prefix + name + "/"))
    return out


def test_cfb_reader_and_writer_agree_with_olefile(template_bin: bytes) -> None:
    tree = cfb.read(template_bin)
    assert _flat(tree) == ole_streams(template_bin)
    written = cfb.write(tree)
    assert ole_streams(written) == ole_streams(template_bin)  # strict olefile: no defects
    assert cfb.write(cfb.read(written)) == written  # deterministic


def _check_red_black(entries: dict[int, tuple[int, int, int]], node: int) -> int:
    """Black height of the subtree at ``node``; asserts the red-black rules of [MS-CFB] 2.6.4."""
    if node == cfb.NOSTREAM:
        return 1
    color, left, right = entries[node]
    if color == 0:  # red: no red child
        assert all(c == cfb.NOSTREAM or entries[c][0] == 1 for c in (left, right))
    heights = {_check_red_black(entries, left), _check_red_black(entries, right)}
    assert len(heights) == 1
    return heights.pop() + color


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 13, 31, 40])
def test_cfb_directory_is_a_valid_red_black_tree(count: int) -> None:
    tree: cfb.Tree = {f"S{i:02d}" + "x" * (i % 3): bytes([i]) * (i * 300) for i in range(count)}
    data = cfb.write({"VBA": tree})
    assert _flat(cfb.read(data)) == {"VBA/" + k: v for k, v in tree.items()} == ole_streams(data)
    ole = olefile.OleFileIO(data)
    entries = {e.sid: (e.color, e.sid_left, e.sid_right) for e in ole.direntries if e}
    storage = next(e for e in ole.direntries if e and e.name == "VBA")
    assert entries[0][0] == 1 and entries[storage.sid_child][0] == 1  # black roots
    _check_red_black(entries, storage.sid_child)


def test_dir_stream_modules_and_offset_patch(template_bin: bytes) -> None:
    plain = ovba.decompress(_flat(cfb.read(template_bin))["VBA/dir"])
    mods = {m.name: m for m in ovba.modules(plain)}
    assert {"ThisWorkbook", "Sheet1", "Sheet2", "Module1", "xlwings"} <= set(mods)
    assert mods["Module1"].procedural and mods["xlwings"].procedural and not mods["Sheet1"].procedural
    patched = ovba.set_module_offset(plain, "Module1", 0)
    assert {m.name: m.offset for m in ovba.modules(patched)} == {**{n: m.offset for n, m in mods.items()},
                                                                  "Module1": 0}
    assert sum(a != b for a, b in zip(plain, patched, strict=True)) <= 4 and len(plain) == len(patched)


@pytest.fixture(scope="module")
def built_bin(template_bin: bytes) -> bytes:
    return vba.build_project(template_bin, vba.module_source())


def test_template_module_sources_roundtrip(template_bin: bytes) -> None:
    """Real VBA text, several chunks long (the xlwings module is about 45 kB)."""
    sources = vba.read_modules(template_bin)
    assert len(sources["xlwings"]) > 10 * ovba.CHUNK_SIZE
    for text in sources.values():
        _roundtrip(text.encode("cp1252"))


def test_unrepresentable_final_chunk_is_refused() -> None:
    with pytest.raises(ovba.OvbaError):
        ovba.compress(random.Random(7).randbytes(4096 + 3900))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=20))
def test_damaged_projects_fail_cleanly(built_bin: bytes, flips: list[tuple[int, int]]) -> None:
    """A damaged cache file must end in ValueError (CfbError/OvbaError), never in another crash."""
    data = bytearray(built_bin)
    for pos, value in flips:
        data[pos % len(data)] = value
    with contextlib.suppress(ValueError):
        vba.read_modules(bytes(data))
