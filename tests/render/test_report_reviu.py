"""The report's optional appendix: the reviu findings of a draft, in a landscape section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from kinerja_xl.numbers import format_number
from kinerja_xl.pipeline.report import review_draft
from kinerja_xl.plans.report import Paragraph, ReportPlan, SectionBreak, plan_report
from kinerja_xl.render.report_docx import write_docx

from tests.conftest import REPORTED
from tests.support.report import blank_png


@pytest.fixture(scope="module")
def reviewed(catalog, consolidation) -> tuple[Any, ReportPlan]:
    review = review_draft(catalog, REPORTED, consolidation.batch)
    return review, plan_report(consolidation.computation, review=review)


def test_every_finding_is_a_row(reviewed: tuple[Any, ReportPlan], tmp_path: Path) -> None:
    review, plan = reviewed
    assert len(review.findings) == 32  # as `kinerja-xl reviu` finds on the LKj 2023 draft
    assert len(plan.table("reviu").body) == len(review.findings)
    document = Document(str(write_docx(plan, tmp_path / "dengan-reviu.docx", render=blank_png)))
    written = document.tables[-1]
    for r, finding in enumerate(review.findings, start=1):
        cells = [written.cell(r, c).text for c in range(8)]
        assert cells[1:3] == [finding.tabel, f"{finding.baris} — {finding.besaran}"]
        printed, places = finding.places()  # as the Reviu sheet shows them
        assert cells[3] == format_number(finding.dicetak, printed)
        assert cells[4] == ("–" if finding.dihitung is None else finding.shown()[1])
        assert cells[5] == ("–" if finding.selisih is None else format_number(finding.selisih, places))
        assert cells[6:] == [finding.klasifikasi, finding.catatan]
    rows = [[written.cell(r, c).text for c in range(3, 6)] for r in range(1, len(review.findings) + 1)]
    assert ["117,29", "117,30", "0,01"] in rows or ["117,29", "117,30", "-0,01"] in rows, rows
    last = document.sections[-1]
    assert last.orientation == WD_ORIENT.LANDSCAPE and last.page_width > last.page_height


def test_the_appendix_counts_the_findings(reviewed: tuple[Any, ReportPlan]) -> None:
    _, plan = reviewed
    summary = next(b.text for b in plan.blocks if isinstance(b, Paragraph) and b.text.startswith("Reviu "))
    assert "menemukan 32 perbedaan: sepuluh tidak konsisten, sembilan data, tujuh pembulatan, dan enam aritmetika" \
        in summary
    assert any(isinstance(b, SectionBreak) and b.orientation == "landscape" for b in plan.blocks)


def test_without_a_review_there_is_no_appendix_table(report_plan: ReportPlan) -> None:
    assert "reviu" not in {t.key for t in report_plan.tables()}
    assert not any(isinstance(b, SectionBreak) for b in report_plan.blocks)
