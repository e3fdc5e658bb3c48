"""Catalog checking: every defect is named by node and field, in Bahasa Indonesia."""

from __future__ import annotations

from pathlib import Path

import pytest

from kinerja_xl.catalog import CatalogError, load_catalog, parse_catalog

ROOT = Path(__file__).resolve().parents[2]

HEAD = """
skema: 1
id: uji
kementerian: Kementerian Uji
tahun: 2023
renstra: [2020, 2024]
perjanjian_kinerja: {versi: "1"}
unit: [{kode: U, nama: Unit}, {kode: V, nama: Unit V}]
"""


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(HEAD + text)
    return [(p.node, p.field) for p in info.value.problems]


def test_shipped_catalog_loads_and_matches_the_package_copy(catalog):
    packaged = ROOT / "kinerja_xl" / "data" / "katalog-kemensos-2023.yaml"
    assert packaged.read_bytes() == (ROOT / "templates" / "katalog-kemensos-2023.yaml").read_bytes()
    assert catalog.year == 2023
    assert [g.code for g in catalog.goals] == ["SS1", "SS2", "SS3", "SS4"]
    assert len(list(catalog.indicators())) == 8
    assert len(catalog.content_hash) == 16


def test_unknown_method():
    assert problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - {kode: S1.1, nama: I, target: {2023: 1}, pemilik: [U], metode: median}
""") == [("S1.1", "metode")]


def test_missing_input_definition():
    assert problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - {kode: S1.1, nama: I, target: {2023: 1}, pemilik: [U], metode: rasio_gabungan}
""") == [("S1.1", "kelompok")]


def test_composite_without_children_and_leaf_with_children():
    assert problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - {kode: S1.1, nama: I, target: {2023: 1}, pemilik: [U], metode: rata_rata}
      - kode: S1.2
        nama: J
        target: {2023: 1}
        pemilik: [U]
        metode: rasio
        sub: [{kode: S1.2.1, nama: X, metode: langsung}]
""") == [("S1.1", "sub"), ("S1.2", "sub")]


def test_duplicate_code():
    assert problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - {kode: S1.1, nama: I, target: {2023: 1}, pemilik: [U], metode: rasio}
      - {kode: S1.1, nama: J, target: {2023: 1}, pemilik: [U], metode: rasio}
""") == [("S1.1", "kode")]


def test_weights_must_sum_to_the_declared_total():
    found = problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - kode: S1.1
        nama: I
        target: {2023: 1}
        pemilik: [U]
        metode: jumlah_berbobot
        total_bobot: 100
        komponen:
          - {kode: A, nama: A, bobot: 80, metode: langsung}
          - {kode: B, nama: B, bobot: 30, metode: langsung}
""")
    assert found == [("S1.1", "bobot")]


def test_cycle_through_yaml_alias_is_rejected_not_recursed():
    # every alias is refused by the YAML loader, before the tree is built (so nothing recurses or expands)
    found = problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - &loop
        kode: S1.1
        nama: I
        target: {2023: 1}
        pemilik: [U]
        metode: rata_rata
        sub: [*loop]
""")
    assert found == [("-", "berkas")]


def test_target_of_the_wrong_type():
    assert problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - {kode: S1.1, nama: I, target: {2023: "tinggi"}, pemilik: [U], metode: rasio}
      - {kode: S1.2, nama: J, target: {2023: [5, 1]}, pemilik: [U], metode: rasio}
""") == [("S1.1", "target.2023"), ("S1.2", "target.2023")]


def test_zero_or_negative_target_is_rejected():
    assert problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - {kode: S1.1, nama: I, target: {2023: 0}, pemilik: [U], metode: rasio, polaritas: turun}
      - {kode: S1.2, nama: J, target: {2023: [-1, 5]}, pemilik: [U], metode: rasio}
""") == [("S1.1", "target.2023"), ("S1.2", "target.2023")]


def test_codes_differing_only_in_case_and_pooled_peak_series_are_rejected():
    assert problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - {kode: S1.1, nama: I, target: {2023: 1}, pemilik: [U, V], metode: periode_puncak}
  - kode: s1
    nama: T
    indikator:
      - {kode: s1.1, nama: J, target: {2023: 1}, pemilik: [U], metode: rasio}
""") == [("S1.1", "pemilik"), ("s1", "kode"), ("s1.1", "kode")]


def test_unknown_owner_unit_and_predicate():
    assert problems("""
sasaran:
  - kode: S1
    nama: S
    indikator:
      - {kode: S1.1, nama: I, target: {2023: 1}, pemilik: [X], metode: rasio, predikat: rb}
