"""LibreOffice headless helpers: forced recalculation, batch conversion, PDF rendering."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from tests.support import libreoffice as lo

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(lo.find_soffice() is None, reason="LibreOffice (soffice) not installed"),
]


def _openpyxl_book(path: Path, formulas: dict[str, str]) -> Path:
    """Workbook written by openpyxl: formulas with NO cached value."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    for ref, formula in formulas.items():
        wb.active[ref] = formula
    wb.save(path)
    return path


def _stale_book(path: Path, formula: str = "=1+1", cached: float = 99) -> Path:
    """Workbook written by xlsxwriter with a deliberately WRONG cached value in A1."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Data").write_formula("A1", formula, None, cached)
    wb.close()
    return path


def test_col_letters() -> None:
    assert [lo.col_letters(i) for i in (0, 25, 26, 51, 52, 701, 702, 16383)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]


def test_stale_and_missing_cached_values_are_recalculated(tmp_path: Path) -> None:
    fresh = _openpyxl_book(tmp_path / "in" / "fresh.xlsx", {"A1": "=1+1"})
    stale = _stale_book(tmp_path / "in" / "stale.xlsx")
    assert lo.read_values(stale) == {"Data": {"A1": 99}}  # precondition: the cache really is wrong
    out = lo.recalculate([fresh, stale], tmp_path / "out")
    assert out == [tmp_path / "out" / "fresh.xlsx", tmp_path / "out" / "stale.xlsx"]
    assert lo.read_values(out[0]) == {"Sheet": {"A1": 2}}
    assert lo.read_values(out[1]) == {"Data": {"A1": 2}}


# Expected values follow Excel's ROUND (half away from zero on the decimal as displayed).
ROUND_CASES = {
    "A1": ("=ROUND(2.675,2)", 2.68),
    "A2": ("=ROUND(-2.675,2)", -2.68),
    "A3": ("=ROUND(1.005,2)", 1.01),
    "A4": ("=ROUND(117.295,2)", 117.3),
    "A5": ("=ROUND((117.92+116.67)/2,2)", 117.3),
    "A6": ("=ROUND(88.6725,2)", 88.67),
}


def test_round_matches_excel(tmp_path: Path) -> None:
    src = _openpyxl_book(tmp_path / "round.xlsx", {k: f for k, (f, _) in ROUND_CASES.items()})
    [out] = lo.recalculate([src], tmp_path / "out")
    got = lo.read_values(out)["Sheet"]
    print({ROUND_CASES[k][0]: got[k] for k in ROUND_CASES})  # visible with -s / on failure
    assert got == {k: want for k, (_, want) in ROUND_CASES.items()}


def test_batch_in_one_call_with_stem_clash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real_run = lo._run

    def counting_run(args: list[str], timeout: float) -> str:
        calls.append(list(args))
        return real_run(args, timeout)

    monkeypatch.setattr(lo, "_run", counting_run)
    inputs = [_stale_book(tmp_path / f"dir{i % 3}" / f"book{i}.xlsx", f"={i}*10") for i in range(5)]
    # Same stem "laporan" in two folders: must not overwrite each other.
    inputs += [_stale_book(tmp_path / d / "laporan.xlsx", f) for d, f in (("a", "=1+2"), ("b", "=3+4"))]
    out = lo.recalculate(inputs, tmp_path / "out")
    assert len(calls) == 1
    assert [p.stem for p in out] == [p.stem for p in inputs]
    assert len(set(out)) == len(out)
    assert [lo.read_values(p)["Data"]["A1"] for p in out] == [0, 10, 20, 30, 40, 3, 7]


def test_failure_raises_with_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "corrupt.xlsx"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(lo.LibreOfficeError, match=r"corrupt\.xlsx") as exc:
        lo.recalculate([bad], tmp_path / "out")
    assert "could not be loaded" in exc.value.stderr


def test_pdf_rendering(tmp_path: Path) -> None:
    src = _stale_book(tmp_path / "print me.xlsx", "=6*7")
    pdf = lo.convert_to_pdf(src, tmp_path / "pdf")
    assert pdf == tmp_path / "pdf" / "print me.pdf"
    assert lo.pdf_page_count(pdf) >= 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "42" in text and "99" not in text  # the PDF profile recalculates too
    pngs = lo.pdf_to_png(pdf, tmp_path / "png")
    assert len(pngs) == lo.pdf_page_count(pdf)
    assert all(p.stat().st_size > 0 for p in pngs)
