"""Period targets (``target_triwulan``): the catalog checks, the engine's capaian and the quarterly workbook."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja_xl.catalog import CatalogError, parse_catalog
from kinerja_xl.catalog.schema import TargetRange
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import ResultRef
from kinerja_xl.pipeline import write_unit_workbook
from kinerja_xl.unit_layout import COL_TARGET, SHEET_INPUT, unit_layout
from tests.support.catalogs import TINY, tiny_values

QUARTERLY = TINY.replace("        target: {2025: 80, 2029: 90}\n",
                         "        target: {2025: 80, 2029: 90}\n"
                         "        target_triwulan: {TW1: 20, TW2: 40, TW3: [55, 60], TW4: 80}\n")
COUNT = """
      - kode: S1.3
        nama: Jumlah desa yang dibina
        satuan: desa
        target: {2025: 120}
        target_triwulan: {TW1: 30, TW2: 60, TW3: 50, TW4: 120}
        pemilik: [A]
        metode: langsung
"""


def problems(text: str) -> list[tuple[str, str, str]]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(text)
    return [(p.node, p.field, p.message) for p in info.value.problems]


def test_quarter_targets_load_as_numbers_and_ranges():
    assert QUARTERLY != TINY
    node = parse_catalog(QUARTERLY).node("S1.1")
    assert node.period_target("TW2") == Decimal(40)
    assert node.period_target("TW3") == TargetRange(Decimal(55), Decimal(60))
    assert node.period_target("tahunan") is None


@pytest.mark.parametrize(("targets", "field", "words"), [
    ("{TW1: banyak}", "target_triwulan.TW1", "angka"),
    ("{TW5: 20}", "target_triwulan.TW5", "periode 'TW5' tidak dikenal"),
    ("[20, 40]", "target_triwulan", ""),
])
def test_a_wrong_quarter_target_names_node_and_field(targets, field, words):
    found = problems(TINY.replace("        target: {2025: 80, 2029: 90}\n",
                                  f"        target: {{2025: 80, 2029: 90}}\n        target_triwulan: {targets}\n"))
    assert [(node, f) for node, f, _ in found] == [("S1.1", field)]
    assert words in found[0][2]


def test_a_quarter_target_needs_the_annual_target_and_a_catalog_period():
    without_annual = TINY.replace("        target: {2025: 80, 2029: 90}\n",
                                  "        target: {2029: 90}\n        target_triwulan: {TW1: 20}\n")
    assert ("S1.1", "target_triwulan", "target triwulan memerlukan target tahunan tahun katalog") in problems(
        without_annual)
    no_tw3 = QUARTERLY.replace("tahun: 2025\n", "tahun: 2025\nperiode: [TW1, TW2, TW4, tahunan]\n")
    assert [(n, f) for n, f, _ in problems(no_tw3)] == [("S1.1", "target_triwulan.TW3")]


def test_a_falling_target_of_a_count_is_only_a_warning():
    catalog = parse_catalog(QUARTERLY + COUNT)
    assert [(w.node, w.field) for w in catalog.warnings] == [("S1.3", "target_triwulan.TW3")]
    assert "target TW3 (50) lebih kecil dari target TW2 (60)" in catalog.warnings[0].message
    falling_percent = QUARTERLY.replace("TW3: [55, 60]", "TW3: 30")  # a percentage may legitimately fall
    assert not parse_catalog(falling_percent).warnings


def test_a_quarter_measures_capaian_against_its_own_target():
    catalog = parse_catalog(QUARTERLY)
    values = tiny_values(pembilang=36, penyebut=90)  # 40 %: the TW2 target, half the annual 80
    tw2 = compute(catalog, values, period="TW2")
    assert tw2.number("S1.1", "capaian") == Decimal(100)
    assert tw2.number("S1.1", "capaian_tahunan") == Decimal(50)
    assert ResultRef("S1.1", "target_periode") in tw2.constants
    annual = compute(catalog, values)
    assert annual.number("S1.1", "capaian") == Decimal(50)
    assert ResultRef("S1.1", "capaian_tahunan") not in annual.figures
    inside = compute(catalog, tiny_values(pembilang=51, penyebut=90), period="TW3")  # 56,67: inside [55, 60]
    assert inside.number("S1.1", "capaian") == Decimal(100)
    other_year = compute(catalog, values, period="TW2", year=2026)  # quarter targets are of the catalog year
    assert ResultRef("S1.1", "capaian_tahunan") not in other_year.figures


def test_the_quarterly_workbook_shows_the_quarter_target_and_says_which(tmp_path):
    catalog = parse_catalog(QUARTERLY)
    path = write_unit_workbook(catalog, "A", tmp_path / "a.xlsx", period="TW2")
    layout = unit_layout(catalog, "A", 2025, "TW2")
    row = next(r for r in layout.rows if r.node == "S1.1")
    ws = load_workbook(path)[SHEET_INPUT]
    cell = ws.cell(row=row.row, column=COL_TARGET)
    assert cell.value == 40 and cell.protection.locked
    assert "Target TW2 (kumulatif, dari Rencana Aksi); target tahunan 80." in cell.comment.text
    b = load_workbook(write_unit_workbook(catalog, "B", tmp_path / "b.xlsx", period="TW2"))[SHEET_INPUT]
    row_b = next(r for r in unit_layout(catalog, "B", 2025, "TW2").rows if r.node == "S1.2")
    assert b.cell(row=row_b.row, column=COL_TARGET).value == 85  # no quarter target: the annual one, said so
    assert "katalog tidak memuat target TW2" in b.cell(row=row_b.row, column=COL_TARGET).comment.text
