"""Messages in the user's language: English message ids, translated through gettext catalogs.

Every .po file under bot/locale/<locale>/LC_MESSAGES is read with Babel and merged, so each area of
the core keeps its own catalog. Placeholders are `str.format` names; a missing translation falls
back to the English text, and tests check that none is missing.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta, get_day_names, get_timezone_name
from babel.messages.pofile import read_po

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


def fmt_date(locale: str, value: date, *, this_year: int | None = None) -> str:
    """A day: "Dec 11, 2026"; in Chinese "12月11日（周五）", with the year only when it is not
    `this_year` ("2027年1月13日（周三）")."""
    if locale != "zh-CN":
        return format_date(value, format="medium", locale="en")
    pattern = "M月d日（EEE）" if value.year == this_year else "y年M月d日（EEE）"
    return format_date(value, pattern, locale=_babel_locale(locale))


def fmt_datetime(locale: str, value: datetime, timezone: str, *, this_year: int | None = None):
    """A moment in `timezone`: "Nov 27, 2026 2:05 PM", "11月27日（周五）14:05"."""
    local = value.astimezone(ZoneInfo(timezone))
    day = fmt_date(locale, local.date(), this_year=this_year)
    time = format_time(local, format="short", locale=_babel_locale(locale))
    return f"{day}{time}" if locale == "zh-CN" else f"{day} {time}"


def fmt_duration(locale: str, value: timedelta) -> str:
    """A rough length of time, e.g. "3 days" / "3 天"; in Chinese under a minute is "刚刚"."""
    if locale == "zh-CN":
        if value < timedelta(minutes=1):
            return "刚刚"
        # threshold 1: a minute and a half is "2 分钟", never "90 秒钟"
        return space_cjk(format_timedelta(value, threshold=1, locale=_babel_locale(locale)))
    return format_timedelta(value, threshold=1.1, locale=_babel_locale(locale))


# Zones people call by a city, not by the name Babel gives them ("中国时间").
_ZONE_NAMES = {"zh-CN": {"Asia/Shanghai": "北京时间", "UTC": "协调世界时"}}


def zone_name(locale: str, timezone: str) -> str:
    """A time zone as readers know it: the IANA name in English, "北京时间" in Chinese."""
    if locale != "zh-CN":
        return timezone
    known = _ZONE_NAMES[locale].get(timezone)
    return known or get_timezone_name(timezone, locale=_babel_locale(locale))


def country_name(locale: str, code: str) -> str:
    """A country by name: "CN" is "中国" in Chinese; English shows the code."""
    if locale != "zh-CN":
        return code
    return Locale.parse(_babel_locale(locale)).territories.get(code.upper(), code)


def weekday_name(locale: str, number: int) -> str:
    """The weekday's name, Monday being 0: "Tuesday" / "周二"."""
    width = "abbreviated" if locale == "zh-CN" else "wide"
    return get_day_names(width, locale=_babel_locale(locale))[number]
