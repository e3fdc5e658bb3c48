"""The ledger through the real command line (subprocesses, copies of workbooks/2023 in temporary folders):
a corrected workbook sent, compared with the last one, the year locked, a swap caught after the lock, the
consolidations naming the versions they used, tampering found, two commands at once, a read-only medium."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kinerja_xl.ledger.chain import sha256_hex
from kinerja_xl.package import check_package
from tests.conftest import ROOT, example_folder
from tests.factories import cell_of, patch_cells

UNITS = ["DAYASOS", "ITJEN", "LINJAMSOS", "REHSOS", "SETJEN"]
REHSOS = "kinerja-REHSOS-2023-tahunan.xlsx"
ANAK = cell_of("REHSOS", "SS1.1.1", "anak.pembilang")  # 384.921 in the LKj 2023 figures
ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": tempfile.gettempdir()}


def run(*args: str, cwd: Path = ROOT, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-m", "kinerja_xl", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env=ENV)


def sha(path: Path) -> str:
    return sha256_hex(path.read_bytes())


@pytest.fixture()
def folder(tmp_path) -> Path:
    return example_folder(tmp_path / "unit")


def section(rows: list[tuple], title: str) -> list[tuple]:
    """The rows of a sheet from the one whose first cell starts with ``title`` to the next such title."""
    start = next(i for i, r in enumerate(rows) if str(r[0]).startswith(title))
    out = []
    for r in rows[start + 1:]:
        if r[0] and all(v is None for v in r[1:]) and not str(r[0]).startswith("Capaian"):
            break
        out.append(r)
    return out


def correct(folder: Path, value: int = 380000) -> Path:
    """REHSOS sends a corrected workbook (edited and saved in a spreadsheet), over the old one."""
    return patch_cells(folder / REHSOS, {("Isian", ANAK): value})


def test_a_corrected_workbook_compared_with_the_last_one(folder, tmp_path):
    first = sha(folder / REHSOS)
    assert run("validasi", str(folder)).returncode == 0
    assert (folder / ".kinerja-xl" / "buku-besar.sqlite").is_file()
    correct(folder)
    second = sha(folder / REHSOS)
    result = run("validasi", str(folder))
    assert result.returncode == 0, result.stdout + result.stderr

    result = run("banding", "REHSOS", "tahunan", "--folder", str(folder))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Banding REHSOS Tahunan 2023: versi {first[:8]} (")
    assert f"→ {second[:8]} (" in lines[0]
    assert f"  SS1.1.1 'Terpenuhi kebutuhan dasar (orang)' (Anak) (Isian!{ANAK}): 384.921 → 380.000 (-4.921)" in lines
    assert "  SS1.1 % capaian (indikator): 100,39 → 100,29" in lines
    assert "  SS1 % capaian (sasaran): 104,63 → 104,60" in lines
    assert "  Kementerian Sosial Republik Indonesia % capaian (instansi): 107,25 → 107,24" in lines

    by_hash = run("banding", first[:6], second[:6], "--folder", str(folder), "--json", "-")
    data = json.loads(by_hash.stdout)
    assert [(c["kode"], c["sel_baru"], c["lama"], c["baru"]) for c in data["perubahan"]] == [
        ("SS1.1.1", f"Isian!{ANAK}", "384921", "380000")]
    assert data["lingkup_dampak"] == "instansi"

    history = run("riwayat", str(folder))
    assert history.returncode == 0, history.stderr
    text = history.stdout
    rehsos = text[text.index("REHSOS · Tahunan 2023"):].split("\n\n")[0].splitlines()
    assert len(rehsos) == 3
    assert first[:8] in rehsos[1] and "107,25" in rehsos[1] and "SAAT INI" not in rehsos[1]
    assert second[:8] in rehsos[2] and "1 isian berubah" in rehsos[2] and "107,24" in rehsos[2]
    assert "SAAT INI" in rehsos[2]

    data = json.loads(run("riwayat", str(folder), "--unit", "rehsos", "--json", "-").stdout)
    (unit,) = data["unit"]
    assert [v["pendek"] for v in unit["versi"]] == [first[:8], second[:8]]
    assert [v["capaian_instansi"] for v in unit["versi"]] == ["107.25", "107.24"]


def test_the_old_version_is_restored_from_its_copy(folder, tmp_path):
    first = sha(folder / REHSOS)
    run("validasi", str(folder))
    correct(folder)
    restored = tmp_path / "kembali.xlsx"
    result = run("riwayat", str(folder), "--pulihkan", first[:8], "-o", str(restored))
    assert result.returncode == 0, result.stderr
    assert sha(restored) == first
    # the corrected file is not in the ledger yet: it is not overwritten
    refused = run("riwayat", str(folder), "--pulihkan", first[:8], "-o", str(folder / REHSOS))
    assert refused.returncode == 2 and "belum tersimpan di buku besar" in refused.stderr
    run("validasi", str(folder))
    assert run("riwayat", str(folder), "--pulihkan", first[:8], "-o", str(folder / REHSOS)).returncode == 0
    assert sha(folder / REHSOS) == first
    # REHSOS's version is not written over ITJEN's workbook: the folder would hold two of REHSOS and none of ITJEN
    itjen = folder / "kinerja-ITJEN-2023-tahunan.xlsx"
    before = sha(itjen)
    refused = run("riwayat", str(folder), "--pulihkan", first[:8], "-o", str(itjen))
    assert refused.returncode == 2, refused.stdout
    assert (f"adalah buku kerja ITJEN Tahunan 2023, sedangkan versi {first[:8]} milik REHSOS Tahunan 2023; tidak "
            "ditimpa") in refused.stderr
    assert sha(itjen) == before


def test_lock_catch_a_swap_and_consolidate_from_the_final_versions(folder, tmp_path):
    original = folder / REHSOS
    old_copy = tmp_path / "rehsos-lama.xlsx"
    shutil.copy(original, old_copy)
    correct(folder)
    final = sha(original)
    result = run("kunci", str(folder), "--tahun", "2023", "--periode", "tahunan", "--oleh", "Ani", "--catatan",
                 "ND-12/2024")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Dikunci: Tahunan 2023 final sejak " in result.stdout and " oleh Ani: " in result.stdout
    assert f"REHSOS {final[:8]}" in result.stdout

    again = run("kunci", str(folder))
    assert again.returncode == 2 and "--buka --alasan" in again.stderr

    # the old workbook comes back over the final one: a swap
    shutil.copy(old_copy, original)
    swapped = sha(original)
    result = run("validasi", str(folder))
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if "versi-terkunci" in x)
    assert f"{REHSOS} Isian!{ANAK}:" in line
    assert f"versi final unit REHSOS adalah {final[:8]}" in line and f"berkas ini versi {swapped[:8]}" in line
    assert f"(Isian!{ANAK}): 380.000 → 384.921" in line

    output = tmp_path / "laporan.xlsx"
    result = run("konsolidasi", str(folder), "-o", str(output))
    assert result.returncode == 1  # the swap is still an error to fix
    assert "Tahunan 2023 final sejak " in result.stdout and f"REHSOS {final[:8]}" in result.stdout
    assert "Capaian kinerja Kementerian Sosial Republik Indonesia tahun 2023: 107,24" in result.stdout  # final set
    wb = load_workbook(output)
    rows = [r for r in wb["Riwayat"].iter_rows(values_only=True) if any(r)]
    assert any(str(r[0]).startswith("Periode ini FINAL sejak") for r in rows)
    used = {r[0]: r for r in section(rows, "Versi buku kerja unit yang dipakai") if r[0] in UNITS}
    assert used["REHSOS"][3] == final[:8] and used["REHSOS"][5] == "versi final"
    data_sheet = [r for r in wb["Data"].iter_rows(values_only=True) if r[5] == "REHSOS" and r[9] == ANAK]
    assert data_sheet and "(versi final " in data_sheet[0][7]
    assert check_package(output.read_bytes()) == []
    exported = run("ekspor", str(folder), "-o", str(tmp_path / "ekspor.csv"))  # from the final set, and says so
    assert "Tahunan 2023 final sejak " in exported.stdout and f"REHSOS {final[:8]}" in exported.stdout

    result = run("kunci", str(folder), "--buka")
    assert result.returncode == 2 and "memerlukan alasan" in result.stderr
    result = run("kunci", str(folder), "--buka", "--alasan", "revisi disetujui", "--oleh", "Budi")
    assert result.returncode == 0 and "Kunci dibuka oleh Budi (revisi disetujui)" in result.stdout
    assert run("validasi", str(folder)).returncode == 0
    data = json.loads(run("riwayat", str(folder), "--json", "-").stdout)
    assert [(e["aksi"], e["oleh"], e["catatan"]) for e in data["kunci"]] == [
        ("kunci", "Ani", "ND-12/2024"), ("buka", "Budi", "revisi disetujui")]


def test_a_period_with_an_invalid_file_is_not_locked(folder):
    patch_cells(folder / REHSOS, {("Isian", ANAK): "banyak"})
    result = run("kunci", str(folder))
    assert result.returncode == 1
    assert "Tahunan 2023 tidak dapat dikunci:" in result.stderr and f"{REHSOS}: tidak valid" in result.stderr


def test_every_consolidation_names_the_versions_it_used(folder, tmp_path):
    versions = {u: sha(folder / f"kinerja-{u}-2023-tahunan.xlsx") for u in UNITS}
    first = tmp_path / "pertama.xlsx"
    assert run("konsolidasi", str(folder), "-o", str(first)).returncode == 0
    correct(folder)
    second = tmp_path / "kedua.xlsx"
    result = run("konsolidasi", str(folder), "-o", str(second))
    assert result.returncode == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("Versi buku kerja unit:"))
    assert f"REHSOS {sha(folder / REHSOS)[:8]}" in line and f"SETJEN {versions['SETJEN'][:8]}" in line
    wb = load_workbook(second)
    summary = [r[0] for r in wb["Ringkasan"].iter_rows(values_only=True) if r[0]]
    assert any(str(t).startswith("Dihitung dari versi buku kerja unit: ") for t in summary)
    rows = [r for r in wb["Riwayat"].iter_rows(values_only=True) if any(r)]
    texts = [str(r[0]) for r in rows]
    assert any(t.startswith("Perubahan sejak konsolidasi sebelumnya (") for t in texts)
    assert "Capaian Kementerian Sosial Republik Indonesia: 107,25 → 107,24 (selisih -0,01)" in texts
    change = next(r for r in rows if r[0] == "REHSOS" and r[1] == "1 isian berubah")
    assert change[8] == "-0,01"
    detail = next(r for r in rows if r[1] == "SS1.1.1" and r[3] == f"Isian!{ANAK}")
    assert (detail[4], detail[5], detail[6]) == (384921, 380000, -4921)
    properties = wb.custom_doc_props
    assert properties["kinerja_xl.versi.REHSOS"].value == sha(folder / REHSOS)
    ledger = json.loads(run("riwayat", str(folder), "--json", "-").stdout)
    assert [c["keluaran"] for c in ledger["konsolidasi"]] == [str(first), str(second)]
    assert ledger["konsolidasi"][0]["versi"] == versions


def test_the_word_draft_names_the_versions(folder, tmp_path):
    pytest.importorskip("docx")
    from docx import Document

    output = tmp_path / "laporan.docx"
    result = run("laporan", str(folder), "-o", str(output))
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in Document(str(output)).paragraphs)
    assert "Draf ini dihitung dari versi buku kerja berikut" in text
    for unit in UNITS:
        assert f"({unit}): kinerja-{unit}-2023-tahunan.xlsx, versi " \
               f"{sha(folder / f'kinerja-{unit}-2023-tahunan.xlsx')[:8]}" in text
    assert "Sidik buku besar versi saat draf disusun: " in text


def test_changes_sheet_written_into_the_new_workbook(folder, tmp_path):
    old = tmp_path / "lama.xlsx"
    shutil.copy(folder / REHSOS, old)
    new = correct(folder)
    before = _members(new)
    result = run("banding", str(old), str(new), "--lembar")
    assert result.returncode == 0, result.stderr
    assert f"ditulis: {new} (lembar Perubahan)" in result.stdout
    assert check_package(new.read_bytes()) == []
    wb = load_workbook(new)
    assert wb.sheetnames[-1] == "Perubahan"
    rows = [r for r in wb["Perubahan"].iter_rows(values_only=True) if any(r)]
    change = next(r for r in rows if r[1] == "SS1.1.1")
    assert change[3:7] == (f"Isian!{ANAK}", 384921, 380000, -4921)
    link = next(c for row in wb["Perubahan"].iter_rows() for c in row if c.value == f"Isian!{ANAK}")
    assert link.hyperlink is not None and link.hyperlink.location == f"'Isian'!{ANAK}"
    after = _members(new)
    kept = [name for name in before if name.startswith("xl/worksheets/") and name in after
            and before[name] == after[name]]
    assert kept  # the input sheets keep their bytes
    again = run("banding", str(old), str(new), "--lembar")  # written again: replaced, not added
    assert again.returncode == 0
    assert load_workbook(new).sheetnames.count("Perubahan") == 1


def _members(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def test_a_tampered_record_is_found_and_named(folder):
    assert run("validasi", str(folder)).returncode == 0
    assert run("riwayat", str(folder), "--periksa").returncode == 0
    db = folder / ".kinerja-xl" / "buku-besar.sqlite"
    conn = sqlite3.connect(db)
    number, data = conn.execute("SELECT id, data FROM catatan WHERE jenis = 'versi' AND unit = 'REHSOS'").fetchone()
    conn.execute("DROP TRIGGER catatan_tanpa_ubah")
    conn.execute("UPDATE catatan SET data = ? WHERE id = ?", (data.replace(b'"peringatan"', b'"ok"'), number))
    conn.commit()
    conn.close()
    result = run("riwayat", str(folder), "--periksa")
    assert result.returncode == 1
    assert f"DIUBAH catatan {number} (versi REHSOS 2023 tahunan, " in result.stdout
    assert "diubah: sidiknya tidak cocok dengan isinya" in result.stdout
    assert "Buku besar TIDAK utuh" in result.stdout


def test_a_record_replaced_by_another_tool_is_one_warning_and_a_message(folder):
    """A version record whose data another tool replaced with something that is not JSON: a run goes on without
    the ledger (one warning, in Bahasa Indonesia), ``riwayat`` says what is wrong and how to check it, and
    ``riwayat --periksa`` names the record; never an internal error or a Python exception's name."""
    assert run("validasi", str(folder)).returncode == 0
    conn = sqlite3.connect(folder / ".kinerja-xl" / "buku-besar.sqlite")
    conn.execute("DROP TRIGGER catatan_tanpa_ubah")
    conn.execute("UPDATE catatan SET data = ? WHERE jenis = 'versi' AND unit = 'REHSOS'", (b"{{",))
    conn.commit()
    conn.close()
    damaged = "catatan buku besar rusak atau diubah alat lain; periksa dengan 'kinerja-xl riwayat FOLDER --periksa'"
    result = run("validasi", str(folder))
    assert result.returncode == 0
    assert result.stdout.count("buku-besar-dilewati") == 1 and damaged in result.stdout
    history = run("riwayat", str(folder))
    assert history.returncode != 0 and damaged in history.stderr + history.stdout
    checked = run("riwayat", str(folder), "--periksa")
    assert checked.returncode == 1 and "(versi REHSOS 2023 tahunan, " in checked.stdout
    for output in (result, history, checked):
        assert "Galat internal" not in output.stdout + output.stderr
        assert "Error" not in output.stdout + output.stderr and "Traceback" not in output.stderr


