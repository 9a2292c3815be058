"""Money, exactly: an amount is a whole number of its currency's minor units (cents; none for
yen), never a float; read from what people type, shown the way their language writes it.

`brief budget 12000 EUR`, `price 800` (the project's currency), `12,000.50 EUR` and `EUR 12000`
are read the same; a fraction finer than the currency has ("12.345 EUR") is refused rather than
rounded. Babel knows each currency's minor digits and how a locale writes an amount:
€12,000.00 in English, ¥12,000.00 in Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision, list_currencies

from bot.errors import SignoffError
from bot.i18n import N_, fmt_amount

# Larger than any design contract: a typo ("1200000000 EUR") is refused, not kept.
MAX_MAJOR = 10**10
NOT_AN_AMOUNT = N_("“{text}” is not an amount: type it like 12000 EUR or 12,000.50 EUR.")
NOT_A_CURRENCY = N_("“{code}” is not a currency code: use one like EUR, USD or CNY.")
TOO_FINE = N_("{currency} has {digits} decimal places: “{text}” has more.")
WHOLE_UNITS = N_("{currency} is counted in whole units: “{text}” has a fraction.")
TOO_LARGE = N_("“{text}” is more than any contract holds.")
NO_CURRENCY = N_("Name the currency, like “{text} EUR”.")

_AMOUNT = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


class MoneyError(SignoffError):
    """What was typed is not an amount; `message` and `params` say why, for the reply."""


@dataclass(frozen=True)
class Money:
    minor: int  # the amount in the currency's minor units: 1200050 EUR cents is €12,000.50
    currency: str  # ISO 4217, upper case

    @property
    def amount(self) -> Decimal:
        return Decimal(self.minor).scaleb(-digits(self.currency))

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.minor + other.minor, self.currency)

    def shown(self, locale: str) -> str:
        """The amount as `locale` writes it: "€12,000.00"."""
        return fmt_amount(locale, self.amount, self.currency)


def digits(currency: str) -> int:
    return int(get_currency_precision(currency))


def is_currency(code: str) -> bool:
    return code.upper() in list_currencies()


def zero(currency: str) -> Money:
    return Money(0, currency)


def parse_money(text: str, currency: str = "") -> Money:
    """An amount as typed, "12000 EUR", "EUR 12,000.50", or "800" in `currency` (the
    project's). Raises MoneyError."""
    words = unicodedata.normalize("NFKC", text).split()  # full-width "１２，０００" too
    codes = [w for w in words if w.isalpha()]
    numbers = [w for w in words if not w.isalpha()]
    if len(codes) > 1 or len(numbers) != 1:
        raise MoneyError(NOT_AN_AMOUNT, text=text)
    code = codes[0].upper() if codes else currency.upper()
    if not code:
        raise MoneyError(NO_CURRENCY, text=text)
    if not is_currency(code):
        raise MoneyError(NOT_A_CURRENCY, code=codes[0] if codes else code)
    return money_of(numbers[0], code)


def money_of(number: str, currency: str) -> Money:
    """`number` ("12,000.50": thousands by commas, a point before the fraction) in `currency`."""
    if not _AMOUNT.match(number):
        raise MoneyError(NOT_AN_AMOUNT, text=number)
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:  # pragma: no cover (the pattern admits only decimals)
        raise MoneyError(NOT_AN_AMOUNT, text=number) from None
    places = digits(currency)
    minor = value.scaleb(places)
    if minor != minor.to_integral_value():
        if not places:
            raise MoneyError(WHOLE_UNITS, currency=currency, text=number)
        raise MoneyError(TOO_FINE, currency=currency, digits=places, text=number)
    if value >= MAX_MAJOR:
        raise MoneyError(TOO_LARGE, text=number)
    return Money(int(minor), currency)
