"""The engine speaks every printed report (issue 24): rates from counts, one-sided targets, pembanding, the
T / R rule and capaian categories. Every expected figure is worked out by hand (tests/support/catalogs.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja_xl.catalog import Catalog, parse_catalog
from kinerja_xl.compute.engine import MINISTRY, compute
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.compute.results import result_tree
from kinerja_xl.compute.tidy import COLUMNS, tidy_rows
from kinerja_xl.plans.formulas import FormulaRenderer
from tests.compute.test_capaian import HEAD
from tests.support.catalogs import TERMS, terms, terms_values

D = Decimal
BY_HAND = {  # node: (realisasi, capaian, kategori)
    "S1.1": ("103.01", "96.99", "Sangat Tinggi"), "S1.2": ("10.80", "132.50", "Sangat Tinggi"),
    "S1": (None, "114.75", "Sangat Tinggi"), "S2.1": ("12.50", "112.00", "Sangat Tinggi"),
    "S2.2": ("257.55", "73.77", "Sedang"), "S2.3": ("90.00", "94.74", "Sangat Tinggi"),
    "S2": (None, "93.50", "Sangat Tinggi"), MINISTRY: (None, "104.13", "Sangat Tinggi"),
}


def one(lines: str, extra_top: str = "") -> Catalog:
    """A one-indicator catalog (unit U) from the indicator's YAML lines (indented 8 spaces)."""
    return parse_catalog(extra_top + HEAD + "      - kode: S1.1\n        nama: I\n        pemilik: [U]\n" + lines)


def capaian_of(catalog, **values: str) -> Decimal | None:
    refs = {InputRef("S1.1", key, "U"): D(v) for key, v in values.items()}
    return compute(catalog, refs).number("S1.1", "capaian")


def test_every_figure_of_the_terms_catalog_worked_out_by_hand():
    c = compute(terms(), terms_values())
    for node, (realisasi, capaian, category) in BY_HAND.items():
        assert c.number(node, "capaian") == D(capaian), node
        assert c.value(node, "kategori") == category, node
        if realisasi is not None:
            assert c.number(node, "realisasi") == D(realisasi), node
    assert [c.number("S1.2", f"rasio.{g}") for g in ("kota", "desa")] == [D("12.00"), D("9.60")]
    assert c.number("S1.1", "capaian_akhir") == D("71.24")  # (160 − 103,01) / 80
    comparisons = {(node, m): c.value(node, m) for node, m in (
        ("S1.1", "capaian_pembanding1"), ("S1.1", "capaian_pembanding2"), ("S1.2", "capaian_pembanding1"),
        ("S2.3", "capaian_pembanding1"), ("S2.3", "kategori_pembanding1"))}
    assert comparisons == {("S1.1", "capaian_pembanding1"): D("143.71"), ("S1.1", "capaian_pembanding2"): D("100.00"),
                           ("S1.2", "capaian_pembanding1"): D("132.50"), ("S2.3", "capaian_pembanding1"): D("90.91"),
                           ("S2.3", "kategori_pembanding1"): "Tinggi"}


def test_a_pembanding_never_enters_a_mean():
    """S1's mean reads its indicators' capaian only: changing the national target changes nothing above it."""
    low = compute(terms(), terms_values())
    high = compute(parse_catalog(TERMS.replace("target: {2025: 183}", "target: {2025: 10}")), terms_values())
    assert low.number("S1.1", "capaian_pembanding1") != high.number("S1.1", "capaian_pembanding1")
    for node in ("S1.1", "S1", MINISTRY):
        assert low.number(node, "capaian") == high.number(node, "capaian")
    goal = low.figures[next(r for r in low.figures if r.node == "S1" and r.measure == "capaian")].expr
    assert {r.measure for r in goal.refs()} == {"capaian"}


@pytest.mark.parametrize("multiplier, expected", [(1000, "12.00"), (100000, "1200.00"), (1, "0.01"), (100, "1.20")])
def test_pengali_multiplies_the_ratio(multiplier, expected):
    satuan = "" if multiplier == 100 else f"        satuan: per {multiplier}\n"
    catalog = one(f"        pengali: {multiplier}\n{satuan}        target: {{2023: 10}}\n        metode: rasio\n")
    c = compute(catalog, {InputRef("S1.1", "pembilang", "U"): D(6), InputRef("S1.1", "penyebut", "U"): D(500)})
    assert c.number("S1.1", "realisasi") == D(expected)