def test_a_dropped_index_is_found_and_a_run_says_so_in_bahasa_indonesia(folder):
    """Another tool drops the index that keeps one version per file content: the run goes on without the ledger
    and says why in words a unit staffer can act on; ``riwayat --periksa`` reports the index gone."""
    assert run("validasi", str(folder)).returncode == 0
    conn = sqlite3.connect(folder / ".kinerja-xl" / "buku-besar.sqlite")
    conn.execute("DROP INDEX catatan_berkas")
    conn.commit()
    conn.close()
    result = run("validasi", str(folder))
    assert result.returncode == 0
    line = next(x for x in (result.stdout + result.stderr).splitlines() if "buku-besar-dilewati" in x)
    assert "struktur buku besar rusak: indeks catatan_berkas hilang; periksa dengan 'kinerja-xl riwayat FOLDER " \
           "--periksa'" in line, line
    assert "no such" not in result.stdout + result.stderr
    checked = run("riwayat", str(folder), "--periksa")
    assert checked.returncode == 1
    assert "DIUBAH indeks buku besar dihapus (catatan_berkas)" in checked.stdout
    assert "Buku besar TIDAK utuh: 1 temuan" in checked.stdout


def test_a_tampered_copy_is_found_and_named(folder):
    assert run("validasi", str(folder)).returncode == 0
    db = folder / ".kinerja-xl" / "buku-besar.sqlite"
    target = sha(folder / REHSOS)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE salinan SET data = ? WHERE sha256 = ?", (zlib.compress(b"bukan berkas asli"), target))
    conn.commit()
    conn.close()
    result = run("riwayat", str(folder), "--periksa", "--json", "-")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["utuh"] is False
    assert [f["pesan"] for f in data["temuan"]] == [
        f"salinan berkas {target[:8]} diubah atau rusak: isinya tidak lagi sesuai dengan sidiknya"]


