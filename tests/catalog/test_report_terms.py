"""The catalog keys of issue 24 (pengali, pembanding, one-sided targets, rumus_turun, kategori_capaian): read as
written, registered only where they are read, and every mistake explained with its node, its key and what to
write instead — by the loader and by ``kinerja-xl katalog``."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from kinerja_xl.catalog import parse_catalog
from kinerja_xl.catalog.export import catalog_lines, catalog_tree
from kinerja_xl.catalog.schema import TargetBound, TargetRange
from tests.catalog.test_strict import refused
from tests.support.catalogs import TERMS, terms


def edited(old: str, new: str) -> str:
    assert TERMS.count(old) == 1, old
    return TERMS.replace(old, new)


def test_the_terms_are_read_as_written():
    catalog = terms()
    s11, s12 = catalog.node("S1.1"), catalog.node("S1.2")
    assert (s11.multiplier, s11.unit_of_measure, s11.polarity) == (Decimal(100000), "per 100.000 KH", "turun")
    assert s11.targets == {2025: TargetBound("kurang_dari", Decimal(100)),
                           2029: TargetBound("kurang_dari", Decimal(80))}
    assert s11.period_targets == {"TW2": TargetBound("kurang_dari", Decimal(110))}
    assert [(c.name, c.targets) for c in s11.comparisons] == [
        ("Target nasional", {2025: Decimal(183)}), ("Target provinsi", {2025: TargetRange(Decimal(90), Decimal(110))})]
    assert (s12.multiplier, s12.unit_of_measure) == (Decimal(1000), "per 1.000")
    assert [str(t) for t in (s11.target_for(2025), s12.target_for(2025), catalog.node("S2.3").target_for(2025),
                             catalog.node("S2.3").comparisons[0].target_for(2025))] == ["< 100", "≤ 16", "≥ 95", "> 99"]
    assert (catalog.node("S2.1").lower_rule, catalog.node("S1.1").lower_rule, catalog.lower_rule) == (
        "terbalik", "selisih", "selisih")
    assert [(c.minimum, c.label) for c in catalog.categories] == [
        (Decimal(91), "Sangat Tinggi"), (Decimal(76), "Tinggi"), (Decimal(66), "Sedang"), (Decimal(51), "Rendah"),
        (None, "Sangat Rendah")]


def test_a_rule_is_inherited_from_the_catalog_and_the_parent():
    catalog = parse_catalog(edited("pita_capaian:", "rumus_turun: terbalik\nbatas_capaian: 150\npita_capaian:")
                            .replace("        rumus_turun: terbalik\n        batas_capaian: 120\n", ""))
    assert catalog.lower_rule == "terbalik"
    assert {n.code: n.lower_rule for n in catalog.walk() if n.polarity == "turun"} == {
        "S1.1": "terbalik", "S1.2": "terbalik", "S2.1": "terbalik", "S2.2": "terbalik"}


@pytest.mark.parametrize(("old", "new", "node", "field", "words"), [
    # pengali: only where a ratio reads it, a positive number, no percentage sign on a rate
    ("        rumus_turun: terbalik\n        batas_capaian: 120\n        target: {2025: 14}\n",
     "        rumus_turun: terbalik\n        batas_capaian: 120\n        target: {2025: 14}\n        pengali: 1000\n",
     "S2.1", "pengali", "tidak dipakai metode 'langsung' (hanya rasio, rasio_gabungan)"),
    ("        pengali: 1000\n", "        pengali: 0\n", "S1.2", "pengali", "lebih besar dari 0"),
    ("        pengali: 1000\n", "        pengali: seribu\n", "S1.2", "pengali", "harus berupa angka"),
    ("        satuan: per 100.000 KH\n", "        satuan: '%'\n", "S1.1", "satuan",
     "tulis satuannya, mis. 'per 100.000 KH'"),
    ("        pengali: 1000\n", "        pengalii: 1000\n", "S1.2", "pengalii", "maksud Anda 'pengali'?"),
    # one-sided targets: one key, a number, the side's polarity
    ("{2025: {kurang_dari: 100}, 2029", "{2025: {kurang_dri: 100}, 2029", "S1.1", "target.2025.kurang_dri",
     "maksud Anda 'kurang_dari'?"),
    ("{2025: {paling_sedikit: 95}}", "{2025: {paling_sedikit: 95, kurang_dari: 99}}", "S2.3", "target.2025",
     "tepat satu kunci"),
    ("{2025: {paling_sedikit: 95}}", "{2025: {paling_sedikit: banyak}}", "S2.3", "target.2025.paling_sedikit",
     "batas target harus angka"),
    ("{2025: {paling_sedikit: 95}}", "{2025: {paling_sedikit: 0}}", "S2.3", "target.2025.paling_sedikit",
     "lebih besar dari 0"),
    ("        target: {2025: {paling_sedikit: 95}}\n",
     "        polaritas: turun\n        target: {2025: {paling_sedikit: 95}}\n", "S2.3", "target.2025",
     "berarti makin besar makin baik, tetapi polaritas simpul ini 'turun': hapus 'polaritas' atau tulis "
     "'polaritas: naik'"),
    ("target_triwulan: {TW2: {kurang_dari: 110}}", "target_triwulan: {TW2: {lebih_dari: 110}}", "S1.1",
     "target_triwulan.TW2", "bertentangan dengan target '< 100' di target.2025"),
    # pembanding: indicators only, {nama, target}, its targets like any target
    ("{nama: Target nasional, target: {2025: 183}}", "{nama: Target nasional, targett: {2025: 183}}", "S1.1",
     "pembanding[0].targett", "maksud Anda 'target'?"),
    ("{nama: Target nasional, target: {2025: 183}}", "{nama: Target nasional}", "S1.1", "pembanding[0].target",
     "pembanding wajib memiliki target"),
    ("{nama: Target nasional, target: {2025: 183}}", "{nama: Target provinsi, target: {2025: 183}}", "S1.1",
     "pembanding[1].nama", "nama pembanding 'Target provinsi' ganda"),
    ("{nama: Target nasional, target: {2025: 183}}", "{nama: Target nasional, target: {2025: {lebih_dari: 183}}}",
     "S1.1", "pembanding[0].target.2025", "makin besar makin baik, bertentangan"),
    ("{nama: Target nasional, target: {2025: 183}}", "Target nasional 183", "S1.1", "pembanding[0]",
     "{nama: …, target: {tahun: angka}}"),
    ("    nama: Menurunnya kematian ibu dan bayi\n",
     "    nama: Menurunnya kematian ibu dan bayi\n    pembanding: [{nama: Nasional, target: {2025: 1}}]\n", "S1",
     "pembanding", "tidak berlaku untuk sasaran"),
    # rumus_turun: two words, lower-is-better nodes only, not on a sasaran
    ("        rumus_turun: terbalik\n        batas_capaian: 120\n",
     "        rumus_turun: kebalikan\n        batas_capaian: 120\n", "S2.1", "rumus_turun",
     "harus 'selisih' ((2T − R)/T × 100, bawaan) atau 'terbalik' (T/R × 100)"),
    ("        target: {2025: {paling_sedikit: 95}}\n",
     "        rumus_turun: terbalik\n        target: {2025: {paling_sedikit: 95}}\n", "S2.3", "rumus_turun",
     "hanya berlaku untuk simpul dengan polaritas turun"),
    ("    nama: Menurunnya penyakit menular dan stunting\n",
     "    nama: Menurunnya penyakit menular dan stunting\n    rumus_turun: terbalik\n", "S2", "rumus_turun",
     "tidak berlaku untuk sasaran"),
    # kategori_capaian: {min, label}, no colour, no two alike, or the pita_capaian labels
    ("  - {min: 76, label: Tinggi}\n", "  - {min: 76, label: Tinggi, warna: FFEB9C}\n", "katalog",
     "kategori_capaian[1].warna", "warna sel capaian ditulis di pita_capaian"),
    ("  - {min: 76, label: Tinggi}\n", "  - {min: 76, lable: Tinggi}\n", "katalog", "kategori_capaian[1].lable",
     "maksud Anda 'label'?"),
    ("  - {min: 66, label: Sedang}\n", "  - {min: 76, label: Sedang}\n", "katalog", "kategori_capaian[2].min",
     "dua kategori dengan batas bawah yang sama"),
    ("  - {min: 66, label: Sedang}\n", "  - {min: 66, label: Tinggi}\n", "katalog", "kategori_capaian[2].label",
     "kategori 'Tinggi' ganda"),
    ("  - {min: 51, label: Rendah}\n", "  - {min: null, label: Rendah}\n", "katalog", "kategori_capaian[4].min",
     "hanya satu kategori boleh 'min: null'"),
    ("  - {min: 51, label: Rendah}\n", "  - {label: Rendah}\n", "katalog", "kategori_capaian[3].min",
     "wajib diisi"),
])
def test_every_mistake_is_named_with_its_node_key_and_what_to_write(old, new, node, field, words):
    found = refused(edited(old, new))
    assert (node, field) in [(n, f) for n, f, _ in found], found
    message = next(m for n, f, m in found if (n, f) == (node, field))
    assert words in message, message


def test_kategori_capaian_from_the_colour_bands_or_a_misspelling():
    block = TERMS[TERMS.index("kategori_capaian"):TERMS.index("sasaran:")]
    assert refused(TERMS.replace(block, "kategori_capaian: pita_capain\n")) == [
        ("katalog", "kategori_capaian", "harus daftar {min, label} atau 'pita_capaian', bukan 'pita_capain'; "
                                        "maksud Anda 'pita_capaian'?")]
    no_bands = TERMS.replace(block, "kategori_capaian: pita_capaian\n")
    no_bands = no_bands.replace(no_bands[no_bands.index("pita_capaian:\n"):no_bands.index("kategori_capaian")], "")
    assert [f for _, f, _ in refused(no_bands)] == ["kategori_capaian"]


def test_katalog_prints_the_terms_and_explains_a_mistake(tmp_path):
    """Through the real command: the tree with its rates, bounds, rule and references, and a refused key."""
    good = tmp_path / "katalog.yaml"
    good.write_text(TERMS, encoding="utf-8")
    shown = subprocess.run([sys.executable, "-m", "kinerja_xl", "katalog", str(good)], capture_output=True,
                           text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert ("Kategori capaian — ≥ 91: Sangat Tinggi; ≥ 76 dan < 91: Tinggi; ≥ 66 dan < 76: Sedang; "
            "≥ 51 dan < 66: Rendah; < 51: Sangat Rendah.") in shown.stdout
    assert ("S1.1 [rasio] · target < 100 · triwulan TW2 < 110 · turun (makin kecil makin baik) · pengali 100.000 · "
            "pembanding: Target nasional 183; Target provinsi 90–110 · KESMAS") in shown.stdout
    assert "S2.1 [langsung] · target 14 · turun (makin kecil makin baik), rumus terbalik · batas capaian 120" \
        in shown.stdout
    assert "S2.2 · batas_capaian: rumus turun 'terbalik'" in shown.stdout  # a warning, printed under the tree
    bad = tmp_path / "salah.yaml"
    bad.write_text(edited("{2025: {kurang_dari: 100}, 2029", "{2025: {kurang_dri: 100}, 2029"), encoding="utf-8")
    refused_run = subprocess.run([sys.executable, "-m", "kinerja_xl", "katalog", str(bad)], capture_output=True,
                                 text=True, timeout=120)
    assert refused_run.returncode != 0
    assert "S1.1 · target.2025.kurang_dri: kunci 'kurang_dri' tidak dikenal; maksud Anda 'kurang_dari'?" in (
        refused_run.stdout + refused_run.stderr)
    assert "Traceback" not in refused_run.stderr


def test_catalog_json_and_lines_write_the_terms_as_the_catalog_does():
    catalog = terms()
    tree = catalog_tree(catalog)
    s11 = tree["sasaran"][0]["anak"][0]
    assert s11["target"] == {"2025": {"kurang_dari": 100.0}, "2029": {"kurang_dari": 80.0}}
    assert (s11["pengali"], s11["rumus_turun"]) == (100000.0, "selisih")
    assert s11["pembanding"][1] == {"nama": "Target provinsi", "target": {"2025": [90.0, 110.0]}}
    assert tree["kategori_capaian"][-1] == {"min": None, "label": "Sangat Rendah"}
    json.dumps(tree)
    assert any("≥ 95" in line and "pembanding: Standar pelayanan minimal > 99" in line
               for line in catalog_lines(catalog))
