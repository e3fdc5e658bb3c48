"""Catalog as printable lines and as plain data (for ``kinerja-xl katalog``)."""

from __future__ import annotations

from typing import Any

from ..numbers import show_number
from .schema import Catalog, Node, TargetBound, TargetRange, band_legend, target_label


def _plain(t: Any) -> Any:
    """A target as the catalog writes it: a number, ``[bawah, atas]`` or ``{kurang_dari: 10}``."""
    if t is None:
        return None
    if isinstance(t, TargetRange):
        return [float(t.low), float(t.high)]
    if isinstance(t, TargetBound):
        return {t.side: float(t.value)}
    return float(t)


def _target(node: Node, year: int) -> Any:
    return _plain(node.target_for(year))


def target_text(node: Node, year: int) -> str | None:
    """The target as the CLI prints it: Indonesian notation, a range as ``7–8``."""
    t = node.target_for(year)
    return None if t is None else target_label(t)


def catalog_lines(catalog: Catalog) -> list[str]:
    lines = [f"{catalog.ministry} — tahun {catalog.year} — Perjanjian Kinerja {catalog.agreement_version}",
             f"Pembulatan: {catalog.rounding.mode}, {catalog.rounding.digits} desimal"
             + (f"; batas capaian {show_number(catalog.default_cap)}" if catalog.default_cap is not None else "")
             + ("; rumus turun terbalik (target / realisasi × 100)" if catalog.lower_rule == "terbalik" else ""),
             f"{catalog.agency.unit_term}: " + ", ".join(f"{u.code} ({u.name})" for u in catalog.units)]
    if catalog.categories:
        lines.append(band_legend(catalog.categories, show_number, "Kategori capaian"))
    lines.append("")

    def walk(node: Node, depth: int) -> None:
        target = target_text(node, catalog.year)
        polarity = " · turun (makin kecil makin baik)" if node.polarity == "turun" and node.has_target else ""
        if polarity and node.lower_rule != catalog.lower_rule:
            polarity += f", rumus {node.lower_rule}"
        cap = f" · batas capaian {show_number(node.cap)}" if node.cap is not None and node.has_target \
            and node.cap != catalog.default_cap else ""
        quarters = " · triwulan " + "/".join(f"{p} {target_label(t)}" for p, t in sorted(node.period_targets.items())) \
            if node.period_targets else ""
        rate = f" · pengali {show_number(node.ratio_multiplier)}" if node.is_rate and node.method in (
            "rasio", "rasio_gabungan") else ""
        compared = [f"{c.name} {target_label(t)}" for c in node.comparisons if (t := c.target_for(catalog.year))]
        comparisons = " · pembanding: " + "; ".join(compared) if compared else ""
        extra = (f" · target {target}" if target is not None else "") + quarters + polarity + cap + rate + comparisons
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
                               **({"pengali": float(n.ratio_multiplier)} if n.method in ("rasio", "rasio_gabungan")
                                  else {}),
                               **({"rumus_turun": n.lower_rule} if n.polarity == "turun" else {}),
                               **({"pembanding": [{"nama": c.name,
                                                   "target": {str(y): _plain(t) for y, t in sorted(c.targets.items())}}
                                                  for c in n.comparisons]} if n.comparisons else {}),
                               "isian": [{"kunci": f.key, "label": f.label, "jenis": f.kind, "pemilik": list(f.owners)}
                                         for f in n.inputs()]}
        if n.children:
            out["anak"] = [node(c) for c in n.children]
        return out

    return {"id": catalog.id, "hash": catalog.content_hash, "tahun": catalog.year,
            "kementerian": catalog.ministry, "unit": [{"kode": u.code, "nama": u.name} for u in catalog.units],
            **({"kategori_capaian": [{"min": None if b.minimum is None else float(b.minimum), "label": b.label}
                                     for b in catalog.categories]} if catalog.categories else {}),
            "sasaran": [node(g) for g in catalog.goals],
            **({"peringatan": [str(w) for w in catalog.warnings]} if catalog.warnings else {})}