def test_two_commands_record_at_once(folder, tmp_path):
    for i in range(6):  # more versions for the two runs to race on
        patch_cells(folder / REHSOS, {("Isian", ANAK): 380000 + i}, out=folder / f"kinerja-REHSOS-revisi-{i}.xlsx")
    command = [sys.executable, "-m", "kinerja_xl", "validasi", str(folder), "-j", "1"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in runs]
    for p, (out, err) in zip(runs, outputs, strict=True):
        assert p.returncode == 1, err  # berkas-ganda: REHSOS sent seven times
        assert "buku-besar-dilewati" not in out + err
    data = json.loads(run("riwayat", str(folder), "--json", "-").stdout)
    assert sum(len(u["versi"]) for u in data["unit"]) == 11  # every distinct content once
    assert run("riwayat", str(folder), "--periksa").returncode == 0


def _read_only_folder(kind: str, source: Path) -> tuple[Path, tuple[str, ...], object]:
    """A copy of ``source`` on a read-only medium (``media``: a tmpfs mounted read-only) or in a folder the
    user cannot write (``izin``: chmod a-w, the command run as nobody)."""
    base = Path(tempfile.mkdtemp(prefix="kinerja-ro-"))
    os.chmod(base, 0o755)
    folder = base / "unit"
    if kind == "media":
        if os.geteuid() != 0 or shutil.which("mount") is None:
            pytest.skip("memasang tmpfs hanya-baca butuh root dan mount")
        folder.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)]).returncode != 0:
            pytest.skip("mount tmpfs tidak diizinkan di lingkungan ini")
        shutil.copytree(source, folder, dirs_exist_ok=True)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        return folder, (), lambda: (subprocess.run(["umount", str(folder)]), shutil.rmtree(base))
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("menjalankan sebagai pengguna lain butuh root dan setpriv")
    nobody = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
    if subprocess.run([*nobody, sys.executable, "-c", "import click, python_calamine, xlsxwriter"], env=ENV,
                      cwd="/", capture_output=True).returncode != 0:
        pytest.skip("Python ini tidak terbaca oleh pengguna nobody (mis. terpasang di bawah /root)")
    shutil.copytree(source, folder)
    for path in [folder, *folder.iterdir()]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    return folder, nobody, lambda: shutil.rmtree(base)


