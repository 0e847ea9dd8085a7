"""The quantity parser: every written form of the issue, and numbers that are not figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.coder import quantities
from accord.coder.quantities import find_quantities, parse_quantity, quantity_vocabulary
from accord.errors import OntologyError


@pytest.mark.parametrize(
    ("written", "value", "currency", "unit"),
    [
        ("$15 billion", 15e9, "USD", None),
        ("4.1 billion dollars", 4.1e9, "USD", None),
        ("USD 300 million", 300e6, "USD", None),
        ("€2bn", 2e9, "EUR", None),
        ("1.2 bln manat", 1.2e9, "AZN", None),
        ("15 mlrd manat", 15e9, "AZN", None),
        ("15 percent", 15, None, "percent"),
        ("15 per cent", 15, None, "percent"),
        ("15%", 15, None, "percent"),
        ("2,000 troops", 2000, None, "troops"),
        ("$300m", 300e6, "USD", None),
        ("£450k", 450e3, "GBP", None),
        ("US$ 2.5 bn", 2.5e9, "USD", None),
        ("2.5 billion US dollars", 2.5e9, "USD", None),
        ("USD300 million", 300e6, "USD", None),
        ("AZN 1.2 billion", 1.2e9, "AZN", None),
        ("₼500 million", 500e6, "AZN", None),
        ("15 mln. manat", 15e6, "AZN", None),
        ("4,1 billion dollars", 4.1e9, "USD", None),
        ("20 billion Turkish lira", 20e9, "TRY", None),
        ("3 million Turkmen manat", 3e6, "TMT", None),
        ("TL 30 billion", 30e9, "TRY", None),
        ("¥5 billion", 5e9, "JPY", None),
        ("two hundred thousand euros", 200e3, "EUR", None),
        ("$1.5 trillion", 1.5e12, "USD", None),
        ("10 bcm", 10, None, "bcm"),
        ("15 billion cubic metres", 15, None, "bcm"),
        ("800 million cubic meters", 0.8, None, "bcm"),
        ("600,000 barrels per day", 600e3, None, "barrels_per_day"),
        ("1.9 million barrels a day", 1.9e6, None, "barrels_per_day"),
        ("300,000 tonnes", 300e3, None, "tonnes"),
        ("2,000 Turkish troops", 2000, None, "troops"),
        ("1.2 million Syrian refugees", 1.2e6, None, "persons"),
        ("17 Indian fishermen", 17, None, "persons"),
        ("2.4 billion Norwegian kroner", 2.4e9, "NOK", None),
        ("Twelve soldiers", 12, None, "troops"),
        ("one Turkish soldier", 1, None, "troops"),
        ("5 percentage points", 5, None, "percentage_points"),
    ],
)
def test_each_written_form_gives_its_value_in_units_and_iso_currency(written, value, currency, unit):
    quantity = parse_quantity(written)
    assert quantity is not None, written
    assert quantity.value == pytest.approx(value)
    assert (quantity.currency, quantity.unit) == (currency, unit)
    assert quantity.text == written


def test_value_is_exact_in_units_not_a_rounding_of_a_float_product():
    # 4.1 * 1e9 in floats is 4099999999.9999995; the parser multiplies decimals.
    assert parse_quantity("$4.1 billion").value == 4_100_000_000


def test_a_hyphen_may_join_number_and_scale_or_unit():
    assert parse_quantity("$15-billion").value == 15e9
    assert find_quantities("a 15-percent rise")[0].unit == "percent"


def test_offsets_point_into_the_text():
    text = "Trade rose to $2.5 billion in 2021 and 40,000 troops left."
    found = find_quantities(text)
    assert [text[q.start : q.end] for q in found] == ["$2.5 billion", "40,000 troops"]


def test_a_scaled_number_after_money_keeps_the_currency_within_the_sentence():
    first, second = find_quantities("Exports reached $3 billion, and imports 1.2 billion.")
    assert (second.value, second.currency, second.inherited) == (1.2e9, "USD", True)
    assert not first.inherited
    # Not across a sentence end, and not for a number without a scale word.
    assert len(find_quantities("Exports reached $3 billion. Imports were 1.2 billion.")) == 1
    assert len(find_quantities("Exports reached $3 billion in 12 months.")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Call +994 12 555 12 34 today.",
        "Phone (012) 498-12-34.",
        "Tel: 5551234 troops",  # a phone word before the digits
        "In 2020 troops were sent to the border.",
        "Since 2018 soldiers have trained together.",
        "He was aged 45.",
        "a 45-year-old diplomat",
        "He is 45 years old.",
        "a 300-page report",
        "It runs to 300 pages.",
        "the 2nd largest",
        "the 21st century",
        "the 44-day war",
        "eleven agreements were signed",
        "on 13.09.2021",
        "on June 15, 2021",
        "F-16 fighters",
        "the G20 summit",
        "300m away",  # metres, not millions: an attached scale needs a currency
        "the 1,2,3 plan",
        "exports were worth 2 billion",  # a scale alone says no currency
        "",
    ],
)
def test_numbers_that_are_not_quantities(text):
    assert find_quantities(text) == []


def test_a_phone_number_does_not_hide_a_real_figure_next_to_it():
    found = find_quantities("Call +994 12 555 12 34 about the 2 troops.")
    assert [(q.value, q.unit) for q in found] == [(2.0, "troops")]


def test_a_code_glued_to_letters_is_not_a_currency():
    assert find_quantities("XUSD 5 million") == []


def test_parse_quantity_wants_exactly_one_quantity():
    assert parse_quantity("  $15 billion ") is not None
    assert parse_quantity("$15 billion and $2 billion") is None
    assert parse_quantity("about $15 billion") is None
    assert parse_quantity("2020") is None


def test_measure_names_money_for_any_currency_and_the_unit_otherwise():
    assert parse_quantity("€2bn").measure == "money"
    assert parse_quantity("10 bcm").measure == "bcm"


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(["million", "billion", "bn", "mln", "mlrd"]))
def test_any_whole_number_with_any_scale_word_reads_back(number, scale):
    factor = 1e6 if scale in ("million", "mln") else 1e9
    quantity = parse_quantity(f"${number:,} {scale}")
    assert quantity is not None and quantity.value == pytest.approx(number * factor)


@given(st.text(alphabet="abc 0123456789.,$%-+()€", max_size=40))
def test_never_fails_on_odd_text_and_offsets_stay_inside(text):
    for quantity in find_quantities(text):
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start : quantity.end] == quantity.text


def test_the_vocabulary_is_checked(monkeypatch):
    quantity_vocabulary.cache_clear()
    real = quantities._data_text

    def broken(name: str) -> str:
        text = real(name)
        return text + "\nbad alias,usd,before\n" if name == "currencies.csv" else text

    monkeypatch.setattr(quantities, "_data_text", broken)
    try:
        with pytest.raises(OntologyError, match="three capital letters"):
            quantity_vocabulary()
    finally:
        quantity_vocabulary.cache_clear()


def test_an_alias_cannot_stand_for_two_currencies(monkeypatch):
    quantity_vocabulary.cache_clear()
    real = quantities._data_text
    monkeypatch.setattr(
        quantities, "_data_text", lambda name: real(name) + ("manat,TMT,after\n" if name == "currencies.csv" else "")
    )
    try:
        with pytest.raises(OntologyError, match="already stands for AZN"):
            quantity_vocabulary()
    finally:
        quantity_vocabulary.cache_clear()
