"""What a printed PDF shows, word by word (poppler's ``pdftotext -bbox``), and the faults of a print.

A print is faulty when two words are printed over each other (a row too low for its wrapped text, a long
name running into the next column, two chart labels on one spot), when a cell shows ``###`` (a number
wider than its column), or when a page holds only a few lines and is not the last page of its part
(a sheet, or the Word draft) and shows no picture: those lines could have been on the page before. A
chart too tall for the rest of the page before is content, not a stray page.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
#: Share of the page height at its top and bottom where the page header and footer print.
MARGIN_BAND = 0.07
#: A page with at most this many lines of content (header and footer aside) is nearly empty.
FEW_LINES = 5


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    pictures: int = 0  # raster images on the page (the Word draft's charts), which pdftotext cannot see

    def body(self) -> list[Word]:
        """The words between the page header and the page footer."""
        top, bottom = MARGIN_BAND * self.height, (1 - MARGIN_BAND) * self.height
        return [w for w in self.words if w.y0 > top and w.y1 < bottom]

    def footer(self) -> str:
        """The text printed in the bottom band (the footer), left to right."""
        bottom = (1 - MARGIN_BAND) * self.height
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0) if w.y0 >= bottom)

    def lines(self) -> int:
        """Lines of content: words whose middles lie within 3 points of each other form one line."""
        middles = sorted((w.y0 + w.y1) / 2 for w in self.body())
        count, last = 0, -100.0
        for y in middles:
            if y - last > 3:
                count += 1
            last = y
        return count

    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def first_line(self) -> str:
        """The first line of content, left to right."""
        body = self.body()
        if not body:
            return ""
        top = min((w.y0 + w.y1) / 2 for w in body)
        return " ".join(w.text for w in sorted(body, key=lambda w: w.x0) if (w.y0 + w.y1) / 2 - top <= 3)


def read_pages(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pictures = _pictures(pdf)
    return [Page(n, float(w), float(h), tuple(Word(float(a), float(b), float(c), float(d), html.unescape(t))
                                               for a, b, c, d, t in _WORD.findall(body)), pictures.get(n, 0))
            for n, (w, h, body) in enumerate(_PAGE.findall(out), start=1)]


def _pictures(pdf: Path) -> dict[int, int]:
    """Images per page (``pdfimages -list``; their soft masks not counted); none when poppler lacks it."""
    try:
        out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    counts: dict[int, int] = {}
    for line in out.splitlines()[2:]:
        fields = line.split()
        if len(fields) > 2 and fields[0].isdigit() and fields[2] == "image":
            counts[int(fields[0])] = counts.get(int(fields[0]), 0) + 1
    return counts


def overlaps(page: Page) -> list[tuple[str, str]]:
    """Pairs of words printed over each other: their boxes share more than half a point across and 40 %
    of the lower word's height (words of neighbouring lines or cells only touch)."""
    words = sorted(page.words, key=lambda w: w.y0)
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b.y0 >= a.y1:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > 0.5 and dy > 0.4 * min(a.height, b.height):
                found.append((a.text, b.text))
    return found


def hashes(page: Page) -> list[str]:
    return [w.text for w in page.words if "###" in w.text]


def stray_pages(pages: Sequence[Page], part_of: Callable[[Page], str]) -> list[int]:
    """Pages holding at most :data:`FEW_LINES` lines that continue a part (a sheet, a chapter: ``part_of``
    names the part of a page) and are not the document's last: the page before could have taken them.
    The only page of a part is never stray."""
    stray = []
    for i, page in enumerate(pages):
        part = part_of(page)
        continues = 0 < i < len(pages) - 1 and part_of(pages[i - 1]) == part
        if continues and page.lines() <= FEW_LINES and not page.pictures:
            stray.append(page.number)
    return stray


def off_page(page: Page) -> list[str]:
    """Words printed (partly) outside the paper: a text running past the page's edge is cut there."""
    return [w.text for w in page.words if w.x0 < 0 or w.y0 < 0 or w.x1 > page.width or w.y1 > page.height]


def docx_page_starts(docx: Path) -> list[str]:
    """The texts that begin a page of a Word document: paragraphs with a page break before them, and the
    first paragraph of each new section."""
    from defusedxml import ElementTree

    with zipfile.ZipFile(docx) as z:
        root = ElementTree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    starts, new_section = [], False
    for p in root.iter(f"{w}p"):
        text = "".join(t.text or "" for t in p.iter(f"{w}t")).strip()
        ppr = p.find(f"{w}pPr")
        brk = ppr is not None and ppr.find(f"{w}pageBreakBefore") is not None
        if text and (brk or new_section):
            starts.append(text)
            new_section = False
        if ppr is not None and ppr.find(f"{w}sectPr") is not None:
            new_section = True
    return starts


def parts_of_document(pages: Sequence[Page], starts: Sequence[str]) -> Callable[[Page], str]:
    """The part (chapter, list, section) each page of a printed Word document belongs to: a new part
    begins on a page whose first line is the start of one of ``starts``."""
    keys = [" ".join(s.split())[:24] for s in starts]
    names: dict[int, str] = {}
    current = ""
    for page in pages:
        first = page.first_line()
        hit = next((k for k in keys if first.startswith(k)), None)
        if hit is not None:
            current = f"{page.number}: {hit}"
        names[page.number] = current
    return lambda page: names[page.number]


def sheet_of(page: Page) -> str:
    """The sheet a page of a workbook prints, from the footer ``kinerja_xl · SHEET … Halaman n dari m``."""
    match = re.search(r"kinerja_xl · (.*?) Halaman \d+ dari \d+", page.footer())
    return match.group(1) if match else ""


@dataclass(frozen=True)
class PrintFaults:
    overlaps: dict[int, list[tuple[str, str]]]
    hashes: dict[int, list[str]]
    stray: list[int]
    off_page: dict[int, list[str]]

    def __bool__(self) -> bool:
        return bool(self.overlaps or self.hashes or self.stray or self.off_page)


def print_faults(pages: Sequence[Page], part_of: Callable[[Page], str]) -> PrintFaults:
    return PrintFaults({p.number: o for p in pages if (o := overlaps(p))},
                       {p.number: h for p in pages if (h := hashes(p))}, stray_pages(pages, part_of),
                       {p.number: o for p in pages if (o := off_page(p))})
