"""LibreOffice headless helpers: batch recalculation, value reading, PDF rendering.

Used by tests (to check live formulas really compute) and by rendering checks.
Every soffice run uses a fresh throwaway user profile that forces recalculation on load.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "LibreOfficeError",
    "col_letters",
    "convert_all_to_pdf",
    "convert_to_pdf",
    "find_soffice",
    "pdf_page_count",
    "pdf_text",
    "pdf_to_png",
    "read_values",
    "recalculate",
]

_XLSX_SUFFIXES = (".xlsx", ".xlsm")
# Forced import filter: without it a corrupt .xlsx is silently imported as a text file instead of failing.
_XLSX_INFILTER = "--infilter=Calc MS Excel 2007 XML"

_FALLBACKS = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)

# 0 = always recalculate, 1 = never, 2 = prompt (headless treats prompt as "never").
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
{locale}</oor:items>
"""
# The locale of the formats: with id-ID, LibreOffice shows a number format as an Indonesian Excel does (1.234,56).
_LOCALE = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>{locale}</value></prop></item>
"""


class LibreOfficeError(RuntimeError):
    """soffice failed, timed out, or did not produce the expected output."""

    def __init__(self, message: str, stderr: str = "") -> None:
        super().__init__(f"{message}\n--- soffice stderr ---\n{stderr}" if stderr else message)
        self.stderr = stderr


def find_soffice() -> str | None:
    """Path of the soffice/libreoffice executable, or None if not installed."""
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    return next((p for p in _FALLBACKS if os.access(p, os.X_OK)), None)


@contextmanager
def _profile(locale: str | None = None) -> Iterator[str]:
    """Fresh user profile (as a file:// URL) with recalc-on-load forced (and ``locale``); deleted afterwards."""
    # A private profile also avoids handing the job to an already-running soffice (which would ignore it).
    root = Path(tempfile.mkdtemp(prefix="kxl-lo-profile-"))
    try:
        (root / "user").mkdir()
        # Without OOXMLRecalcMode=0, LibreOffice keeps the cached <v> values stored in the xlsx.
        items = _LOCALE.format(locale=locale) if locale else ""
        (root / "user" / "registrymodifications.xcu").write_text(_REGISTRY.format(locale=items), encoding="utf-8")
        yield root.as_uri()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(args: Sequence[str], timeout: float, locale: str | None = None) -> str:
    """Run soffice headless with a throwaway profile; returns combined stdout+stderr text."""
    exe = find_soffice()
    if exe is None:
        raise LibreOfficeError("LibreOffice (soffice) not found on PATH")
    with _profile(locale) as profile_url:
        cmd = [exe, f"-env:UserInstallation={profile_url}", "--headless", "--invisible",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck", *args]
        # New session so a timeout can kill soffice.bin and its oosplash parent together.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            raise LibreOfficeError(f"soffice timed out after {timeout:g}s", err + out) from None
    if proc.returncode != 0:
        raise LibreOfficeError(f"soffice exited with code {proc.returncode}", err + out)
    return err + out


def recalculate(paths: Sequence[Path], outdir: Path, *, timeout: float = 300) -> list[Path]:
    """Recalculate xlsx/xlsm workbooks in ONE soffice call and save them as .xlsx in `outdir`.

    Returns output paths aligned with `paths`; each keeps its input stem. If several inputs share
    a stem, the 2nd, 3rd... land in `outdir/_2/`, `outdir/_3/`... instead of overwriting.
    xlsm inputs are written as plain .xlsx (macros are dropped).
    """
    paths = [Path(p).resolve() for p in paths]
    if not paths:
        return []
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    seen: dict[str, int] = {}
    targets: list[Path] = []
    for p in paths:
        if not p.is_file():
            raise FileNotFoundError(p)
        if p.suffix.lower() not in _XLSX_SUFFIXES:
            raise ValueError(f"recalculate() takes .xlsx/.xlsm files, got {p}")
        n = seen[p.stem.casefold()] = seen.get(p.stem.casefold(), 0) + 1
        targets.append((outdir if n == 1 else outdir / f"_{n}") / f"{p.stem}.xlsx")
    with tempfile.TemporaryDirectory(prefix="kxl-lo-batch-") as tmp:
        stage, conv = Path(tmp, "in"), Path(tmp, "out")
        stage.mkdir()
        # soffice names output by input stem, so same-stem inputs would overwrite: stage unique names.
        staged = [shutil.copyfile(p, stage / f"f{i:04d}{p.suffix.lower()}") for i, p in enumerate(paths)]
        args = ["--calc", _XLSX_INFILTER, "--convert-to", "xlsx", "--outdir", str(conv), *map(str, staged)]
        log = _run(args, timeout)
        results = [conv / f"{Path(s).stem}.xlsx" for s in staged]
        # soffice exits 0 even when a file fails to load ("Error: source file could not be loaded").
        if missing := [str(src) for src, r in zip(paths, results, strict=True) if not r.is_file()]:
            raise LibreOfficeError(f"soffice produced no output for: {', '.join(missing)}", log)
        for r, t in zip(results, targets, strict=True):
            t.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(r, t)
    return targets


def convert_to_pdf(path: Path, outdir: Path, *, timeout: float = 300) -> Path:
    """Render a workbook (or a Word document) to `outdir/<stem>.pdf` (page setup as stored in the file)."""
    path, outdir = Path(path).resolve(), Path(outdir).resolve()
    if not path.is_file():
        raise FileNotFoundError(path)
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / f"{path.stem}.pdf"
    pdf.unlink(missing_ok=True)  # so a stale PDF can't pass for a fresh one
    if path.suffix.lower() == ".docx":
        component = ["--writer"]
    else:
        component = ["--calc", *([_XLSX_INFILTER] if path.suffix.lower() in _XLSX_SUFFIXES else [])]
    log = _run([*component, "--convert-to", "pdf", "--outdir", str(outdir), str(path)], timeout)
    if not pdf.is_file():
        raise LibreOfficeError(f"soffice produced no PDF for {path}", log)
    return pdf


def convert_all_to_pdf(paths: Sequence[Path], outdir: Path, *, locale: str | None = None,
                       timeout: float = 600) -> list[Path]:
    """Print workbooks, or Word documents, to `outdir/<stem>.pdf` in ONE soffice run (one start-up for all),
    each with its own page setup; ``locale`` (e.g. ``id-ID``) decides how number formats show. Stems must
    differ. Workbooks and documents need separate calls (the workbook import filter is forced)."""
    paths = [Path(p).resolve() for p in paths]
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    if len({p.stem for p in paths}) != len(paths):
        raise ValueError("convert_all_to_pdf: two inputs share a name; their PDFs would overwrite each other")
    docx = [p.suffix.lower() == ".docx" for p in paths]
    if any(docx) and not all(docx):
        raise ValueError("convert_all_to_pdf: workbooks and Word documents go in separate calls")
    pdfs = [outdir / f"{p.stem}.pdf" for p in paths]
    for pdf in pdfs:
        pdf.unlink(missing_ok=True)
    component = ["--writer"] if all(docx) else ["--calc", _XLSX_INFILTER]
    log = _run([*component, "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)], timeout, locale)
    if missing := [str(p) for p, pdf in zip(paths, pdfs, strict=True) if not pdf.is_file()]:
        raise LibreOfficeError(f"soffice produced no PDF for: {', '.join(missing)}", log)
    return pdfs


def col_letters(index: int) -> str:
    """0-based column index -> Excel letters (0 -> 'A', 25 -> 'Z', 26 -> 'AA')."""
    s = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s


def read_values(path: Path) -> dict[str, dict[str, object]]:
    """{sheet: {"A1": value}} for every non-empty cell (cached values, as Excel would show them)."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    try:
        result: dict[str, dict[str, object]] = {}
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)  # rows start at A1
            result[name] = {f"{col_letters(c)}{r + 1}": v for r, row in enumerate(rows)
                            for c, v in enumerate(row) if v != ""}
        return result
    finally:
        wb.close()


def pdf_page_count(pdf: Path) -> int:
    """Number of pages, via poppler's pdfinfo."""
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split(":", 1)[1])
    raise ValueError(f"pdfinfo reported no page count for {pdf}")


def pdf_text(pdf: Path) -> str:
    """The PDF's text with its layout (poppler's pdftotext)."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_to_png(pdf: Path, outdir: Path, dpi: int = 60) -> list[Path]:
    """Rasterise every page to `outdir/<stem>-<n>.png` (poppler's pdftoppm); returns them in page order."""
    pdf, outdir = Path(pdf), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(outdir / pdf.stem)],
                   capture_output=True, text=True, check=True)
    # pdftoppm zero-pads the page number to the width of the page count, so sort numerically.
    pages = outdir.glob(f"{pdf.stem}-*.png")
    return sorted((p for p in pages if p.stem.rsplit("-", 1)[1].isdigit()),
                  key=lambda p: int(p.stem.rsplit("-", 1)[1]))
