"""The layout of a report's tables: which figures each table prints, where, and how each is checked.

A layout is data, a ``reviu-*.yaml`` file (the one of a catalog ships in ``kinerja_xl/data`` and is found
by its ``katalog`` key); the file's own header documents the format. In short::

    skema: 1
    id: lkj-contoh-2023
    katalog: contoh-2023                 # the catalog it belongs to
    tabel:
      - kode: T1                         # first part of every key TABEL|BARIS|BESARAN
        nama: Tabel 1 ...                # title, as printed
        sumber: hal. …; baris …          # where it is printed (default of its rows)
        isi:                             # rows, in report order
          - {kode: 'A|alokasi', label: ..., besaran: ..., tanda: '#'}
          - {kode: 'total|alokasi', label: Total, besaran: ..., periksa: 'J *|alokasi', tanda: '#'}
          - {pola: riwayat, indikator: SS1.1}

An item of ``isi`` is either one row (``periksa`` in the notation of :func:`~kinerja_xl.review.notation.
parse_checks`, plus ``*|BESARAN``: every row above in the same table with that quantity) or a *pola*, a
named generator of :data:`PATTERNS` that derives rows from the catalog (its parameters are the generator's
keyword arguments). Without a layout every catalog gets the generic rows of :func:`generic_rows`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..catalog.safe_yaml import load_yaml
from ..errors import describe_error
from ..catalog.schema import Catalog, Node
from ..compute.engine import MINISTRY
from .notation import Check, EngineFigure, Mean, PrintedRow, RawFigure, Ratio, Total, parse_checks

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PATTERN = "reviu-*.yaml"
_TOP = {"skema", "id", "katalog", "nama", "tabel"}
_TABLE = {"kode", "nama", "sumber", "isi"}
_ROW = {"kode", "label", "besaran", "periksa", "tanda", "sumber"}
_ALL_ABOVE = re.compile(r"(-?)\*\|([^\s&|]+)")


@dataclass(frozen=True)
class Layout:
    """A loaded layout file: its tables as written (validated when rows are built for a catalog)."""

    id: str
    catalog: str | None
    name: str
    tables: tuple[Mapping[str, Any], ...]
    source: str


# -- loading ------------------------------------------------------------------------------------------
def load_layout(path: str | Path) -> Layout:
    """Read a layout file (cached while the file is unchanged)."""
    p = Path(path).resolve()
    try:
        stat = p.stat()
    except OSError as exc:
        raise ValueError(f"tata letak tidak dapat dibaca: {describe_error(exc, path)}") from exc
    return _load(str(p), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _load(path: str, _mtime: int, _size: int) -> Layout:
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"tata letak tidak dapat dibaca: {describe_error(exc, path)}") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("tabel"), list):
        raise ValueError(f"tata letak {path}: harus berisi daftar 'tabel'")
    unknown = set(data) - _TOP
    if unknown:
        raise ValueError(f"tata letak {path}: kunci tidak dikenal {', '.join(sorted(map(str, unknown)))}")
    tables = tuple(data["tabel"])
    codes = [str(t.get("kode")) if isinstance(t, Mapping) else "" for t in tables]
    if not all(codes) or len(set(codes)) != len(codes):
        raise ValueError(f"tata letak {path}: setiap tabel memerlukan kode yang unik")
    catalog = data.get("katalog")
    return Layout(str(data.get("id") or Path(path).stem), None if catalog is None else str(catalog),
                  str(data.get("nama") or ""), tables, path)


@lru_cache(maxsize=1)
def _packaged() -> tuple[Layout, ...]:
    return tuple(load_layout(p) for p in sorted(DATA_DIR.glob(PATTERN)))


def default_layout(catalog_id: str) -> Layout | None:
    """The packaged layout whose ``katalog`` is ``catalog_id`` (None: generic rows)."""
    return next((lay for lay in _packaged() if lay.catalog == catalog_id), None)


def find_layout(ref: Layout | str | Path, base: str | Path | None = None) -> Layout:
    """A layout given as itself, a file (relative to ``base``, the folder of the file that names it) or
    the id of a packaged layout."""
    if isinstance(ref, Layout):
        return ref
    path = Path(ref)
    for candidate in ((Path(base) / path,) if base is not None and not path.is_absolute() else ()) + (path,):
        if candidate.is_file():
            return load_layout(candidate)
    found = next((lay for lay in _packaged() if lay.id == str(ref)), None)
    if found is None:
        raise ValueError(f"tata letak tidak ditemukan: {ref}")
    return found


# -- building rows ------------------------------------------------------------------------------------
class _Spec:
    """Collects rows table by table; the generic pieces build what every LKj prints."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.rows: list[PrintedRow] = []
        self.tid = self.name = self.src = ""

    def table(self, tid: str, name: str, src: str) -> None:
        self.tid, self.name, self.src = tid, name, src

    def k(self, row: str, col: str) -> str:
        return f"{self.tid}|{row}|{col}"

    def add(self, row: str, col: str, row_label: str, col_label: str, *checks: Check, same: str | None = None,
            pct: bool = False, whole: bool = False, src: str | None = None) -> str:
        key = self.k(row, col)
        self.rows.append(PrintedRow(key, self.name, row_label, col_label, src or self.src, tuple(checks), same,
                                    pct, whole))
        return key

    def name_of(self, code: str) -> str:
        return self.catalog.ministry if code == MINISTRY else f"{code} {self.catalog.node(code).name}"

    def indicator(self, ind: Node) -> None:
        """Target, realisasi and capaian of one indicator."""
        for m, label in (("target", "Target"), ("realisasi", "Realisasi")):
            self.add(ind.code, m, self.name_of(ind.code), label, EngineFigure(ind.code, m),
                     pct=ind.unit_of_measure == "%")
        self.add(ind.code, "capaian", self.name_of(ind.code), "Capaian (%)", EngineFigure(ind.code, "capaian"),
                 pct=True)

    def summary(self, goals: Iterable[Node], ministry: bool) -> None:
        """The capaian table: every indicator of the goals, each goal's mean, optionally the ministry's."""
        for goal in goals:
            for ind in goal.children:
                self.indicator(ind)
            self.add(goal.code, "capaian", self.name_of(goal.code), "Rerata capaian (%)",
                     EngineFigure(goal.code, "capaian"), pct=True)
        if ministry:
            self.add(MINISTRY, "capaian", self.catalog.ministry, "Capaian kinerja (%)",
                     EngineFigure(MINISTRY, "capaian"), pct=True)

    def targets(self) -> None:
        for ind in self.catalog.indicators():
            self.add(ind.code, "target", self.name_of(ind.code), "Target", EngineFigure(ind.code, "target"),
                     pct=ind.unit_of_measure == "%")

    def history(self, ind: Node) -> None:
        """Earlier realisasi, target/realisasi/capaian, % kenaikan, final Renstra target of one indicator."""
        year, final = self.catalog.year, self.catalog.renstra[1]
        label = self.name_of(ind.code)
        for y in range(self.catalog.renstra[0], year):
            self.add(ind.code, f"realisasi_{y}", label, f"Realisasi {y}", EngineFigure(ind.code, f"realisasi_{y}"))
        for m, text in (("target", f"Target {year}"), ("realisasi", f"Realisasi {year}"),
                        ("capaian", "% Capaian"), ("kenaikan", f"% Kenaikan {year - 1}–{year}"),
                        ("target_akhir", f"Target {final}"), ("capaian_akhir", f"% Capaian thd target {final}")):
            self.add(ind.code, m, label, text, EngineFigure(ind.code, m))

    def subs(self, ind: Node, years: tuple[int, ...] | None = None) -> None:
        """Sub-indicator realisasi per year and the indicator's (their mean or sum)."""
        year = self.catalog.year
        for y in years or (year - 1, year):
            m = "realisasi" if y == year else f"realisasi_{y}"
            keys = tuple(self.add(sub.code, str(y), self.name_of(sub.code), f"Realisasi {y}", EngineFigure(sub.code, m),
                                  pct=True) for sub in ind.children)
            own = {"rata_rata": (Mean(keys),), "jumlah": (Total(keys),)}.get(ind.method or "", ())
            self.add(ind.code, str(y), f"Realisasi {self.name_of(ind.code)}", f"Realisasi {y}",
                     EngineFigure(ind.code, m), *own, pct=True)

    def ratio(self, row: str, label: str, cols: tuple[tuple[str, str], ...], node: str | None = None,
              group: str | None = None, result: Check | None = None) -> tuple[str, str, str]:
        """A count row: denominator, numerator (raw figures when ``node``), and the % from the printed
        counts (also compared with the engine's ``result``)."""
        (den, den_label), (num, num_label), (pc, pc_label) = cols
        prefix = f"{group}." if group else ""
        d = self.add(row, den, label, den_label, *([RawFigure(node, prefix + "penyebut")] if node else []), whole=True)
        n = self.add(row, num, label, num_label, *([RawFigure(node, prefix + "pembilang")] if node else []), whole=True)
        p = self.add(row, pc, label, pc_label, Ratio((n,), (d,)), *([result] if result else []), pct=True)
        return d, n, p

    def tree(self, spec: Iterable[tuple[str, str, tuple[str, ...], str | None]],
             cols: tuple[tuple[str, str], ...]) -> None:
        """Rows whose value is the sum of their children's rows, per column (``same``: printed twice)."""
        for row, label, children, same in spec:
            for col, col_label in cols:
                checks = (Total(tuple(self.k(ch, col) for ch in children)),) if children else ()
                self.add(row, col, label, col_label, *checks, same=f"{self.tid}:{same}:{col}" if same else None)

    def explicit(self, item: Mapping[str, Any], fill: Mapping[str, str] | None = None) -> str:
        """One row written out in the layout: ``{kode: BARIS|BESARAN, label, besaran, periksa, tanda, sumber}``."""
        if not isinstance(item, Mapping):
            raise ValueError(f"baris harus berbentuk {{kode, label, besaran, periksa, tanda, sumber}}, bukan {item!r}")
        unknown = set(item) - _ROW
        if unknown:
            raise ValueError(f"kolom baris tidak dikenal: {', '.join(sorted(map(str, unknown)))}")
        words = {"kementerian": self.catalog.ministry, "instansi": self.catalog.ministry,
                 "tahun": str(self.catalog.year), **(fill or {})}
        text = {k: _fill(str(v), words) for k, v in item.items() if v is not None}
        code = text.get("kode", "")
        if code.count("|") != 1:
            raise ValueError(f"kode baris {code!r} harus berbentuk BARIS|BESARAN")
        checks, same = parse_checks(self.above(text.get("periksa", "")), self.tid)
        flags = text.get("tanda", "")
        row, col = code.split("|")
        return self.add(row, col, text.get("label", ""), text.get("besaran", ""), *checks, same=same,
                        pct="%" in flags, whole="#" in flags, src=text.get("sumber"))

    def above(self, rule: str) -> str:
        """Expand ``*|BESARAN`` to every row above in this table with that quantity."""

        def keys(m: re.Match[str]) -> str:
            found = [r.key for r in self.rows if r.table_id == self.tid and r.key.rsplit("|", 1)[1] == m[2]]
            if not found:
                raise ValueError(f"'*|{m[2]}': belum ada baris {m[2]} di atasnya pada tabel ini")
            return " ".join(m[1] + k for k in found)

        return _ALL_ABOVE.sub(keys, rule)


