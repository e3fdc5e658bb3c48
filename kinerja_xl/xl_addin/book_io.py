"""Reading and writing an open workbook through the xlwings object model only (``book.sheets``, ``Range``).

The same calls run on every xlwings engine: COM on Windows and AppleScript on macOS (classic RunPython),
and the remote/JSON engine of xlwings Server and Lite (and of the tests). Nothing here opens a file.

Reading: values only, with ``err_to_str`` so Excel errors (``#DIV/0!``) are seen as errors, not blanks.
Formulas typed into input cells are found through ``Range.formula`` where the engine can read formulas
(COM, AppleScript); the remote engine cannot, so there a formula in an input cell goes unnoticed (its
value is still checked as a number).

Writing: every text goes through :func:`cell_text`, so it can never become a formula, a number or a
date in Excel; formulas are written only by :func:`write_formulas`, from text made by
:class:`~kinerja_xl.render.formulas.FormulaRenderer`. Writes are batched (one call per block or per
vertical run of cells), because each call is a round trip to Excel under COM.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..reading.safety import FileLimits
from ..reading.sheet_scan import SheetXml
from ..text import ExactText, exact_cell_text, safe_text
from ..unit_layout import COL_TARGET_HIGH, SHEET_INPUT, SHEET_META, SHEET_RESULT, SHEET_SURVEY, SHEET_VALIDATION
from ..cells import a1, vertical_runs
from ..plans.validation_sheet import ValidationSheetPlan
from ..problems import SEVERITY_FILLS

if TYPE_CHECKING:
    from ..plans.chart_specs import ChartSpec
    from ..plans.results_sheet import ResultSheet

#: Error values as xlwings returns them with ``err_to_str=True`` (all engines).
ERROR_VALUES = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
                          "#GETTING_DATA"})
META_COLUMNS = 2
#: The Survei sheet is read down to its last used row, at most this far (its catalog capacity is at most 10⁶).
SURVEY_MAX_ROWS = 1_048_576
CHART_NAME = "GrafikRealisasi"
SURVEY_CHART_NAME = "GrafikNRR"
Cell = tuple[int, int]  # 1-based (row, column)


@dataclass
class UnitGrids:
    """What the reader needs from an open unit workbook: '_meta' rows, the 'Isian' grid, sheet names."""

    sheet_names: list[str]
    meta_rows: list[list[Any]] | None
    grid: list[list[Any]] | None
    input_xml: SheetXml = field(default_factory=SheetXml)
    formulas_checked: bool = False
    survey_grid: list[list[Any]] | None = None
    survey_xml: SheetXml = field(default_factory=SheetXml)


# -- reading --------------------------------------------------------------------------------------------

def sheet_names(book: Any) -> list[str]:
    return [sheet.name for sheet in book.sheets]


def find_sheet(book: Any, name: str) -> Any | None:
    """The sheet called ``name`` (exact name first, then ignoring case), or ``None``."""
    sheets = list(book.sheets)
    exact = [s for s in sheets if s.name == name]
    loose = [s for s in sheets if s.name.casefold() == name.casefold()]
    return (exact or loose or [None])[0]


def read_block(sheet: Any, max_rows: int, columns: int) -> list[list[Any]]:
    """Values of A1 down to the last used row (at most ``max_rows``), ``columns`` wide; errors as text."""
    last = sheet.used_range.last_cell
    rows = max(1, min(int(last.row), max_rows))
    values = sheet.range((1, 1), (rows, columns)).options(ndim=2, err_to_str=True).value
    return [list(line) for line in values or []]


def formula_cells(sheet: Any, values: list[list[Any]]) -> set[Cell] | None:
    """Cells of the block ``values`` (read from A1) that hold a formula; ``None`` if formulas cannot be read.

    A cell holds a formula when its formula text starts with ``=`` and differs from its value: a text
    typed as ``'=abc`` has the formula text ``=abc`` too, but also that value.
    """
    if not values:
        return set()
    try:
        formulas = sheet.range((1, 1), (len(values), len(values[0]))).formula
    except NotImplementedError:
        return None
    lines = [line if isinstance(line, (list, tuple)) else [line]
             for line in (formulas if isinstance(formulas, (list, tuple)) else [formulas])]
    return {(r, c) for r, line in enumerate(lines, start=1) for c, text in enumerate(line, start=1)
            if isinstance(text, str) and text.startswith("=") and r <= len(values) and c <= len(values[r - 1])
            and text != values[r - 1][c - 1]}


def split_errors(grid: list[list[Any]]) -> dict[Cell, str]:
    """Replace Excel error values by ``None`` in place (as calamine reads them); return where they were."""
    errors: dict[Cell, str] = {}
    for r, line in enumerate(grid, start=1):
        for c, value in enumerate(line, start=1):
            if isinstance(value, str) and value.strip() in ERROR_VALUES:
                errors[(r, c)] = value.strip()
                line[c - 1] = None
    return errors


def read_unit_grids(book: Any, limits: FileLimits | None = None) -> UnitGrids:
    """Read '_meta' (two columns), 'Isian' (columns A to the last hidden helper column) and, when there is one,
    the 'Survei' sheet of an open workbook."""
    limits = limits or FileLimits()
    names = sheet_names(book)
    meta = book.sheets[SHEET_META] if SHEET_META in names else None
    isian = book.sheets[SHEET_INPUT] if SHEET_INPUT in names else None
    out = UnitGrids(names, read_block(meta, limits.max_rows, META_COLUMNS) if meta is not None else None, None)
    if isian is not None:
        grid = read_block(isian, limits.max_rows, COL_TARGET_HIGH)  # up to the hidden key and range-bound columns
        formulas = formula_cells(isian, grid)
        if formulas is not None:
            out.input_xml.formulas.update(formulas)
            out.formulas_checked = True
        out.input_xml.errors.update(split_errors(grid))
        out.grid = grid
    survey = book.sheets[SHEET_SURVEY] if SHEET_SURVEY in names else None
    if survey is not None:  # the respondents' answers: values only (the reader checks the header)
        columns = min(int(survey.used_range.last_cell.column), limits.max_columns)
        grid = read_block(survey, SURVEY_MAX_ROWS, max(columns, 1))
        out.survey_xml.errors.update(split_errors(grid))
        out.survey_grid = grid
    return out


def read_column_values(sheet: Any, first_row: int, last_row: int, col: int) -> list[Any]:
    """Values of one column, ``first_row``..``last_row`` (1-based), as a flat list."""
    values = sheet.range((first_row, col), (last_row, col)).options(ndim=2).value
    return [line[0] for line in values or []]


def conf_value(book: Any, key: str) -> str:
    """Value of ``key`` (column A, any case) on the 'xlwings.conf' sheet, or ''."""
    sheet = find_sheet(book, "xlwings.conf")
    if sheet is None:
        return ""
    for line in read_block(sheet, 100, 2):
        if len(line) >= 2 and isinstance(line[0], str) and line[0].strip().upper() == key.upper():
            return str(line[1]).strip() if line[1] is not None else ""
    return ""


def book_folder(book: Any) -> Path | None:
    """The folder of the open workbook when it is a saved local file (not OneDrive/SharePoint, not new)."""
    full = str(getattr(book, "fullname", "") or "")
    if "://" in full:
        return None
    path = Path(full)
    return path.parent if path.is_absolute() and path.parent.is_dir() else None


# -- writing --------------------------------------------------------------------------------------------

def cell_text(value: str) -> str:
    """Text as Excel must store it: :func:`safe_text`, then a leading apostrophe.

    Writing a value through the object model is like typing it: ``=1+1`` would become a formula and
    ``1.234`` or ``01/02`` a number or a date. Excel takes a leading apostrophe as "this is text" and
    does not show it, so the cell shows exactly what :func:`safe_text` gives (also in the CLI's sheets); an
    :class:`~kinerja_xl.text.ExactText` (compared by formulas with the workbook's own cells) as it is.
    """
    return "'" + (exact_cell_text(value) if isinstance(value, ExactText) else safe_text(value))


def cell_value(value: Any) -> Any:
    """A Python value ready for ``Range.value``: text made inert, Decimals as float, None as empty."""
    if isinstance(value, str):
        return cell_text(value) if value else None
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_rows(sheet: Any, top: int, left: int, rows: list[list[Any]]) -> None:
    """Write a block of values with one call (rows padded to the same width)."""
    if not rows:
        return
    width = max(len(line) for line in rows) or 1
    block = [[cell_value(v) for v in line] + [None] * (width - len(line)) for line in rows]
    sheet.range((top, left), (top + len(block) - 1, left + width - 1)).value = block


def write_formulas(sheet: Any, formulas: Mapping[Cell, str]) -> None:
    """Set formulas (text from FormulaRenderer) with one call per vertical run of cells."""
    for col, first, last in vertical_runs(formulas):
        block = [[formulas[(r, col)]] for r in range(first, last + 1)]
        sheet.range((first, col), (last, col)).formula = block


def style(sheet: Any, top: int, left: int, bottom: int, right: int, **formats: Any) -> None:
    """Format the rectangle (top, left)-(bottom, right) with one call per property.

    Keywords: ``fill``, ``number_format``, ``wrap``, ``bold``, ``italic``, ``size``, ``font_color``.
    """
    rng = sheet.range((top, left), (bottom, right))
    for name, value in formats.items():
        if value is None:
            continue
        if name in ("bold", "italic", "size"):
            setattr(rng.font, name, value)
        elif name == "font_color":
            rng.font.color = value
        else:
            setattr(rng, {"fill": "color", "wrap": "wrap_text", "number_format": "number_format"}[name], value)


def style_cells(sheet: Any, cells: Iterable[Cell], **formats: Any) -> None:
    """:func:`style` for scattered cells: one call per vertical run and property."""
    for col, first, last in vertical_runs(cells):
        style(sheet, first, col, last, col, **formats)


def set_widths(sheet: Any, widths: Iterable[float], first_col: int = 1) -> None:
    for i, width in enumerate(widths):
        sheet.range((1, first_col + i)).column_width = width


def set_heights(sheet: Any, heights: Mapping[int, float]) -> None:
    """The plan's row heights (wrapped text), one call per run of rows of one height."""
    rows = sorted(heights)
    start = 0
    for i, row in enumerate(rows):
        last = i + 1 == len(rows) or rows[i + 1] != row + 1 or heights[rows[i + 1]] != heights[row]
        if last:
            sheet.range(f"{rows[start]}:{row}").row_height = heights[row]
            start = i + 1


def replace_sheet(book: Any, name: str, after: str | None) -> Any:
    """Delete sheet ``name`` if present and add an empty one after sheet ``after`` (or last)."""
    old = find_sheet(book, name)
    if old is not None:
        old.delete()
    anchor = find_sheet(book, after) if after else None
    if anchor is None:
        anchor = list(book.sheets)[-1]
    return book.sheets.add(name, after=anchor)


def link_to_cell(sheet: Any, row: int, col: int, target_sheet: str, target_cell: str, tip: str) -> None:
    """Turn cell (row, col) into a link to ``target_sheet!target_cell`` of this workbook."""
    from ..cells import quote_sheet

    sheet.range((row, col)).add_hyperlink(f"#{quote_sheet(target_sheet)}!{target_cell}", target_cell, tip)


def alert(book: Any, message: str, title: str, *, critical: bool = False) -> None:
    """A message box in Excel (``MsgBox``; a dialog in xlwings Server/Lite)."""
    book.app.alert(message, title=title, mode="critical" if critical else "info")


def freeze(sheet: Any, cell: str) -> None:
    """Freeze panes above and left of ``cell`` where the engine supports it (xlwings Server/Lite only)."""
    with contextlib.suppress(AttributeError, NotImplementedError):  # COM/AppleScript: no such API in 0.37
        sheet.freeze_panes.freeze_at(cell)


# -- the 'Validasi' and 'Hasil' sheets --------------------------------------------------------------------

def write_validation_sheet(book: Any, plan: ValidationSheetPlan) -> Any:
    """Replace the 'Validasi' sheet (after 'Isian') with ``plan``: the sheet ``kinerja-xl validasi
    --tulis-lembar`` writes, the *Sel* cell of each problem linked to its place."""
    sheet = replace_sheet(book, SHEET_VALIDATION, after=SHEET_INPUT)
    head = plan.header_row
    body = [list(row.values) for row in plan.rows] or [[plan.empty_text]]
    write_rows(sheet, 1, 1, [[plan.title], [plan.summary], [], list(plan.headers), *body])
    width = len(plan.headers)
    style(sheet, 1, 1, 1, 1, bold=True, size=14)
    style(sheet, head, 1, head, width, bold=True, fill="#D9D9D9")
    set_widths(sheet, plan.widths)
    set_heights(sheet, plan.heights)
    if plan.rows:
        style(sheet, head + 1, 1, head + len(plan.rows), width, wrap=True)
        for severity, fill in SEVERITY_FILLS.items():
            style_cells(sheet, [(head + i, plan.severity_column) for i, row in enumerate(plan.rows, start=1)
                                if row.severity == severity], fill="#" + fill)
        for i, row in enumerate(plan.rows, start=1):
            if row.link:
                target_sheet, target_cell = row.link
                link_to_cell(sheet, head + i, plan.link_column, target_sheet, target_cell,
                             f"Buka sel {target_sheet}!{target_cell}")
    freeze(sheet, f"A{head + 1}")
    return sheet


@dataclass
class WrittenResult:
    """The 'Hasil' sheet as written: the sheet, its formulas by cell, and why the chart failed (if it did)."""

    sheet: Any
    formulas: dict[Cell, str]
    chart_error: str | None = None


def write_result_sheet(book: Any, result: ResultSheet, after: str) -> WrittenResult:
    """Replace 'Hasil': the cells of the plan (live formulas over Isian, PK targets as numbers, the chart
    data block, the SKM tables), number formats and the plan's charts, as ``kinerja-xl hitung`` writes it."""
    from ..plans.formats import PERCENT
    from ..plans.results_sheet import FIRST_ROW, FORMULA_KINDS, NUMBER_FORMATS
    from ..render.styles import FORMULA_FILL, HEADER_FILL, SECTION_FILL

    plan, width = result.plan, len(result.plan.headers)
    sheet = replace_sheet(book, SHEET_RESULT, after=after)
    rows: list[list[Any]] = [[result.title], [result.subtitle]]
    formulas: dict[Cell, str] = {}
    formats: dict[str, list[Cell]] = {}
    bold: list[Cell] = []
    notes: list[Cell] = []
    headers: list[Cell] = []
    sections: set[int] = set()
    for entry in plan.entries:
        cell = (entry.row, entry.col)
        if entry.kind in FORMULA_KINDS:
            formulas[cell] = str(entry.value)
            if entry.kind not in ("survey_text", "survey_text_open"):
                formats.setdefault(NUMBER_FORMATS.get(entry.kind, PERCENT), []).append(cell)
            continue
        rows.extend([] for _ in range(len(rows), entry.row))
        line = rows[entry.row - 1]
        line.extend([None] * (entry.col - len(line)))
        line[entry.col - 1] = result.value(entry)
        if entry.kind == "number":
            formats.setdefault(PERCENT, []).append(cell)
        elif entry.kind == "section":
            sections.add(entry.row)
        elif entry.kind in ("node", "chart_title"):
            bold.append(cell)
        elif entry.kind == "note":
            notes.append(cell)
        elif entry.kind == "header" and entry.row != FIRST_ROW - 1:  # the SKM tables' column titles
            headers.append(cell)
    bold.extend((row, 2) for row in sorted(sections))
    write_rows(sheet, 1, 1, rows)
    write_formulas(sheet, formulas)
    last = max(FIRST_ROW, len(rows))
    style(sheet, 1, 1, 1, 1, bold=True, size=14, font_color=HEADER_FILL)
    style(sheet, 2, 1, 2, 1, italic=True, font_color="#595959")
    style(sheet, FIRST_ROW - 1, 1, FIRST_ROW - 1, width, bold=True, font_color="#FFFFFF", fill=HEADER_FILL,
          wrap=True)
    style(sheet, FIRST_ROW, 2, last, 2, wrap=True)
    for row in sorted(sections):
        style(sheet, row, 1, row, width, fill=SECTION_FILL)
    style_cells(sheet, bold, bold=True)
    style_cells(sheet, notes, font_color="#595959")
    style_cells(sheet, headers, bold=True, font_color="#FFFFFF", fill=HEADER_FILL, wrap=True)
    style_cells(sheet, formulas, fill=FORMULA_FILL)
    for number_format, cells in formats.items():
        style_cells(sheet, cells, number_format=number_format)
    set_widths(sheet, result.widths)
    set_heights(sheet, plan.heights)
    freeze(sheet, f"C{FIRST_ROW}")
    with contextlib.suppress(AttributeError, NotImplementedError):  # COM and AppleScript: the plan's print area
        sheet.page_setup.print_area = f"A1:{a1(result.page.area[2], result.page.area[3])}"
    error = None
    try:
        if plan.chart is not None:
            add_chart(sheet, plan.chart, plan.chart_row)
        if plan.survey_chart is not None:
            add_chart(sheet, plan.survey_chart, plan.survey_chart_row, SURVEY_CHART_NAME)
    except Exception as exc:  # noqa: BLE001 - a chart the engine cannot draw must not lose the figures
        error = f"{type(exc).__name__}: {exc}"[:200]
    return WrittenResult(sheet, formulas, error)


#: xlwings' names of the chart kinds of a plan.
CHART_TYPES = {"bar": "bar_clustered", "column": "column_clustered", "line": "line_markers"}


def add_chart(sheet: Any, spec: ChartSpec, row: int, name: str = CHART_NAME) -> Any:
    """The plan's chart (one series) from column B of ``row``: its range, title, axis titles, a value axis
    from zero and its number format, the categories in the table's order, as the command line draws it."""
    series = spec.series[0]
    values, categories = series.values, series.categories
    chart = sheet.charts.add(width=round(spec.size[0] * 0.75), height=round(spec.size[1] * 0.75),
                             chart_type=CHART_TYPES[spec.kind], name=name, anchor=sheet.range((row, 2)),
                             source=sheet.range((values.first_row, values.first_col),
                                                (values.last_row, values.last_col)))
    chart.set_x_axis_values(sheet.range((categories.first_row, categories.first_col),
                                        (categories.last_row, categories.last_col)))
    chart.title = spec.title
    chart.legend.visible = spec.legend
    with contextlib.suppress(AttributeError, NotImplementedError, IndexError):  # xlwings 0.35+ engines only
        chart.series[0].set(name=series.name, fill_color=series.color)
    with contextlib.suppress(AttributeError, NotImplementedError):
        chart.category_axis.set(title=spec.x_title, reverse_order=spec.reverse)
        chart.value_axis.set(title=spec.y_title, minimum_scale=spec.y_min, number_format=spec.y_format)
    return chart
