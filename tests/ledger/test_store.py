"""The ledger's storage: one version per distinct content, the chain, tampering found, two writers at once."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
import sqlite3
import zlib
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja_xl.errors import LedgerError
from kinerja_xl.ledger import Content, Ledger, LockEvent, LockedVersion, Sighting
from kinerja_xl.ledger import store
from kinerja_xl.ledger.chain import GENESIS, sha256_hex
from kinerja_xl.ledger.medium import mount_type, on_network
from kinerja_xl.ledger.records import InputEntry
from kinerja_xl.ledger.verify import SCHEMA_INDEXES, verify


def sighting(data: bytes, unit: str = "REHSOS", value: str = "12", *, copy: bool = True, name: str = "a.xlsx",
             content: bool = True) -> Sighting:
    body = Content((InputEntry("SS1.1", "pembilang", unit, "Isian", "E12", Decimal(value)),),
                   identity={"unit": unit}) if content else None
    return Sighting(sha256_hex(data), name, name, len(data), "2024-01-02T03:04:05+07:00", unit, 2023, "tahunan",
                    "katalog", "hash", "ok", {"galat": 0, "peringatan": 0, "info": 0}, body,
                    zlib.compress(data) if copy else None)


def test_a_version_is_recorded_once_per_distinct_content(tmp_path):
    with Ledger(tmp_path / "bb.sqlite") as ledger:
        first = ledger.record([sighting(b"satu")])
        again = ledger.record([sighting(b"satu", name="salinan.xlsx")])
        ledger.record([sighting(b"dua", value="13")])
        assert first == again
        versions = ledger.versions(unit="REHSOS")
        assert [v.sha256 for v in versions] == [sha256_hex(b"satu"), sha256_hex(b"dua")]
        assert ledger.copy(sha256_hex(b"satu")) == b"satu"
        assert ledger.content(versions[0].fingerprint).values()  # the content, once per fingerprint
        seen = ledger.last_seen()[sha256_hex(b"satu")]
        assert seen[1] == "salinan.xlsx"
        assert ledger.find(versions[1].short[:5].upper()) == [versions[1]]
        assert verify(ledger).intact


def test_same_inputs_share_one_content_record(tmp_path):
    with Ledger(tmp_path / "bb.sqlite") as ledger:
        ledger.record([sighting(b"dikirim"), sighting(b"setelah hitung")])
        kinds = [row.kind for row in ledger.rows()]
        assert kinds == ["isi", "versi", "versi"]
        a, b = ledger.versions()
        assert a.fingerprint == b.fingerprint


def test_history_cannot_be_updated_or_deleted_through_sql(tmp_path):
    with Ledger(tmp_path / "bb.sqlite") as ledger:
        ledger.record([sighting(b"satu")])
        for sql in ("UPDATE catatan SET unit = 'X'", "DELETE FROM catatan"):
            with pytest.raises(sqlite3.IntegrityError, match="hanya dapat ditambah"):
                ledger.conn.execute(sql)


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript("DROP TRIGGER catatan_tanpa_ubah; DROP TRIGGER catatan_tanpa_hapus;" + sql)
    conn.close()


def test_a_changed_record_is_found_and_named(tmp_path):
    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
        ledger.record([sighting(b"dua", value="13")])
    _tamper(path, "UPDATE catatan SET unit = 'ITJEN' WHERE id = 2;")
    with Ledger(path, readonly=True) as ledger:
        result = verify(ledger)
    messages = [f.message for f in result.findings]
    assert any(m.startswith("catatan 2 (versi ITJEN 2023 tahunan") and "diubah" in m for m in messages), messages
    assert any("pelindung buku besar dihapus" in m for m in messages)


@pytest.mark.parametrize("index", SCHEMA_INDEXES)
def test_a_dropped_index_is_found_and_named_and_using_the_ledger_says_why_it_cannot(tmp_path, index):
    """An index of the schema dropped by another tool (the unique ones keep one version per content): the
    chain is intact, but ``riwayat --periksa`` reports it, and a command that needs the index is told in
    Bahasa Indonesia, not with SQLite's English."""
    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
        assert verify(ledger).intact
    conn = sqlite3.connect(path)
    conn.execute(f"DROP INDEX {index}")
    conn.close()
    with Ledger(path, readonly=True) as ledger:
        result = verify(ledger)
    assert [f.message.split(":")[0] for f in result.findings] == [f"indeks buku besar dihapus ({index})"]
    if index == "catatan_berkas":  # every lookup of versions by file names it
        with Ledger(path) as ledger, pytest.raises(LedgerError) as caught:
            ledger.known([sha256_hex(b"satu")])
        message = str(caught.value)
        assert "indeks catatan_berkas hilang" in message and "riwayat FOLDER --periksa" in message, message
        assert "no such" not in message


