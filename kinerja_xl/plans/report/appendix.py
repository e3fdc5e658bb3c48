"""The reviu appendix: every printed figure of a draft that its own arithmetic contradicts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from ...review.compare import ReviewReport
from .blocks import Cell, Row, Table
from .captions import Context
from .tables import fit, head, row, text
from .wording import count_word, join

#: cm of an A4 landscape text column (2 cm margins): the appendix is a landscape section
LANDSCAPE_WIDTH = 25.7


def summary(review: ReviewReport, report_name: str, excluded: Sequence[str] = ()) -> str:
    """What the reviu found, by classification; ``excluded`` names units whose data was left out (their
    figures cannot be recomputed, so findings about them may only mean the data is missing)."""
    findings = review.findings
    if not findings:
        said = (f"Reviu membandingkan setiap angka yang tercetak pada draf {report_name} dengan hitung ulang dari "
                "data unit dan tidak menemukan perbedaan.")
    else:
        counts = Counter(f.klasifikasi for f in findings)
        parts = [f"{count_word(n)} {kind}" for kind, n in counts.most_common()]
        said = (f"Reviu membandingkan setiap angka yang tercetak pada draf {report_name} dengan hitung ulang dari "
                f"data unit dan menemukan {count_word(len(findings))} perbedaan: {join(parts)}. Setiap temuan perlu "
                "diperbaiki pada naskah sebelum laporan ditandatangani.")
    if excluded:
        said += (f" Data {join(list(excluded))} tidak diikutkan, sehingga angka yang bergantung padanya tidak dapat "
                 "dihitung ulang dan temuan atasnya perlu diperiksa kembali setelah datanya lengkap.")
    return said


def _number(value: Decimal | None, source: str, decimals: int) -> Cell:
    return Cell(value, "number", "right", decimals=decimals, source=source)


def reviu(ctx: Context, review: ReviewReport) -> Table | None:
    if not review.findings:
        return None
    body: list[Row] = []
    for i, f in enumerate(review.findings, start=1):
        printed, places = f.places()  # as the Reviu sheet shows them: 117,30 beside a printed 117,29, never 117,3
        body.append(row(text(str(i), "center"), text(f.tabel), text(f"{f.baris} — {f.besaran}"),
                        _number(f.dicetak, f"reviu:{f.kode}:dicetak", printed),
                        _number(f.dihitung, f"reviu:{f.kode}:dihitung", places),
                        _number(f.selisih, f"reviu:{f.kode}:selisih", places), text(f.klasifikasi, "center"),
                        text(f.catatan)))
    header = (row(head("No"), head("Tabel / Bagian"), head("Baris — Besaran"), head("Dicetak"), head("Dihitung"),
                  head("Selisih"), head("Klasifikasi"), head("Catatan")),)
    return Table(
        "reviu",
        ctx.table_caption("reviu", f"Temuan Reviu Angka Draf {ctx.agency.report_name} Tahun {ctx.year}"),
        fit((0.7, 3.6, 3.6, 2.0, 2.0, 1.6, 1.9, 0.0), header + tuple(body), flexible=7, total=LANDSCAPE_WIDTH,
            minimum=8.0, compact=True),
        header, tuple(body), compact=True)