def _fill(text: str, words: Mapping[str, str]) -> str:
    for name, value in words.items():
        text = text.replace("{" + name + "}", value)
    return text


def layout_rows(catalog: Catalog, layout: Layout | None) -> list[PrintedRow]:
    """The rows of every table of ``layout`` for ``catalog`` (generic rows when there is no layout)."""
    s = _Spec(catalog)
    if layout is None:
        generic_rows(s)
        return s.rows
    if layout.catalog is not None and layout.catalog != catalog.id:
        raise ValueError(f"tata letak {layout.source} untuk katalog {layout.catalog}, bukan {catalog.id}")
    for table in layout.tables:
        where = f"tata letak {layout.source}, tabel {table.get('kode')}"
        try:
            unknown = set(table) - _TABLE
            if unknown:
                raise ValueError(f"kunci tidak dikenal {', '.join(sorted(map(str, unknown)))}")
            s.table(str(table["kode"]), str(table.get("nama") or table["kode"]), str(table.get("sumber") or ""))
            for item in table.get("isi") or ():
                if not isinstance(item, Mapping):
                    raise ValueError(f"isi tabel harus berupa baris atau pola, bukan {item!r}")
                if "pola" in item:
                    _invoke(s, PATTERNS, item)
                else:
                    s.explicit(item)
        except KeyError as exc:
            raise ValueError(f"{where}: kode tidak dikenal pada katalog {catalog.id}: {exc.args[0]}") from exc
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{where}: {exc}") from exc
    return s.rows


