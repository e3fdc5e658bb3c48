"""Helpers shared by the VBA/macro tests."""

from __future__ import annotations

import olefile


def ole_streams(data: bytes) -> dict[str, bytes]:
    """Every stream of a compound file, read by olefile in strict mode."""
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    try:
        return {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}
    finally:
        ole.close()
