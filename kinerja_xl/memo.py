"""Remembering what is derived from an immutable owner, on the owner itself.

Plans, layouts and reading plans follow from a catalog (or a layout) alone. Kept with their owner they
live exactly as long as it does: a long-lived Excel process that loads a new catalog drops the old
catalog's plans with it, where a global cache keyed by ``id()`` would grow (and could mistake a new
object for a dead one with the same id).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
_STORE = "_memo_store"


class Memoized:
    """Mixin for frozen dataclasses: :meth:`memo` keeps what ``build()`` gives, per key, on the instance."""

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        # written into __dict__ directly: a frozen dataclass forbids setattr, and the store takes no part
        # in equality, hashing or repr (it is not a field)
        store: dict[Hashable, Any] = self.__dict__.setdefault(_STORE, {})
        try:
            return store[key]  # type: ignore[no-any-return]
        except KeyError:
            value = store[key] = build()
            return value

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (e.g. for worker processes) without what it remembered: cheap to rebuild there."""
        state = dict(self.__dict__)
        state.pop(_STORE, None)
        return state


def remember(store: dict[K, T], key: K, value: T, limit: int) -> T:
    """Keep ``value`` under ``key`` in ``store``, a module's cache of what follows from part contents (the files
    of a batch made from one template share them), and return it; emptied when it holds ``limit`` entries, so a
    batch of many templates starts afresh instead of growing."""
    if len(store) >= limit:
        store.clear()
    store[key] = value
    return value
