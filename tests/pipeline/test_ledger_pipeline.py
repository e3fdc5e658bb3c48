"""The ledger in the pipeline: what each read records, the lock checks, and consolidations of a locked period
computed from the final set (from the stored copies, or from the recorded inputs without them)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from kinerja_xl import model, pipeline
from kinerja_xl.compute.engine import MINISTRY
from kinerja_xl.ledger import Ledger
from kinerja_xl.pipeline.export import tidy_tables
from kinerja_xl.pipeline.final import lock_period
from kinerja_xl.pipeline.ledger import LedgerSettings, Session, ledger_settings
from kinerja_xl.pipeline.ledger_runs import ledger_path
from kinerja_xl.pipeline.report import excluded_units
from tests.conftest import example_folder
from tests.factories import cell_of, patch_cells

pytestmark = pytest.mark.usefixtures("ledger_on")  # conftest turns the ledger off for every other test

UNITS = ["DAYASOS", "ITJEN", "LINJAMSOS", "REHSOS", "SETJEN"]
REHSOS = "kinerja-REHSOS-2023-tahunan.xlsx"
ANAK = cell_of("REHSOS", "SS1.1.1", "anak.pembilang")


@pytest.fixture()
def folder(tmp_path) -> Path:
    return example_folder(tmp_path / "unit")


def read(folder: Path, catalog, settings: LedgerSettings | None, *, figures: bool = True, **kwargs):
    paths, _ = pipeline.collect_inputs([folder])
    return pipeline.validate_files(paths, pipeline.ReadSettings(catalog, figures=figures, ledger=settings), **kwargs)


def test_the_ledger_lives_beside_the_collection_folder(folder, tmp_path):
    assert ledger_settings([folder]).path == folder / ".kinerja-xl" / "buku-besar.sqlite"
    files = [folder / REHSOS, folder / "kinerja-ITJEN-2023-tahunan.xlsx"]
    assert ledger_settings(files).path.parent.parent.resolve() == folder.resolve()
    assert ledger_settings([folder], path=tmp_path / "x.sqlite").path == tmp_path / "x.sqlite"
    assert ledger_settings([folder], enabled=False) is None


def test_the_environment_places_or_turns_off_the_ledger(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_XL_BUKU_BESAR", str(tmp_path / "server.sqlite"))
    assert ledger_settings([folder]).path == tmp_path / "server.sqlite"
    assert ledger_settings([folder], path=tmp_path / "x.sqlite").path == tmp_path / "x.sqlite"  # the option wins
    assert ledger_path(folder) == tmp_path / "server.sqlite"  # riwayat, banding and kunci choose the same
    assert ledger_path(folder, tmp_path / "x.sqlite") == tmp_path / "x.sqlite"
    for off in ("1", "ya", "TRUE"):
        monkeypatch.setenv("KINERJA_XL_TANPA_BUKU_BESAR", off)
        assert ledger_settings([folder]) is None
    monkeypatch.setenv("KINERJA_XL_TANPA_BUKU_BESAR", "0")
    assert ledger_settings([folder]) is not None


def test_each_content_is_recorded_once_and_a_known_file_is_only_hashed(folder, catalog):
    settings = ledger_settings([folder])
    report = read(folder, catalog, settings, figures=False)
    assert report.ledger.problems == []
    assert all(s.version is not None and s.version.first_seen for s in report.submissions)
    assert all(not s.values for s in report.submissions)  # validation keeps no figures, the ledger has them
    with Ledger(settings.path, readonly=True) as ledger:
        count = len(list(ledger.rows()))
        version = ledger.version(report.submissions[0].version.sha256)
        assert version is not None and version.stored and version.status == "peringatan"
        content = ledger.content(version.fingerprint)
        assert content is not None and content.inputs and content.figures
    again = read(folder, catalog, settings)
    assert [s.version.first_seen for s in again.submissions] == [s.version.first_seen for s in report.submissions]
    with Ledger(settings.path, readonly=True) as ledger:
        assert len(list(ledger.rows())) == count  # nothing new: each content once


def test_a_version_records_the_file_time_and_a_known_file_is_not_timed_again(folder, catalog):
    """The modification time as the ledger records it and as a run shows it: local time with its offset, to the
    second; taken only for a version new to the ledger (a known file's time is made only when something shows
    it)."""
    os.utime(folder / REHSOS, ns=(1_700_000_000_987_654_321, 1_700_000_000_987_654_321))
    stamp = (folder / REHSOS).stat().st_mtime_ns  # as the file system keeps it
    expected = dt.datetime.fromtimestamp(stamp / 1e9).astimezone().isoformat(timespec="seconds")
    settings = ledger_settings([folder])
    first = {Path(s.file).name: s for s in read(folder, catalog, settings).submissions}
    rehsos = first[REHSOS].version
    assert rehsos.mtime_ns == stamp and rehsos.modified == expected
    with Ledger(settings.path, readonly=True) as ledger:
        assert ledger.version(rehsos.sha256).modified == expected
    calls: list[int | None] = []
    original = model.file_time_text

    def counted(mtime_ns):
        calls.append(mtime_ns)
        return original(mtime_ns)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(model, "file_time_text", counted)
        again = {Path(s.file).name: s for s in read(folder, catalog, settings).submissions}
        assert calls == []  # every file known: no time made as text
        assert again[REHSOS].version.modified == expected and calls == [stamp]


def test_a_file_time_outside_the_calendar_is_no_time():
    assert model.file_time_text(None) == ""
    assert model.file_time_text(10**30) == ""  # far past the year 9999
    assert model.file_time_text(0) == dt.datetime.fromtimestamp(0).astimezone().isoformat(timespec="seconds")


def test_a_workbook_after_its_write_back_is_the_same_content(folder, catalog, tmp_path):
    settings = ledger_settings([folder])
    report = read(folder, catalog, settings)
    pipeline.write_back(report, catalog)  # Hasil and Validasi written: other bytes, same inputs
    lock_period(read(folder, catalog, settings), catalog, 2023, "tahunan", who="uji")
    second = read(folder, catalog, settings)
    assert second.exit_code == 0
    assert all(s.version.locked for s in second.submissions)


def _swap(folder: Path, catalog, settings: LedgerSettings):
    """Lock the corrected REHSOS, then put the old one back."""
    old = folder.parent / "lama.xlsx"
    shutil.copy(folder / REHSOS, old)
    patch_cells(folder / REHSOS, {("Isian", ANAK): 380000})
    event = lock_period(read(folder, catalog, settings), catalog, 2023, "tahunan", who="uji", note="final")
    shutil.copy(old, folder / REHSOS)
    return event


@pytest.mark.parametrize("copies", [True, False], ids=["salinan", "isian-tercatat"])
def test_a_locked_period_is_consolidated_from_its_final_set(folder, catalog, copies):
    settings = LedgerSettings(folder / ".kinerja-xl" / "buku-besar.sqlite", copies=copies)
    event = _swap(folder, catalog, settings)
    report = read(folder, catalog, settings, drop_repeats=True)
    (swap,) = [p for p in report.problems if p.code == "versi-terkunci"]
    assert swap.file.endswith(REHSOS) and swap.cell == ANAK and swap.severity == "galat"
    assert event.versions["REHSOS"].short in swap.message and "380.000 → 384.921" in swap.message
    consolidation = pipeline.consolidate(report, catalog)
    final = consolidation.batch.final
    assert final is not None and final.locked_by == "uji"
    assert str(consolidation.computation.shown(MINISTRY, "capaian")) == "107.24"  # the corrected, final figures
    rehsos = [v for v in consolidation.batch.values if v.ref.unit == "REHSOS" and v.source.cell == ANAK]
    assert [v.value for v in rehsos] == [380000]
    assert rehsos[0].source.file == f"{REHSOS} (versi final {event.versions['REHSOS'].short})"
    assert {s.unit for s in consolidation.batch.sources if s.final} == set(UNITS)
    # the Word draft keeps the unit whose final version is used, though its file in the folder is now invalid
    assert excluded_units(report, catalog, consolidation.batch) == ()
    rows = tidy_tables(report, catalog)
    assert {r["unit"] for r in rows} >= set(UNITS)


def test_a_file_for_a_unit_locked_without_one(folder, catalog):
    settings = ledger_settings([folder])
    missing = folder / "kinerja-ITJEN-2023-tahunan.xlsx"
    keep = folder.parent / "itjen.xlsx"
    shutil.move(missing, keep)
    event = lock_period(read(folder, catalog, settings), catalog, 2023, "tahunan", who="uji")
    assert event.missing == ("ITJEN",)
    shutil.move(keep, missing)
    report = read(folder, catalog, settings)
    (late,) = [p for p in report.problems if p.code == "berkas-setelah-kunci"]
    assert late.file == str(missing) and "tanpa berkas unit ITJEN" in late.message


def test_a_ledger_that_cannot_be_used_is_one_warning(folder, catalog, tmp_path):
    (tmp_path / "folder.sqlite").mkdir()
    report = read(folder, catalog, LedgerSettings(tmp_path / "folder.sqlite"))
    warnings = [p for p in report.problems if p.code == "buku-besar-dilewati"]
    assert len(warnings) == 1 and "folder, bukan berkas" in warnings[0].message
    assert report.exit_code == 0 and all(s.version is not None for s in report.submissions)
    consolidation = pipeline.consolidate(report, catalog)
    assert "buku besar tidak dapat dipakai" in consolidation.history.note
    assert consolidation.record(tmp_path / "out.xlsx", "uji") is None  # nothing to record into


def test_without_a_ledger_the_outputs_still_name_the_versions(folder, catalog):
    report = read(folder, catalog, None)
    consolidation = pipeline.consolidate(report, catalog)
    history = consolidation.history
    assert [u.unit for u in history.used] == [u.code for u in catalog.units]
    assert all(len(u.short) == 8 for u in history.used)
    assert history.note == "buku besar tidak dipakai pada proses ini" and not history.head


def test_hitung_records_each_file_and_puts_a_lock_problem_on_the_files_own_sheet(folder, catalog):
    """hitung reads each file once (validate_and_write): it records it like every read, and the lock check of a
    file is made before its Validasi is written, so the sheet lists it; the report has it once."""
    from openpyxl import load_workbook

    from kinerja_xl.pipeline.runs import RunRequest, compute_run
    from kinerja_xl.unit_layout import SHEET_VALIDATION

    settings = LedgerSettings(folder / ".kinerja-xl" / "buku-besar.sqlite")
    _swap(folder, catalog, settings)
    outcome = compute_run(RunRequest((folder,), pipeline.ReadSettings(catalog, ledger=settings)))
    assert [p.code for p in outcome.report.problems].count("versi-terkunci") == 1
    assert outcome.report.ledger is not None and outcome.report.ledger.problems
    sheet = load_workbook(folder / REHSOS, read_only=True)[SHEET_VALIDATION]
    assert "versi-terkunci" in [row[2] for row in sheet.iter_rows(min_row=5, values_only=True)]
    locked = [s for s in outcome.report.submissions if s.version is not None and s.version.locked]
    assert {s.unit for s in locked} == set(UNITS) - {"REHSOS"}  # the others are the final versions
    assert all(s.version is not None and s.version.first_seen for s in outcome.report.submissions)


def test_a_files_place_is_where_it_resolves_within_the_collection_folder(folder, catalog, tmp_path, monkeypatch):
    """The recorded place, its folder resolved once per run, is the place of the file resolved on its own: inside
    the folder, in a subfolder, outside it, through a linked folder, as a link itself, named relatively."""
    session = Session(LedgerSettings(folder / ".kinerja-xl" / "buku-besar.sqlite"), catalog)
    outside, sub = tmp_path / "lain", folder / "sub"
    outside.mkdir()
    sub.mkdir()
    (outside / "x.xlsx").write_bytes(b"x")
    (sub / "y.xlsx").write_bytes(b"y")
    (folder / "tautan.xlsx").symlink_to(outside / "x.xlsx")
    (sub / "kembali.xlsx").symlink_to(folder / REHSOS)
    (tmp_path / "folder-tautan").symlink_to(folder)
    monkeypatch.chdir(sub)
    files = [folder / REHSOS, sub / "y.xlsx", outside / "x.xlsx", folder / "tautan.xlsx", sub / "kembali.xlsx",
             tmp_path / "folder-tautan" / REHSOS, tmp_path / "folder-tautan" / "sub" / "y.xlsx", Path("y.xlsx"),
             Path("../" + REHSOS), Path("../../lain/x.xlsx"), Path("kembali.xlsx"), folder / "hilang.xlsx"]

    def on_its_own(file: Path) -> str:
        try:
            return file.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            return str(file.absolute())

    expected = [on_its_own(f) for f in files]
    assert [session.location(str(f)) for f in files] == expected
    assert [session.location(str(f)) for f in reversed(files)] == expected[::-1]  # the folders as remembered
    assert expected[:6] == [REHSOS, "sub/y.xlsx", str(outside / "x.xlsx"), str(folder / "tautan.xlsx"), REHSOS, REHSOS]


def test_a_file_the_ledger_knows_is_read_without_its_figures(folder, catalog, monkeypatch):
    """Validation keeps no figures; the ledger needs them only for content it does not know yet, so a file it
    knows is read for validation alone, with the same version, problems and record as before."""
    from kinerja_xl.reading.reader import WorkbookScan

    settings = ledger_settings([folder])
    first = read(folder, catalog, settings, figures=False)
    asked: list[bool] = []
    submission = WorkbookScan.submission
    monkeypatch.setattr(WorkbookScan, "submission", lambda self, problems, figures=True: (
        asked.append(figures), submission(self, problems, figures))[1])
    again = read(folder, catalog, settings, figures=False)
    assert asked == [False] * len(UNITS)
    assert [(s.version.sha256, s.problems) for s in again.submissions] == \
        [(s.version.sha256, s.problems) for s in first.submissions]
    asked.clear()
    kept = read(folder, catalog, settings)  # figures asked for: kept, known or not
    assert asked == [True] * len(UNITS) and all(s.values for s in kept.submissions)


def _grow(path: Path, count: int) -> None:
    """``count`` versions of other files (years of submissions), each its own content."""
    from decimal import Decimal

    from kinerja_xl.ledger import Content, Sighting
    from kinerja_xl.ledger.chain import sha256_hex
    from kinerja_xl.ledger.records import InputEntry

    with Ledger(path) as ledger:
        ledger.record([Sighting(sha256_hex(f"arsip {i}".encode()), f"arsip-{i}.xlsx", f"arsip/arsip-{i}.xlsx", 1,
                                "2020-01-02T03:04:05+07:00", "REHSOS", 2020, "TW1", "katalog", "hash", "ok", {},
                                Content((InputEntry("SS1.1", "pembilang", "REHSOS", "Isian", "E12", Decimal(i)),)))
                       for i in range(count)])


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_looks_up_only_the_versions_it_reads(folder, catalog, jobs):
    """A ledger of many other versions gives the same first sightings and fingerprints as one holding just the
    folder's; the run holds (and sends its workers) only the versions of its own files, and records nothing new."""
    settings = ledger_settings([folder])
    first = read(folder, catalog, settings, figures=False)
    _grow(settings.path, 700)
    with Ledger(settings.path, readonly=True) as ledger:
        count = len(list(ledger.rows()))
        recorded = {v.sha256: (v.time, v.fingerprint) for v in ledger.versions(year=2023)}
    again = read(folder, catalog, settings, figures=False, jobs=jobs)
    session = again.ledger
    shas = {s.version.sha256 for s in again.submissions}
    assert session.problems == [] and set(session.versions) == shas == set(recorded)
    assert session.settings.expected == shas  # what a worker is sent: the run's files, not the ledger
    assert {sha: tuple(seen) for sha, seen in session.versions.items()} == recorded
    assert [s.version.first_seen for s in again.submissions] == [s.version.first_seen for s in first.submissions]
    with Ledger(settings.path, readonly=True) as ledger:
        assert len(list(ledger.rows())) == count