@pytest.mark.parametrize("kind", ["media", "izin"])
def test_a_read_only_folder_skips_the_ledger_with_one_warning(folder, tmp_path, kind):
    readonly, prefix, cleanup = _read_only_folder(kind, folder)
    try:
        output = Path(tempfile.mkdtemp(prefix="kinerja-out-"))
        os.chmod(output, 0o777)
        result = run("konsolidasi", str(readonly), "-o", str(output / "laporan.xlsx"), prefix=prefix)
        assert result.returncode == 0, result.stdout + result.stderr
        warnings = [x for x in (result.stdout + result.stderr).splitlines() if "buku besar" in x.lower()
                    and "tidak dapat dipakai" in x]
        assert len(warnings) == 1, result.stdout + result.stderr
        assert "buku-besar-dilewati" in warnings[0]
        assert "Capaian kinerja Kementerian Sosial Republik Indonesia tahun 2023: 107,25" in result.stdout
        assert not (readonly / ".kinerja-xl").exists()
        assert (output / "laporan.xlsx").is_file()
        shutil.rmtree(output)
    finally:
        cleanup()  # type: ignore[operator]


def test_a_damaged_ledger_is_one_warning(folder):
    ledger = folder / ".kinerja-xl"
    ledger.mkdir()
    (ledger / "buku-besar.sqlite").write_bytes(b"rusak " * 1000)
    result = run("validasi", str(folder))
    assert result.returncode == 0
    assert result.stdout.count("buku-besar-dilewati") == 1
    assert "berkas rusak atau bukan basis data SQLite" in result.stdout


