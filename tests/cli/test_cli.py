"""The CLI through its real entry point (a subprocess): exit codes, exact lines, JSON, Indonesian text."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLI_ENV, EXAMPLES, ROOT, example_folder

UNITS = ["DAYASOS", "ITJEN", "LINJAMSOS", "REHSOS", "SETJEN"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kinerja_xl", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=CLI_ENV)


@pytest.fixture()
def examples(tmp_path) -> Path:
    return example_folder(tmp_path / "unit")


def summary(text: str) -> str:
    line = next(line for line in text.splitlines() if line.startswith("Ringkasan:"))
    return re.sub(r"\(\d+,\d detik\)", "(W detik)", line)


def test_help_lists_every_command_with_aliases():
    result = run("--help")
    assert result.returncode == 0
    for name, alias in [("templat", "template"), ("validasi", "validate"), ("hitung", "compute"),
                        ("konsolidasi", "build"), ("ekspor", "export"), ("katalog", "catalog")]:
        assert f"{name} ({alias})" in result.stdout
    assert "Penggunaan: kinerja-xl [OPSI] PERINTAH [ARGUMEN]..." in result.stdout


@pytest.mark.parametrize("command", ["templat", "validasi", "hitung", "konsolidasi", "ekspor", "katalog"])
def test_every_command_has_indonesian_help(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "Penggunaan:" in result.stdout and "Tampilkan bantuan ini lalu keluar." in result.stdout
    assert "Show this message" not in result.stdout


def test_english_alias_runs_the_same_command(examples):
    assert summary(run("validate", str(examples)).stdout) == summary(run("validasi", str(examples)).stdout)


def test_version():
    result = run("--versi")
    assert result.returncode == 0 and result.stdout.startswith("kinerja-xl ")


def test_validate_examples_exact_summary(examples):
    result = run("validasi", str(examples))
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout) == (
        "Ringkasan: 5 berkas — 0 valid, 5 valid dengan peringatan, 0 tidak valid, 0 tidak terbaca; "
        "0 galat, 6 peringatan, 0 info (W detik).")
    assert "realisasi-beda" in result.stdout and "Isian!J46" in result.stdout
    assert result.stderr.count("[") == 5  # one plain progress line per file when not a terminal


def test_validate_json_shape(examples):
    result = run("validasi", str(examples), "--json", "-")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"catalog", "exit_code", "counts", "counts_by_code", "files", "problems"}
    assert data["counts"] == {"galat": 0, "peringatan": 6, "info": 0}
    assert {f["unit"] for f in data["files"]} == set(UNITS)
    assert set(data["problems"][0]) >= {"code", "severity", "file", "sheet", "cell", "message", "hint"}


def test_batch_with_a_corrupt_file_continues_and_exits_2(examples):
    (examples / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan zip yang utuh")
    result = run("validasi", str(examples))
    assert result.returncode == 2
    assert summary(result.stdout) == (
        "Ringkasan: 6 berkas — 0 valid, 5 valid dengan peringatan, 0 tidak valid, 1 tidak terbaca; "
        "1 galat, 6 peringatan, 0 info (W detik).")
    assert f"✗ {examples / 'rusak.xlsx'}: TIDAK TERBACA" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_invalid_input_exits_1_and_names_the_cell(examples):
    from openpyxl import load_workbook

    path = examples / "kinerja-REHSOS-2023-tahunan.xlsx"
    wb = load_workbook(path)
    wb["Isian"]["C19"] = "abc"
    wb.save(path)
    result = run("validasi", str(path))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("galat")]
    assert len(lines) == 1 and "bukan-angka" in lines[0] and "Isian!C19" in lines[0]


def test_missing_input_and_bad_usage_exit_2_in_indonesian(tmp_path):
    result = run("validasi", str(tmp_path / "tidak-ada"))
    assert result.returncode == 2
    assert f"Galat: {tmp_path / 'tidak-ada'} tidak ditemukan." in result.stderr and "Traceback" not in result.stderr
    empty = tmp_path / "kosong"
    empty.mkdir()
    result = run("konsolidasi", str(empty), "-o", str(tmp_path / "k.xlsx"))
    assert result.returncode == 2 and f"Galat: folder {empty} kosong." in result.stderr
    result = run("validasi")
    assert result.returncode == 2 and "argumen wajib belum diberikan" in result.stderr
    result = run("templat", "--unit", "XYZ")
    assert result.returncode == 2 and "unit tidak dikenal: XYZ" in result.stderr


def test_bad_catalog_is_reported_not_raised(tmp_path):
    bad = tmp_path / "katalog.yaml"
    bad.write_text("skema: 1\nid: x\nsasaran: []\n", encoding="utf-8")
    result = run("katalog", str(bad))
    assert result.returncode == 2
    assert "tidak valid" in result.stderr and "Traceback" not in result.stderr


def test_a_template_for_a_year_without_targets_is_refused(tmp_path):
    """The Kemensos catalog gives targets for 2023 and 2024: a 2022 workbook would have no target to measure a
    capaian against (before, it was written, with every Target PK cell empty)."""
    result = run("templat", "--unit", "REHSOS", "--tahun", "2022", "-o", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert ("Galat: katalog 'kemensos-2023' tidak memuat target tahun 2022 (target ada untuk tahun 2023, 2024)"
            in result.stderr)
    assert not list(tmp_path.iterdir())
    result = run("templat", "--unit", "REHSOS", "--tahun", "2024", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_template_all_units(tmp_path):
    result = run("templat", "--semua-unit", "--tahun", "2023", "--periode", "TW1", "-o", str(tmp_path))
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"kinerja-{u}-2023-TW1.xlsx" for u in UNITS)


def test_consolidate_writes_the_ministry_workbook_and_json(examples, tmp_path):
    out = tmp_path / "out" / "laporan.xlsx"
    result = run("konsolidasi", str(examples), "-o", str(out), "--json", str(tmp_path / "hasil.json"))
    assert result.returncode == 0, result.stderr
    assert "Capaian kinerja Kementerian Sosial Republik Indonesia tahun 2023: 107,25" in result.stdout
    data = json.loads((tmp_path / "hasil.json").read_text(encoding="utf-8"))
    assert data["capaian_kementerian"] == 107.25
    assert [s["capaian"] for s in data["sasaran"]] == [104.63, 117.3, 107.72, 99.34]
    assert out.exists()
    # the versions it was computed from, as the workbook's Riwayat sheet names them
    used = {u["unit"]: u for u in data["riwayat"]["versi_dipakai"]}
    assert sorted(used) == sorted(UNITS)
    for unit, version in used.items():
        path = examples / f"kinerja-{unit}-2023-tahunan.xlsx"
        assert version["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert version["pendek"] == version["sha256"][:8] and Path(version["berkas"]).name == path.name


def test_compute_json_and_rounding_option(examples, tmp_path):
    result = run("hitung", str(examples), "--tanpa-tulis-balik", "--json", "-", "--pembulatan", "tanpa_antara")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
    assert data["pembulatan"]["mode"] == "tanpa_antara"
    ss1 = data["sasaran"][0]["indikator"][2]
    assert ss1["kode"] == "SS1.3" and ss1["realisasi"] == 88.68


def test_compute_writes_copies_with_keluaran(examples, tmp_path):
    before = {p.name: p.read_bytes() for p in examples.iterdir() if p.is_file()}
    result = run("hitung", str(examples), "--keluaran", str(tmp_path / "salinan"), "-j", "2")
    assert result.returncode == 0, result.stderr
    assert "Lembar Hasil ditulis ke 5 buku kerja di" in result.stdout
    assert {p.name: p.read_bytes() for p in examples.iterdir() if p.is_file()} == before  # originals untouched
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "salinan" / "kinerja-SETJEN-2023-tahunan.xlsx")
    assert {"Hasil", "Validasi"} <= set(wb.sheetnames)


def test_compute_writes_hasil_for_a_second_file_of_the_same_unit(examples, tmp_path):
    """A duplicate concerns the consolidation, not the file's own figures: both copies get their Hasil."""
    shutil.copy(examples / "kinerja-ITJEN-2023-tahunan.xlsx", examples / "kinerja-ITJEN-2023-tahunan-revisi.xlsx")
    result = run("hitung", str(examples), "--keluaran", str(tmp_path / "salinan"), "-j", "1")
    assert result.returncode == 1, result.stderr  # berkas-ganda is an error of the batch
    assert "Lembar Hasil ditulis ke 6 buku kerja di" in result.stdout
    from openpyxl import load_workbook

    for name, codes in [("kinerja-ITJEN-2023-tahunan-revisi.xlsx", {"identitas-kosong"}),  # read first
                        ("kinerja-ITJEN-2023-tahunan.xlsx", {"identitas-kosong", "berkas-ganda"})]:
        wb = load_workbook(tmp_path / "salinan" / name)
        assert {"Hasil", "Validasi"} <= set(wb.sheetnames)
        assert {row[2] for row in wb["Validasi"].iter_rows(min_row=5, values_only=True)} == codes


