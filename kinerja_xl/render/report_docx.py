"""The thin Word writer: python-docx renders a :class:`~kinerja_xl.plans.report.ReportPlan`, block by block.

It computes nothing: every text and number comes from the plan (cells print themselves in Indonesian
notation, charts are drawn from the plan's series). What it adds is Word's own machinery, so the bureau
can restyle and extend the draft: named styles (Heading 1–3, *Caption*, *Isian Penyusun*, the table
style *Tabel Kinerja*), SEQ fields in captions, TOC fields for the contents and the caption lists, a PAGE
field in the footer, header rows repeated on every page, A4 pages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Emu, Pt, RGBColor, Twips
from docx.styles.style import CharacterStyle, ParagraphStyle, _TableStyle
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from ..atomic import atomic_write_bytes
from ..plans.report.blocks import (
    Block,
    Caption,
    CaptionList,
    Cell,
    ChartSpec,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    ReportPlan,
    Row,
    SectionBreak,
    Table,
    TableOfContents,
    Title,
)
from ..text import xml_text
from .report_charts import render_png

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x4E, 0x78)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "D9E2F3"
GROUP_FILL = "F2F2F2"
TOTAL_FILL = "DDEBF7"
PLACEHOLDER_FILL = "FFF2CC"
PLACEHOLDER_BORDER = "C55A11"
TABLE_STYLE = "Tabel Kinerja"
PLACEHOLDER_STYLE = "Isian Penyusun"
NOTE_STYLE = "Catatan Tabel"
LIST_TITLE_STYLE = "Judul Daftar"
#: Tables with at most this many body rows are kept on one page.
SHORT_TABLE = 14
A4 = (Cm(21.0), Cm(29.7))
MARGINS = {"top": Cm(2.5), "bottom": Cm(2.5), "left": Cm(3.0), "right": Cm(2.5)}
PARAGRAPH_STYLES = {"teks": "Normal", "butir": "List Bullet", "catatan": NOTE_STYLE, "isian": PLACEHOLDER_STYLE}
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
FIELD_HINT = "Perbarui bidang (klik kanan › Perbarui Bidang, atau F9) untuk menyusun daftar ini dengan nomor halaman."

ChartRenderer = Callable[[ChartSpec], bytes]
#: A layout number split for a fixed SEQ value: "3.16" → prefix "3.", value 16; "4b" → value 4, suffix "b".
_NUMBER = re.compile(r"^(?P<prefix>.*?)(?P<value>\d+)(?P<suffix>[a-z]?)$")


# -- low-level XML helpers (python-docx has no API for these) -------------------------------------------
# Word rejects a part whose children are out of the schema's sequence ("unreadable content"), so a new
# child goes before the first sibling that must follow it (ECMA-376 Part 1, the CT_* sequences below).
_AFTER = {
    "tcPr/shd": ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns",
                 "cellDel", "cellMerge", "tcPrChange"),
    "tblPr/tblLayout": ("tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange"),
    "tblPr/tblCellMar": ("tblLook", "tblCaption", "tblDescription", "tblPrChange"),
    "pPr/pBdr": ("shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
                 "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
                 "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
                 "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "pPr/rPr": ("sectPr", "pPrChange"),
    "rPr/rFonts": ("b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss",
                   "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
                   "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
                   "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
    "rPr/vanish": ("webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u",
                   "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
                   "specVanish", "oMath"),
    "rPr/sz": ("szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
               "eastAsianLayout", "specVanish", "oMath"),
    "rPr/lang": ("eastAsianLayout", "specVanish", "oMath"),
    "settings/updateFields": ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                              "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                              "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                              "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
                              "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"),
}
_AFTER["pPr/shd"] = _AFTER["pPr/pBdr"][1:]


def _local(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def _set(parent: Any, tag: str, **attrs: str) -> Any:
    """Get or create child ``tag`` of an oxml (lxml) element, in schema order, and set its w: attributes."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        followers = _AFTER.get(f"{_local(parent)}/{tag.split(':')[1]}", ())
        successor = next((c for c in parent if _local(c) in followers), None)
        if successor is None:
            parent.append(child)
        else:
            successor.addprevious(child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


def _shade(element_pr: Any, fill: str) -> None:
    _set(element_pr, "w:shd", val="clear", color="auto", fill=fill)


def _field(paragraph: DocxParagraph, instruction: str, cached: str = "") -> None:
    """A complex field (begin / instruction / separate / cached result / end) in one paragraph."""
    _field_begin(paragraph, instruction)
    if cached:
        paragraph.add_run(xml_text(cached))
    _field_end(paragraph)


def _field_begin(paragraph: DocxParagraph, instruction: str) -> None:
    run = paragraph.add_run()._r
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # Word recomputes it on open (LibreOffice keeps the cached result)
    run.append(begin)
    instr_run = paragraph.add_run()._r
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run.append(instr)
    sep_run = paragraph.add_run()._r
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    sep_run.append(separate)


def _field_end(paragraph: DocxParagraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


# -- styles -----------------------------------------------------------------------------------------
def _font(style: CharacterStyle, size: float, *, bold: bool = False, italic: bool = False,
          color: RGBColor | None = None) -> None:
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    if color is not None:
        font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    rfonts = _set(rpr, "w:rFonts")
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{key}"), FONT)
    for key in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{key}"), None)  # a theme font attribute wins over the named font (ECMA-376 17.3.2.26)
    spacing = rpr.find(qn("w:spacing"))
    if spacing is not None:
        rpr.remove(spacing)  # the template's Subtitle is letter-spaced


def _paragraph_style(doc: DocumentObject, name: str, base: str = "Normal") -> ParagraphStyle:
    styles = doc.styles
    existing = name in [s.name for s in styles]
    style = styles[name] if existing else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = styles[base]
    return style


def _style(doc: DocumentObject, name: str) -> ParagraphStyle:
    style = doc.styles[name]
    assert isinstance(style, ParagraphStyle)
    return style


def _styles(doc: DocumentObject, language: str) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = _set(_set(defaults, "w:rPrDefault"), "w:rPr")
    _set(rpr, "w:lang", val=language, eastAsia=language, bidi=language)  # Indonesian spelling and hyphenation

    normal = _style(doc, "Normal")
    _font(normal, 11)
    fmt = normal.paragraph_format
    fmt.space_after, fmt.line_spacing, fmt.alignment = Pt(6), 1.15, WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = True

    for level, size, before in ((1, 16, 0), (2, 13, 14), (3, 11.5, 12)):
        heading = _style(doc, f"Heading {level}")
        _font(heading, size, bold=True, italic=False, color=ACCENT)
        hf = heading.paragraph_format
        hf.space_before, hf.space_after, hf.keep_with_next = Pt(before), Pt(8 if level == 1 else 6), True
        hf.alignment = WD_ALIGN_PARAGRAPH.LEFT

    caption = _style(doc, "Caption")
    _font(caption, 10, bold=True, color=RGBColor(0, 0, 0))
    cf = caption.paragraph_format
    cf.alignment, cf.space_before, cf.space_after, cf.keep_with_next = WD_ALIGN_PARAGRAPH.CENTER, Pt(8), Pt(4), True

    bullet = _style(doc, "List Bullet")
    _font(bullet, 11)
    bullet.paragraph_format.space_after = Pt(3)
    bullet.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified short lines gape

    note = _paragraph_style(doc, NOTE_STYLE)
    _font(note, 8.5, italic=True, color=GREY)
    note.paragraph_format.space_before, note.paragraph_format.space_after = Pt(2), Pt(10)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    placeholder = _paragraph_style(doc, PLACEHOLDER_STYLE)
    _font(placeholder, 10.5, italic=True, color=RGBColor(0x7F, 0x3F, 0x00))
    ppr = placeholder.element.get_or_add_pPr()
    borders = _set(ppr, "w:pBdr")
    _set(borders, "w:left", val="single", sz="18", space="6", color=PLACEHOLDER_BORDER)
    _shade(ppr, PLACEHOLDER_FILL)
    placeholder.paragraph_format.space_before = Pt(4)
    placeholder.paragraph_format.space_after = Pt(10)
    placeholder.paragraph_format.left_indent = Cm(0.2)

    title = _paragraph_style(doc, LIST_TITLE_STYLE)  # like Heading 1 but outside the table of contents
    _font(title, 16, bold=True, color=ACCENT)
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    for name, size, color in (("Title", 30, ACCENT), ("Subtitle", 14, GREY)):
        style = _style(doc, name)
        _font(style, size, bold=name == "Title", color=color)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for level in (1, 2, 3):  # the lists are read, not studied: single-spaced 10 pt, so a list of tables fits a page
        toc = _paragraph_style(doc, f"TOC {level}")
        _font(toc, 10)
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after, toc.paragraph_format.line_spacing = Pt(3), 1.0
        toc.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    assert isinstance(table, _TableStyle)
    table.base_style = styles["Table Grid"]  # single borders; the bureau restyles every table in one place
    _font(table, 9)
    table.paragraph_format.space_after, table.paragraph_format.line_spacing = Pt(0), 1.0


# -- the page ----------------------------------------------------------------------------------------
def _page(section: Section, orientation: str) -> None:
    portrait = orientation == "portrait"
    section.orientation = WD_ORIENT.PORTRAIT if portrait else WD_ORIENT.LANDSCAPE
    width, height = A4 if portrait else (A4[1], A4[0])
    section.page_width, section.page_height = width, height
    if portrait:
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    else:
        section.top_margin = section.bottom_margin = section.left_margin = section.right_margin = Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.2)


def _header_footer(section: Section, header_text: str) -> None:
    section.different_first_page_header_footer = True  # the cover has neither
    header = section.header.paragraphs[0]
    header.text = xml_text(header_text)
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in header.runs:
        run.font.size, run.font.color.rgb, run.font.name = Pt(8.5), GREY, FONT
    _set(_set(header._p.get_or_add_pPr(), "w:pBdr"), "w:bottom", val="single", sz="4", space="4", color="BFBFBF")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")
    for run in footer.runs:
        run.font.size, run.font.name = Pt(9), FONT


def _text_width(section: Section) -> Emu:
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None  # set by _page
    return Emu(width - left - right)


class _Writer:
    def __init__(self, plan: ReportPlan, render: ChartRenderer):
        self.plan = plan
        self.render = render
        self.doc = Document()
        self.section = self.doc.sections[0]
        self.page_break = False
        _styles(self.doc, plan.language)
        self.style_ids = {s.name: s.style_id for s in self.doc.styles}
        _page(self.section, "portrait")
        _header_footer(self.section, plan.header_text)
        self._properties()
        # Word asks to update the fields (TOC, lists, SEQ) when the file is opened
        _set(self.doc.settings.element, "w:updateFields", val="true")

    def _properties(self) -> None:
        props = self.doc.core_properties
        props.title, props.subject = self.plan.title, self.plan.header_text
        props.author = props.last_modified_by = "kinerja_xl"
        props.language, props.keywords = self.plan.language, "SAKIP; Laporan Kinerja; draf"

    # -- blocks ----------------------------------------------------------------------------------
    def write(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            if isinstance(block, Title):
                self.title(block)
            elif isinstance(block, TableOfContents):
                self.contents(block.title, 'TOC \\o "1-3" \\h \\z \\u', self.headings())
            elif isinstance(block, CaptionList):
                self.contents(block.title, f'TOC \\h \\z \\c "{block.label}"', self.captions(block.label))
            elif isinstance(block, Heading):
                self.paragraph(block.text, style=f"Heading {block.level}")
            elif isinstance(block, Paragraph):
                self.paragraph(block.text, style=PARAGRAPH_STYLES[block.style])
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Figure):
                self.figure(block)
            elif isinstance(block, PageBreak):
                self.page_break = True
            elif isinstance(block, SectionBreak):
                self.page_break = False  # the section starts a page itself
                self.section = self.doc.add_section(WD_SECTION.NEW_PAGE)
                _page(self.section, block.orientation)
                self.section.different_first_page_header_footer = False

    def title(self, block: Title) -> None:
        spacer = self.paragraph()
        spacer.paragraph_format.space_before = Cm(6)
        self.styled(block.text, "Title")
        for i, line in enumerate(block.lines):
            p = self.styled(line, "Subtitle")
            if i >= 2:  # the agreement and the notes under the agency and the year
                p.paragraph_format.space_before = Pt(18 if i == 2 else 4)
                for run in p.runs:
                    run.font.size = Pt(10)

    def headings(self) -> list[tuple[str, str]]:
        return [(f"TOC {b.level}", b.text) for b in self.plan.blocks if isinstance(b, Heading)]

    def captions(self, label: str) -> list[tuple[str, str]]:
        return [("TOC 1", b.caption.full() if b.caption.number else b.caption.text) for b in self.plan.blocks
                if isinstance(b, (Table, Figure)) and b.caption.label == label]

    def contents(self, title: str, instruction: str, entries: list[tuple[str, str]]) -> None:
        """A TOC field whose cached result already lists the entries (without page numbers, which only
        Word's update knows), under a hint that the update replaces, so the draft reads well before
        anyone presses F9."""
        self.paragraph(title, style=LIST_TITLE_STYLE)
        hint = self.paragraph(style=NOTE_STYLE)
        _field_begin(hint, instruction)
        hint.add_run(FIELD_HINT)
        last = hint
        for style, text in entries:
            last = self.paragraph(text, style=style)
        _field_end(last)

    def caption(self, caption: Caption) -> DocxParagraph:
        """Caption style with a SEQ field, so Word numbers and lists it (Daftar Tabel/Gambar).

        A layout's number keeps its value through every field update: a label "WORD C.N" is written as "WORD C."
        and ``SEQ WORD \\r N``. A caption the layout leaves unnumbered keeps a hidden SEQ field
        (``\\h``, and hidden text, since LibreOffice ignores ``\\h``), so it is still listed.
        """
        p = self.paragraph(style="Caption")
        seq = f"SEQ {caption.label} \\* ARABIC"
        fixed = _NUMBER.match(caption.number or "") if caption.numbering == "katalog" else None
        if fixed:
            p.add_run(f"{caption.label} {fixed['prefix']}")
            _field(p, f"{seq} \\r {fixed['value']}", fixed["value"])
            p.add_run(xml_text(f"{fixed['suffix']} {caption.text}"))
        elif caption.numbering == "otomatis":
            p.add_run(f"{caption.label} ")
            _field(p, seq, caption.number or "")
            p.add_run(xml_text(f" {caption.text}"))
        else:
            first = len(p.runs)
            _field(p, seq + " \\h")
            for run in p.runs[first:]:
                _set(run._r.get_or_add_rPr(), "w:vanish")
            p.add_run(xml_text(caption.text))
        return p

    def styled(self, text: str = "", style: str | None = None) -> DocxParagraph:
        """``doc.add_paragraph`` with the style set by its id: python-docx finds a style by name by walking every
        style of the document, on every call (seconds for a whole draft)."""
        p = self.doc.add_paragraph(xml_text(text))  # text from inputs: no control character stops the draft
        if style is not None:
            p._p.style = self.style_ids[style]
        return p

    def paragraph(self, text: str = "", style: str | None = None) -> DocxParagraph:
        """A new paragraph; the first after a :class:`PageBreak` starts the page (no empty break paragraph
        that could itself spill onto a page of its own)."""
        p = self.styled(text, style)
        if self.page_break:
            p.paragraph_format.page_break_before = True
            self.page_break = False
        return p

    def figure(self, block: Figure) -> None:
        width = min(_text_width(self.section).cm, 15.5)
        picture = self.paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.paragraph_format.space_before = Pt(6)
        picture.add_run().add_picture(io.BytesIO(self.render(block.chart)), width=Cm(width))
        doc_pr = picture._p.xpath(".//wp:docPr")[0]
        doc_pr.set("descr", block.description)  # alternative text for screen readers
        caption = self.caption(block.caption)
        caption.paragraph_format.keep_with_next = False
        caption.paragraph_format.space_after = Pt(10)

    # -- tables ----------------------------------------------------------------------------------
    def table(self, block: Table) -> None:
        self.caption(block.caption)
        grid = len(block.widths)
        table = self.doc.add_table(rows=0, cols=grid)
        table.style = self.doc.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # whole twips, rounded down: the columns never add up to more than the text width
        available = _text_width(self.section).twips
        widths = [Twips(int(w * available / sum(block.widths))) for w in block.widths]
        tbl_pr = table._tbl.tblPr
        _set(tbl_pr, "w:tblLayout", type="fixed")  # the widths below, not Word's autofit guesses
        _set(tbl_pr, "w:tblW", w=str(sum(int(w.twips) for w in widths)), type="dxa")
        margins = _set(tbl_pr, "w:tblCellMar")
        for side, twips in (("top", "28"), ("left", "62"), ("bottom", "28"), ("right", "62")):  # schema order
            _set(margins, f"w:{side}", w=twips, type="dxa")  # 0,05 cm / 0,11 cm: narrow numeric columns fit
        for col, width in zip(table.columns, widths, strict=True):
            col.width = width
        size = Pt(8 if block.compact else 9)
        merges: list[tuple[int, int, int, int]] = []
        for r, plan_row in enumerate(block.rows):
            header = r < len(block.header)
            docx_row = table.add_row()
            tr_pr = docx_row._tr.get_or_add_trPr()
            _set(tr_pr, "w:cantSplit")
            if header:
                _set(tr_pr, "w:tblHeader")  # repeated at the top of every page the table runs onto
            col = 0
            row_cells = docx_row.cells  # python-docx rebuilds this list on every access
            for cell in plan_row.cells:
                target = row_cells[col]
                for c in range(col, col + cell.span):
                    row_cells[c].width = widths[c]
                self.cell(target, cell, plan_row, header, size)
                if cell.span > 1:
                    merges.append((r, col, r, col + cell.span - 1))
                if cell.merge_up:
                    merges.append((self.origin(block.rows, r, col), col, r, col))
                col += cell.span
        for r0, c0, r1, c1 in merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
        self.keep_together(table, block)
        self.after_table(block)

    @staticmethod
    def keep_together(table: DocxTable, block: Table) -> None:
        """Word keeps a row on the page of the next when its paragraphs "keep with next": a short table
        stays on one page, a long one keeps its header with the first row, and the note stays under the
        last row."""
        rows = table.rows
        count = len(rows)
        if len(block.body) <= SHORT_TABLE:
            keep = set(range(count - 1))
        else:  # the header with the first row, and the closing rows (a total) not alone on a page
            keep = set(range(len(block.header) + 1)) | {count - 3, count - 2}
        if block.note:
            keep.add(count - 1)
        for i in keep:
            for cell in rows[i].cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True

    @staticmethod
    def origin(rows: tuple[Row, ...], r: int, col: int) -> int:
        """The row of the cell a vertical merge continues (the nearest one above that is not merge_up)."""
        while r > 0:
            r -= 1
            c = 0
            for cell in rows[r].cells:
                if c == col:
                    if not cell.merge_up:
                        return r
                    break
                c += cell.span
        return 0

    def cell(self, target: _Cell, cell: Cell, row: Row, header: bool, size: Pt) -> None:
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = target.paragraphs[0]
        p.alignment = ALIGN[cell.align]
        p.paragraph_format.space_after, p.paragraph_format.line_spacing = Pt(0), 1.0
        # the paragraph mark's size sets the height of an empty cell: the body's 11 pt would inflate rows
        _set(_set(p._p.get_or_add_pPr(), "w:rPr"), "w:sz", val=str(int(size.pt * 2)))
        if cell.indent:
            p.paragraph_format.left_indent = Cm(0.35 * cell.indent)
        text = cell.text()
        if text:
            run = p.add_run(xml_text(text))
            run.font.size = Pt(size.pt - 0.5) if header else size
            run.font.bold = header or row.emphasis in ("group", "subtotal", "total")
        tc_pr = target._tc.get_or_add_tcPr()
        fill = cell.band or (HEADER_FILL if header else
                             {"group": GROUP_FILL, "total": TOTAL_FILL}.get(row.emphasis))
        if fill:
            _shade(tc_pr, fill)

    def after_table(self, block: Table) -> None:
        if block.note:
            self.styled(block.note, NOTE_STYLE)
        else:
            spacer = self.doc.add_paragraph()
            spacer.paragraph_format.space_after = Pt(6)

    def save(self, path: Path) -> Path:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return atomic_write_bytes(path, buffer.getvalue())  # temporary file beside the target, then a rename


def write_docx(plan: ReportPlan, path: str | Path, *, render: ChartRenderer = render_png) -> Path:
    """Render ``plan`` as a Word document at ``path`` (replaced atomically); ``render`` draws the charts."""
    writer = _Writer(plan, render)
    writer.write(plan.blocks)
    return writer.save(Path(path))


__all__ = ["ChartRenderer", "write_docx"]
