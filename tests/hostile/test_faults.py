"""Faults leave nothing behind: kill -9, a full disk, a concurrent writer, symbolic links, orphaned workers.

Each fault ends in a clear Indonesian message (exit code 2, no traceback), the user's files keep their bytes
(or are replaced whole), no temporary file survives the next run, and no worker outlives its parent.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from kinerja_xl import pipeline
from kinerja_xl.atomic import TEMP_PREFIX, atomic_write, atomic_write_bytes, inside, remove_stale_temporaries
from kinerja_xl.errors import FileChangedError, OutputWriteError, UsageError
from kinerja_xl.package import check_package, sheet_list
from kinerja_xl.package.opc import Package
from tests.conftest import CLI_ENV, EXAMPLES, ROOT

UNITS = ["DAYASOS", "ITJEN", "LINJAMSOS", "REHSOS", "SETJEN"]
ENV = CLI_ENV


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kinerja_xl", *args]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), cwd=ROOT, capture_output=True, text=True, timeout=300, env=ENV)


def copy_examples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx", folder)) for unit in UNITS]


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX) or p.name.endswith(".tmp"))


def sound_with_results(data: bytes) -> bool:
    return check_package(data) == [] and "Hasil" in [s.name for s in sheet_list(Package.from_bytes(data))]


# -- kill -9 ------------------------------------------------------------------------------------------

def test_kill_9_at_random_points_of_a_write_back_loses_nothing(tmp_path):
    """A bounded loop: hitung killed at a random moment, each workbook is then its old self or whole with its
    Hasil, never half-written; the next run removes what the killed one left and writes everything."""
    baseline = tmp_path / "ukur"
    copy_examples(baseline)
    start = time.perf_counter()
    assert run("hitung", str(baseline), "-j", "1").returncode == 0
    duration = time.perf_counter() - start
    originals = {unit: (EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx").read_bytes() for unit in UNITS}
    rng = random.Random(21)
    folder = tmp_path / "bunuh"
    for _ in range(6):
        shutil.rmtree(folder, ignore_errors=True)
        paths = copy_examples(folder)
        process = subprocess.Popen(command("hitung", str(folder), "-j", "1"), cwd=ROOT, env=ENV,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        for unit, path in zip(UNITS, paths, strict=True):
            data = path.read_bytes()
            assert data == originals[unit] or sound_with_results(data), path.name
    result = run("hitung", str(folder), "-j", "1")  # the run after the kill
    assert result.returncode == 0, result.stderr
    assert temporaries(folder) == []
    assert all(sound_with_results(p.read_bytes()) for p in folder.glob("*.xlsx"))


def test_stale_temporaries_are_removed_and_live_ones_kept(tmp_path):
    """Only kinerja_xl's own names go. Files named like an early version's temporaries (``.NAME-xxxxxxxx.xlsx.tmp``)
    were removed after an hour: a user's ``.anggaran-revisi_2.xlsx.tmp`` too, in any folder kinerja_xl wrote to."""
    from kinerja_xl.atomic import _host

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{TEMP_PREFIX}{_host()}-{dead.stdout.strip()}-abcd1234.tmp"
    live = tmp_path / f"{TEMP_PREFIX}{_host()}-{os.getpid()}-efgh5678.tmp"
    users = [tmp_path / ".anggaran-revisi_2.xlsx.tmp", tmp_path / ".laporan-20240101.docx.tmp"]
    unrelated = tmp_path / "catatan.tmp"
    for path in (stale, live, *users, unrelated):
        path.write_bytes(b"sisa")
    old = time.time() - 7200
    for path in users:
        os.utime(path, (old, old))
    assert sorted(remove_stale_temporaries(tmp_path)) == [stale]
    assert live.exists() and unrelated.exists() and all(p.read_bytes() == b"sisa" for p in users)
    atomic_write_bytes(tmp_path / "baru.txt", b"isi")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["baru.txt", live.name, unrelated.name,
                                                                 *(p.name for p in users)])


# -- a concurrent writer --------------------------------------------------------------------------------

def test_a_workbook_replaced_between_read_and_rename_is_not_overwritten(catalog, tmp_path, monkeypatch):
    import kinerja_xl.render.donor_templates as writer  # the one place a donor is spliced

    path = copy_examples(tmp_path / "unit")[1]
    theirs = (EXAMPLES / "kinerja-SETJEN-2023-tahunan.xlsx").read_bytes()
    splice = writer.splice_packages

    def splice_then_someone_saves(*args, **kwargs):
        splice(*args, **kwargs)
        replacement = path.with_name("lain.tmp")
        replacement.write_bytes(theirs)
        os.replace(replacement, path)  # another program saves the workbook meanwhile

    monkeypatch.setattr(writer, "splice_packages", splice_then_someone_saves)
    report = pipeline.validate_files([path], pipeline.ReadSettings(catalog, figures=False))
    results = pipeline.write_back(report, catalog, read=pipeline.ReadSettings(catalog))
    assert "berkas berubah selama diproses; ulangi" in results[str(path)].error
    assert path.read_bytes() == theirs and temporaries(path.parent) == []


