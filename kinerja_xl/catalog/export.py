"""Catalog as printable lines and as plain data (for ``kinerja-xl katalog``)."""

from __future__ import annotations

from typing import Any

from ..numbers import show_number
from .schema import Catalog, Node, TargetRange


def _plain(t: Any) -> Any:
    if t is None:
        return None
    if isinstance(t, TargetRange):
        return [float(t.low), float(t.high)]
    return float(t)


def _target(node: Node, year: int) -> Any:
    return _plain(node.target_for(year))


def target_text(node: Node, year: int) -> str | None:
    """The target as the CLI prints it: Indonesian notation, a range as ``7–8``."""
    t = node.target_for(year)
    return None if t is None else str(t) if isinstance(t, TargetRange) else show_number(t)


def catalog_lines(catalog: Catalog) -> list[str]:
    lines = [f"{catalog.ministry} — tahun {catalog.year} — Perjanjian Kinerja {catalog.agreement_version}",
             f"Pembulatan: {catalog.rounding.mode}, {catalog.rounding.digits} desimal"
             + (f"; batas capaian {show_number(catalog.default_cap)}" if catalog.default_cap is not None else ""),
             f"{catalog.agency.unit_term}: " + ", ".join(f"{u.code} ({u.name})" for u in catalog.units), ""]

    def walk(node: Node, depth: int) -> None:
        target = target_text(node, catalog.year)
        polarity = " · turun (makin kecil makin baik)" if node.polarity == "turun" and node.has_target else ""
        cap = f" · batas capaian {show_number(node.cap)}" if node.cap is not None and node.has_target \
            and node.cap != catalog.default_cap else ""
        quarters = " · triwulan " + "/".join(f"{p} {t if isinstance(t, TargetRange) else show_number(t)}"
                                               for p, t in sorted(node.period_targets.items())) \
            if node.period_targets else ""
        extra = (f" · target {target}" if target is not None else "") + quarters + polarity + cap
        method = f" [{node.method}]" if node.method else ""
        owners = f" · {', '.join(node.owners)}" if node.owners and node.is_leaf else ""
        lines.append(f"{'  ' * depth}{node.code}{method}{extra}{owners} — {node.name}")
        for child in node.children:
            walk(child, depth + 1)

    for goal in catalog.goals:
        walk(goal, 0)
    if catalog.warnings:
        lines += ["", f"Peringatan katalog ({len(catalog.warnings)}):"] + [f"  {w}" for w in catalog.warnings]
    return lines


def catalog_tree(catalog: Catalog) -> dict[str, Any]:
    def node(n: Node) -> dict[str, Any]:
        out: dict[str, Any] = {"kode": n.code, "nama": n.name, "tingkat": n.level, "metode": n.method,
                               "pemilik": list(n.owners), "polaritas": n.polarity,
                               "target": {str(y): _target(n, y) for y in sorted(n.targets)},
                               **({"target_triwulan": {p: _plain(t) for p, t in sorted(n.period_targets.items())}}
                                  if n.period_targets else {}),
                               "isian": [{"kunci": f.key, "label": f.label, "jenis": f.kind, "pemilik": list(f.owners)}
                                         for f in n.inputs()]}
        if n.children:
            out["anak"] = [node(c) for c in n.children]
        return out

    return {"id": catalog.id, "hash": catalog.content_hash, "tahun": catalog.year,
            "kementerian": catalog.ministry, "unit": [{"kode": u.code, "nama": u.name} for u in catalog.units],
            "sasaran": [node(g) for g in catalog.goals],
            **({"peringatan": [str(w) for w in catalog.warnings]} if catalog.warnings else {})}
