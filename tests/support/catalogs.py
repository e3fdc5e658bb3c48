"""Small inline catalogs, so a layer is tested without the Kemensos tree (which stays the golden suite).

``TINY`` is a pemda-style instansi of two units (``A``, ``B``), one sasaran with a ratio and a direct
value, targets for the first and the last Renstra year and one earlier realisasi.
"""

from __future__ import annotations

from decimal import Decimal

from kinerja_xl.catalog import Catalog, parse_catalog
from kinerja_xl.compute.expr import InputRef

TINY = """
skema: 1
id: uji-kecil-2025
kementerian: Dinas Uji Coba Kabupaten Contoh
tahun: 2025
renstra: [2025, 2029]
perjanjian_kinerja: {versi: Awal 2025}
unit:
  - {kode: A, nama: Bidang Layanan}
  - {kode: B, nama: Bidang Mutu}
pita_capaian:
  - {min: 100, label: Tercapai, warna: C6EFCE}
  - {min: null, label: Belum tercapai, warna: FFC7CE}
sasaran:
  - kode: S1
    nama: Meningkatnya mutu layanan
    indikator:
      - kode: S1.1
        nama: Persentase layanan selesai tepat waktu
        target: {2025: 80, 2029: 90}
        realisasi_lalu: {2024: 75}
        pemilik: [A]
        metode: rasio
        label: {pembilang: Layanan tepat waktu, penyebut: Layanan diterima}
      - kode: S1.2
        nama: Nilai kepuasan masyarakat
        satuan: nilai
        target: {2025: 85}
        pemilik: [B]
        metode: langsung
        rentang: [0, 100]
"""


def tiny() -> Catalog:
    return parse_catalog(TINY, source="TINY")


def tiny_values(pembilang: int = 72, penyebut: int = 90, nilai: str = "85") -> dict[InputRef, Decimal]:
    """S1.1 = pembilang / penyebut × 100 (default 80, on target), S1.2 = nilai (default 85, on target)."""
    return {InputRef("S1.1", "pembilang", "A"): Decimal(pembilang),
            InputRef("S1.1", "penyebut", "A"): Decimal(penyebut),
            InputRef("S1.2", "nilai", "B"): Decimal(nilai)}
