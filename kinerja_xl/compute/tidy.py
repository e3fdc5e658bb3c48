"""Tidy rows for analysts: one row per unit × node × period (``kinerja-xl ekspor``).

Each unit's rows come from a computation scoped to that unit (its own part of pooled figures); the
ministry rows (unit ``KEMENTERIAN``) come from the consolidated computation.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..catalog.schema import Catalog, Node
from .engine import MINISTRY, Computation, compute
from .expr import InputRef
from .results import json_number

#: ``target`` is a single target; a range target (met anywhere inside) gives ``target_bawah``/``target_atas``.
#: In a quarter with its own target, ``capaian`` is against ``target_periode`` (or its bounds) and
#: ``capaian_tahunan`` against the annual target.
COLUMNS = ("tahun", "periode", "unit", "kode", "tingkat", "nama", "realisasi", "target", "target_bawah",
           "target_atas", "target_periode", "target_periode_bawah", "target_periode_atas", "capaian",
           "capaian_tahunan", "predikat")
_TARGETS = ("target", "target_bawah", "target_atas", "target_periode", "target_periode_bawah", "target_periode_atas")


def _row(c: Computation, node: Node, unit: str, period: str) -> dict[str, Any]:
    digits = c.rounding.digits
    own = unit == MINISTRY or node.supplied_only_by(unit)
    return {
        "tahun": c.year, "periode": period, "unit": unit, "kode": node.code, "tingkat": node.level,
        "nama": node.name, "realisasi": json_number(c.number(node.code, "realisasi"), digits),
        **{column: json_number(c.number(node.code, column)) for column in _TARGETS},
        "capaian": json_number(c.number(node.code, "capaian"), digits) if own else None,
        "capaian_tahunan": json_number(c.number(node.code, "capaian_tahunan"), digits) if own else None,
        "predikat": c.value(node.code, "predikat"),
    }


def tidy_rows(catalog: Catalog, per_unit: Iterable[tuple[str, str, dict[InputRef, Decimal]]],
              consolidated: Computation) -> list[dict[str, Any]]:
    """Rows for each (unit, period, inputs) and for the consolidated computation."""
    rows: list[dict[str, Any]] = []
    for unit, unit_period, values in per_unit:
        c = compute(catalog, values, scope={unit}, year=consolidated.year, period=unit_period)
        for node in catalog.walk():
            if node.level != "sasaran" and c.in_scope(node) and c.number(node.code, "realisasi") is not None:
                rows.append(_row(c, node, unit, unit_period))
    digits = consolidated.rounding.digits
    period = consolidated.period
    for node in catalog.walk():
        if node.level == "sasaran":
            rows.append({"tahun": consolidated.year, "periode": period, "unit": MINISTRY, "kode": node.code,
                         "tingkat": node.level, "nama": node.name, "realisasi": None, **dict.fromkeys(_TARGETS),
                         "capaian": json_number(consolidated.number(node.code, "capaian"), digits),
                         "capaian_tahunan": None, "predikat": None})
        else:
            rows.append(_row(consolidated, node, MINISTRY, period))
    rows.append({"tahun": consolidated.year, "periode": period, "unit": MINISTRY, "kode": MINISTRY,
                 "tingkat": "kementerian", "nama": catalog.ministry, "realisasi": None, **dict.fromkeys(_TARGETS),
                 "capaian": json_number(consolidated.number(MINISTRY, "capaian"), digits),
                 "capaian_tahunan": None, "predikat": None})
    return rows
