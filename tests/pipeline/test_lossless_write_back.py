"""hitung on workbooks that a real spreadsheet application saved, end to end (read, validate, compute, donor,
splice, atomic write): twice, every part outside the result sheets keeps its bytes, exactly one Hasil and
one Validasi, a sound package, and LibreOffice's recalculation of the new Hasil equals the engine.

The targets: the REHSOS example edited in LibreOffice Calc through UNO (a sheet of the user's own with a
table, chart, comment, picture, text box, hyperlink and named range; ``tests/support/uno_edit.py``), the
same with the parts only Excel makes (sparklines in an ``extLst``, a custom XML part, a threaded comment;
``tests/support/handmade.py``), and a workbook the former openpyxl write-back saved.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from kinerja_xl import pipeline
from kinerja_xl.package import check_package
from kinerja_xl.unit_layout import SHEET_RESULT, SHEET_VALIDATION
from tests.factories import get_catalog
from tests.support import handmade
from tests.support import libreoffice as lo
from tests.support.donors import TARGETS, lo_fixture
from tests.support.opc_inspect import NECESSARY, rels_of, result_parts, sheets, zip_members
from tests.support.workbook_checks import (
    input_sheet_expected,
    mismatches,
    result_sheet_expected,
    survey_sheet_expected,
)

NAMES = ["libreoffice", "libreoffice+excel", "hasil-openpyxl"]


def hitung(path: Path) -> pipeline.WriteBackResult:
    catalog = get_catalog()
    outcome = pipeline.write_back(pipeline.validate_files([path], catalog), catalog)[str(path)]
    assert outcome.error is None and outcome.results, outcome
    return outcome


@pytest.fixture(params=NAMES)
def written(request, tmp_path) -> tuple[str, bytes, list[bytes], Path]:
    """(name, the workbook as saved, after one and two write-backs, its path)."""
    path = tmp_path / "kinerja-REHSOS-2023-tahunan.xlsx"
    original = TARGETS[request.param]()
    path.write_bytes(original)
    outputs = []
    for _ in range(2):
        hitung(path)
        outputs.append(path.read_bytes())
    return request.param, original, outputs, path


def test_every_part_outside_the_result_sheets_keeps_its_bytes(written):
    _, original, outputs, _ = written
    before = zip_members(original)
    kept = set(before) - result_parts(before) - NECESSARY
    for output in outputs:
        after = zip_members(output)
        assert {name for name in kept if after.get(name) != before[name]} == set()
        assert set(after) - kept - NECESSARY == result_parts(after)  # nothing else, no orphan


def test_one_hasil_one_validasi_and_a_sound_package(written):
    _, original, outputs, _ = written
    assert check_package(original) == []
    for output in outputs:
        order = [s["name"] for s in sheets(zip_members(output))]
        assert order.count(SHEET_RESULT) == 1 and order.count(SHEET_VALIDATION) == 1
        assert order[order.index("Isian") + 1:order.index("Isian") + 3] == [SHEET_VALIDATION, SHEET_RESULT]
        assert check_package(output) == []
    assert zip_members(outputs[0]).keys() == zip_members(outputs[1]).keys()  # the second write adds nothing


def test_what_the_user_added_is_still_there(tmp_path):
    """Picture, text box, chart, comment, hyperlink and named range from LibreOffice; sparklines, custom
    XML and the threaded comment from Excel."""
    unit = tmp_path / "kinerja-REHSOS-2023-tahunan.xlsx"
    unit.write_bytes(handmade.everything(lo_fixture()))
    hitung(unit)
    after = zip_members(unit.read_bytes())
    catatan = next(s["part"] for s in sheets(after) if s["name"] == "Catatan Unit")
    kinds = {r["Type"].rsplit("/", 1)[1]: r for r in rels_of(after, catatan)}
    assert {"comments", "drawing", "vmlDrawing", "hyperlink", "threadedComment"} <= kinds.keys()
    drawing = kinds["drawing"]["part"]
    inner = {r["Type"].rsplit("/", 1)[1]: r["part"] for r in rels_of(after, drawing)}
    assert after[inner["image"]].startswith(b"\x89PNG")
    assert b"<c:chart " in after[drawing] and b'txBox="1"' in after[drawing] and b"<xdr:pic>" in after[drawing]
    assert handmade.SPARKLINE_EXT.encode() in after[catatan]
    assert "customXml/item1.xml" in after and "xl/persons/person.xml" in after
    assert b'name="TabelCatatan"' in after["xl/workbook.xml"]


def engine_values(path: Path) -> dict[tuple[str, str], object]:
    """The engine's value of every formula of Isian and of the new Hasil, for the workbook at ``path``."""
    catalog = get_catalog()
    report = pipeline.validate_files([path], catalog)
    submission = report.submissions[0]
    results = pipeline.unit_results(submission, report.problems_of(submission.file), catalog)
    assert results.layout is not None and results.computation is not None
    sheet = results.result_sheet()
    assert sheet is not None
    extra = sheet.plan.survey.service_values(submission.survey) \
        if sheet.plan.survey is not None and submission.survey is not None else None
    return {**input_sheet_expected(results.layout, results.computation),
            **survey_sheet_expected(results.layout, results.computation),
            **result_sheet_expected(sheet.plan, results.computation, extra)}


@pytest.mark.libreoffice
@pytest.mark.skipif(lo.find_soffice() is None, reason="LibreOffice (soffice) tidak terpasang")
def test_libreoffice_recalculates_the_new_hasil_to_the_engine(tmp_path):
    paths = []
    for name in NAMES:
        path = tmp_path / name / "kinerja-REHSOS-2023-tahunan.xlsx"
        path.parent.mkdir()
        path.write_bytes(TARGETS[name]())
        hitung(path)
        hitung(path)
        paths.append(path)
    expected = [engine_values(p) for p in paths]
    cached = [lo.read_values(p) for p in paths]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        recalculated = lo.recalculate(paths, tmp_path / "hitung-ulang")
    for path, want, stored, result in zip(paths, expected, cached, recalculated, strict=True):
        assert any(sheet == SHEET_RESULT for sheet, _ in want)
        assert mismatches(want, lo.read_values(result)) == {}, path.parent.name
        hasil = {cell: value for cell, value in want.items() if cell[0] == SHEET_RESULT}
        assert mismatches(hasil, stored) == {}, path.parent.name  # the cached values say the same
