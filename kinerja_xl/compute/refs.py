"""What an expression refers to: a unit's raw input or a node's figure.

Apart from :mod:`.expr` (which re-exports them) so that a reader, which names inputs but never builds or
evaluates an expression, starts without the expression classes and the engine.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class InputRef:
    """A raw figure typed by a unit: field ``key`` of catalog node ``node``, supplied by ``unit``."""

    node: str
    key: str
    unit: str

    def __str__(self) -> str:
        return f"{self.node}:{self.key}@{self.unit}"


@dataclass(frozen=True, order=True)
class ResultRef:
    """A computed or catalog figure of a node: ``realisasi``, ``capaian``, ``target``, ..."""

    node: str
    measure: str

    def __str__(self) -> str:
        return f"{self.node}:{self.measure}"


Ref = InputRef | ResultRef
