"""Messages in the user's language: English message ids, translated through gettext catalogs.

Every .po file under bot/locale/<locale>/LC_MESSAGES is read with Babel and merged, so each area of
the core keeps its own catalog. Placeholders are `str.format` names; a missing translation falls
back to the English text, and tests check that none is missing.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_date,
    format_time,
    format_timedelta,
    get_day_names,
    get_timezone_name,
)
from babel.messages.pofile import read_po
from babel.numbers import format_currency

from bot.typography import fill, space_cjk

SUPPORTED_LOCALES = ("en", "zh-CN")
LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:
    """Mark a constant for extraction; it is translated where it is shown."""
    return message


def normalize_locale(value: str | None, default: str = "en") -> str:
    """Map what platforms send ("zh", "zh_CN", "zh-Hans-CN", "en-US") to a supported locale."""
    if not value:
        return default
    lowered = value.replace("_", "-").lower()
    if lowered.startswith("zh"):
        return "zh-CN"
    if lowered.startswith("en"):
        return "en"
    return default


def is_supported(value: str) -> bool:
    return value in SUPPORTED_LOCALES


def _babel_locale(locale: str) -> str:
    return "zh_Hans_CN" if locale == "zh-CN" else "en"


@functools.cache
def _catalog(locale: str) -> dict[str, str]:
    folder = LOCALE_DIR / locale.replace("-", "_") / "LC_MESSAGES"
    translations: dict[str, str] = {}
    for po_file in sorted(folder.glob("*.po")):
        with po_file.open("rb") as handle:
            for entry in read_po(handle, locale=locale.replace("-", "_")):
                if entry.id and entry.string and not entry.fuzzy:
                    translations[str(entry.id)] = str(entry.string)
    return translations


def tr(locale: str, message: str, /, **params: Any) -> str:
    """Translate an English message id into `locale` and fill in its placeholders."""
    template = message if locale == "en" else _catalog(locale).get(message, message)
    return fill(template, params, locale) if params else template


# A day spelled out so nobody misreads it, weekday included; the year only when it is not
# the current one ("Fri 15 Jan" / "Fri 15 Jan 2027", "1月15日（周五）" / "2027年1月15日（周五）").
_DAY_PATTERNS = {"en": ("EEE d MMM", "EEE d MMM y"), "zh-CN": ("M月d日（EEE）", "y年M月d日（EEE）")}
_UTC = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Zulu", "Etc/Zulu", "GMT"})
# What Chinese readers call China's one zone; Babel says 中国时间.
_BEIJING = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC"})


def fmt_date(locale: str, value: date, *, today: date | None = None) -> str:
    """A day with its weekday: "Fri 15 Jan" / "1月15日（周五）"; with the year when it is not
    `today`'s (always without a `today`): "Fri 15 Jan 2027" / "2027年1月15日（周五）"."""
    this_year, other_year = _DAY_PATTERNS.get(locale, _DAY_PATTERNS["en"])
    pattern = this_year if today is not None and today.year == value.year else other_year
    return format_date(value, format=pattern, locale=_babel_locale(locale))


def fmt_datetime(
    locale: str, value: datetime, timezone: str, *, today: date | None = None, zone: bool = False
) -> str:
    """A moment in `timezone`: "Mon 7 Dec, 1:00 PM" / "12月7日（周一）13:00"; with `zone`, the
    zone's name after it: "… (Central European Time)" / "…（北京时间）"."""
    local = value.astimezone(ZoneInfo(timezone))
    day = fmt_date(locale, local.date(), today=today)
    clock = format_time(local, format="short", locale=_babel_locale(locale))
    if locale == "zh-CN":
        text = f"{day}{clock}"
        return f"{text}（{zone_name(locale, timezone)}）" if zone else text
    text = f"{day}, {clock}"
    return f"{text} ({zone_name(locale, timezone)})" if zone else text


def zone_name(locale: str, timezone: str) -> str:
    """A time zone as people say it: "Central European Time", "北京时间", "UTC"."""
    if timezone in _UTC:
        return "UTC"
    if locale == "zh-CN" and timezone in _BEIJING:
        return "北京时间"
    try:
        return get_timezone_name(timezone, locale=_babel_locale(locale))
    except LookupError:
        return timezone


def fmt_duration(locale: str, value: timedelta) -> str:
    """A rough length of time, e.g. "3 days" / "3 天"; in Chinese under a minute is "刚刚"."""
    if locale == "zh-CN":
        if value < timedelta(minutes=1):
            return "刚刚"
        # threshold 1: a minute and a half is "2 分钟", never "90 秒钟"
        return space_cjk(format_timedelta(value, threshold=1, locale=_babel_locale(locale)))
    return format_timedelta(value, threshold=1.1, locale=_babel_locale(locale))


def fmt_days(locale: str, days: int) -> str:
    """A whole number of days, never rounded to weeks: "1 day", "12 days" / "12 天"."""
    text = format_timedelta(
        timedelta(days=days), granularity="day", threshold=10_000, locale=_babel_locale(locale)
    )
    return space_cjk(text) if locale == "zh-CN" else text


def fmt_amount(locale: str, amount: Decimal, currency: str) -> str:
    """An amount of money as the locale writes it: "€12,000.00" / "¥12,000.00"."""
    return format_currency(amount, currency, locale=_babel_locale(locale))


def country_name(locale: str, code: str) -> str:
    """A country by name: "CN" is "中国" in Chinese; English shows the code."""
    if locale != "zh-CN":
        return code
    return str(Locale.parse(_babel_locale(locale)).territories.get(code.upper(), code))


def weekday_name(locale: str, number: int) -> str:
    """The weekday's name, Monday being 0: "Tuesday" / "周二"."""
    width: Literal["abbreviated", "wide"] = "abbreviated" if locale == "zh-CN" else "wide"
    return str(get_day_names(width, locale=_babel_locale(locale))[number])
