"""The result sheets (*Validasi*, *Hasil*) written by XlsxWriter in memory: the donor of the splice.

The write-back never loads and re-saves the user's workbook. This module writes a small workbook that
holds only the result sheets, from their plans (:mod:`kinerja_xl.plans.results_sheet`,
:mod:`kinerja_xl.plans.validation_sheet`), with everything they show: cached formula values, number
formats, the planned row heights and print (scale, page breaks, titles), the capaian colour bands, frozen
panes, sheet protection, the links of *Validasi* to the offending cells and the planned charts.
:mod:`kinerja_xl.package` then splices its parts into the user's workbook (:mod:`.write_back`). The Excel
button writes the same plans through xlwings (:mod:`kinerja_xl.xl_addin.book_io`).
"""

from __future__ import annotations

import copy
import functools
import re
import zipfile
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import xlsxwriter.format
import xlsxwriter.workbook
from xlsxwriter.packager import Packager
from xlsxwriter.utility import _preserve_whitespace
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

from ..cells import a1, column_letter, quote_sheet
from ..memo import remember
from ..package import Package
from ..package.zipio import Member
from ..plans.formats import INTEGER, PERCENT
from ..plans.formulas import band_rule, cached
from ..plans.results_sheet import FIRST_ROW, RESULT_COLUMNS, ResultSheet
from ..plans.results_survey import SURVEY_NUMBER_FORMATS
from ..plans.validation_sheet import ValidationSheetPlan
from ..problems import SEVERITY_FILLS
from ..text import safe_text
from ..unit_layout import COL_CAPAIAN, SHEET_RESULT, SHEET_VALIDATION
from .charts import build_chart
from .printing import apply_page
from .styles import FORMULA_FILL, HEADER_FILL, SECTION_FILL, Styles
from .xlsx import MemoryWorkbook, NeutralWorksheet

if TYPE_CHECKING:
    from ..plans.sheet import Sheet

