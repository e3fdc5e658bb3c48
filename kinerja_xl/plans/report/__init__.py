"""The Laporan Kinerja draft as a document plan: pure data, no python-docx, no matplotlib.

:func:`plan_report` turns one computation (the consolidation of ``kinerja-xl konsolidasi``) into a
:class:`ReportPlan`: a flat list of blocks (headings, paragraphs, tables of cells, figures of chart
data) that :mod:`kinerja_xl.render.report_docx` writes as Word. The catalog names the instansi, its units
and its report and numbers the tables; the plan decides what is said and shown, the writer only places it.

Modules: :mod:`.blocks` (the block types), :mod:`.facts` (one read of the computation), :mod:`.tables`
and :mod:`.appendix` (one builder per table), :mod:`.chartspecs` (chart data), :mod:`.narrative` and
:mod:`.wording` (sentences in Bahasa Indonesia), :mod:`.captions` (titles and numbering), :mod:`.plan`.
"""

from .blocks import (
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
    Series,
    Table,
    TableOfContents,
    Title,
)
from .plan import PLACEHOLDER, REASONS, Excluded, Reason, plan_report

__all__ = [
    "PLACEHOLDER", "REASONS", "Block", "Caption", "CaptionList", "Cell", "ChartSpec", "Excluded", "Figure",
    "Heading", "PageBreak", "Paragraph", "Reason", "ReportPlan", "Row", "SectionBreak", "Series", "Table",
    "TableOfContents", "Title", "plan_report",
]
