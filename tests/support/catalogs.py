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


#: A kabupaten health office whose report states what printed LKjIP tables do (issue 24): rates per 100.000
#: and per 1.000 from raw counts (``pengali``), one-sided targets (``kurang_dari``, ``paling_banyak``,
#: ``paling_sedikit``, a quarter's too), national and provincial references (``pembanding``), the T / R
#: rule of some agencies (``rumus_turun: terbalik``, capped and uncapped) and an interval scale of capaian
#: categories (``kategori_capaian``).
TERMS = """
skema: 1
id: uji-istilah-2025
instansi: {nama: Dinas Kesehatan Kabupaten Uji, jenis: pemerintah_daerah, sebutan_unit: Bidang}
laporan: {nama: Laporan Kinerja Instansi Pemerintah, singkatan: LKjIP}
tahun: 2025
renstra: [2025, 2029]
perjanjian_kinerja: {versi: Awal 2025}
unit:
  - {kode: KESMAS, nama: Bidang Kesehatan Masyarakat}
  - {kode: P2P, nama: Bidang Pencegahan dan Pengendalian Penyakit}
pita_capaian:
  - {min: 100, label: Tercapai, warna: C6EFCE}
  - {min: null, label: Belum tercapai, warna: FFC7CE}
kategori_capaian:
  - {min: 91, label: Sangat Tinggi}
  - {min: 76, label: Tinggi}
  - {min: 66, label: Sedang}
  - {min: 51, label: Rendah}
  - {min: null, label: Sangat Rendah}
sasaran:
  - kode: S1
    nama: Menurunnya kematian ibu dan bayi
    indikator:
      - kode: S1.1
        nama: Angka kematian ibu per 100.000 kelahiran hidup
        satuan: per 100.000 KH
        pengali: 100000
        target: {2025: {kurang_dari: 100}, 2029: {kurang_dari: 80}}
        target_triwulan: {TW2: {kurang_dari: 110}}
        pembanding:
          - {nama: Target nasional, target: {2025: 183}}
          - {nama: Target provinsi, target: {2025: [90, 110]}}
        pemilik: [KESMAS]
        metode: rasio
        label: {pembilang: Kematian ibu, penyebut: Kelahiran hidup}
      - kode: S1.2
        nama: Angka kematian bayi per 1.000 kelahiran hidup
        pengali: 1000
        target: {2025: {paling_banyak: 16}}
        pembanding:
          - {nama: Target nasional RPJMN, target: {2025: {paling_banyak: 16}}}
        pemilik: [KESMAS, P2P]
        metode: rasio_gabungan
        label: {pembilang: Kematian bayi, penyebut: Kelahiran hidup}
        kelompok:
          - {kode: kota, nama: Wilayah perkotaan, pemilik: [KESMAS]}
          - {kode: desa, nama: Wilayah perdesaan, pemilik: [P2P]}
  - kode: S2
    nama: Menurunnya penyakit menular dan stunting
    indikator:
      - kode: S2.1
        nama: Prevalensi stunting pada balita
        polaritas: turun
        rumus_turun: terbalik
        batas_capaian: 120
        target: {2025: 14}
        pemilik: [P2P]
        metode: langsung
        rentang: [0, 100]
      - kode: S2.2
        nama: Insidensi tuberkulosis per 100.000 penduduk
        polaritas: turun
        rumus_turun: terbalik
        pengali: 100000
        satuan: per 100.000 penduduk
        target: {2025: 190}
        pemilik: [P2P]
        metode: rasio
        label: {pembilang: Kasus baru tuberkulosis, penyebut: Jumlah penduduk}
      - kode: S2.3
        nama: Cakupan imunisasi dasar lengkap
        target: {2025: {paling_sedikit: 95}}
        pembanding:
          - {nama: Standar pelayanan minimal, target: {2025: {lebih_dari: 99}}}
        pemilik: [P2P]
        metode: rasio
"""


def terms() -> Catalog:
    return parse_catalog(TERMS, source="TERMS")


