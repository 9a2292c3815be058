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

from babel.dates import format_date, format_time, format_timedelta, get_day_names
from babel.messages.pofile import read_po

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
    return template.format(**params) if params else template


def fmt_date(locale: str, value: date) -> str:
    return format_date(value, format="medium", locale=_babel_locale(locale))


def fmt_datetime(locale: str, value: datetime, timezone: str) -> str:
    """A moment in the project's time zone: "Nov 27, 2026 2:05 PM", "2026年11月27日 14:05"."""
    local = value.astimezone(ZoneInfo(timezone))
    babel_locale = _babel_locale(locale)
    day = format_date(local.date(), format="medium", locale=babel_locale)
    return f"{day} {format_time(local, format='short', locale=babel_locale)}"


def fmt_duration(locale: str, value: timedelta) -> str:
    """A rough length of time, e.g. "3 days" / "3天"."""
    return format_timedelta(value, threshold=1.1, locale=_babel_locale(locale))


def weekday_name(locale: str, number: int) -> str:
    """The weekday's full name, Monday being 0: "Tuesday" / "星期二"."""
    return get_day_names("wide", locale=_babel_locale(locale))[number]