@pytest.mark.parametrize("lock", ["~${name}", ".~lock.{name}#"])
def test_compute_skips_a_workbook_open_in_excel_unless_forced(examples, lock):
    """The batch goes on, the open workbook is named with what to do, and is left as it was."""
    opened = examples / "kinerja-ITJEN-2023-tahunan.xlsx"
    (examples / lock.format(name=opened.name)).write_bytes(b"pemilik")
    before = opened.read_bytes()
    result = run("hitung", str(examples), "-j", "1")
    assert result.returncode == 2, result.stderr
    message = next(line for line in result.stderr.splitlines() if line.startswith("dilewati"))
    assert str(opened) in message and "tutup berkas di Excel lalu ulangi" in message and "--paksa" in message
    assert opened.read_bytes() == before
    assert "Lembar Hasil ditulis ke 4 buku kerja." in result.stdout
    result = run("hitung", str(examples), "-j", "1", "--paksa")
    assert result.returncode == 0, result.stderr
    assert "Lembar Hasil ditulis ke 5 buku kerja." in result.stdout and opened.read_bytes() != before


def test_validate_writes_sheets_but_skips_an_open_workbook(examples):
    opened = examples / "kinerja-SETJEN-2023-tahunan.xlsx"
    (examples / f"~${opened.name}").write_bytes(b"pemilik")
    before = opened.read_bytes()
    result = run("validasi", str(examples), "--tulis-lembar", "-j", "1")
    assert result.returncode == 2, result.stderr
    assert result.stdout.count("lembar Validasi ditulis:") == 4
    assert "tutup berkas di Excel lalu ulangi" in result.stderr and opened.read_bytes() == before
    result = run("validasi", str(examples), "--tulis-lembar", "--paksa", "-j", "1")
    assert result.returncode == 0 and result.stdout.count("lembar Validasi ditulis:") == 5
    from openpyxl import load_workbook

    assert load_workbook(opened).sheetnames == ["Petunjuk", "Isian", "Validasi", "Survei", "_meta"]