def test_a_rate_without_satuan_is_labelled_per_its_multiplier():
    catalog = one("        pengali: 100000\n        target: {2023: 10}\n        metode: rasio\n")
    assert catalog.node("S1.1").unit_of_measure == "per 100.000"
    assert catalog.node("S1.1").is_rate
    assert not one("        target: {2023: 10}\n        metode: rasio\n").node("S1.1").is_rate


@pytest.mark.parametrize("target, realisasi, expected", [
    ("{kurang_dari: 10}", "8", "120.00"),       # (2 × 10 − 8) / 10
    ("{kurang_dari: 10}", "10", "100.00"),      # exactly at a strict bound: the regulation's arithmetic gives 100
    ("{kurang_dari: 10}", "12", "80.00"),
    ("{paling_banyak: 5}", "5", "100.00"),
    ("{paling_banyak: 5}", "4", "120.00"),
    ("{lebih_dari: 80}", "80", "100.00"),
    ("{lebih_dari: 80}", "88", "110.00"),
    ("{paling_sedikit: 95}", "90", "94.74"),
    ("{paling_sedikit: 95}", "99", "104.21"),
])
def test_a_one_sided_target_counts_against_its_bound_with_the_polarity_of_its_side(target, realisasi, expected):
    catalog = one(f"        target: {{2023: {target}}}\n        metode: langsung\n        rentang: [null, null]\n")
    assert capaian_of(catalog, nilai=realisasi) == D(expected)


def test_the_side_sets_the_polarity_and_a_quarter_may_be_one_sided():
    catalog = terms()
    assert catalog.node("S1.1").polarity == "turun" and catalog.node("S2.3").polarity == "naik"
    values = terms_values()
    tw2 = compute(catalog, values, period="TW2")  # against the quarter's < 110: (220 − 103,01) / 110
    assert tw2.number("S1.1", "capaian") == D("106.35")
    assert tw2.number("S1.1", "capaian_tahunan") == D("96.99")
    assert tw2.constants[next(r for r in tw2.constants if r.measure == "target_periode")] == D(110)


@given(target=st.integers(1, 10**6), realisasi=st.integers(1, 10**6))
def test_terbalik_is_target_over_realisasi(target, realisasi):
    catalog = one(f"        polaritas: turun\n        rumus_turun: terbalik\n        target: {{2023: {target}}}\n"
                  "        metode: langsung\n        rentang: [null, null]\n")
    expected = (D(target) / D(realisasi) * 100).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert capaian_of(catalog, nilai=str(realisasi)) == expected


def test_terbalik_at_zero_gives_the_cap_or_no_capaian():
    capped = one("        polaritas: turun\n        rumus_turun: terbalik\n        batas_capaian: 150\n"
                 "        target: {2023: 14}\n        metode: langsung\n")
    assert capaian_of(capped, nilai="0") == D(150)
    assert capaian_of(capped, nilai="7") == D(150)  # 200, capped
    uncapped = one("        polaritas: turun\n        rumus_turun: terbalik\n        target: {2023: 14}\n"
                   "        metode: langsung\n")
    assert capaian_of(uncapped, nilai="0") is None
    assert [w.field for w in uncapped.warnings] == ["batas_capaian"]
    assert not capped.warnings


def test_terbalik_catalog_wide_and_a_range_uses_the_nearer_bound():
    catalog = one("        polaritas: turun\n        target: {2023: [7, 8]}\n        metode: langsung\n",
                  extra_top="rumus_turun: terbalik\n")
    assert catalog.lower_rule == "terbalik" and catalog.node("S1.1").lower_rule == "terbalik"
    assert capaian_of(catalog, nilai="7.5") == D(100)
    assert capaian_of(catalog, nilai="10") == D(80)      # 8 / 10
    assert capaian_of(catalog, nilai="5") == D(140)      # 7 / 5
    selisih = one("        polaritas: turun\n        rumus_turun: selisih\n        target: {2023: [7, 8]}\n"
                  "        metode: langsung\n", extra_top="rumus_turun: terbalik\n")
    assert capaian_of(selisih, nilai="10") == D(75)      # the node's own rule: (16 − 10) / 8


@pytest.mark.parametrize("mode", ["bertahap", "tanpa_antara"])
@pytest.mark.parametrize("realisasi, category", [
    ("91", "Sangat Tinggi"), ("90.99", "Tinggi"), ("76", "Tinggi"), ("75.99", "Sedang"), ("66", "Sedang"),
    ("51", "Rendah"), ("50.99", "Sangat Rendah"), ("0", "Sangat Rendah"), ("150", "Sangat Tinggi")])