def test_the_ledger_can_be_elsewhere_or_off(folder, tmp_path):
    elsewhere = tmp_path / "catatan" / "bb.sqlite"
    assert run("validasi", str(folder), "--buku-besar", str(elsewhere)).returncode == 0
    assert elsewhere.is_file() and not (folder / ".kinerja-xl").exists()
    assert run("validasi", str(folder), "--tanpa-buku-besar").returncode == 0
    assert not (folder / ".kinerja-xl").exists()
    assert run("validasi", str(folder), "--tanpa-salinan").returncode == 0
    conn = sqlite3.connect(folder / ".kinerja-xl" / "buku-besar.sqlite")
    assert conn.execute("SELECT count(*) FROM salinan").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM catatan WHERE jenis = 'versi'").fetchone() == (5,)


@pytest.mark.parametrize("command", [("riwayat",), ("kunci",)])
def test_the_ledger_commands_refuse_a_ledger_turned_off(folder, command):
    """With KINERJA_XL_TANPA_BUKU_BESAR=1 (a server's setting), riwayat made a ledger and recorded five versions,
    and kunci locked a period the batch commands then never checked (found walking the journeys)."""
    def off(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kinerja_xl", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=300, env={**ENV, "KINERJA_XL_TANPA_BUKU_BESAR": "1"})

    result = off(*command, str(folder))
    assert result.returncode == 2, result.stderr
    assert f"buku besar dimatikan oleh KINERJA_XL_TANPA_BUKU_BESAR=1, sedangkan '{command[0]}'" in result.stderr
    assert not (folder / ".kinerja-xl").exists()
    named = off(*command, str(folder), "--buku-besar", str(folder / "bb.sqlite"))  # a ledger named is used
    assert named.returncode == 0, named.stderr


def test_banding_of_a_unit_reads_the_file_saved_over_since_the_last_command(folder):
    """The README's flow: a unit saves a corrected workbook over the old one, then banding UNIT PERIODE. It said
    "baru ada satu isi versi" until some other command had read the folder again (found walking the journeys)."""
    first = sha(folder / REHSOS)
    assert run("validasi", str(folder)).returncode == 0
    correct(folder)
    result = run("banding", "REHSOS", "tahunan", "--folder", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Banding REHSOS Tahunan 2023: versi {first[:8]} (")
    assert f"→ {sha(folder / REHSOS)[:8]} (" in result.stdout.splitlines()[0]


def test_banding_names_what_it_cannot_compare(folder, tmp_path):
    period = run("banding", "ITJEN", "tw9", "--folder", str(folder))
    assert period.returncode == 2 and "'tw9' bukan periode (TW1, TW2, TW3, TW4 atau tahunan)" in period.stderr
    assert run("konsolidasi", str(folder), "-o", str(tmp_path / "k.xlsx")).returncode == 0
    output = run("banding", str(tmp_path / "k.xlsx"), str(folder / REHSOS))
    assert output.returncode == 2
    assert "k.xlsx adalah buku kerja konsolidasi buatan kinerja-xl, bukan buku kerja isian unit" in output.stderr


def test_reading_the_ledger_leaves_no_files_beside_it(folder):
    """``riwayat`` and ``banding`` (which record the folder's files as they are now, then read the ledger): before,
    SQLite's ``-wal`` and ``-shm`` stayed beside the ledger after each of them, in the unit folder a user shares."""
    assert run("validasi", str(folder)).returncode == 0
    correct(folder)
    assert run("validasi", str(folder)).returncode == 0
    ledger = folder / ".kinerja-xl"
    assert sorted(p.name for p in ledger.iterdir()) == ["buku-besar.sqlite"]
    for args in (("riwayat", str(folder)), ("riwayat", str(folder), "--unit", "REHSOS", "--json", "-"),
                 ("riwayat", str(folder), "--periksa"), ("banding", "REHSOS", "tahunan", "--folder", str(folder))):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in ledger.iterdir()) == ["buku-besar.sqlite"], args


def test_riwayat_keeps_its_columns_whatever_the_status_says(folder):
    """``hitung`` twice gives versions "valid dengan peringatan, isi sama dengan …" (48 characters): the status
    column was 46 wide, so those lines pushed "capaian instansi" out of line with the others."""
    for _ in range(2):
        assert run("hitung", str(folder)).returncode == 0
    result = run("riwayat", str(folder))
    assert result.returncode == 0, result.stderr
    versions = [line for line in result.stdout.splitlines() if "capaian instansi" in line]
    assert any("isi sama dengan" in line for line in versions) and len(versions) >= 10
    assert len({line.index("capaian instansi") for line in versions}) == 1, versions


def test_a_draft_is_written_whatever_control_characters_its_texts_hold(folder, tmp_path):
    """A lock's signer and a unit file's name come from users: with a control character in them, ``laporan`` ended
    in "Galat internal … ValueError: All strings must be XML compatible"; now the draft is written, the character
    shown as U+FFFD (as the consolidated workbook shows it)."""
    from docx import Document

    assert run("kunci", str(folder), "--tahun", "2023", "--periode", "tahunan", "--oleh",
               "Budi\x1b[31mX\x01").returncode == 0
    (folder / "kinerja-ITJEN-2023-tahunan.xlsx").rename(folder / "kinerja-ITJEN\x02-2023-tahunan.xlsx")
    out = tmp_path / "draf.docx"
    result = run("laporan", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Galat internal" not in result.stdout + result.stderr
    document = Document(str(out))
    texts = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any("oleh Budi\ufffd[31mX\ufffd;" in t for t in texts), texts


def test_a_final_copy_changed_by_another_tool_is_not_used(folder, tmp_path):
    """A stored copy is kept in a plain table: another tool can put other bytes under a final version's SHA-256.
    Before, the consolidation of the locked period read them (here, ITJEN's workbook under DAYASOS's version: the
    instansi's capaian went blank, exit 0, no word of it); now the copy is checked against its version's SHA-256,
    the version's recorded inputs are used instead, and the run says so."""
    assert run("kunci", str(folder), "--tahun", "2023", "--periode", "tahunan").returncode == 0
    ledger = folder / ".kinerja-xl" / "buku-besar.sqlite"
    conn = sqlite3.connect(ledger)
    dayasos = sha(folder / "kinerja-DAYASOS-2023-tahunan.xlsx")
    conn.execute("UPDATE salinan SET data = ? WHERE sha256 = ?",
                 (zlib.compress((folder / "kinerja-ITJEN-2023-tahunan.xlsx").read_bytes()), dayasos))
    conn.commit()
    conn.close()
    result = run("konsolidasi", str(folder), "-o", str(tmp_path / "k.xlsx"))
    assert result.returncode == 0, result.stderr
    assert "Capaian kinerja Kementerian Sosial Republik Indonesia tahun 2023: 107,25" in result.stdout
    assert ("salinan berkas versi final DAYASOS di buku besar tidak lagi sesuai sidiknya (diubah alat lain)"
            in result.stdout + result.stderr)


def test_a_version_prefix_is_refused_with_one_reason_everywhere(folder, tmp_path):
    """``riwayat --pulihkan`` and ``banding`` name a version by the start of its SHA-256 alike: too short, none,
    or several, each listed by as many digits as tell them apart (before, ``--pulihkan f`` said "tidak ada" where
    ``banding f`` said "terlalu pendek", and two versions alike in 8 digits were both listed by those 8); and
    ``-o -`` is no file name for a workbook (a file named '-' was written)."""
    assert run("validasi", str(folder)).returncode == 0
    first = sha(folder / REHSOS)
    for args in (("riwayat", str(folder), "--pulihkan", "f", "-o", str(tmp_path / "x.xlsx")),
                 ("banding", "f", first[:8], "--folder", str(folder))):
        result = run(*args)
        assert result.returncode == 2 and "'f' terlalu pendek untuk sidik versi" in result.stderr, result.stderr
    result = run("riwayat", str(folder), "--pulihkan", "ffff", "-o", str(tmp_path / "x.xlsx"))
    assert result.returncode == 2 and "'ffff' bukan sidik versi di buku besar" in result.stderr, result.stderr
    dash = run("riwayat", str(folder), "--pulihkan", first[:8], "-o", "-", cwd=tmp_path)
    assert dash.returncode == 2 and "bukan '-'" in dash.stderr and not (tmp_path / "-").exists()
    # a second version whose SHA-256 starts with the same 9 digits (written as another tool could)
    from kinerja_xl.ledger.chain import canonical, row_hash

    twin = first[:9] + ("0" if first[9] != "0" else "1") + first[10:]
    conn = sqlite3.connect(folder / ".kinerja-xl" / "buku-besar.sqlite")
    number, head = conn.execute("SELECT id, sidik FROM catatan ORDER BY id DESC LIMIT 1").fetchone()
    kind, when, unit, year, period, data = conn.execute(
        "SELECT jenis, waktu, unit, tahun, periode, data FROM catatan WHERE jenis = 'versi' AND kunci = ?",
        (first,)).fetchone()
    record = json.loads(data)
    record.update(sha256=twin, salinan=False)
    raw = canonical(record)
    conn.execute("INSERT INTO catatan VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (number + 1, kind, when, twin, unit, year, period, raw, head,
                  row_hash(number + 1, kind, when, twin, unit, year, period, raw, head)))
    conn.commit()
    conn.close()
    result = run("riwayat", str(folder), "--pulihkan", first[:6], "-o", str(tmp_path / "x.xlsx"))
    assert result.returncode == 2, result.stderr
    assert f"cocok dengan 2 versi: {first[:10]} (REHSOS" in result.stderr and f"{twin[:10]} (REHSOS" in result.stderr
