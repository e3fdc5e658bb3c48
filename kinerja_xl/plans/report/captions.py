"""Captions: the catalog's number and title for each table, and one numbering rule for the whole document.

The catalog (``laporan.tabel``) numbers and titles the tables it knows (for example by
chapter); every other table keeps its plain title. A label the catalog numbers somewhere
keeps only its numbers, so no invented plain number stands beside the catalog's; a label it never numbers
(every figure, every table of a catalog without ``laporan.tabel``) is numbered 1, 2, 3 … in document
order, as Word's SEQ field counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...catalog.schema import Agency, Catalog
from ...unit_layout import period_label, period_span, year_words
from .blocks import Block, Caption, Figure, Table
from .facts import ReportFacts

#: What a goal is called when the catalog's sasaran carry no ``jenis`` of their own.
GOAL_TERM = "Sasaran Strategis"


@dataclass(frozen=True)
class Context:
    """What every part of the plan reads: the figures and the catalog (its words and table titles)."""

    facts: ReportFacts
    catalog: Catalog

    @property
    def year(self) -> int:
        return self.facts.year

    @property
    def digits(self) -> int:
        return self.facts.digits

    @property
    def quarter(self) -> bool:
        """A (cumulative) quarter rather than the whole year."""
        return self.facts.period != "tahunan"

    @property
    def period_name(self) -> str:
        """"Triwulan II"; "Tahunan" for the year."""
        return period_label(self.facts.period)

    @property
    def year_words(self) -> str:
        """Where a title says "Tahun …": ``2023``, ``2023 s.d. Triwulan II``."""
        return year_words(self.year, self.facts.period)

    @property
    def span(self) -> str:
        """Where a sentence says when: ``tahun 2023``, ``s.d. Triwulan II 2023``."""
        return period_span(self.year, self.facts.period)

    @property
    def realisasi_head(self) -> str:
        """The realisasi column's title: ``Realisasi 2023``, ``Realisasi s.d. Triwulan II``."""
        return f"Realisasi s.d. {self.period_name}" if self.quarter else f"Realisasi {self.year}"

    @property
    def agency(self) -> Agency:
        return self.catalog.agency

    @property
    def kind(self) -> str:
        """The kind of instansi in running text: "kementerian", "lembaga", "pemerintah daerah"."""
        return self.agency.kind_label.lower()

    @property
    def goal_term(self) -> str:
        """"Sasaran Strategis", or the ``jenis`` every sasaran of the catalog declares (e.g. "Sasaran")."""
        kinds = {g.kind for g in self.catalog.goals}
        only = kinds.pop() if len(kinds) == 1 else ""
        return only or GOAL_TERM

    def table_caption(self, key: str, default: str, **words: object) -> Caption:
        """The caption of table ``key``: the catalog's number and title (its template words filled in,
        ``{kode}``, ``{nama}``, ``{nomor}`` from ``words``), else ``default`` numbered by the document."""
        # the run's year (with its quarter), not only the catalog's
        fields = {"tahun": year_words(self.year, self.facts.period), "tahun_lalu": self.year - 1, **words}
        title = self.catalog.table_title(key, default, **fields)
        label = self.catalog.table_label(key)  # word and number, when the catalog numbers it
        written = self.catalog.tables.get(key)
        if self.quarter and written is not None and _OTHER_YEARS.search(written.title or ""):
            # the annual report's title, comparing with other years: a quarter's table holds no other year
            title = f"{label} {default} Tahun {self.year_words}" if label else f"{default} Tahun {self.year_words}"
        if label:
            word, _, number = label.partition(" ")
            return Caption(word, number, title[len(label):].strip(), "katalog")
        return Caption("Tabel", None, title, "otomatis")

    @staticmethod
    def figure_caption(text: str) -> Caption:
        """Figures are numbered by the document ("Gambar 1 …"): the catalog titles only tables."""
        return Caption("Gambar", None, text, "otomatis")


#: What in a catalog's table title compares with other years than the report's ("Perbandingan … Tahun 2022 dan
#: 2023", "Tahun 2020-{tahun} dan Target {tahun_akhir}"): a quarter's table compares with none, and gets its own.
_OTHER_YEARS = re.compile(r"\{tahun_lalu\}|\{tahun_akhir\}|\b(?:19|20)[0-9]{2}\b|\bperbandingan\b", re.I)


def number_captions(blocks: list[Block]) -> list[Block]:
    """Resolve the provisional ``otomatis`` captions (see the module docstring)."""
    captioned = [b for b in blocks if isinstance(b, (Table, Figure))]
    by_layout = {b.caption.label for b in captioned if b.caption.numbering == "katalog"}
    counters: dict[str, int] = {}
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, (Table, Figure)) and block.caption.numbering == "otomatis":
            cap = block.caption
            if cap.label in by_layout:
                new = Caption(cap.label, None, cap.text, "tanpa")
            else:
                counters[cap.label] = counters.get(cap.label, 0) + 1
                new = Caption(cap.label, str(counters[cap.label]), cap.text, "otomatis")
            block = replace(block, caption=new)
        out.append(block)
    return out
