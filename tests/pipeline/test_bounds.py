"""Bounds: a capaian exactly at a band's minimum (100, 90) and a value exactly at a predicate's minimum
(88,31, IKM "A") get that band's or predicate's label in every output, cached value and formula alike.

A small catalog (one unit, values typed straight in) puts figures on the bounds; the unit's *Hasil*, the
consolidated and the monitoring workbooks are written, recalculated once by LibreOffice, and each label
and colour is checked against the rule written here independently (``>=`` the minimum): the engine's cached
value, the formula as LibreOffice computes it, the conditional-format rule that colours the cell, and the
Word draft's band colour. Turning a ``>=`` into ``>`` anywhere fails one of them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from kinerja_xl import pipeline
from kinerja_xl.catalog import parse_catalog
from kinerja_xl.cells import a1
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.pipeline.report import draft_report
from tests.support.libreoffice import find_soffice, read_values, recalculate

BOUNDS = """
skema: 1
id: uji-batas-2025
kementerian: Dinas Uji Batas Kabupaten Contoh
tahun: 2025
renstra: [2025, 2029]
perjanjian_kinerja: {versi: Awal 2025}
unit:
  - {kode: A, nama: Bidang Layanan}
pita_capaian:
  - {min: 100, label: Tercapai, warna: C6EFCE}
  - {min: 90, label: Hampir tercapai, warna: FFEB9C}
  - {min: null, label: Belum tercapai, warna: FFC7CE}
predikat:
  ikm:
    - {kode: A, nama: Sangat Baik, dari: 88.31, hingga: 100}
    - {kode: B, nama: Baik, dari: 76.61, hingga: 88.30}
    - {kode: C, nama: Kurang Baik, dari: 25.00, hingga: 76.60}
sasaran:
  - kode: S1
    nama: Meningkatnya mutu layanan
    indikator:
      - {kode: S1.1, nama: Nilai layanan tepat target, satuan: nilai, target: {2025: 100}, pemilik: [A],
         metode: langsung, rentang: [0, 200]}
      - {kode: S1.2, nama: Nilai layanan hampir tercapai, satuan: nilai, target: {2025: 100}, pemilik: [A],
         metode: langsung, rentang: [0, 200]}
      - {kode: S1.3, nama: Indeks kepuasan masyarakat, satuan: nilai, target: {2025: 100}, pemilik: [A],
         metode: langsung, rentang: [0, 100], predikat: ikm}
  - kode: S2
    nama: Meningkatnya tata kelola
    indikator:
      - {kode: S2.1, nama: Nilai tata kelola, satuan: nilai, target: {2025: 100}, pemilik: [A],
         metode: langsung, rentang: [0, 200]}
