"""pipeline.report: the draft over valid workbooks only, the units left out and why, no draft over nothing,
the missing extra, and the same figures as ``konsolidasi`` for a valid folder."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from kinerja_xl import pipeline
from kinerja_xl.compute.engine import MINISTRY
from kinerja_xl.errors import MissingExtra, NothingValid
from kinerja_xl.pipeline.report import INSTALL, draft_report, require_writer
from kinerja_xl.plans.report import Excluded

from tests.conftest import EXAMPLES
from tests.factories import cell_of, patch_cells
from tests.support.report import narrative

UNITS = ["SETJEN", "ITJEN", "REHSOS", "LINJAMSOS", "DAYASOS"]


def _validate(folder: Path, catalog):
    paths, _ = pipeline.collect_inputs([folder])
    return pipeline.validate_files(paths, catalog, expected_units=[u.code for u in catalog.units])


@pytest.fixture()
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "unit"
    folder.mkdir()
    for unit in UNITS:
        shutil.copy(EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx", folder)
    return folder


def test_a_valid_folder_gives_the_figures_of_konsolidasi(catalog, examples: Path) -> None:
    report = _validate(examples, catalog)
    draft = draft_report(report, catalog)
    assert draft.excluded == () and draft.review is None
    assert draft.consolidation.tree() == pipeline.consolidate(report, catalog).tree()
    assert draft.plan.table("capaian").body[-1].cells[-1].text() == "107,25"


def test_invalid_unreadable_and_missing_units_are_left_out_whole(catalog, examples: Path) -> None:
    rehsos = examples / "kinerja-REHSOS-2023-tahunan.xlsx"
    patch_cells(rehsos, {("Isian", cell_of("REHSOS", "SS3.1.1.a", "pembilang")): "abc"})  # one bad cell
    (examples / "kinerja-ITJEN-2023-tahunan.xlsx").unlink()
    (examples / "kinerja-DAYASOS-2023-tahunan.xlsx").write_bytes(b"PK\x03\x04 bukan zip yang utuh")
    report = _validate(examples, catalog)
    assert report.exit_code == 2
    draft = draft_report(report, catalog)
    assert draft.excluded == (Excluded("ITJEN", "tidak-ada"), Excluded("REHSOS", "tidak-valid"),
                              Excluded("DAYASOS", "tidak-terbaca"))  # unreadable; its name names the unit
    inputs = draft.consolidation.computation.inputs
    assert {ref.unit for ref in inputs} == {"SETJEN", "LINJAMSOS"}  # none of REHSOS's valid cells either
    # konsolidasi keeps the valid cells of the invalid file; the draft does not mix a unit's figures
    assert any(ref.unit == "REHSOS" for ref in pipeline.consolidate(report, catalog).computation.inputs)
    text = narrative(draft.plan)
    assert "Direktorat Jenderal Rehabilitasi Sosial (REHSOS): buku kerjanya tidak lolos validasi." in text
    assert "Inspektorat Jenderal (ITJEN): tidak ada buku kerjanya yang dapat dibaca dalam kumpulan berkas." in text
    assert draft.consolidation.computation.shown(MINISTRY, "capaian") is None
    assert draft.plan.table("capaian").body[-1].cells[-1].text() == "–"


def test_no_valid_workbook_gives_no_draft(catalog, tmp_path: Path) -> None:
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan zip yang utuh")
    report = _validate(tmp_path, catalog)
    with pytest.raises(NothingValid, match="tidak ada buku kerja unit yang valid untuk tahun 2023") as caught:
        draft_report(report, catalog)
    assert caught.value.exit_code == 2  # the batch's own code: a file could not be read


def test_without_python_docx_the_writer_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import kinerja_xl.render

    monkeypatch.delitem(sys.modules, "kinerja_xl.render.report_docx", raising=False)
    monkeypatch.delattr(kinerja_xl.render, "report_docx", raising=False)
    monkeypatch.setitem(sys.modules, "docx", None)  # an import of docx now fails as if it were not installed
    with pytest.raises(MissingExtra, match="python-docx dan matplotlib") as caught:
        require_writer()
    assert INSTALL in str(caught.value) and caught.value.exit_code == 2
