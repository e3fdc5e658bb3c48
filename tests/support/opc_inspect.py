"""An independent look into a package for the tests: ElementTree (defusedxml) and zipfile only, none
of the code under test, so a bug in the splice cannot hide itself in the test's own reading."""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote

from defusedxml import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: Parts a splice may change (the workbook's lists of sheets, styles and titles) besides result sheets.
NECESSARY = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
             "docProps/app.xml", "xl/calcChain.xml"}


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def rels_of(parts: dict[str, bytes], part: str) -> list[dict[str, str]]:
    """The relationships of ``part`` ('' = root) as dicts with Id, Type, Target, TargetMode and the
    resolved ``part``."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels") if part else "_rels/.rels"
    if rels not in parts:
        return []
    out = []
    for node in ElementTree.fromstring(parts[rels]).iter(f"{RELS}Relationship"):
        item = dict(node.attrib)
        if item.get("TargetMode") != "External":
            target = unquote(item["Target"])
            item["part"] = target[1:] if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
        out.append(item)
    return out


def sheets(parts: dict[str, bytes]) -> list[dict[str, str]]:
    """Each <sheet> of the workbook in order, with its part."""
    rels = {r["Id"]: r.get("part") for r in rels_of(parts, "xl/workbook.xml")}
    root = ElementTree.fromstring(parts["xl/workbook.xml"])
    return [{**s.attrib, "part": rels[s.attrib[R_ID]]} for s in root.iter(f"{MAIN}sheet")]


def closure(parts: dict[str, bytes], start: str) -> set[str]:
    """``start`` and every part reachable from it, with their rels parts."""
    seen, stack = set(), [start]
    while stack:
        part = stack.pop()
        if part in seen:
            continue
        seen.add(part)
        folder, name = posixpath.split(part)
        seen.add(posixpath.join(folder, "_rels", f"{name}.rels"))
        stack += [r["part"] for r in rels_of(parts, part) if "part" in r]
    return {p for p in seen if p in parts}


def result_parts(parts: dict[str, bytes], names: tuple[str, ...] = ("Hasil", "Validasi")) -> set[str]:
    found: set[str] = set()
    for sheet in sheets(parts):
        if sheet["name"] in names:
            found |= closure(parts, sheet["part"])
    return found


def overrides(parts: dict[str, bytes]) -> dict[str, str]:
    root = ElementTree.fromstring(parts["[Content_Types].xml"])
    return {o.attrib["PartName"].lstrip("/"): o.attrib["ContentType"] for o in root.iter(f"{CT}Override")}


def defined_names(parts: dict[str, bytes]) -> list[tuple[str, str | None, str]]:
    root = ElementTree.fromstring(parts["xl/workbook.xml"])
    return [(d.attrib["name"], d.attrib.get("localSheetId"), d.text or "") for d in root.iter(f"{MAIN}definedName")]