def test_a_file_new_to_its_place_is_looked_up_in_the_ledger(folder, catalog, tmp_path):
    """A known file in a new place (a copy in another folder) is found by its SHA-256, in this process and in a
    worker's own read-only connection; a file the ledger never saw, or a ledger that cannot be read, is not."""
    import multiprocessing

    from kinerja_xl.pipeline.ledger import recorded

    settings = ledger_settings([folder])
    known = read(folder, catalog, settings, figures=False).submissions[0].version.sha256
    copy = folder / "salinan"
    copy.mkdir()
    shutil.copy(folder / REHSOS, copy / REHSOS)
    session = Session.start(settings, catalog, [copy / REHSOS])
    try:
        assert session.settings.expected == frozenset()
        assert recorded(session.settings, known) and not recorded(session.settings, "0" * 64)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            assert pool.starmap(recorded, [(session.settings, known), (session.settings, "0" * 64)]) == [True, False]
            (tmp_path / "rusak.sqlite").write_bytes(b"bukan basis data" * 100)
            broken = LedgerSettings(tmp_path / "rusak.sqlite", recorder=session.settings.recorder)
            assert pool.starmap(recorded, [(broken, known)]) == [False]
    finally:
        session.close()
    assert not recorded(session.settings, known)  # the session is over: nothing asked in this process


