"""The printed figures of a draft Laporan Kinerja: what a reviewer types, and where it is read from.

The tables come from a layout (:func:`printed_rows`, :mod:`kinerja_xl.review.tables`: the report's
tables, rows, sources and checks; generic rows for a catalog without one). Figures quoted in the
narrative text change from draft to draft, so they are data too: extra rows in the *Dilaporkan* file
(``.yaml`` transcription or ``.xlsx`` workbook), in the notation of :mod:`.notation`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..catalog.safe_yaml import load_yaml
from ..catalog.schema import Catalog
from ..errors import describe_decode_error, describe_error, describe_yaml_error
from ..numbers import parse_number
from ..text import restored_text
from ..reading.sheets import read_sheet_rows
from .notation import Mean, PrintedRow, Product, Ratio, Total, parse_checks
from .tables import Layout, default_layout, find_layout, layout_rows

SHEET = "Dilaporkan"
META_SHEET = "_meta"
COLUMNS = ("Kode", "Tabel", "Baris", "Besaran", "Nilai tercetak", "Teks tercetak (opsional)", "Sumber",
           "Pemeriksaan")
MISSING = {"n.a", "n.a.", "na", "-", "–", "—"}
STRAY = "'’\"*"


def printed_rows(catalog: Catalog, layout: Layout | str | Path | None = None) -> list[PrintedRow]:
    """Every printed figure of the report's tables that the *Dilaporkan* input asks for, in report order.

    ``layout`` is a :class:`~kinerja_xl.review.tables.Layout`, a layout file or the id of a packaged one;
    by default the packaged layout of the catalog (``katalog: <catalog id>``), else generic rows.
    """
    rows = layout_rows(catalog, default_layout(catalog.id) if layout is None else find_layout(layout))
    counts = Counter(r.key for r in rows)
    if len(counts) != len(rows):
        raise ValueError(f"kode ganda pada tata letak: {sorted(k for k, n in counts.items() if n > 1)}")
    return rows


# -- printed values -----------------------------------------------------------------------------------
@dataclass
class Printed:
    """Printed figures: ``values`` (key -> Decimal; empty and n.a. left out), the text as printed where
    known, notes on how it was printed, the extra rows (figures quoted in the narrative text) and the
    layout of the tables (None: the catalog's default, see :func:`printed_rows`)."""

    values: dict[str, Decimal] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    extra: list[PrintedRow] = field(default_factory=list)
    source: str = ""
    layout: Layout | None = field(default=None, repr=False)

    def rows(self, catalog: Catalog) -> list[PrintedRow]:
        return printed_rows(catalog, self.layout) + self.extra

    def layout_for(self, catalog: Catalog) -> Layout | None:
        """The layout whose tables are checked: this file's, else the catalog's packaged one; None when the
        catalog has none (generic tables: the capaian table and each indicator's history)."""
        return self.layout if self.layout is not None else default_layout(catalog.id)


def parse_printed(value: object) -> tuple[Decimal | None, str | None]:
    """A printed figure: Indonesian notation, ``%``/``Rp``/``,-`` allowed; ``n.a``/``-`` = empty.

    Returns the value and a note on a stray character (``6.600'``); raises ``ValueError`` (Indonesian
    message) for text that is not a number.
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in MISSING | {""}):
        return None, None
    text = value.strip() if isinstance(value, str) else value
    cleaned = text.strip(STRAY).strip() if isinstance(text, str) else text
    parsed = parse_number(cleaned)
    if not parsed.ok or parsed.value is None:
        raise ValueError(f"{text!r}: {parsed.detail}")
    note = f"karakter asing pada angka tercetak {text!r}" if cleaned != text else None
    return parsed.value, note


def _store(out: Printed, key: str, value: object, text: object) -> None:
    """Record one figure: ``text`` as printed (may be empty) and/or ``value`` (wins when both are given,
    e.g. a number in the workbook cell, or YAML ``nilai`` for text not in Indonesian notation)."""
    number, note = None, None
    if isinstance(text, str) and text.strip():
        out.texts[key] = text
        try:
            number, note = parse_printed(text)
        except ValueError:
            if value in (None, ""):
                raise
            note = f"angka tercetak {text!r} tidak memakai notasi Indonesia (titik ribuan, koma desimal)"
    if value not in (None, ""):
        number = parse_printed(value)[0]
    if note:
        out.notes[key] = note
    if number is not None:
        out.values[key] = number


def _extra_row(key: str, table: str, fields: Mapping[str, Any]) -> PrintedRow:
    if key.count("|") != 2:
        raise ValueError("kode harus berbentuk TABEL|BARIS|BESARAN")
    checks, same = parse_checks(str(fields.get("periksa") or ""), key.split("|", 1)[0])
    flags = str(fields.get("tanda") or "")
    return PrintedRow(key, table, str(fields.get("label") or ""), str(fields.get("besaran") or ""),
                      str(fields.get("sumber") or ""), checks, same, "%" in flags, "#" in flags)


def _layout(ref: Layout | str | Path | None, named: object, base: Path) -> Layout | None:
    """The layout given to the loader, else the one the file names (``tata_letak``: a file relative to it
    or a packaged layout id), else None (the catalog's default)."""
    if ref is not None:
        return find_layout(ref)
    return find_layout(str(named).strip(), base) if named not in (None, "") else None


def load_reported_yaml(path: str | Path, catalog: Catalog | None = None, *,
                       layout: Layout | str | Path | None = None) -> Printed:
    """Read a transcription::

        tata_letak: reviu-lkj.yaml  # optional: the layout of the tables (default: the catalog's)
        tabel:                      # figures of the report's tables (keys of the layout)
          T3.1: {"SS2|capaian": "117,29", ...}
        teks:                       # figures quoted in the narrative text: extra rows with their checks
          TEKS.SS1.2.1:
            nama: Teks Bab 3 — ...
            halaman: hal. …
            angka: {"penurunan|persen": {tercetak: "17,34", label: ..., besaran: "%", baris: 1491,
                                        periksa: "R penurunan|jumlah / T3.13|2022|penerima", tanda: "%"}}
    """
    try:
        data = load_yaml(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ValueError(describe_error(exc, path)) from exc
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: YAML tidak valid, {describe_yaml_error(exc)}") from exc
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: {describe_decode_error(exc)}") from exc
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: isi berkas harus berupa pemetaan (tabel:, teks:)")
    out = Printed(source=str(path), layout=_layout(layout, data.get("tata_letak"), Path(path).parent))
    problems = []
    for table, rows in (data.get("tabel") or {}).items():
        for rest, raw in (rows or {}).items():
            key = f"{table}|{rest}"
            fields = raw if isinstance(raw, Mapping) else {"tercetak": raw}
            try:
                _store(out, key, fields.get("nilai"), fields.get("tercetak"))
            except ValueError as exc:
                problems.append(f"{key}: {exc}")
    for table, block in (data.get("teks") or {}).items():
        for rest, fields in ((block or {}).get("angka") or {}).items():
            key = f"{table}|{rest}"
            try:
                page = block.get("halaman", "")
                src = f"{page}; baris {fields['baris']}" if fields.get("baris") else page
                out.extra.append(_extra_row(key, str(block.get("nama", table)), {**fields, "sumber": src}))
                _store(out, key, fields.get("nilai"), fields.get("tercetak"))
            except (ValueError, TypeError, AttributeError) as exc:
                problems.append(f"{key}: {exc}")
    if catalog is not None:
        problems += _unknown(out, catalog)
    if problems:
        raise ValueError(f"Berkas dilaporkan {path} tidak valid:\n" + "\n".join(f"  - {p}" for p in problems))
    return out


def _unknown(out: Printed, catalog: Catalog, layout: list[PrintedRow] | None = None) -> list[str]:
    """Duplicate and unknown codes; ``layout`` is the layout's rows when the caller already built them."""
    rows = (printed_rows(catalog, out.layout) if layout is None else layout) + out.extra
    counts = Counter(r.key for r in rows)
    known = set(counts)
    problems = [f"{k}: kode ganda" for k in sorted(k for k, n in counts.items() if n > 1)]
    problems += [f"{k}: kode tidak dikenal pada tata letak katalog {catalog.id}" for k in sorted(out.values)
                 if k not in known]
    for r in rows:
        for c in r.checks:
            refs = c.parts if isinstance(c, (Total, Mean)) else c.factors if isinstance(c, Product) else (
                c.numerator + c.denominator if isinstance(c, Ratio) else ())
            problems += [f"{r.key}: pemeriksaan merujuk kode tak dikenal {ref.lstrip('-')}" for ref in refs
                         if ref.lstrip("-") not in known]
    return problems


def read_reported_workbook(path: str | Path, catalog: Catalog | None = None, *,
                           layout: Layout | str | Path | None = None, year: int | None = None) -> Printed:
    """Read a *Dilaporkan* workbook (python-calamine): the layout's rows and any extra rows below them.
    The layout is ``layout``, else the one named by ``tata_letak`` on the hidden ``_meta`` sheet, else the
    catalog's default. A workbook made for another catalog than ``catalog`` or another year than ``year``
    (its ``_meta`` says so) is refused: its figures would be compared with tables they do not belong to."""
    sheets = read_sheet_rows(path, (SHEET,), (META_SHEET,))
    meta: dict[str, object] = {str(r[0]): r[1] for r in sheets.get(META_SHEET, ()) if len(r) >= 2 and r[0] != ""}
    _check_made_for(path, meta, catalog, year)
    out = Printed(source=str(path), layout=_layout(layout, meta.get("tata_letak"), Path(path).parent))
    rows = sheets[SHEET]
    header = next((i for i, r in enumerate(rows) if r and tuple(map(str, r[:len(COLUMNS)])) == COLUMNS), None)
    if header is None:
        raise ValueError(f"{path}: lembar {SHEET} tanpa judul kolom {', '.join(COLUMNS)}; gunakan templat dilaporkan")
    layout_rows = printed_rows(catalog, out.layout) if catalog is not None else None
    fixed = {r.key for r in layout_rows} if layout_rows is not None else None
    problems = []
    for number, r in enumerate(rows[header + 1:], start=header + 2):
        # text cells back as written: the quote that kept a printed '+Rp…' or '=…' from being a formula goes
        cells = [("" if v is None else restored_text(v) if isinstance(v, str) else v)
                 for v in list(r) + [""] * len(COLUMNS)][:len(COLUMNS)]
        key = str(cells[0]).strip()
        if key.count("|") != 2:
            continue
        try:
            if fixed is not None and key not in fixed:
                table, label, quantity, _, _, src, rule = (str(v) for v in cells[1:])
                flags = "%" if "%" in quantity else ""
                out.extra.append(_extra_row(key, table, {"label": label, "besaran": quantity, "sumber": src,
                                                         "periksa": rule, "tanda": flags}))
            _store(out, key, cells[4], cells[5])
        except ValueError as exc:
            problems.append(f"baris {number} ({key}): {exc}")
    if catalog is not None:
        problems += _unknown(out, catalog, layout_rows)
    if problems:
        raise ValueError(f"{path} tidak valid:\n" + "\n".join(f"  - {p}" for p in problems))
    return out


def _check_made_for(path: str | Path, meta: Mapping[str, object], catalog: Catalog | None, year: int | None) -> None:
    made_for = str(meta.get("katalog_id") or "").strip()
    if catalog is not None and made_for and made_for != catalog.id:
        raise ValueError(f"{path} dibuat untuk katalog '{made_for}', sedangkan reviu ini memakai katalog "
                         f"'{catalog.id}'. Buat berkas Dilaporkan dari katalog yang sama (kinerja-xl templat "
                         "--dilaporkan --katalog BERKAS) atau pilih katalog yang sesuai")
    printed_year = str(meta.get("tahun") or "").strip()
    expected = year if year is not None else (catalog.year if catalog is not None else None)
    if expected is not None and printed_year.isdigit() and int(printed_year) != expected:
        raise ValueError(f"{path} memuat angka laporan tahun {printed_year}, sedangkan buku kerja unit yang direviu "
                         f"tahun {expected}. Pakai berkas Dilaporkan tahun {expected}, atau pilih tahun dengan "
                         "--tahun")


def _require_figures(path: str | Path, printed: Printed) -> Printed:
    """A *Dilaporkan* file without a single printed figure has nothing to review: refused, not "0 temuan"."""
    if not printed.values:
        raise ValueError(f"{path} belum berisi angka tercetak. Isi kolom Tercetak pada lembar {SHEET} dengan angka "
                         "persis seperti di draf laporan, lalu jalankan reviu lagi")
    return printed


def load_reported(path: str | Path, catalog: Catalog | None = None, *,
                  layout: Layout | str | Path | None = None, year: int | None = None) -> Printed:
    """A *Dilaporkan* file of either kind: ``.yaml``/``.yml`` transcription or ``.xlsx`` workbook;
    ``layout`` overrides the layout of its tables (see :func:`printed_rows`). A file without any printed
    figure, or a workbook made for another catalog or year, is refused (``ValueError``)."""
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        return _require_figures(path, load_reported_yaml(path, catalog, layout=layout))
    return _require_figures(path, read_reported_workbook(path, catalog, layout=layout, year=year))


def read_reported_values(path: str | Path, catalog: Catalog | None = None, *,
                         layout: Layout | str | Path | None = None) -> dict[str, Decimal]:
    """The printed figures of a *Dilaporkan* file as ``{key: Decimal}``."""
    return load_reported(path, catalog, layout=layout).values