#: Functions XlsxWriter never renames to ``_xlfn.``; a test checks it against XlsxWriter itself. They are
#: all that :mod:`kinerja_xl.plans.formulas` spells (Excel 2007 functions only).
CLASSIC_FUNCTIONS = frozenset({"ABS", "AND", "AVERAGE", "CHOOSE", "COUNT", "COUNTA", "COUNTIF", "IF", "IFERROR",
                               "INDEX", "ISBLANK", "ISERROR", "ISNUMBER", "MATCH", "MAX", "MIN", "NOT", "OR", "ROUND",
                               "SUM", "SUMPRODUCT"})
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\(")
_GREY = "#BFBFBF"
_BORDER = {"border": 1, "border_color": _GREY}
_OPEN = {"top": 1, "top_color": _GREY, "bottom": 1, "bottom_color": _GREY}  # no side borders
_TOP = {"valign": "top"}


class FastFormulaSheet(NeutralWorksheet):
    """XlsxWriter's worksheet without its ~30 regular-expression passes per formula (~200 for a
    conditional format) that add ``_xlfn.`` prefixes: a formula calling only classic functions needs
    none of them, and is passed on exactly as XlsxWriter would pass it.

    ``known_xml``: the sheet's XML as an earlier donor of the same plan wrote it, written as it is instead of
    assembled (:class:`ResultXml`); ``written_xml``: what :meth:`_assemble_xml_file` wrote (when ``record``)."""

    known_xml: str | None = None
    record = False
    written_xml: str | None = None

    def _assemble_xml_file(self) -> None:
        if self.known_xml is not None:
            self.fh.write(self.known_xml)
            return
        super()._assemble_xml_file()
        if self.record:
            self.written_xml = self.fh.getvalue()

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        body = formula.removeprefix("{").removeprefix("=").removesuffix("}")
        if set(_CALL.findall(body)) <= CLASSIC_FUNCTIONS:
            return body
        result: str = super()._prepare_formula(formula, expand_future_functions)
        return result

    def _escape_attributes(self, attribute: Any) -> Any:
        """XlsxWriter's own, a number (most of a sheet's attributes: rows, styles, heights) returned as it is
        without the :class:`TypeError` its text search raises and catches for one (a test holds the two to one
        answer)."""
        return super()._escape_attributes(attribute) if isinstance(attribute, str) else attribute

    def _escape_data(self, data: Any) -> Any:
        """XlsxWriter's own, likewise (a formula's cached number)."""
        return super()._escape_data(data) if isinstance(data, str) else data

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        """:class:`~.xlsx.NeutralWorksheet`'s, a plain text made inert once per process (:func:`_inert`: the
        labels of every probe's *Hasil* are the same)."""
        if type(string) is not str:  # an ExactText, as NeutralWorksheet writes it
            return super()._write_string(row, col, string, cell_format)
        result: int = Worksheet._write_string(self, row, col, _inert(string), cell_format)
        return result

    def _xml_string_element(self, index: Any, attributes: Any = ()) -> None:
        """A string cell: in a workbook of :class:`InlineStrings` (``index`` is then the text itself), written
        in line as XlsxWriter's ``constant_memory`` mode writes it (its ``_write_cell``, ``_xml_inline_string``
        and ``_xml_rich_inline_string``: the same escapes, the same ``xml:space``, rich text as it is; the
        ``<is>`` element made once per text: :func:`_inline_body`); otherwise XlsxWriter's own shared-string
        reference."""
        if not isinstance(self.str_table, InlineStrings):
            super()._xml_string_element(index, attributes)
            return
        attr = "".join(f' {key}="{self._escape_attributes(value)}"' for key, value in attributes)
        self.fh.write(f'<c{attr} t="inlineStr">{_inline_body(index)}</c>')


_inert = functools.lru_cache(maxsize=4096)(safe_text)
_ESCAPES = XMLwriter()


@functools.lru_cache(maxsize=4096)
def _inline_body(string: str) -> str:
    """The ``<is>`` element of a string cell, as XlsxWriter writes it in line (``Worksheet._write_cell`` in
    ``constant_memory`` mode)."""
    text = XMLwriter._escape_control_characters(string)
    if text.startswith("<r>") and text.endswith("</r>"):
        return f"<is>{text}</is>"
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f"<is><t{space}>{_ESCAPES._escape_data(text)}</t></is>"


class InlineStrings:
    """The shared-string table of a result donor: each text is its own index, and the table stays empty, so
    XlsxWriter writes no ``sharedStrings.xml`` (it writes one only when ``count`` is not 0), and its cells hold
    their texts in line (:meth:`FastFormulaSheet._xml_string_element`).

    The splice turns every shared string of a donor into an in-line one anyway
    (:func:`~kinerja_xl.package.sheetxml.rewrite_sheet`): ``<is>`` around the item's content, which XlsxWriter
    writes (``SharedStrings._write_si``) with the same escapes and ``xml:space`` as its in-line form, so the
    spliced sheet has the same bytes, and the table, its part and the splice's reading of it are saved (a test
    compares the two)."""

    count = 0
    unique_count = 0

    def _get_shared_string_index(self, string: str) -> str:
        return string

    def _get_shared_string(self, index: str) -> str:  # a chart's cache of a text cell
        return index

    def _sort_string_data(self) -> None:
        pass


class DonorWorkbook(MemoryWorkbook):
    """The in-memory workbook (:mod:`.xlsx`: every text inert), its zip stored rather than deflated: the
    splice reads the parts right back, so deflating them (and inflating them again) would be wasted; the
    parts that go into the user's workbook are deflated there, once. XlsxWriter names the compression of its
    zip by the module-level ``ZIP_DEFLATED`` (``Workbook._store_workbook``), which is swapped for the
    duration of the save.

    :meth:`to_package` skips the zip altogether: the parts XlsxWriter would store become the members of a
    package (the same names, contents and zip dates), for the splice to take them as they are."""

    #: *Hasil* and the looks it was written with, when it is recorded or written again (:class:`ResultXml`).
    result_sheet: FastFormulaSheet | None = None
    styles: DonorStyles | None = None
    #: The XML of each chart, in the order XlsxWriter writes them, as an earlier donor of the same *Hasil* wrote
    #: it (:class:`ResultXml`): written as it is instead of assembled.
    known_charts: Iterator[str] | None = None
    #: The XML XlsxWriter wrote for each chart, when recorded (a list given before the workbook is closed).
    written_charts: list[str] | None = None
    #: What its stylesheet is written from (:meth:`format_keys`, taken once the formats are prepared), and that
    #: stylesheet when one was written before (:meth:`_prepare_format_properties`).
    styles_key: Hashable | None = None
    stylesheet: str | None = None
    #: Whether its document properties are written (:meth:`to_package`).
    properties = True

    def add_format(self, properties: dict[str, Any] | None = None) -> Any:
        """XlsxWriter's ``add_format``, each distinct format made once per process and copied: a format holds
        only its properties (and the key XlsxWriter makes of them) until a workbook indexes it through the
        two tables of indices given it here, as ``add_format`` would give them (every probe of a batch makes
        the same twenty formats)."""
        try:
            key = (tuple(self.default_format_properties.items()), tuple((properties or {}).items()))
            model = _FORMATS.get(key)
        except TypeError:  # a property that is no key (none of kinerja_xl's): made as XlsxWriter makes it
            return super().add_format(properties)
        if model is None:
            model = remember(_FORMATS, key, xlsxwriter.format.Format({**self.default_format_properties,
                                                                      **(properties or {})}), 256)
            model._get_format_key()  # the workbook-independent key, made before the format is copied
        made = copy.copy(model)
        made.made_of = key
        made.xf_format_indices, made.dxf_format_indices = self.xf_format_indices, self.dxf_format_indices
        self.formats.append(made)
        return made

    def _store_workbook(self) -> None:
        if self.known_charts is not None or self.written_charts is not None:
            for chart in self.charts:  # every chart made; XlsxWriter writes those inserted, in their order
                chart._assemble_xml_file = functools.partial(self._chart_xml, chart, chart._assemble_xml_file)
        module = xlsxwriter.workbook
        deflated = module.ZIP_DEFLATED  # type: ignore[attr-defined]
        module.ZIP_DEFLATED = zipfile.ZIP_STORED  # type: ignore[attr-defined]
        try:
            super()._store_workbook()
        finally:
            module.ZIP_DEFLATED = deflated  # type: ignore[attr-defined]

    def _chart_xml(self, chart: Any, assemble: Callable[[], None]) -> None:
        if self.known_charts is not None:
            chart.fh.write(next(self.known_charts))
            return
        assemble()
        if self.written_charts is not None:
            self.written_charts.append(chart.fh.getvalue())

    def written_result(self) -> ResultXml:
        """What XlsxWriter wrote of *Hasil* (a closed workbook made with ``record``)."""
        if self.result_sheet is None or self.result_sheet.written_xml is None or self.styles is None:
            raise ValueError("Hasil donor tidak direkam")
        return ResultXml(self.styles.numbered(), self.result_sheet.written_xml, tuple(self.written_charts or ()))

    def format_keys(self) -> Hashable | None:
        """What the stylesheet is written from: the properties each cell format and each differential format
        was made of (:meth:`add_format`), in their order (XlsxWriter numbers their fonts, fills, borders and
        number formats from these alone), and what else XlsxWriter's stylesheet writer reads of the workbook
        (the comments' font, custom colours); None when a format was made otherwise."""
        try:
            return (tuple(f.made_of for f in self.xf_formats), tuple(f.made_of for f in self.dxf_formats),
                    bool(self.has_comments), tuple(self.custom_colors))
        except (AttributeError, TypeError):
            return None

    def _prepare_format_properties(self) -> None:
        """XlsxWriter's: the formats split into cell and differential formats, then their fonts, number formats,
        borders and fills numbered; the numbering left out when the stylesheet of these formats is already
        written (:class:`_DonorPackager`), as only the stylesheet's writer reads it (the sheets name a format
        by its cell format number, given as they use it)."""
        self._prepare_formats()
        self.styles_key = keys = self.format_keys()
        self.stylesheet = _STYLESHEETS.get(keys) if keys is not None else None
        if self.stylesheet is not None:
            return
        self._prepare_fonts()
        self._prepare_num_formats()
        self._prepare_borders()
        self._prepare_fills()

    def _get_packager(self) -> Any:
        return _DonorPackager()

    def to_package(self, *, properties: bool = True) -> Package:
        """Close the workbook and return its parts as a package, no zip written or read. XlsxWriter opens its
        zip by the module-level ``ZipFile`` (``Workbook._store_workbook``), which is swapped for
        :class:`_PartList` for the duration of the save. ``properties=False`` leaves out the document properties
        (``docProps/app.xml`` and ``core.xml``), which a splice never takes: the package is then a donor for the
        splice alone (its content types and relationships still name the two parts)."""
        self.properties = properties
        module = xlsxwriter.workbook
        opened: list[_PartList] = []
        zip_file = module.ZipFile  # type: ignore[attr-defined]

        def part_list(*args: Any, **kwargs: Any) -> _PartList:
            opened.append(_PartList())
            return opened[-1]
        module.ZipFile = part_list  # type: ignore[attr-defined]
        try:
            self.close()
        finally:
            module.ZipFile = zip_file  # type: ignore[attr-defined]
        return Package([Member.new(info.filename, data, info.date_time) for info, data in opened[0].parts])


#: The formats :meth:`DonorWorkbook.add_format` copies, by the properties they were made of.
_FORMATS: dict[tuple[object, ...], Any] = {}


class _DonorPackager(Packager):  # type: ignore[misc]
    """XlsxWriter's packager; a donor's stylesheet written once per process for each list of formats
    (:meth:`DonorWorkbook.format_keys`: every probe of a batch has the same, or one of a few), its document
    properties only when asked for (:meth:`DonorWorkbook.to_package`)."""

    def _write_styles_file(self) -> None:
        known = self.workbook.stylesheet
        if known is not None:
            self._filename("xl/styles.xml").write(known)
            return
        super()._write_styles_file()
        keys = self.workbook.styles_key  # the key the stylesheet was looked up by
        if keys is not None:
            remember(_STYLESHEETS, keys, self.filenames[-1][0].getvalue(), 16)

    def _write_app_file(self) -> None:
        if self.workbook.properties:
            super()._write_app_file()

    def _write_core_file(self) -> None:
        if self.workbook.properties:
            super()._write_core_file()


#: The stylesheets :class:`_DonorPackager` wrote, by the formats they were written from.
_STYLESHEETS: dict[Hashable, str] = {}


class _PartList:
    """What XlsxWriter's save takes for its zip file: it keeps each part written to it, in order."""

    compression = zipfile.ZIP_STORED

    def __init__(self) -> None:
        self.parts: list[tuple[zipfile.ZipInfo, bytes]] = []

    def writestr(self, info: zipfile.ZipInfo, data: bytes) -> None:
        self.parts.append((info, data))

    def close(self) -> None:
        pass


class DonorStyles(Styles):
    """The looks of the result sheets: those the openpyxl writer gave them, and the xlwings writer's."""

    SPECS: dict[str, dict[str, Any]] = {  # noqa: RUF012 - same declaration as the base class
        **Styles.SPECS,
        # Hasil: every planned kind (chart_code keeps the default look)
        "header": {"font_color": "#FFFFFF", "bg_color": HEADER_FILL, "align": "center", "valign": "vcenter",
                   **_BORDER},
        "section": {"bg_color": SECTION_FILL, **_BORDER, **_TOP},
        "code": {**_BORDER, **_TOP},
        "text": {**_BORDER, **_TOP},
        "node": {**_BORDER, **_TOP},
        "number": {"num_format": PERCENT, **_BORDER, **_TOP},
        "target_text": {"align": "right", "valign": "top", **_BORDER},
        "mark": {"align": "right", "valign": "top", **_BORDER},
        "note": {"valign": "top", "font_color": "#595959"},
        "formula": {"num_format": PERCENT, "bg_color": FORMULA_FILL, **_BORDER, **_TOP},
        "formula_rp": {"num_format": INTEGER, "bg_color": FORMULA_FILL, **_BORDER, **_TOP},
        "chart_title": {},
        "chart_ref": {"num_format": PERCENT},
        # the SKM tables (plans.results_survey)
        "blank": {**_BORDER},
        "service": {**_BORDER, **_TOP, "quote_prefix": True},  # a name formulas compare, kept text as it is
        **{kind: {"num_format": code, "bg_color": FORMULA_FILL, **_BORDER, **_TOP}  # level with their labels
           for kind, code in SURVEY_NUMBER_FORMATS.items()},
        "survey_text": {"bg_color": FORMULA_FILL, "valign": "top", **_BORDER},  # overflows, never wraps
        # a text running on into the empty cells right of it, one border around them all
        "survey_text_open": {"bg_color": FORMULA_FILL, **_TOP, **_OPEN, "left": 1, "left_color": _GREY},
        "span_mid": {"bg_color": FORMULA_FILL, **_OPEN},
        "span_end": {"bg_color": FORMULA_FILL, **_OPEN, "right": 1, "right_color": _GREY},
        # Validasi
        "v_title": {},
        "v_header": {"bg_color": "#D9D9D9"},
        "v_cell": dict(_TOP),
        "v_link": {"font_color": "#0563C1", "underline": 1, **_TOP},
        **{f"v_{severity}": {"bg_color": f"#{fill}", **_TOP} for severity, fill in SEVERITY_FILLS.items()},
    }

    def look(self, key: str) -> Any:
        """The format :meth:`numbered` names ``key`` (a look, ``num:CODE`` or ``band:COLOUR``)."""
        kind, _, rest = key.partition(":")
        if kind == "num":
            return self.number_format(rest)
        if kind == "band":
            return self.band(rest)
        return self[key]

    def numbered(self) -> tuple[str, ...]:
        """The formats made that have a cell format number, by it (:meth:`look` makes each again): a format
        that shares another's number has none of its own and is left out (numbering it adds nothing)."""
        numbered = sorted((fmt.xf_index, key) for key, fmt in self._cache.items() if fmt.xf_index is not None)
        return tuple(key for _, key in numbered)


def result_donor(result: ResultSheet | None, validation: ValidationSheetPlan | None) -> bytes:
    """The donor workbook as bytes: *Validasi* (if planned), then *Hasil* (if planned), in that order."""
    return _result_workbook(result, validation).to_bytes()


def result_donor_package(result: ResultSheet | None, validation: ValidationSheetPlan | None, *,
                         reuse: Hashable | None = None, properties: bool = True,
                         validation_looks: bool | None = None) -> Package:
    """The donor workbook of :func:`result_donor` as a package, its parts never zipped (what the splice takes);
    ``properties=False``: without the document properties (:meth:`DonorWorkbook.to_package`);
    ``validation_looks``: whether *Validasi*'s looks are numbered up front (:func:`_number_validation_looks`),
    by default when a *Hasil* follows it (a *Validasi* alone numbered so has the sheet a donor of both has).

    ``reuse``: a key that stands for everything ``result`` writes (:mod:`.donor_templates` gives a probe's):
    the *Hasil* XlsxWriter wrote for an earlier donor under the same key (and whether it had a *Validasi*
    before it) is written again, its cells not written nor assembled (:class:`ResultXml`)."""
    if reuse is None or result is None:
        return _result_workbook(result, validation, validation_looks=validation_looks).to_package(
            properties=properties)
    key = (reuse, validation is None)
    known = _RESULT_XML.get(key)
    if known is not None:
        return _result_workbook(result, validation, known=known).to_package(properties=properties)
    workbook = _result_workbook(result, validation, record=True)
    package = workbook.to_package(properties=properties)
    remember(_RESULT_XML, key, workbook.written_result(), 8)
    return package


@dataclass(frozen=True)
class ResultXml:
    """What XlsxWriter wrote of one *Hasil*: its looks in the order it numbered them, its sheet's XML and each
    chart's. Another donor of the same *Hasil* plan numbers the same looks in the same order, makes the same
    columns, rows, page, bands and charts (whose sizes and places the drawing takes) and writes this XML
    instead of its cells: the same parts, byte for byte. With a *Validasi* before it, its looks are numbered
    first whatever its rows (:func:`_number_validation_looks`), so one *Hasil* serves every *Validasi*."""

    looks: tuple[str, ...]
    sheet: str
    charts: tuple[str, ...]


#: The *Hasil* of the last few result layouts (:func:`result_donor_package`), by their key.
_RESULT_XML: dict[tuple[Hashable, bool], ResultXml] = {}


def _result_workbook(result: ResultSheet | None, validation: ValidationSheetPlan | None, *,
                     inline: bool = True, known: ResultXml | None = None, record: bool = False,
                     validation_looks: bool | None = None) -> DonorWorkbook:
    """The donor workbook; ``inline=False`` keeps XlsxWriter's shared strings (:class:`InlineStrings`: a test
    compares the two). ``known``: *Hasil* as written before; ``record``: keep what XlsxWriter writes of *Hasil*
    (:meth:`DonorWorkbook.written_result`, once the workbook is closed); ``validation_looks``: see
    :func:`result_donor_package`."""
    workbook = DonorWorkbook()
    if inline:
        workbook.str_table = InlineStrings()  # before any sheet is added: each takes the workbook's table
    styles = DonorStyles(workbook)
    if validation is not None and (result is not None if validation_looks is None else validation_looks):
        _number_validation_looks(styles)
    if validation is not None:
        _validation_sheet(workbook.add_worksheet(SHEET_VALIDATION, worksheet_class=FastFormulaSheet), validation,
                          styles)
    if result is not None:
        sheet = workbook.add_worksheet(SHEET_RESULT, worksheet_class=FastFormulaSheet)
        workbook.result_sheet, workbook.styles = sheet, styles
        if known is not None:
            for look in known.looks:
                styles.look(look)._get_xf_index()
            sheet.known_xml, workbook.known_charts = known.sheet, iter(known.charts)
        elif record:
            sheet.record, workbook.written_charts = True, []
        _result_sheet(sheet, result, styles, cells=known is None)
        _chart(workbook, sheet, result)
    if not workbook.worksheets():
        raise ValueError("donor tanpa lembar: rencana Hasil maupun Validasi tidak diberikan")
    return workbook


#: Every look *Validasi* may use, in the order :func:`_number_validation_looks` numbers them.
VALIDATION_LOOKS = ("v_title", "v_header", "v_cell", "v_link", *(f"v_{severity}" for severity in SEVERITY_FILLS))


def _number_validation_looks(styles: DonorStyles) -> None:
    """Number every look *Validasi* may use, in one order, before any cell is written.

    XlsxWriter numbers cell formats (and with them fonts, fills and borders) in the order the sheets first use
    them, and *Validasi* is written first: without this, *Hasil*'s style numbers and the donor's stylesheet
    would depend on which severities *Validasi* lists (a file with a galat row and one without would differ in
    every ``s="…"`` of *Hasil*). Numbered up front, they depend on *Hasil* alone, so the files of one layout
    share one stylesheet and one *Hasil*, whatever their problems (:mod:`.donor_templates` makes one *Hasil*
    for them). The cost: the stylesheet holds the looks of the severities a file does not list (a fill and a
    cell format each), which no cell uses."""
    for look in VALIDATION_LOOKS:
        styles[look]._get_xf_index()


def _result_sheet(ws: Any, result: ResultSheet, styles: DonorStyles, *, cells: bool = True) -> None:
    """*Hasil*; ``cells=False`` leaves out its cells (their XML is known: :class:`ResultXml`) but makes all else,
    which other parts take (the columns and rows the chart is placed on, the page's names, the bands' formats)."""
    plan = result.plan
    if cells:
        ws.write_string(0, 0, result.title, styles["title"])
        ws.write_string(1, 0, result.subtitle, styles["subtitle"])
    for col, width in enumerate(result.widths):
        ws.set_column(col, col, width)
    for row, height in plan.heights.items():
        ws.set_row(row - 1, height)
    values: Mapping[str, object] = result.cached
    for entry in plan.entries if cells else ():
        r, c = entry.row - 1, entry.col - 1
        fmt = styles[entry.kind] if entry.kind != "chart_code" else None
        value = result.value(entry)
        if entry.figure is not None:
            ws.write_formula(r, c, str(value), fmt, cached(values.get(a1(entry.row, entry.col))))
        elif isinstance(value, str):
            ws.write_string(r, c, value, fmt)  # never write(): a text must not turn into a formula
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(r, c, value, fmt)
        elif fmt is not None:
            ws.write_blank(r, c, None, fmt)
    ws.freeze_panes(FIRST_ROW - 1, 2)
    apply_page(ws, result.page)
    _capaian_bands(ws, result, styles)
    # results are formulas: protected against accidental edits (no password); the chart stays editable,
    # as the openpyxl writer left it
    ws.protect("", {"objects": True, "scenarios": True})


def _capaian_bands(ws: Any, result: ResultSheet, styles: DonorStyles) -> None:
    """The catalog's capaian bands on the capaian column, the first band that matches wins."""
    plan = result.plan
    if not any(COL_CAPAIAN in lrow.figures for _, lrow in plan.rows):
        return
    letter = column_letter(RESULT_COLUMNS[COL_CAPAIAN])
    top = f"{letter}{FIRST_ROW}"  # conditional-format formulas are relative to the range's top-left cell
    area = f"{top}:{letter}{plan.rows[-1][0]}"
    for band in result.bands:
        ws.conditional_format(area, {"type": "formula", "criteria": "=" + band_rule(top, band.minimum),
                                     "format": styles.band(band.color), "stop_if_true": True})


def _chart(workbook: Any, ws: Any, result: ResultSheet) -> None:
    """The plan's bar chart of the unit's realisasi per indicator / sub-indicator, below the table, and the
    column chart of the NRR per unsur below it when the unit has a survey.

    Its data is the plan's block of references (``=C12``) to the node rows only, right of the table and
    outside the print area, so month or group rows between them do not become bars; XlsxWriter stores the
    block's cached values in the chart too.
    """
    plan = result.plan
    if plan.chart is not None:
        ws.insert_chart(plan.chart_row - 1, 1, build_chart(workbook, plan.chart))  # column B
    if plan.survey_chart is not None:
        ws.insert_chart(plan.survey_chart_row - 1, 1, build_chart(workbook, plan.survey_chart))


def _validation_sheet(ws: Any, plan: ValidationSheetPlan, styles: DonorStyles) -> None:
    """The *Validasi* sheet: every text stored as a string (and made inert by the sheet itself)."""
    head = plan.header_row - 1
    ws.write_string(0, 0, plan.title, styles["v_title"])
    ws.write_string(1, 0, plan.summary)
    for col, (title, width) in enumerate(zip(plan.headers, plan.widths, strict=True)):
        ws.write_string(head, col, title, styles["v_header"])
        ws.set_column(col, col, width)
    for row_number, height in plan.heights.items():
        ws.set_row(row_number - 1, height)
    if not plan.rows:
        ws.write_string(head + 1, 0, plan.empty_text)
    severity_col, link_col = plan.severity_column - 1, plan.link_column - 1
    for r, row in enumerate(plan.rows, start=head + 1):
        for col, value in enumerate(row.values):
            look = f"v_{row.severity}" if col == severity_col else \
                "v_link" if col == link_col and row.link else "v_cell"
            fmt = styles[look]
            if col == link_col and row.link:
                sheet, cell = row.link
                ws.write_url(r, col, f"internal:{quote_sheet(sheet)}!{cell}", fmt, str(value),
                             f"Buka sel {sheet}!{cell}")
            elif isinstance(value, str):
                ws.write_string(r, col, value, fmt)
            elif isinstance(value, bool):
                ws.write_boolean(r, col, value, fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(r, col, value, fmt)
            elif value is None:
                ws.write_blank(r, col, None, fmt)
            else:
                ws.write_string(r, col, str(value), fmt)
    ws.freeze_panes(plan.header_row, 0)
    if plan.page is not None:
        apply_page(ws, plan.page)
    if plan.rows:
        ws.autofilter(head, 0, plan.last_row - 1, len(plan.headers) - 1)


def changes_donor(sheet: Sheet) -> Package:
    """A donor holding only the planned *Perubahan* sheet (``kinerja-xl banding --lembar``), as a package."""
    from .consolidated import ReportStyles  # banding's alone: hitung starts without the consolidated workbook's
    from .sheets import write_sheet

    workbook = DonorWorkbook()
    write_sheet(workbook.add_worksheet(sheet.name), sheet, ReportStyles(workbook))
    return workbook.to_package()
