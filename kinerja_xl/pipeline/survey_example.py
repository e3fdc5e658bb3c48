"""Synthetic survey answers for the example workbooks: a seeded construction that hits a published IKM exactly.

A report prints each unit's IKM and number of respondents, never the answers behind them. The example
workbooks still need answers, so they are made up, deterministically (a fixed seed, so a regeneration gives
the same bytes) and labelled synthetic: each respondent answers each unsur at random around the IKM's level
(an unsur may lean below or above the others, a few answers are left blank), then single answers are
moved one step up or down until the IKM, computed exactly with the catalog's weight, lies well inside the
rounding interval of the printed value. The engine's own computation of the rows is checked against the
printed value by the caller (:func:`~.examples.build_examples`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..catalog.survey import CONVERSION, SurveySpec
from ..unit_layout import SURVEY_NUMBER_COL, SurveyLayout

#: How far inside the printed value's rounding interval (± 0,005) the exact IKM is placed.
MARGIN = Fraction(1, 1000)
#: Share of answers left blank (a respondent who skipped a question).
BLANK = 0.01


@dataclass(frozen=True)
class SurveyExample:
    """One unit's synthetic survey: the printed IKM and respondents it must give, answers as words (a form
    export pasted as is) or numbers, the jenis layanan its respondents used."""

    ikm: Decimal
    respondents: int
    words: bool = False
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class SurveyProfile:
    """What the synthetic respondents look like: per-unsur leaning of the NRR, and profile vocabularies."""

    seed: str
    year: int
    leaning: Mapping[str, float] = field(default_factory=dict)
    choices: Mapping[str, Sequence[Any]] = field(default_factory=dict)  # profile column -> values
    ages: tuple[int, int] = (18, 70)


def _distribution(mean: float) -> tuple[float, float, float, float]:
    """Probabilities of answers 1–4 with the given mean: rare 1 and 2, the rest 3 and 4."""
    mean = min(max(mean, 3.05), 3.93)
    p1, p2 = 0.004, 0.026
    p4 = mean - 3 + 2 * p1 + p2
    return p1, p2, 1 - p1 - p2 - p4, p4


def _ikm(spec: SurveySpec, sums: list[int], answered: list[int]) -> Fraction:
    weight = Fraction(1, spec.size) if spec.weight is None else Fraction(str(spec.weight))
    return sum((Fraction(s, n) for s, n in zip(sums, answered, strict=True)), Fraction(0)) * weight * int(CONVERSION)


def synthetic_answers(spec: SurveySpec, example: SurveyExample, profile: SurveyProfile,
                      unit: str) -> list[list[int | None]]:
    """Answers (1–4, None for blank) of ``example.respondents`` respondents whose IKM rounds to ``example.ikm``."""
    rng = random.Random(f"{profile.seed}|{unit}|jawaban")
    codes = [i.code for i in spec.items]
    leaning = [profile.leaning.get(c, 0.0) for c in codes]
    centre = float(example.ikm / CONVERSION) - sum(leaning) / len(leaning)
    tables = [_distribution(centre + lean) for lean in leaning]
    rows: list[list[int | None]] = []
    for _ in range(example.respondents):
        row: list[int | None] = [None if rng.random() < BLANK else rng.choices((1, 2, 3, 4), weights=t)[0]
                                 for t in tables]
        if all(a is None for a in row):  # a respondent answers at least one unsur
            row[0] = rng.choices((1, 2, 3, 4), weights=tables[0])[0]
        rows.append(row)
    _adjust(spec, example, rows, rng)
    return rows


def _adjust(spec: SurveySpec, example: SurveyExample, rows: list[list[int | None]], rng: random.Random) -> None:
    """Move single answers one step until the exact IKM lies within ``MARGIN`` of the printed value."""
    size = spec.size
    sums = [sum(r[u] or 0 for r in rows) for u in range(size)]
    answered = [sum(r[u] is not None for r in rows) for u in range(size)]
    target = Fraction(str(example.ikm))
    low, high = target - Fraction(5, 1000) + MARGIN, target + Fraction(5, 1000) - MARGIN
    holders = {(u, level): [i for i, r in enumerate(rows) if r[u] == level] for u in range(size) for level in (2, 3, 4)}
    turn = 0
    for _ in range(50 * len(rows) + 1000):
        ikm = _ikm(spec, sums, answered)
        if low <= ikm <= high:
            return
        up = ikm < low
        u = turn % size
        turn += 1
        source, goal = (3, 4) if up else (4, 3)
        if not holders[(u, source)]:
            source, goal = (2, 3) if up else (3, 2)
        candidates = holders[(u, source)]
        if not candidates:
            continue
        i = candidates.pop(rng.randrange(len(candidates)))
        rows[i][u] = goal
        holders[(u, goal)].append(i)
        sums[u] += goal - source
    raise ValueError(f"jawaban sintetis tidak mencapai IKM {example.ikm} dengan {example.respondents} responden")


def synthetic_rows(layout: SurveyLayout, example: SurveyExample, profile: SurveyProfile) -> list[list[Any]]:
    """The Survei sheet's respondent rows (from column A): number, profile columns, answers (words or numbers)."""
    spec = layout.spec
    answers = synthetic_answers(spec, example, profile, layout.unit)
    rng = random.Random(f"{profile.seed}|{layout.unit}|profil")
    first_day = dt.date(profile.year, 1, 2)
    days = (dt.date(profile.year, 12, 15) - first_day).days
    out: list[list[Any]] = []
    for row in answers:
        line: list[Any] = [None] * (layout.last_col)
        for name in layout.columns:
            col = layout.column(name) - 1
            if name == "tanggal":
                line[col] = first_day + dt.timedelta(days=rng.randrange(days))
            elif name == "usia":
                line[col] = rng.randint(*profile.ages)
            elif name == "jenis_layanan":
                line[col] = rng.choice(example.services) if example.services else None
            elif profile.choices.get(name):
                line[col] = rng.choice(list(profile.choices[name]))
        for item, answer in zip(spec.items, row, strict=True):
            if answer is not None:
                line[layout.answer_col(item.code) - 1] = item.words(answer)[0] if example.words else answer
        out.append(line)
    if "tanggal" in layout.columns:  # responses in the order they came in
        col = layout.column("tanggal") - 1
        out.sort(key=lambda line: line[col])
    for number, line in enumerate(out, start=1):
        line[SURVEY_NUMBER_COL - 1] = number
    return out
