"""Every catalog message is a sentence a planner can act on, repeating what was written in YAML's words: never
Python's ``None``, a repr (``{'a': 1}``, ``True``) or a type name (``list``), never a bare fragment."""

from __future__ import annotations

import re

import pytest

from kinerja_xl.catalog.schema import METHODS
from tests.support.catalogs import edited, refused

PYTHON = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\{'|\['|\blist\b|\bdict\b|\bDecimal\b|\bfloat\b|\bint\b")
DIRECT = "        metode: langsung\n"


def test_a_missing_method_is_asked_for():
    # before: "metode None tidak dikenal"
    assert refused(edited(DIRECT, "")) == [("S1.2", "metode", f"metode wajib diisi (pilihan: {', '.join(METHODS)})")]


def test_a_misspelt_method_key_names_the_key_and_asks_for_the_method():
    found = refused(edited(DIRECT, "        metod: langsung\n"))
    assert [(f, m) for _, f, m in found] == [
        ("metod", "kunci 'metod' tidak dikenal; maksud Anda 'metode'?"),
        ("metode", f"metode wajib diisi (pilihan: {', '.join(METHODS)})")]


def test_an_empty_target_is_asked_for():
    # before: "target harus angka atau rentang [bawah, atas], bukan None"
    assert refused(edited("target: {2025: 85}", "target: {2025: }")) == [
        ("S1.2", "target.2025", "target tahun 2025 kosong: tulis angka (mis. 85) atau rentang [bawah, atas]")]


def test_a_key_that_is_no_year_says_how_years_are_written():
    # before: "tahun di luar jangkauan: 5"
    found = refused(edited("target: {2025: 85}", "target: {2025: 85, 25: 90}"))
    assert found == [("S1.2", "target", "kunci 25 bukan tahun: tahun ditulis empat angka antara 1900 dan 2200, "
                                         "mis. 2025")]


@pytest.mark.parametrize(("old", "new"), [
    (DIRECT, ""),
    ("target: {2025: 85}", "target: {2025: }"),
    ("target: {2025: 85}", "target: {2025: {kurang_dari: }}"),
    ("target: {2025: 85}", "target: {2025: [80, ~]}"),
    ("target: {2025: 85}", "target: {2025: 85}\n        target_triwulan: {~: 20}"),
    ("skema: 1\n", "skema:\n"),
    ("tahun: 2025\n", "tahun:\n"),
    ("        pemilik: [B]\n", "        pemilik:\n          - B\n          -\n"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\nperiode: [tahunan, ~]\n"),
    ("kementerian: Dinas Uji Coba Kabupaten Contoh", "instansi: {nama: Dinas, jenis: }"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\npembulatan: {mode: , desimal: }\n"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\nbatas_capaian: {maks: 120}\n"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\nbatas_capaian: [110, 120]\n"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\nbatas_capaian: true\n"),
    ("        nama: Nilai kepuasan masyarakat\n", "        nama: [Nilai, kepuasan]\n"),
    ("        nama: Nilai kepuasan masyarakat\n", "        nama: {a: 1}\n"),
    (DIRECT, DIRECT + "        polaritas: turun\n        rumus_turun:\n"),
    ("        metode: rasio\n", "        metode: rasio\n        pengali:\n"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\nlaporan: {tabel: {~: '3.1'}}\n"),
    (DIRECT, DIRECT + "        survei: {jumlah_unsur: , kapasitas: , populasi: {B: }, periode: [~], kolom: [~]}\n"),
    (DIRECT, DIRECT + "        survei: {kuesioner: ~, unsur: [{kode: ~, nama: X, jawaban: [a, b, c, ~]}]}\n"),
    ("realisasi_lalu: {2024: 75}", "realisasi_lalu: {~: 75}"),
    ("target: {2025: 85}", "target: {2025: 85, ~: 90}"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\n~: 1\n"),
    ("{kode: B, nama: Bidang Mutu}", "{kode: B, nama: Bidang Mutu}\n  - {kode: NO, nama: Nusa Ora}"),
    ("{min: 100, label: Tercapai", "{min: [100], label: Tercapai"),
])
def test_no_message_speaks_python(old, new):
    found = refused(edited(old, new))
    assert found
    for node, field, message in found:
        assert not PYTHON.search(f"{node} {field} {message}"), (node, field, message)


def test_a_code_yaml_reads_as_yes_or_no_is_refused_not_renamed():
    # before: 'kode: NO' was the unit 'False' (YAML 1.1 reads NO, ON, yes and off as true/false)
    found = refused(edited("{kode: B, nama: Bidang Mutu}", "{kode: B, nama: Bidang Mutu}\n  - {kode: NO, nama: X}"))
    assert found == [("katalog", "unit[2].kode", 'dibaca YAML sebagai nilai ya/tidak (false), bukan teks: tulis '
                      'teksnya dalam tanda kutip, mis. "NO" atau "ON"')]


@pytest.mark.parametrize(("old", "new", "node", "field"), [
    ("target: {2025: 85}", "target: {2025: 85, tahun_depan: 90}", "S1.2", "target"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\n2026: 1\n", "katalog", "2026"),
    ("renstra: [2025, 2029]\n", "renstra: [2025, 2029]\nlaporan: {tabel: {capaian: '3.1', 3: '3.2'}}\n",
     "laporan", "tabel.3"),
])
def test_keys_of_two_kinds_in_one_mapping_are_refused_not_a_crash(old, new, node, field):
    # before: TypeError ('<' not supported between instances of 'str' and 'int') from the content hash
    assert (node, field) in [(n, f) for n, f, _ in refused(edited(old, new))]
