"""The unit checks on a small inline catalog: exact (code, sheet, cell) lists, no Kemensos tree needed."""

from __future__ import annotations

from pathlib import Path

from kinerja_xl.cells import a1
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.unit_layout import SHEET_INPUT, unit_layout
from kinerja_xl.validate.unit import read_unit_workbook
from tests.support.catalogs import tiny, tiny_values

IDENTITY = {"penanggung_jawab": "Petugas", "tanggal": "2026-01-15"}


def workbook(tmp_path: Path, unit: str, **values: object) -> Path:
    catalog = tiny()
    figures = {ref: v for ref, v in tiny_values().items() if ref.unit == unit}
    figures.update({InputRef(*key.split(":"), unit): v for key, v in values.items()})  # type: ignore[misc]
    return write_unit_workbook(catalog, unit, tmp_path / f"{unit}.xlsx", values=figures, identity=IDENTITY)


def cell(unit: str, node: str, key: str) -> str:
    address, _ = unit_layout(tiny(), unit).input_cells()[InputRef(node, key, unit)]
    return a1(address.row, address.col)


def found(path: Path) -> list[tuple[str, str, str]]:
    problems = read_unit_workbook(path, tiny()).problems
    return [(p.code, p.sheet, p.cell) for p in problems if p.code != "identitas-kosong"]


def test_a_filled_workbook_has_no_problem(tmp_path):
    assert found(workbook(tmp_path, "A")) == [] and found(workbook(tmp_path, "B")) == []


def test_numerator_above_denominator(tmp_path):
    path = workbook(tmp_path, "A", **{"S1.1:pembilang": 91, "S1.1:penyebut": 90})
    assert found(path) == [("pembilang-melebihi-penyebut", SHEET_INPUT, cell("A", "S1.1", "pembilang"))]


def test_a_direct_value_outside_its_range_and_text_in_a_number_cell(tmp_path):
    assert found(workbook(tmp_path, "B", **{"S1.2:nilai": 101})) == [
        ("di-luar-rentang", SHEET_INPUT, cell("B", "S1.2", "nilai"))]
    assert found(workbook(tmp_path, "B", **{"S1.2:nilai": "banyak"})) == [
        ("bukan-angka", SHEET_INPUT, cell("B", "S1.2", "nilai"))]
