"""LibreOffice opens and prints the Word draft: its page count and the key figures in the PDF's text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kinerja_xl.compute.engine import compute
from kinerja_xl.plans.report import plan_report
from kinerja_xl.render.report_docx import write_docx

from tests.support import libreoffice as lo
from tests.support.catalogs import pemda, pemda_values

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(lo.find_soffice() is None or not (shutil.which("pdfinfo") and shutil.which("pdftotext")),
                       reason="LibreOffice (soffice) atau poppler (pdfinfo, pdftotext) tidak terpasang"),
]


@pytest.fixture(scope="module")
def pdf(report_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return lo.convert_to_pdf(report_docx, tmp_path_factory.mktemp("pdf"))


def test_the_pdf_has_the_expected_pages(pdf: Path) -> None:
    # cover, contents, two caption lists, summary, four chapters, appendix: 20–35 A4 pages for LKj 2023
    assert 20 <= lo.pdf_page_count(pdf) <= 35


def test_the_pdf_text_holds_the_key_figures(pdf: Path, catalog) -> None:
    text = lo.pdf_text(pdf)
    for figure in ("107,25", "104,63", "117,30", "107,72", "99,34", "117,92", "98,31", "111,37",
                   "85.530.010.687.985", "87.275.374.140.000", "93,36"):
        assert figure in text, figure
    assert "Tabel 3.1 Capaian Kinerja Kementerian Sosial Republik Indonesia Tahun 2023" in text
    assert catalog.ministry in text
    assert text.count("[Diisi oleh penyusun:") >= 12  # 4 sasaran + 8 indicators + the chapters
    assert "Tabel 3.3 5" not in text  # a catalog number is never followed by a second, counted one


def test_a_pemda_draft_converts_too(tmp_path: Path) -> None:
    pdf = lo.convert_to_pdf(write_docx(plan_report(compute(pemda(), pemda_values())), tmp_path / "lkjip.docx"),
                            tmp_path)
    text = lo.pdf_text(pdf)
    assert lo.pdf_page_count(pdf) >= 8
    assert "1.000–1.200" in text and "99,24" in text and "LKjIP" in text
