"""The SKM formula of PermenPANRB 14/2017 in the engine: NRR per unsur over those who answered it, weighted by
1/N (or the rounded weight a catalog names), summed and × 25, rounded as Excel's ROUND; its mutu, kinerja
unit and weakest unsur; a weighted mean of units by respondents. Checked on a catalog of its own (a kota
office, ``tests/support/catalogs.SURVEI``) and, as a property, against an exact computation with fractions."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja_xl.catalog import parse_catalog
from kinerja_xl.catalog.schema import count_key, respondents_key
from kinerja_xl.catalog.survey import minimum_sample, rounded_weights
from kinerja_xl.compute.engine import compute
from kinerja_xl.compute.expr import InputRef
from kinerja_xl.compute.results import result_tree
from tests.support.catalogs import SURVEI, survei

Answers = list[list[int | None]]


def counts(node: str, group: str | None, unit: str, answers: Answers) -> dict[InputRef, Decimal]:
    """The engine's inputs of a survey: answers per unsur and level, and respondents (rows with an answer)."""
    size = max((len(r) for r in answers), default=9)
    out = {InputRef(node, count_key(group, f"U{u + 1}", level), unit):
           Decimal(sum(1 for r in answers if r[u] == level)) for u in range(size) for level in (1, 2, 3, 4)}
    out[InputRef(node, respondents_key(group), unit)] = Decimal(sum(any(a is not None for a in r) for r in answers))
    return out


def catalog_with(weight: str | None = None, size: int = 9, nrr_digits: int | None = None) -> object:
    """The SURVEI catalog with S1.1's weight (``None``: 1/N exact), number of unsur and ``pembulatan_nrr``
    changed."""
    text = SURVEI.replace("survei: {bobot_unsur: 0.111, ", "survei: {" + (f"bobot_unsur: {weight}, " if weight else "")
                          + (f"jumlah_unsur: {size}, " if size != 9 else "")
                          + (f"pembulatan_nrr: {nrr_digits}, " if nrr_digits is not None else ""))
    if size == 14:
        text = text.replace("predikat: ikm\n        rentang: [0, 100]\n        label", "predikat: ikm_lama\n"
                            "        rentang: [0, 100]\n        label")
    return parse_catalog(text, source="SURVEI")


def ikm(catalog: object, answers: Answers, group: str = "A") -> Decimal | None:
    c = compute(catalog, counts("S1.1", group, group, answers), scope={group})  # type: ignore[arg-type]
    return c.number("S1.1", f"survei.{group}.ikm")


# -- the formula and its edges --------------------------------------------------------------------------
@pytest.mark.parametrize(("weight", "best", "worst"), [
    (None, "100.00", "25.00"),      # 1/9 exactly: the regulation's scale is 25–100
    ("0.11", "99.00", "24.75"),     # 9 × 0,11 = 0,99: every IKM 1% low, never 100
    ("0.111", "99.90", "24.98"),    # 24,975 rounds half up (Excel's ROUND) to 24,98
    ("0.1111", "99.99", "25.00"),   # 24,9975 → 25,00
])
def test_all_fours_and_all_ones_under_each_weight(weight, best, worst):
    catalog = catalog_with(weight)
    assert ikm(catalog, [[4] * 9] * 3) == Decimal(best)
    assert ikm(catalog, [[1] * 9] * 3) == Decimal(worst)


def test_pembulatan_nrr_rounds_each_unsur_before_it_is_weighted():
    """Three respondents: NRR 11/3, 10/3 … Unrounded (the regulation) the IKM is 85,19; with each NRR rounded
    to 2 decimals first (as some agencies compute it) 85,17 — and the NRR themselves are the rounded ones."""
    answers = [[4, 4, 3, 4, 3, 3, 4, 3, 3], [4, 3, 3, 4, 3, 3, 4, 2, 3], [3, 3, 4, 4, 4, 3, 4, 3, 4]]
    exact = sum(Fraction(sum(r[u] for r in answers), 3) for u in range(9)) / 9 * 25
    rounded = sum(Fraction(excel_half_up(Fraction(sum(r[u] for r in answers), 3))) for u in range(9)) / 9 * 25
    assert (excel_half_up(exact), excel_half_up(rounded)) == (Decimal("85.19"), Decimal("85.17"))
    assert ikm(catalog_with(), answers) == Decimal("85.19")
    two = catalog_with(nrr_digits=2)
    assert ikm(two, answers) == Decimal("85.17")
    c = compute(two, counts("S1.1", "A", "A", answers), scope={"A"})
    assert c.number("S1.1", "survei.A.nrr.U1") == Decimal("3.67")
    survey = result_tree(c)["sasaran"][0]["indikator"][0]["survei"]["A"]
    assert (survey["pembulatan_nrr"], survey["nrr"]["U2"], survey["ikm"]) == (2, 3.33, 85.17)
    assert "pembulatan_nrr" not in result_tree(compute(catalog_with(), counts("S1.1", "A", "A", answers),
                                                       scope={"A"}))["sasaran"][0]["indikator"][0]["survei"]["A"]


