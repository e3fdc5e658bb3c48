"""Read a unit's Survei sheet: count the answers per unsur and level, the respondents, per jenis layanan.

The sheet holds one row per respondent below a fixed header (:class:`~kinerja_xl.unit_layout.SurveyLayout`);
an answer is 1–4 or one of the questionnaire's words for its unsur. Counting follows the sheet's own
formulas exactly, so the figures the engine computes from these counts are the ones Excel shows: a word
matches without regard to letter case and nothing else (COUNTIF), a number must be 1, 2, 3 or 4, and a
respondent is a row with any answer cell that is not empty (``<>""``). What does not count (an unknown
word, 5, a number typed as text, an Excel error, a row past the sheet's capacity) is kept to be reported
with its cell by :mod:`kinerja_xl.validate.checks`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any, Literal

from ..catalog.survey import LEVELS, fold, word_levels
from ..cells import CellAddress
from ..compute.refs import InputRef
from ..model import ServiceTally
from ..unit_layout import SURVEY_NUMBER_COL, SurveyLayout

#: Jenis layanan shown one by one on Hasil; the rest are counted in the total only.
MAX_SERVICES = 50

BadKind = Literal["skala", "kata", "teks-angka", "spasi", "galat", "jenis"]
ServiceKey = tuple[str, Any]


@dataclass(frozen=True)
class BadAnswer:
    """An answer the sheet's formulas do not count, and why."""

    row: int
    col: int
    item: str
    raw: Any
    kind: BadKind


@dataclass
class SurveyReading:
    """Everything read from one Survei sheet."""

    layout: SurveyLayout
    counts: Counter[tuple[str, int]] = field(default_factory=Counter)
    respondents: int = 0
    bad: list[BadAnswer] = field(default_factory=list)
    silent_rows: list[int] = field(default_factory=list)   # a respondent's other columns, but no answer
    beyond: list[int] = field(default_factory=list)        # answers below the last row the formulas count
    header: list[tuple[int, Any, str]] = field(default_factory=list)  # (column, found, expected)
    population_raw: Any = None
    services: dict[ServiceKey, list[Any]] = field(default_factory=dict)   # key -> [name, respondents, Counter]
    unassigned: int = 0

    @property
    def population(self) -> int | None:
        """The population the workbook gives: a whole number > 0, else None (reported when not empty)."""
        value = self.population_raw
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return int(value) if float(value).is_integer() and value > 0 else None

    def inputs(self) -> dict[InputRef, tuple[Decimal, CellAddress]]:
        """The engine's inputs of the survey (answers per unsur and level, respondents) with the cell of the
        sheet that counts each."""
        out: dict[InputRef, tuple[Decimal, CellAddress]] = {}
        for ref, address in self.layout.input_cells().items():
            if ref.key.endswith(".responden"):
                value = self.respondents
            else:
                item, level = ref.key.rsplit(".", 2)[-2:]
                value = self.counts.get((item, int(level)), 0)
            out[ref] = (Decimal(value), address)
        return out

    def service_tallies(self) -> tuple[tuple[ServiceTally, ...], int]:
        """The jenis layanan in order of appearance (at most :data:`MAX_SERVICES`) and how many were cut."""
        items = list(self.services.values())
        kept = tuple(ServiceTally(name, respondents, dict(counts))
                     for name, respondents, counts in items[:MAX_SERVICES])
        return kept, max(0, len(items) - MAX_SERVICES)


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _service_key(value: Any) -> ServiceKey | None:
    """How Excel's ``=`` compares a jenis layanan: text without regard to case, a number as a number."""
    if isinstance(value, str):
        return ("teks", value.lower()) if value else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return ("angka", float(value))
    return None  # a date, a truth value: not a name the breakdown can compare


def classify_answer(value: Any, levels: dict[str, int]) -> int | BadKind:
    """The level of one non-empty answer, or why the sheet's COUNTIF formulas would not count it."""
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        return "jenis"
    if isinstance(value, (int, float)):
        return int(value) if value in LEVELS else "skala"
    text = str(value)
    level = levels.get(fold(text))
    if level is not None:
        return level
    if text.strip() in ("1", "2", "3", "4"):
        return "teks-angka"
    if fold(text.strip()) in levels:
        return "spasi"
    return "kata"


def read_survey(grid: list[list[Any]], layout: SurveyLayout, errors: dict[tuple[int, int], str] | None = None) \
        -> SurveyReading:
    """Count the answers of the Survei sheet ``grid`` (rows from A1); ``errors`` are its Excel error cells."""
    out = SurveyReading(layout)
    header = grid[layout.header_row - 1] if len(grid) >= layout.header_row else []
    for col, expected in layout.header_texts().items():
        found = header[col - 1] if col <= len(header) else None
        if not (isinstance(found, str) and found.strip().casefold() == expected.casefold()):
            out.header.append((col, found, expected))
    population = layout.population_cell()
    if len(grid) >= population.row and len(grid[population.row - 1]) >= population.col:
        raw = grid[population.row - 1][population.col - 1]
        out.population_raw = None if _blank(raw) else raw
    _tally(out, grid[layout.first_row - 1:], errors or {})
    return out


def tally_rows(rows: list[list[Any]], layout: SurveyLayout) -> SurveyReading:
    """Count respondent rows given from the sheet's first respondent row (each row from column A), as
    :func:`read_survey` counts a sheet: the counts a template pre-filled with these rows shows."""
    out = SurveyReading(layout)
    _tally(out, rows, {})
    return out


def _tally(out: SurveyReading, rows: list[list[Any]], errors: dict[tuple[int, int], str]) -> None:
    """Count ``rows`` into ``out``: column by column where that gives the same counts (no Excel error among
    the cells, no truth value among the answers: the common case, and thousands of times faster per cell),
    else row by row. A test holds the two to the same result for random sheets."""
    if errors or not _tally_by_column(out, rows):
        _tally_by_row(out, rows, errors)


