"""A division by an input of 0 (``penyebut-nol``): reported where the engine leaves a figure empty, with the
cell, and a galat exactly when the realisasi (and every capaian above it) cannot be computed.

The catalog below has every method that divides by a unit's input: a ratio, a rate per 100.000 (``pengali``),
a pooled ratio of one unit, a peak month of a monthly series, a weighted mean of two units' groups (typed
weights) and a pooled rate whose groups belong to two units.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kinerja_xl.catalog import Catalog, parse_catalog
from kinerja_xl.cells import a1
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.pipeline.batch import result_blockers
from kinerja_xl.pipeline.templates import write_unit_workbook
from kinerja_xl.problems import Problem
from kinerja_xl.unit_layout import SHEET_INPUT, unit_layout
from kinerja_xl.validate.unit import read_unit_workbook

NOL = """
skema: 1
id: uji-penyebut-nol-2025
instansi: {nama: Dinas Uji Penyebut Kabupaten Contoh, jenis: pemerintah_daerah, sebutan_unit: Bidang}
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
        target: {2025: 80}
        pemilik: [A]
        metode: rasio
        label: {pembilang: Layanan tepat waktu, penyebut: Layanan diterima}
      - kode: S1.2
        nama: Angka kematian ibu per 100.000 kelahiran hidup
        satuan: per 100.000 KH
        pengali: 100000
        target: {2025: {kurang_dari: 150}}
        pemilik: [A]
        metode: rasio
        label: {pembilang: Kematian ibu, penyebut: Kelahiran hidup}
      - kode: S1.3
        nama: Persentase PPKS yang tertangani
        target: {2025: 75}
        pemilik: [A]
        metode: rasio_gabungan
        label: {pembilang: PPKS tertangani, penyebut: PPKS terdata}
        kelompok:
          - {kode: anak, nama: Anak terlantar}
          - {kode: lansia, nama: Lanjut usia terlantar}
      - kode: S1.4
        nama: Persentase KPM yang bertransaksi
        target: {2025: 90}
        pemilik: [A]
        metode: periode_puncak
        periode: [Januari, Februari, Maret]
        label: {pembilang: KPM bertransaksi, penyebut: KPM data salur}
  - kode: S2
    nama: Meningkatnya kepuasan dan kesehatan masyarakat
    indikator:
      - kode: S2.1
        nama: Indeks kepuasan masyarakat
        satuan: nilai
        target: {2025: 85}
        metode: rata_rata_tertimbang
        rentang: [0, 100]
        label: {nilai: IKM unit, bobot: Jumlah responden}
        kelompok:
          - {kode: A, nama: Bidang Layanan, pemilik: [A]}
          - {kode: B, nama: Bidang Mutu, pemilik: [B]}
      - kode: S2.2
        nama: Angka kematian bayi per 1.000 kelahiran hidup
        pengali: 1000
        target: {2025: {paling_banyak: 16}}
        metode: rasio_gabungan
        label: {pembilang: Kematian bayi, penyebut: Kelahiran hidup}
        kelompok:
          - {kode: kota, nama: Wilayah perkotaan, pemilik: [A]}
          - {kode: desa, nama: Wilayah perdesaan, pemilik: [B]}
"""

FILLED: dict[str, dict[str, int | str]] = {
    "A": {"S1.1:pembilang": 72, "S1.1:penyebut": 90, "S1.2:pembilang": 3, "S1.2:penyebut": 2400,
          "S1.3:anak.pembilang": 40, "S1.3:anak.penyebut": 50, "S1.3:lansia.pembilang": 30,
          "S1.3:lansia.penyebut": 40, "S1.4:Januari.pembilang": 80, "S1.4:Januari.penyebut": 100,
          "S1.4:Februari.pembilang": 95, "S1.4:Februari.penyebut": 100, "S1.4:Maret.pembilang": 90,
          "S1.4:Maret.penyebut": 100, "S2.1:A.nilai": "86.5", "S2.1:A.bobot": 120, "S2.2:kota.pembilang": 30,
          "S2.2:kota.penyebut": 2500},
    "B": {"S2.1:B.nilai": "82.25", "S2.1:B.bobot": 80, "S2.2:desa.pembilang": 24, "S2.2:desa.penyebut": 2500},
}
IDENTITY = {"penanggung_jawab": "Petugas", "tanggal": "2026-01-15"}


def catalog() -> Catalog:
    return parse_catalog(NOL, source="NOL")


def inputs(unit: str, **changes: int | str) -> dict[InputRef, Decimal]:
    figures = {**FILLED[unit], **changes}
    return {InputRef(*key.split(":"), unit): Decimal(str(v)) for key, v in figures.items()}  # type: ignore[misc]


def problems(tmp_path: Path, unit: str, **changes: int | str) -> list[Problem]:
    """The problems of ``unit``'s workbook filled with :data:`FILLED` and ``changes`` (``"node:key"``)."""
    path = write_unit_workbook(catalog(), unit, tmp_path / f"{unit}.xlsx", values=inputs(unit, **changes),
                               identity=IDENTITY)
    return [p for p in read_unit_workbook(path, catalog()).problems if p.code != "identitas-kosong"]


