"""Golden test: the published tables of LKj 2023 rebuilt from the raw figures of the report.

Where the printed report disagrees with its own arithmetic, the test asserts the arithmetic and the
comment cites the table (see ../shared/DOMAIN.md).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_xl.catalog.schema import RoundingPolicy
from kinerja_xl.compute.engine import compute

D = Decimal

SUB_REALISASI = {
    # SS1.1 (Tabel 3.4)
    "SS1.1.1": "100.00", "SS1.1.2": "99.39", "SS1.1.3": "99.55", "SS1.1.4": "100.00", "SS1.1.5": "99.48",
    "SS1.1.6": "100.00",
    # SS1.2 (Tabel 3.12)
    "SS1.2.1": "88.39", "SS1.2.2": "99.60", "SS1.2.3": "79.30", "SS1.2.4": "100.00",
    # SS1.3 (Tabel 3.16, 3.17 and text)
    "SS1.3.1": "78.15", "SS1.3.2": "94.02", "SS1.3.3": "82.52", "SS1.3.4": "100.00",
    # SS3.1 (Tabel 3.23)
    "SS3.1.1": "95.98", "SS3.1.2": "90.31", "SS3.1.3": "90.06", "SS3.1.4": "100.00", "SS3.1.5": "84.19",
    "SS3.1.6": "83.98",
}

COMPONENTS = {
    # Tabel 3.14
    "SS1.2.2.a": "99.21", "SS1.2.2.b": "99.18", "SS1.2.2.c": "100.00", "SS1.2.2.d": "100.00",
    # Tabel 3.24. Pendamping PKH is printed as 99,37 but 35.043 / 35.267 × 100 = 99,3648… → 99,36;
    # the PJS mean stays 95,79 either way.
    "SS3.1.1.a": "97.84", "SS3.1.1.b": "95.79", "SS3.1.1.b1": "99.36", "SS3.1.1.b2": "96.00",
    "SS3.1.1.b3": "92.00", "SS3.1.1.c": "94.31",
    # Tabel 3.25
    "SS3.1.3.a": "99.69", "SS3.1.3.b": "80.43",
}

INDICATORS = {  # Tabel 3.1: target, realisasi, capaian
    "SS1.1": ("99.35", "99.74", "100.39"),
    "SS1.2": ("89.44", "91.82", "102.66"),
    "SS1.3": ("80", "88.67", "110.84"),
    "SS2.1": ("65", "76.65", "117.92"),
    "SS2.2": ("75", "87.50", "116.67"),
    "SS3.1": ("84.25", "90.75", "107.72"),
    "SS4.1": ("90", "90.33", "100.37"),
    "SS4.2": ("78", "76.68", "98.31"),
}

HISTORY = {  # Tabel 3.3/3.11/3.16/3.19/3.22/3.28/3.31: % kenaikan 2022–2023, capaian vs target 2024
    # Tabel 3.3 prints 0,39; (99,74 − 99,65) / 99,65 × 100 = 0,0903 → 0,09 (the text says "0,09 poin").
    "SS1.1": ("0.09", "100.35"),
    "SS1.2": ("-0.51", "102.02"),
    # Tabel 3.16 prints −6,89; (88,67 − 95,24) / 95,24 × 100 = −6,8984 → −6,90.
    "SS1.3": ("-6.90", "110.84"),
    "SS2.1": ("-19.52", "109.50"),
    "SS2.2": (None, "116.67"),  # no 2022 realisasi: n.a
    # Tabel 3.22 prints 6,38; (90,75 − 84,98) / 84,98 × 100 = 6,7898 → 6,79.
    "SS3.1": ("6.79", "107.72"),
    "SS4.1": ("0.21", "100.37"),
    "SS4.2": ("-0.54", "98.31"),
}


@pytest.mark.parametrize("code,expected", sorted(SUB_REALISASI.items()))
def test_sub_indicator_realisasi(computation, code, expected):
    assert computation.number(code, "realisasi") == D(expected)


@pytest.mark.parametrize("code,expected", sorted(COMPONENTS.items()))
def test_component_realisasi(computation, code, expected):
    assert computation.number(code, "realisasi") == D(expected)


@pytest.mark.parametrize("code", sorted(INDICATORS))
def test_indicator_target_realisasi_capaian(computation, code):
    target, realisasi, capaian = INDICATORS[code]
    assert computation.number(code, "target") == D(target)
    assert computation.number(code, "realisasi") == D(realisasi)
    assert computation.number(code, "capaian") == D(capaian)


def test_goal_and_ministry_capaian(computation):
    # Tabel 3.1 prints SS2 as 117,29, the Ringkasan and Tabel 3.18 as 117,30:
    # (117,92 + 116,67) / 2 = 117,295 → 117,30 with Excel's ROUND.
    assert [computation.number(g, "capaian") for g in ("SS1", "SS2", "SS3", "SS4")] == [
        D("104.63"), D("117.30"), D("107.72"), D("99.34")]
    # Bab 4 prints 107,24; Tabel 3.1 and the arithmetic give 107,25.
    assert computation.number("KEMENTERIAN", "capaian") == D("107.25")


@pytest.mark.parametrize("code", sorted(HISTORY))
def test_history_rows(computation, code):
    kenaikan, capaian_akhir = HISTORY[code]
    assert computation.number(code, "kenaikan") == (D(kenaikan) if kenaikan else None)
    assert computation.number(code, "capaian_akhir") == D(capaian_akhir)


def test_peak_period_is_the_month_with_most_transactions(computation):
    from kinerja_xl.compute.results import result_tree

    tree = result_tree(computation)
    subs = {s["kode"]: s for s in tree["sasaran"][0]["indikator"][0]["sub"]}
    assert subs["SS1.1.2"]["periode_puncak"] == "April"   # Tabel 3.6: 9.779.953 in April–June, first is April
    assert subs["SS1.1.3"]["periode_puncak"] == "Oktober"  # Tabel 3.7: 18.338.367


def test_ikm_and_rb_with_predicates(computation):
    assert computation.number("SS4.1", "realisasi") == D("90.33")  # Tabel 3.29, weighted by 18.380 respondents
    assert computation.value("SS4.1", "predikat") == "A (Sangat Baik)"
    assert computation.number("SS4.2", "realisasi") == D("76.68")  # 74,22 + 2,46 (Tabel 3.31)
    assert computation.value("SS4.2", "predikat") == "BB (Sangat Baik)"  # Tabel 3.30, PermenPANRB 9/2023


def test_budget_tables(computation):
    n = computation.number
    # Tabel 2.2 totals
    assert n("ANGGARAN.UNIT", "total.pagu_awal") == D("78179586686000")
    assert n("ANGGARAN.UNIT", "total.pagu_akhir") == D("87275374140000")
    # Tabel 3.32
    assert [n("ANGGARAN.BELANJA", f"persen.{t}") for t in ("pegawai", "barang", "modal", "bansos")] == [
        D("97.46"), D("99.09"), D("99.97"), D("97.96")]
    assert n("ANGGARAN.BELANJA", "total.pagu") == D("87275374140000")
    assert n("ANGGARAN.BELANJA", "total.realisasi") == D("85530010687985")
    assert n("ANGGARAN.BELANJA", "total.persen") == D("98.00")
    # Tabel 3.33 (SS3 and SS4 are printed as percentages only)
    assert [n("ANGGARAN.SASARAN", f"persen.{g}") for g in ("SS1", "SS2", "SS3", "SS4")] == [
        D("97.99"), D("96.83"), D("99.04"), D("98.66")]
    assert {computation.value("ANGGARAN.SASARAN", f"efisiensi.{g}") for g in ("SS1", "SS2", "SS3", "SS4")} == {
        "Efisien"}
    # Ringkasan: NKA = mean(EKA 95,50, IKPA 91,22)
    assert n("ANGGARAN.NKA", "nilai") == D("93.36")
    assert computation.value("ANGGARAN.NKA", "predikat") == "B (Baik)"


def test_no_intermediate_rounding_gives_the_other_last_digits(catalog, raw):
    c = compute(catalog, raw.all_values(), rounding=RoundingPolicy("tanpa_antara", 2))
    assert c.shown("SS1.3", "realisasi") == D("88.68")
    assert c.shown("SS2.1", "capaian") == D("117.93")
    assert c.shown("SS3.1", "realisasi") == D("90.76")
    # full precision is kept between stages
    assert c.number("SS1.3", "realisasi") != c.shown("SS1.3", "realisasi")


def test_rounding_mode_comes_from_the_catalog_by_default(catalog, computation):
    assert catalog.rounding.mode == "bertahap"
    assert computation.rounding == catalog.rounding


def test_missing_input_leaves_the_branch_empty(catalog, raw):
    values = dict(raw.all_values())
    del values[next(r for r in values if r.node == "SS2.1" and r.key == "penyebut")]
    c = compute(catalog, values)
    assert c.number("SS2.1", "realisasi") is None
    assert c.number("SS2", "capaian") is None
    assert c.number("KEMENTERIAN", "capaian") is None
    assert c.number("SS1", "capaian") == D("104.63")


def test_quarterly_peak_series_covers_only_the_quarter_months(catalog, raw):
    """A TW2 (cumulative) report: PKH's peak month is sought in January–June only."""
    values = {r: v for r, v in raw.all_values().items()
              if not (r.node in ("SS1.1.2", "SS1.1.3") and r.key.split(".")[0] in
                      ("Juli", "Agustus", "September", "Oktober", "November", "Desember"))}
    c = compute(catalog, values, period="TW2")
    assert c.number("SS1.1.2", "realisasi") == D("99.39")  # April
    assert c.number("SS1.1.3", "realisasi") == D("97.92")  # April: most transactions (18.332.916) of Jan–Jun
    assert compute(catalog, values).number("SS1.1.2", "realisasi") is None  # annual needs all twelve


