"""``kinerja-xl laporan`` through its real entry point (a subprocess): exit codes, the lines it prints, the
DOCX it writes (read back) against ``hitung --json``, invalid folders, the reviu appendix, the missing extra."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from tests.conftest import CLI_ENV, EXAMPLES, REPORTED, ROOT

UNITS = ["DAYASOS", "ITJEN", "LINJAMSOS", "REHSOS", "SETJEN"]
PUBLISHED = {"SS1": "104,63", "SS2": "117,30", "SS3": "107,72", "SS4": "99,34"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HOME and matplotlib's cache for the subprocesses (never the repository)."""
    return tmp_path_factory.mktemp("home")


def run(home: Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "kinerja_xl", *args]
    env = {**CLI_ENV, "HOME": str(home), "MPLCONFIGDIR": str(home / "mpl")}  # without a ledger in the examples
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


def capaian_table(path: Path) -> list[list[str]]:
    """Tabel 3.1 read back from the DOCX: the table whose caption is the catalog's 'Tabel 3.1 …'."""
    document = Document(str(path))
    body = document.element.body
    tables = iter(document.tables)
    for element in body.iterchildren():
        if element.tag.endswith("}tbl"):
            table = next(tables)
            caption = element.getprevious()
            if caption is not None and "".join(caption.itertext()).startswith("Tabel 3.1 "):
                return [[table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))]
    raise AssertionError("Tabel 3.1 tidak ada")


@pytest.fixture(scope="module")
def hitung(home: Path) -> dict[str, Any]:
    result = run(home, "hitung", "workbooks/2023", "--tanpa-tulis-balik", "--json", "-")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def written(home: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("laporan") / "laporan-kinerja-2023.docx"
    return run(home, "laporan", "workbooks/2023", "-o", str(out), "--json", str(out.with_suffix(".json"))), out


def test_laporan_writes_the_draft_of_the_example(written) -> None:
    result, out = written
    assert result.returncode == 0, result.stderr
    assert f"ditulis: {out} (24 tabel, 10 gambar, 16 paragraf diisi penyusun)" in result.stdout
    assert "Capaian kinerja Kementerian Sosial Republik Indonesia tahun 2023: 107,25" in result.stdout
    assert "Ringkasan: 5 berkas — 0 valid, 5 valid dengan peringatan" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_tabel_3_1_read_back_equals_hitung_json(written, hitung: dict[str, Any]) -> None:
    _, out = written
    table = capaian_table(out)
    for goal in hitung["sasaran"]:
        row = next(r for r in table if r[1] == f"Rata-rata capaian {goal['kode']}")
        assert row[-1] == PUBLISHED[goal["kode"]] == f"{goal['capaian']:.2f}".replace(".", ",")
        for ind in goal["indikator"]:
            row = next(r for r in table if r[0] == ind["kode"])
            assert row[-2:] == [f"{v:.2f}".replace(".", ",") for v in (ind["realisasi"], ind["capaian"])]
    assert table[-1][-1] == "107,25" == f"{hitung['capaian_kementerian']:.2f}".replace(".", ",")


def test_json_of_laporan_is_the_json_of_hitung(written, hitung: dict[str, Any]) -> None:
    _, out = written
    assert json.loads(out.with_suffix(".json").read_text(encoding="utf-8")) == hitung


def test_report_alias_and_indonesian_help(home: Path) -> None:
    result = run(home, "report", "--help")
    assert result.returncode == 0
    assert "Penggunaan: kinerja-xl laporan [OPSI] MASUKAN..." in result.stdout
    assert "--reviu BERKAS" in result.stdout and "Tampilkan bantuan ini lalu keluar." in result.stdout
    assert "laporan (report)" in run(home, "--help").stdout


def test_an_invalid_folder_gives_a_draft_without_the_units_left_out(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "unit"
    folder.mkdir()
    for unit in UNITS:
        if unit != "ITJEN":
            shutil.copy(EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx", folder)
    (folder / "kinerja-DAYASOS-2023-tahunan.xlsx").write_bytes(b"PK\x03\x04 bukan zip yang utuh")
    out = tmp_path / "draf.docx"
    result = run(home, "laporan", str(folder), "-o", str(out))
    assert result.returncode == 2, result.stderr  # a file could not be read: as konsolidasi
    assert "tidak diikutkan: ITJEN (Inspektorat Jenderal): tidak ada buku kerjanya yang dapat dibaca dalam " \
           "kumpulan berkas" in result.stdout
    # the broken file is named for DAYASOS: the unit sent one, it cannot be read
    assert "tidak diikutkan: DAYASOS (Direktorat Jenderal Pemberdayaan Sosial): buku kerjanya tidak dapat dibaca" \
        in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Draf ini belum memuat data Inspektorat Jenderal dan Direktorat Jenderal Pemberdayaan Sosial" in text


def test_a_folder_without_a_valid_workbook_gives_no_draft(home: Path, tmp_path: Path) -> None:
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan zip yang utuh")
    out = tmp_path / "draf.docx"
    result = run(home, "laporan", str(tmp_path), "-o", str(out))
    assert result.returncode == 2
    assert "Galat: tidak ada buku kerja unit yang valid untuk tahun 2023 periode tahunan: draf laporan tidak " \
           "ditulis." in result.stderr
    assert "Ringkasan: 1 berkas" in result.stdout and not out.exists()
    assert "Traceback" not in result.stdout + result.stderr


def test_reviu_appends_the_findings(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "dengan-reviu.docx"
    result = run(home, "laporan", "workbooks/2023", "-o", str(out), "--reviu", str(REPORTED.relative_to(ROOT)))
    assert result.returncode == 0, result.stderr  # the draft is written; the findings are its appendix
    document = Document(str(out))
    assert len(document.tables[-1].rows) == 1 + 32
    assert any(p.text.startswith("Reviu membandingkan") and "32 perbedaan" in p.text for p in document.paragraphs)


@pytest.mark.parametrize(("args", "message"), [
    (["workbooks/2023", "-o", "out.xlsx"], "berkas keluaran harus .docx"),
    (["workbooks/2023", "-o", "out.docx", "--reviu", "tidak-ada.xlsx"], "berkas Dilaporkan tidak ada"),
    (["tidak-ada", "-o", "out.docx"], "tidak-ada tidak ditemukan."),
])
def test_bad_usage_exits_2_in_indonesian(home: Path, args: list[str], message: str) -> None:
    result = run(home, "laporan", *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_without_the_extra_it_says_what_to_install(home: Path, tmp_path: Path) -> None:
    code = ("import sys; sys.modules['docx'] = None; sys.argv = ['kinerja-xl', 'laporan', 'workbooks/2023', '-o', "
            f"{str(tmp_path / 'x.docx')!r}]; from kinerja_xl.cli import main; main()")
    result = run(home, code=code)
    assert result.returncode == 2
    assert 'pip install "kinerja-xl[laporan]"' in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()
