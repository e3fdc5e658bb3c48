"""What held before the hostile-ground work, and must keep holding under the stricter reading.

ZIP64 members, a million shared strings, a cell 200,000 rows down or 16,384 columns right, truncated and empty
files, emoji and right-to-left text: each is read (or refused) the same way by validation and write-back.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from kinerja_xl import pipeline
from kinerja_xl.text import csv_text, safe_text, terminal_text
from tests.conftest import EXAMPLES
from tests.support.handmade import read, sheet_part

SOURCE = EXAMPLES / "kinerja-ITJEN-2023-tahunan.xlsx"


def rewritten(change: dict[str, bytes] | None = None, *, zip64: bool = False) -> bytes:
    data = SOURCE.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = (change or {}).get(info.filename, source.read(info))
            entry = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w", force_zip64=zip64) as member:
                member.write(content)
    return out.getvalue()


def outcome(catalog, path: Path, tmp_path: Path) -> tuple[str, list[str], str | None]:
    report = pipeline.validate_files([path], catalog)
    written = pipeline.write_back(report, catalog, outdir=tmp_path / "keluar") if report.submissions[0].readable \
        else {}
    return report.files[0].status, [p.code for p in report.problems], \
        next((r.error for r in written.values()), None)


@pytest.mark.parametrize("name", ["zip64", "sejuta-string"])
def test_large_but_sound_packages_are_read_and_written_back(catalog, tmp_path, name):
    data = SOURCE.read_bytes()
    if name == "zip64":
        variant = rewritten(zip64=True)
    else:
        strings = read(data, "xl/sharedStrings.xml")
        body = b"".join(b"<si><t>s%d</t></si>" % i for i in range(1_000_000))
        strings = re.sub(rb' count="\d+" uniqueCount="\d+"', b"", strings).replace(b"</sst>", body + b"</sst>")
        variant = rewritten({"xl/sharedStrings.xml": strings})
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(variant)
    assert outcome(catalog, path, tmp_path) == ("peringatan", ["identitas-kosong"], None)


@pytest.mark.parametrize(("cell", "extent"), [("A200000", "A200000"), ("XFD12", "XFD12")])
def test_a_cell_far_away_is_refused_with_its_extent(catalog, tmp_path, cell, extent):
    data = SOURCE.read_bytes()
    part = sheet_part(data, "Isian")
    row = re.sub(r"[A-Z]", "", cell)
    far = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'.encode()
    sheet = read(data, part)
    if row == "12":  # row 12 exists: put the far cell into it
        sheet = re.sub(rb'(<row r="12"[^>]*>.*?)</row>', lambda m: m.group(1) + f'<c r="{cell}"><v>1</v></c>'.encode()
                       + b"</row>", sheet, count=1, flags=re.S)
    else:
        sheet = sheet.replace(b"</sheetData>", far, 1)
    path = tmp_path / "jauh.xlsx"
    path.write_bytes(rewritten({part: sheet}))
    report = pipeline.validate_files([path], catalog)
    assert [(p.code, extent in p.message) for p in report.problems] == [("lembar-terlalu-besar", True)]


@pytest.mark.parametrize("name", ["kosong", "terpotong"])
def test_empty_and_truncated_files_are_unreadable_and_untouched(catalog, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    data = b"" if name == "kosong" else SOURCE.read_bytes()[:5000]
    path.write_bytes(data)
    status, codes, _ = outcome(catalog, path, tmp_path)
    assert status == "unreadable" and codes == ["berkas-kosong" if name == "kosong" else "berkas-rusak"]
    assert path.read_bytes() == data


@pytest.mark.parametrize("text", ["Capaian 💯 tercapai 🎉", "مؤشر الأداء", "עברית ושלום", "Ünïcödé ✓"])
def test_emoji_and_right_to_left_text_pass_unchanged(text):
    assert safe_text(text) == text and csv_text(text) == text and terminal_text(text) == text