def test_a_ledger_that_cannot_be_used_sends_the_readers_nothing_to_record(folder, catalog, tmp_path):
    (tmp_path / "folder.sqlite").mkdir()
    session = Session.start(LedgerSettings(tmp_path / "folder.sqlite"), catalog, [folder / REHSOS])
    assert session.failed and session.reading is None


def test_a_ledger_from_before_the_place_index_gains_it_and_still_verifies(folder, catalog):
    """A ledger made before ``terlihat_lokasi`` existed: opened to record, it gains the index (not part of the
    history: the chain still verifies, and read-only commands read it with or without it)."""
    import sqlite3

    from kinerja_xl.ledger.verify import verify

    settings = ledger_settings([folder])
    read(folder, catalog, settings, figures=False)
    conn = sqlite3.connect(settings.path)
    conn.execute("DROP INDEX terlihat_lokasi")
    conn.close()
    with Ledger(settings.path, readonly=True) as ledger:
        assert verify(ledger).intact and len(ledger.versions()) == len(UNITS)
    again = read(folder, catalog, settings, figures=False)
    assert again.ledger.problems == [] and again.ledger.settings.expected == {
        s.version.sha256 for s in again.submissions}
    with Ledger(settings.path, readonly=True) as ledger:
        assert "terlihat_lokasi" in {r[0] for r in ledger.conn.execute("SELECT name FROM sqlite_master")}
        assert verify(ledger).intact