def test_a_capaian_exactly_at_a_minimum_gets_that_category(mode, realisasi, category):
    catalog = one("        target: {2023: 100}\n        metode: langsung\n        rentang: [null, null]\n",
                  extra_top=f"pembulatan: {{mode: {mode}, desimal: 2}}\n" + TERMS[TERMS.index("kategori_capaian"):
                                                                             TERMS.index("sasaran:")])
    c = compute(catalog, {InputRef("S1.1", "nilai", "U"): D(realisasi)})
    assert c.value("S1.1", "kategori") == category


def test_categories_are_read_on_the_value_as_shown():
    """tanpa_antara keeps 90,995 unrounded, but it shows (and is categorised) as 91,00."""
    catalog = one("        target: {2023: 100}\n        metode: langsung\n        rentang: [null, null]\n",
                  extra_top="pembulatan: {mode: tanpa_antara, desimal: 2}\n"
                            "kategori_capaian: [{min: 91, label: A}, {min: null, label: B}]\n")
    c = compute(catalog, {InputRef("S1.1", "nilai", "U"): D("90.995")})
    assert c.number("S1.1", "capaian") == D("90.995") and c.value("S1.1", "kategori") == "A"
    formula = FormulaRenderer(lambda ref: D("90.995"), "X").formula(c.figures[
        next(r for r in c.figures if r.measure == "kategori")].expr)
    assert "ROUND(90.995,2)>=91" in formula


def test_pita_capaian_labels_as_categories():
    catalog = parse_catalog(TERMS.replace(TERMS[TERMS.index("kategori_capaian"):TERMS.index("sasaran:")],
                                          "kategori_capaian: pita_capaian\n"))
    c = compute(catalog, terms_values())
    assert [c.value(n, "kategori") for n in ("S1.1", "S1.2", MINISTRY)] == ["Belum tercapai", "Tercapai", "Tercapai"]


def test_without_categories_there_is_no_kategori_figure():
    catalog = parse_catalog(TERMS.replace(TERMS[TERMS.index("kategori_capaian"):TERMS.index("sasaran:")], ""))
    c = compute(catalog, terms_values())
    assert not [r for r in c.figures if r.measure.startswith("kategori")]
    assert "kategori" not in result_tree(c)["sasaran"][0]["indikator"][0]


def test_the_json_tree_carries_targets_as_written_categories_and_pembanding():
    tree = result_tree(compute(terms(), terms_values()))
    s11, s12 = tree["sasaran"][0]["indikator"]
    assert (s11["target"], s11["satuan"], s11["kategori"], s11["polaritas"], s11["rumus_turun"]) == (
        {"kurang_dari": 100}, "per 100.000 KH", "Sangat Tinggi", "turun", "selisih")
    assert s11["pembanding"] == [
        {"nama": "Target nasional", "target": 183, "capaian": 143.71, "kategori": "Sangat Tinggi"},
        {"nama": "Target provinsi", "target": [90, 110], "capaian": 100.0, "kategori": "Sangat Tinggi"}]
    assert s12["pembanding"][0]["target"] == {"paling_banyak": 16}
    assert tree["sasaran"][1]["indikator"][1]["rumus_turun"] == "terbalik"
    assert (tree["kategori_kementerian"], tree["sasaran"][1]["kategori"]) == ("Sangat Tinggi", "Sangat Tinggi")


def test_ekspor_rows_carry_the_category_and_the_side_of_a_bound():
    catalog = terms()
    values = terms_values()
    consolidated = compute(catalog, values)
    per_unit = [(u, "tahunan", {r: v for r, v in values.items() if r.unit == u}) for u in ("KESMAS", "P2P")]
    rows = tidy_rows(catalog, per_unit, consolidated)
    assert all(list(r) == list(COLUMNS) for r in rows)
    mine = {(r["unit"], r["kode"]): r for r in rows}
    s11 = mine[(MINISTRY, "S1.1")]
    assert (s11["target"], s11["target_batas"], s11["capaian"], s11["kategori"]) == (100, "kurang_dari", 96.99,
                                                                                     "Sangat Tinggi")
    assert mine[("KESMAS", "S1.1")]["kategori"] == "Sangat Tinggi"   # KESMAS alone supplies S1.1
    assert mine[("KESMAS", "S1.2")]["kategori"] is None               # pooled: no capaian of its own
    assert (mine[(MINISTRY, "S2.2")]["kategori"], mine[(MINISTRY, MINISTRY)]["kategori"]) == ("Sedang",
                                                                                              "Sangat Tinggi")
