"""The macro variant (.xlsm) of the unit workbook: VBA project, buttons, xlwings.conf, openpyxl round trip.

The MS-OVBA / MS-CFB building blocks are tested in ``test_vba_format.py``.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import warnings
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from tests.support.vba import ole_streams
from kinerja_xl.unit_layout import SHEET_INPUT
from tests.support import libreoffice as lo
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.vba import project as vba
from kinerja_xl.render.macro_parts import BUTTONS, CONF_SHEET, SETTINGS

xlwings = pytest.importorskip("xlwings")
with warnings.catch_warnings():  # oletools' pyparsing grammar warns at import time
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

SUB_RE = re.compile(r'^Sub (\w+)\(\)\r?\n\s+RunPython "([^"]*)"\r?\nEnd Sub', re.MULTILINE)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
VERSION_RE = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', re.MULTILINE)


# -- the VBA project ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("vba-cache")


def test_project_changes_only_module1_and_dir(template_bin: bytes, cache: Path) -> None:
    built = vba.vba_project_path(cache).read_bytes()
    before, after = ole_streams(template_bin), ole_streams(built)
    assert set(before) == set(after)
    assert sorted(k for k in before if before[k] != after[k]) == ["VBA/Module1", "VBA/dir"]
    assert after["VBA/_VBA_PROJECT"][:5] == b"\xcc\x61\xff\xff\x00"  # no performance cache ([MS-OVBA] 2.3.4.1)
    modules = vba.read_modules(built)
    assert modules["Module1"] == vba.module_source()
    assert modules["xlwings"] == vba.read_modules(template_bin)["xlwings"]
    assert vba.xlwings_version_of(built) == xlwings.__version__


def test_project_is_cached_and_rebuilt_when_damaged(cache: Path) -> None:
    first = vba.vba_project_path(cache)
    stamp = first.stat().st_mtime_ns
    assert vba.vba_project_path(cache) == first and first.stat().st_mtime_ns == stamp
    assert f"-xlwings-{xlwings.__version__}-" in first.name
    good = first.read_bytes()
    first.write_bytes(good[:1000])
    assert vba.vba_project_path(cache).read_bytes() == good


def test_missing_xlwings_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = vba.importlib.util.find_spec
    monkeypatch.setattr(vba.importlib.util, "find_spec", lambda name, *a: None if name == "xlwings" else real(name))
    with pytest.raises(vba.MacroError, match="xlwings belum terpasang.*pip install"):
        vba.vba_project_path()


# -- the REHSOS macro workbook -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def xlsm(catalog, tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(vba, "default_cache_dir", lambda: cache / "default")  # keep the user's cache out of tests
        return write_unit_workbook(catalog, "REHSOS", tmp_path_factory.mktemp("makro") / "rehsos.xlsm",
                                   buttons=True)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _rels(parts: dict[str, bytes], part: str) -> dict[str, str]:
    """Relationship id -> target part of ``part`` (targets resolved against its folder)."""
    folder, name = part.rsplit("/", 1)
    root = ET.fromstring(parts[f"{folder}/_rels/{name}.rels"])
    out = {}
    for rel in root:
        target = rel.get("Target", "")
        out[rel.get("Id", "")] = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(f"{folder}/{target}")
    return out


def _sheet_part(parts: dict[str, bytes], name: str) -> str:
    """Zip part of the sheet called ``name`` (through workbook.xml and its relationships)."""
    root = ET.fromstring(parts["xl/workbook.xml"])
    sheet = next(e for e in root.iter(f"{{{MAIN_NS}}}sheet") if e.get("name") == name)
    return _rels(parts, "xl/workbook.xml")[sheet.get(f"{{{REL_NS}}}id", "")]


def _vba(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(module name -> source, Sub name -> RunPython command) as oletools extracts them."""
    parser = VBA_Parser(str(path))
    try:
        assert parser.detect_vba_macros()
        sources = {name.rsplit(".", 1)[0]: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()
    return sources, dict(SUB_RE.findall(sources.get("Module1", "")))


def _buttons(parts: dict[str, bytes], sheet_part: str) -> list[tuple[str, str, list[int]]]:
    """(caption, macro, anchor) of every form button in the VML drawing of ``sheet_part``."""
    legacy = ET.fromstring(parts[sheet_part]).find(f"{{{MAIN_NS}}}legacyDrawing")
    assert legacy is not None, f"{sheet_part} has no legacy (VML) drawing"
    vml = parts[_rels(parts, sheet_part)[legacy.get(f"{{{REL_NS}}}id", "")]].decode()
    found = []
    for shape in re.findall(r"<v:shape .*?</v:shape>", vml, re.S):
        if 'ObjectType="Button"' in shape:
            caption = re.search(r"<font [^>]*>([^<]*)</font>", shape)
            macro = re.search(r"<x:FmlaMacro>([^<]*)</x:FmlaMacro>", shape)
            anchor = re.search(r"<x:Anchor>([^<]*)</x:Anchor>", shape)
            assert caption and macro and anchor
            found.append((caption.group(1), macro.group(1), [int(v) for v in anchor.group(1).split(",")]))
    return found


def test_xlsm_is_a_macro_workbook(xlsm: Path) -> None:
    parts = _parts(xlsm)
    types = parts["[Content_Types].xml"].decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert "application/vnd.ms-office.vbaProject" in types
    assert 'codeName="ThisWorkbook"' in parts["xl/workbook.xml"].decode()
    names = re.findall(r'<sheet name="([^"]+)"', parts["xl/workbook.xml"].decode())
    code_names = [re.search(r'<sheetPr[^>]*codeName="(\w+)"', parts[_sheet_part(parts, n)].decode()).group(1)
                  for n in names]
    assert code_names == [f"Sheet{i}" for i in range(1, len(names) + 1)]


def test_vba_has_our_macros_and_the_installed_xlwings(xlsm: Path, cache: Path) -> None:
    sources, subs = _vba(xlsm)
    assert {"ThisWorkbook", "Sheet1", "Sheet2", "Module1", "xlwings"} <= set(sources)
    assert subs == {m: f"import kinerja_xl.xl_addin as k; k.{f}()" for m, f in vba.MACROS}
    assert '"' not in "".join(subs.values())  # RunPython embeds the command in cmd.exe /C "..."
    assert VERSION_RE.findall(sources["xlwings"]) == [xlwings.__version__]
    assert "Public Function RunPython(" in sources["xlwings"]
    assert _parts(xlsm)["xl/vbaProject.bin"] == vba.vba_project_path(cache).read_bytes()  # deterministic build
    assert VERSION_RE.findall(vba.read_modules(_parts(xlsm)["xl/vbaProject.bin"])["xlwings"]) == [
        xlwings.__version__]


def test_buttons_on_isian_call_the_macros(xlsm: Path) -> None:
    parts = _parts(xlsm)
    buttons = _buttons(parts, _sheet_part(parts, SHEET_INPUT))
    assert [(c, m) for c, m, _ in buttons] == [("Validasi", "[0]!Validasi"), ("Hitung", "[0]!Hitung")]
    for (_c, _m, (left, _lo, top, _to, right, _ro, bottom, _bo)), button in zip(buttons, BUTTONS, strict=True):
        assert left == button.col and 8 <= left <= right <= 10 and 0 == top <= bottom <= 1  # I-K, rows 1-2
    _sources, subs = _vba(xlsm)
    assert {m.removeprefix("[0]!") for _c, m, _ in buttons} <= set(subs)  # every button has its Sub
    others = [p for p in parts if p.endswith(".vml")]
    assert len(others) == 1  # no buttons elsewhere


def test_xlwings_conf_sheet(xlsm: Path) -> None:
    wb = openpyxl.load_workbook(xlsm)
    assert wb.sheetnames[-1] == CONF_SHEET and wb[CONF_SHEET].sheet_state == "visible"
    ws = wb[CONF_SHEET]
    block = []  # what xlwings' GetConfigFromSheet reads: A1 down to the last non-empty cell, key A, value B
    for row in ws.iter_rows(min_row=1, max_col=3):
        if row[0].value in (None, ""):
            break
        block.append((row[0].value, row[1].value, row[2].value))
    assert [k for k, _v, _h in block] == [s.key for s in SETTINGS] == [
        "Interpreter_Win", "Interpreter_Mac", "PYTHONPATH", "ADD_WORKBOOK_TO_PYTHONPATH", "Show Console",
        "Use UDF Server"]
    values = {k.upper(): v for k, v, _h in block}
    assert len(values) == len(block)  # no duplicate keys (a Scripting.Dictionary would fail)
    assert values["INTERPRETER_WIN"].endswith("python.exe") and values["INTERPRETER_MAC"].endswith("/python")
    assert values["PYTHONPATH"] is None and values["ADD_WORKBOOK_TO_PYTHONPATH"] == "FALSE"
    assert values["SHOW CONSOLE"] is False and values["USE UDF SERVER"] is False
    assert all(isinstance(h, str) and len(h) > 20 for _k, _v, h in block)  # an instruction per setting
    assert ws.cell(len(block) + 1, 1).value is None  # the notes below are outside the block
    assert not any(name.lower().endswith(".py") for name in wb.sheetnames)


def _isian_vml(parts: dict[str, bytes]) -> bytes:
    sheet = _sheet_part(parts, SHEET_INPUT)
    legacy = ET.fromstring(parts[sheet]).find(f"{{{MAIN_NS}}}legacyDrawing")
    assert legacy is not None
    return parts[_rels(parts, sheet)[legacy.get(f"{{{REL_NS}}}id", "")]]


def test_openpyxl_write_back_keeps_macros_and_buttons(xlsm: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    wb[SHEET_INPUT]["K12"] = "bukti dukung"
    wb[SHEET_INPUT]["B3"].value = wb[SHEET_INPUT]["B3"].value  # touch the sheet with the buttons
    wb.create_sheet("Validasi")["A1"] = "Hasil validasi"
    wb["Validasi"]["A2"].comment = Comment("Catatan pada lembar lain.", "kinerja_xl")
    out = tmp_path / "tulis-balik.xlsm"
    wb.save(out)
    before, after = _parts(xlsm), _parts(out)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert _isian_vml(after) == _isian_vml(before)  # buttons byte-identical
    assert _buttons(after, _sheet_part(after, SHEET_INPUT)) == _buttons(before, _sheet_part(before, SHEET_INPUT))
    assert 'codeName="ThisWorkbook"' in after["xl/workbook.xml"].decode()
    assert "macroEnabled.main+xml" in after["[Content_Types].xml"].decode()
    assert CONF_SHEET in openpyxl.load_workbook(out).sheetnames
    _sources, subs = _vba(out)
    assert set(subs) == {m for m, _f in vba.MACROS}


def _closure(parts: dict[str, bytes], part: str) -> dict[str, bytes]:
    """``part``, its rels part and every part it reaches (VML drawings, drawings, pictures...), by name."""
    seen: dict[str, bytes] = {}
    stack = [part]
    while stack:
        name = stack.pop()
        if name in seen or name not in parts:
            continue
        seen[name] = parts[name]
        folder, base = name.rsplit("/", 1)
        rels = f"{folder}/_rels/{base}.rels"
        if rels in parts:
            seen[rels] = parts[rels]
            stack.extend(t for t in _rels(parts, name).values() if t in parts)
    return seen


def test_write_back_never_touches_the_isian_buttons(catalog, raw, cache: Path, tmp_path: Path) -> None:
    """``hitung`` writes Hasil and Validasi twice into a macro workbook: the Isian sheet, its VML button
    drawing, every part they reach and the VBA project keep their bytes (openpyxl, which used to write
    back, re-serialised the buttons' VML when it had to add a comment to the sheet)."""
    from kinerja_xl import pipeline

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(vba, "default_cache_dir", lambda: cache / "default")
        path = write_unit_workbook(catalog, "REHSOS", tmp_path / "kinerja-REHSOS-2023-tahunan.xlsm",
                                   values=raw.values["REHSOS"], survey_rows=raw.survey_rows["REHSOS"], buttons=True)
    before = _parts(path)
    isian = _closure(before, _sheet_part(before, SHEET_INPUT))
    assert any(name.endswith(".vml") for name in isian)
    for _ in range(2):
        outcome = pipeline.write_back(pipeline.validate_files([path], catalog), catalog)
        assert outcome[str(path)].error is None and outcome[str(path)].results
    after = _parts(path)
    assert _closure(after, _sheet_part(after, SHEET_INPUT)) == isian
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert _buttons(after, _sheet_part(after, SHEET_INPUT)) == _buttons(before, _sheet_part(before, SHEET_INPUT))
    assert re.findall(r'<sheet name="([^"]+)"', after["xl/workbook.xml"].decode()).count("Hasil") == 1
    _sources, subs = _vba(path)
    assert set(subs) == {m for m, _f in vba.MACROS}


def test_buttons_require_a_project_with_the_macros(catalog, template_bin: bytes, tmp_path: Path) -> None:
    foreign = tmp_path / "vbaProject.bin"
    foreign.write_bytes(template_bin)  # xlwings' own project: SampleCall only
    with pytest.raises(vba.MacroError, match="tidak memuat makro Validasi"):
        write_unit_workbook(catalog, "REHSOS", tmp_path / "x.xlsm", vba_project=foreign, buttons=True)
    assert not (tmp_path / "x.xlsm").exists()


def test_buttons_require_xlsm(catalog, tmp_path: Path) -> None:
    target = tmp_path / "rehsos.xlsx"
    with pytest.raises(vba.MacroError, match=r"\.xlsm"):
        write_unit_workbook(catalog, "REHSOS", target, buttons=True)
    assert not target.exists()


@pytest.mark.libreoffice
@pytest.mark.skipif(lo.find_soffice() is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_imports_the_module_and_binds_the_buttons(xlsm: Path, tmp_path: Path) -> None:
    """An independent office suite reads the VBA project and resolves each button to Module1.<macro>."""
    profile = tmp_path / "profile"
    subprocess.run([lo.find_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(xlsm)],
                   check=True, capture_output=True, timeout=300)
    with zipfile.ZipFile(tmp_path / "rehsos.ods") as z:
        content = z.read("content.xml").decode()
        module = z.read("Basic/VBAProject/Module1.xml").decode()
    shutil.rmtree(profile, ignore_errors=True)
    targets = re.findall(r'xlink:href="vnd\.sun\.star\.script:VBAProject\.(\w+\.\w+)\?', content)
    assert targets == ["Module1.Validasi", "Module1.Hitung"]
    assert "Sub Validasi()" in module and "Sub Hitung()" in module
