"""``model.evolve``: ``dataclasses.replace`` for the records every file of a batch passes through."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given, strategies as st

from kinerja_xl.ledger import Sighting
from kinerja_xl.model import FileVersion, UnitSubmission, evolve
from kinerja_xl.problems import problem

#: The records the batch evolves: no __post_init__ (which replace would run again) and no state beside the fields.
RECORDS = (UnitSubmission, FileVersion, Sighting)

texts = st.text(max_size=12)


def _submission(unit: str | None, version: FileVersion | None) -> UnitSubmission:
    return UnitSubmission("a.xlsx", unit, 2023, "TW1", identity={"unit": unit or ""},
                          problems=(problem("berkas-kosong", file="a.xlsx"),), version=version)


def _sighting(location: str) -> Sighting:
    return Sighting("ab" * 32, "a.xlsx", location, 10, "2023-01-01", "ITJEN", 2023, "TW1", "k", "h", "ok",
                    {"galat": 0})


def test_the_records_evolved_have_nothing_replace_would_run_or_miss():
    for cls in RECORDS:
        assert dataclasses.is_dataclass(cls) and not hasattr(cls, "__post_init__")
        assert cls.__dataclass_params__.frozen and not hasattr(cls, "__slots__")
        assert all(f.init for f in dataclasses.fields(cls))


@given(sha=texts, size=st.integers(0, 10**9), seen=texts, locked=st.booleans(), unit=st.none() | texts,
       location=texts)
def test_evolve_gives_what_replace_gives(sha, size, seen, locked, unit, location):
    version = FileVersion(sha, size, size * 1000)
    for record, changes in ((version, {"first_seen": seen, "locked": locked}),
                            (_submission(unit, None), {"version": version}),
                            (_submission(unit, version), {"version": evolve(version, first_seen=seen), "unit": unit}),
                            (_sighting("x"), {"location": location})):
        before = pickle.dumps(record)
        evolved = evolve(record, **changes)
        expected = dataclasses.replace(record, **changes)
        assert evolved == expected and type(evolved) is type(expected)
        assert repr(evolved) == repr(expected)
        assert pickle.loads(pickle.dumps(evolved)) == expected  # as sent back by a worker
        assert pickle.dumps(record) == before  # the original unchanged
        with pytest.raises(dataclasses.FrozenInstanceError):
            evolved.__setattr__(next(iter(changes)), None)  # still frozen


def test_evolve_refuses_a_name_that_is_not_a_field():
    with pytest.raises(TypeError, match="versi"):
        evolve(FileVersion("a"), versi="b")
    with pytest.raises(TypeError):
        dataclasses.replace(FileVersion("a"), versi="b")  # as replace does


def test_evolve_makes_no_more_objects_for_the_collector_than_replace():
    """Filled attribute by attribute, as __init__ fills it: a copy made through ``__dict__`` carried a dict more per
    record, and the collector's extra work brought a full collection into a run of 1,000 files."""
    import gc

    record = _submission("ITJEN", FileVersion("a"))

    def tracked_after(make) -> int:  # noqa: ANN001
        gc.collect()
        before = len(gc.get_objects())
        kept = [make() for _ in range(200)]
        added = len(gc.get_objects()) - before
        del kept
        return added

    assert tracked_after(lambda: evolve(record, unit="REHSOS")) <= tracked_after(
        lambda: dataclasses.replace(record, unit="REHSOS"))
