"""The Survei sheet counted two ways: column by column (the common case, fast) and row by row (where an Excel
error or a truth value is among the cells). Both must give the same reading for every sheet, so a random
sheet is counted both ways and compared, on a layout with room for only a few rows (rows past it are
answers the formulas do not count)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.reading.survey import SurveyReading, _tally_by_column, _tally_by_row, read_survey
from kinerja_xl.unit_layout import SurveyLayout, unit_layout
from tests.support.catalogs import survei

CAPACITY = 6


def small_layout(columns: tuple[str, ...] | None = None) -> SurveyLayout:
    layout = unit_layout(survei(), "A").survey
    assert layout is not None
    spec = replace(layout.spec, capacity=CAPACITY, **({"columns": columns} if columns is not None else {}))
    node = replace(layout.source.node, survey=spec)
    return replace(layout, source=replace(layout.source, node=node))


LAYOUTS = [small_layout(), small_layout(())]

answer = st.sampled_from([None, "", 1, 2, 3, 4, 1.0, 4.0, 0, 5, 2.5, "3", " 3", "Sangat sesuai", "sangat SESUAI",
                          " Sesuai", "Tidak sesuai", "Gratis", "entah", dt.date(2025, 1, 2), dt.time(8, 0),
                          float("nan")])
service = st.sampled_from([None, "", "Izin usaha", "IZIN USAHA", "Informasi", 7, 7.0, dt.date(2025, 1, 2)])


def rows_strategy(layout: SurveyLayout) -> st.SearchStrategy[list[list[Any]]]:
    width = layout.last_col

    def line(answers: list[Any], number: Any, name: Any, short: int) -> list[Any]:
        cells: list[Any] = [None] * width
        cells[0] = number
        if "jenis_layanan" in layout.columns:
            cells[layout.column("jenis_layanan") - 1] = name
        for item, value in zip(layout.spec.items, answers, strict=False):
            cells[layout.answer_col(item.code) - 1] = value
        return cells[: width - short]  # a short row: as a reader may give the last cells of a row

    size = layout.spec.size
    answers = st.one_of(st.lists(answer, min_size=size, max_size=size),  # a row left unanswered, or half
                        st.lists(st.sampled_from([None, ""]), min_size=size, max_size=size),
                        st.lists(st.sampled_from([None, 4, "Sangat sesuai"]), min_size=size, max_size=size))
    one = st.builds(line, answers,
                    st.sampled_from([None, 1, "x"]), service, st.sampled_from([0, 0, 0, 1, 4]))
    return st.lists(one, max_size=CAPACITY + 4)


def reading(layout: SurveyLayout, rows: list[list[Any]], by_column: bool) -> SurveyReading:
    out = SurveyReading(layout)
    if by_column:
        assert _tally_by_column(out, rows)
    else:
        _tally_by_row(out, rows, {})
    return out


def same(a: SurveyReading, b: SurveyReading) -> None:
    assert dict(a.counts) == dict(b.counts)
    assert a.respondents == b.respondents
    assert [(x.row, x.col, x.item, x.kind) for x in a.bad] == [(x.row, x.col, x.item, x.kind) for x in b.bad]
    assert all(x.raw is y.raw or x.raw == y.raw for x, y in zip(a.bad, b.bad, strict=True))
    assert a.silent_rows == b.silent_rows and a.beyond == b.beyond and a.unassigned == b.unassigned
    assert [(k, v[0], v[1], dict(v[2])) for k, v in a.services.items()] == \
        [(k, v[0], v[1], dict(v[2])) for k, v in b.services.items()]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), which=st.sampled_from([0, 1]))
def test_counting_by_column_equals_counting_by_row(data: st.DataObject, which: int) -> None:
    layout = LAYOUTS[which]
    rows = data.draw(rows_strategy(layout))
    same(reading(layout, rows, by_column=True), reading(layout, rows, by_column=False))


def test_a_truth_value_among_the_answers_is_counted_row_by_row() -> None:
    layout = LAYOUTS[0]
    line: list[Any] = [None] * layout.last_col
    line[layout.answer_col("U1") - 1] = True
    line[layout.answer_col("U2") - 1] = 1
    assert not _tally_by_column(SurveyReading(layout), [line])  # True == 1: a column count would merge them
    grid: list[list[Any]] = [[None] * layout.last_col for _ in range(layout.first_row - 1)] + [line]
    found = read_survey(grid, layout)
    assert [(b.item, b.kind) for b in found.bad] == [("U1", "jenis")]
    assert dict(found.counts) == {("U2", 1): 1} and found.respondents == 1