def _tally_by_column(out: SurveyReading, rows: list[list[Any]]) -> bool:
    """The answers of each unsur counted per distinct value (C loops over whole columns); per row only what
    a row decides (answered or not). False, with ``out`` untouched, where a truth value is among the answers
    (``True == 1`` would count it as a 1)."""
    layout = out.layout
    items = [(i.code, layout.answer_col(i.code) - 1, word_levels(i)) for i in layout.spec.items]
    need = max(col for _, col, _ in items) + 1
    if rows and min(map(len, rows)) < need:
        rows = [line if len(line) >= need else [*line, *([None] * (need - len(line)))] for line in rows]
    columns = [list(map(itemgetter(col), rows)) for _, col, _ in items]
    if any(bool in set(map(type, column)) for column in columns):
        return False
    first, count = layout.first_row, len(rows)
    cut = min(count, max(0, layout.last_row - first + 1))  # rows[:cut] are the rows the formulas count
    size = len(items)
    answered = [t.count(None) + t.count("") < size for t in zip(*columns, strict=True)] if columns else [False] * count
    # what the formulas do not count, in the order the row-by-row reading finds it (row, then unsur)
    bad: list[tuple[int, int, BadAnswer]] = []
    levels_of: list[dict[Any, int]] = []  # per unsur: each distinct counted value -> its level
    for j, ((item, col, words), column) in enumerate(zip(items, columns, strict=True)):
        levels: dict[Any, int] = {}
        wrong: dict[Any, BadKind] = {}
        seen = Counter(column)
        for value in seen:
            if value is None or value == "":
                continue
            level = classify_answer(value, words)
            if isinstance(level, int):
                levels[value] = level
            else:
                wrong[value] = level
        levels_of.append(levels)
        if wrong:
            bad += [(i, j, BadAnswer(first + i, col + 1, item, value, wrong[value]))
                    for i, value in enumerate(column) if value in wrong]
        counted = Counter(column[:cut]) if cut < count else seen
        for value, level in levels.items():
            if counted.get(value):
                out.counts[(item, level)] += counted[value]
    bad.sort(key=lambda entry: (entry[0], entry[1]))
    out.bad.extend(entry[2] for entry in bad)
    others = [SURVEY_NUMBER_COL - 1, *(layout.column(c) - 1 for c in layout.columns)]
    for i in range(cut):
        if not answered[i]:
            line = rows[i]
            if any(c < len(line) and not _blank(line[c]) for c in others):
                out.silent_rows.append(first + i)
    out.beyond.extend(first + i for i in range(cut, count) if answered[i])
    counted_rows = [i for i in range(cut) if answered[i]]
    out.respondents += len(counted_rows)
    if "jenis_layanan" in layout.columns:
        service_col = layout.column("jenis_layanan") - 1
        groups: dict[ServiceKey, list[int]] = {}
        for i in counted_rows:
            key = _count_service(out, rows[i], service_col)
            if key is not None:
                groups.setdefault(key, []).append(i)
        for key, members in groups.items():
            tally = out.services[key][2]
            for (item, _, _), column, levels in zip(items, columns, levels_of, strict=True):
                for value, number in Counter([column[i] for i in members]).items():
                    found = levels.get(value)
                    if found is not None:
                        tally[(item, found)] += number
    return True


def _count_service(out: SurveyReading, line: list[Any], service_col: int) -> ServiceKey | None:
    """A counted respondent's jenis layanan: counted in its entry (made at its first respondent, with the
    name as written there), or among the unassigned (None)."""
    name = line[service_col] if service_col < len(line) else None
    key = _service_key(name)
    if key is None:
        out.unassigned += 1
        return None
    out.services.setdefault(key, [name, 0, Counter()])[1] += 1
    return key


def _tally_by_row(out: SurveyReading, rows: list[list[Any]], errors: dict[tuple[int, int], str]) -> None:
    layout = out.layout
    # an answer's level (or why it has none) once per distinct value and unsur: answers repeat by the
    # thousand (keyed by type too: True == 1, but a truth value is no answer)
    items: list[tuple[str, int, dict[str, int], dict[tuple[type, Any], int | BadKind]]] = [
        (i.code, layout.answer_col(i.code) - 1, word_levels(i), {}) for i in layout.spec.items]
    others = [SURVEY_NUMBER_COL - 1, *(layout.column(c) - 1 for c in layout.columns)]
    service_col = layout.column("jenis_layanan") - 1 if "jenis_layanan" in layout.columns else None
    last = layout.last_row
    for row, line in enumerate(rows, start=layout.first_row):
        width = len(line)
        answers: list[tuple[str, int]] = []
        answered = False
        for item, col, levels, known in items:
            value = line[col] if col < width else None
            error = errors.get((row, col + 1)) if errors else None
            if error is not None:
                out.bad.append(BadAnswer(row, col + 1, item, error, "galat"))
                answered = True
                continue
            if value is None or value == "":
                continue
            answered = True
            as_read = (value.__class__, value)
            level = known.get(as_read)
            if level is None:
                level = known[as_read] = classify_answer(value, levels)
            if isinstance(level, int):
                answers.append((item, level))
            else:
                out.bad.append(BadAnswer(row, col + 1, item, value, level))
        if not answered:
            if any(c < width and not _blank(line[c]) for c in others) and row <= last:
                out.silent_rows.append(row)
            continue
        if row > last:
            out.beyond.append(row)
            continue
        out.respondents += 1
        out.counts.update(answers)
        if service_col is not None:
            key = _count_service(out, line, service_col)
            if key is not None:
                out.services[key][2].update(answers)
