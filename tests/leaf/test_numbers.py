import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja_xl.numbers import ParsedNumber, format_number, parse_number, spell_number

D = Decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # non-string cell values
        (85.93, D("85.93")),
        (0.1, D("0.1")),
        (-2.5, D("-2.5")),
        (807701, D("807701")),
        (0, D("0")),
        (D("1234.5600"), D("1234.56")),
        # Indonesian notation
        ("99,35", D("99.35")),
        ("807.701", D("807701")),
        ("1.234.567,89", D("1234567.89")),
        ("2023", D("2023")),
        ("0,5", D("0.5")),
        (",5", D("0.5")),
        ("0,500", D("0.5")),
        ("1234,567", D("1234.567")),
        ("1.234,567", D("1234.567")),
        # currency and units
        ("Rp 1.000.000", D("1000000")),
        ("Rp1.000.000,-", D("1000000")),
        ("Rp. 1.000.000,00", D("1000000")),
        ("rp 500", D("500")),
        ("12 %", D("12")),
        ("12%", D("12")),
        ("12,5%", D("12.5")),
        # whitespace
        ("  99,35  ", D("99.35")),
        ("\xa099,35\u202f", D("99.35")),
        ("1 234 567", D("1234567")),
        ("1\xa0234\xa0567,5", D("1234567.5")),
        ("1\u202f234", D("1234")),
        # signs
        ("-1.000", D("-1000")),
        ("\u22121.000", D("-1000")),
        ("- 12,5", D("-12.5")),
        ("+7", D("7")),
        ("(1.000)", D("-1000")),
        ("(Rp 1.000,50)", D("-1000.5")),
        ("-Rp 1.000", D("-1000")),
        ("Rp -1.000", D("-1000")),
        ("-12,5%", D("-12.5")),
    ],
)
def test_parse_ok(raw, expected):
    parsed = parse_number(raw)
    assert parsed.problem is None, parsed.detail
    assert parsed.detail is None
    assert parsed.ok
    assert isinstance(parsed.value, Decimal)
    assert parsed.value == expected


def test_float_uses_shortest_repr():
    assert str(parse_number(85.93).value) == "85.93"


@pytest.mark.parametrize("raw", [None, "", "   ", "\xa0", "\u202f\t\n"])
def test_parse_kosong(raw):
    assert parse_number(raw) == ParsedNumber(None, "kosong", "sel kosong")


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        (True, "TRUE/FALSE"),
        (False, "TRUE/FALSE"),
        (float("nan"), "NaN"),
        (float("inf"), "NaN"),
        (float("-inf"), "NaN"),
        (D("NaN"), "NaN"),
        (D("Infinity"), "NaN"),
        (dt.datetime(2023, 12, 31), "tanggal"),
        (dt.date(2023, 12, 31), "tanggal"),
        ([1], "list"),
        ("=A1+B1", "rumus"),
        ("=SUM(A1:A3)", "rumus"),
        ("#DIV/0!", "galat"),
        ("#N/A", "galat"),
        ("#REF!", "galat"),
        ("abc", "bukan angka"),
        ("tidak ada", "bukan angka"),
        ("N/A", "bukan angka"),
        ("-", "bukan angka"),
        ("Rp", "bukan angka"),
        ("%", "bukan angka"),
        (",", "bukan angka"),
        ("12 orang", "bukan angka"),
        ("--5", "bukan angka"),
        ("(-5)", "bukan angka"),
        ("\u0661\u0662", "bukan angka"),  # Arabic-Indic digits are not accepted
        ("1.23.456", "tidak dikenali"),
        ("1.2345.678", "tidak dikenali"),
        ("1.234.5", "tidak dikenali"),
        ("5,", "tidak dikenali"),
        ("1,2,3", "tidak dikenali"),
        ("1 2", "tidak dikenali"),
        ("1 234.567.890", "tidak dikenali"),
        ("1.234,56.7", "tidak dikenali"),
    ],
)
def test_parse_bukan_angka(raw, hint):
    parsed = parse_number(raw)
    assert parsed.problem == "bukan-angka"
    assert parsed.value is None
    assert hint in parsed.detail


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("1,234", "atau 1.234"),  # Indonesian 1,234 or English 1234
        ("-1,234", "atau 1.234"),
        ("999,999", "999.999"),
        ("1,234.56", "'1.234,56'"),  # English style
        ("1,234,567", "'1.234.567'"),
        ("1,234,567.5", "'1.234.567,5'"),
        ("1.5", "'1,5'"),
        ("99.35", "'99,35'"),
        ("1.2345", "'1,2345'"),
        ("0.701", "'0,701'"),
        (".5", "',5'"),
        ("12.5%", "'12,5'"),
        ("Rp 1,234.00", "'1.234,00'"),
        ("1 234.567", "'1234,567'"),
    ],
)
def test_parse_angka_ambigu(raw, hint):
    parsed = parse_number(raw)
    assert parsed.problem == "angka-ambigu"
    assert parsed.value is None
    assert hint in parsed.detail


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (D("1234567.891"), 2, "1.234.567,89"),
        (807701, 0, "807.701"),
        (D("99.35"), 2, "99,35"),
        (85.93, 2, "85,93"),
        (2.675, 2, "2,68"),  # repr-based, half away from zero (round() would give 2.67)
        (D("0.125"), 2, "0,13"),
        (D("-0.125"), 2, "-0,13"),
        (D("-1234567.5"), 0, "-1.234.568"),
        (D("0.5"), 0, "1"),
        (D("-0.5"), 0, "-1"),
        (D("-0.001"), 2, "0,00"),
        (0, 2, "0,00"),
        (999, 0, "999"),
        (1000, 0, "1.000"),
        (100000, 1, "100.000,0"),
        (D("1E+30"), 0, "1" + ".000" * 10),
        (D("12.5"), 3, "12,500"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_format_number_default_decimals():
    assert format_number(D("1234.5")) == "1.234,50"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), D("NaN"), D("-Infinity")])
