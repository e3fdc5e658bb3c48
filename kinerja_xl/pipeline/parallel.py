"""The one way kinerja_xl works over many files: in this process, or in worker processes.

Each worker receives the shared state (the catalog and settings) once, through the pool's initializer,
then one item at a time: memory does not grow with the batch and the catalog is not pickled per file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: The state of a worker process: the work function and the shared state its initializer received.
_WORKER: dict[str, Any] = {}


def _init(work: Callable[[Any, Any], Any], shared: Any) -> None:
    _WORKER["work"], _WORKER["shared"] = work, shared


def _call(item: Any) -> Any:
    return _WORKER["work"](_WORKER["shared"], item)


def parallel_map(work: Callable[[S, T], R], items: Sequence[T], shared: S, *, jobs: int = 1,
                 max_chunk: int = 16) -> Iterator[R]:
    """``work(shared, item)`` for every item, in input order; in ``jobs`` worker processes when
    ``jobs > 1`` and there is more than one item. ``work`` must be a module-level function (picklable)."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield work(shared, item)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(max_chunk, len(items) // (jobs * 4)))
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), initializer=_init, initargs=(work, shared)) as pool:
        yield from pool.map(_call, items, chunksize=chunk)
