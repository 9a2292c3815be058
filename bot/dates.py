"""Reading a due date as people type it, in English or Chinese, relative to the project's today.

A date that reads two ways (03/04/2027) follows the project's date order; one that names no
real day (2027-13-01, Feb 30) is refused rather than read as some other day.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

import dateparser
from babel.core import get_global

from bot import dates_zh
from bot.model import DateOrder, Project

logger = logging.getLogger(__name__)

# The weekdays as settings and commands name them, Monday first: a name's index is its number.
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)

_MAX_LENGTH = 60  # a due date is a few words; longer text is not one, and dateparser is slow on it
# Words around the date that only say "this is a deadline": "by friday", "due Dec 15".
_LEAD = re.compile(r"^(?:due|by|before|on|until)\s+", re.IGNORECASE)
# 2027-03-04, 03/04/2027, 3/4, 2026.12.15, 03.04.27; a time after it is ignored ("… 18:00").
_NUMERIC = re.compile(
    r"(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{1,4}))?\.?"
    r"(?:[\sT]+(?:at\s+)?\d{1,2}(?::\d{2}){0,2}\s*(?:[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
_HAN = re.compile(r"[\u3400-\u9fff]")
_NUMERIC_START = re.compile(r"\d{1,4}[/.-]\d")
_EN_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
# "Dec 15", "December 15th, 2027", "15 Dec", "15th of December 2027": dateparser reads these
# too, but pushes the date to next year when it is today; a deadline typed as today means today.
_EN_MONTH_DAY = re.compile(
    r"(?:(?P<m1>[a-z]+)\.?\s*(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>[a-z]+)\.?)(?:,?\s+(?P<y>\d{4}))?",
    re.IGNORECASE,
)
_EN_WEEKDAY = re.compile(
    r"\b(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\b", re.IGNORECASE
)

# "Fri 15 Jan 2027", "Friday, January 15": the weekday is checked against the date.
_WEEKDAY_FIRST = re.compile(rf"({_EN_WEEKDAY.pattern})\.?,?\s+(.+)", re.IGNORECASE)
# Time zones whose country writes the month first, or the year first (the rest: day first).
_MONTH_FIRST = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "PH", "FM", "MH", "PW"})
_YEAR_FIRST = frozenset({"CN", "TW", "JP", "KR", "MN"})


def weekday_number(word: str) -> int | None:
    """Monday 0 … Sunday 6 for a weekday as people type one: mon, Tues, friday, 周五, 星期天."""
    word = unicodedata.normalize("NFKC", word).strip().rstrip(".")
    if _EN_WEEKDAY.fullmatch(word):
        return WEEKDAYS.index(word[:3].lower())
    if match := dates_zh.WEEKDAY.fullmatch(word):
        return dates_zh.WEEKDAYS[match[1]]
    return None


@dataclass(frozen=True, kw_only=True)
class Reading:
    """What a typed due date says: the day (None if none), and a weekday typed beside it that
    the day does not fall on (Monday 0), in which case the date is refused, not guessed."""

    day: date | None = None
    stated_weekday: int | None = None

    @property
    def contradicted(self) -> bool:
        return self.day is not None and self.stated_weekday not in (None, self.day.weekday())


def default_date_order(locale: str, timezone: str) -> DateOrder:
    """How a project reads 03/04 unless its PM chose: zh-CN year-month-day; English by where
    the project's time zone is (the US and its territories month first, China, Japan and Korea
    year first, elsewhere day first)."""
    if locale == "zh-CN":
        return DateOrder.YMD
    country = get_global("zone_territories").get(timezone, "")
    if country in _MONTH_FIRST:
        return DateOrder.MDY
    return DateOrder.YMD if country in _YEAR_FIRST else DateOrder.DMY


def parse_due(
    text: str, *, timezone: str, today: date, order: DateOrder | None = None
) -> date | None:
    """The date meant by `text` ("2026-12-15", "next friday", "下周五", "12月15日"), or None.

    `today` is the project's local date; relative words count from it. A date without a year
    is the next such date on or after today. Never raises: anything unreadable is None.
    """
    reading = read_due(text, timezone=timezone, today=today, order=order)
    return None if reading.contradicted else reading.day


def read_due(text: str, *, timezone: str, today: date, order: DateOrder | None = None) -> Reading:
    """Like `parse_due`, but says when a weekday typed with the date contradicts it.

    `order` settles a numeric date that reads two ways (03/04/2027); without one, such a date
    is refused. Never raises.
    """
    try:
        phrase = _LEAD.sub("", unicodedata.normalize("NFKC", text).strip()).strip()
        if not phrase or len(phrase) > _MAX_LENGTH:
            return Reading()
        if match := _WEEKDAY_FIRST.fullmatch(phrase):
            day = _explicit(match[2], today, order)
            if day is not None:
                weekday = WEEKDAYS.index(match[1][:3].lower())
                return Reading(day=day, stated_weekday=weekday)
        zh_phrase, stated = dates_zh.normalise(phrase)
        if stated is not None:
            day = _explicit(zh_phrase, today, order) or dates_zh.read(zh_phrase, today)
            return Reading(day=day, stated_weekday=stated)
        day = _explicit(phrase, today, order) or dates_zh.read(zh_phrase, today)
        if day is None and not _HAN.search(phrase):
            # dateparser reads English well ("next friday", "in 2 weeks", "Dec 15 23:00 UTC"),
            # but Chinese it half-reads ("15日" as in 15 days, "13月" as 1 March): not given it.
            day = _dateparser(phrase, timezone=timezone, today=today, order=order)
        return Reading(day=day)
    except (OverflowError, ValueError):  # no such day, or "999天后" near the calendar's end
        return Reading()
    except Exception:  # a due date must never take the command down; the user is asked again
        logger.exception("could not read due date %r", text[:_MAX_LENGTH])
        return Reading()


def _explicit(phrase: str, today: date, order: DateOrder | None) -> date | None:
    """Numeric and English month-day dates; ValueError for one that names no real day."""
    if match := _NUMERIC.fullmatch(phrase):
        return _numeric(match, today, order)
    if (match := _EN_MONTH_DAY.fullmatch(phrase)) and (
        month := _EN_MONTHS.get((match["m1"] or match["m2"]).lower())
    ):
        day = int(match["d1"] or match["d2"])
        if match["y"]:
            return date(int(match["y"]), month, day)
        return dates_zh.next_month_day(month, day, today)
    return None


def _numeric(match: re.Match[str], today: date, order: DateOrder | None) -> date:
    first, _, second, third = match.groups()
    if len(first) == 4:  # a year first is always year-month-day: 2027-03-04, 2026.12.15
        if third is None:
            raise ValueError("a year and a month are no day")
        return date(int(first), int(second), int(third))
    if third is not None and len(third) not in (2, 4):
        raise ValueError("not a year")
    a, b = int(first), int(second)
    # Both readings, the project's first; a reading that names no day drops out, so 25/12 and
    # 12/25 are read in any project, and 03/04 only with an order to settle it.
    readings = [(b, a), (a, b)] if order is DateOrder.DMY else [(a, b), (b, a)]
    valid = [(m, d) for m, d in readings if 1 <= m <= 12 and 1 <= d <= 31]
    if not valid or (order is None and len(set(valid)) > 1):
        raise ValueError("not a date, or one that reads two ways")
    month, day = valid[0]
    if third is None:
        return dates_zh.next_month_day(month, day, today)
    year = int(third) + (2000 if len(third) == 2 else 0)
    return date(year, month, day)


def is_known_timezone(name: str) -> bool:
    """Whether `name` is an IANA zone this machine knows ("Europe/Berlin", not "CET+1")."""
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return False
    return bool(name)


def _dateparser(phrase: str, *, timezone: str, today: date, order: DateOrder | None) -> date | None:
    if _NUMERIC_START.match(phrase):
        return None  # a numeric date with more after it than a time: not guessed at
    if not is_known_timezone(timezone):
        timezone = "UTC"
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
        # A time given with its own zone ("Dec 15 23:00 UTC") lands on the project's date.
        "TIMEZONE": timezone,
        "TO_TIMEZONE": timezone,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": (order or DateOrder.YMD).value.upper(),
    }
    if not _EN_WEEKDAY.search(phrase):
        # Without a weekday, demand a day: otherwise "12" or "a" come back as some date.
        settings["REQUIRE_PARTS"] = ["day"]
    parsed = dateparser.parse(phrase, languages=["en", "zh"], settings=settings)
    return parsed.date() if parsed else None


def project_date_order(project: Project) -> DateOrder:
    """The project's own date order, or the default for its locale and time zone."""
    return project.date_order or default_date_order(project.locale, project.timezone)