def found(tmp_path: Path, unit: str, **changes: int | str) -> list[tuple[str, str, str, str]]:
    return [(p.code, p.severity, p.sheet, p.cell) for p in problems(tmp_path, unit, **changes)]


def cell(unit: str, node: str, key: str) -> str:
    address, _ = unit_layout(catalog(), unit).input_cells()[InputRef(node, key, unit)]
    return a1(address.row, address.col)


def realisasi(node: str, unit: str | None = None, **changes: int | str) -> Decimal | None:
    """What the engine computes for ``node``: in ``unit``'s own workbook, or consolidated (both units)."""
    values = {**inputs("A", **(changes if unit in (None, "A") else {})),
              **inputs("B", **(changes if unit in (None, "B") else {}))}
    scope = None if unit is None else {unit}
    return compute(catalog(), values, scope=scope).number(node, "realisasi")


def test_the_filled_workbooks_have_no_problem(tmp_path):
    assert found(tmp_path, "A") == [] and found(tmp_path, "B") == []
    assert all(realisasi(n) is not None for n in ("S1.1", "S1.2", "S1.3", "S1.4", "S2.1", "S2.2"))


def test_a_ratio_whose_penyebut_is_zero(tmp_path):
    """5 / 0: the numerator above its denominator was already a galat; the 0 itself is one now, at its cell."""
    changes = {"S1.1:pembilang": 5, "S1.1:penyebut": 0}
    assert found(tmp_path, "A", **changes) == [
        ("pembilang-melebihi-penyebut", "galat", SHEET_INPUT, cell("A", "S1.1", "pembilang")),
        ("penyebut-nol", "galat", SHEET_INPUT, cell("A", "S1.1", "penyebut"))]
    assert realisasi("S1.1", **changes) is None and realisasi("S1.1", "A", **changes) is None


def test_zero_over_zero(tmp_path):
    changes = {"S1.1:pembilang": 0, "S1.1:penyebut": 0}
    [p] = problems(tmp_path, "A", **changes)
    assert (p.code, p.severity, p.sheet, p.cell, p.field, p.value) == (
        "penyebut-nol", "galat", SHEET_INPUT, cell("A", "S1.1", "penyebut"), "S1.1:penyebut", "0")
    assert p.message == ("Penyebut 'Layanan diterima' (S1.1) = 0: realisasi S1.1 tidak dapat dihitung (pembagian "
                         "dengan nol), sehingga capaian S1.1, capaian sasaran S1 dan capaian instansi kosong.")
    assert p.hint == ("Periksa kembali angkanya: angka ini pembagi, jadi harus lebih dari 0. Bila 'Layanan "
                      "diterima' periode ini memang 0, indikator ini tidak dapat diukur: jelaskan di kolom Bukti "
                      "dukung / keterangan dan minta pengelola katalog memutuskan perlakuannya sebelum konsolidasi.")
    assert realisasi("S1.1", **changes) is None
    computed = compute(catalog(), {**inputs("A", **changes), **inputs("B")})
    assert computed.number("S1", "capaian") is None and computed.number("KEMENTERIAN", "capaian") is None


def test_a_rate_per_100_000_whose_penyebut_is_zero(tmp_path):
    """A rate may count more events than its denominator (no pembilang-melebihi-penyebut): only the 0 is said."""
    assert found(tmp_path, "A", **{"S1.2:penyebut": 0}) == [
        ("penyebut-nol", "galat", SHEET_INPUT, cell("A", "S1.2", "penyebut"))]
    assert realisasi("S1.2", **{"S1.2:penyebut": 0}) is None