def test_a_record_rewritten_with_its_own_hash_breaks_the_next_link(tmp_path):
    from kinerja_xl.ledger.chain import row_hash

    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
        ledger.record([sighting(b"dua", value="13")])
        row = list(ledger.rows())[1]
    data = row.data.replace(b'"ok"', b'"invalid"')
    forged = row_hash(row.number, row.kind, row.time, row.key, row.unit, row.year, row.period, data, row.previous)
    conn = sqlite3.connect(path)
    conn.executescript("DROP TRIGGER catatan_tanpa_ubah;")
    conn.execute("UPDATE catatan SET data = ?, sidik = ? WHERE id = 2", (data, forged))
    conn.commit()
    conn.close()
    with Ledger(path, readonly=True) as ledger:
        result = verify(ledger)
    assert any(f.number == 3 and "tidak bersambung" in f.message for f in result.findings)


def test_a_deleted_record_is_found(tmp_path):
    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        for i in range(3):
            ledger.record([sighting(f"berkas {i}".encode(), value=str(i), content=False)])
    _tamper(path, "DELETE FROM catatan WHERE id = 2;")
    with Ledger(path, readonly=True) as ledger:
        messages = [f.message for f in verify(ledger).findings]
    assert any("catatan 2–2 hilang" in m for m in messages)


def test_a_changed_copy_is_found(tmp_path):
    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE salinan SET data = ?", (zlib.compress(b"palsu"),))
    conn.commit()
    conn.close()
    with Ledger(path, readonly=True) as ledger:
        result = verify(ledger)
    assert [f.message for f in result.findings] == [
        f"salinan berkas {sha256_hex(b'satu')[:8]} diubah atau rusak: isinya tidak lagi sesuai dengan sidiknya"]


def test_a_lost_copy_is_found(tmp_path):
    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM salinan")
    conn.commit()
    conn.close()
    with Ledger(path, readonly=True) as ledger:
        assert [f.message for f in verify(ledger).findings] == [
            f"salinan berkas {sha256_hex(b'satu')[:8]} hilang dari buku besar"]


def test_locks_are_events(tmp_path):
    with Ledger(tmp_path / "bb.sqlite") as ledger:
        assert ledger.lock_state(2023, "tahunan") is None
        event = LockEvent(0, "", "kunci", 2023, "tahunan", "ani", "final",
                          versions={"REHSOS": LockedVersion("a" * 64, "b" * 64, "a.xlsx")}, missing=("ITJEN",))
        ledger.record_lock(event, expect_locked=False)
        with pytest.raises(LedgerError, match="baru saja diubah"):
            ledger.record_lock(event, expect_locked=False)
        state = ledger.lock_state(2023, "tahunan")
        assert state is not None and state.who == "ani" and state.versions["REHSOS"].short == "a" * 8
        ledger.record_lock(LockEvent(0, "", "buka", 2023, "tahunan", "budi", "revisi PK"), expect_locked=True)
        assert ledger.lock_state(2023, "tahunan") is None
        assert [e.action for e in ledger.lock_events()] == ["kunci", "buka"]
        assert verify(ledger).intact


