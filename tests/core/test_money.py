"""Money never goes through float: what is typed is read into whole minor units, added exactly,
and shown the way the person's language writes it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.money import MAX_MAJOR, Money, MoneyError, digits, money_of, parse_money

CURRENCIES = st.sampled_from(["EUR", "USD", "CNY", "JPY", "GBP", "KWD"])


def typed(minor: int, currency: str, *, grouped: bool) -> str:
    """How a person types an amount: "12,000.50", or without the thousands' commas."""
    places = digits(currency)
    amount = Decimal(minor).scaleb(-places)
    return f"{amount:,.{places}f}" if grouped else f"{amount:.{places}f}"


@given(
    st.integers(min_value=0, max_value=MAX_MAJOR * 100 - 1), CURRENCIES, st.booleans(), st.data()
)
def test_an_amount_as_typed_reads_back_to_the_same_minor_units(
    minor: int, currency: str, grouped: bool, data: st.DataObject
) -> None:
    minor = min(minor, MAX_MAJOR * 10 ** digits(currency) - 1)
    line = data.draw(st.sampled_from(["{n} {c}", "{c} {n}", "{n} {lower}"]))
    text = line.format(n=typed(minor, currency, grouped=grouped), c=currency,
                       lower=currency.lower())  # fmt: skip
    assert parse_money(text) == Money(minor, currency)


@given(st.lists(st.integers(min_value=0, max_value=10**9), max_size=30), CURRENCIES)
def test_sums_are_exact(minors: list[int], currency: str) -> None:
    parsed = [parse_money(typed(m, currency, grouped=True), currency) for m in minors]
    total = sum(parsed, Money(0, currency))
    assert total == Money(sum(minors), currency)
    assert total.amount == sum((p.amount for p in parsed), Decimal(0))


def test_amounts_are_shown_the_way_each_language_writes_them() -> None:
    assert parse_money("12000 EUR").shown("en") == "€12,000.00"
    assert parse_money("12,800.5 EUR").shown("en") == "€12,800.50"
    assert parse_money("12000 CNY").shown("zh-CN") == "¥12,000.00"
    assert parse_money("800", "EUR").shown("zh-CN") == "€800.00"
    assert parse_money("１２，０００ ＥＵＲ").shown("en") == "€12,000.00"  # typed full width


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("12.345 EUR", "EUR has 2 decimal places: “12.345” has more."),
        ("100.5 JPY", "JPY is counted in whole units: “100.5” has a fraction."),
        ("1,2 EUR", "“1,2” is not an amount: type it like 12000 EUR or 12,000.50 EUR."),
        ("12 000 EUR", "“12 000 EUR” is not an amount: type it like 12000 EUR or 12,000.50 EUR."),
        ("-5 EUR", "“-5” is not an amount: type it like 12000 EUR or 12,000.50 EUR."),
        ("1e3 EUR", "“1e3” is not an amount: type it like 12000 EUR or 12,000.50 EUR."),
        ("12000 XYZ", "“XYZ” is not a currency code: use one like EUR, USD or CNY."),
        ("12000", "Name the currency, like “12000 EUR”."),
        ("10000000000 EUR", "“10000000000” is more than any contract holds."),
    ],
)
def test_what_is_not_an_amount_is_refused_with_why(text: str, said: str) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_money(text)
    assert refused.value.message.format(**refused.value.params) == said


def test_currencies_never_mix() -> None:
    with pytest.raises(ValueError, match="cannot add USD to EUR"):
        _ = money_of("1", "EUR") + money_of("1", "USD")
