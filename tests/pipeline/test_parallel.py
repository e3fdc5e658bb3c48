"""parallel_map: every item once, in input order, whoever does it."""

from __future__ import annotations

import os
import time

import pytest

from kinerja_xl.pipeline.parallel import parallel_map


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