def test_compute_refuses_an_inconsistent_workbook_and_goes_on(examples):
    """A relationship to a missing part: refused with a message, never repaired; the others are written. The
    splice's rules run when the file is read, so it is unreadable for validation alike (one reading)."""
    import zipfile

    broken = examples / "kinerja-DAYASOS-2023-tahunan.xlsx"
    with zipfile.ZipFile(broken) as source:
        parts = {i.filename: source.read(i) for i in source.infolist() if i.filename != "xl/theme/theme1.xml"}
    with zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    before = broken.read_bytes()
    result = run("hitung", str(examples), "-j", "2")
    assert result.returncode == 2, result.stderr
    line = next(x for x in result.stdout.splitlines() if "paket-tidak-sah" in x)
    assert broken.name in line and "xl/theme/theme1.xml" in line and "tidak ada" in line
    assert f"✗ {broken}: TIDAK TERBACA" in result.stdout
    assert broken.read_bytes() == before
    assert "Lembar Hasil ditulis ke 4 buku kerja." in result.stdout


def test_export_csv_and_parquet(examples, tmp_path):
    import pandas as pd

    result = run("ekspor", str(examples), "-o", str(tmp_path / "data.csv"))
    assert result.returncode == 0, result.stderr
    # the default dialect is the one a spreadsheet set to Bahasa Indonesia reads as numbers
    raw = (tmp_path / "data.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbftahun;periode;unit;") and b";107,25;" in raw
    frame = pd.read_csv(tmp_path / "data.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame.columns) == ["tahun", "periode", "unit", "kode", "tingkat", "nama", "realisasi", "target",
                                   "target_bawah", "target_atas", "target_batas", "target_periode",
                                   "target_periode_bawah", "target_periode_atas", "target_periode_batas", "capaian",
                                   "kategori", "capaian_tahunan", "predikat"]
    row = frame[(frame.unit == "KEMENTERIAN") & (frame.kode == "KEMENTERIAN")].iloc[0]
    assert row.capaian == 107.25
    assert set(frame.unit) == {*UNITS, "KEMENTERIAN"}
    result = run("ekspor", str(examples), "-o", str(tmp_path / "data.parquet"))
    assert result.returncode == 0
    assert len(pd.read_parquet(tmp_path / "data.parquet")) == len(frame)
    result = run("ekspor", str(examples), "--csv", "internasional", "-o", str(tmp_path / "intl.csv"))
    assert result.returncode == 0
    assert pd.read_csv(tmp_path / "intl.csv").equals(frame)


