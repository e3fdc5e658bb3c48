"""Everything kinerja_xl writes passes the package-integrity checker and opens in openpyxl without a warning:
unit templates (.xlsx and .xlsm, both example catalogs), the committed examples, write-back outputs (also
twice, into a macro workbook and into workbooks other applications saved), the Validasi sheet alone, the
consolidated and monitoring workbooks, the Dilaporkan template, the reviu workbook and the launcher (.xlsx and
.xlsm)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja_xl import pipeline
from kinerja_xl.catalog import load_catalog
from kinerja_xl.package import check_package
from kinerja_xl.render.launcher import write_consolidation_launcher
from kinerja_xl.render.review_sheet import write_reported_template
from kinerja_xl.vba import project as vba
from tests.conftest import CLI_ENV, EXAMPLES, ROOT
from tests.factories import get_catalog
from tests.support.donors import TARGETS, suffix
from tests.support.package_checks import assert_sound

PEMDA = ROOT / "templates" / "katalog-pemda-contoh-2024.yaml"
COMMITTED = sorted((ROOT / "workbooks").glob("*/*.xlsx"))


@pytest.fixture
def no_user_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(vba, "default_cache_dir", lambda: tmp_path / "vba-cache")  # keep the user's cache out


@pytest.mark.parametrize("path", COMMITTED, ids=[p.name for p in COMMITTED])
def test_the_committed_examples(path):
    assert_sound(path)


@pytest.mark.parametrize("catalog_path", [None, PEMDA], ids=["kemensos", "pemda"])
@pytest.mark.parametrize("period", ["tahunan", "TW2"])
def test_unit_templates(catalog_path, period, tmp_path):
    catalog = load_catalog(catalog_path) if catalog_path else get_catalog()
    for unit in catalog.units:
        assert_sound(pipeline.write_unit_workbook(catalog, unit.code, tmp_path / f"{unit.code}.xlsx", period=period))


def test_macro_templates(tmp_path, no_user_cache):
    pytest.importorskip("xlwings")
    catalog = get_catalog()
    for unit in catalog.units:
        assert_sound(pipeline.write_unit_workbook(catalog, unit.code, tmp_path / f"{unit.code}.xlsm", buttons=True))


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_write_back_outputs_twice(name, tmp_path):
    if name == "makro-xlsm":
        pytest.importorskip("xlwings")
    path = tmp_path / f"kinerja-REHSOS-2023-tahunan{suffix(name)}"
    path.write_bytes(TARGETS[name]())
    catalog = get_catalog()
    for _ in range(2):
        outcome = pipeline.write_back(pipeline.validate_files([path], catalog), catalog)[str(path)]
        assert outcome.error is None and outcome.results
        if name != "libreoffice+excel":  # openpyxl warns that it would drop the user's sparklines
            assert_sound(path)
    assert check_package(path.read_bytes()) == []


def test_write_back_of_a_quarter_and_of_the_pemda_example(tmp_path):
    catalog = load_catalog(PEMDA)
    paths = [Path(shutil.copy(p, tmp_path)) for p in sorted((ROOT / "workbooks" / "pemda-2024").glob("*.xlsx"))]
    outcomes = pipeline.write_back(pipeline.validate_files(paths, catalog), catalog)
    assert all(o.error is None and o.results for o in outcomes.values())
    quarter = pipeline.write_unit_workbook(get_catalog(), "SETJEN", tmp_path / "kinerja-SETJEN-2023-TW2.xlsx",
                                           period="TW2")
    pipeline.write_back(pipeline.validate_files([quarter], get_catalog()), get_catalog())
    for path in [*paths, quarter]:
        assert_sound(path)


def test_validasi_sheet_alone_and_as_a_new_workbook(tmp_path):
    catalog = get_catalog()
    path = Path(shutil.copy(EXAMPLES / "kinerja-ITJEN-2023-tahunan.xlsx", tmp_path))
    report = pipeline.validate_files([path], catalog)
    assert_sound(pipeline.write_validation_sheet(report, path))
    new = pipeline.write_validation_sheet(report, tmp_path / "ringkasan.xlsx")
    assert_sound(new)
    import zipfile

    with zipfile.ZipFile(new) as z:  # the write-back donor is a stored zip; a workbook of its own is not
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_DEFLATED}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kinerja_xl", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=CLI_ENV)


def test_consolidated_and_reviu_workbooks(tmp_path):
    consolidated, reviewed = tmp_path / "laporan.xlsx", tmp_path / "reviu.xlsx"
    assert run("konsolidasi", str(EXAMPLES), "-o", str(consolidated), "-j", "1").returncode in (0, 1)
    assert run("reviu", str(EXAMPLES), "--dilaporkan", str(EXAMPLES / "dilaporkan-2023.xlsx"), "-o",
               str(reviewed), "-j", "1").returncode in (0, 1)
    assert_sound(consolidated)
    assert_sound(reviewed)


def test_monitoring_workbook(tmp_path):
    monitored = tmp_path / "pemantauan-2023.xlsx"
    assert run("pantau", str(ROOT / "workbooks" / "2023-triwulan"), "-o", str(monitored), "-j", "1").returncode == 0
    assert_sound(monitored)


def test_dilaporkan_template_and_launchers(tmp_path, no_user_cache):
    assert_sound(write_reported_template(get_catalog(), tmp_path / "dilaporkan-2023.xlsx"))
    assert_sound(write_consolidation_launcher(tmp_path / "konsolidasi-2023.xlsx"))
    pytest.importorskip("xlwings")
    assert_sound(write_consolidation_launcher(tmp_path / "konsolidasi-2023.xlsm"))
