"""MS-OVBA pieces needed to rewrite a VBA module without Excel: compression and the ``dir`` stream.

Section numbers refer to [MS-OVBA] "Office VBA File Format Structure" (Microsoft Open Specifications).
The compressor follows the reference algorithm of section 2.4.1.3 literally (greedy longest match,
nearest candidate on ties), so it reproduces the worked examples of section 3.2 byte for byte.

Only the standard library is used: the module runs wherever ``kinerja-xl templat --makro`` runs.
"""

from __future__ import annotations

from ..errors import VbaFormatError

import codecs
import struct
from dataclasses import dataclass

CHUNK_SIZE = 4096  # a DecompressedChunk holds 4096 bytes except the last one (2.4.1.1.3)
_SIGNATURE = 0x01  # CompressedContainer.SignatureByte (2.4.1.1.1)


class OvbaError(VbaFormatError):
    """Data that is not, or cannot be turned into, a valid MS-OVBA structure."""


# -- compression (2.4.1) ---------------------------------------------------------------------------
def _copy_token_help(difference: int) -> tuple[int, int]:
    """CopyToken Help (2.4.1.3.19.1): (bit count of the offset, maximum match length)."""
    bit_count = max((difference - 1).bit_length(), 4)  # == max(ceil(log2(difference)), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _chunk_tokens(chunk: bytes) -> bytes:
    """The TokenSequences of one DecompressedChunk (2.4.1.3.7 / 2.4.1.3.8 / 2.4.1.3.9)."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}  # 3-byte prefix -> earlier positions (only those can match >= 3)
    pos, end = 0, len(chunk)

    def remember(i: int) -> None:
        if i + 3 <= end:
            heads.setdefault(chunk[i:i + 3], []).append(i)

    while pos < end:
        flag_index, flags = len(out), 0
        out.append(0)  # FlagByte placeholder (2.4.1.1.7)
        for bit in range(8):
            if pos >= end:
                break
            # Matching (2.4.1.3.19.4): longest match, candidates scanned from the nearest backwards.
            best_len, best_pos = 0, 0
            for cand in reversed(heads.get(chunk[pos:pos + 3], ())):
                length = 3
                while pos + length < end and chunk[cand + length] == chunk[pos + length]:
                    length += 1
                if length > best_len:
                    best_len, best_pos = length, cand
                    if pos + length == end:  # cannot be beaten by a strictly longer match
                        break
            if best_len >= 3:
                bit_count, max_len = _copy_token_help(pos)
                length = min(best_len, max_len)
                offset = pos - best_pos
                # Pack CopyToken (2.4.1.3.19.3): offset-1 in the high bits, length-3 in the low bits.
                out += struct.pack("<H", ((offset - 1) << (16 - bit_count)) | (length - 3))
                flags |= 1 << bit
                for i in range(pos, pos + length):
                    remember(i)
                pos += length
            else:
                remember(pos)
                out.append(chunk[pos])  # LiteralToken (2.4.1.1.8)
                pos += 1
        out[flag_index] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress ``data`` into a CompressedContainer (2.4.1.3.6).

    A full chunk that does not shrink is stored raw (2.4.1.3.10). The last, partial chunk cannot be
    stored raw without zero padding that would change the content, so that case raises
    :class:`OvbaError`; it needs more than 3640 incompressible bytes and never happens with VBA text.
    """
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK_SIZE):
        chunk = bytes(data[start:start + CHUNK_SIZE])
        tokens = _chunk_tokens(chunk)
        if len(tokens) <= CHUNK_SIZE:
            # CompressedChunkHeader (2.4.1.1.5): size-3 in 12 bits, signature 0b011, flag 1 = compressed.
            out += struct.pack("<H", 0xB000 | (len(tokens) + 2 - 3)) + tokens
        elif len(chunk) == CHUNK_SIZE:
            out += struct.pack("<H", 0x3000 | (CHUNK_SIZE + 2 - 3)) + chunk  # raw chunk, flag 0
        else:
            raise OvbaError("incompressible final partial chunk")
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """Decompress a CompressedContainer (2.4.1.3.1 / 2.4.1.3.2 / 2.4.1.3.3)."""
    if not data or data[0] != _SIGNATURE:
        raise OvbaError("missing CompressedContainer signature byte 0x01")
    out = bytearray()
    pos, end = 1, len(data)
    while pos < end:
        if pos + 2 > end:
            raise OvbaError("truncated CompressedChunkHeader")
        header = struct.unpack_from("<H", data, pos)[0]
        size = (header & 0x0FFF) + 3  # includes the 2-byte header
        if (header >> 12) & 0b111 != 0b011:
            raise OvbaError(f"bad CompressedChunkSignature at byte {pos}")
        chunk_end = min(pos + size, end)
        pos += 2
        chunk_start = len(out)  # DecompressedChunkStart
        if not header & 0x8000:  # raw chunk (2.4.1.3.3)
            if pos + CHUNK_SIZE > end:
                raise OvbaError("truncated raw chunk")
            out += data[pos:pos + CHUNK_SIZE]
            pos += CHUNK_SIZE
            continue
        while pos < chunk_end:  # TokenSequences (2.4.1.3.4)
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags >> bit & 1:
                    out.append(data[pos])
                    pos += 1
                    continue
                if pos + 2 > chunk_end:
                    raise OvbaError("truncated CopyToken")
                token = struct.unpack_from("<H", data, pos)[0]
                pos += 2
                bit_count, _ = _copy_token_help(len(out) - chunk_start)  # Unpack CopyToken (2.4.1.3.19.2)
                length = (token & (0xFFFF >> bit_count)) + 3
                offset = (token >> (16 - bit_count)) + 1
                src = len(out) - offset
                if src < chunk_start:
                    raise OvbaError("CopyToken points before the start of its chunk")
                for i in range(length):  # byte by byte: the source may overlap the destination
                    out.append(out[src + i])
    return bytes(out)


