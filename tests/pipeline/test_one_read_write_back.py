"""``hitung`` reads each workbook once: the bytes it validates are the bytes it splices.

Each file is read, checked and written in one pass (:func:`validate_and_write`); its *Validasi* lists the batch's
problems about it, which only the files before it can cause; a workbook saved by someone else after it was read is
not overwritten.
"""

from __future__ import annotations

import builtins
import io
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kinerja_xl import atomic
from kinerja_xl.pipeline.runs import RunRequest, compute_run, validation_run
from kinerja_xl.pipeline.validation import ReadSettings
from kinerja_xl.unit_layout import SHEET_VALIDATION
from tests.conftest import EXAMPLES, example_folder



@pytest.fixture()
def folder(tmp_path) -> Path:
    out = example_folder(tmp_path / "unit")
    shutil.copy(EXAMPLES / "kinerja-ITJEN-2023-tahunan.xlsx", out / "kinerja-ITJEN-2023-tahunan-kirim-ulang.xlsx")
    return out


def _opened_for_reading(monkeypatch, paths: set[Path]) -> list[Path]:
    """Every opening of one of ``paths`` for reading, however it is opened (``open``, ``Path.open``, ``os.open``)."""
    seen: list[Path] = []
    real, real_os = builtins.open, os.open

    def counting(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and "r" in mode and "+" not in mode \
                and Path(file).resolve() in paths:
            seen.append(Path(file).resolve())
        return real(file, mode, *args, **kwargs)

    def counting_os(file, flags, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and not flags & (os.O_WRONLY | os.O_RDWR) \
                and Path(file).resolve() in paths:
            seen.append(Path(file).resolve())
        return real_os(file, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting)
    monkeypatch.setattr(io, "open", counting)
    monkeypatch.setattr(os, "open", counting_os)
    return seen


@pytest.mark.parametrize("outdir", [False, True], ids=["di-tempat", "keluaran"])
def test_hitung_reads_each_workbook_once(catalog, folder, tmp_path, monkeypatch, outdir):
    paths = {p.resolve() for p in folder.iterdir()}
    seen = _opened_for_reading(monkeypatch, paths)
    outcome = compute_run(RunRequest((folder,), ReadSettings(catalog)), outdir=tmp_path / "salinan" if outdir else None)
    assert outcome.failures == [] and outcome.lines[-1].startswith("Lembar Hasil ditulis ke 6 buku kerja")
    assert sorted(seen) == sorted(paths)  # each once: validated and spliced from the same bytes


def test_validasi_writing_its_sheets_reads_each_workbook_once(catalog, folder, monkeypatch):
    """``validasi --tulis-lembar``: the Validasi sheet is spliced into the bytes that were checked."""
    paths = {p.resolve() for p in folder.iterdir()}
    seen = _opened_for_reading(monkeypatch, paths)
    outcome = validation_run(RunRequest((folder,), ReadSettings(catalog)), sheets=True,
                             expected_units=["ITJEN", "SETJEN", "DAYASOS", "LINJAMSOS", "REHSOS"])
    assert outcome.failures == [] and len(outcome.lines) == 6
    assert all(line.startswith("lembar Validasi ditulis: ") for line in outcome.lines)
    assert sorted(seen) == sorted(paths)
    assert outcome.report.counts_by_code()["berkas-ganda"] == 1
    sheet = load_workbook(folder / "kinerja-ITJEN-2023-tahunan.xlsx", read_only=True)[SHEET_VALIDATION]
    assert "berkas-ganda" in [row[2] for row in sheet.iter_rows(min_row=5, values_only=True)]


def test_a_files_validasi_lists_the_batch_problems_the_files_before_it_cause(catalog, folder):
    outcome = compute_run(RunRequest((folder,), ReadSettings(catalog)))
    assert outcome.report.counts_by_code()["berkas-ganda"] == 1

    def codes(name: str) -> list[str]:
        sheet = load_workbook(folder / name, read_only=True)[SHEET_VALIDATION]
        return [row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if row[2]]

    assert "berkas-ganda" not in codes("kinerja-ITJEN-2023-tahunan-kirim-ulang.xlsx")  # read first: the original
    assert "berkas-ganda" in codes("kinerja-ITJEN-2023-tahunan.xlsx")  # the second file of ITJEN's year
    assert [p.code for p in outcome.report.problems_of(str(folder / "kinerja-ITJEN-2023-tahunan.xlsx"))
            if p.code == "berkas-ganda"] == ["berkas-ganda"]


def test_a_workbook_saved_after_it_was_read_is_not_overwritten(catalog, folder, monkeypatch):
    """The file changes between the one read and the rename (another program saves it): hitung leaves theirs."""
    target = folder / "kinerja-REHSOS-2023-tahunan.xlsx"
    theirs = (EXAMPLES / "kinerja-SETJEN-2023-tahunan.xlsx").read_bytes()
    commit = atomic.StagedFile.commit

    def someone_saves_first(self):
        if self.target == target:
            replacement = target.with_name("lain.tmp")
            replacement.write_bytes(theirs)
            os.replace(replacement, target)
        return commit(self)

    monkeypatch.setattr(atomic.StagedFile, "commit", someone_saves_first)
    outcome = compute_run(RunRequest((folder,), ReadSettings(catalog)))
    failed = [f for f in outcome.failures if str(target) in f]
    assert len(failed) == 1 and "berkas berubah selama diproses; ulangi" in failed[0]
    assert target.read_bytes() == theirs
    assert [p.name for p in folder.iterdir() if p.name.startswith(".~kinerja-xl-")] == []
    assert outcome.exit_code == 2 and len(outcome.failures) == 1  # the other files were written


def test_figures_are_kept_only_for_json(catalog, folder):
    """Without --json no figure of the batch is kept once a file is written; with it, all are (the consolidation)."""
    light = compute_run(RunRequest((folder,), ReadSettings(catalog)))
    assert all(not s.values for s in light.report.submissions)
    full = compute_run(RunRequest((folder,), ReadSettings(catalog)), figures=True)
    assert all(s.values for s in full.report.submissions)
    assert full.data["capaian_kementerian"] == 107.25  # the consolidation counts the first ITJEN file


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), limit=st.integers(0, 4000), claimed=st.one_of(st.none(), st.integers(0, 3000)))
def test_a_snapshot_holds_what_a_read_to_the_limit_gives(tmp_path, monkeypatch, data, limit, claimed):
    """The snapshot is read by the file's size, not by the limit: the same bytes as one read of ``limit + 1``
    bytes, also when the size the system gives (``claimed``) is short of what the file holds."""
    path = tmp_path / "berkas.xlsx"
    path.write_bytes(data)
    if claimed is not None:
        real = os.fstat
        monkeypatch.setattr(atomic.os, "fstat", lambda fd: os.stat_result((*real(fd)[:6], claimed, *real(fd)[7:])))
    try:
        assert atomic.read_snapshot(path, limit).content == data[:limit + 1]
        assert atomic.read_snapshot(path).content == data
    finally:
        monkeypatch.undo()
