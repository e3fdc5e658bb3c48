"""A minimal reader and writer for Compound File Binary containers (the format of ``vbaProject.bin``).

Section numbers refer to [MS-CFB] "Compound File Binary File Format". The reader handles version 3
and 4 files; the writer always produces version 3 (512-byte sectors), like Office does for VBA
projects. Only what a VBA project uses is supported: storages and streams, no CLSIDs, no timestamps,
no state bits. The standard library suffices, so no extra dependency is needed at run time.

A container is modelled as a nested dict: ``{name: bytes}`` for a stream, ``{name: {...}}`` for a
storage; the root storage is the outer dict.
"""

from __future__ import annotations

from ..errors import VbaFormatError

import struct
from typing import Union

Tree = dict[str, Union[bytes, "Tree"]]

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Header Signature (2.2)
MAXREGSECT = 0xFFFFFFFA
FATSECT, ENDOFCHAIN, FREESECT = 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF  # (2.1)
NOSTREAM = 0xFFFFFFFF
SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
_STORAGE, _STREAM, _ROOT = 1, 2, 5  # Object Type (2.6.1)
_RED, _BLACK = 0, 1
_ENTRY = struct.Struct("<64sHBBIII16sIQQIQ")  # Compound File Directory Entry, 128 bytes (2.6.1)


class CfbError(VbaFormatError):
    """Data that is not a compound file this module can handle."""


# -- reading ---------------------------------------------------------------------------------------
def read(data: bytes) -> Tree:
    """Parse a compound file into a :data:`Tree`; raises :class:`CfbError` on any malformed input."""
    try:
        return _read(bytes(data))
    except (struct.error, IndexError, UnicodeDecodeError, RecursionError) as exc:
        raise CfbError(f"malformed compound file: {exc}") from exc


