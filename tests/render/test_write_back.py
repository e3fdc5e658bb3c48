"""Write-back of Hasil/Validasi into unit workbooks: exact values, nothing else changes, atomic.

The writer is XlsxWriter in memory plus the package splice (:mod:`kinerja_xl.render.write_back`); the
splice itself is tested part by part in ``tests/package``.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja_xl.compute.engine import compute
from kinerja_xl.errors import OutputWriteError
from kinerja_xl.unit_layout import SHEET_INPUT, SHEET_RESULT, unit_layout
from tests.support.libreoffice import find_soffice, read_values, recalculate
from tests.support.package_checks import assert_sound
from tests.support.writeback import write_results
from kinerja_xl.compute.expr import ResultRef
from kinerja_xl.plans.results_sheet import ResultSheetPlan, result_sheet_plan
from kinerja_xl.pipeline.templates import write_unit_workbook

from tests.conftest import EXAMPLES

UNITS = ["SETJEN", "ITJEN", "REHSOS", "LINJAMSOS", "DAYASOS"]
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) tidak terpasang")


def example(unit: str) -> Path:
    return EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx"


def structure(path: Path, sheet: str) -> tuple:
    ws = load_workbook(path)[sheet]
    return (
        ws.freeze_panes, ws.print_title_rows, ws.page_setup.orientation, ws.page_setup.paperSize,
        ws.protection.sheet,
        sorted((str(dv.sqref), dv.type, dv.formula1, dv.formula2, dv.error)
               for dv in ws.data_validations.dataValidation),
        sorted((str(rng.sqref), tuple(r.formula for r in rng.rules)) for rng in ws.conditional_formatting),
        {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None},
    )


@pytest.mark.parametrize("unit", UNITS)
def test_input_sheet_survives_write_back(catalog, raw, tmp_path, unit):
    out = write_results(example(unit), catalog, raw.values[unit], unit, output=tmp_path / "out.xlsx")
    assert_sound(out)
    assert structure(out, SHEET_INPUT) == structure(example(unit), SHEET_INPUT)
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["Petunjuk", "Isian", "Hasil"]
    assert wb["_meta"].sheet_state == "hidden"


def test_write_back_replaces_in_place_and_twice_gives_one_hasil(catalog, raw, tmp_path):
    path = tmp_path / "unit.xlsx"
    path.write_bytes(example("REHSOS").read_bytes())
    write_results(path, catalog, raw.values["REHSOS"], "REHSOS")
    write_results(path, catalog, raw.values["REHSOS"], "REHSOS")
    assert load_workbook(path).sheetnames.count(SHEET_RESULT) == 1
    assert_sound(path)


def test_hasil_formulas_reference_the_input_cells(catalog, raw, tmp_path):
    out = write_results(example("SETJEN"), catalog, raw.values["SETJEN"], "SETJEN", output=tmp_path / "o.xlsx")
    ws = load_workbook(out)[SHEET_RESULT]
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert any("'Isian'!$C$" in f and "'Isian'!$D$" in f for f in formulas)
    assert any("COUNTIF" not in f and "'Survei'!$H$" in f for f in formulas)  # the SKM table reads the counts
    assert [type(chart).__name__ for chart in ws._charts] == ["BarChart", "BarChart"]  # realisasi; NRR per unsur
    assert {chart.type for chart in ws._charts} == {"bar", "col"}


def test_cached_values_are_visible_without_recalculation(catalog, raw, tmp_path):
    out = write_results(example("ITJEN"), catalog, raw.values["ITJEN"], "ITJEN", output=tmp_path / "o.xlsx")
    hasil = read_values(out)[SHEET_RESULT]
    assert 93.95 in hasil.values()  # ITJEN's IKM, readable by calamine/pandas without Excel
    with zipfile.ZipFile(out) as z:
        assert b'fullCalcOnLoad="1"' in z.read("xl/workbook.xml")


@needs_soffice
@pytest.mark.libreoffice
def test_every_written_formula_recalculates_to_the_python_value(catalog, raw, tmp_path):
    outs = [write_results(example(u), catalog, raw.values[u], u, output=tmp_path / f"{u}.xlsx") for u in UNITS]
    for unit, out, recalculated in zip(UNITS, outs, recalculate(outs, tmp_path / "rec"), strict=True):
        computation = compute(catalog, raw.values[unit], scope={unit})
        plan = ResultSheetPlan(unit_layout(catalog, unit), computation)
        after = read_values(recalculated)[SHEET_RESULT]
        cached = read_values(out)[SHEET_RESULT]
        checked = 0
        for ref, address in plan.cells.items():
            if ref not in computation.figures:
                continue
            cell = address.a1(SHEET_RESULT, absolute=False)
            expected = computation.figures[ref].value
            if isinstance(expected, Decimal):
                assert after.get(cell) == pytest.approx(float(expected), abs=1e-9), (unit, cell, ref)
            else:
                assert after.get(cell) == (expected if expected is not None else None) or \
                    (expected is None and after.get(cell) in (None, "")), (unit, cell, ref)
            if isinstance(expected, Decimal):  # an unrounded step (an NRR) may differ in its 15th digit
                assert cached.get(cell) == pytest.approx(after.get(cell), rel=1e-13), (unit, cell)
            else:
                assert cached.get(cell) == after.get(cell), (unit, cell)
            checked += 1
        assert checked >= 3


def test_xlsm_keeps_vba_and_buttons_byte_identical(catalog, raw, tmp_path):
    pytest.importorskip("xlwings")
    path = tmp_path / "kinerja-REHSOS-2023-tahunan.xlsm"
    write_unit_workbook(catalog, "REHSOS", path, values=raw.values["REHSOS"], buttons=True)
    with zipfile.ZipFile(path) as z:
        before = {n: z.read(n) for n in z.namelist() if n.endswith("vbaProject.bin") or n.endswith(".vml")}
    write_results(path, catalog, raw.values["REHSOS"], "REHSOS")
    with zipfile.ZipFile(path) as z:
        after = {n: z.read(n) for n in z.namelist() if n.endswith("vbaProject.bin") or n.endswith(".vml")}
        content_types = z.read("[Content_Types].xml")
    assert before and before == after
    assert b"macroEnabled" in content_types
    assert "Hasil" in load_workbook(path, keep_vba=True).sheetnames
    assert_sound(path)


@pytest.mark.parametrize("stage", ["splice", "disk"])
def test_injected_failure_leaves_the_old_file_intact(catalog, raw, tmp_path, monkeypatch, stage):
    """A failure while the new package is put together, or while it is written to disk (a full disk at
    the flush): the old file stays as it was and no temporary file is left."""
    import kinerja_xl.atomic as atomic
    import kinerja_xl.package.opc as opc

    path = tmp_path / "unit.xlsx"
    path.write_bytes(example("DAYASOS").read_bytes())
    original = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk penuh (simulasi)")

    monkeypatch.setattr(*((opc, "write_members", boom) if stage == "splice" else (atomic.os, "fsync", boom)))
    # an OS error of the write itself is worded by kinerja_xl.atomic (OutputWriteError, exit code 2)
    with pytest.raises(OSError if stage == "splice" else OutputWriteError,
                       match="disk penuh" if stage == "splice" else "(?i)berkas lama .* tidak berubah"):
        write_results(path, catalog, raw.values["DAYASOS"], "DAYASOS")
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit.xlsx"]


def test_no_hasil_over_an_invalid_input_and_no_stale_hasil(catalog, raw, tmp_path):
    """An error in an input cell: Excel would compute with it while the engine refuses it."""
    import shutil

    from kinerja_xl import pipeline

    path = tmp_path / "kinerja-ITJEN-2023-tahunan.xlsx"
    shutil.copy(example("ITJEN"), path)
    pipeline.write_back(pipeline.validate_files([path], catalog), catalog)
    assert SHEET_RESULT in load_workbook(path).sheetnames
    survey = unit_layout(catalog, "ITJEN").survey
    assert survey is not None
    answer = survey.cell(survey.first_row, survey.answer_col("U1")).cell
    wb = load_workbook(path)
    wb["Survei"][answer] = 5  # an answer outside 1–4: COUNTIF leaves it out, the engine refuses it
    wb.save(path)
    report = pipeline.validate_files([path], catalog)
    assert ("jawaban-di-luar-skala", answer) in {(p.code, p.cell) for p in report.problems}
    assert pipeline.write_back(report, catalog) == {str(path): pipeline.WriteBackResult(str(path), None, False)}
    assert load_workbook(path).sheetnames.count(SHEET_RESULT) == 0
    assert "Validasi" in load_workbook(path).sheetnames


def test_numbers_typed_as_text_are_left_out_of_cached_results(catalog, tmp_path):
    """'2.603' as text is read by kinerja_xl, but Excel's arithmetic sees text: the cache agrees with Excel."""
    import shutil

    from kinerja_xl import pipeline
    from kinerja_xl.compute.expr import InputRef

    path = tmp_path / "kinerja-DAYASOS-2023-tahunan.xlsx"
    shutil.copy(example("DAYASOS"), path)
    address, _ = unit_layout(catalog, "DAYASOS").input_cells()[InputRef("SS1.1.6", "pembilang", "DAYASOS")]
    wb = load_workbook(path)
    wb["Isian"][address.cell] = "2.603"
    wb.save(path)
    report = pipeline.validate_files([path], catalog)
    assert ("teks-dikonversi", address.cell) in {(p.code, p.cell) for p in report.problems}
    batch = pipeline.gather(report)
    realisasi = compute(catalog, batch.inputs(), scope={"DAYASOS"}).number("SS1.1.6", "realisasi")
    assert realisasi is not None
    out = tmp_path / "out"
    pipeline.write_back(report, catalog, outdir=out)
    hasil = read_values(out / path.name)[SHEET_RESULT]
    cell = result_sheet_plan(unit_layout(catalog, "DAYASOS"), compute(catalog, batch.inputs(), scope={"DAYASOS"}))
    address = cell.cells[ResultRef("SS1.1.6", "realisasi")].cell
    assert hasil.get(address) is None  # empty, as Excel computes it: the text is not a number


def test_read_only_workbook_is_not_replaced(catalog, raw, tmp_path):
    path = tmp_path / "unit.xlsx"
    path.write_bytes(example("ITJEN").read_bytes())
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(OutputWriteError, match="(?i)tidak ada izin menulis"):
        write_results(path, catalog, raw.values["ITJEN"], "ITJEN")
    assert path.read_bytes() == before


@pytest.mark.parametrize("unit", UNITS)
def test_every_part_but_the_result_sheets_keeps_its_bytes(catalog, raw, tmp_path, unit):
    """The Isian sheet, its styles, data validation, protection and everything else are not rewritten."""
    from tests.support.opc_inspect import NECESSARY, result_parts, zip_members

    out = write_results(example(unit), catalog, raw.values[unit], unit, output=tmp_path / "out.xlsx")
    before, after = zip_members(example(unit).read_bytes()), zip_members(out.read_bytes())
    kept = set(before) - result_parts(before) - NECESSARY
    assert kept and {n for n in kept if after.get(n) != before[n]} == set()
    assert set(after) - set(before) <= result_parts(after) | NECESSARY
