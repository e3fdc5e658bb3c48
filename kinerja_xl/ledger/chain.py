"""The hash chain of the ledger: every record carries the hash of the one before it.

A record's hash covers its number, kind, time, key, unit, year, period, the SHA-256 of its data and the
previous record's hash, in one canonical encoding. Changing, inserting, removing or reordering any
record therefore breaks the link to every record after it, which :mod:`.verify` finds.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

#: The "previous hash" of the first record.
GENESIS = "0" * 64


def canonical(data: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8 (what is hashed and stored)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_hash(number: int, kind: str, time: str, key: str, unit: str | None, year: int | None, period: str | None,
             data: bytes, previous: str) -> str:
    """The hash of one record (``data`` as stored)."""
    return sha256_hex(canonical([number, kind, time, key, unit, year, period, sha256_hex(data), previous]))