def test_a_workbook_saved_between_validation_and_write_back_is_refused(catalog, tmp_path):
    path = copy_examples(tmp_path / "unit")[0]
    report = pipeline.validate_files([path], catalog)
    time.sleep(0.01)
    data = path.read_bytes()
    path.write_bytes(data)  # saved again (same bytes, a new modification time)
    results = pipeline.write_back(report, catalog)
    assert "berkas berubah" in results[str(path)].error and path.read_bytes() == data
    with pytest.raises(FileChangedError):
        pipeline.write_validation_sheet(report, path)


def test_a_file_changed_before_the_replace_is_refused_by_the_atomic_write(tmp_path):
    from kinerja_xl.atomic import identity

    path = tmp_path / "a.txt"
    path.write_bytes(b"lama")
    seen = identity(path)
    path.write_bytes(b"milik orang lain")
    with pytest.raises(FileChangedError, match="berkas berubah selama diproses; ulangi"):
        atomic_write_bytes(path, b"baru", expect=seen)
    assert path.read_bytes() == b"milik orang lain" and temporaries(tmp_path) == []


# -- a full disk ------------------------------------------------------------------------------------------

@pytest.fixture()
def full_disk(tmp_path):
    """A small tmpfs, filled up (Linux, as root); otherwise the test is skipped with the reason."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("disk penuh disimulasikan dengan tmpfs: perlu Linux dan hak root (mount)")
    mount = tmp_path / "penuh"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"tmpfs tidak dapat dipasang di sini: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> None:
    fd = os.open(folder / "pengisi", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


def test_a_full_disk_is_a_message_and_every_old_file_stays(full_disk, tmp_path):
    units = copy_examples(tmp_path / "unit")
    workbook = Path(shutil.copy(units[1], full_disk))
    old_output = full_disk / "konsolidasi.xlsx"
    assert run("konsolidasi", str(tmp_path / "unit"), "-o", str(old_output), "-j", "1").returncode == 0
    before = {p: p.read_bytes() for p in (workbook, old_output)}
    fill(full_disk)
    for args in (["hitung", str(workbook)], ["konsolidasi", str(tmp_path / "unit"), "-o", str(old_output)],
                 ["pantau", str(EXAMPLES.parent / "2023-triwulan"), "-o", str(full_disk / "p.xlsx")],
                 ["laporan", str(tmp_path / "unit"), "-o", str(full_disk / "l.docx")],
                 ["ekspor", str(tmp_path / "unit"), "-o", str(full_disk / "e.csv")],
                 ["validasi", str(tmp_path / "unit"), "--json", str(full_disk / "v.json")]):
        result = run(*args, "-j", "2")
        assert result.returncode == 2, (args[0], result.stdout, result.stderr)
        assert "ruang disk penuh" in result.stderr.lower(), (args[0], result.stderr)
        for word in ("Traceback", "Exception ignored", "Galat internal", "FileCreateError", "Errno"):
            assert word not in result.stderr, (args[0], result.stderr)
    result = run("templat", "--semua-unit", "-o", str(full_disk / "templat"))
    assert result.returncode == 2 and "ruang disk penuh" in result.stderr.lower() and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert temporaries(full_disk) == [] and sorted(p.name for p in full_disk.iterdir()) == sorted(
        [workbook.name, old_output.name, "pengisi", "templat"])


def test_a_library_wrapped_os_error_is_worded_too(tmp_path):
    from xlsxwriter.exceptions import FileCreateError

    with pytest.raises(OutputWriteError, match="(?i)ruang disk penuh saat menulis") as caught, \
            atomic_write(tmp_path / "a.xlsx"):
        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))
    assert caught.value.exit_code == 2 and temporaries(tmp_path) == []


# -- symbolic links and read-only places ----------------------------------------------------------------------

def test_a_symlinked_workbook_is_written_through_and_stays_a_link(tmp_path):
    real = copy_examples(tmp_path / "asli")[1]
    link = tmp_path / "tautan" / "kinerja-ITJEN-2023-tahunan.xlsx"
    link.parent.mkdir()
    link.symlink_to(real)
    result = run("hitung", str(link), "-j", "1")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert sound_with_results(real.read_bytes()) and temporaries(link.parent) == temporaries(real.parent) == []


def test_a_link_to_a_read_only_workbook_is_refused_with_a_message(tmp_path):
    real = copy_examples(tmp_path / "asli")[1]
    real.chmod(0o444)
    before = real.read_bytes()
    link = tmp_path / "tautan.xlsx"
    link.symlink_to(real)
    result = run("hitung", str(link), "-j", "1")
    assert result.returncode == 2 and "tidak ada izin menulis" in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert link.is_symlink() and real.read_bytes() == before


WRITE_INTO = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kinerja_xl.atomic import atomic_write_bytes
    from kinerja_xl.errors import OutputWriteError
    try:
        atomic_write_bytes(Path(sys.argv[1]) / "a.xlsx", b"x")
    except OutputWriteError as exc:
        print(exc)
""")


