"""Reading a due date as people type it, in English or Chinese, relative to the project's today."""

from __future__ import annotations

import calendar
import logging
import re
import zoneinfo
from datetime import date, datetime, timedelta

import dateparser

logger = logging.getLogger(__name__)

_MAX_LENGTH = 60  # a due date is a few words; longer text is not one, and dateparser is slow on it
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Words around the date that only say "this is a deadline": "by friday", "下周五前", "12月15日之前".
_LEAD = re.compile(r"^(?:(?:due|by|before|on|until)\s+|在)", re.IGNORECASE)
# Not after a unit: "3天前" is "3 days ago", which dateparser reads (and the use case refuses).
_TRAIL = re.compile(r"(?<![天周月年])\s*(?:之前|以前|前|为止)$")

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[〇零一二两三四五六七八九十]+")
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_CN_RELATIVE_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}
# 下周五 / 下个星期五 = that weekday of next calendar week; 本周五 / 这个礼拜五 = of this week;
# 周五 / 星期五 alone = the next Friday after today (as dateparser reads a bare "friday").
_CN_WEEKDAY = re.compile(r"(下个?|本|这个?)?(?:周|星期|礼拜)([一二三四五六日天])")
# 12月15日 / 12月15号 / 2026年12月15日 (after Chinese numerals were turned into digits).
_CN_MONTH_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]")
# 3天后 / 两周后 / 1个月以后: a count of days, weeks or months from today.
_CN_AFTER = re.compile(r"(\d{1,3})\s*(天|日|周|个?星期|个?礼拜|个月)(?:之?后|以后)")

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
# "Dec 15", "December 15th", "15 Dec", "15th of December": dateparser reads these too, but
# pushes the date to next year when it is today; a deadline typed as today's date means today.
_EN_MONTH_DAY = re.compile(
    r"(?:(?P<m1>[a-z]+)\.?\s*(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>[a-z]+)\.?)",
    re.IGNORECASE,
)
_EN_WEEKDAY = re.compile(
    r"\b(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\b", re.IGNORECASE
)


def parse_due(text: str, *, timezone: str, today: date) -> date | None:
    """The date meant by `text` ("2026-12-15", "next friday", "下周五", "12月15日"), or None.

    `today` is the project's local date; relative words count from it. A date without a year
    is the next such date on or after today. Never raises: anything unreadable is None.
    """
    try:
        phrase = _LEAD.sub("", _TRAIL.sub("", text.strip())).strip()
        if not phrase or len(phrase) > _MAX_LENGTH:
            return None
        return _explicit(phrase, today) or _dateparser(phrase, timezone=timezone, today=today)
    except (OverflowError, ValueError):  # "999天后" from a today near the end of the calendar
        return None
    except Exception:  # a due date must never take the command down; the user is asked again
        logger.exception("could not read due date %r", text[:_MAX_LENGTH])
        return None


def _explicit(phrase: str, today: date) -> date | None:
    """The forms read here rather than by dateparser: ISO dates, Chinese phrases, month-day."""
    if match := _ISO.fullmatch(phrase):
        return _date(*(int(part) for part in match.groups()))
    if (match := _EN_MONTH_DAY.fullmatch(phrase)) and (
        month := _EN_MONTHS.get((match["m1"] or match["m2"]).lower())
    ):
        return _next_month_day(month, int(match["d1"] or match["d2"]), today)
    # Chinese needs no spaces, and its numerals become digits so one pattern reads 十二月 and 12月.
    phrase = _CN_NUMBER.sub(_cn_digits, re.sub(r"\s+", "", phrase))
    if phrase in _CN_RELATIVE_DAYS:
        return today + timedelta(days=_CN_RELATIVE_DAYS[phrase])
    if match := _CN_WEEKDAY.fullmatch(phrase):
        which, day = match.groups()
        weekday = _CN_WEEKDAYS[day]
        monday = today - timedelta(days=today.weekday())
        if which is None:
            return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        return monday + timedelta(days=weekday + (7 if which.startswith("下") else 0))
    if match := _CN_MONTH_DAY.fullmatch(phrase):
        year, month, day = match.groups()
        if year:
            return _date(int(year), int(month), int(day))
        return _next_month_day(int(month), int(day), today)
    if match := _CN_AFTER.fullmatch(phrase):
        count, unit = int(match[1]), match[2]
        if unit == "个月":
            return _add_months(today, count)
        return today + timedelta(days=count if unit in ("天", "日") else 7 * count)
    return None


def _cn_digits(match: re.Match[str]) -> str:
    """Chinese numerals up to 99 as digits: 十五 → 15, 二十一 → 21, 十二 → 12, 两 → 2."""
    numeral = match.group()
    if len(numeral) == 1 and match.string[match.start() - 1 : match.start()] in ("周", "期", "拜"):
        return numeral  # 周五, 星期五, 礼拜五 name a weekday, not a number
    tens, _, units = numeral.partition("十")
    if "十" not in numeral:
        return "".join(str(_CN_DIGITS[c]) for c in numeral)
    if len(tens) > 1 or len(units) > 1:
        return numeral  # not a number under 100: leave it for the patterns to reject
    return str(_CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(units, 0))


def is_known_timezone(name: str) -> bool:
    """Whether `name` is an IANA zone this machine knows ("Europe/Berlin", not "CET+1")."""
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return False
    return bool(name)


def _dateparser(phrase: str, *, timezone: str, today: date) -> date | None:
    try:
        zoneinfo.ZoneInfo(timezone)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        timezone = "UTC"
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
        # A time given with its own zone ("Dec 15 23:00 UTC") lands on the project's date.
        "TIMEZONE": timezone,
        "TO_TIMEZONE": timezone,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if not _EN_WEEKDAY.search(phrase):
        # Without a weekday, demand a day: otherwise "12" or "a" come back as some date.
        settings["REQUIRE_PARTS"] = ["day"]
    parsed = dateparser.parse(phrase, languages=["en", "zh"], settings=settings)
    return parsed.date() if parsed else None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_month_day(month: int, day: int, today: date) -> date | None:
    """The first `month`/`day` on or after today (29 February waits for a leap year)."""
    for year in range(today.year, today.year + 9):
        found = _date(year, month, day)
        if found and found >= today:
            return found
    return None


def _add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