@pytest.mark.parametrize("action", ["hapus", "", None, 1, ["kunci"]])
def test_a_lock_record_with_an_unknown_action_is_damage_not_an_unlock(tmp_path, action):
    """A lock record whose ``aksi`` another tool rewrote (its hash recomputed: the chain has no key) read as an
    unlock: the locked period could then be consolidated from the folder. Only ``kunci`` and ``buka`` are read."""
    import json

    from kinerja_xl.ledger.chain import row_hash

    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        ledger.record_lock(LockEvent(0, "", "kunci", 2023, "tahunan", "ani", "final"), expect_locked=False)
        row = list(ledger.rows())[-1]
    record = json.loads(row.data)
    record["aksi"] = action
    data = json.dumps(record).encode()
    forged = row_hash(row.number, row.kind, row.time, row.key, row.unit, row.year, row.period, data, row.previous)
    conn = sqlite3.connect(path)
    conn.executescript("DROP TRIGGER catatan_tanpa_ubah;")
    conn.execute("UPDATE catatan SET data = ?, sidik = ? WHERE id = ?", (data, forged, row.number))
    conn.commit()
    conn.close()
    with Ledger(path, readonly=True) as ledger:
        for read in (lambda: ledger.lock_state(2023, "tahunan"), ledger.locks, ledger.lock_events):
            with pytest.raises(LedgerError, match="catatan buku besar rusak"):
                read()


def test_another_database_is_not_taken_for_a_ledger(tmp_path):
    other = tmp_path / "lain.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(LedgerError, match="basis data lain"):
        Ledger(other)


def test_a_damaged_file_is_a_ledger_error(tmp_path):
    bad = tmp_path / "bb.sqlite"
    bad.write_bytes(b"ini bukan basis data " * 100)
    with pytest.raises(LedgerError, match="rusak atau bukan basis data"):
        Ledger(bad)


def test_a_missing_ledger_opened_for_reading(tmp_path):
    with pytest.raises(LedgerError, match="belum ada"):
        Ledger(tmp_path / "tidak-ada.sqlite", readonly=True)


def _writer(path: str, worker: int, count: int) -> None:
    with Ledger(path) as ledger:
        for i in range(count):
            ledger.record([sighting(f"{worker}-{i}".encode(), value=str(i))])


def run_two(target: Callable[[str, int, int], None], path: Path, count: int) -> None:
    """Two processes (spawned: nothing shared but the file) each recording ``count`` versions at once."""
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=target, args=(str(path), w, count)) for w in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0


def test_two_processes_record_at_once(tmp_path):
    path = tmp_path / "bb.sqlite"
    Ledger(path).close()
    run_two(_writer, path, 40)
    with Ledger(path, readonly=True) as ledger:
        assert len(ledger.versions()) == 80
        result = verify(ledger)
        assert result.intact and result.head != GENESIS


def test_a_ledger_that_cannot_be_made_leaves_nothing_behind(tmp_path, monkeypatch):
    def full(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Ledger, "_prepare", full)
    with pytest.raises(LedgerError, match="disk penuh"):
        Ledger(tmp_path / ".kinerja-xl" / "bb.sqlite")
    assert list(tmp_path.iterdir()) == []


# -- the medium: WAL on this computer's disk, the rollback journal on a network share ---------------------