"""
#: Typed values: capaian exactly 100 (S1.1), 90 (S1.2 and, alone in its sasaran, S2), and an IKM exactly at
#: the minimum of predicate A (S1.3, capaian 88,31: below both minimums).
VALUES = {"S1.1": "100", "S1.2": "90", "S1.3": "88.31", "S2.1": "90"}
BANDS = ((Decimal(100), "Tercapai", "C6EFCE"), (Decimal(90), "Hampir tercapai", "FFEB9C"),
         (None, "Belum tercapai", "FFC7CE"))
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) tidak terpasang")


def band_of(value: Decimal) -> tuple[str, str]:
    """(label, colour) by the rule itself: the first band, highest minimum first, whose minimum value reaches."""
    return next((label, color) for minimum, label, color in BANDS if minimum is None or value >= minimum)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("batas")
    catalog = parse_catalog(BOUNDS, source="BOUNDS")
    unit = folder / "unit" / "kinerja-A-2025-tahunan.xlsx"
    unit.parent.mkdir()
    values = {InputRef(code, "nilai", "A"): Decimal(v) for code, v in VALUES.items()}
    pipeline.write_unit_workbook(catalog, "A", unit, values=values, identity={"penanggung_jawab": "Uji"})
    report = pipeline.validate_files([unit], catalog, expected_units=["A"])
    assert report.exit_code == 0, report.problems
    consolidation = pipeline.consolidate(report, catalog)
    consolidated = pipeline.write_consolidation(consolidation, folder / "konsolidasi.xlsx")
    monitoring = pipeline.monitor(report, catalog, year=2025)
    monitored = pipeline.write_monitoring(monitoring, folder / "pemantauan.xlsx")
    outcomes = pipeline.write_back(report, catalog)
    assert all(r.results and r.error is None for r in outcomes.values())
    return {"catalog": catalog, "folder": folder, "unit": unit, "report": report, "consolidation": consolidation,
            "consolidated": consolidated, "monitoring": monitoring, "monitored": monitored}


def test_the_engine_puts_the_figures_on_the_bounds(built: dict[str, Any]) -> None:
    computation = built["consolidation"].computation
    shown = {code: computation.shown(code, "capaian") for code in ("S1.1", "S1.2", "S1.3", "S2")}
    assert shown == {"S1.1": Decimal("100.00"), "S1.2": Decimal("90.00"), "S1.3": Decimal("88.31"),
                     "S2": Decimal("90.00")}
    assert computation.value("S1.3", "predikat") == "A (Sangat Baik)"  # 88,31 is predicate A's minimum
    assert built["consolidation"].tree()["sasaran"][0]["indikator"][2]["predikat"] == "A (Sangat Baik)"


def status_cells(plan: Any) -> list[tuple[str, str, Decimal, str]]:
    """(sheet, A1 of the status, its capaian, its cached label) of every status cell of a monitoring plan."""
    out = []
    for sheet in plan.sheets:
        for row, col in sheet.status_cells:
            capaian = sheet.cells[(row, col - 1)].value
            if isinstance(capaian, Decimal):
                out.append((sheet.name, a1(row, col), capaian, sheet.cells[(row, col)].value))
    return out


def test_monitoring_status_cached_values_follow_the_minimum(built: dict[str, Any]) -> None:
    cells = status_cells(built["monitoring"].plan())
    on_bounds = {capaian for _, _, capaian, _ in cells}
    assert {Decimal("100.00"), Decimal("90.00"), Decimal("88.31")} <= on_bounds  # the test is not vacuous
    for sheet, cell, capaian, label in cells:
        assert label == band_of(capaian)[0], (sheet, cell, capaian)


@needs_soffice
@pytest.mark.libreoffice
def test_every_formula_on_a_bound_recalculates_to_its_label(built: dict[str, Any]) -> None:
    """The monitoring status and the Hasil predicate as LibreOffice computes them from their formulas."""
    folder = built["folder"]
    recalculated = dict(zip(("unit", "monitored"), recalculate([built["unit"], built["monitored"]],
                                                               folder / "lo"), strict=True))
    values = read_values(recalculated["monitored"])
    cells = status_cells(built["monitoring"].plan())
    for sheet, cell, capaian, _ in cells:
        assert values[sheet][cell] == band_of(capaian)[0], (sheet, cell, capaian)
    hasil = read_values(recalculated["unit"])["Hasil"]
    cached = read_values(built["unit"])["Hasil"]
    assert "A (Sangat Baik)" in hasil.values() and "A (Sangat Baik)" in cached.values()
    assert {k for k, v in hasil.items() if v == "A (Sangat Baik)"} == {k for k, v in cached.items()
                                                                       if v == "A (Sangat Baik)"}


_COMPARISON = re.compile(r"\$?[A-Z]{1,3}\$?\d+\s*(>=|<=|<|>)\s*(-?\d+(?:\.\d+)?)")


def rule_holds(formula: str, value: Decimal) -> bool:
    """A conditional-format rule of the form AND(ISNUMBER(X),X>=90,X<100) (or ISNUMBER(X)) for a number X."""
    checks = {">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, "<": lambda a, b: a < b}
    return all(checks[op](value, Decimal(number)) for op, number in _COMPARISON.findall(formula))


def colour_of(ws: Any, cell: str, value: Decimal) -> str | None:
    """The fill a spreadsheet gives ``cell`` holding ``value``: the rules that cover it in priority order, the
    first that holds (every band rule either stops there or excludes the others by its upper bound)."""
    rules = [(rule.priority, rule) for cf in ws.conditional_formatting for rule in cf.rules
             if cell in cf.sqref and rule.type == "expression"]
    for _, rule in sorted(rules, key=lambda item: item[0]):
        if rule_holds(rule.formula[0], value):
            return str(rule.dxf.fill.bgColor.rgb)[-6:]
    return None


def test_the_colour_rules_follow_the_minimum(built: dict[str, Any]) -> None:
    """Consolidated workbook (Ringkasan, goal sheets) and the unit's Hasil: the fill at each capaian cell."""
    book = openpyxl.load_workbook(built["consolidated"])
    checked = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                cached = c.value
                if not (isinstance(cached, str) and cached.startswith("=")):
                    continue
                plan_value = _plan_value(built, ws.title, c.coordinate)
                if isinstance(plan_value, Decimal) and plan_value in (Decimal(100), Decimal(90), Decimal("88.31")):
                    fill = colour_of(ws, c.coordinate, plan_value)
                    if fill is not None:
                        assert fill == band_of(plan_value)[1], (ws.title, c.coordinate, plan_value)
                        checked += 1
    assert checked >= 4
    hasil = openpyxl.load_workbook(built["unit"])["Hasil"]
    values = read_values(built["unit"])["Hasil"]
    checked = 0
    for coordinate, value in values.items():
        number = Decimal(str(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        if number in (Decimal(100), Decimal(90)):
            fill = colour_of(hasil, coordinate, number)
            if fill is not None:
                assert fill == band_of(number)[1], (coordinate, number)
                checked += 1
    assert checked >= 2


def _plan_value(built: dict[str, Any], sheet: str, coordinate: str) -> Any:
    plan = built.setdefault("plan", built["consolidation"].plan())
    cells = built.setdefault("plan_cells", plan.formula_cells())
    return cells.get((sheet, coordinate))


def test_the_word_draft_colours_the_bounds_like_the_workbooks(built: dict[str, Any]) -> None:
    report, catalog = built["report"], built["catalog"]
    plan = draft_report(report, catalog).plan
    bands = {cell.source: (cell.value, cell.band) for row in plan.table("capaian").body for cell in row.cells
             if cell.source.endswith(":capaian")}
    for source in ("S1.1:capaian", "S1.2:capaian", "S2:capaian", "S1.3:capaian"):
        value, band = bands[source]
        assert band == band_of(value)[1], (source, value)