# -- the dir stream (2.3.4.2) ----------------------------------------------------------------------
_PROJECTVERSION = 0x0009  # its Size field says 4 but 6 bytes follow (2.3.4.2.1.11)
_PROJECTCODEPAGE = 0x0003
_MODULENAME = 0x0019
_MODULESTREAMNAME = 0x001A
_MODULEOFFSET = 0x0031
_MODULETYPE_PROCEDURAL = 0x0021


@dataclass(frozen=True)
class Record:
    """One record of the decompressed ``dir`` stream: id, where its data starts, its data."""

    rid: int
    start: int
    data: bytes


@dataclass(frozen=True)
class ModuleInfo:
    """What the ``dir`` stream says about one module (2.3.4.2.3.2)."""

    name: str
    stream: str
    offset: int  # MODULEOFFSET: where the compressed source starts in the module stream
    procedural: bool


def dir_records(dir_plain: bytes) -> list[Record]:
    """Split a decompressed ``dir`` stream into its records (every record is Id(2) Size(4) Data)."""
    records, pos = [], 0
    while pos < len(dir_plain):
        if pos + 6 > len(dir_plain):
            raise OvbaError("truncated dir record")
        rid, size = struct.unpack_from("<HI", dir_plain, pos)
        if rid == _PROJECTVERSION:
            size = 6
        if pos + 6 + size > len(dir_plain):
            raise OvbaError(f"dir record 0x{rid:04X} runs past the end of the stream")
        records.append(Record(rid, pos + 6, dir_plain[pos + 6:pos + 6 + size]))
        pos += 6 + size
    return records


def codepage(records: list[Record]) -> str:
    """The Python codec of PROJECTCODEPAGE (2.3.4.2.1.5), used for names and module source."""
    for r in records:
        if r.rid == _PROJECTCODEPAGE and len(r.data) == 2:
            codec = f"cp{struct.unpack('<H', r.data)[0]}"
            try:
                codecs.lookup(codec)
            except LookupError:
                raise OvbaError(f"unsupported VBA code page {codec}") from None
            return codec
    raise OvbaError("dir stream without a valid PROJECTCODEPAGE")


def modules(dir_plain: bytes) -> list[ModuleInfo]:
    """The modules listed in the ``dir`` stream, in order."""
    records = dir_records(dir_plain)
    codec = codepage(records)
    found: list[ModuleInfo] = []
    name = stream = ""
    offset, procedural = -1, False
    for r in records:
        if r.rid == _MODULENAME:
            name, stream, offset, procedural = r.data.decode(codec), "", -1, False
        elif r.rid == _MODULESTREAMNAME:
            stream = r.data.decode(codec)
        elif r.rid == _MODULEOFFSET:
            if len(r.data) != 4:
                raise OvbaError("MODULEOFFSET record of the wrong size")
            offset = struct.unpack("<I", r.data)[0]
        elif r.rid == _MODULETYPE_PROCEDURAL:
            procedural = True
        elif r.rid == 0x002B and name:  # module Terminator (2.3.4.2.3.2)
            if offset < 0:
                raise OvbaError(f"module {name!r} without MODULEOFFSET")
            found.append(ModuleInfo(name, stream or name, offset, procedural))
            name = ""
    return found


def set_module_offset(dir_plain: bytes, module: str, offset: int) -> bytes:
    """Return ``dir_plain`` with MODULEOFFSET (2.3.4.2.3.2.5) of ``module`` set to ``offset``."""
    records = dir_records(dir_plain)
    codec = codepage(records)
    out, current, hits = bytearray(dir_plain), None, 0
    for r in records:
        if r.rid == _MODULENAME:
            current = r.data.decode(codec)
        elif r.rid == _MODULEOFFSET and current == module and len(r.data) == 4:
            struct.pack_into("<I", out, r.start, offset)
            hits += 1
    if hits != 1:
        raise OvbaError(f"module {module!r} found {hits} times in the dir stream")
    return bytes(out)
