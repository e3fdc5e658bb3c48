"""Which indicators a unit's input sheet shows, held to its definition over random catalogs.

A node has a row on a unit's sheet when some leaf of its subtree has a field the unit supplies in a workbook of
the period (the survey's counts included), and its realisasi is shown there when every leaf of the subtree has
one. The layout works both out once per node, bottom up; this test states them the long way, leaf by leaf.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.catalog.schema import Node
from kinerja_xl.unit_layout import COL_REALISASI, unit_layout, year_and_period_in_file_name
from tests.support.random_catalogs import random_catalog


def _supplied(leaf: Node, unit: str, period: str) -> bool:
    return any(unit in f.owners for f in leaf.inputs(period))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_a_unit_gets_the_rows_of_the_leaves_it_supplies(seed: int) -> None:
    catalog = random_catalog(seed)
    for unit in catalog.units:
        for period in ("tahunan", *catalog.periods):
            layout = unit_layout(catalog, unit.code, catalog.year, period)
            rows = {row.key: row for row in layout.rows}
            for goal in catalog.goals:
                for node in goal.walk():
                    supplied = [_supplied(leaf, unit.code, period) for leaf in node.walk() if leaf.is_leaf]
                    key = f"bagian|{node.code}" if node is goal else f"simpul|{node.code}"
                    assert (key in rows) == any(supplied), (unit.code, period, node.code)
                    if node is not goal and key in rows:
                        shown = COL_REALISASI in rows[key].figures
                        assert shown == (bool(supplied) and all(supplied)), (unit.code, period, node.code)


@pytest.mark.parametrize(("name", "said"), [
    ("kinerja-REHSOS-2023-TW1.xls", (2023, "TW1")),
    ("kinerja-rehsos-2023-tw1.ods", (2023, "TW1")),
    ("kinerja-REHSOS-2023-tahunan.xlsb", (2023, "tahunan")),
    ("REHSOS 2023.xls", (2023, None)),
    ("REHSOS TW1 TW2 2022 2023.xls", (None, None)),  # several: the name tells neither
    ("laporan-12345-TW10.xls", (None, None)),
])
def test_a_file_name_gives_a_year_and_period_only_when_it_gives_one(name, said):
    from tests.factories import get_catalog

    assert year_and_period_in_file_name(name, get_catalog()) == said