def test_format_number_rejects_non_finite(value):
    with pytest.raises(ValueError):
        format_number(value)


@pytest.mark.parametrize("value", [True, "12", None])
def test_format_number_rejects_other_types(value):
    with pytest.raises(TypeError):
        format_number(value)


def _quantized(x: Decimal, decimals: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


wide_decimals = st.decimals(
    min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False
)


@given(wide_decimals, st.sampled_from([0, 1, 2, 4, 6]))
def test_round_trip_decimals(x, decimals):
    parsed = parse_number(format_number(x, decimals))
    assert parsed.problem is None, parsed.detail
    assert parsed.value == _quantized(x, decimals)


@given(wide_decimals)
def test_round_trip_three_decimals(x):
    # '1,234' is ambiguous by design, so 3 decimals only round-trip outside 1 <= |x| < 1000.
    text = format_number(x, 3)
    parsed = parse_number(text)
    if parsed.problem is None:
        assert parsed.value == _quantized(x, 3)
    else:
        assert parsed.problem == "angka-ambigu"
        assert 1 <= abs(_quantized(x, 3)) < 1000


@given(st.integers(), st.integers(min_value=0, max_value=4))
def test_round_trip_integers(n, decimals):
    parsed = parse_number(format_number(n, decimals))
    if decimals == 3 and 1 <= abs(n) < 1000:
        assert parsed.problem == "angka-ambigu"
    else:
        assert parsed.problem is None, parsed.detail
        assert parsed.value == n


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_floats_match_repr(x):
    assert parse_number(x).value == Decimal(repr(x))


def _check_result(parsed: ParsedNumber) -> None:
    assert isinstance(parsed, ParsedNumber)
    assert parsed.problem in (None, "kosong", "bukan-angka", "angka-ambigu")
    if parsed.problem is None:
        assert isinstance(parsed.value, Decimal) and parsed.value.is_finite()
        assert parsed.detail is None
    else:
        assert parsed.value is None
        assert isinstance(parsed.detail, str) and parsed.detail


@given(st.text())
def test_parse_never_raises_on_text(text):
    _check_result(parse_number(text))


@given(st.text(alphabet="0123456789.,-+()% Rp\xa0\u2212"))
def test_parse_never_raises_on_numberish_text(text):
    _check_result(parse_number(text))


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.datetimes()))
def test_parse_never_raises_on_cell_values(value):
    _check_result(parse_number(value))


@pytest.mark.parametrize(("value", "words"), [
    ("0", "nol"), ("11", "sebelas"), ("19", "sembilan belas"), ("21", "dua puluh satu"), ("100", "seratus"),
    ("115", "seratus lima belas"), ("1000", "seribu"), ("1200", "seribu dua ratus"), ("2000", "dua ribu"),
    ("100000", "seratus ribu"), ("2500000", "dua juta lima ratus ribu"), ("1000000000001", "satu triliun satu"),
    ("1.2", "satu koma dua"), ("1.250", "satu koma dua lima"), ("3.064", "tiga koma nol enam empat"),
    ("-4.5", "minus empat koma lima"),
])
def test_spell_number_reads_a_number_aloud(value, words):
    assert spell_number(Decimal(value)) == words
