"""An output named like an input never replaces it: every command that writes, run as a user runs it, with its
output pointed at a unit's workbook, the Dilaporkan workbook, the catalog or another kind of output.

Before, the output was left out of the files read (kinerja_xl never reads its own outputs back), then written over:
``konsolidasi FOLDER -o FOLDER/kinerja-ITJEN-2023-tahunan.xlsx`` replaced ITJEN's workbook with the consolidated
one, and no version of it was kept in the ledger; ``hitung --keluaran FOLDER`` replaced the originals it promises
to keep. Each is now refused before anything is read (exit 2), and every file keeps its bytes.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja_xl.ledger import Ledger
from tests.conftest import ROOT, copy_example

CATALOG = ROOT / "kinerja_xl" / "data" / "katalog-kemensos-2023.yaml"
UNIT = "k/kinerja-ITJEN-2023-tahunan.xlsx"

#: (command line, what the refusal says) with the example copied to ``k`` and a consolidated workbook ``out/k.xlsx``.
CASES = {
    "konsolidasi-unit": (("konsolidasi", UNIT, "k/kinerja-SETJEN-2023-tahunan.xlsx", "-o", UNIT),
                         "adalah masukan perintah ini"),
    "konsolidasi-unit-tak-dinamai": (("konsolidasi", "k", "-o", "k/kinerja-REHSOS-2023-tahunan.xlsx"),
                                     "bukan buku kerja konsolidasi buatan kinerja-xl"),
    "pantau-unit": (("pantau", "k", "-o", UNIT), "bukan buku kerja pemantauan buatan kinerja-xl"),
    "ekspor-unit": (("ekspor", "k", "-o", UNIT), "bukan buku kerja ekspor buatan kinerja-xl"),
    "ekspor-csv-katalog": (("ekspor", "k", "--katalog", "katalog.yaml", "-o", "katalog.csv"), None),
    "reviu-dilaporkan": (("reviu", "k", "--dilaporkan", "k/dilaporkan-2023.xlsx", "-o", "k/dilaporkan-2023.xlsx"),
                         "adalah masukan perintah ini"),
    "reviu-konsolidasi": (("reviu", "k", "--dilaporkan", "k/dilaporkan-2023.xlsx", "-o", "out/k.xlsx"),
                          "adalah buku kerja konsolidasi, bukan buku kerja reviu"),
    "konsolidasi-dilaporkan": (("konsolidasi", "k", "-o", "k/dilaporkan-2023.xlsx"),
                               "adalah buku kerja Dilaporkan, bukan buku kerja konsolidasi"),
    "json-unit": (("validasi", "k", "--json", UNIT), "buku kerja Excel yang sudah ada"),
    "json-keluaran": (("konsolidasi", "k", "-o", "out/k2.xlsx", "--json", "out/k.xlsx"),
                      "buku kerja Excel yang sudah ada"),
    "json-katalog": (("validasi", "k", "--katalog", "katalog.yaml", "--json", "katalog.yaml"),
                     "adalah masukan perintah ini"),
    "json-buku-besar": (("validasi", "k", "--json", "k/.kinerja-xl/buku-besar.sqlite"), "adalah basis data SQLite"),
    "riwayat-json-buku-besar": (("riwayat", "k", "--json", "k/.kinerja-xl/buku-besar.sqlite"),
                                "adalah basis data SQLite"),
    "hitung-folder-asli": (("hitung", "k", "--keluaran", "k"), "adalah folder berkas asli"),
    "hitung-folder-asli-lain-nama": (("hitung", "k", "--keluaran", "./k/../k/"), "adalah folder berkas asli"),
}


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kinerja_xl", *args], cwd=root, capture_output=True, text=True,
                          timeout=600, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(root),
                                            "KINERJA_XL_TANPA_BUKU_BESAR": "1"})


def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("keluaran")
    copy_example(ROOT / "workbooks" / "2023", root / "k")
    (root / "katalog.yaml").write_bytes(CATALOG.read_bytes())
    with Ledger(root / "k" / ".kinerja-xl" / "buku-besar.sqlite"):  # the folder's ledger (the runs here keep it off)
        pass
    made = _run(root, "konsolidasi", "k", "-o", "out/k.xlsx")
    assert made.returncode == 0, made.stderr
    return root


@pytest.mark.parametrize("name", list(CASES))
def test_an_output_never_replaces_what_is_not_its_own(space: Path, name: str) -> None:
    args, says = CASES[name]
    before = _digests(space)
    result = _run(space, *args)
    text = result.stdout + result.stderr
    if says is None:  # a new file beside the inputs: written, nothing else changed
        assert result.returncode == 0, text
        after = _digests(space)
        new = set(after) - set(before)
        assert {k: v for k, v in after.items() if k not in new} == before
        for path in new:
            (space / path).unlink()
        return
    assert result.returncode == 2, text
    assert says in text, text
    assert "Traceback" not in text
    assert _digests(space) == before, text


def test_an_output_of_its_own_kind_is_written_again(space: Path) -> None:
    """The usual case stays as it was: the same command again replaces its own output."""
    result = _run(space, "konsolidasi", "k", "-o", "out/k.xlsx")
    assert result.returncode == 0, result.stderr
    assert "ditulis: out/k.xlsx" in result.stdout + result.stderr


@pytest.mark.parametrize(("args", "output", "lock"), [
    (("konsolidasi", "k", "-o", "out/k.xlsx"), "out/k.xlsx", "out/~$k.xlsx"),
    (("laporan", "k", "-o", "out/laporan-kinerja-2023.docx"), "out/laporan-kinerja-2023.docx",
     "out/~$poran-kinerja-2023.docx")])
def test_an_output_open_in_another_program_is_not_replaced(space: Path, args: tuple[str, ...], output: str,
                                                           lock: str) -> None:
    """A colleague has the consolidated workbook (or the Word draft) open: the run is refused, their file kept,
    and the message names the lock file (left over after a crash, it is deleted by hand)."""
    made = _run(space, *args)
    assert made.returncode == 0, made.stderr
    (space / lock).write_bytes(b"")
    try:
        before = _digests(space)
        result = _run(space, *args)
        text = result.stdout + result.stderr
        assert result.returncode == 2, text
        assert f"sedang dibuka di Excel, Word atau LibreOffice (ada berkas kunci {Path(lock).name}" in text, text
        assert "Traceback" not in text
        assert _digests(space) == before
    finally:
        (space / lock).unlink()
    again = _run(space, *args)
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("args", [("validasi", "k", "--json", "khusus/{name}"),
                                  ("ekspor", "k", "-o", "khusus/{name}.csv"),
                                  ("konsolidasi", "k", "-o", "khusus/{name}.xlsx")])
@pytest.mark.parametrize("kind", ["fifo", "perangkat"])
def test_a_device_or_a_pipe_is_never_replaced_by_a_file(space: Path, args: tuple[str, ...], kind: str) -> None:
    """``--json /dev/null`` (as root: the system's own /dev/null) and an output named like a FIFO were replaced by a
    plain file, exit 0: the write renamed its temporary file over them. Now refused before anything is read."""
    import os
    import stat

    folder = space / "khusus"
    folder.mkdir(exist_ok=True)
    name = f"{kind}-{args[0]}"
    target = folder / Path(args[-1].format(name=name)).name
    if kind == "fifo":
        os.mkfifo(target)
    else:
        try:
            os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
        except PermissionError:
            pytest.skip("membuat berkas perangkat memerlukan root")
    try:
        mode = os.lstat(target).st_mode
        result = _run(space, *(a.format(name=name) for a in args))
        text = result.stdout + result.stderr
        assert result.returncode == 2, text
        assert "bukan berkas biasa (perangkat, pipa/FIFO atau soket)" in text and "Traceback" not in text, text
        assert os.lstat(target).st_mode == mode  # still the same kind of node
    finally:
        target.unlink()


def test_a_copy_is_written_only_over_its_own_earlier_copy(space: Path, tmp_path: Path) -> None:
    """``hitung --keluaran`` wrote through a symbolic link in its folder (another folder's workbook replaced: REHSOS
    held ITJEN's content) and over any file of the copy's name. A copy now replaces only an earlier copy of the same
    unit workbook; running the command again still works."""
    out, other = space / "salinan", space / "lain"
    out.mkdir()
    other.mkdir()
    linked = other / "kinerja-REHSOS-2023-tahunan.xlsx"
    linked.write_bytes((space / "k" / linked.name).read_bytes())
    (out / "kinerja-ITJEN-2023-tahunan.xlsx").symlink_to(linked)
    (out / "kinerja-SETJEN-2023-tahunan.xlsx").write_text("catatan pengguna")
    (out / "kinerja-LINJAMSOS-2023-tahunan.xlsx").write_bytes((space / "k" / "kinerja-REHSOS-2023-tahunan.xlsx")
                                                              .read_bytes())
    before = {p: p.read_bytes() for p in (linked, out / "kinerja-SETJEN-2023-tahunan.xlsx",
                                          out / "kinerja-LINJAMSOS-2023-tahunan.xlsx")}
    result = _run(space, "hitung", "k", "--keluaran", "salinan")
    text = result.stdout + result.stderr
    assert result.returncode == 2 and "Traceback" not in text, text
    assert "adalah tautan (symbolic link)" in text, text
    assert text.count("sudah ada dan bukan salinan buku kerja ini") >= 2, text  # SETJEN's text, LINJAMSOS's REHSOS
    assert {p: p.read_bytes() for p in before} == before
    assert (out / "kinerja-DAYASOS-2023-tahunan.xlsx").is_file()  # the others are written
    for path in (out / "kinerja-ITJEN-2023-tahunan.xlsx", *list(before)[1:]):
        path.unlink()
    for _ in range(2):  # the first run writes the copies that were refused, the second replaces its own copies
        again = _run(space, "hitung", "k", "--keluaran", "salinan")
        assert again.returncode == 0, again.stdout + again.stderr
