"""Tidy rows for analysts: one row per unit × node × period (``kinerja-xl ekspor``).

Each unit's rows come from a computation scoped to that unit (its own part of pooled figures); the
ministry rows (unit ``KEMENTERIAN``) come from the consolidated computation.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..catalog.schema import Catalog, Node, Target, TargetBound
from .engine import MINISTRY, Computation, compute
from .expr import InputRef
from .results import json_number

#: ``target`` is a single target; a range target (met anywhere inside) gives ``target_bawah``/``target_atas``;
#: a one-sided target gives its bound in ``target`` and its side in ``target_batas`` (``kurang_dari`` …).
#: In a quarter with its own target, ``capaian`` is against ``target_periode`` (or its bounds) and
#: ``capaian_tahunan`` against the annual target. ``kategori``: the catalog's category of ``capaian``.
COLUMNS = ("tahun", "periode", "unit", "kode", "tingkat", "nama", "realisasi", "target", "target_bawah",
           "target_atas", "target_batas", "target_periode", "target_periode_bawah", "target_periode_atas",
           "target_periode_batas", "capaian", "kategori", "capaian_tahunan", "predikat")
_TARGETS = ("target", "target_bawah", "target_atas", "target_periode", "target_periode_bawah", "target_periode_atas")
_EMPTY = {**dict.fromkeys(_TARGETS), "target_batas": None, "target_periode_batas": None}


def _side(target: Target | None) -> str | None:
    return target.side if isinstance(target, TargetBound) else None


def _row(c: Computation, node: Node, unit: str, period: str) -> dict[str, Any]:
    digits = c.rounding.digits
    own = unit == MINISTRY or node.supplied_only_by(unit)
    prefix, measured = c.catalog.measured_target(node, c.year, period)
    return _ordered({
        "tahun": c.year, "periode": period, "unit": unit, "kode": node.code, "tingkat": node.level,
        "nama": node.name, "realisasi": json_number(c.number(node.code, "realisasi"), digits),
        **{column: json_number(c.number(node.code, column)) for column in _TARGETS},
        "target_batas": _side(node.target_for(c.year)),
        "target_periode_batas": _side(measured) if prefix == "target_periode" else None,
        "capaian": json_number(c.number(node.code, "capaian"), digits) if own else None,
        "kategori": (c.value(node.code, "kategori") or None) if own else None,
        "capaian_tahunan": json_number(c.number(node.code, "capaian_tahunan"), digits) if own else None,
        "predikat": c.value(node.code, "predikat"),
    })


def _ordered(row: dict[str, Any]) -> dict[str, Any]:
    return {column: row[column] for column in COLUMNS}


def tidy_rows(catalog: Catalog, per_unit: Iterable[tuple[str, str, dict[InputRef, Decimal]]],
              consolidated: Computation) -> list[dict[str, Any]]:
    """Rows for each (unit, period, inputs) and for the consolidated computation."""
    rows: list[dict[str, Any]] = []
    for unit, unit_period, values in per_unit:
        c = compute(catalog, values, scope={unit}, year=consolidated.year, period=unit_period)
        for node in catalog.walk():
            if node.level != "sasaran" and c.in_scope(node) and c.number(node.code, "realisasi") is not None:
                rows.append(_row(c, node, unit, unit_period))
    for node in catalog.walk():
        if node.level == "sasaran":
            rows.append(_mean_row(consolidated, node.code, node.level, node.name))
        else:
            rows.append(_row(consolidated, node, MINISTRY, consolidated.period))
    rows.append(_mean_row(consolidated, MINISTRY, "kementerian", catalog.ministry))
    return rows


def _mean_row(c: Computation, code: str, level: str, name: str) -> dict[str, Any]:
    """A sasaran's or the instansi's row: a mean capaian (and its category), nothing else."""
    return _ordered({"tahun": c.year, "periode": c.period, "unit": MINISTRY, "kode": code, "tingkat": level,
                     "nama": name, "realisasi": None, **_EMPTY,
                     "capaian": json_number(c.number(code, "capaian"), c.rounding.digits),
                     "kategori": c.value(code, "kategori") or None, "capaian_tahunan": None, "predikat": None})