def _invoke(s: _Spec, registry: Mapping[str, Callable[..., None]], item: Mapping[str, Any]) -> None:
    name = str(item["pola"])
    fn = registry.get(name)
    if fn is None:
        raise ValueError(f"pola tidak dikenal: {name} (tersedia: {', '.join(sorted(registry))})")
    params = {str(k): v for k, v in item.items() if k != "pola"}
    try:
        inspect.signature(fn).bind(s, **params)
    except TypeError as exc:
        allowed = [p for p in inspect.signature(fn).parameters if p != "s"]
        raise ValueError(f"parameter pola {name} tidak sesuai ({', '.join(sorted(params))}); "
                         f"parameternya: {', '.join(allowed) or '-'}") from exc
    fn(s, **params)


def generic_rows(s: _Spec) -> None:
    """Without a layout: the capaian table and one history table (with its sub indicators) per indicator."""
    catalog = s.catalog
    s.table("T.CAPAIAN", "Tabel capaian kinerja", "tabel capaian kinerja instansi")
    s.summary(catalog.goals, ministry=True)
    for ind in catalog.indicators():
        s.table(f"T.{ind.code}", f"Tabel capaian indikator {ind.code}", "tabel capaian indikator")
        s.history(ind)
        if ind.children:
            s.subs(ind)