@pytest.mark.skipif(os.name != "posix", reason="izin folder POSIX")
def test_a_read_only_folder_is_a_message():
    """Root writes into any folder: as root, the write runs as user nobody (setpriv), as a user would."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("root menulis ke folder hanya-baca, dan setpriv tidak ada")
    base = Path(tempfile.mkdtemp(prefix="kinerja-xl-hanya-baca-"))  # nobody cannot enter pytest's 0700 folders
    base.chmod(0o755)
    folder = base / "hanya-baca"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.geteuid() == 0:
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            result = subprocess.run([*prefix, sys.executable, "-c", WRITE_INTO, str(folder)], capture_output=True,
                                    text=True, timeout=120, env=CLI_ENV, cwd="/")
            assert "tidak ada izin menulis" in result.stdout.lower(), result.stdout + result.stderr
            assert "Traceback" not in result.stderr
        else:
            with pytest.raises(OutputWriteError, match="(?i)tidak ada izin menulis"):
                atomic_write_bytes(folder / "a.xlsx", b"x")
        assert list(folder.iterdir()) == []  # no temporary file left either
    finally:
        folder.chmod(0o755)
        shutil.rmtree(base)


@pytest.mark.parametrize("name", ["../keluar.xlsx", "a/b.xlsx", "..", "", "a\0b", "a\x1bb", "/etc/passwd", "C:x"])
def test_an_output_name_made_from_data_cannot_leave_its_folder(tmp_path, name):
    if name == "C:x" and os.name != "nt":
        assert inside(tmp_path, name) == tmp_path / name  # a plain name on POSIX
        return
    with pytest.raises(UsageError, match="tidak aman"):
        inside(tmp_path, name)


def test_templat_with_a_traversing_unit_code_writes_nothing_anywhere(tmp_path):
    from tests.support.catalogs import TINY

    catalog = tmp_path / "katalog.yaml"
    catalog.write_text(TINY.replace("{kode: B,", "{kode: ../../keluar,").replace("pemilik: [B]",
                                                                                  "pemilik: [../../keluar]"))
    out = tmp_path / "a" / "b"
    result = run("templat", "--semua-unit", "--katalog", str(catalog), "-o", str(out))
    assert result.returncode == 2 and "hanya boleh memuat" in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["katalog.yaml"]


# -- worker processes ----------------------------------------------------------------------------------------

WORKERS = textwrap.dedent("""
    import os, sys, time
    from kinerja_xl.pipeline.parallel import parallel_map

    def work(shared, item):
        time.sleep(0.2)
        return os.getpid()

    if __name__ == "__main__":
        for pid in parallel_map(work, list(range(400)), None, jobs=2, max_chunk=1):
            print(pid, flush=True)
""")


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (FileNotFoundError, IndexError):
        return True
    return state in ("Z", "X")  # a zombie has ended (reaping it is its new parent's job)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="memerlukan /proc untuk melihat proses")
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    script = tmp_path / "pekerja.py"
    script.write_text(WORKERS)
    process = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    workers: set[int] = set()
    assert process.stdout is not None
    while len(workers) < 2:
        workers.add(int(process.stdout.readline()))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while not all(gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if not gone(pid)]
    for pid in alive:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def test_a_file_on_a_read_only_medium_is_said_to_be_on_one(tmp_path, monkeypatch):
    """``hitung`` on a read-only mount said "Tidak ada izin menulis …" (the file looked read-only to the user), while
    ``konsolidasi`` said the medium is read-only: both say the medium now."""
    import types

    from kinerja_xl import atomic
    from kinerja_xl.errors import OutputWriteError

    target = tmp_path / "kinerja-ITJEN-2023-tahunan.xlsx"
    target.write_bytes(b"isi")
    monkeypatch.setattr(atomic.os, "access", lambda *args, **kwargs: False)
    monkeypatch.setattr(atomic.os, "statvfs", lambda path: types.SimpleNamespace(f_flag=os.ST_RDONLY))
    with pytest.raises(OutputWriteError) as refused:
        atomic_write_bytes(target, b"baru")
    assert "berada di media yang hanya dapat dibaca" in str(refused.value) and "izin" not in str(refused.value)
    assert target.read_bytes() == b"isi"
