"""Read a unit input workbook into a :class:`~kinerja_xl.model.UnitSubmission`, never raising.

Values come from python-calamine (fast, values only). Before calamine loads a sheet, the sheet XML
is streamed once with defusedxml (:func:`~kinerja_xl.reading.sheet_scan.inspect_sheets`) to learn what calamine
hides: formulas typed into cells and Excel error values. Only one workbook is open at a time and it is
closed before the values are interpreted.

Rows are located by the key in the hidden column L (``COL_KEY``), so a moved row is still read from
where it is. :func:`scan_workbook` gives the raw readings with the structural problems, :func:`scan_grids`
the same from sheet values read elsewhere (the Excel buttons read them through xlwings); the value
checks are :mod:`kinerja_xl.validate`'s (``validate.unit.read_unit_workbook``).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from python_calamine import CalamineWorkbook, PasswordError

from ..catalog.schema import PERIOD_LABELS, Catalog, InputField
from ..compute.refs import InputRef
from ..unit_layout import (
    COL_IN1,
    COL_KEY,
    COL_NOTE,
    COL_REPORTED,
    HEADER_ROW,
    IDENTITY_FIELDS,
    IDENTITY_FIRST_ROW,
    SHEET_INPUT,
    SHEET_META,
    SHEET_SURVEY,
    TEMPLATE_SCHEMA,
    Row,
    SurveyLayout,
    UnitLayout,
    unit_in_file_name,
    unit_layout,
    year_and_period_in_file_name,
)
from ..model import SKIP_OUTPUT, SKIP_PERIOD, SKIP_YEAR, InputValue, SourceCell, SurveyTally, UnitSubmission
from ..problems import Problem
from ..cells import CellAddress, a1, column_letter
from ..problems import problem
from ..numbers import ParsedNumber, parse_number
from ..atomic import FileIdentity, Snapshot
from ..errors import UnreadableFile, describe_workbook_error
from .archive import OpenedFile
from .safety import FileLimits, check_file, output_kind
from .sheet_scan import SheetXml, inspect_sheets

if TYPE_CHECKING:
    from .survey import SurveyReading

__all__ = ["CellReading", "FileLimits", "FixedCell", "SheetXml", "WorkbookScan", "inspect_sheets", "scan_grids",
           "scan_workbook"]

MAX_UNKNOWN_ROWS = 20
Grid = list[list[Any]]
#: Exceptions that must stop the program rather than become a problem of one file.
ESCAPING = (KeyboardInterrupt, SystemExit, GeneratorExit)


class CellReading(NamedTuple):
    """One input cell as found in the workbook (a named tuple: 30-odd are made for every file of a batch, each
    in one C call, where a dataclass's ``__init__`` sets eight attributes one by one)."""

    ref: InputRef
    field: InputField
    address: CellAddress
    raw: Any
    parsed: ParsedNumber
    label: str
    formula: bool = False
    error: str | None = None
    #: The cell is formatted as a percentage: Excel shows 100 times the value read (``4,8%`` typed: 0,048).
    percent: bool = False

    @property
    def cell(self) -> str:
        return a1(self.address.row, self.address.col)

    @property
    def empty(self) -> bool:
        return self.raw is None and not self.formula and self.error is None

    @property
    def value(self) -> Decimal | None:
        return None if self.error is not None else self.parsed.value


class FixedCell(NamedTuple):
    """A non-input cell the checks look at: a locked target (``measure``: ``target``, or a range's
    ``target_bawah``/``target_atas``) or a 'realisasi dilaporkan' (a named tuple, as :class:`CellReading`)."""

    node: str
    label: str
    address: CellAddress
    raw: Any
    parsed: ParsedNumber
    measure: str = ""

    @property
    def cell(self) -> str:
        return a1(self.address.row, self.address.col)


@dataclass
class WorkbookScan:
    """Everything read from one workbook, before value checks."""

    file: str
    catalog: Catalog
    unit: str | None = None
    year: int | None = None
    period: str | None = None
    layout: UnitLayout | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # the values of META_KEYS in _meta (the first of each)
    identity: dict[str, str] = field(default_factory=dict)
    identity_cells: dict[str, CellAddress] = field(default_factory=dict)
    cells: list[CellReading] = field(default_factory=list)
    targets: list[FixedCell] = field(default_factory=list)
    reported: list[FixedCell] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    file_identity: FileIdentity | None = None
    skipped: str = ""  # SKIP_*: passed over, neither checked nor read further
    #: The bytes read (of a sound workbook): a write-back splices exactly what was validated.
    snapshot: Snapshot | None = field(default=None, repr=False)
    survey: SurveyReading | None = None

    def add(self, code: str, sheet: str = "", cell: str = "", **params: Any) -> None:
        self.problems.append(problem(code, file=self.file, sheet=sheet, cell=cell, **params))

    @cached_property
    def cell_groups(self) -> dict[tuple[str, str], dict[str, CellReading]]:
        """Input cells by (node, group prefix) and role, ``{('SS1.1.1', 'anak'): {'pembilang': ...}}``;
        built on first use, once every cell is read (the checks use it several times)."""
        out: dict[tuple[str, str], dict[str, CellReading]] = {}
        for cell in self.cells:
            prefix, _, role = cell.ref.key.rpartition(".")
            out.setdefault((cell.ref.node, prefix), {})[role] = cell
        return out

    def submission(self, problems: list[Problem], figures: bool = True) -> UnitSubmission:
        """The submission; with ``figures=False`` only identity and problems (validation alone needs no more,
        and a batch's memory then stays flat). A file passed over keeps its identity only."""
        if self.skipped:
            return UnitSubmission(self.file, self.unit, self.year, self.period, identity=dict(self.identity),
                                  skipped=self.skipped)
        if not figures:
            return UnitSubmission(self.file, self.unit, self.year, self.period, identity=dict(self.identity),
                                  problems=tuple(problems), file_identity=self.file_identity)
        values = tuple(InputValue(c.ref, c.value, SourceCell(self.file, SHEET_INPUT, c.cell))
                       for c in self.cells if c.value is not None) + self.survey_values()
        reported = {r.node: r.parsed.value for r in self.reported if r.parsed.value is not None}
        return UnitSubmission(self.file, self.unit, self.year, self.period, values, reported, dict(self.notes),
                              dict(self.identity), tuple(problems), self.file_identity,
                              survey=self.survey_tally())

    def survey_values(self) -> tuple[InputValue, ...]:
        """The survey's counts as the Survei sheet's recap cells hold them (its formulas count the same)."""
        if self.survey is None or self.layout is None or self.layout.survey is None:
            return ()
        return tuple(InputValue(ref, value, SourceCell(self.file, SHEET_SURVEY, address.cell))
                     for ref, (value, address) in self.survey.inputs().items())

    def survey_tally(self) -> SurveyTally | None:
        if self.survey is None or self.layout is None or self.layout.survey is None:
            return None
        layout = self.layout.survey
        services, cut = self.survey.service_tallies()
        return SurveyTally(layout.node, layout.source.group, self.survey.population, services, cut,
                           self.survey.unassigned)


# -- public API ---------------------------------------------------------------------------------------

def scan_workbook(path: str | Path, catalog: Catalog, *, limits: FileLimits | None = None,
                  expected_year: int | None = None, expected_period: str | None = None,
                  snapshot: Snapshot | None = None,
                  on_content: Callable[[bytes], None] | None = None) -> WorkbookScan:
    """Read raw cells and report file and structure problems (no value checks); ``snapshot``: the file as
    already read (see :func:`~.safety.check_file`); ``on_content`` receives the bytes of a sound workbook, as
    read once for every reader (the ledger hashes and keeps them)."""
    limits = limits or FileLimits.for_catalog(catalog)
    scan = WorkbookScan(str(path), catalog)
    opened: list[OpenedFile] = []
    scan.problems.extend(check_file(path, limits, keep_open=opened, snapshot=snapshot))
    try:
        if scan.problems:
            guessed = unit_in_file_name(Path(path).name, catalog)  # "REHSOS" sent a file, if not a readable one
            if guessed:
                scan.identity["unit"] = guessed
            _skip_by_name(scan, Path(path).name, expected_year, expected_period)
            return scan
        kind = output_kind(opened[0].archive)
        if kind is not None:  # a workbook kinerja_xl wrote (konsolidasi, pantau, reviu, ...): not a unit's
            scan.skipped, scan.identity["keluaran"] = SKIP_OUTPUT, kind
            return scan
        if on_content is not None:
            on_content(opened[0].content)
        archive = opened[0].archive
        xml = inspect_sheets(archive, (SHEET_INPUT,), limits, small=(SHEET_META,))

        def survey_limits(meta: Grid | None, grid: Grid | None) -> FileLimits | None:
            """The extent a Survei sheet may have: its respondent rows and a margin below (reported there)."""
            layout = _expected_survey(catalog, meta, grid)
            if layout is None:
                return None
            rows = layout.last_row + SURVEY_MARGIN
            return replace(limits, max_rows=rows, max_part=max(limits.max_part, 60 * rows * layout.last_col))

        meta_rows, grid, names, survey_grid = _load_values(opened[0].content, archive, survey_limits, xml)
    except UnreadableFile as exc:
        scan.add(exc.code, **exc.params)
        return scan
    finally:
        for workbook in opened:
            workbook.archive.close()
    scan = scan_grids(str(path), catalog, meta_rows, grid, names, input_xml=xml.get(SHEET_INPUT, SheetXml()),
                      expected_year=expected_year, expected_period=expected_period, survey_grid=survey_grid,
                      survey_xml=xml.get(SHEET_SURVEY))
    scan.file_identity = opened[0].identity
    scan.snapshot = opened[0].snapshot
    return scan


def scan_grids(file_label: str, catalog: Catalog, meta_rows: Grid | None, grid: Grid | None, sheet_names: list[str],
               *, input_xml: SheetXml | None = None, expected_year: int | None = None,
               expected_period: str | None = None, survey_grid: Grid | None = None,
               survey_xml: SheetXml | None = None) -> WorkbookScan:
    """:func:`scan_workbook` from sheet values (``None``: sheet absent); ``input_xml`` flags formulas and errors
    of Isian, ``survey_xml`` the errors of the Survei sheet (``survey_grid``)."""
    scan, names = WorkbookScan(file_label, catalog), list(sheet_names)
    if grid is None:
        import difflib  # here: only a workbook without Isian needs it

        lowered = [n.lower() for n in names]
        similar = difflib.get_close_matches(SHEET_INPUT.lower(), lowered, n=1, cutoff=0.5)
        hint = f"; ada lembar '{names[lowered.index(similar[0])]}'" if similar else ""
        scan.add("lembar-hilang", sheet_name=SHEET_INPUT, similar=hint)
    if meta_rows is None:
        scan.add("meta-hilang")
        if grid is None:
            return scan
        _identity_from_sheet(scan, grid)
    else:
        _read_meta(scan, meta_rows)
    _check_identity(scan, expected_year, expected_period, meta_rows is not None)
    if scan.skipped:
        return scan
    scan.identity.update({"unit": scan.unit or "", "tahun": "" if scan.year is None else str(scan.year),
                          "periode": scan.period or ""})
    if scan.unit is None or grid is None:
        return scan
    scan.layout = unit_layout(catalog, scan.unit, scan.year or catalog.year,
                              scan.period if scan.period in PERIOD_LABELS else "tahunan")
    _read_rows(scan, grid, input_xml if input_xml is not None else SheetXml())
    if scan.layout.survey is not None:
        if survey_grid is None:
            scan.add("lembar-hilang", sheet_name=SHEET_SURVEY, similar="")
        else:
            from .survey import read_survey  # here: a workbook without a Survei sheet is read without it

            scan.survey = read_survey(survey_grid, scan.layout.survey, survey_xml.errors if survey_xml else None)
    return scan


#: Rows below a Survei sheet's last counted row that are still read, to report answers pasted there.
SURVEY_MARGIN = 5000


def _expected_survey(catalog: Catalog, meta: Grid | None, grid: Grid | None) -> SurveyLayout | None:
    """The Survei sheet a workbook says it holds (unit, year, period of ``_meta``, else of the identity block
    of Isian), before any check."""
    probe = WorkbookScan("", catalog)
    if meta is not None:
        _read_meta(probe, meta)
    else:
        _identity_from_sheet(probe, grid)
    if probe.unit not in {u.code for u in catalog.units}:
        return None
    period = probe.period if probe.period in PERIOD_LABELS else "tahunan"  # as scan_grids lays it out
    return unit_layout(catalog, probe.unit, probe.year or catalog.year, period).survey


def _load_values(content: bytes, archive: Any = None,
                 survey_limits: Callable[[Grid | None, Grid | None], FileLimits | None] | None = None,
                 xml: dict[str, SheetXml] | None = None) -> tuple[Grid | None, Grid | None, list[str], Grid | None]:
    """The _meta rows, the Isian grid and the Survei grid (``None`` when a sheet is absent); the workbook is
    closed after. The Survei sheet is read only when ``_meta`` says the workbook has one
    (``survey_limits`` gives its extent), after its XML is scanned within that extent (errors into ``xml``)."""
    survey = None
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(content)) as book:
            names = list(book.sheet_names)
            meta = book.get_sheet_by_name(SHEET_META).to_python(skip_empty_area=False) \
                if SHEET_META in names else None
            grid = book.get_sheet_by_name(SHEET_INPUT).to_python(skip_empty_area=False) \
                if SHEET_INPUT in names else None
            limits = survey_limits(meta, grid) if survey_limits is not None and SHEET_SURVEY in names else None
            if limits is not None and archive is not None and xml is not None:
                xml.update(inspect_sheets(archive, (SHEET_SURVEY,), limits, texts=False))  # checked with Isian
                survey = book.get_sheet_by_name(SHEET_SURVEY).to_python(skip_empty_area=False)
    except UnreadableFile:
        raise
    except PasswordError as exc:
        raise UnreadableFile("berkas-terenkripsi") from exc
    except BaseException as exc:  # calamine errors, and a Rust panic (pyo3 PanicException is a BaseException)
        if isinstance(exc, ESCAPING):
            raise
        raise UnreadableFile("berkas-rusak", detail=_calamine_refusal(exc, archive)) from exc
    return meta, grid, names, survey


