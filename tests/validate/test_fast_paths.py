"""What validation remembers per catalog, and the short ways it takes, give what the general way gives.

Each file of a batch is read with its catalog's limits and checked against the catalog's nodes: both are found
once per catalog (and unit), and must equal what building them afresh gives, for catalogs other than Kemensos'
too. A problem's dictionary (a report's JSON) is built without :func:`dataclasses.asdict`'s deep copy and must
equal it.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.problems import CODES, Problem
from kinerja_xl.reading.safety import FileLimits
from kinerja_xl.validate.checks import _inverse_uncapped
from tests.support.catalogs import pemda, terms, tiny
from tests.support.random_catalogs import random_catalog


def _catalogs(catalog):
    return [catalog, tiny(), pemda(), terms(), *(random_catalog(seed) for seed in range(12))]


def test_the_limits_of_a_catalog_are_built_once_and_as_afresh(catalog):
    for each in _catalogs(catalog):
        limits = FileLimits.for_catalog(each)
        assert limits == FileLimits._for_catalog(each)
        assert FileLimits.for_catalog(each) is limits


def test_the_nodes_a_unit_may_divide_by_zero_are_those_the_catalog_gives(catalog):
    found = 0
    for each in _catalogs(catalog):
        for unit in (u.code for u in each.units):
            general = [n for n in each.walk() if n.polarity == "turun" and n.lower_rule == "terbalik"
                       and n.cap is None and n.supplied_only_by(unit)]
            assert list(_inverse_uncapped(each, unit)) == general
            assert _inverse_uncapped(each, unit) is _inverse_uncapped(each, unit)
            found += len(general)
    assert found > 0  # the catalogs hold such nodes: the comparison is not of two empty lists


text = st.text(max_size=40)


@settings(max_examples=200, deadline=None)
@given(code=st.sampled_from(sorted(CODES)), message=text, file=text, sheet=text, cell=text, field=text, value=text,
       hint=text)
def test_a_problems_dictionary_is_what_asdict_gives(code, message, file, sheet, cell, field, value, hint):
    p = Problem(code, CODES[code].severity, message, file, sheet, cell, field, value, hint)
    assert p.to_dict() == dataclasses.asdict(p)
    assert list(p.to_dict()) == list(dataclasses.asdict(p))


@pytest.mark.parametrize("code", ["isian-kosong", "berkas-ganda"])
def test_a_problems_dictionary_of_a_real_problem(code):
    from kinerja_xl.problems import problem

    p = problem(code, file="a.xlsx", sheet="Isian", cell="D12", label="x", unit="ITJEN", year=2023, period="TW1",
                other="b.xlsx")
    assert p.to_dict() == dataclasses.asdict(p)
