"""Every output printed as a planning bureau prints it, and read back word by word (issue 22).

The commands run as a user chains them, on copies of the bundled examples (both catalogs): ``hitung`` on
every unit workbook, ``konsolidasi``, ``pantau``, ``reviu -o`` and ``laporan``. LibreOffice prints each
output once to PDF (A4, each sheet's own page setup; an Indonesian locale, as a unit's Excel shows the
formats), and ``pdftotext -bbox`` gives every word with its box. A print fails on two words printed over
each other, on a ``###``, on a word off the paper, and on a page holding a few lines that continues a sheet
or chapter (those lines fit on the page before). The fonts must be the ones the sheets are sized for:
Calibri prints as Carlito (same widths), Arial as Liberation Sans.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_example
from tests.support import libreoffice as lo
from tests.support.printed import (
    Page,
    docx_page_starts,
    parts_of_document,
    print_faults,
    read_pages,
    sheet_of,
)

PEMDA = ROOT / "templates" / "katalog-pemda-contoh-2024.yaml"


def _font(family: str) -> str:
    if not shutil.which("fc-match"):
        return ""
    return subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True).stdout


pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(lo.find_soffice() is None or not shutil.which("pdftotext"),
                       reason="LibreOffice (soffice) atau poppler (pdftotext) tidak terpasang"),
    pytest.mark.skipif("Carlito" not in _font("Calibri") or "Liberation Sans" not in _font("Arial"),
                       reason="huruf Carlito (fonts-crosextra-carlito) atau Liberation Sans (fonts-liberation) "
                              "tidak terpasang: LibreOffice akan mencetak Calibri dan Arial dengan huruf lain"),
]


def run(*args: str | Path, cwd: Path, codes: tuple[int, ...] = (0,), ledger: bool = False) -> None:
    """A command as a subprocess; ``ledger``: with the ledger on, as users have it (the suite turns it off)."""
    env = {k: v for k, v in os.environ.items() if not (ledger and k == "KINERJA_XL_TANPA_BUKU_BESAR")}
    result = subprocess.run([sys.executable, "-m", "kinerja_xl", *map(str, args)], cwd=cwd, capture_output=True,
                            text=True, timeout=600, env=env)
    assert result.returncode in codes, result.stdout + result.stderr


@dataclass(frozen=True)
class Printed:
    path: Path
    pages: list[Page]
    part_of: Callable[[Page], str]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Every output of the examples, printed once: {name: its pages}."""
    root = tmp_path_factory.mktemp("cetak")
    for folder in ("2023", "2023-triwulan", "pemda-2024"):
        copy_example(ROOT / "workbooks" / folder, root / folder)
    out = root / "keluaran"
    units = sorted((root / "2023").glob("kinerja-*.xlsx"))
    pemda_units = sorted((root / "pemda-2024").glob("kinerja-*.xlsx"))
    run("hitung", "--jobs", "1", *units, cwd=root)
    run("hitung", "--jobs", "1", "--katalog", PEMDA, *pemda_units, cwd=root)
    run("konsolidasi", "--jobs", "1", root / "2023", "-o", out / "konsolidasi.xlsx", cwd=root)
    run("konsolidasi", "--jobs", "1", "--katalog", PEMDA, root / "pemda-2024", "-o", out / "konsolidasi-pemda.xlsx",
        cwd=root)
    run("pantau", "--jobs", "1", root / "2023-triwulan", "-o", out / "pantau.xlsx", cwd=root)
    # one quarter of a folder of every quarter (issue 20): its own columns and notes print too
    run("konsolidasi", "--jobs", "1", root / "2023-triwulan", "--periode", "TW2", "-o", out / "konsolidasi-tw2.xlsx",
        cwd=root)
    run("laporan", "--jobs", "1", root / "2023-triwulan", "--periode", "TW2", "-o", out / "laporan-tw2.docx",
        cwd=root)
    run("reviu", "--jobs", "1", root / "2023", "--dilaporkan", root / "2023" / "dilaporkan-2023.xlsx",
        "-o", out / "reviu.xlsx", cwd=root, codes=(0, 1))  # 1: the draft has findings
    run("laporan", "--jobs", "1", root / "2023", "-o", out / "laporan.docx", "--reviu",
        root / "2023" / "dilaporkan-2023.xlsx", cwd=root)
    run("laporan", "--jobs", "1", "--katalog", PEMDA, root / "pemda-2024", "-o", out / "laporan-pemda.docx",
        cwd=root)
    # a corrected REHSOS workbook with the Perubahan sheet against the one sent before (the ledger's compare)
    from tests.factories import cell_of, patch_cells

    corrected = patch_cells(ROOT / "workbooks" / "2023" / "kinerja-REHSOS-2023-tahunan.xlsx",
                            {("Isian", cell_of("REHSOS", "SS1.1.1", "anak.pembilang")): 380000},
                            out=out / "perubahan.xlsx")
    # the impact on the agency's figures takes the other units' latest versions from the folder's ledger: recorded
    # first, as a user's validasi does (not a ledger some other run left in the repository's folder)
    run("validasi", "--jobs", "1", root / "2023", cwd=root, ledger=True)
    run("banding", root / "2023" / "kinerja-REHSOS-2023-tahunan.xlsx", corrected, "--lembar", "--folder",
        root / "2023", cwd=root, ledger=True)
    workbooks = [*units, *pemda_units, *sorted(out.glob("*.xlsx"))]
    documents = sorted(out.glob("*.docx"))
    pdf = root / "pdf"
    outputs: dict[str, Printed] = {}
    for path, target in zip(workbooks, lo.convert_all_to_pdf(workbooks, pdf, locale="id-ID"), strict=True):
        outputs[path.stem] = Printed(path, read_pages(target), sheet_of)
    for path, target in zip(documents, lo.convert_all_to_pdf(documents, pdf, locale="id-ID"), strict=True):
        pages = read_pages(target)
        outputs[path.stem] = Printed(path, pages, parts_of_document(pages, docx_page_starts(path)))
    return outputs