TABEL_3_29 = {  # LKj 2023 Tabel 3.29: IKM and respondents per unit (the "Bobot" column is swapped in print)
    "SETJEN": ("91.11", 5023), "REHSOS": ("89.15", 9413), "LINJAMSOS": ("91.68", 2264),
    "DAYASOS": ("92.17", 1047), "ITJEN": ("93.95", 633),
}


@pytest.mark.parametrize("unit", sorted(TABEL_3_29))
def test_each_units_ikm_comes_from_its_survey_answers(computation, unit):
    """The example's (synthetic) answers, counted as the Survei sheet counts them, give the printed IKM with
    the catalog's exact weight 1/9, and the printed respondents; IKM × respondents is Tabel 3.29's "Bobot"."""
    ikm, respondents = TABEL_3_29[unit]
    assert computation.number("SS4.1", f"survei.{unit}.ikm") == D(ikm)
    assert computation.inputs[next(r for r in computation.inputs if r.key == f"{unit}.survei.responden")] == respondents
    assert computation.number("SS4.1", f"survei.{unit}.tertimbang") == D(ikm) * respondents
    assert computation.value("SS4.1", f"survei.{unit}.mutu") == "A"  # Sangat Baik, as printed
    assert computation.value("SS4.1", f"predikat.{unit}") == "A (Sangat Baik)"


def test_the_ministrys_ikm_is_the_respondent_weighted_mean(computation):
    """Tabel 3.29's last row: 18.380 respondents, 90,33 (= 1.660.350,34 / 18.380 → 90,3346)."""
    c = computation
    assert c.number("SS4.1", "survei.responden") == 18380
    assert c.number("SS4.1", "survei.tertimbang") == D("1660350.34")
    assert c.number("SS4.1", "realisasi") == D("90.33")
