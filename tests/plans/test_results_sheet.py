"""The *Hasil* plan of a small catalog: where each figure goes and which input cells its formula reads."""

from __future__ import annotations

from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import ResultRef
from kinerja_xl.plans.results_sheet import FIRST_ROW, RESULT_HEADERS, result_sheet, result_sheet_plan
from kinerja_xl.unit_layout import SHEET_INPUT, unit_layout
from tests.support.catalogs import tiny, tiny_values


def test_the_plan_of_a_unit_reads_its_own_input_cells() -> None:
    catalog = tiny()
    layout = unit_layout(catalog, "A")
    computation = compute(catalog, tiny_values(), scope={"A"})
    plan = result_sheet_plan(layout, computation)
    assert result_sheet_plan(layout, compute(catalog, tiny_values(pembilang=1), scope={"A"})) is plan  # built once
    assert [e.value for e in plan.entries if e.kind == "header"] == RESULT_HEADERS
    inputs = {ref.key: addr for ref, (addr, _) in layout.input_cells().items()}
    cell = plan.cells[ResultRef("S1.1", "realisasi")]
    formula = next(e.value for e in plan.entries if (e.row, e.col) == (cell.row, cell.col))
    assert cell.row >= FIRST_ROW and inputs["pembilang"].a1() in formula and inputs["penyebut"].a1() in formula
    assert f"'{SHEET_INPUT}'!" in formula and "ROUND(" in formula
    assert ResultRef("S1.2", "realisasi") not in plan.cells  # unit B's indicator is not on A's sheet
    sheet = result_sheet(layout, computation, made_by="uji")
    assert sheet.cached[cell.cell] == 80.0 and sheet.title == "Hasil perhitungan — Bidang Layanan"
    assert "dibuat ulang oleh uji" in sheet.subtitle