# -- the generators a layout invokes by name (``pola``); their keyword arguments are its parameters ----
Columns = Mapping[str, str]


def _cols(kolom: Columns, n: int = 3) -> tuple[tuple[str, str], ...]:
    """``{kode: label, ...}`` of the generator's columns, in order (denominator, numerator, % for counts)."""
    if not isinstance(kolom, Mapping) or len(kolom) != n:
        raise ValueError(f"kolom harus berisi {n} pasangan kode: label, bukan {kolom!r}")
    return tuple((str(k), str(v)) for k, v in kolom.items())


def _row(spec: Mapping[str, Any] | None, what: str) -> tuple[str, str] | None:
    if spec is None:
        return None
    if not isinstance(spec, Mapping) or set(spec) != {"baris", "label"}:
        raise ValueError(f"{what} harus berbentuk {{baris: KODE, label: TEKS}}, bukan {spec!r}")
    return str(spec["baris"]), str(spec["label"])


def ringkasan(s: _Spec, sasaran: list[str] | None = None, kementerian: bool = False) -> None:
    """Target, realisasi, capaian of every indicator of the goals (default: all), the goals' mean capaian and,
    with ``kementerian``, the ministry's."""
    goals = [s.catalog.node(str(g)) for g in sasaran] if sasaran else s.catalog.goals
    s.summary(goals, ministry=bool(kementerian))


def indikator(s: _Spec, indikator: list[str]) -> None:
    """Target, realisasi and capaian of the listed indicators."""
    for code in indikator:
        s.indicator(s.catalog.node(str(code)))


def target(s: _Spec) -> None:
    """The target of every indicator (Perjanjian Kinerja)."""
    s.targets()


def riwayat(s: _Spec, indikator: str) -> None:
    """History of one indicator: earlier realisasi, this year, % kenaikan, the final Renstra target."""
    s.history(s.catalog.node(str(indikator)))


def sub(s: _Spec, indikator: str, tahun: list[int] | None = None) -> None:
    """Realisasi of the indicator's sub indicators per year (default: last year and this year)."""
    s.subs(s.catalog.node(str(indikator)), years=tuple(int(y) for y in tahun) if tahun else None)


def kelompok(s: _Spec, simpul: str, kolom: Columns, jumlah: Mapping[str, Any] | None = None) -> None:
    """One count row per group of the node (its % also against the engine's group ratio); ``jumlah`` adds
    the total row (sums of the counts, its % against the node's realisasi)."""
    cols, total = _cols(kolom), _row(jumlah, "jumlah")
    rows = [s.ratio(g.code, g.name, cols, simpul, group=g.code, result=EngineFigure(simpul, f"rasio.{g.code}"))
            for g in s.catalog.node(simpul).groups]
    if total:
        (den, den_label), (num, num_label), (pc, pc_label) = cols
        code, label = total
        d = s.add(code, den, label, den_label, Total(tuple(r[0] for r in rows)), whole=True)
        n = s.add(code, num, label, num_label, Total(tuple(r[1] for r in rows)), whole=True)
        s.add(code, pc, label, pc_label, Ratio((n,), (d,)), EngineFigure(simpul, "realisasi"), pct=True)


def tahun(s: _Spec, simpul: str, tahun: list[int], kolom: Columns) -> None:
    """One count row per year (raw figures for this year; the % against the realisasi of that year)."""
    cols = _cols(kolom)
    for y in map(int, tahun):
        current = y == s.catalog.year
        s.ratio(str(y), f"Tahun {y}", cols, simpul if current else None,
                result=EngineFigure(simpul, "realisasi" if current else f"realisasi_{y}"))


