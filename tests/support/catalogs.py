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


#: A pemda-style instansi for the Word report (a kabupaten health office with two Bidang, reporting a
#: LKjIP): lower-is-better with a cap, range targets, a unit other than %, a pooled count, no budget.
PEMDA = """
skema: 1
id: kab-contoh-2024
instansi: {nama: Dinas Kesehatan Kabupaten Contoh, jenis: pemerintah_daerah, sebutan_unit: Bidang}
laporan: {nama: Laporan Kinerja Instansi Pemerintah, singkatan: LKjIP}
tahun: 2024
renstra: [2021, 2026]
perjanjian_kinerja: {versi: Januari 2024}
pembulatan: {mode: bertahap, desimal: 2}
unit:
  - {kode: SEKRE, nama: Sekretariat}
  - {kode: P2P, nama: Bidang Pencegahan dan Pengendalian Penyakit}
pita_capaian:
  - {min: 100, label: Tercapai, warna: C6EFCE}
  - {min: null, label: Belum tercapai, warna: FFC7CE}
sasaran:
  - kode: S1
    jenis: Sasaran
    nama: Menurunnya angka kesakitan
    indikator:
      - kode: S1.1
        nama: Angka kematian bayi per 1.000 kelahiran hidup
        satuan: per 1.000 KH
        polaritas: turun
        target: {2024: 5, 2026: 4}
        realisasi_lalu: {2022: 6.1, 2023: 5.4}
        pemilik: [P2P]
        metode: langsung
        batas_capaian: 110
      - kode: S1.2
        nama: Persentase balita stunting
        polaritas: turun
        target: {2024: [7, 8], 2026: [6, 7]}
        pemilik: [P2P]
        metode: langsung
  - kode: S2
    jenis: Sasaran
    nama: Meningkatnya layanan kesehatan dasar
    indikator:
      - kode: S2.1
        nama: Persentase puskesmas terakreditasi
        target: {2024: 90}
        realisasi_lalu: {2023: 80}
        pemilik: [SEKRE]
        metode: rasio
      - kode: S2.2
        nama: Jumlah kunjungan posyandu
        satuan: kunjungan
        target: {2024: [1000, 1200]}
        pemilik: [SEKRE, P2P]
        metode: langsung
        rentang: [0, null]
"""


def pemda() -> Catalog:
    return parse_catalog(PEMDA, source="PEMDA")


def pemda_values() -> dict[InputRef, Decimal]:
    """S1.1 4,2 (capped 110), S1.2 8,6 (above its range), S2.1 17/20 = 85 (missed), S2.2 600 + 500 (in range)."""
    return {InputRef("S1.1", "nilai", "P2P"): Decimal("4.2"),
            InputRef("S1.2", "nilai", "P2P"): Decimal("8.6"),
            InputRef("S2.1", "pembilang", "SEKRE"): Decimal(17),
            InputRef("S2.1", "penyebut", "SEKRE"): Decimal(20),
            InputRef("S2.2", "nilai", "SEKRE"): Decimal(600),
            InputRef("S2.2", "nilai", "P2P"): Decimal(500)}