def terms_values(stunting: str = "12.5", tb_cases: int = 1062) -> dict[InputRef, Decimal]:
    """Worked out by hand (bertahap, 2 decimals):

    * S1.1 5 / 4.854 × 100.000 = 103,0078… → 103,01; against < 100: (200 − 103,01) / 100 × 100 = 96,99
      (Sangat Tinggi); against the national 183: (366 − 103,01) / 183 × 100 = 143,7103… → 143,71; against the
      provincial 90–110: inside, 100;
    * S1.2 (30 + 24) / (2.500 + 2.500) × 1.000 = 10,80 (groups 12,00 and 9,60); against ≤ 16:
      (32 − 10,8) / 16 × 100 = 132,50, the national ≤ 16 too; S1 (96,99 + 132,50) / 2 = 114,745 → 114,75;
    * S2.1 12,5 under the T / R rule: 14 / 12,5 × 100 = 112,00 (cap 120 not reached);
    * S2.2 1.062 / 412.345 × 100.000 = 257,5513… → 257,55; 190 / 257,55 × 100 = 73,7721… → 73,77 (Sedang);
    * S2.3 90 / 100 × 100 = 90,00; against ≥ 95: 94,74; against > 99 (the SPM): 90,91 (Tinggi);
      S2 (112 + 73,77 + 94,74) / 3 = 93,5033… → 93,50;
    * the instansi (114,75 + 93,50) / 2 = 104,125 → 104,13 (Sangat Tinggi).
    """
    return {InputRef("S1.1", "pembilang", "KESMAS"): Decimal(5),
            InputRef("S1.1", "penyebut", "KESMAS"): Decimal(4854),
            InputRef("S1.2", "kota.pembilang", "KESMAS"): Decimal(30),
            InputRef("S1.2", "kota.penyebut", "KESMAS"): Decimal(2500),
            InputRef("S1.2", "desa.pembilang", "P2P"): Decimal(24),
            InputRef("S1.2", "desa.penyebut", "P2P"): Decimal(2500),
            InputRef("S2.1", "nilai", "P2P"): Decimal(stunting),
            InputRef("S2.2", "pembilang", "P2P"): Decimal(tb_cases),
            InputRef("S2.2", "penyebut", "P2P"): Decimal(412345),
            InputRef("S2.3", "pembilang", "P2P"): Decimal(90),
            InputRef("S2.3", "penyebut", "P2P"): Decimal(100)}


#: A kota service office whose satisfaction indices come from surveys: two Bidang (A, B) each survey their
#: users (PermenPANRB 14/2017, the weight an agency writes: 0,111, a quarter types its IKM), weighted by
#: respondents; an old UPT (C) still runs the 14-unsur questionnaire of KepMenPAN 25/2004 in every period.
SURVEI = """
skema: 1
id: uji-survei-2025
instansi: {nama: Dinas Pelayanan Kota Contoh, jenis: pemerintah_daerah, sebutan_unit: Bidang}
tahun: 2025
renstra: [2025, 2029]
perjanjian_kinerja: {versi: Awal 2025}
periode: [TW2, tahunan]
unit:
  - {kode: A, nama: Bidang Layanan Perizinan}
  - {kode: B, nama: Bidang Layanan Informasi}
  - {kode: C, nama: UPT Pelayanan Terpadu}
pita_capaian:
  - {min: 100, label: Tercapai, warna: C6EFCE}
  - {min: null, label: Belum tercapai, warna: FFC7CE}
predikat:
  ikm:
    - {kode: A, nama: Sangat Baik, dari: 88.31, hingga: 100}
    - {kode: B, nama: Baik, dari: 76.61, hingga: 88.30}
    - {kode: C, nama: Kurang Baik, dari: 65.00, hingga: 76.60}
    - {kode: D, nama: Tidak Baik, dari: 25.00, hingga: 64.99}
  ikm_lama:
    - {kode: A, nama: Sangat Baik, dari: 81.26, hingga: 100}
    - {kode: B, nama: Baik, dari: 62.51, hingga: 81.25}
    - {kode: C, nama: Kurang Baik, dari: 43.76, hingga: 62.50}
    - {kode: D, nama: Tidak Baik, dari: 25, hingga: 43.75}
sasaran:
  - kode: S1
    nama: Meningkatnya kepuasan masyarakat atas layanan
    indikator:
      - kode: S1.1
        nama: Indeks kepuasan masyarakat
        satuan: nilai
        target: {2025: 85}
        metode: rata_rata_tertimbang
        predikat: ikm
        rentang: [0, 100]
        label: {nilai: IKM bidang, bobot: Jumlah responden}
        kelompok:
          - {kode: A, nama: Bidang Layanan Perizinan, pemilik: [A]}
          - {kode: B, nama: Bidang Layanan Informasi, pemilik: [B]}
        survei: {bobot_unsur: 0.111, periode: [tahunan], populasi: {A: 100}, kapasitas: 200}
      - kode: S1.2
        nama: Indeks kepuasan masyarakat UPT
        satuan: nilai
        target: {2025: 80}
        pemilik: [C]
        metode: langsung
        predikat: ikm_lama
        rentang: [0, 100]
        survei: {jumlah_unsur: 14, kolom: [jenis_layanan], kapasitas: 100}
"""


def survei() -> Catalog:
    return parse_catalog(SURVEI, source="SURVEI")


def refused(text: str) -> list[tuple[str, str, str]]:
    """(node, key, message) of every problem of a catalog text the loader refuses (it must refuse it)."""
    import pytest

    from kinerja_xl.catalog import CatalogError, parse_catalog

    with pytest.raises(CatalogError) as info:
        parse_catalog(text)
    return [(p.node, p.field, p.message) for p in info.value.problems]


def edited(old: str, new: str) -> str:
    """:data:`TINY` with its one ``old`` replaced by ``new``."""
    assert TINY.count(old) == 1, old
    return TINY.replace(old, new)
