"""The Survei Kepuasan Masyarakat (SKM) a catalog node may take its value from: questionnaire, weights, sample.

A node declares ``survei:`` (docs/katalog.md): its value (or, for ``rata_rata_tertimbang``, each group's
value and weight) is computed from a *Survei* sheet in the owner unit's workbook, one row per respondent
and one column per unsur. The questionnaires the regulations prescribe (PermenPANRB 14/2017, nine unsur;
KepMenPAN 25/2004, fourteen) and the Krejcie–Morgan sample table are data (``data/kuesioner-skm.yaml``);
this module holds their shape and the few rules on them. No file or spreadsheet library is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache
from pathlib import Path
from typing import Any

from .safe_yaml import load_yaml

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "kuesioner-skm.yaml"

#: The scale of every answer: 1 (worst) to 4 (best).
LEVELS = (1, 2, 3, 4)
#: IKM = the weighted sum of the NRR (a value on the 1–4 scale) × 25 (PermenPANRB 14/2017: "nilai dasar").
CONVERSION = Decimal(25)
#: Optional columns of the Survei sheet before the answers, in the questionnaire's order, with their titles.
COLUMNS = {
    "tanggal": "Tanggal survei",
    "jenis_kelamin": "Jenis kelamin",
    "usia": "Usia",
    "pendidikan": "Pendidikan",
    "pekerjaan": "Pekerjaan",
    "jenis_layanan": "Jenis layanan",
}
#: Respondent rows the Survei sheet's formulas cover unless the catalog says otherwise.
DEFAULT_CAPACITY = 20000
MAX_CAPACITY = 1_000_000
#: The most decimals ``pembulatan_nrr`` may keep (the NRR, 1–4, is shown with 3).
MAX_NRR_DIGITS = 6
#: Characters an answer word may not contain: COUNTIF would read them as wildcards or operators.
UNSAFE_WORD_CHARS = frozenset("*?~<>=")


@dataclass(frozen=True)
class SurveyItem:
    """One unsur: its column code (``U1``), its name and the accepted words of each level 1–4 (the first word
    of a level is the questionnaire's, the others spellings met in online forms)."""

    code: str
    name: str
    answers: tuple[tuple[str, ...], ...]

    def words(self, level: int) -> tuple[str, ...]:
        return self.answers[level - 1]

    def choices_text(self) -> str:
        """``1 Tidak sesuai · 2 Kurang sesuai · 3 Sesuai · 4 Sangat sesuai``."""
        return " · ".join(f"{level} {self.words(level)[0]}" for level in LEVELS)


@dataclass(frozen=True)
class SurveySpec:
    """What a node's ``survei:`` declares, resolved against the questionnaire data."""

    questionnaire: str
    questionnaire_name: str
    items: tuple[SurveyItem, ...]
    #: The weight of each unsur's NRR; ``None``: exactly 1 / number of unsur.
    weight: Decimal | None = None
    #: The periods whose workbooks carry a Survei sheet (others type the value, as without a survey).
    periods: tuple[str, ...] = ()
    columns: tuple[str, ...] = tuple(COLUMNS)
    #: The population served, per unit (the Krejcie–Morgan minimum sample); the workbook may give its own.
    population: dict[str, int] = field(default_factory=dict)
    capacity: int = DEFAULT_CAPACITY
    #: Decimals each unsur's NRR is rounded to (Excel's ROUND) before it is weighted, converted and summed, as
    #: some agencies compute the index; ``None`` (the regulation's formula): unrounded.
    nrr_digits: int | None = None

    @property
    def size(self) -> int:
        return len(self.items)

    def weight_value(self) -> Decimal:
        """The weight as a number: the catalog's rounded one, or 1/N at the engine's working precision."""
        if self.weight is not None:
            return self.weight
        with localcontext(Context(prec=34)):
            return Decimal(1) / Decimal(self.size)

    def weight_text(self) -> str:
        """``1/9`` or ``0,111``: how the workbooks and the report name the convention."""
        if self.weight is None:
            return f"1/{self.size}"
        return format(self.weight.normalize(), "f").replace(".", ",")

    def nrr_text(self) -> str:
        """How the NRR enter the index, said after the weight: nothing for the regulation's unrounded NRR,
        ``; NRR setiap unsur dibulatkan 2 desimal`` with ``pembulatan_nrr``."""
        return "" if self.nrr_digits is None else f"; NRR setiap unsur dibulatkan {self.nrr_digits} desimal"

    def active(self, period: str) -> bool:
        return period in self.periods

    def item(self, code: str) -> SurveyItem:
        return next(i for i in self.items if i.code == code)


def rounded_weights(size: int) -> tuple[Decimal, ...]:
    """The ways agencies write 1/N: rounded half up or cut at 2, 3 and 4 decimals (1/9: 0,11 · 0,111 · 0,1111),
    without repeats. A catalog's ``bobot_unsur`` must be one of them (or ``1/N`` itself)."""
    exact = Decimal(1) / Decimal(size)
    out: list[Decimal] = []
    for digits in (2, 3, 4):
        for mode in (ROUND_HALF_UP, ROUND_DOWN):
            value = exact.quantize(Decimal(1).scaleb(-digits), rounding=mode)
            if value not in out and value > 0:
                out.append(value)
    return tuple(out)


# -- the data file ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data = load_yaml(DATA_FILE.read_text(encoding="utf-8"))  # as a catalog is read
    if not isinstance(data, dict):  # pragma: no cover - packaged data
        raise ValueError(f"{DATA_FILE}: isi tidak valid")
    return data


def questionnaire_ids() -> tuple[str, ...]:
    return tuple(_data()["kuesioner"])


def default_questionnaire(size: int) -> str | None:
    """The questionnaire of N unsur (9: PermenPANRB 14/2017; 14: KepMenPAN 25/2004), None for another N."""
    found = _data()["bawaan"].get(size)
    return None if found is None else str(found)


def questionnaire(qid: str) -> tuple[str, tuple[SurveyItem, ...]]:
    """(name, unsur) of a packaged questionnaire."""
    entry = _data()["kuesioner"][qid]
    items = tuple(SurveyItem(str(u["kode"]), str(u["nama"]), tuple(tuple(str(w) for w in level)
                                                                     for level in u["jawaban"]))
                  for u in entry["unsur"])
    return str(entry["nama"]), items


@lru_cache(maxsize=1)
def _sample_table() -> tuple[tuple[int, int], ...]:
    return tuple((int(n), int(s)) for n, s in _data()["krejcie_morgan"])


def minimum_sample(population: int) -> int:
    """The Krejcie–Morgan minimum sample for ``population`` (the table's next row up; the whole population
    below the first row; 384 beyond the last)."""
    table = _sample_table()
    if population <= 0:
        return 0
    if population < table[0][0]:
        return population
    for size, sample in table:
        if population <= size:
            return sample
    return table[-1][1]


# -- answers ------------------------------------------------------------------------------------------
def fold(word: str) -> str:
    """How answers are compared: letter case ignored, nothing else (Excel's COUNTIF, which the Survei sheet
    counts with, ignores case only; a stray space makes another word for it, and so for kinerja_xl)."""
    return word.lower()


def word_levels(item: SurveyItem) -> dict[str, int]:
    """Folded accepted word -> its level, for one unsur."""
    return {fold(word): level for level in LEVELS for word in item.words(level)}
