"""parallel_map: every item once, in input order, whoever does it."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.pipeline.parallel import _tapered, parallel_map


def _pid_after(pause: float, item: int) -> tuple[int, int]:
    time.sleep(pause)
    return item, os.getpid()


@pytest.mark.parametrize("share", [False, True])
@pytest.mark.parametrize("count, jobs", [(0, 2), (1, 2), (7, 2), (97, 2), (60, 3)])
def test_every_item_once_in_order(count: int, jobs: int, share: bool) -> None:
    results = list(parallel_map(_pid_after, list(range(count)), 0.002, jobs=jobs, max_chunk=4, share=share))
    assert [item for item, _ in results] == list(range(count))


def test_the_calling_process_shares_the_work_with_its_workers() -> None:
    """With ``share`` the caller is one of the jobs: it does chunks no worker has begun, and the one worker does
    the others (a caller that only waited, or did everything, would fail this)."""
    pids = [pid for _, pid in parallel_map(_pid_after, list(range(80)), 0.01, jobs=2, max_chunk=4, share=True)]
    assert os.getpid() in pids
    assert len(set(pids)) == 2


@settings(max_examples=200, deadline=None)
@given(count=st.integers(0, 3000), size=st.integers(1, 64), jobs=st.integers(2, 8))
def test_shared_chunks_taper_towards_the_end(count: int, size: int, jobs: int) -> None:
    """The chunks of a shared run: every item once, in order, none larger than ``size`` nor than half of an even
    share of what is left when it begins (so the last ones are small and the processes end together)."""
    chunks = _tapered(list(range(count)), size, jobs)
    assert [item for chunk in chunks for item in chunk] == list(range(count))
    left = count
    for chunk in chunks:
        assert 1 <= len(chunk) <= max(1, min(size, left // (2 * jobs)))
        left -= len(chunk)
    assert all(len(a) >= len(b) for a, b in zip(chunks, chunks[1:], strict=False))
    if count >= 2 * jobs:
        assert len(chunks[-1]) == 1
