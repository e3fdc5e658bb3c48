"""A sheet in an unusual form is streamed by defusedxml (imported only for such a sheet): what the streaming
parser refuses is worded as the XML being invalid, anything else it meets as a damaged structure."""

from __future__ import annotations

from pathlib import Path

from kinerja_xl.validate.unit import read_unit_workbook
from tests.factories import get_catalog, input_sheet_part, rewrite_member, unit_workbook


def _streamed(path: Path, damage: bytes, into: bytes) -> Path:
    """The workbook with its Isian sheet sent to the streaming parser (a cell start with two spaces before its
    ``r``, which the byte scan does not take) and ``damage`` replaced by ``into``."""
    def change(data: bytes) -> bytes:
        assert b'<c r="' in data and damage in data
        return data.replace(b'<c r="', b'<c  r="', 1).replace(damage, into, 1)

    return rewrite_member(path, input_sheet_part(path), change)


def test_xml_the_parser_refuses_is_called_invalid(tmp_path: Path) -> None:
    path = _streamed(unit_workbook(tmp_path, "ITJEN", period="TW2"), b"</sheetData>", b"</sheetDat>")
    sub = read_unit_workbook(path, get_catalog())
    assert [p.code for p in sub.problems] == ["berkas-rusak"]
    assert "XML di dalam buku kerja tidak sah atau tidak aman" in sub.problems[0].message


def test_other_damage_the_parser_meets_is_called_a_damaged_structure(tmp_path: Path) -> None:
    path = _streamed(unit_workbook(tmp_path, "ITJEN", period="TW2"), b'<row r="1"', b'<row r="satu"')
    sub = read_unit_workbook(path, get_catalog())
    assert [p.code for p in sub.problems] == ["berkas-rusak"]
    assert "struktur OOXML buku kerja rusak" in sub.problems[0].message
