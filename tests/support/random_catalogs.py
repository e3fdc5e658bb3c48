"""Random valid catalogs and random valid figures for them, for property tests that keep kinerja_xl general.

:func:`random_catalog` builds, from a seed, a catalog in the documented YAML format: 1–4 units, 1–3
sasaran, trees of depth 1–3 with every realisasi method, both polarities, number and range targets,
caps, earlier realisasi, shared ownership and each optional budget part present or absent; and the terms of
printed reports: rates (``pengali``), one-sided targets, ``pembanding``, ``rumus_turun`` and capaian categories.
:func:`random_figures` gives every input field a value a unit could really type (a numerator never above
its denominator unless it is a rate, a sample never above its population, values inside their declared range).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import yaml

from kinerja_xl.catalog import Catalog, parse_catalog
from kinerja_xl.catalog.schema import InputField
from kinerja_xl.compute.expr import InputRef

YEAR = 2025
LEAVES = ("rasio", "rasio_gabungan", "periode_puncak", "rata_rata_tertimbang", "langsung")
COMPOSITES = ("rata_rata", "jumlah", "jumlah_berbobot")


class _Tree:
    def __init__(self, rng: random.Random, units: list[str]):
        self.rng = rng
        self.units = units
        self.count = 0

    def code(self, parent: str) -> str:
        self.count += 1
        return f"{parent}.{self.count}"

    def owners(self, shared: bool = True) -> list[str]:
        k = self.rng.randint(1, min(2, len(self.units))) if shared else 1
        return self.rng.sample(self.units, k)

    def target(self, polarity: str = "naik") -> Any:
        """A number, a range or (issue 24) a one-sided target whose side agrees with ``polarity``."""
        if self.rng.random() < 0.3:
            low = self.rng.randint(5, 80)
            return [low, low + self.rng.randint(0, 15)]
        value = self.rng.choice([50, 75, 80, 90, 95, 99.5, 100, 120, 7.25])
        if self.rng.random() < 0.25:
            sides = ("kurang_dari", "paling_banyak") if polarity == "turun" else ("lebih_dari", "paling_sedikit")
            return {self.rng.choice(sides): value}
        return value

    def leaf(self, code: str, name: str) -> dict[str, Any]:
        method = self.rng.choice(LEAVES)
        node: dict[str, Any] = {"kode": code, "nama": name, "metode": method}
        if method in ("rasio", "rasio_gabungan") and self.rng.random() < 0.3:  # a rate per 1.000 / 100.000
            node["pengali"] = self.rng.choice([1, 1000, 100000])
            node["satuan"] = f"per {node['pengali']:,}".replace(",", ".") + " penduduk"
        if method == "rasio":
            node["pemilik"] = self.owners()
            node["sampel"] = self.rng.random() < 0.3
        elif method == "rasio_gabungan":
            node["pemilik"] = self.owners()
            node["kelompok"] = [{"kode": f"g{i}", "nama": f"Kelompok {i}", "pemilik": self.owners()}
                                for i in range(1, self.rng.randint(1, 3) + 1)]
        elif method == "periode_puncak":
            node["pemilik"] = self.owners(shared=False)
            node["periode"] = [f"P{i}" for i in range(1, self.rng.randint(2, 4) + 1)]
        elif method == "rata_rata_tertimbang":
            node["rentang"] = [0, 100]
            node["kelompok"] = [{"kode": f"k{i}", "nama": f"Unit penilai {i}", "pemilik": self.owners(shared=False)}
                                for i in range(1, self.rng.randint(1, 3) + 1)]
        else:
            node["pemilik"] = self.owners()
            node["rentang"] = [0, self.rng.choice([100, 1000])]
        return node

    def node(self, parent: str, depth: int, max_depth: int) -> dict[str, Any]:
        node = self._node(parent, depth, max_depth)
        if depth > 1 and self.rng.random() < 0.2:  # a sub indicator or component with a target of its own
            node["target"] = {YEAR: self.target()}
        return node

    def _node(self, parent: str, depth: int, max_depth: int) -> dict[str, Any]:
        code = self.code(parent)
        if depth >= max_depth or self.rng.random() < 0.45:
            return self.leaf(code, f"Simpul {code}")
        method = self.rng.choice(COMPOSITES)
        children = [self.node(code, depth + 1, max_depth) for _ in range(self.rng.randint(1, 3))]
        node: dict[str, Any] = {"kode": code, "nama": f"Simpul {code}", "metode": method,
                                ("sub" if depth == 1 else "komponen"): children}
        if method == "jumlah_berbobot":
            weights = [self.rng.randint(1, 5) * 10 for _ in children]
            for child, weight in zip(children, weights, strict=True):
                child["bobot"] = weight
            node["total_bobot"] = sum(weights)
        return node

    def indicator(self, goal: str) -> dict[str, Any]:
        node = self.node(goal, 1, self.rng.randint(1, 3))
        node["nama"] = f"Indikator {node['kode']}"
        polarity = self.rng.choice(["naik", "naik", "turun"])
        node["polaritas"] = polarity
        node["target"] = {YEAR: self.target(polarity), YEAR + 2: self.target(polarity)}
        if self.rng.random() < 0.5:
            node["realisasi_lalu"] = {YEAR - 1: self.rng.choice([60, 85.5, 101]), YEAR - 2: None}
        if self.rng.random() < 0.3:
            node["batas_capaian"] = self.rng.choice([110, 120, 150])
        if polarity == "turun" and self.rng.random() < 0.3:
            node["rumus_turun"] = self.rng.choice(["selisih", "terbalik"])
        if self.rng.random() < 0.3:  # national, provincial … references beside the capaian
            node["pembanding"] = [{"nama": f"Target pembanding {i}", "target": {YEAR: self.target(polarity)}}
                                  for i in range(1, self.rng.randint(1, 2) + 1)]
        return node


def random_catalog_data(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    units = [f"U{i}" for i in range(1, rng.randint(1, 4) + 1)]
    tree = _Tree(rng, units)
    goals = [{"kode": f"S{g}", "nama": f"Sasaran {g}", "indikator": [tree.indicator(f"S{g}")
                                                                      for _ in range(rng.randint(1, 3))]}
             for g in range(1, rng.randint(1, 3) + 1)]
    data: dict[str, Any] = {
        "skema": 1, "id": f"acak-{seed}",
        "instansi": {"nama": f"Instansi Acak {seed}", "jenis": rng.choice(["kementerian", "lembaga",
                                                                             "pemerintah_daerah"]),
                     "sebutan_unit": rng.choice(["Unit Eselon I", "Perangkat Daerah", "Bidang"])},
        "tahun": YEAR, "renstra": [YEAR - 1, YEAR + 2], "perjanjian_kinerja": {"versi": "Acak"},
        "pembulatan": {"mode": rng.choice(["bertahap", "tanpa_antara"]), "desimal": 2},
        "batas_capaian": rng.choice([None, None, 130]),
        "unit": [{"kode": u, "nama": f"Unit {u}"} for u in units],
        "pita_capaian": [{"min": 100, "label": "Tercapai", "warna": "C6EFCE"},
                         {"min": None, "label": "Belum", "warna": "FFC7CE"}],
        "sasaran": goals,
    }
    budget: dict[str, Any] = {}
    if rng.random() < 0.5:
        budget["pagu_unit"] = True
    if rng.random() < 0.5:
        budget["jenis_belanja"] = {"pemilik": tree.owners(), "daftar": [
            {"kode": "pegawai", "nama": "Belanja Pegawai"}, {"kode": "barang", "nama": "Belanja Barang"}]}
    if rng.random() < 0.4:
        budget["per_sasaran"] = {"pemilik": tree.owners()}
    if rng.random() < 0.3:
        budget["kinerja_anggaran"] = {"pemilik": tree.owners(), "komponen": [{"kode": "EKA", "nama": "EKA"},
                                                                             {"kode": "IKPA", "nama": "IKPA"}]}
    if budget:
        data["anggaran"] = budget
    if rng.random() < 0.5:
        data["capaian_kementerian_lalu"] = {YEAR - 1: 98.5}
    if rng.random() < 0.3:
        data["rumus_turun"] = "terbalik"
    categories = rng.random()
    if categories < 0.2:
        data["kategori_capaian"] = "pita_capaian"
    elif categories < 0.5:  # an interval scale, one bound on the round figures capaian often hits
        data["kategori_capaian"] = [{"min": 100, "label": "Sangat Tinggi"}, {"min": 90.5, "label": "Tinggi"},
                                    {"min": 75, "label": "Sedang"}, {"min": None, "label": "Rendah"}]
    return data


def random_catalog(seed: int) -> Catalog:
    return parse_catalog(yaml.safe_dump(random_catalog_data(seed), allow_unicode=True), source=f"acak-{seed}")


def random_figures(catalog: Catalog, seed: int) -> dict[InputRef, Decimal]:
    """A value for every input field of every unit that supplies it."""
    rng = random.Random(seed)
    by_group: dict[tuple[str, str | None, str], dict[str, InputField]] = {}
    for f in catalog.input_fields():
        for unit in f.owners:
            by_group.setdefault((f.node, f.group, unit), {})[f.key.rsplit(".", 1)[-1]] = f
    out: dict[InputRef, Decimal] = {}
    rates = {n.code for n in catalog.walk() if n.is_rate}
    for (node, _, unit), fields in by_group.items():
        values = _values(rng, fields, node in rates)
        for role, f in fields.items():
            if role in values:
                out[InputRef(f.node, f.key, unit)] = values[role]
    return out


def _values(rng: random.Random, fields: dict[str, InputField], rate: bool = False) -> dict[str, Decimal]:
    if "penyebut" in fields:
        den = rng.randint(1, 5000)  # a rate (per 1.000 …) may count more events than its denominator
        out = {"penyebut": Decimal(den), "pembilang": Decimal(rng.randint(0, 3 * den if rate else den))}
        if "populasi" in fields:
            out["populasi"] = Decimal(den + rng.randint(0, 5000))
        return out
    if "bobot" in fields:
        f = fields["nilai"]
        return {"nilai": _decimal(rng, f), "bobot": Decimal(rng.randint(1, 900))}
    if "pagu" in fields and "realisasi" in fields:
        pagu = rng.randint(10**6, 10**12)
        return {"pagu": Decimal(pagu), "realisasi": Decimal(rng.randint(0, pagu))}
    if "pagu_awal" in fields:
        return {"pagu_awal": Decimal(rng.randint(10**6, 10**12)), "pagu_akhir": Decimal(rng.randint(10**6, 10**12))}
    if "nilai" in fields:
        return {"nilai": _decimal(rng, fields["nilai"])}
    return {}


def _decimal(rng: random.Random, f: InputField) -> Decimal:
    low = f.minimum if f.minimum is not None else Decimal(0)
    high = f.maximum if f.maximum is not None else Decimal(1000)
    cents = rng.randint(int(low * 100), int(high * 100))
    return Decimal(cents) / 100