def test_a_pooled_ratio_with_one_group_of_zero_keeps_its_realisasi(tmp_path):
    """0 / 0 in one group: that group's own ratio is empty, the pooled realisasi is 30 / 40 = 75 (info only)."""
    changes = {"S1.3:anak.pembilang": 0, "S1.3:anak.penyebut": 0}
    [p] = problems(tmp_path, "A", **changes)
    assert (p.code, p.severity, p.cell) == ("penyebut-nol-sebagian", "info", cell("A", "S1.3", "anak.penyebut"))
    assert p.message == ("Penyebut 'PPKS terdata' (S1.3, Anak terlantar) = 0: rasio kelompok Anak terlantar tidak "
                         "dapat dihitung (pembagian dengan nol) dan dibiarkan kosong; realisasi S1.3 tetap dihitung "
                         "dari jumlah semua kelompok.")
    assert realisasi("S1.3", **changes) == Decimal(75)
    computed = compute(catalog(), {**inputs("A", **changes), **inputs("B")})
    assert computed.number("S1.3", "rasio.anak") is None
    assert result_blockers([p]) == []  # the file stays valid: its Hasil is written


def test_a_pooled_ratio_whose_groups_are_all_zero(tmp_path):
    changes = {"S1.3:anak.pembilang": 0, "S1.3:anak.penyebut": 0, "S1.3:lansia.pembilang": 0,
               "S1.3:lansia.penyebut": 0}
    [p] = problems(tmp_path, "A", **changes)
    assert (p.code, p.severity, p.cell) == ("penyebut-nol", "galat", cell("A", "S1.3", "anak.penyebut"))
    assert p.message.startswith("Penyebut 'PPKS terdata' (S1.3, semua kelompok) = 0: realisasi S1.3 tidak dapat")
    assert realisasi("S1.3", **changes) is None
    assert result_blockers([p]) == [p]  # no Hasil of figures Excel cannot compute either


def test_the_peak_month_with_penyebut_zero_empties_the_realisasi(tmp_path):
    """February has the largest pembilang (95): its penyebut of 0 leaves the realisasi empty; January's 0 only
    empties January's own ratio."""
    peak = {"S1.4:Februari.penyebut": 0}
    assert found(tmp_path, "A", **peak) == [
        ("pembilang-melebihi-penyebut", "galat", SHEET_INPUT, cell("A", "S1.4", "Februari.pembilang")),
        ("penyebut-nol", "galat", SHEET_INPUT, cell("A", "S1.4", "Februari.penyebut"))]
    assert realisasi("S1.4", **peak) is None
    other = {"S1.4:Januari.pembilang": 0, "S1.4:Januari.penyebut": 0}
    assert found(tmp_path, "A", **other) == [
        ("penyebut-nol-sebagian", "info", SHEET_INPUT, cell("A", "S1.4", "Januari.penyebut"))]
    assert realisasi("S1.4", **other) == Decimal(95)


def test_a_peak_of_zero_over_zero(tmp_path):
    """Every pembilang 0: the first month is the peak (MATCH's first on ties), and its 0 / 0 has no ratio."""
    changes = {"S1.4:Januari.pembilang": 0, "S1.4:Januari.penyebut": 0, "S1.4:Februari.pembilang": 0,
               "S1.4:Maret.pembilang": 0}
    assert found(tmp_path, "A", **changes) == [
        ("penyebut-nol", "galat", SHEET_INPUT, cell("A", "S1.4", "Januari.penyebut"))]
    assert realisasi("S1.4", **changes) is None


@pytest.mark.parametrize(("unit", "key", "node"), [("A", "S2.1:A.bobot", "S2.1"), ("B", "S2.1:B.bobot", "S2.1"),
                                                   ("B", "S2.2:desa.penyebut", "S2.2")])
def test_a_units_share_of_zero_in_a_pool_of_two_units(tmp_path, unit, key, node):
    """The unit's own figure is empty, the consolidation adds the other unit's part: info, not galat."""
    field = key.split(":")[1]
    assert found(tmp_path, unit, **{key: 0}) == [
        ("penyebut-nol-sebagian", "info", SHEET_INPUT, cell(unit, node, field))]
    assert realisasi(node, unit, **{key: 0}) is None and realisasi(node, **{key: 0}) is not None



def test_a_share_says_the_consolidation_still_counts_the_other_units(tmp_path):
    [p] = problems(tmp_path, "A", **{"S2.1:A.bobot": 0})
    assert p.message == ("Bobot 'Jumlah responden' (S2.1, Bidang Layanan) = 0: realisasi S2.1 di buku kerja unit ini "
                         "tidak dapat dihitung (pembagian dengan nol) dan dibiarkan kosong; konsolidasi "
                         "menjumlahkannya dengan bagian unit lain dan tetap menghitungnya bila bagian unit lain lebih "
                         "dari 0.")
    assert p.hint == ("Tidak perlu tindakan bila angka 0 itu benar (tidak ada 'Jumlah responden' pada bagian ini); "
                      "bila tidak, isi angka yang benar.")
