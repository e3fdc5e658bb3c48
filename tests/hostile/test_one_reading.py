"""One reading of every file: a workbook two readers could read differently is refused by every command.

The corpus (:mod:`tests.support.hostile`) holds members twice (one copy with a formula typed into an input
cell), twice in different case, traversing and absolute member names, a part without content type, a
relationship to a missing part, an encrypted member and bytes before the zip. The splice refuses each; so do
validation, consolidation, monitoring, the Word report, the review, the export and the Dilaporkan reader,
before any figure is read, and a batch goes on past them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja_xl import pipeline
from kinerja_xl.errors import SheetReadError
from kinerja_xl.package import splice_refusals
from kinerja_xl.reading.sheets import read_sheet_rows
from tests.conftest import CLI_ENV, EXAMPLES, ROOT
from tests.support.hostile import CORPUS, build

UNITS = ["DAYASOS", "ITJEN", "LINJAMSOS", "REHSOS", "SETJEN"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("korpus")
    out = {}
    for name, data in build((EXAMPLES / "kinerja-ITJEN-2023-tahunan.xlsx").read_bytes()).items():
        out[name] = folder / f"{name}.xlsx"
        out[name].write_bytes(data)
    return out


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kinerja_xl", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=CLI_ENV)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_hostile_package_is_refused_by_validation_with_a_reason(catalog, corpus, name):
    _, code, words = CORPUS[name]
    good = EXAMPLES / "kinerja-DAYASOS-2023-tahunan.xlsx"
    report = pipeline.validate_files([corpus[name], good], catalog)
    refused = [(p.code, words in p.message) for p in report.problems if p.file == str(corpus[name])]
    assert refused == [(code, True)]
    assert [f.status for f in report.files] == ["unreadable", "peringatan"]  # the batch goes on


@pytest.mark.parametrize("name", sorted(n for n, (_, code, _) in CORPUS.items() if code == "paket-tidak-sah"))
def test_what_the_reader_refuses_is_what_the_splice_refuses(corpus, name):
    assert splice_refusals(corpus[name].read_bytes())
    assert not splice_refusals((EXAMPLES / "kinerja-ITJEN-2023-tahunan.xlsx").read_bytes())


def test_the_hidden_copy_with_a_formula_is_never_the_one_counted(catalog, corpus):
    """Before: validasi counted one copy of the Isian sheet while LibreOffice showed the other, and a formula
    typed into the hidden copy escaped the formula check. Now neither copy is read."""
    for name in ("ganda-salinan-dulu", "ganda-salinan-akhir", "ganda-huruf-besar"):
        submission = pipeline.validate_files([corpus[name]], catalog).submissions[0]
        assert not submission.readable and not submission.values


def test_a_dilaporkan_workbook_goes_through_the_same_checks(tmp_path):
    source = (EXAMPLES / "dilaporkan-2023.xlsx").read_bytes()
    path = tmp_path / "dilaporkan.xlsx"
    path.write_bytes(_duplicate_any(source))
    with pytest.raises(SheetReadError, match="ganda"):
        read_sheet_rows(path, ("Dilaporkan",))


def _duplicate_any(data: bytes) -> bytes:
    from tests.support.hostile import _entries, _rewrite

    entries = _entries(data)
    name, content = next((n, c) for n, c in entries if n.startswith("xl/worksheets/"))
    return _rewrite(data, [*entries, (name, content)])


@pytest.mark.parametrize("command", [
    ["validasi"], ["konsolidasi", "-o", "{out}/k.xlsx"], ["ekspor", "-o", "{out}/e.csv"],
    ["pantau", "-o", "{out}/p.xlsx"], ["hitung", "--keluaran", "{out}"], ["laporan", "-o", "{out}/l.docx"],
    ["reviu", "--dilaporkan", str(EXAMPLES / "dilaporkan-2023.xlsx")],
], ids=lambda c: c[0])
def test_every_command_names_the_refused_file_and_goes_on(tmp_path, command):
    folder = tmp_path / "unit"
    folder.mkdir()
    for unit in UNITS:
        shutil.copy(EXAMPLES / f"kinerja-{unit}-2023-tahunan.xlsx", folder)
    hostile = folder / "kinerja-ITJEN-2023-salinan.xlsx"
    hostile.write_bytes(build((EXAMPLES / "kinerja-ITJEN-2023-tahunan.xlsx").read_bytes())["ganda-salinan-akhir"])
    before = hostile.read_bytes()
    out = tmp_path / "keluar"
    out.mkdir()
    args = [a.format(out=out) for a in command]
    result = run(args[0], str(folder), *args[1:], "-j", "2")
    assert result.returncode == 2, result.stderr
    assert f"✗ {hostile}: TIDAK TERBACA" in result.stdout
    if args[0] != "reviu":  # reviu prints its findings, not the problems of the batch
        line = next(x for x in result.stdout.splitlines() if "paket-tidak-sah" in x)
        assert hostile.name in line and "ganda" in line
    assert "Traceback" not in result.stderr and hostile.read_bytes() == before
    if args[0] not in ("validasi", "reviu"):
        assert [p for p in out.iterdir() if not p.name.startswith(".")], "the command's output was written"
