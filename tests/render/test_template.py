"""The unit input workbook: deterministic, protected exactly around its inputs, validated, live formulas."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja_xl.compute.engine import compute
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_META, unit_layout
from kinerja_xl.cells import a1
from tests.support.libreoffice import find_soffice, read_values, recalculate
from kinerja_xl.pipeline.templates import write_unit_workbook

UNITS = ["SETJEN", "ITJEN", "REHSOS", "LINJAMSOS", "DAYASOS"]
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) tidak terpasang")


def snapshot(path: Path) -> dict:
    """Everything a user relies on: cells, formulas, validations, protection, merged cells."""
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        cells = {c.coordinate: (c.value, c.protection.locked, c.number_format)
                 for row in ws.iter_rows() for c in row if c.value is not None or not c.protection.locked}
        validations = sorted((str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorStyle,
                              dv.showErrorMessage) for dv in ws.data_validations.dataValidation)
        out[ws.title] = (cells, validations, ws.protection.sheet, ws.sheet_state, sorted(map(str, ws.merged_cells)))
    return out


@pytest.mark.parametrize("unit", UNITS)
def test_generating_twice_gives_the_same_workbook(catalog, tmp_path, unit):
    a = write_unit_workbook(catalog, unit, tmp_path / "a.xlsx")
    b = write_unit_workbook(catalog, unit, tmp_path / "b.xlsx")
    assert snapshot(a) == snapshot(b)


@pytest.mark.parametrize("unit", UNITS)
def test_inputs_are_exactly_the_unlocked_cells_and_all_are_validated(catalog, tmp_path, unit):
    path = write_unit_workbook(catalog, unit, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET_INPUT]
    assert ws.protection.sheet is True and not ws.protection.password
    layout = unit_layout(catalog, unit)
    expected_inputs = {addr.a1(absolute=False).split("!")[-1] for addr, _ in layout.input_cells().values()}
    extras = {addr.a1(absolute=False).split("!")[-1] for addr in layout.extra_cells().values()}
    identity = {layout.identity_cell(n).a1(absolute=False).split("!")[-1] for n in ("penanggung_jawab", "tanggal")}
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked
                and c.coordinate not in {m.coord for m in ()}}
    # merged identity cells: only their top-left cell is addressable
    merged_tails = {cell for rng in ws.merged_cells.ranges for cell in _cells(rng) if cell != rng.coord.split(":")[0]}
    unlocked -= merged_tails
    assert unlocked == expected_inputs | extras | identity
    validated = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validated |= set(_cells(rng))
    assert unlocked <= validated, sorted(unlocked - validated)
    # formulas and targets are locked
    for row in layout.rows:
        for col in list(row.figures) + list(row.constants):
            assert ws.cell(row=row.row, column=col).protection.locked


def _cells(rng) -> list[str]:
    return [a1(r, c) for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)]


def test_text_in_a_number_cell_is_refused_by_excel_validation(catalog, tmp_path):
    path = write_unit_workbook(catalog, "REHSOS", tmp_path / "t.xlsx")
    ws = load_workbook(path)[SHEET_INPUT]
    layout = unit_layout(catalog, "REHSOS")
    addr, field = next(iter(layout.input_cells().values()))
    cell = addr.a1(absolute=False).split("!")[-1]
    rules = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(rules) == 1
    rule = rules[0]
    assert rule.type == ("whole" if field.kind == "bulat" else "decimal")
    assert rule.errorStyle in (None, "stop")  # OOXML default errorStyle is "stop"
    assert rule.showErrorMessage and rule.showInputMessage
    assert "Teks tidak diterima" in rule.error and rule.errorTitle == "Isian tidak valid"


def test_meta_sheet_identifies_the_workbook(catalog, tmp_path):
    path = write_unit_workbook(catalog, "DAYASOS", tmp_path / "t.xlsx", period="TW2")
    wb = load_workbook(path)
    meta = wb[SHEET_META]
    assert meta.sheet_state == "hidden"
    pairs = {row[0]: row[1] for row in meta.iter_rows(min_row=2, values_only=True)}
    assert pairs["skema_templat"] == 1
    assert pairs["katalog_id"] == catalog.id and pairs["katalog_hash"] == catalog.content_hash
    assert (pairs["unit"], pairs["tahun"], pairs["periode"]) == ("DAYASOS", 2023, "TW2")
    assert pairs["isian|SS1.1.3|Juni.pembilang"].startswith("C")  # a TW2 workbook covers January to June
    assert "isian|SS1.1.3|Juli.pembilang" not in pairs


def test_print_setup_and_frozen_header(catalog, tmp_path):
    book = load_workbook(write_unit_workbook(catalog, "LINJAMSOS", tmp_path / "t.xlsx"))
    ws = book[SHEET_INPUT]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # the plan's scale and breaks (Excel ignores manual breaks under "fit to page")
    assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
    last_row = unit_layout(catalog, "LINJAMSOS").last_row
    assert 40 <= ws.page_setup.scale <= 100 and ws.print_area.endswith(f"$K${last_row}")
    assert ws.print_title_rows == "$9:$9"
    guide = book["Petunjuk"]  # an instruction page: upright A4
    assert guide.page_setup.orientation == "portrait" and guide.page_setup.paperSize == 9
    assert ws.freeze_panes == "C10"  # header rows and the Kode/Uraian columns stay visible


def test_text_from_values_is_never_a_formula(catalog, tmp_path):
    from kinerja_xl.compute.expr import InputRef

    ref = InputRef("SS2.1", "pembilang", "SETJEN")
    path = write_unit_workbook(catalog, "SETJEN", tmp_path / "t.xlsx", values={ref: "=1+1"},
                               identity={"penanggung_jawab": "=HYPERLINK(\"http://x\")"})
    ws = load_workbook(path)[SHEET_INPUT]
    addr = unit_layout(catalog, "SETJEN").input_cells()[ref][0]
    assert ws.cell(row=addr.row, column=addr.col).data_type == "s"
    assert ws["C6"].data_type == "s"


def test_committed_examples_equal_a_fresh_generation(catalog, raw, tmp_path):
    from kinerja_xl.pipeline.examples import build_examples

    from tests.conftest import EXAMPLES

    for fresh in build_examples(catalog, raw, tmp_path):
        assert snapshot(fresh) == snapshot(EXAMPLES / fresh.name), f"{fresh.name}: jalankan workbooks/buat_contoh.py"


@needs_soffice
@pytest.mark.libreoffice
def test_live_formulas_recalculate_to_the_engine_values(catalog, raw, tmp_path):
    from tests.conftest import EXAMPLES

    paths = [EXAMPLES / f"kinerja-{u}-2023-tahunan.xlsx" for u in UNITS]
    for unit, original, recalculated in zip(UNITS, paths, recalculate(paths, tmp_path), strict=True):
        computation = compute(catalog, raw.values[unit], scope={unit})
        values = read_values(recalculated)[SHEET_INPUT]
        cached = read_values(original)[SHEET_INPUT]
        checked = 0
        for row in unit_layout(catalog, unit).rows:
            for col, ref in row.figures.items():
                cell = a1(row.row, col)
                expected = computation.figures[ref].value
                got = values.get(cell)
                if isinstance(expected, Decimal):
                    assert got == pytest.approx(float(expected), abs=1e-9), (unit, cell, ref)
                else:
                    assert got == expected, (unit, cell, ref)
                assert cached.get(cell) == got, (unit, cell, "cached value differs")
                checked += 1
        assert checked > 0
