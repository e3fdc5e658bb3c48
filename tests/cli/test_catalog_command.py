"""``kinerja-xl katalog``: Indonesian notation, and a starter catalog that passes its own check."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kinerja_xl.catalog import load_catalog
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.pipeline.validation import validate_files
from tests.conftest import ROOT

PEMDA = ROOT / "templates" / "katalog-pemda-contoh-2024.yaml"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kinerja_xl", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_numbers_are_printed_in_indonesian_notation():
    kemensos = run("katalog")
    assert kemensos.returncode == 0
    assert "SS1.1 [rata_rata] · target 99,35 —" in kemensos.stdout
    assert kemensos.stdout.splitlines()[2].startswith("Unit Eselon I: SETJEN (Sekretariat Jenderal)")
    pemda = run("katalog", str(PEMDA))
    assert ("S1.1 [rasio] · target 7–8 · turun (makin kecil makin baik) · pengali 1.000 · pembanding: Target "
            "nasional (RPJMN 2020–2024) 16 · DINKES") in pemda.stdout
    assert "Pembulatan: bertahap, 2 desimal; batas capaian 120" in pemda.stdout
    assert re.findall(r"· target ((?:[<>≤≥] )?\S+)", pemda.stdout) == ["7–8", "≥ 95", "≤ 250", "400", "85", "70", "100"]
    assert "target 99.35" not in kemensos.stdout and "[7.0, 8.0]" not in pemda.stdout


def test_a_starter_catalog_is_valid_and_never_overwrites(tmp_path):
    target = tmp_path / "katalog-saya.yaml"
    made = run("katalog", "--baru", str(target))
    assert made.returncode == 0 and target.is_file()
    assert "kinerja-xl katalog" in made.stdout
    checked = run("katalog", str(target))
    assert checked.returncode == 0 and "Katalog valid: instansi-contoh-2025" in checked.stdout
    target.write_text("isi saya", encoding="utf-8")
    again = run("katalog", "--baru", str(target))
    assert again.returncode == 2 and "--timpa" in again.stderr and target.read_text(encoding="utf-8") == "isi saya"
    assert run("katalog", "--baru", str(target), "--timpa").returncode == 0
    assert run("katalog", "--baru", str(tmp_path / "x.txt")).returncode == 2


def test_the_starter_catalog_makes_workbooks_that_validate(tmp_path):
    from kinerja_xl.catalog import STARTER_CATALOG

    catalog = load_catalog(STARTER_CATALOG)
    paths = [write_unit_workbook(catalog, u.code, tmp_path / f"{u.code}.xlsx") for u in catalog.units]
    report = validate_files(paths, catalog)
    assert {p.code for p in report.problems} <= {"isian-kosong", "identitas-kosong"}  # empty, not broken
