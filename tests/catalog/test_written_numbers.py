"""Numbers in Indonesian notation, which YAML misreads, are refused with the node and key, what was written, what
YAML reads and how to write each reading: ``100.000`` is 100 to YAML, ``1.200`` is 1,2, ``{2025: 92,5}`` is two
entries. Decimals YAML and the planner read alike (92.5, 0.25, 99.35, 1.5) are kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_xl.catalog import parse_catalog
from tests.support.catalogs import TINY, edited, refused

RATIO = "        metode: rasio\n"
DIRECT_TARGET = "        target: {2025: 85}\n"


def test_a_multiplier_of_one_hundred_thousand_in_indonesian_notation_is_refused():
    # before: 'pengali: 100.000' was read as 100 (percent), and a rate per 100.000 KH computed per 100
    found = refused(edited(RATIO, RATIO + "        pengali: 100.000\n        satuan: per 100.000 KH\n"))
    assert found == [("S1.1", "pengali", "100.000 dibaca YAML sebagai 100 (seratus), karena di YAML titik adalah "
                      "tanda desimal, bukan pemisah ribuan; tulis 100000 bila maksudnya seratus ribu (100.000), atau "
                      "100 bila maksudnya seratus")]


@pytest.mark.parametrize("written", ["100.0", "1.5", "'1000'", "0", "-100", "1e3"])
def test_a_multiplier_is_a_whole_number_written_without_a_point(written):
    found = refused(edited(RATIO, RATIO + f"        pengali: {written}\n        satuan: per 1.000\n"))
    assert [(n, f) for n, f, _ in found] == [("S1.1", "pengali")]
    assert found[0][2].startswith("pengali harus bilangan bulat lebih besar dari 0 yang ditulis tanpa titik, mis. "
                                  "100 (persen), 1000 (per 1.000) atau 100000 (per 100.000); bukan ")


@pytest.mark.parametrize("written", ["1", "100", "1000", "100000"])
def test_whole_multipliers_are_kept(written):
    catalog = parse_catalog(edited(RATIO, RATIO + f"        pengali: {written}\n        satuan: per x\n"))
    assert catalog.node("S1.1").multiplier == Decimal(written)


@pytest.mark.parametrize(("old", "new", "field", "says"), [
    (DIRECT_TARGET, "        target: {2025: 1.200}\n", "target.2025",
     "1.200 dibaca YAML sebagai 1,2 (satu koma dua), karena di YAML titik adalah tanda desimal, bukan pemisah "
     "ribuan; tulis 1200 bila maksudnya seribu dua ratus (1.200), atau 1.2 bila maksudnya satu koma dua"),
    # the same pattern: a target of 1,25 written 1.250 is refused too, and told how to write it
    (DIRECT_TARGET, "        target: {2025: 1.250}\n", "target.2025",
     "tulis 1250 bila maksudnya seribu dua ratus lima puluh (1.250), atau 1.25 bila maksudnya satu koma dua lima"),
    (DIRECT_TARGET, "        target: {2025: 2.500.000}\n", "target.2025",
     "'2.500.000' ditulis dalam notasi Indonesia, yang dibaca YAML sebagai teks, bukan angka: di YAML titik adalah "
     "tanda desimal dan tidak ada pemisah ribuan; tulis 2500000 bila maksudnya dua juta lima ratus ribu "
     "(2.500.000)"),
    (DIRECT_TARGET, "        target: {2025: {paling_sedikit: 1.500}}\n", "target.2025.paling_sedikit",
     "tulis 1500 bila maksudnya seribu lima ratus"),
    (DIRECT_TARGET, "        target: {2025: [1.000, 1200]}\n", "target.2025", "tulis 1000 bila maksudnya seribu"),
    (DIRECT_TARGET, "        target: {2025: '1.234,5'}\n", "target.2025", "tulis 1234.5 bila maksudnya seribu dua "
     "ratus tiga puluh empat koma lima (1.234,5)"),
    ("        rentang: [0, 100]\n", "        rentang: [0, 100.000]\n", "rentang", "tulis 100000 bila maksudnya"),
    ("realisasi_lalu: {2024: 75}", "realisasi_lalu: {2024: 1.500}", "realisasi_lalu.2024", "tulis 1500"),
])
def test_indonesian_thousands_are_refused_wherever_a_number_is_read(old, new, field, says):
    found = refused(edited(old, new))
    assert [(f, says in m) for _, f, m in found] == [(field, True)], found


def test_a_decimal_with_three_places_is_told_how_to_be_written():
    bands = "predikat:\n  ikm:\n    - {kode: B, nama: Baik, dari: 3.064, hingga: 3.532}\n"
    found = refused(TINY + bands)
    assert [f for _, f, _ in found] == ["predikat.ikm[0]", "predikat.ikm[0]"]
    assert "atau 3.0640 bila maksudnya tiga koma nol enam empat" in found[0][2]
    catalog = parse_catalog(TINY + bands.replace("3.064", "3.0640").replace("3.532", "3.5320"))
    assert (catalog.predicates["ikm"][0].lower, catalog.predicates["ikm"][0].upper) == (Decimal("3.064"),
                                                                                      Decimal("3.532"))


@pytest.mark.parametrize("written", ["92.5", "0.25", "99.35", "1.5", "88.31", "1200", "0.125"])
def test_decimals_read_alike_by_yaml_and_the_planner_are_kept(written):
    catalog = parse_catalog(edited(DIRECT_TARGET, f"        target: {{2025: {written}}}\n"))
    assert catalog.node("S1.2").targets[2025] == Decimal(written)


@pytest.mark.parametrize(("old", "new", "field", "whole", "decimals"), [
    (DIRECT_TARGET, "        target: {2025: 92,5}\n", "target.2025", "92", "5"),
    (DIRECT_TARGET, "        target: {2025: 92,05, 2029: 95}\n", "target.2025", "92", "05"),
    ("realisasi_lalu: {2024: 75}", "realisasi_lalu: {2024: 75,5}", "realisasi_lalu.2024", "75", "5"),
    ("{min: 100, label: Tercapai", "{min: 99,5, label: Tercapai", "pita_capaian[0].min", "99", "5"),
])
def test_a_decimal_comma_in_a_flow_mapping_is_explained(old, new, field, whole, decimals):
    # before: {2025: 92,5} is {2025: 92, 5: null} to YAML: "tahun di luar jangkauan: 5" and "bukan None"
    found = refused(edited(old, new))
    assert [(f, m) for _, f, m in found] == [(field, (
        f"{whole},{decimals} dibaca YAML sebagai dua isian ({whole}, lalu kunci {decimals} tanpa nilai): di YAML "
        f"koma memisahkan isian dan titik adalah tanda desimal; tulis {whole}.{decimals}"))]


def test_a_quoted_decimal_comma_is_explained():
    found = refused(edited(DIRECT_TARGET, "        target: {2025: '92,5'}\n"))
    assert found == [("S1.2", "target.2025", "'92,5' memakai koma desimal, yang tidak dikenal YAML: di YAML titik "
                      "adalah tanda desimal; tulis 92.5 tanpa tanda kutip")]


def test_a_text_written_like_a_number_keeps_its_text():
    catalog = parse_catalog(TINY.replace("{versi: Awal 2025}", "{versi: 1.200}"))
    assert catalog.agreement_version == "1.200"


@pytest.mark.parametrize(("written", "number"), [("{nomor: 3.10}", "3.10"), ("3.10", "3.10"), ("{nomor: 3.1}", "3.1"),
                                                 ("{nomor: '3.10'}", "3.10"), ("{nomor: 12}", "12")])
def test_a_table_number_keeps_the_text_written(written, number):
    # before: 'nomor: 3.10' numbered the table 3.1 (YAML reads a float)
    catalog = parse_catalog(TINY + f"laporan:\n  tabel:\n    capaian: {written}\n")
    assert catalog.tables["capaian"].number == number


@pytest.mark.parametrize("survey", ["        survei: {bobot_unsur: 0,111}\n",  # two entries to YAML
                                    "        survei:\n          bobot_unsur: 0,111\n"])  # a text to YAML
def test_a_weight_with_a_decimal_comma_is_refused_once(survey):
    # before: the comma was named by no message, and a text '0,111' was refused twice
    found = refused(edited("        rentang: [0, 100]\n", "        rentang: [0, 100]\n" + survey))
    assert [(f, "titik adalah tanda desimal; tulis 0.111" in m) for _, f, m in found] == [
        ("survei.bobot_unsur", True)]


def test_a_target_with_a_percent_sign_is_told_to_drop_it():
    found = refused(edited(DIRECT_TARGET, "        target: {2025: 75%}\n"))
    assert found == [("S1.2", "target.2025", "'75%' memuat tanda %, yang membuatnya teks bagi YAML: tulis "
                      "angkanya saja, 75 (satuan ditulis di kunci 'satuan')")]
