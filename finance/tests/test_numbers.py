"""The one rule for reading Dutch numbers and the one module that writes them (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finance.numbers import (
    NumberFormatError,
    format_amount,
    format_count,
    format_difference,
    format_fte,
    format_money,
    format_number,
    format_percent,
    format_year,
    implausible_change,
    input_text,
    parse_number,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4.495,50", Decimal("4495.50")),
        ("4495,5", Decimal("4495.5")),
        ("€ 4.495", Decimal("4495")),
        ("€4495,50", Decimal("4495.50")),
        ("-1.250", Decimal("-1250")),
        ("−1.250", Decimal("-1250")),  # the typographic minus a word processor makes
        ("€ -1.250", Decimal("-1250")),
        ("-€ 1.250", Decimal("-1250")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1 234 567,89", Decimal("1234567.89")),  # spaces between thousands, as some reports print
        ("4\u00a0495", Decimal("4495")),
        ("€ 12,-", Decimal("12")),
        ("12,", Decimal("12")),
        (",5", Decimal("0.5")),
        ("0,125", Decimal("0.125")),
        ("  7799  ", Decimal("7799")),
        ("+3", Decimal("3")),
        ("EUR 100", Decimal("100")),
        ("12,50 €", Decimal("12.50")),
        ("4.495", Decimal("4495")),  # in Dutch a dot before three digits is thousands
        ("2.026", Decimal("2026")),
    ],
)
def test_reads_what_a_dutch_civil_servant_types(text, expected):
    value = parse_number(text, money=True)
    assert value == expected


@pytest.mark.parametrize(
    "text, code",
    [
        ("12,3,4", "commas"),
        ("abc", "invalid"),
        ("1.2.3,4", "grouping"),
        ("1.234.56", "grouping"),
        ("12.345.6789", "grouping"),
        ("4495.50", "decimal_point"),  # English notation: refused, not read as 449.550
        ("4.5", "decimal_point"),
        ("0.495", "decimal_point"),
        ("--5", "invalid"),
        ("+-5", "invalid"),
        ("€€5", "invalid"),
        ("5%%", "invalid"),
        ("1e5", "invalid"),
        ("12 ,5", "grouping"),
        ("€", "invalid"),
        ("-", "invalid"),
        (",-", "invalid"),
        ("1,234.50", "invalid"),
    ],
)
def test_refuses_what_cannot_be_read_one_way_only(text, code):
    with pytest.raises(NumberFormatError) as caught:
        parse_number(text, money=True, percent=True)
    assert caught.value.code == code


def test_percent_and_euro_signs_only_where_they_belong():
    assert parse_number("12,5%", percent=True) == Decimal("12.5")
    assert parse_number("12,5 %", percent=True) == Decimal("12.5")
    with pytest.raises(NumberFormatError) as caught:
        parse_number("12,5%")
    assert caught.value.code == "percent_sign"
    with pytest.raises(NumberFormatError) as caught:
        parse_number("€ 12")
    assert caught.value.code == "euro_sign"


def test_blank_is_no_number():
    assert parse_number("") is None
    assert parse_number("   ") is None
    assert parse_number(None) is None


def test_money_in_whole_euros_with_cents_where_asked():
    assert format_money(Decimal("3047698.95")) == "€ 3.047.699"
    assert format_money(Decimal("3047698.49")) == "€ 3.047.698"
    assert format_money(Decimal("0.5")) == "€ 1"  # half up, like the engine's to_cents
    assert format_money(Decimal("-1234567.5")) == "€ -1.234.568"
    assert format_money(Decimal("4495.5"), cents=True) == "€ 4.495,50"
    assert format_money(None) == ""
    assert format_amount(Decimal("7799.00")) == "€ 7.799"
    assert format_amount(Decimal("4495.50")) == "€ 4.495,50"


def test_differences_carry_their_sign():
    assert format_difference(Decimal("25000")) == "+€ 25.000"
    assert format_difference(Decimal("-1250.4")) == "−€ 1.250"
    assert format_difference(Decimal("0.2")) == "€ 0"
    assert format_difference(Decimal("1.25"), money=False, places=1) == "+1,3"


def test_other_figures():
    assert format_percent(Decimal("0.125")) == "12,5%"
    assert format_percent(Decimal("0.0225")) == "2,25%"
    assert format_percent(Decimal("0.03")) == "3%"
    assert format_percent(Decimal("0.12345"), 1) == "12,3%"
    assert format_fte(Decimal("257.46")) == "257,5"
    assert format_count(Decimal("237.6")) == "238"
    assert format_number(Decimal("257.4600")) == "257,46"
    assert format_number(Decimal("-0.001"), 2) == "0,00"  # never "-0,00"
    assert format_number(1234567) == "1.234.567"
    assert format_year(2026) == "2026"


def test_input_text_shows_a_stored_value_for_changing_it():
    assert input_text(Decimal("7799.00"), places=2) == "7.799,00"
    assert input_text(Decimal("0.1250"), percent=True) == "12,5"
    assert input_text(Decimal("0.797"), percent=True) == "79,7"
    assert input_text(Decimal("257.46")) == "257,46"
    assert input_text(None) == ""


@pytest.mark.parametrize(
    "old, new, asked",
    [
        ("7799", "77990", True),  # a lost comma: ten times
        ("7799", "779.9", True),
        ("7799", "-7799", True),  # the other sign
        ("7799", "0", True),
        ("7799", "38995", False),  # exactly five times is not more than five times
        ("7799", "1559.80", False),
        ("7799", "8000", False),
        ("0", "7799", False),  # nothing to compare with
        ("-6133", "-6000", False),
    ],
)
def test_implausible_change(old, new, asked):
    assert implausible_change(Decimal(old), Decimal(new)) is asked


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False)
)
def test_what_is_written_reads_back_the_same(value):
    assert parse_number(input_text(value, places=2)) == value
    assert parse_number(format_money(value, cents=True), money=True) == value


def test_very_long_numbers_are_refused_and_written_without_a_crash():
    digits = "9" * 40
    assert parse_number(digits) == Decimal(digits)
    assert parse_number(f"{digits[:-1]},5") == Decimal(f"{digits[:-1]}.5")
    for too_long in ("9" * 41, "9" * 5001, "1" + ",".rjust(41, "0")):  # 5001 nines overflowed int() in a form: a 500
        with pytest.raises(NumberFormatError) as caught:
            parse_number(too_long)
        assert caught.value.code == "too_long"
    digits = "9" * 60
    assert format_money(Decimal(digits)).startswith("€ 999.999")
    assert format_money(Decimal("1E+400")).startswith("€ 1")
    assert format_percent(Decimal("1E+30")).endswith("%")
    assert format_number(Decimal("1" * 40 + ".25")) == format_number(Decimal("1" * 40), None) + ",25"
    assert format_number(Decimal("2.500")) == "2,5" and format_number(Decimal("2500")) == "2.500"


def test_zero_with_stored_decimals_is_written_as_zero():
    """A stored 0.0000 (a DecimalField with four places) is 0, not 0,000."""
    assert format_number(Decimal("0.0000")) == "0"
    assert format_number(Decimal("2.5000")) == "2,5"
