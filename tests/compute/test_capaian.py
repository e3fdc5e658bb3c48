"""Capaian rules as properties: polarity, ranges, caps, means and ratios."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja_xl.catalog import parse_catalog
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import InputRef

D = Decimal
positive = st.decimals(min_value=D("0.01"), max_value=D(10000), places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=1, max_value=10**9)


HEAD = """
skema: 1
id: uji
kementerian: K
tahun: 2023
renstra: [2020, 2024]
perjanjian_kinerja: {versi: "1"}
unit: [{kode: U, nama: U}]
sasaran:
  - kode: S1
    nama: S
    indikator:
"""
RATIO_CATALOG = HEAD + "      - {kode: S1.1, nama: I, target: {2023: 90}, pemilik: [U], metode: rasio}\n"


def mini_catalog(polarity="naik", target="50", cap=None, mode="bertahap", extra=""):
    cap_line = f"batas_capaian: {cap}" if cap is not None else ""
    return parse_catalog(f"""
skema: 1
id: uji
kementerian: Kementerian Uji
tahun: 2023
renstra: [2020, 2024]
perjanjian_kinerja: {{versi: "1"}}
pembulatan: {{mode: {mode}, desimal: 2}}
{cap_line}
unit: [{{kode: U, nama: Unit Uji}}]
sasaran:
  - kode: S1
    nama: Sasaran
    indikator:
      - kode: S1.1
        nama: Indikator
        polaritas: {polarity}
        target: {{2023: {target}}}
        pemilik: [U]
        metode: langsung
        rentang: [null, null]
{extra}
""")


def capaian(catalog, realisasi):
    return compute(catalog, {InputRef("S1.1", "nilai", "U"): realisasi}).number("S1.1", "capaian")


@given(positive, positive, positive)
def test_capaian_is_monotone_in_realisasi_for_each_polarity(target, r1, r2):
    assume(r1 <= r2)
    up = mini_catalog("naik", str(target))
    down = mini_catalog("turun", str(target))
    assert capaian(up, r1) <= capaian(up, r2)
    assert capaian(down, r1) >= capaian(down, r2)


@given(positive)
def test_meeting_the_target_exactly_is_100(target):
    for polarity in ("naik", "turun"):
        assert capaian(mini_catalog(polarity, str(target)), target) == D("100.00")


def test_lower_is_better_formula():
    # (2T − R) / T × 100 (PermenPANRB 6/2022, "kondisi khusus"): T = 10, R = 8 → 120; R = 12 → 80
    cat = mini_catalog("turun", "10")
    assert capaian(cat, D(8)) == D("120.00")
    assert capaian(cat, D(12)) == D("80.00")


def test_range_target_is_met_inside_and_uses_the_nearer_bound_outside():
    up = mini_catalog("naik", "[6, 7]")
    assert capaian(up, D("6.5")) == D("100.00")
    assert capaian(up, D(3)) == D("50.00")       # 3 / 6
    assert capaian(up, D(14)) == D("200.00")     # 14 / 7
    down = mini_catalog("turun", "[6, 7]")
    assert capaian(down, D(3)) == D("150.00")    # (12 − 3) / 6
    assert capaian(down, D("10.5")) == D("50.00")  # (14 − 10,5) / 7


def test_export_rows_give_the_bounds_of_a_range_target():
    from kinerja_xl.compute.tidy import COLUMNS, tidy_rows

    cat = mini_catalog("naik", "[6, 7]")
    values = {InputRef("S1.1", "nilai", "U"): D("6.5")}
    rows = tidy_rows(cat, [("U", "tahunan", values)], compute(cat, values))
    row = next(r for r in rows if r["unit"] == "U" and r["kode"] == "S1.1")
    assert (row["target"], row["target_bawah"], row["target_atas"], row["capaian"]) == (None, 6, 7, 100)
    single = mini_catalog("naik", "50")
    rows = tidy_rows(single, [("U", "tahunan", values)], compute(single, values))
    row = next(r for r in rows if r["unit"] == "U" and r["kode"] == "S1.1")
    assert (row["target"], row["target_bawah"], row["target_atas"]) == (50, None, None)
    assert all(list(r) == list(COLUMNS) for r in rows)


def test_optional_cap():
    assert capaian(mini_catalog("naik", "50", cap=120), D(80)) == D("120.00")
    assert capaian(mini_catalog("naik", "50"), D(80)) == D("160.00")


@given(st.lists(positive, min_size=1, max_size=8), positive)
def test_mean_of_equal_capaian_is_that_capaian(values, target):
    value = values[0]
    children = "\n".join(
        f"          - {{kode: S1.1.{i}, nama: K{i}, metode: langsung, rentang: [null, null]}}"
        for i in range(len(values)))
    cat = parse_catalog(HEAD + f"""      - kode: S1.1
        nama: I
        target: {{2023: {target}}}
        pemilik: [U]
        metode: rata_rata
        sub:
{children}
""")
    inputs = {InputRef(f"S1.1.{i}", "nilai", "U"): value for i in range(len(values))}
    c = compute(cat, inputs)
    assert c.number("S1.1", "realisasi") == value
    assert c.number("S1", "capaian") == c.number("S1.1", "capaian")
    assert c.number("KEMENTERIAN", "capaian") == c.number("S1.1", "capaian")


@given(counts)
def test_ratio_of_equal_counts_is_exactly_100(n):
    cat = parse_catalog(RATIO_CATALOG)
    c = compute(cat, {InputRef("S1.1", "pembilang", "U"): D(n), InputRef("S1.1", "penyebut", "U"): D(n)})
    assert c.number("S1.1", "realisasi") == D(100)


def test_zero_denominator_gives_no_value_instead_of_an_error():
    cat = mini_catalog()
    assert capaian(cat, D(0)) == D("0.00")
    ratio = parse_catalog(RATIO_CATALOG)
    c = compute(ratio, {InputRef("S1.1", "pembilang", "U"): D(0), InputRef("S1.1", "penyebut", "U"): D(0)})
    assert c.number("S1.1", "realisasi") is None and c.number("KEMENTERIAN", "capaian") is None
