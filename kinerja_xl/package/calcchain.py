"""Filtering ``xl/calcChain.xml`` when sheets are removed.

The calculation chain lists formula cells as ``<c r="A1" i="3"/>`` where ``i`` is the sheetId and an
entry without ``i`` belongs to the sheet of the entry before it. An entry pointing at a removed sheet
makes Excel report the file as damaged, so those entries go; the first entry kept after them gets an
explicit ``i`` when it inherited its sheet from a removed one. A chain left empty is removed with its
relationship and content type (the chain is optional: Excel rebuilds it).
"""

from __future__ import annotations

from .xmlscan import Patch, apply, head_patch, remove_patch, scan


def filter_calc_chain(data: bytes, part: str, removed: set[int]) -> bytes | None:
    """The chain without entries of the sheets whose sheetId is in ``removed``; ``data`` itself when
    nothing changes, None when no entry remains."""
    root = scan(data, part, depth=2)
    patches: list[Patch] = []
    current: str | None = None  # sheet of the entry being read
    written: str | None = None  # sheet an entry without i would inherit in the output
    kept = 0
    for node in root.iter("c"):
        explicit = node.get("i")
        if explicit is not None:
            current = explicit
        if current is not None and current.isdigit() and int(current) in removed:
            patches.append(remove_patch(node))
            continue
        kept += 1
        if explicit is None and current != written:
            patches.append(head_patch(data, node, {"i": current}))
        written = current
    if not patches:
        return data
    return apply(data, patches) if kept else None