def sampel(s: _Spec, simpul: str, kolom: Columns, tahun: list[int] | None = None) -> None:
    """Population, sample, improved and % per year (default: last year and this year): the % of earlier
    years is of the population, this year's of the sample (a ``rasio`` node with ``sampel: true``)."""
    (pop, pop_label), (smp, smp_label), (imp, imp_label), (pc, pc_label) = _cols(kolom, 4)
    for y in map(int, tahun or (s.catalog.year - 1, s.catalog.year)):
        current = y == s.catalog.year
        raw = {k: [RawFigure(simpul, k)] if current else [] for k in ("populasi", "penyebut", "pembilang")}
        p = s.add(str(y), pop, f"Tahun {y}", pop_label, *raw["populasi"], whole=True)
        q = s.add(str(y), smp, f"Tahun {y}", smp_label, *raw["penyebut"], whole=True)
        n = s.add(str(y), imp, f"Tahun {y}", imp_label, *raw["pembilang"], whole=True)
        s.add(str(y), pc, f"Tahun {y}", pc_label, Ratio((n,), (q if current else p,)),
              EngineFigure(simpul, "realisasi" if current else f"realisasi_{y}"), pct=True)


def rasio(s: _Spec, baris: str, label: str, simpul: str, kolom: Columns) -> None:
    """One count row of a node (raw figures; its % also against the node's realisasi)."""
    s.ratio(str(baris), str(label), _cols(kolom), simpul, result=EngineFigure(simpul, "realisasi"))


def rasio_anak(s: _Spec, simpul: str, kolom: Columns, rerata: Mapping[str, Any] | None = None) -> None:
    """One count row per child of the node; ``rerata`` adds the node's % row (its realisasi and the mean of
    the children's printed %)."""
    cols, mean = _cols(kolom), _row(rerata, "rerata")
    parts = tuple(s.ratio(n.code, n.name, cols, n.code, result=EngineFigure(n.code, "realisasi"))[2]
                  for n in s.catalog.node(simpul).children)
    if mean:
        pc, pc_label = cols[2]
        s.add(mean[0], pc, mean[1], pc_label, EngineFigure(simpul, "realisasi"), Mean(parts), pct=True)


def _items(s: _Spec, butir: str | Mapping[str, Any]) -> list[tuple[str, str]]:
    """(code, name) of a collection of the catalog: ``sasaran``, ``indikator``, ``unit``, ``jenis_belanja``,
    ``{unit: [KODE, ...]}``, ``{kelompok: SIMPUL}``, ``{anak: SIMPUL}``."""
    c = s.catalog
    kind, arg = (butir, None) if isinstance(butir, str) else next(iter(butir.items()), (None, None))
    if kind == "sasaran" and arg is None:
        return [(g.code, g.name) for g in c.goals]
    if kind == "indikator" and arg is None:
        return [(n.code, n.name) for n in c.indicators()]
    if kind == "jenis_belanja" and arg is None:
        return [(t.code, t.name) for t in c.budget.spending_types]
    if kind == "unit" and (arg is None or isinstance(arg, list)):
        return [(u.code, u.name) for u in (c.units if arg is None else [c.unit(str(x)) for x in arg])]
    if kind in ("kelompok", "anak") and isinstance(arg, str):
        node = c.node(arg)
        return [(n.code, n.name) for n in (node.groups if kind == "kelompok" else node.children)]
    raise ValueError(f"butir tidak dikenal: {butir!r} (sasaran, indikator, unit, jenis_belanja, "
                     "{unit: [...]}, {kelompok: SIMPUL}, {anak: SIMPUL})")


def per_butir(s: _Spec, butir: str | Mapping[str, Any], baris: list[Mapping[str, Any]]) -> None:
    """The rows ``baris`` (written as single rows) repeated for every item of a catalog collection, with
    ``{kode}`` and ``{nama}`` replaced by the item's."""
    for code, name in _items(s, butir):
        for item in baris:
            s.explicit(item, {"kode": code, "nama": name})


def pohon(s: _Spec, kolom: Columns, baris: list[Mapping[str, Any]]) -> None:
    """Rows ``{baris, label, anak: [...], sama}`` per column: a row with ``anak`` is the sum of those rows;
    rows with the same ``sama`` print the same quantity."""
    spec = []
    for r in baris:
        if not isinstance(r, Mapping) or not {"baris", "label"} <= set(r) <= {"baris", "label", "anak", "sama"}:
            raise ValueError(f"baris pohon harus berbentuk {{baris, label, anak, sama}}, bukan {r!r}")
        spec.append((str(r["baris"]), str(r["label"]), tuple(map(str, r.get("anak") or ())),
                     None if r.get("sama") is None else str(r["sama"])))
    s.tree(spec, _cols(kolom, len(kolom) if isinstance(kolom, Mapping) and kolom else 1))


PATTERNS: dict[str, Callable[..., None]] = {f.__name__: f for f in (
    ringkasan, indikator, target, riwayat, sub, kelompok, tahun, sampel, rasio, rasio_anak, per_butir, pohon)}