def test_help_does_not_import_heavy_libraries():
    code = ("import sys, kinerja_xl.cli as c\n"
            "sys.argv=['kinerja-xl','--help']\n"
            "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas','openpyxl','xlsxwriter','python_calamine') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_review_lists_findings_and_exits_1(examples, tmp_path):
    reported = EXAMPLES / "dilaporkan-2023.xlsx"
    result = run("reviu", str(examples), "--dilaporkan", str(reported), "-o", str(tmp_path / "reviu.xlsx"),
                 "--json", str(tmp_path / "reviu.json"))
    assert result.returncode == 1, result.stderr
    assert "Reviu: 32 temuan — 10 tidak konsisten, 9 data, 7 pembulatan, 6 aritmetika." in result.stdout
    line = next(x for x in result.stdout.splitlines() if x.startswith("tidak konsisten") and "T3.1|SS2|capaian" in x)
    assert "117,29" in line and "117,30" in line
    data = json.loads((tmp_path / "reviu.json").read_text(encoding="utf-8"))
    assert len(data["temuan"]) == 32
    assert (tmp_path / "reviu.xlsx").exists()


def test_folder_expansion_skips_the_reviewers_workbook():
    result = run("validasi", str(EXAMPLES))
    assert result.returncode == 0
    assert "5 berkas" in summary(result.stdout)


def test_special_templates(tmp_path):
    result = run("templat", "--dilaporkan", "-o", str(tmp_path))
    assert result.returncode == 0 and (tmp_path / "dilaporkan-2023.xlsx").exists()
    result = run("templat", "--peluncur", "-o", str(tmp_path))
    assert result.returncode == 0 and (tmp_path / "konsolidasi-2023.xlsx").exists()


def test_template_refuses_to_overwrite_a_filled_workbook(examples):
    before = (examples / "kinerja-REHSOS-2023-tahunan.xlsx").read_bytes()
    result = run("templat", "--unit", "REHSOS", "-o", str(examples))
    assert result.returncode == 2 and "--timpa" in result.stderr
    assert (examples / "kinerja-REHSOS-2023-tahunan.xlsx").read_bytes() == before
    assert run("templat", "--unit", "REHSOS", "-o", str(examples), "--timpa").returncode == 0
    assert run("templat", "--unit", "REHSOS", "--tahun", "1800", "-o", str(examples)).returncode == 2


def test_mixed_periods_need_a_choice(examples, tmp_path):
    from kinerja_xl.catalog import load_catalog
    from kinerja_xl.pipeline.templates import write_unit_workbook

    catalog = load_catalog(ROOT / "templates" / "katalog-kemensos-2023.yaml")
    write_unit_workbook(catalog, "REHSOS", examples / "zz-rehsos-tw2.xlsx", period="TW2")
    out = tmp_path / "lk.xlsx"
    result = run("konsolidasi", str(examples), "-o", str(out))
    assert result.returncode == 1 and "beberapa tahun/periode (2023 TW2, 2023 tahunan)" in result.stderr
    result = run("konsolidasi", str(examples), "-o", str(out), "--periode", "tahunan")
    assert "Capaian kinerja Kementerian Sosial Republik Indonesia tahun 2023: 107,25" in result.stdout


def test_consolidation_output_inside_the_input_folder_is_not_read_back(examples):
    for _ in range(2):
        result = run("konsolidasi", str(examples), "-o", str(examples / "laporan.xlsx"))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "5 berkas" in summary(result.stdout)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full hanya ada di Linux")
def test_output_that_cannot_be_written_is_called_the_commands_output(tmp_path):
    """``kinerja-xl validasi F > x.txt`` on a full disk said "Ruang disk penuh saat membaca berkas itu": nothing was
    being read, and no file was named. It is the command's own output that could not be written."""
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "kinerja_xl", "validasi", str(EXAMPLES)], cwd=ROOT,
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=300, env=CLI_ENV)
    assert result.returncode == 2, result.stderr
    assert "Ruang disk penuh saat menulis keluaran perintah (layar, atau berkas tujuan '>')" in result.stderr
    assert "membaca" not in result.stderr.splitlines()[-1] and "Traceback" not in result.stderr