def test_one_respondent():
    catalog = catalog_with()
    answers = [[4, 3, 3, 4, 3, 3, 4, 2, 3]]  # sum 29: 29/9 × 25 = 80,5555… → 80,56
    assert ikm(catalog, answers) == Decimal("80.56")
    c = compute(catalog, counts("S1.1", "A", "A", answers), scope={"A"})
    assert c.value("S1.1", "survei.A.terendah") == "U8 Penanganan pengaduan, saran dan masukan"
    assert (c.value("S1.1", "survei.A.mutu"), c.value("S1.1", "survei.A.kinerja")) == ("B", "Baik")


def test_a_blank_answer_leaves_the_respondent_out_of_that_unsur_only():
    """NRR = sum of answers / respondents who answered the unsur, not / all respondents."""
    catalog = catalog_with()
    answers = [[4] * 9, [None] + [2] * 8]
    c = compute(catalog, counts("S1.1", "A", "A", answers), scope={"A"})
    assert c.number("S1.1", "survei.A.nrr.U1") == Decimal(4)  # 4 / 1, not 4 / 2
    assert c.number("S1.1", "survei.A.nrr.U2") == Decimal(3)
    # (4 + 8 × 3) / 9 × 25 = 77,777… → 77,78
    assert c.number("S1.1", "survei.A.ikm") == Decimal("77.78")
    assert c.inputs[InputRef("S1.1", respondents_key("A"), "A")] == 2


def test_an_unsur_nobody_answered_leaves_the_ikm_undefined():
    catalog = catalog_with()
    c = compute(catalog, counts("S1.1", "A", "A", [[None] + [4] * 8]), scope={"A"})
    assert c.number("S1.1", "survei.A.nrr.U1") is None and c.number("S1.1", "survei.A.ikm") is None
    assert c.value("S1.1", "survei.A.terendah") is None


def test_the_weakest_unsur_is_the_first_of_equal_ones():
    catalog = catalog_with()
    c = compute(catalog, counts("S1.1", "A", "A", [[4, 4, 3, 4, 4, 4, 4, 3, 4]]), scope={"A"})
    assert c.value("S1.1", "survei.A.terendah") == "U3 Waktu penyelesaian"


def test_the_fourteen_unsur_questionnaire():
    """KepMenPAN 25/2004: 14 unsur, weight 1/14 (or 0,071), its own bands (A from 81,26)."""
    exact, rounded = catalog_with(size=14), catalog_with("0.071", size=14)
    assert [i.code for i in exact.node("S1.1").survey.items][-1] == "U14"  # type: ignore[attr-defined]
    assert ikm(exact, [[4] * 14]) == Decimal("100.00") and ikm(rounded, [[4] * 14]) == Decimal("99.40")
    c = compute(exact, counts("S1.1", "A", "A", [[3] * 14]), scope={"A"})
    assert c.number("S1.1", "survei.A.ikm") == Decimal("75.00")
    assert c.value("S1.1", "survei.A.mutu") == "B"  # 62,51–81,25 under KepMenPAN 25/2004


def test_a_weighted_mean_of_units_by_counted_respondents():
    catalog = survei()
    a = [[4] * 9] * 3                        # IKM 99,90 (0,111), 3 respondents
    b = [[3] * 9] * 1 + [[None] * 9]         # IKM 74,93, 1 respondent (the empty row is nobody)
    c = compute(catalog, {**counts("S1.1", "A", "A", a), **counts("S1.1", "B", "B", b)})
    assert c.number("S1.1", "survei.A.ikm") == Decimal("99.90") and c.number("S1.1", "survei.B.ikm") == Decimal("74.93")
    # (99,90 × 3 + 74,93 × 1) / 4 = 93,6575 → 93,66, from the published (rounded) IKM of each unit
    assert c.number("S1.1", "realisasi") == Decimal("93.66")
    assert c.number("S1.1", "survei.responden") == 4
    assert c.number("S1.1", "survei.tertimbang") == Decimal("374.63")
    assert c.value("S1.1", "predikat.B") == "C (Kurang Baik)"


