"""``kinerja-xl pantau`` (and ``ekspor``/``hitung --json`` of quarterly files) through the real entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.cli.test_cli import run, summary
from tests.conftest import ROOT

FOLDER = ROOT / "workbooks" / "2023-triwulan"
QUARTERS = ("TW1", "TW2", "TW3", "TW4")


@pytest.fixture()
def quarters(tmp_path) -> Path:
    target = tmp_path / "triwulan"
    target.mkdir()
    for path in FOLDER.glob("*.xlsx"):
        shutil.copy(path, target)
    return target


def test_pantau_writes_the_workbook_and_equals_hitung_json_of_every_period(quarters, tmp_path):
    out = tmp_path / "pemantauan-2023.xlsx"
    result = run("pantau", str(quarters), "-o", str(out), "--json", str(tmp_path / "p.json"), "-j", "1")
    assert result.returncode == 0, result.stderr
    assert out.exists() and f"ditulis: {out}" in result.stdout
    assert ("Capaian kinerja Kementerian Sosial Republik Indonesia 2023: Triwulan I 104,53 · Triwulan II 104,62 · "
            "Triwulan III 107,59 · Triwulan IV 107,25") in result.stdout
    assert summary(result.stdout).startswith("Ringkasan: 20 berkas — 20 valid")
    tree = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert tree["tahun"] == 2023 and tree["periode"] == list(QUARTERS)
    for period in QUARTERS:
        alone = run("hitung", str(quarters), "--periode", period, "--tanpa-tulis-balik", "--json", "-", "-j", "1")
        assert tree["hasil"][period] == json.loads(alone.stdout), period
    assert "Traceback" not in result.stderr


def test_the_english_alias_and_a_missing_unit(quarters, tmp_path):
    (quarters / "kinerja-SETJEN-2023-TW3.xlsx").unlink()
    result = run("monitor", str(quarters), "-o", str(tmp_path / "p.xlsx"), "-j", "1")
    assert result.returncode == 1  # a unit missing from a period is an error of the batch, as in konsolidasi
    assert ("unit-tidak-ada             -: Berkas unit SETJEN (Sekretariat Jenderal) tahun 2023 periode TW3 tidak "
            "ada dalam kumpulan.") in result.stdout
    assert "Triwulan III -" in result.stdout  # SS2 has no figure without SETJEN: no instansi capaian either
    assert (tmp_path / "p.xlsx").exists()


def test_two_years_are_refused_with_their_names(quarters, tmp_path):
    made = run("templat", "--unit", "ITJEN", "--tahun", "2024", "--periode", "TW1", "-o", str(quarters))
    assert made.returncode == 0, made.stderr
    result = run("pantau", str(quarters), "-o", str(tmp_path / "p.xlsx"), "-j", "1")
    assert result.returncode == 1 and not (tmp_path / "p.xlsx").exists()
    assert ("berkas mencakup beberapa tahun (2023, 2024); pemantauan mengikuti satu tahun. Pilih dengan --tahun, "
            "atau pisahkan berkasnya.") in result.stderr
    assert "Traceback" not in result.stderr
    chosen = run("pantau", str(quarters), "--tahun", "2023", "-o", str(tmp_path / "p.xlsx"), "-j", "1")
    assert (tmp_path / "p.xlsx").exists() and "Triwulan IV 107,25" in chosen.stdout


def test_an_unreadable_file_is_reported_and_the_rest_monitored(quarters, tmp_path):
    (quarters / "kinerja-ITJEN-2023-TW1.xlsx").write_text("bukan buku kerja", encoding="utf-8")
    result = run("pantau", str(quarters), "-o", str(tmp_path / "p.xlsx"), "-j", "1")
    assert result.returncode == 2 and (tmp_path / "p.xlsx").exists()
    assert "kinerja-ITJEN-2023-TW1.xlsx" in result.stdout and "Traceback" not in result.stderr
    assert "Triwulan IV 107,25" in result.stdout


def test_output_must_be_xlsx(quarters, tmp_path):
    result = run("pantau", str(quarters), "-o", str(tmp_path / "p.csv"))
    assert result.returncode == 2 and "berkas keluaran harus .xlsx" in result.stderr


def test_ekspor_has_the_rows_of_every_period(quarters, tmp_path):
    result = run("ekspor", str(quarters), "-o", str(tmp_path / "data.csv"), "-j", "1")
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(tmp_path / "data.csv", sep=";", decimal=",")
    assert sorted(frame["periode"].unique()) == list(QUARTERS)
    ss21 = frame[(frame["kode"] == "SS2.1") & (frame["unit"] == "KEMENTERIAN")].set_index("periode")
    assert list(ss21["target"]) == [65] * 4 and list(ss21["target_periode"]) == [20, 40, 55, 65]
    assert ss21.loc["TW2", "capaian"] == 114.78 and ss21.loc["TW2", "capaian_tahunan"] == 70.63
    only = run("ekspor", str(quarters), "--periode", "tw2", "-o", str(tmp_path / "tw2.csv"), "-j", "1")
    assert only.returncode == 0, only.stdout  # --periode is a filter: the other quarters are passed over
    assert "berkas periode lain dilewati (TW1, TW3, TW4; dipilih TW2)" in only.stdout
    assert set(pd.read_csv(tmp_path / "tw2.csv", sep=";", decimal=",")["periode"]) == {"TW2"}


def test_katalog_prints_quarter_targets_and_warnings(tmp_path):
    from tests.catalog.test_period_targets import COUNT, QUARTERLY

    listed = run("katalog")
    assert "SS2.1 [rasio] · target 65 · triwulan TW1 20/TW2 40/TW3 55/TW4 65 · SETJEN" in listed.stdout
    path = tmp_path / "katalog.yaml"
    path.write_text(QUARTERLY + COUNT, encoding="utf-8")
    result = run("katalog", str(path))
    assert result.returncode == 0  # a warning: some indicators legitimately fall
    assert "S1.1 [rasio] · target 80 · triwulan TW1 20/TW2 40/TW3 55–60/TW4 80 · A" in result.stdout
    assert "Peringatan katalog (1):\n  S1.3 · target_triwulan.TW3: target TW3 (50) lebih kecil dari target TW2 (60)" \
        in result.stdout
    data = json.loads(run("katalog", str(path), "--json").stdout)
    assert data["peringatan"][0].startswith("S1.3 · target_triwulan.TW3")
    assert data["sasaran"][0]["indikator" if "indikator" in data["sasaran"][0] else "anak"][0]["target_triwulan"] == {
        "TW1": 20.0, "TW2": 40.0, "TW3": [55.0, 60.0], "TW4": 80.0}