#: The parts calamine reads on opening a workbook (an empty one makes it give up on the format as a whole).
_OPENING_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml")


def _calamine_refusal(exc: BaseException, archive: Any) -> str:
    """What calamine's failure means for a file that passed the zip and package checks: a damaged part, named
    when one calamine reads on opening is empty (calamine says only that it cannot tell the format, which would
    read as "not an Excel workbook")."""
    if archive is None or "cannot detect file format" not in str(exc).lower():
        return describe_workbook_error(exc)
    names = set(archive.namelist())
    empty = next((n for n in _OPENING_PARTS if n in names and archive.getinfo(n).file_size == 0), None)
    if empty is not None:
        return f"bagian {empty} kosong; simpan ulang berkas dengan Excel"
    return "salah satu bagian XML buku kerja rusak sehingga tidak dapat dibaca; simpan ulang berkas dengan Excel"


# -- identity -----------------------------------------------------------------------------------------

def _blank(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _in_line(line: list[Any], col: int) -> Any:
    return _blank(line[col - 1]) if col <= len(line) else None


def _cell(grid: list[list[Any]] | None, row: int, col: int) -> Any:
    if grid is None or row < 1 or row > len(grid) or col < 1 or col > len(grid[row - 1]):
        return None
    return _blank(grid[row - 1][col - 1])


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _as_text(value: Any) -> str:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


@functools.lru_cache(maxsize=4096)
def _meta_address(row: int) -> CellAddress:
    """Where a ``_meta`` value is (made once per row: every file's ``_meta`` has the same rows)."""
    return CellAddress(SHEET_META, row, 2)


#: The ``_meta`` keys the reader uses (the identity and what the workbook was made from); the sheet's other rows
#: (where each input was placed, ~30 in a unit's workbook) are passed over.
META_KEYS = frozenset({"unit", "tahun", "periode", "skema_templat", "katalog_id", "katalog_hash"})


def _read_meta(scan: WorkbookScan, rows: list[list[Any]]) -> None:
    meta, cells = scan.meta, scan.identity_cells
    for i, line in enumerate(rows, start=1):
        if len(line) >= 2:
            name = line[0]
            if isinstance(name, str) and name in META_KEYS and name not in meta:
                value = line[1]  # _blank, inlined: run for every row of every file
                meta[name] = None if isinstance(value, str) and not value.strip() else value
                cells[name] = _meta_address(i)
                if len(meta) == len(META_KEYS):  # the first of each key counts: the rows after it cannot change it
                    break
    scan.unit = _as_text(scan.meta.get("unit")) or None
    scan.year = _as_int(scan.meta.get("tahun"))
    scan.period = _as_text(scan.meta.get("periode")) or None


def _identity_from_sheet(scan: WorkbookScan, grid: list[list[Any]] | None) -> None:
    """Without _meta: unit code, year and period label from the identity block of Isian."""
    values = {name: _cell(grid, IDENTITY_FIRST_ROW + i, COL_IN1) for i, (name, _) in enumerate(IDENTITY_FIELDS)}
    for i, (name, _) in enumerate(IDENTITY_FIELDS):
        scan.identity_cells[name] = CellAddress(SHEET_INPUT, IDENTITY_FIRST_ROW + i, COL_IN1)
    unit = _as_text(values["unit"])
    scan.unit = unit.replace("—", " ").split()[0] if unit else None
    scan.year = _as_int(values["tahun"])
    label = _as_text(values["periode"])
    scan.period = next((code for code, text in PERIOD_LABELS.items() if label in (code, text)), label or None)


def _skip_by_name(scan: WorkbookScan, name: str, expected_year: int | None, expected_period: str | None) -> None:
    """A file that cannot be read, whose name gives another year or period than the one chosen, is passed over as a
    readable one of that year or period is (only its name can tell): ``--periode TW2`` of a folder where
    ``kinerja-REHSOS-2023-TW1.xls`` waits to be saved again as .xlsx is not failed by it."""
    if expected_year is None and expected_period is None:
        return
    year, period = year_and_period_in_file_name(name, scan.catalog)
    reason = _passed_over(scan.catalog, year, period, expected_year, expected_period)
    if reason:
        scan.skipped, scan.year, scan.period = reason, year, period


def _passed_over(catalog: Catalog, year: int | None, period: str | None, expected_year: int | None,
                 expected_period: str | None) -> str:
    """Why a file of ``year`` and ``period`` is passed over by ``--tahun``/``--periode`` ("": it is not)."""
    if expected_year is not None and year is not None and year != expected_year:
        return SKIP_YEAR
    if expected_period is not None and period in catalog.periods and period != expected_period:
        return SKIP_PERIOD
    return ""


def _check_identity(scan: WorkbookScan, expected_year: int | None, expected_period: str | None,
                    has_meta: bool) -> None:
    """Identity problems; a file of another year or period than the one chosen is passed over instead
    (``--tahun``/``--periode`` are filters), whatever else it holds."""
    catalog, meta = scan.catalog, scan.meta
    scan.skipped = _passed_over(catalog, scan.year, scan.period, expected_year, expected_period)
    if scan.skipped:
        scan.identity.update({"unit": scan.unit or "", "tahun": str(scan.year), "periode": scan.period or ""})
        return

    def at(key: str) -> dict[str, str]:
        address = scan.identity_cells.get(key)
        return {"sheet": address.sheet, "cell": a1(address.row, address.col)} if address else {
            "sheet": SHEET_META if has_meta else SHEET_INPUT}

    if has_meta:
        schema = _as_int(meta.get("skema_templat"))
        if schema != TEMPLATE_SCHEMA:
            scan.add("skema-templat-beda", **at("skema_templat"), value=_as_text(meta.get("skema_templat")),
                     found=schema if schema is not None else "tidak tercatat", expected=TEMPLATE_SCHEMA)
        cat_id, cat_hash = _as_text(meta.get("katalog_id")), _as_text(meta.get("katalog_hash"))
        if cat_id != catalog.id:
            other = f"; bila berkas ini untuk katalog '{cat_id}', periksa dengan katalog itu (--katalog)" \
                if cat_id else ""
            scan.add("katalog-beda", **at("katalog_id"), value=cat_id,
                     detail=f"katalog '{cat_id or 'tidak tercatat'}', seharusnya '{catalog.id}'{other}")
        elif cat_hash != catalog.content_hash:
            scan.add("katalog-beda", **at("katalog_hash"), value=cat_hash,
                     detail=f"versi katalog '{catalog.id}' berbeda (sidik {cat_hash or 'tidak tercatat'}, "
                            f"seharusnya {catalog.content_hash})")
    known = [u.code for u in catalog.units]
    if scan.unit not in known:
        scan.add("unit-tak-dikenal", **at("unit"), value=scan.unit, found=scan.unit or "(kosong)",
                 known=", ".join(known))
        scan.unit = None
    year = expected_year or catalog.year
    if scan.year != year:
        scan.add("tahun-beda", **at("tahun"), value=_as_text(meta.get("tahun")),
                 found=scan.year if scan.year is not None else "tidak terbaca", expected=year)
    if scan.period not in catalog.periods:
        scan.add("periode-beda", **at("periode"), value=scan.period, found=scan.period or "(kosong)",
                 expected="salah satu dari " + ", ".join(catalog.periods))


# -- rows and cells -----------------------------------------------------------------------------------

def row_label(catalog: Catalog, row: Row) -> str:
    if row.kind == "isian" and row.node and row.text.strip() not in ("", "Isian"):
        return f"{row.node} · {row.text.strip()}"
    return row.node or row.code or row.key


def field_label(catalog: Catalog, f: InputField) -> str:
    """``'KPM bertransaksi' (SS1.1.2, Oktober)``: how messages name an input."""
    where = f"{f.node}, {catalog.group_name(f.node, f.group)}" if f.group else f.node
    return f"'{f.label}' ({where})"


def _locate(scan: WorkbookScan, grid: list[list[Any]]) -> dict[str, int]:
    """Layout key -> row where it is read, reporting missing, duplicate, moved and unknown rows."""
    assert scan.layout is not None
    found: dict[str, list[int]] = {}
    for i, line in enumerate(grid, start=1):
        key = line[COL_KEY - 1] if len(line) >= COL_KEY else None
        if isinstance(key, str) and "|" in key:
            found.setdefault(key.strip(), []).append(i)
    rows = scan.layout.rows
    if not rows:  # a unit that supplies nothing in this catalog: an empty sheet is its template's
        return {}
    if not found:
        scan.add("kolom-kunci-hilang", sheet=SHEET_INPUT, cell=a1(HEADER_ROW + 1, COL_KEY),
                 column=column_letter(COL_KEY))
        return {row.key: row.row for row in rows}
    located: dict[str, int] = {}
    for row in rows:
        where = found.get(row.key)
        if where is not None and len(where) == 1 and where[0] == row.row:  # the common case: as in the template
            located[row.key] = row.row
            continue
        label = row_label(scan.catalog, row)
        if not where:
            scan.add("baris-hilang", sheet=SHEET_INPUT, cell=a1(row.row, 1), label=label, key=row.key)
            continue
        chosen = row.row if row.row in where else where[0]
        others = [r for r in where if r != chosen]
        for other in others:
            scan.add("baris-ganda", sheet=SHEET_INPUT, cell=a1(other, 1), label=label,
                     other_rows=", ".join(str(r) for r in where if r != other))
        if chosen != row.row:
            scan.add("baris-berpindah", sheet=SHEET_INPUT, cell=a1(chosen, 1), label=label, found=chosen,
                     expected=row.row)
        located[row.key] = chosen
    known = scan.layout.memo("row-keys", lambda: frozenset(row.key for row in rows))
    unknown = [(r, key) for key, at in found.items() if key not in known for r in at]
    for r, key in sorted(unknown)[:MAX_UNKNOWN_ROWS]:
        scan.add("baris-tak-dikenal", sheet=SHEET_INPUT, cell=a1(r, COL_KEY), value=key, key=key[:80])
    return located


@dataclass(frozen=True)
class _RowPlan:
    """What reading one layout row needs that does not depend on the file: built once per layout."""

    row: Row
    label: str
    #: (column, field, reference, address on the template row, message label) per input cell
    inputs: tuple[tuple[int, InputField, InputRef, CellAddress, str], ...]
    #: (column, measure, address on the template row) per locked target cell
    constants: tuple[tuple[int, str, CellAddress], ...]
    #: (column, kind, address on the template row) per other cell read ('dilaporkan', 'keterangan')
    extras: tuple[tuple[int, str, CellAddress], ...]


def _row_plans(catalog: Catalog, layout: UnitLayout) -> tuple[_RowPlan, ...]:
    """The reading plan of every row, built once per layout and kept with it."""
    return layout.memo("row-plans", lambda: tuple(
        _RowPlan(row, row_label(catalog, row), tuple(
            (col, f, InputRef(f.node, f.key, layout.unit), CellAddress(SHEET_INPUT, row.row, col),
             field_label(catalog, f)) for col, f in row.inputs.items()),
            tuple((col, constant.measure, CellAddress(SHEET_INPUT, row.row, col))
                  for col, constant in row.constants.items()),
            tuple((col, kind, CellAddress(SHEET_INPUT, row.row, col)) for col, kind in row.extras.items()))
        for row in layout.rows))


def _read_rows(scan: WorkbookScan, grid: list[list[Any]], xml: SheetXml) -> None:
    assert scan.layout is not None and scan.unit is not None
    layout = scan.layout
    for name in ("penanggung_jawab", "tanggal"):
        address = layout.identity_cell(name)
        scan.identity_cells[name] = address
        text = _as_text(_cell(grid, address.row, address.col))
        if text:
            scan.identity[name] = text
    located = _locate(scan, grid)
    errors, formulas, percent = xml.errors, xml.formulas, xml.percent
    for plan in _row_plans(scan.catalog, layout):
        row = plan.row
        at = located.get(row.key)
        if at is None:
            continue
        line = grid[at - 1] if at <= len(grid) else []
        width = len(line)
        for col, f, ref, home, label in plan.inputs:
            raw = line[col - 1] if col <= width else None  # _in_line, inlined: the one loop run per cell
            if isinstance(raw, str) and not raw.strip():
                raw = None
            error = errors.get((at, col)) if errors else None
            if error is not None:
                raw, parsed = None, ParsedNumber(None, "bukan-angka", error)
            else:
                parsed = parse_number(raw)
            address = home if at == row.row else CellAddress(SHEET_INPUT, at, col)
            scan.cells.append(CellReading(ref, f, address, raw, parsed, label, (at, col) in formulas, error,
                                          bool(percent) and (at, col) in percent))
        for col, measure, home in plan.constants:  # the Perjanjian Kinerja target (or a range's bounds)
            raw = _in_line(line, col)
            address = home if at == row.row else CellAddress(SHEET_INPUT, at, col)
            scan.targets.append(FixedCell(row.node or "", plan.label, address, raw, parse_number(raw), measure))
        for col, kind, home in plan.extras:
            raw = _in_line(line, col)
            if raw is None:
                continue
            address = home if at == row.row else CellAddress(SHEET_INPUT, at, col)
            if kind == "dilaporkan" and col == COL_REPORTED:
                scan.reported.append(FixedCell(row.node or "", plan.label, address, raw, parse_number(raw)))
            elif kind == "keterangan" and col == COL_NOTE:
                scan.notes[row.node or row.key] = _as_text(raw)