MOUNTINFO = r"""22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:41 / /mnt/kantor rw,relatime shared:20 - cifs //server/kinerja rw,vers=3.1.1
41 40 8:2 / /mnt/kantor/lokal rw,relatime shared:21 - ext4 /dev/sdb1 rw
42 22 0:45 / /mnt/data\040bersama rw,relatime shared:22 - nfs4 server:/data rw
43 22 0:46 / /mnt/c rw,noatime shared:23 - 9p drvfs rw
44 22 0:47 / /mnt/ulang rw shared:24 - ext4 /dev/sdc1 rw
45 44 0:48 / /mnt/ulang rw shared:25 - nfs server:/ulang rw
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/kinerja/2023", "ext4"),
    ("/mnt/kantor/2023/buku-besar.sqlite", "cifs"),
    ("/mnt/kantor", "cifs"),
    ("/mnt/kantorku", "ext4"),              # a name that merely starts like a mount point
    ("/mnt/kantor/lokal/2023", "ext4"),     # a local disk mounted inside the share
    ("/mnt/data bersama/2023", "nfs4"),     # mountinfo writes the space as \040
    ("/mnt/c/Users/staf/Kinerja", "9p"),    # WSL's view of a Windows drive
    ("/mnt/ulang/2023", "nfs"),             # mounted over: the last mount on a point is the one seen
])
def test_the_filesystem_a_path_is_on(path, kind):
    assert mount_type(Path(path), MOUNTINFO) == kind


def test_this_machines_temporary_folder_is_not_a_network_share(tmp_path):
    assert not on_network(tmp_path / "belum-ada" / "bb.sqlite")


def _journal_bytes(path: Path) -> bytes:
    """Bytes 18 and 19 of an SQLite file: 1 1 for the rollback journal, 2 2 for WAL."""
    return path.read_bytes()[18:20]


def test_on_a_network_share_the_ledger_keeps_the_rollback_journal(tmp_path, monkeypatch):
    local = tmp_path / "lokal.sqlite"
    with Ledger(local) as ledger:
        ledger.record([sighting(b"a")])
        assert ledger.journal == "wal"
    assert _journal_bytes(local) == b"\x02\x02"
    monkeypatch.setattr(store, "on_network", lambda path: True)
    shared = tmp_path / "bersama.sqlite"
    with Ledger(shared) as ledger:
        ledger.record([sighting(b"b")])
        assert ledger.journal == "delete"
    assert _journal_bytes(shared) == b"\x01\x01"
    assert not shared.with_name(shared.name + "-wal").exists()
    with Ledger(local) as ledger:  # a ledger made on a local disk, then opened from the share
        assert ledger.journal == "delete"
        ledger.record([sighting(b"c")])
    assert _journal_bytes(local) == b"\x01\x01"
    with Ledger(local, readonly=True) as ledger:
        assert len(ledger.versions()) == 2 and verify(ledger).intact


def _share_writer(path: str, worker: int, count: int) -> None:
    store.on_network = lambda path: True  # this process sees the folder as a network share
    _writer(path, worker, count)


def test_two_processes_record_at_once_with_the_rollback_journal(tmp_path):
    path = tmp_path / "bb.sqlite"
    run_two(_share_writer, path, 30)
    assert _journal_bytes(path) == b"\x01\x01"
    with Ledger(path, readonly=True) as ledger:
        assert len(ledger.versions()) == 60 and verify(ledger).intact


def many(count: int) -> list[Sighting]:
    """``count`` versions, each its own content (years of corrected re-sends)."""
    return [sighting(f"versi {i}".encode(), value=str(i), copy=False, name=f"v{i}.xlsx") for i in range(count)]


def test_versions_are_looked_up_by_their_sha256_whatever_the_ledgers_size(tmp_path):
    """A run asks only for the versions it reads (more than one query's worth here): the same first sighting,
    fingerprint and last sighting as the whole ledger gives, and nothing for a SHA-256 it never saw."""
    with Ledger(tmp_path / "bb.sqlite") as ledger:
        for start in range(0, 1300, 650):
            ledger.record(many(1300)[start:start + 650])
        everything = {v.sha256: (v.time, v.fingerprint) for v in ledger.versions()}
        asked = sorted(everything)[::2] + [sha256_hex(b"tidak pernah dilihat")]
        assert len(asked) > store.LOOKUP_BATCH
        assert ledger.first_seen(asked) == {sha: everything[sha] for sha in asked[:-1]}
        assert ledger.known(asked) == frozenset(asked[:-1])
        assert ledger.recorded(asked[0]) and not ledger.recorded(asked[-1])
        assert ledger.last_seen(asked) == {sha: seen for sha, seen in ledger.last_seen().items() if sha in asked}
        assert ledger.first_seen([]) == {} and ledger.known([]) == frozenset()


def test_a_lookup_searches_the_index_of_versions_and_reads_no_other_record(tmp_path):
    """The plan SQLite makes of each lookup (many keys at once included): a search of ``catatan_berkas``, never a
    scan of the versions (what made every run's start-up grow with the ledger's history)."""
    with Ledger(tmp_path / "bb.sqlite") as ledger:
        ledger.record(many(50))
        keys = [sha256_hex(f"versi {i}".encode()) for i in range(store.LOOKUP_BATCH)]
        marks = ", ".join("?" * len(keys))
        for sql, params in ((f"SELECT kunci, waktu, data FROM {store.VERSIONS_BY_KEY} AND kunci IN ({marks})", keys),
                            (f"SELECT kunci FROM {store.VERSIONS_BY_KEY} AND kunci IN ({marks})", keys),
                            (f"SELECT 1 FROM catatan WHERE jenis = '{store.VERSION}' AND kunci = ?", keys[:1]),
                            (f"SELECT sha256, lokasi, terakhir FROM terlihat WHERE sha256 IN ({marks})", keys)):
            plan = " ".join(row[-1] for row in ledger.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert plan.startswith("SEARCH") and ("catatan_berkas" in plan or "terlihat" in plan), (sql, plan)


def test_a_ledger_written_before_these_lookups_verifies_and_answers_them(tmp_path):
    """The lookups use the index every ledger has had since its first schema: a ledger written record by record
    by the code before them (no lookup, every version read whole) answers them, and its chain still verifies."""
    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        for s in many(40):
            ledger.record([s])
    with Ledger(path, readonly=True) as ledger:
        assert verify(ledger).intact
        assert set(ledger.first_seen(v.sha256 for v in ledger.versions())) == {v.sha256 for v in ledger.versions()}
        assert ledger.conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION


def test_the_version_last_seen_at_a_place(tmp_path):
    """What a folder read again most likely holds: per place, the version seen there last (a corrected file sent
    over the old one replaces it; the old one seen there again takes the place back)."""
    import datetime as dt

    day = dt.datetime(2024, 3, 1, 9, 0).astimezone()
    old, new = sighting(b"lama", value="1"), sighting(b"baru", value="2")
    with Ledger(tmp_path / "bb.sqlite") as ledger:
        ledger.record([old, sighting(b"lain", value="3", name="b.xlsx")], now=day)
        ledger.record([new], now=day + dt.timedelta(days=1))
        assert ledger.seen_at(["a.xlsx", "b.xlsx", "c.xlsx"]) == {"a.xlsx": new.sha256,
                                                                  "b.xlsx": sha256_hex(b"lain")}
        ledger.record([old], now=day + dt.timedelta(days=2))
        assert ledger.seen_at(["a.xlsx"]) == {"a.xlsx": old.sha256}


def test_a_busy_database_is_asked_again_until_it_answers():
    """SQLite may answer "database is locked" at once (another process switching to WAL): the step is retried
    after a short random wait, and an error that is not about a busy database is raised as it is."""
    answers: list[Exception | str] = [sqlite3.OperationalError("database is locked"),
                                      sqlite3.OperationalError("database table is busy"), "ok"]

    def step() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert store._retrying(step, timeout=5) == "ok" and answers == []

    def broken() -> str:
        raise sqlite3.OperationalError("no such table: versi")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        store._retrying(broken, timeout=5)


@pytest.mark.parametrize("data", [b"{{", b"[1, 2]", b"\xff\xfe",
                                  b'{"sha256": 5, "ukuran": "banyak", "katalog": "x", "jumlah_masalah": [1], '
                                  b'"versi": 3, "isi": {}, "isian": "x"}'],
                         ids=["bukan-json", "bukan-objek", "bukan-utf8", "jenis-salah"])
def test_a_record_another_tool_changed_is_a_ledger_error_not_a_crash(tmp_path, data):
    """Records whose data another tool replaced (the chain check names them): every read of them is the
    ledger's own error, which a run turns into one warning and a command into its message, never the
    decoder's exception (a traceback, English, an exception's name)."""
    path = tmp_path / "bb.sqlite"
    first = sighting(b"satu")
    with Ledger(path) as ledger:
        ledger.record([first])
        fingerprint = ledger.version(first.sha256).fingerprint
        ledger.record_consolidation(store.ConsolidationRecord(0, "", "konsolidasi", "k.xlsx", 2023, "tahunan", "k",
                                                              "100,00", {"REHSOS": first.sha256}))
        ledger.record_lock(LockEvent(0, "", "kunci", 2023, "tahunan", "ani", "final",
                                     versions={"REHSOS": LockedVersion(first.sha256, fingerprint, "a.xlsx")}))
    stored = zlib.compress(data) if data.startswith(b"{") else data  # content records are compressed
    _tamper(path, "")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE catatan SET data = CASE jenis WHEN 'isi' THEN ? ELSE ? END", (stored, data))
    conn.execute("UPDATE salinan SET data = ?", (data,))
    conn.commit()
    conn.close()
    with Ledger(path, readonly=True) as ledger:
        reads = (lambda: ledger.first_seen([first.sha256]), lambda: ledger.version(first.sha256),
                 lambda: ledger.find(first.sha256[:6]), ledger.versions, lambda: ledger.content(fingerprint),
                 lambda: ledger.copy(first.sha256), ledger.consolidations, ledger.lock_events, ledger.locks)
        for read in reads:
            with pytest.raises(LedgerError, match="catatan buku besar rusak atau diubah alat lain; periksa dengan "
                                                  "'kinerja-xl riwayat FOLDER --periksa'"):
                read()
        assert ledger.known([first.sha256]) == {first.sha256}  # what needs no record's data still answers


@pytest.mark.parametrize("column, value", [("tahun", b"\x00\xff"), ("data", "[]"), ("waktu", 5), ("jenis", 7),
                                           ("unit", 2.5), ("kunci", 12345), ("periode", b"tw")])
def test_a_column_of_another_type_is_a_changed_record(tmp_path, column, value):
    """Another tool can store anything in any column: the chain check names that record as changed (its hash can
    match nothing) instead of failing on it."""
    path = tmp_path / "bb.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
        ledger.record([sighting(b"dua", value="13")])
    _tamper(path, "")
    conn = sqlite3.connect(path)
    conn.execute(f"UPDATE catatan SET {column} = ? WHERE id = 2", (value,))
    conn.commit()
    conn.close()
    with Ledger(path, readonly=True) as ledger:
        result = verify(ledger)
    assert [f.number for f in result.findings if "diubah: sidiknya tidak cocok" in f.message] == [2]


@pytest.mark.parametrize("value, message, rows_read", [
    ("X'00ff'", "catatan buku besar rusak atau diubah alat lain", True),
    ("CAST(X'87ff' AS TEXT)", "berkas rusak: ada teks yang tidak terbaca", False)], ids=["waktu-blob", "bukan-utf8"])
def test_a_time_column_another_tool_changed_is_a_ledger_error(tmp_path, value, message, rows_read):
    """A record's time that is not text, or text whose bytes are not UTF-8 (a damaged file): reading the
    versions is the ledger's error, which every command words, never a decoder's exception."""
    path = tmp_path / "bb.sqlite"
    first = sighting(b"satu")
    with Ledger(path) as ledger:
        ledger.record([first])
    _tamper(path, f"UPDATE catatan SET waktu = {value};")
    with Ledger(path, readonly=True) as ledger:
        for read in (ledger.versions, lambda: ledger.first_seen([first.sha256])):
            with pytest.raises(LedgerError, match=message):
                read()
        if rows_read:
            changed = [f.number for f in verify(ledger).findings if "diubah: sidiknya tidak cocok" in f.message]
            assert changed == [1, 2]  # the version and its content
        else:
            with pytest.raises(LedgerError, match=message):
                list(ledger.rows())


def test_an_unforeseen_sqlite_error_is_worded_without_sqlite_english():
    error = sqlite3.OperationalError("some new failure of SQLite")
    error.sqlite_errorname = "SQLITE_IOERR_SHMMAP"
    assert store.reason(error) == ("galat basis data SQLite (SQLITE_IOERR_SHMMAP); periksa dengan 'kinerja-xl "
                                   "riwayat FOLDER --periksa'")
    assert "some new failure" not in store.reason(sqlite3.DatabaseError("some new failure"))


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_reading_a_ledger_leaves_nothing_beside_it(tmp_path):
    """``riwayat``, ``banding`` and the lookups read the ledger: no ``-wal`` or ``-shm`` is left beside it (a
    read-only connection makes them and cannot remove them), nor a byte of it changed."""
    path = tmp_path / "bb" / "buku-besar.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
    assert _beside(path) == ["buku-besar.sqlite"] and _journal_bytes(path) == b"\x02\x02"
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    for _ in range(2):
        with Ledger(path, readonly=True) as ledger:
            assert [v.sha256 for v in ledger.versions()] == [sha256_hex(b"satu")]
        assert _beside(path) == ["buku-besar.sqlite"]
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("refused", [("mode=rw",), ("mode=rw", "mode=ro")])
def test_a_ledger_that_cannot_be_opened_for_writing_is_still_read(tmp_path, monkeypatch, refused):
    """A ledger the user may not write (its file, its folder, a read-only medium: SQLite refuses to open it for
    writing, or to make its WAL index) is read read-only, or as it is."""
    path = tmp_path / "buku-besar.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
    connect = sqlite3.connect

    def refusing(target, *args, **kwargs):
        if any(str(target).endswith(f"?{mode}") for mode in refused):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return connect(target, *args, **kwargs)

    monkeypatch.setattr(store.sqlite3, "connect", refusing)
    with Ledger(path, readonly=True) as ledger:
        assert [v.sha256 for v in ledger.versions()] == [sha256_hex(b"satu")]


def test_a_ledger_another_process_holds_is_not_read_as_it_is(tmp_path, monkeypatch):
    """A writer that holds the ledger past the wait (the rollback journal on a network share) makes the read fail
    with a reason, rather than fall to reading the file "as it is" (``immutable``), which could meet a page
    half written."""
    path = tmp_path / "buku-besar.sqlite"
    with Ledger(path) as ledger:
        ledger.record([sighting(b"satu")])
    connect, opened = sqlite3.connect, []

    def locked(target, *args, **kwargs):
        opened.append(str(target).rsplit("?", 1)[-1])
        if "immutable" not in str(target):
            raise sqlite3.OperationalError("database is locked")
        return connect(target, *args, **kwargs)

    monkeypatch.setattr(store.sqlite3, "connect", locked)
    with pytest.raises(LedgerError, match="sedang dikunci proses lain"):
        Ledger(path, readonly=True, timeout=0.1)
    assert opened == ["mode=rw"]


@pytest.mark.parametrize("forged", ["abc", "NaN", "Infinity", "-inf", "1e999999999", "=1+1", "1" * 401, 12, [1]])
def test_a_number_another_tool_wrote_into_a_record_is_refused_as_damage(forged):
    """A consolidation's capaian and a version's inputs are numbers as ``number_text`` writes them; a record with
    anything else (written with the chain recomputed, which has no key) made ``riwayat`` end in "Galat internal …
    InvalidOperation"; now it is refused like any other changed field (``DAMAGED_REASON``)."""
    from kinerja_xl.ledger.records import ConsolidationRecord, Content, number_text

    with pytest.raises(ValueError, match="isian catatan bukan"):
        ConsolidationRecord.from_row(1, "2024-01-02T03:04:05+07:00", {"capaian": forged, "versi": {}})
    with pytest.raises(ValueError, match="isian catatan bukan"):
        Content.from_data({"isian": [["SS1.1", "nilai", "REHSOS", "Isian", "C10", forged]]})
    with pytest.raises(ValueError, match="isian catatan bukan"):
        Content.from_data({"dilaporkan": {"SS1.1": forged}})
    assert ConsolidationRecord.from_row(1, "", {"capaian": "107.25"}).capaian == "107.25"
    assert Content.from_data({"dilaporkan": {"SS1": "-0.5"}}).reported == {"SS1": Decimal("-0.5")}
    tiny = number_text(Decimal("1e-300"))  # a cell's smallest figures are written out in full, and read back
    assert Content.from_data({"dilaporkan": {"SS1": tiny}}).reported == {"SS1": Decimal("1e-300")}


def test_a_file_where_the_ledger_folder_should_be_is_named_in_indonesian(tmp_path):
    """``.kinerja-xl`` as a file: before, "galat sistem berkas: File exists" (the system's English)."""
    (tmp_path / ".kinerja-xl").write_text("x")
    with pytest.raises(LedgerError) as refused:
        Ledger(tmp_path / ".kinerja-xl" / "buku-besar.sqlite")
    assert refused.value.reason.startswith("ada berkas (bukan folder) bernama .kinerja-xl")
    assert "exists" not in str(refused.value).lower()
