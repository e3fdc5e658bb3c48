"""The ledger's storage: one SQLite file (standard library ``sqlite3``), append-only and hash-chained.

Table ``catatan`` is the journal: every version, content, consolidation and lock is one record carrying
the hash of the record before it (:mod:`.chain`); triggers refuse UPDATE and DELETE, and the chain shows
any change made around them. ``salinan`` keeps a compressed copy of each version, addressed by its
SHA-256 (its integrity is its own name). ``terlihat`` says where and when each version was last seen: the
only table that changes, and no part of the history.

WAL (the rollback journal on a network share: :mod:`.medium`) and a busy timeout let two commands record at
once: each write is a short ``BEGIN IMMEDIATE`` transaction, and the second waits for the first. Every failure
to open, read or write is a :class:`~kinerja_xl.errors.LedgerError` with a reason in Bahasa Indonesia; the
pipeline turns it into one warning line and the command goes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import json
import sqlite3
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar, cast

from ..errors import LedgerError
from ..text import safe_text
from .chain import GENESIS, canonical, row_hash
from .medium import on_network
from .records import ConsolidationRecord, Content, FileFacts, LockEvent, Sighting, Version, maybe_text
from .records import text as as_text  # ``text`` names a local of reason() here

T = TypeVar("T")
FOLDER = ".kinerja-xl"
FILE_NAME = "buku-besar.sqlite"
#: "KXL1": marks the SQLite file as a kinerja_xl ledger (``PRAGMA application_id``).
APPLICATION_ID = 0x4B584C31
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 60.0
#: Keys looked up in one query (well below SQLite's limit of bound parameters).
LOOKUP_BATCH = 500
#: Kinds of journal records.
VERSION, CONTENT, CONSOLIDATION, LOCK = "versi", "isi", "konsolidasi", "kunci"
COMPRESSED = (CONTENT,)
#: The versions, searched by SHA-256 through their own index: without the hint SQLite's planner, which has no
#: statistics, takes a list of keys (``IN``) through ``catatan_periode`` and reads every version.
VERSIONS_BY_KEY = f"catatan INDEXED BY catatan_berkas WHERE jenis = '{VERSION}'"

SCHEMA = tuple(statement.strip() for statement in f"""
CREATE TABLE catatan (
    id INTEGER PRIMARY KEY,
    jenis TEXT NOT NULL,
    waktu TEXT NOT NULL,
    kunci TEXT NOT NULL,
    unit TEXT,
    tahun INTEGER,
    periode TEXT,
    data BLOB NOT NULL,
    sebelum TEXT NOT NULL,
    sidik TEXT NOT NULL
);
CREATE UNIQUE INDEX catatan_berkas ON catatan(kunci) WHERE jenis = '{VERSION}';
CREATE UNIQUE INDEX catatan_isi ON catatan(kunci) WHERE jenis = '{CONTENT}';
CREATE INDEX catatan_periode ON catatan(jenis, tahun, periode, unit);
CREATE TRIGGER catatan_tanpa_ubah BEFORE UPDATE ON catatan
    BEGIN SELECT RAISE(ABORT, 'buku besar hanya dapat ditambah'); END;
CREATE TRIGGER catatan_tanpa_hapus BEFORE DELETE ON catatan
    BEGIN SELECT RAISE(ABORT, 'buku besar hanya dapat ditambah'); END;