def _read(data: bytes) -> Tree:
    if len(data) < 512 or data[:8] != MAGIC:
        raise CfbError("not a compound file (bad header signature)")
    (major, byte_order, shift, mini_shift, _dir_count, fat_count, dir_start, _tx, cutoff,
     minifat_start, _minifat_count, difat_start, difat_count) = struct.unpack_from("<HHHH6xIIIIIIIII", data, 26)
    if byte_order != 0xFFFE or (major, shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
        raise CfbError("unsupported compound file header (2.2)")
    size = 1 << shift

    def sector(n: int) -> bytes:
        start = (n + 1) * size  # the header occupies sector -1
        if n > MAXREGSECT or start >= len(data):
            raise CfbError(f"sector {n} outside the file")
        return data[start:start + size].ljust(size, b"\0")

    def chain(first: int, table: list[int]) -> list[int]:
        out: list[int] = []
        n = first
        while n != ENDOFCHAIN:
            if n >= len(table) or len(out) > len(table):
                raise CfbError("broken sector chain")
            out.append(n)
            n = table[n]
        return out

    def u32s(blob: bytes) -> list[int]:
        return list(struct.unpack(f"<{len(blob) // 4}I", blob))

    # DIFAT (2.5): 109 entries in the header, then chained DIFAT sectors.
    difat = u32s(data[76:512])
    n = difat_start
    for _ in range(difat_count):
        links = u32s(sector(n))
        difat += links[:-1]
        n = links[-1]
    fat = [x for s in difat[:fat_count] for x in u32s(sector(s))]  # FAT (2.3)

    def stream(first: int, length: int) -> bytes:
        return b"".join(sector(s) for s in chain(first, fat))[:length]

    directory = stream(dir_start, 1 << 62)
    entries = [_ENTRY.unpack_from(directory, i) for i in range(0, len(directory) - 127, 128)]
    root = entries[0]
    if root[2] != _ROOT:
        raise CfbError("first directory entry is not the root storage")
    mini_stream = stream(root[11], root[12])
    minifat = u32s(stream(minifat_start, 1 << 62)) if minifat_start != ENDOFCHAIN else []

    def content(entry: tuple) -> bytes:
        start, length = entry[11], entry[12]
        if major == 3:  # version 3 readers must ignore the high 32 bits of the size (2.6.1)
            length &= 0xFFFFFFFF
        if length < cutoff:  # small streams live in the mini stream (2.4)
            return b"".join(mini_stream[s * MINI_SECTOR:(s + 1) * MINI_SECTOR]
                            for s in chain(start, minifat))[:length] if length else b""
        return stream(start, length)

    def storage(child: int, depth: int = 0) -> Tree:
        tree: Tree = {}
        pending, seen = [child], set()
        while pending:  # walk the red-black tree of siblings (2.6.4)
            i = pending.pop()
            if i == NOSTREAM:
                continue
            if i in seen or i >= len(entries) or depth > 32:
                raise CfbError("corrupt directory tree")
            seen.add(i)
            raw_name, name_len, kind, _c, left, right, sub, clsid = entries[i][:8]
            name = raw_name[:max(name_len - 2, 0)].decode("utf-16-le")
            if any(clsid) and kind == _STORAGE:
                raise CfbError(f"storage {name!r} has a CLSID, which this writer would drop")
            tree[name] = storage(sub, depth + 1) if kind == _STORAGE else content(entries[i])
            pending += [left, right]
        return tree

    return storage(root[6])


# -- writing ---------------------------------------------------------------------------------------
def _sort_key(name: str) -> tuple[int, str]:
    """Directory entry order (2.6.4): shorter names first, then case-insensitive comparison."""
    return len(name), name.upper()


def _red_black(children: list[int], entries: list[dict]) -> int:
    """Arrange ``children`` as a balanced binary search tree coloured as a valid red-black tree.

    Splitting a sorted list at its middle puts every empty child at depth h or h+1; colouring the
    nodes of depth h red then gives every path the same number of black nodes (2.6.4).
    """
    ordered = sorted(children, key=lambda k: _sort_key(entries[k]["name"]))
    depth: dict[int, int] = {}
    nil_depths: list[int] = []

    def build(lo: int, hi: int, d: int) -> int:
        if lo >= hi:
            nil_depths.append(d)
            return NOSTREAM
        mid = (lo + hi) // 2
        node = ordered[mid]
        depth[node] = d
        entries[node]["left"] = build(lo, mid, d + 1)
        entries[node]["right"] = build(mid + 1, hi, d + 1)
        return node

    root = build(0, len(ordered), 0)
    shallow = min(nil_depths)
    assert max(nil_depths) - shallow <= 1
    for node, d in depth.items():
        entries[node]["color"] = _RED if d == shallow else _BLACK
    return root


def write(tree: Tree) -> bytes:
    """Serialise a :data:`Tree` as a version 3 compound file (deterministic: no timestamps)."""
    entries: list[dict] = [{"name": "Root Entry", "type": _ROOT, "data": b"", "kids": []}]

    def add(node: Tree, parent: int) -> None:
        for name, value in sorted(node.items(), key=lambda item: _sort_key(item[0])):  # deterministic
            if not 0 < len(name) <= 31 or any(c in name for c in "/\\:!"):
                raise CfbError(f"invalid entry name {name!r} (2.6.1)")
            entries.append({"name": name, "type": _STREAM if isinstance(value, bytes) else _STORAGE,
                            "data": value if isinstance(value, bytes) else b"", "kids": []})
            entries[parent]["kids"].append(len(entries) - 1)
            if isinstance(value, dict):
                add(value, len(entries) - 1)

    add(tree, 0)
    sectors: list[bytes] = []
    fat: list[int] = []

    def allocate(blob: bytes, unit: int, table: list[int], store: list[bytes]) -> int:
        if not blob:
            return ENDOFCHAIN
        first, count = len(store), -(-len(blob) // unit)
        for k in range(count):
            store.append(blob[k * unit:(k + 1) * unit].ljust(unit, b"\0"))
            table.append(first + k + 1 if k < count - 1 else ENDOFCHAIN)
        return first

    # Streams below the cutoff go to the mini stream (2.4), the others to regular sectors.
    mini: list[bytes] = []
    minifat: list[int] = []
    for e in entries[1:]:
        if e["type"] == _STREAM:
            small = len(e["data"]) < MINI_CUTOFF
            e["start"] = allocate(e["data"], MINI_SECTOR if small else SECTOR,
                                  minifat if small else fat, mini if small else sectors)
    mini_blob = b"".join(mini)
    entries[0]["data"] = mini_blob
    entries[0]["start"] = allocate(mini_blob, SECTOR, fat, sectors)
    minifat_blob = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_blob += b"\xff" * (-len(minifat_blob) % SECTOR)  # unused entries are FREESECT
    minifat_start = allocate(minifat_blob, SECTOR, fat, sectors)

    for e in entries:
        e.update(left=NOSTREAM, right=NOSTREAM, child=NOSTREAM, color=_BLACK)
    for e in entries:
        if e["kids"]:
            e["child"] = _red_black(e["kids"], entries)
    directory = bytearray()
    for e in entries:
        name = e["name"].encode("utf-16-le") + b"\0\0"
        has_data = e["type"] in (_STREAM, _ROOT)
        directory += _ENTRY.pack(name, len(name), e["type"], e["color"], e["left"], e["right"], e["child"],
                                 b"\0" * 16, 0, 0, 0, e.get("start", ENDOFCHAIN) if has_data else 0,
                                 len(e["data"]) if has_data else 0)
    while len(directory) % SECTOR:  # unused entries: empty name, no siblings or child (2.6.3)
        directory += _ENTRY.pack(b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0)
    dir_start = allocate(bytes(directory), SECTOR, fat, sectors)

    # The FAT describes itself: its own sectors are marked FATSECT (2.3).
    fat_count = 1
    while len(sectors) + fat_count > fat_count * SECTOR // 4:
        fat_count += 1
    if fat_count > 109:
        raise CfbError("container too large for a header-only DIFAT")
    fat_first = len(sectors)
    fat += [FATSECT] * fat_count
    fat += [FREESECT] * (fat_count * SECTOR // 4 - len(fat))
    fat_blob = struct.pack(f"<{len(fat)}I", *fat)
    sectors += [fat_blob[k * SECTOR:(k + 1) * SECTOR] for k in range(fat_count)]

    difat = [fat_first + k for k in range(fat_count)] + [FREESECT] * (109 - fat_count)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII109I", MAGIC, b"\0" * 16, 0x003E, 3, 0xFFFE, 9, 6, b"\0" * 6,
                         0, fat_count, dir_start, 0, MINI_CUTOFF, minifat_start,
                         len(minifat_blob) // SECTOR, ENDOFCHAIN, 0, *difat)
    return header + b"".join(sectors)
