"""The notation of printed figures: what a report's table prints and how each figure is checked.

A :class:`PrintedRow` is one figure as the report prints it: a stable key ``TABEL|BARIS|BESARAN``
(``T3.1|SS2|capaian``), Indonesian labels, its source location and the checks that recompute it:
:class:`EngineFigure` (a figure of the engine, from the units' raw figures), :class:`RawFigure` (a raw
figure of the units, e.g. a count printed in a table), :class:`Total` (sum of other printed rows: a
total), and the table's own arithmetic on its printed figures: :class:`Ratio`, :class:`Mean`,
:class:`Product`. Layout files and *Dilaporkan* files write checks in a one-line notation
(:func:`parse_checks`)::

    H node measure      engine figure (H- : printed as a decrease, e.g. "penurunan 0,51%")
    I node key          raw figure of the units
    J k1 k2 -k3         sum of printed rows (a total; data)    D k1 -k2   difference in points (derived)
    R k1 -k2 / k3       ratio x 100 of printed rows            A k1 k2    mean       K k1 k2   product
    S id                same quantity as other rows with this id (printed twice: must agree)

Keys ``BARIS|BESARAN`` are relative to the row's own table; several checks are joined with ``&``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineFigure:
    """A figure of the engine (``H``); ``sign`` -1 when printed as a decrease."""

    node: str
    measure: str
    sign: int = 1


@dataclass(frozen=True)
class RawFigure:
    """A raw figure of the units (``I``), summed over the units that supply it."""

    node: str
    key: str


@dataclass(frozen=True)
class Total:
    """The sum of other printed rows (``J``); ``derived`` for a difference in points (``D``)."""

    parts: tuple[str, ...]
    derived: bool = False


@dataclass(frozen=True)
class Ratio:
    """Printed rows as a ratio × 100 (``R``)."""

    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


@dataclass(frozen=True)
class Mean:
    """The mean of printed rows (``A``)."""

    parts: tuple[str, ...]


@dataclass(frozen=True)
class Product:
    """The product of printed rows (``K``)."""

    factors: tuple[str, ...]


Check = EngineFigure | RawFigure | Total | Ratio | Mean | Product


@dataclass(frozen=True)
class PrintedRow:
    key: str
    table: str
    row: str
    quantity: str
    source: str
    checks: tuple[Check, ...] = ()
    same: str | None = None
    percent: bool = False
    whole: bool = False

    @property
    def table_id(self) -> str:
        return self.key.split("|", 1)[0]

    @property
    def quantity_id(self) -> str | None:
        """Rows with the same id print the same quantity (``tidak konsisten`` when they differ)."""
        if self.same:
            return self.same
        for c in self.checks:
            if isinstance(c, EngineFigure):
                return f"hasil:{c.node}:{c.measure}"
            if isinstance(c, RawFigure):
                return f"isian:{c.node}:{c.key}"
        return None

    @property
    def sign(self) -> int:
        return next((c.sign for c in self.checks if isinstance(c, EngineFigure)), 1)


# -- the check notation -------------------------------------------------------------------------------
def parse_checks(text: str, table: str) -> tuple[tuple[Check, ...], str | None]:
    """Parse ``"R a|b / c|d & H SS1 capaian"``; relative keys are resolved against ``table``."""

    def key(token: str) -> str:
        sign, bare = ("-", token[1:]) if token.startswith("-") else ("", token)
        return sign + (f"{table}|{bare}" if bare.count("|") == 1 else bare)

    checks: list[Check] = []
    same = None
    for item in filter(None, (c.strip() for c in (text or "").split("&"))):
        op, *args = item.split()
        if op in ("H", "H-") and len(args) == 2:
            checks.append(EngineFigure(args[0], args[1], -1 if op == "H-" else 1))
        elif op == "I" and len(args) == 2:
            checks.append(RawFigure(args[0], args[1]))
        elif op in ("J", "D") and args:
            checks.append(Total(tuple(map(key, args)), derived=op == "D"))
        elif op == "R" and "/" in args:
            cut = args.index("/")
            checks.append(Ratio(tuple(map(key, args[:cut])), tuple(map(key, args[cut + 1:]))))
        elif op == "A" and args:
            checks.append(Mean(tuple(map(key, args))))
        elif op == "K" and args:
            checks.append(Product(tuple(map(key, args))))
        elif op == "S" and len(args) == 1:
            same = args[0]
        else:
            raise ValueError(f"pemeriksaan tidak dikenal: {item!r} (lihat H, I, J, D, R, A, K, S)")
    return tuple(checks), same


def checks_text(row: PrintedRow) -> str:
    """The row's checks in the notation of :func:`parse_checks` (absolute keys)."""
    parts = []
    for c in row.checks:
        if isinstance(c, EngineFigure):
            parts.append(f"{'H-' if c.sign < 0 else 'H'} {c.node} {c.measure}")
        elif isinstance(c, RawFigure):
            parts.append(f"I {c.node} {c.key}")
        elif isinstance(c, Total):
            parts.append(f"{'D' if c.derived else 'J'} {' '.join(c.parts)}")
        elif isinstance(c, Ratio):
            parts.append(f"R {' '.join(c.numerator)} / {' '.join(c.denominator)}")
        elif isinstance(c, Mean):
            parts.append(f"A {' '.join(c.parts)}")
        else:
            parts.append(f"K {' '.join(c.factors)}")
    if row.same:
        parts.append(f"S {row.same}")
    return " & ".join(parts)