""") == [("S1.1", "pemilik"), ("S1.1", "predikat")]


def test_messages_are_indonesian_and_name_node_and_field():
    with pytest.raises(CatalogError) as info:
        parse_catalog(HEAD + "sasaran: []\n")
    text = str(info.value)
    assert "Katalog" in text and "tidak valid" in text and "minimal satu sasaran" in text


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(CatalogError, match="tidak dapat dibaca"):
        load_catalog(tmp_path / "tidak-ada.yaml")
    bad = tmp_path / "rusak.yaml"
    bad.write_text("skema: [1\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="YAML tidak valid"):
        load_catalog(bad)


def test_content_hash_ignores_comments_but_not_meaning(catalog):
    text = (ROOT / "templates" / "katalog-kemensos-2023.yaml").read_text(encoding="utf-8")
    assert parse_catalog("# catatan baru\n" + text).content_hash == catalog.content_hash
    assert parse_catalog(text.replace("99.35", "99.36")).content_hash != catalog.content_hash


def test_a_revised_agreement_is_a_catalog_edit(catalog):
    """Another target (e.g. the January PK) changes results without any code change."""
    from kinerja_xl.compute.engine import compute
    from kinerja_xl.pipeline.examples import load_raw_figures

    text = (ROOT / "templates" / "katalog-kemensos-2023.yaml").read_text(encoding="utf-8")
    january = parse_catalog(text.replace("target: {2023: 99.35, 2024: 99.39}", "target: {2023: 99.75, 2024: 99.39}"))
    raw = load_raw_figures(ROOT / "workbooks" / "2023" / "sumber" / "angka-mentah-lkj-2023.yaml", catalog)
    c = compute(january, raw.all_values())
    assert str(c.number("SS1.1", "capaian")) == "99.99"  # 99,74 / 99,75


# -- survei -----------------------------------------------------------------------------------------------
def _survei(change: str, into: str) -> str:
    from tests.support.catalogs import SURVEI

    assert change in SURVEI
    return SURVEI.replace(change, into)


def whole_problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(text)
    return [(p.node, p.field) for p in info.value.problems]


@pytest.mark.parametrize(("change", "into", "where"), [
    ("survei: {bobot_unsur: 0.111,", "survei: {bobot_unsur: 0.1,", ("S1.1", "survei.bobot_unsur")),
    ("survei: {bobot_unsur: 0.111,", "survei: {bobot_unsur: 1/8,", ("S1.1", "survei.bobot_unsur")),
    ("survei: {bobot_unsur: 0.111,", "survei: {jumlah_unsur: 12, bobot_unsur: 0.111,", ("S1.1", "survei.unsur")),
    ("survei: {jumlah_unsur: 14,", "survei: {jumlah_unsur: 14, kuesioner: lain,", ("S1.2", "survei.kuesioner")),
    ("periode: [tahunan], populasi", "periode: [TW3], populasi", ("S1.1", "survei.periode")),
    ("kolom: [jenis_layanan]", "kolom: [alamat]", ("S1.2", "survei.kolom")),
    ("populasi: {A: 100}", "populasi: {A: 0}", ("S1.1", "survei.populasi.A")),
    ("populasi: {A: 100}", "populasi: {Z: 10}", ("S1.1", "survei.populasi.Z")),
    ("kapasitas: 200", "kapasitas: 0", ("S1.1", "survei.kapasitas")),
    ("{kode: B, nama: Bidang Layanan Informasi, pemilik: [B]}",
     "{kode: B, nama: Bidang Layanan Informasi, pemilik: [B, C]}", ("S1.1", "kelompok.B.pemilik")),
    ("        metode: langsung\n        predikat: ikm_lama", "        metode: rasio\n        predikat: ikm_lama",
     ("S1.2", "survei")),
    ("pemilik: [C]\n        metode: langsung", "pemilik: [A]\n        metode: langsung", ("S1.2", "survei")),
    *(("survei: {bobot_unsur: 0.111,", f"survei: {{bobot_unsur: 0.111, pembulatan_nrr: {bad},",
        ("S1.1", "survei.pembulatan_nrr")) for bad in ("7", "-1", "'2'", "true", "2.5", "[2]")),
    # the strict schema: a misspelt key is refused with its place, never ignored
    ("survei: {bobot_unsur: 0.111,", "survei: {bobot_unsr: 0.111,", ("S1.1", "survei.bobot_unsr")),
])
def test_survey_declarations_are_checked(change, into, where):
    assert where in whole_problems(_survei(change, into))


def test_own_questionnaire_words_are_checked():
    words = ("unsur: [{kode: U1, nama: Kemudahan, jawaban: [Sulit, Agak sulit, Mudah, 'Mudah*']}]")
    text = _survei("survei: {jumlah_unsur: 14, kolom: [jenis_layanan], kapasitas: 100}",
                   f"survei: {{jumlah_unsur: 1, {words}}}")
    assert ("S1.2", "survei.unsur[0].jawaban[3]") in whole_problems(text)
    misspelt = text.replace("'Mudah*']", "'Sangat mudah'], jawab: 4")
    assert ("S1.2", "survei.unsur[0].jawab") in whole_problems(misspelt)
    good = _survei("survei: {jumlah_unsur: 14, kolom: [jenis_layanan], kapasitas: 100}",
                   "survei: {jumlah_unsur: 2, unsur: [{kode: U1, nama: Kemudahan, jawaban: [Sulit, Agak sulit, Mudah, "
                   "[Sangat mudah, Mudah sekali]]}, {kode: U2, nama: Kecepatan, jawaban: [Lambat, Agak lambat, Cepat, "
                   "Sangat cepat]}]}")
    spec = parse_catalog(good).node("S1.2").survey
    assert spec is not None and spec.size == 2 and spec.weight_text() == "1/2"
    assert spec.item("U1").words(4) == ("Sangat mudah", "Mudah sekali")
