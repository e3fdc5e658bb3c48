"""The one way kinerja_xl works over many files: in this process, or in worker processes.

Each worker receives the shared state (the catalog and settings) once, through the pool's initializer,
then one item at a time: memory does not grow with the batch and the catalog is not pickled per file.

A worker ends when the process that started it dies, however it dies (``kill -9`` included): a forked worker
waiting for its next item would otherwise sleep forever, since it holds the write end of its own queue's pipe
and never sees it close. A daemon thread of each worker watches the parent (its ``multiprocessing`` sentinel,
and on POSIX its parent id, which changes when the parent is gone) and ends the worker at once.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: The state of a worker process: the work function and the shared state its initializer received.
_WORKER: dict[str, Any] = {}
#: How often a worker looks at its parent (seconds): it outlives a killed parent by at most this long.
WATCH_INTERVAL = 0.5


def _init(work: Callable[[Any, Any], Any], shared: Any) -> None:
    _WORKER["work"], _WORKER["shared"] = work, shared
    threading.Thread(target=_watch_parent, args=(os.getppid(),), name="kinerja-xl-induk", daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    """End this worker as soon as its parent is gone (a worker has nothing to write that could be lost)."""
    import multiprocessing  # a worker's: a run in one process never imports it
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    sentinel = [parent.sentinel] if parent is not None else []
    while True:
        if sentinel and wait(sentinel, timeout=WATCH_INTERVAL):
            os._exit(1)
        if not sentinel:
            threading.Event().wait(WATCH_INTERVAL)
        if os.name == "posix" and os.getppid() != parent_pid:  # re-parented: the parent died
            os._exit(1)


def _call(item: Any) -> Any:
    return _WORKER["work"](_WORKER["shared"], item)


def _call_chunk(items: list[Any]) -> list[Any]:
    work, shared = _WORKER["work"], _WORKER["shared"]
    return [work(shared, item) for item in items]


def parallel_map(work: Callable[[S, T], R], items: Sequence[T], shared: S, *, jobs: int = 1,
                 max_chunk: int = 16, share: bool = False) -> Iterator[R]:
    """``work(shared, item)`` for every item, in input order; in ``jobs`` worker processes when
    ``jobs > 1`` and there is more than one item. ``work`` must be a module-level function (picklable).

    ``share``: this process is one of the ``jobs``: ``jobs - 1`` workers take the items in chunks, in order, and
    whenever the next result is not ready this process takes the first chunk no worker has begun and does it
    itself (so it works instead of waiting, and what it does is neither pickled nor sent back); results it made
    ahead of the workers wait for them, a few chunks at most."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield work(shared, item)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(max_chunk, len(items) // (jobs * 4)))
    if not share:
        with ProcessPoolExecutor(max_workers=min(jobs, len(items)), initializer=_init,
                                 initargs=(work, shared)) as pool:
            yield from pool.map(_call, items, chunksize=chunk)
        return
    chunks = _tapered(items, chunk, jobs)
    with ProcessPoolExecutor(max_workers=jobs - 1, initializer=_init, initargs=(work, shared)) as pool:
        futures = [pool.submit(_call_chunk, part) for part in chunks]
        done_here: dict[int, list[R]] = {}
        taken = 0  # chunks before this one are begun (by a worker or here) or done
        for index, future in enumerate(futures):
            while index not in done_here and not future.done():
                taken = max(taken, index)
                while taken < len(chunks) and not (taken not in done_here and futures[taken].cancel()):
                    taken += 1
                if taken == len(chunks):
                    break  # every chunk is begun: wait for this one
                done_here[taken] = [work(shared, item) for item in chunks[taken]]
            yield from done_here.pop(index) if index in done_here else future.result()


def _tapered(items: Sequence[T], size: int, jobs: int) -> list[list[T]]:
    """``items`` in order, in chunks of ``size`` that shrink towards the end (each at most half of an even share
    of what is left), so the processes finish close together: none waits long for another's last chunk."""
    chunks: list[list[T]] = []
    start = 0
    while start < len(items):
        count = max(1, min(size, (len(items) - start) // (2 * jobs)))
        chunks.append(list(items[start:start + count]))
        start += count
    return chunks


def parallel_stream(work: Callable[[S, T], R], items: Iterable[T], shared: S, *, jobs: int = 1,
                    window: int = 16, affinity: Callable[[T], Hashable] | None = None) -> Iterator[R]:
    """``work(shared, item)`` for every item, in input order, taking the items only as they are needed: at most
    ``window`` are in the workers or waiting to be taken back, so a lazily made item (a file read by the caller)
    is held no longer than that. In this process when ``jobs <= 1``.

    ``affinity``: items with the same key go to the same worker while it is not behind the others (keys dealt out
    in turn as they first appear), so what a worker builds for one key (the templates of a layout) is mostly built
    once in the batch, not once a worker; a long run of one key is shared out as it would be without."""
    if jobs <= 1:
        for item in items:
            yield work(shared, item)
        return
    from concurrent.futures import Future, ProcessPoolExecutor

    pools = [ProcessPoolExecutor(max_workers=1 if affinity is not None else jobs, initializer=_init,
                                 initargs=(work, shared)) for _ in range(jobs if affinity is not None else 1)]
    dealt: dict[Hashable, int] = {}
    pending: deque[tuple[int, Future[R]]] = deque()
    load = [0] * len(pools)

    def taken() -> R:
        index, future = pending.popleft()
        load[index] -= 1
        return future.result()

    try:
        for item in items:
            index = dealt.setdefault(affinity(item) if affinity is not None else None, len(dealt) % len(pools))
            if load[index] > min(load) + 1:  # behind the others: the least busy worker takes it
                index = load.index(min(load))
            load[index] += 1
            pending.append((index, pools[index].submit(_call, item)))
            while pending and (len(pending) >= window or pending[0][1].done()):
                yield taken()
        while pending:
            yield taken()
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