def test_a_quarter_types_the_ikm_the_year_counts_it():
    """The catalog's survey is annual: a TW2 workbook's IKM and respondents are typed values."""
    catalog = survei()
    typed = {InputRef("S1.1", "A.nilai", "A"): Decimal("90"), InputRef("S1.1", "A.bobot", "A"): Decimal(10)}
    assert compute(catalog, typed, scope={"A"}, period="TW2").number("S1.1", "realisasi") == Decimal("90.00")
    assert compute(catalog, typed, scope={"A"}).number("S1.1", "realisasi") is None  # tahunan: counts, not typed


def test_the_json_carries_the_survey_of_each_unit():
    catalog = survei()
    c = compute(catalog, {**counts("S1.1", "A", "A", [[4, 3, 4, 4, 4, 4, 4, 3, 4]]),
                          **counts("S1.1", "B", "B", [[3] * 9])})
    ind = result_tree(c)["sasaran"][0]["indikator"][0]
    assert ind["survei"]["A"] == {
        "responden": 1, "bobot_unsur": "0,111", "ikm": 94.35, "mutu": "A", "kinerja": "Sangat Baik",
        "nrr": {"U1": 4.0, "U2": 3.0, "U3": 4.0, "U4": 4.0, "U5": 4.0, "U6": 4.0, "U7": 4.0, "U8": 3.0, "U9": 4.0},
        "terendah": {"kode": "U2", "nama": "Sistem, mekanisme dan prosedur", "nrr": 3.0}}
    assert ind["survei"]["B"]["ikm"] == 74.93 and ind["survei"]["B"]["mutu"] == "C"


# -- the convention and the sample table ---------------------------------------------------------------
def test_the_rounded_weights_an_agency_may_write():
    assert [str(w) for w in rounded_weights(9)] == ["0.11", "0.111", "0.1111"]
    assert [str(w) for w in rounded_weights(14)] == ["0.07", "0.071", "0.0714"]


@pytest.mark.parametrize(("population", "sample"), [(5, 5), (10, 10), (11, 14), (100, 80), (101, 86), (1000, 278),
                                                     (5023, 361), (100000, 384), (10**7, 384)])
def test_krejcie_morgan_minimum_sample(population, sample):
    """The table annexed to PermenPANRB 14/2017; a population between two rows takes the larger row."""
    assert minimum_sample(population) == sample


def test_the_sample_table_follows_its_formula():
    """s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), χ² = 3,841, P = 0,5, d = 0,05, rounded; the printed table
    has 384 for 100.000 where the formula gives 382,6 (the table's own rounding up to the infinite limit)."""
    from kinerja_xl.catalog.survey import _sample_table

    for population, sample in _sample_table():
        exact = 3.841 * population * 0.25 / (0.0025 * (population - 1) + 3.841 * 0.25)
        assert abs(exact - sample) < (2 if population == 100000 else 1), population


# -- a property: random surveys against an independent computation ----------------------------------------
def excel_half_up(value: Fraction, digits: int = 2) -> Decimal:
    """Excel's ROUND of an exact value: its 15 significant digits, then half away from zero."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    significant = Decimal(format(exact, ".15g")) if value else Decimal(0)
    return significant.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


answers_strategy = st.lists(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=9, max_size=9),
                            min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(answers=answers_strategy, weight=st.sampled_from([None, "0.11", "0.111"]),
       nrr_digits=st.sampled_from([None, 0, 2, 3]))
def test_random_surveys_equal_an_exact_computation(answers, weight, nrr_digits):
    catalog = _catalogs[weight, nrr_digits]
    c = compute(catalog, counts("S1.1", "A", "A", answers), scope={"A"})
    w = Fraction(1, 9) if weight is None else Fraction(weight)
    nrr: list[Fraction | None] = []
    for u in range(9):
        given_ = [r[u] for r in answers if r[u] is not None]
        mean = Fraction(sum(given_), len(given_)) if given_ else None
        nrr.append(mean if mean is None or nrr_digits is None else Fraction(excel_half_up(mean, nrr_digits)))
        got = c.number("S1.1", f"survei.A.nrr.U{u + 1}")
        assert (got is None) == (nrr[-1] is None)
        if got is not None:
            assert abs(Fraction(got) - nrr[-1]) < Fraction(1, 10**30)
    expected = None if None in nrr else excel_half_up(sum(n * w for n in nrr) * 25)  # type: ignore[misc]
    assert c.number("S1.1", "survei.A.ikm") == expected
    assert c.inputs[InputRef("S1.1", respondents_key("A"), "A")] == sum(any(a is not None for a in r) for r in answers)
    if expected is not None:
        weakest = min(range(9), key=lambda u: (nrr[u], u))
        assert c.value("S1.1", "survei.A.terendah").split(" ")[0] == f"U{weakest + 1}"


_catalogs = {(weight, digits): catalog_with(weight, nrr_digits=digits) for weight in (None, "0.11", "0.111")
             for digits in (None, 0, 2, 3)}