def test_riwayat_reads_each_file_once(folder, catalog, monkeypatch):
    """``riwayat`` records the folder and tells which version is there now from that one reading."""
    from kinerja_xl.pipeline.ledger_runs import history_run
    from kinerja_xl.pipeline.runs import RunRequest

    opened: list[str] = []
    open_path, open_os = Path.open, os.open

    def counting(self, mode="r", *args, **kwargs):
        if self.suffix == ".xlsx" and "r" in mode:
            opened.append(self.name)
        return open_path(self, mode, *args, **kwargs)

    def counting_os(file, flags, *args, **kwargs):  # how a snapshot is read
        if str(file).endswith(".xlsx") and not flags & (os.O_WRONLY | os.O_RDWR):
            opened.append(Path(file).name)
        return open_os(file, flags, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting)
    monkeypatch.setattr(os, "open", counting_os)
    outcome = history_run(RunRequest((folder,), pipeline.ReadSettings(catalog)), folder,
                          folder / ".kinerja-xl" / "buku-besar.sqlite")
    assert sorted(opened) == sorted(p.name for p in folder.glob("*.xlsx"))
    current = [line for line in outcome.lines if "SAAT INI" in line]
    assert len(current) == len(UNITS)


def test_workers_ask_a_ledger_on_a_network_share_while_the_run_records(folder, catalog, monkeypatch):
    """On a network share the ledger keeps the rollback journal, under which a worker's read and the main
    process's write can meet a lock (WAL readers never do). Every file moved to a new place, one of them
    corrected: each worker asks the ledger about content new to its place while the main process records, and
    the run ends as one in a single process does — no warning, each known content recognised by its first
    sighting, the corrected one recorded once with its figures."""
    from kinerja_xl.ledger import store
    from kinerja_xl.ledger.verify import verify

    from kinerja_xl.pipeline import ledger as pipeline_ledger

    monkeypatch.setattr(store, "on_network", lambda path: True)  # inherited by the forked workers
    monkeypatch.setattr(pipeline_ledger, "FLUSH_COUNT", 1)  # each file recorded at once, while the worker reads
    settings = ledger_settings([folder])
    first = read(folder, catalog, settings, figures=False, jobs=2)
    assert first.ledger.problems == []
    assert settings.path.read_bytes()[18:20] == b"\x01\x01"  # the rollback journal, not WAL
    seen = {s.file.rsplit("/", 1)[-1]: s.version.first_seen for s in first.submissions}
    moved = folder / "dipindah"
    moved.mkdir()
    for path in folder.glob("*.xlsx"):
        shutil.move(path, moved / path.name)
    patch_cells(moved / REHSOS, {("Isian", ANAK): 380000})
    with Ledger(settings.path, readonly=True) as ledger:
        before = len(ledger.versions())
    again = read(moved, catalog, settings, figures=False, jobs=2)
    assert again.ledger.problems == [] and not again.ledger.failed
    assert again.ledger.settings.expected == frozenset()  # nothing was ever seen at these places
    for s in again.submissions:
        name = s.file.rsplit("/", 1)[-1]
        assert (s.version.first_seen == seen[name]) == (name != REHSOS), name
    with Ledger(settings.path, readonly=True) as ledger:
        assert len(ledger.versions()) == before + 1
        corrected = ledger.version(next(s for s in again.submissions if s.file.endswith(REHSOS)).version.sha256)
        assert corrected is not None and ledger.content(corrected.fingerprint).figures
        assert verify(ledger).intact