OUTPUTS = [*(f"kinerja-{u}-2023-tahunan" for u in ("DAYASOS", "ITJEN", "LINJAMSOS", "REHSOS", "SETJEN")),
           *(f"kinerja-{u}-2024-tahunan" for u in ("BAPPEDA", "DINKES", "DISDIK")),
           "konsolidasi", "konsolidasi-pemda", "konsolidasi-tw2", "pantau", "reviu", "laporan", "laporan-pemda",
           "laporan-tw2", "perubahan"]


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_print_has_no_fault(printed: dict[str, Printed], name: str) -> None:
    """No words over each other, no ###, nothing off the paper, no stray near-empty page."""
    output = printed[name]
    pages = output.pages if name != "perubahan" else sheet_pages(output, "Perubahan")  # the rest: openpyxl's save
    faults = print_faults(pages, output.part_of)
    assert not faults.overlaps, f"kata bertumpuk (halaman: pasangan): {faults.overlaps}"
    assert not faults.hashes, f"### (angka lebih lebar dari kolomnya): {faults.hashes}"
    assert not faults.off_page, f"kata di luar kertas: {faults.off_page}"
    assert not faults.stray, f"halaman hampir kosong yang bisa masuk halaman sebelumnya: {faults.stray}"


def sheet_pages(output: Printed, sheet: str) -> list[Page]:
    return [p for p in output.pages if sheet_of(p) == sheet]


def test_every_sheet_page_says_its_sheet_and_number(printed: dict[str, Printed]) -> None:
    for name in OUTPUTS:
        output = printed[name]
        if output.path.suffix == ".xlsx":
            assert all(sheet_of(p) for p in output.pages), name


def test_the_reviu_prints_as_a_review_document(printed: dict[str, Printed]) -> None:
    pages = printed["reviu"].pages
    assert len(pages) >= 3 and all(p.width > p.height for p in pages)  # landscape, not squeezed onto one page
    for page in pages[1:]:  # the column titles head every page
        assert page.first_line().split()[:3] == ["No", "Kode", "Tabel"], page.number
    text = " ".join(p.text() for p in pages)
    assert "-631.605,43" in text  # the longest difference, in Indonesian notation, whole


def test_the_unit_workbook_prints_its_sheets_readably(printed: dict[str, Printed]) -> None:
    output = printed["kinerja-LINJAMSOS-2023-tahunan"]
    guide = sheet_pages(output, "Petunjuk")
    assert guide and all(p.height > p.width for p in guide)  # an upright instruction page
    hasil = sheet_pages(output, "Hasil")
    text = " ".join(p.text() for p in hasil)
    assert "Data grafik" not in text  # the chart's helper block is outside the print area
    assert "Realisasi per indikator / sub indikator" in text and "Indikator / sub indikator" in text
    assert sheet_pages(output, "Isian")


def test_the_changes_sheet_prints_both_tables(printed: dict[str, Printed]) -> None:
    text = " ".join(p.text() for p in sheet_pages(printed["perubahan"], "Perubahan"))
    assert "Isian yang berubah (1)" in text and "384.921" in text and "380.000" in text
    assert "Dampak pada angka hasil" in text and "107,25" in text and "107,24" in text


def test_the_charts_print_in_indonesian_notation(printed: dict[str, Printed]) -> None:
    grafik = " ".join(p.text() for p in sheet_pages(printed["pantau"], "Grafik"))
    assert "107,25" in grafik and "107.25" not in grafik