CREATE TABLE salinan (
    sha256 TEXT PRIMARY KEY,
    ukuran INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE terlihat (
    sha256 TEXT NOT NULL,
    lokasi TEXT NOT NULL,
    nama TEXT NOT NULL,
    pertama TEXT NOT NULL,
    terakhir TEXT NOT NULL,
    PRIMARY KEY (sha256, lokasi)
)
""".split(";\n") if statement.strip())


#: Indexes a ledger gained after its first schema, made when a ledger without them is opened for writing. None
#: is part of the history (the chain and ``riwayat --periksa`` are unchanged, and a kinerja_xl that does not
#: know them reads and writes the ledger as before); a ledger that cannot take one is used without it.
ADDED_INDEXES = {
    # where each file was seen: a run finds the versions last seen at its files' places (pipeline.ledger)
    "terlihat_lokasi": "CREATE INDEX IF NOT EXISTS terlihat_lokasi ON terlihat(lokasi)",
}


def default_path(folder: str | Path) -> Path:
    """Where the ledger of a collection folder lives: ``FOLDER/.kinerja-xl/buku-besar.sqlite``."""
    return Path(folder) / FOLDER / FILE_NAME


def now_text(now: dt.datetime | None = None) -> str:
    """A record's time: local time with its UTC offset, to the second."""
    return (now or dt.datetime.now()).astimezone().isoformat(timespec="seconds")


def journal_mode(path: Path) -> str:
    """SQLite's journal for the ledger at ``path``: WAL on this computer's own disk, the rollback journal
    (``DELETE``) on a network share (:mod:`.medium`)."""
    return "DELETE" if on_network(path) else "WAL"


#: What a query of a damaged file can raise: SQLite's errors, and a text column whose bytes are not UTF-8 (Python
#: decodes them as it fetches the row).
SQLITE_FAILURES = (sqlite3.Error, UnicodeDecodeError)


def reason(exc: BaseException) -> str:
    """Why the ledger could not be used, in Bahasa Indonesia."""
    if isinstance(exc, UnicodeDecodeError) or "could not decode" in str(exc).lower():  # a text not UTF-8
        return "berkas rusak: ada teks yang tidak terbaca; pulihkan dari cadangan"
    if isinstance(exc, OSError):
        if exc.errno == errno.EROFS:
            return "media hanya-baca"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "tidak ada izin menulis di folder itu"
        if exc.errno == errno.ENOSPC:
            return "disk penuh"
        if exc.errno in (errno.EEXIST, errno.ENOTDIR):
            return (f"ada berkas (bukan folder) bernama {FOLDER} atau di jalurnya; pindahkan atau ganti nama berkas "
                    "itu, karena buku besar disimpan di folder itu")
        from ..errors import describe_os_error  # here: only an unusual failure needs its words

        return f"galat sistem berkas: {describe_os_error(exc)}"
    text = str(exc).lower()
    if text.startswith("no such "):  # an index, table or column of the schema removed by another tool
        what = {"index": "indeks", "table": "tabel", "column": "kolom"}.get(text.split()[2].rstrip(":"), "bagian")
        name = text.split(":", 1)[1].strip() if ":" in text else ""
        return (f"struktur buku besar rusak: {what} {safe_text(name)} hilang; periksa dengan 'kinerja-xl riwayat "
                "FOLDER --periksa'")
    if "locked" in text or "busy" in text:
        return "sedang dikunci proses lain terlalu lama"
    if "readonly" in text or "read-only" in text:
        return "berkas atau media hanya-baca"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "berkas rusak atau bukan basis data SQLite"
    if "unable to open" in text:
        return "berkas tidak dapat dibuka"
    if "disk" in text and "full" in text:
        return "disk penuh"
    if "disk i/o" in text:
        return "galat baca/tulis disk"
    code = getattr(exc, "sqlite_errorname", "")  # SQLite's own words are English: its error's name is kept
    named = f" ({code})" if code else ""
    return f"galat basis data SQLite{named}; periksa dengan 'kinerja-xl riwayat FOLDER --periksa'"


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _retrying(step: Callable[[], T], timeout: float) -> T:
    """``step()``, again while another process holds the database (SQLite answers some requests, such as
    switching a new file to WAL, with "busy" at once instead of waiting), up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise
            import random  # here: only a wait for another process needs it

            time.sleep(0.02 + random.random() * 0.08)


def _encode(kind: str, data: dict[str, Any]) -> bytes:
    raw = canonical(data)
    return zlib.compress(raw, 6) if kind in COMPRESSED else raw


def _decode(kind: str, blob: bytes) -> dict[str, Any]:
    raw = zlib.decompress(blob) if kind in COMPRESSED else bytes(blob)
    value = json.loads(raw.decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("data catatan bukan objek")
    return value


#: What reading a record that another tool changed can raise: its data not JSON, not compressed as it should
#: be, or a field of another type or missing (:meth:`~.records.Version.from_row` and the like; a number that is
#: not one: ``decimal.InvalidOperation``, an ``ArithmeticError``).
DAMAGED_RECORD = (ValueError, TypeError, KeyError, AttributeError, IndexError, ArithmeticError, zlib.error)
DAMAGED_REASON = "catatan buku besar rusak atau diubah alat lain; periksa dengan 'kinerja-xl riwayat FOLDER --periksa'"
M = TypeVar("M", bound=Callable[..., Any])


def _records(method: M) -> M:
    """A reading method of :class:`Ledger` whose damaged records are a :class:`LedgerError` like every other
    failure of the ledger (a warning, or the command's message), never the decoder's exception."""
    @functools.wraps(method)
    def read(self: Ledger, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DAMAGED_RECORD as exc:
            raise LedgerError(self.path, DAMAGED_REASON) from exc
    return cast(M, read)


@dataclass(frozen=True)
class Row:
    """One journal record as stored (for the chain check)."""

    number: int
    kind: str
    time: str
    key: str
    unit: str | None
    year: int | None
    period: str | None
    data: bytes
    previous: str
    hash: str

    @property
    def well_formed(self) -> bool:
        """Every column of the type kinerja_xl writes (another tool can store anything in any column)."""
        return (isinstance(self.data, bytes) and (self.year is None or type(self.year) is int)
                and all(isinstance(v, str) for v in (self.kind, self.time, self.key, self.previous))
                and all(v is None or isinstance(v, str) for v in (self.unit, self.period)))

    def expected_hash(self) -> str:
        """The hash the record's columns give (``""`` when a column holds what kinerja_xl never writes: such a
        record was changed, and its hash can match nothing)."""
        if not self.well_formed:
            return ""
        return row_hash(self.number, self.kind, self.time, self.key, self.unit, self.year, self.period, self.data,
                        self.previous)

    def decoded(self) -> dict[str, Any]:
        return _decode(self.kind, self.data)


class Appender:
    """Appends records inside one write transaction, each chained to the one before."""

    def __init__(self, conn: sqlite3.Connection, now: str):
        self.conn = conn
        self.now = now
        last = conn.execute("SELECT id, sidik FROM catatan ORDER BY id DESC LIMIT 1").fetchone()
        self.number: int = last[0] if last else 0
        self.head: str = last[1] if last else GENESIS

    def append(self, kind: str, key: str, data: dict[str, Any], *, unit: str | None = None,
               year: int | None = None, period: str | None = None) -> int:
        blob = _encode(kind, data)
        number = self.number + 1
        digest = row_hash(number, kind, self.now, key, unit, year, period, blob, self.head)
        self.conn.execute("INSERT INTO catatan (id, jenis, waktu, kunci, unit, tahun, periode, data, sebelum, sidik)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (number, kind, self.now, key, unit, year, period, blob, self.head, digest))
        self.number, self.head = number, digest
        return number


class Ledger:
    """An open ledger. ``readonly`` opens an existing one without writing anything (``riwayat``); ``timeout``:
    how long a request waits for another process's write (seconds)."""

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float | None = None):
        self.path = Path(path)
        self.readonly = readonly
        self.timeout = BUSY_TIMEOUT_S if timeout is None else timeout
        created = [] if readonly else [p for p in (self.path.parent, self.path) if not p.exists()]
        try:
            self.conn = self._connect()
            _retrying(self._prepare, self.timeout)
        except (OSError, *SQLITE_FAILURES, LedgerError) as exc:
            self._remove(created)  # a ledger that could not be made leaves nothing behind (a full disk)
            if isinstance(exc, LedgerError):
                raise
            raise LedgerError(self.path, reason(exc)) from exc

    def _remove(self, created: list[Path]) -> None:
        """Remove the file and folder this ledger created before it failed (its journal files too)."""
        with contextlib.suppress(Exception):
            self.conn.close()
        for path in reversed(created):
            for part in ((path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")))
                         if path == self.path else (path,)):
                with contextlib.suppress(OSError):
                    part.rmdir() if part.is_dir() else part.unlink()

    journal: str = ""  # the journal mode in use (``wal``, ``delete``)

    def _connect(self) -> sqlite3.Connection:
        if self.readonly:
            if not self.path.is_file():
                raise LedgerError(self.path, "belum ada; buku besar dibuat saat perintah pertama membaca folder itu")
            # opened for writing where it can be, though nothing is written: the last connection to close then
            # removes the WAL files it made (-wal, -shm), which a read-only one leaves beside the ledger
            for mode in ("mode=rw", "mode=ro"):
                conn = None
                try:
                    conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?{mode}", uri=True, timeout=self.timeout,
                                           isolation_level=None)
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    return conn
                except sqlite3.OperationalError as exc:
                    if conn is not None:
                        conn.close()
                    if _busy(exc):  # a writer holds it past the wait: never read a file being written "as it is"
                        raise
            # a read-only medium cannot hold the WAL index: read the ledger as it is
            return sqlite3.connect(self.path.resolve().as_uri() + "?immutable=1", uri=True, isolation_level=None)
        if self.path.is_dir():
            raise LedgerError(self.path, "yang ditunjuk adalah folder, bukan berkas")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None)

    def _prepare(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        conn.execute("PRAGMA cache_size = -512")  # 512 KiB: records are appended and rarely read back
        application = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if application != APPLICATION_ID and tables:
            raise LedgerError(self.path, "berkas itu basis data lain, bukan buku besar kinerja_xl")
        if self.readonly:
            if application != APPLICATION_ID:
                raise LedgerError(self.path, "berkas kosong, bukan buku besar kinerja_xl")
            return
        # WAL where every process is on this computer; the rollback journal, whose file locks the network
        # filesystem carries, on a share several computers open (a medium that refuses WAL keeps its mode)
        self.journal = str(conn.execute(f"PRAGMA journal_mode = {journal_mode(self.path)}").fetchone()[0]).lower()
        conn.execute("PRAGMA synchronous = NORMAL")
        if application != APPLICATION_ID:
            with self._transaction():
                if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:  # another process won
                    for statement in SCHEMA:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LedgerError(self.path, f"dibuat oleh kinerja_xl yang lebih baru (skema {version}); perbarui "
                                         "kinerja_xl")
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        missing = [sql for name, sql in ADDED_INDEXES.items() if name not in indexes]
        if missing:
            with contextlib.suppress(sqlite3.OperationalError), self._transaction():  # e.g. a read-only file
                for sql in missing:
                    conn.execute(sql)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        _retrying(lambda: self.conn.execute("BEGIN IMMEDIATE"), self.timeout)
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def writing(self, now: dt.datetime | None = None) -> Iterator[Appender]:
        """One write transaction: records appended through the :class:`Appender` are committed together."""
        if self.readonly:
            raise LedgerError(self.path, "dibuka hanya untuk dibaca")
        try:
            with self._transaction() as conn:
                yield Appender(conn, now_text(now))
        except LedgerError:
            raise
        except (OSError, *SQLITE_FAILURES) as exc:
            raise LedgerError(self.path, reason(exc)) from exc

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except SQLITE_FAILURES as exc:
            raise LedgerError(self.path, reason(exc)) from exc

    # -- writing --------------------------------------------------------------------------------------------
    def record(self, sightings: Iterable[Sighting], now: dt.datetime | None = None,
               known: Collection[str] = ()) -> dict[str, Version]:
        """Record each sighting: a version once per distinct content (its content record once per fingerprint,
        its copy once per SHA-256), and where and when it was seen. Returns the version of every sighting not in
        ``known`` (versions the caller already has: only where and when they were seen is updated)."""
        out: dict[str, Version] = {}
        seen: list[tuple[str, str, str]] = []
        with self.writing(now) as log:
            for s in sightings:
                if s.sha256 not in known and s.sha256 not in out:
                    out[s.sha256] = self._version(s.sha256) or self._new_version(log, s)
                seen.append((s.sha256, s.location, s.name))
            log.conn.executemany("INSERT INTO terlihat (sha256, lokasi, nama, pertama, terakhir) VALUES (?, ?, ?, ?, ?)"
                                 " ON CONFLICT (sha256, lokasi) DO UPDATE SET terakhir = excluded.terakhir",
                                 [(sha, location, name, log.now, log.now) for sha, location, name in seen])
        return out

    def _new_version(self, log: Appender, s: Sighting) -> Version:
        fingerprint = s.fingerprint
        if s.content is not None and fingerprint is not None and not log.conn.execute(
                f"SELECT 1 FROM catatan WHERE jenis = '{CONTENT}' AND kunci = ?", (fingerprint,)).fetchone():
            log.append(CONTENT, fingerprint, s.content.to_data(), unit=s.unit, year=s.year, period=s.period)
        stored = False
        if s.copy is not None:
            log.conn.execute("INSERT OR IGNORE INTO salinan (sha256, ukuran, data) VALUES (?, ?, ?)",
                             (s.sha256, s.size, s.copy))
            stored = True
        facts = {f.name: getattr(s, f.name) for f in fields(FileFacts)}
        version = Version(**facts, fingerprint=fingerprint, stored=stored)
        number = log.append(VERSION, s.sha256, version.to_data(), unit=s.unit, year=s.year, period=s.period)
        return Version.from_row(number, log.now, version.to_data())

    def record_consolidation(self, record: ConsolidationRecord, now: dt.datetime | None = None) -> int:
        with self.writing(now) as log:
            return log.append(CONSOLIDATION, record.output, record.to_data(), year=record.year, period=record.period)

    def record_lock(self, event: LockEvent, now: dt.datetime | None = None,
                    expect_locked: bool | None = None) -> LockEvent:
        """Record a lock or its lifting; ``expect_locked``: the state the period must be in, checked inside
        the same transaction (two people locking at once: the second is refused)."""
        with self.writing(now) as log:
            current = self.lock_state(event.year, event.period)
            if expect_locked is not None and (current is not None) != expect_locked:
                raise LedgerError(self.path, "status kunci periode itu baru saja diubah proses lain; ulangi")
            number = log.append(LOCK, f"{event.year}/{event.period}", event.to_data(), year=event.year,
                                period=event.period)
            return LockEvent.from_row(number, log.now, event.year, event.period, event.to_data())

    # -- reading --------------------------------------------------------------------------------------------
    def _batched(self, sql: str, keys: Iterable[str]) -> Iterator[Any]:
        """The rows of ``sql`` (a query with ``{}`` where its ``IN`` list goes) for ``keys``, a few hundred at a
        time: each a search of an index, so the cost follows the keys asked for, never the ledger's size."""
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), LOOKUP_BATCH):
            chunk = wanted[start:start + LOOKUP_BATCH]
            yield from self._query(sql.format(", ".join("?" * len(chunk))), chunk)

    def known(self, sha256s: Iterable[str]) -> frozenset[str]:
        """Which of ``sha256s`` the ledger holds a version of."""
        return frozenset(r[0] for r in self._batched(f"SELECT kunci FROM {VERSIONS_BY_KEY} AND kunci IN ({{}})",
                                                     sha256s))

    def seen_at(self, locations: Iterable[str]) -> dict[str, str]:
        """Per place of ``locations`` (as recorded) where a version was seen: the SHA-256 of the one seen there
        last."""
        latest: dict[str, tuple[str, str]] = {}
        for location, sha, last in self._batched("SELECT lokasi, sha256, terakhir FROM terlihat WHERE lokasi IN ({})",
                                                 locations):
            if location not in latest or last >= latest[location][0]:
                latest[location] = (last, sha)
        return {location: sha for location, (_, sha) in latest.items()}

    def recorded(self, sha256: str) -> bool:
        """Whether the ledger holds a version with this SHA-256 (one search of its index)."""
        return bool(self.known((sha256,)))

    @_records
    def first_seen(self, sha256s: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """Per SHA-256 of ``sha256s`` the ledger holds: when it was first seen and its fingerprint (the files a
        run reads, looked up together)."""
        rows = self._batched(f"SELECT kunci, waktu, data FROM {VERSIONS_BY_KEY} AND kunci IN ({{}})", sha256s)
        return {sha: (as_text(time), maybe_text(_decode(VERSION, data).get("isi"))) for sha, time, data in rows}

    @_records
    def _version(self, sha256: str) -> Version | None:
        rows = self._query(f"SELECT id, waktu, data FROM catatan WHERE jenis = '{VERSION}' AND kunci = ?", (sha256,))
        return Version.from_row(rows[0][0], rows[0][1], _decode(VERSION, rows[0][2])) if rows else None

    def version(self, sha256: str) -> Version | None:
        return self._version(sha256)

    @_records
    def find(self, prefix: str) -> list[Version]:
        """Versions whose SHA-256 starts with ``prefix`` (hex, any case)."""
        prefix = prefix.strip().lower()
        if not prefix or any(ch not in "0123456789abcdef" for ch in prefix):
            return []
        rows = self._query(f"SELECT id, waktu, data FROM catatan WHERE jenis = '{VERSION}' AND kunci >= ? "
                           "AND kunci < ? ORDER BY id", (prefix, prefix + "g"))
        return [Version.from_row(n, t, _decode(VERSION, d)) for n, t, d in rows]

    @_records
    def versions(self, *, year: int | None = None, period: str | None = None,
                 unit: str | None = None) -> list[Version]:
        """Versions in the order first seen, of one year, period or unit when given."""
        sql, params = f"SELECT id, waktu, data FROM catatan WHERE jenis = '{VERSION}'", []
        for column, value in (("tahun", year), ("periode", period), ("unit", unit)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return [Version.from_row(n, t, _decode(VERSION, d)) for n, t, d in self._query(sql + " ORDER BY id", params)]

    @_records
    def content(self, fingerprint: str | None) -> Content | None:
        if not fingerprint:
            return None
        rows = self._query(f"SELECT data FROM catatan WHERE jenis = '{CONTENT}' AND kunci = ?", (fingerprint,))
        return Content.from_data(_decode(CONTENT, rows[0][0])) if rows else None

    @_records
    def copy(self, sha256: str) -> bytes | None:
        """The stored copy of a version, decompressed (``None`` when no copy was kept)."""
        rows = self._query("SELECT data FROM salinan WHERE sha256 = ?", (sha256,))
        return zlib.decompress(rows[0][0]) if rows else None

    def copies(self) -> Iterator[tuple[str, bytes]]:
        """Every stored copy as (name, compressed bytes), one at a time."""
        try:
            yield from self.conn.execute("SELECT sha256, data FROM salinan ORDER BY sha256")
        except SQLITE_FAILURES as exc:
            raise LedgerError(self.path, reason(exc)) from exc

    def last_seen(self, sha256s: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """Per SHA-256 (of ``sha256s`` when given, else every one): when it was last seen and where (the latest
        sighting)."""
        sql = "SELECT sha256, lokasi, terakhir FROM terlihat{} ORDER BY terakhir"
        rows = self._query(sql.format("")) if sha256s is None else \
            self._batched(sql.format(" WHERE sha256 IN ({})"), sha256s)  # a SHA-256's rows are in one batch
        out: dict[str, tuple[str, str]] = {}
        for sha, location, last in rows:
            out[sha] = (last, location)
        return out

    @_records
    def consolidations(self, *, year: int | None = None, period: str | None = None) -> list[ConsolidationRecord]:
        sql, params = f"SELECT id, waktu, data FROM catatan WHERE jenis = '{CONSOLIDATION}'", []
        for column, value in (("tahun", year), ("periode", period)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return [ConsolidationRecord.from_row(n, t, _decode(CONSOLIDATION, d))
                for n, t, d in self._query(sql + " ORDER BY id", params)]

    @_records
    def lock_events(self, year: int | None = None, period: str | None = None) -> list[LockEvent]:
        sql, params = f"SELECT id, waktu, tahun, periode, data FROM catatan WHERE jenis = '{LOCK}'", []
        for column, value in (("tahun", year), ("periode", period)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return [LockEvent.from_row(n, t, y, p, _decode(LOCK, d))
                for n, t, y, p, d in self._query(sql + " ORDER BY id", params)]

    def lock_state(self, year: int | None, period: str | None) -> LockEvent | None:
        """The lock in force for a year and period (``None`` when it was never locked or has been lifted)."""
        if year is None or period is None:
            return None
        events = self.lock_events(year, period)
        return events[-1] if events and events[-1].locked else None

    def locks(self) -> dict[tuple[int, str], LockEvent]:
        """Every lock in force, by (year, period)."""
        out: dict[tuple[int, str], LockEvent] = {}
        for event in self.lock_events():
            out[(event.year, event.period)] = event
        return {k: e for k, e in out.items() if e.locked}

    def rows(self) -> Iterator[Row]:
        """Every journal record in order, one at a time (for the chain check)."""
        try:
            for values in self.conn.execute("SELECT id, jenis, waktu, kunci, unit, tahun, periode, data, sebelum, "
                                            "sidik FROM catatan ORDER BY id"):
                yield Row(*values)
        except SQLITE_FAILURES as exc:
            raise LedgerError(self.path, reason(exc)) from exc

    def triggers(self) -> set[str]:
        return {r[0] for r in self._query("SELECT name FROM sqlite_master WHERE type = 'trigger'")}

    def indexes(self) -> set[str]:
        return {r[0] for r in self._query("SELECT name FROM sqlite_master WHERE type = 'index'")}

    def head(self) -> str:
        """The hash of the last record (what an output names so a rewritten history no longer matches it)."""
        rows = self._query("SELECT sidik FROM catatan ORDER BY id DESC LIMIT 1")
        return rows[0][0] if rows else GENESIS
