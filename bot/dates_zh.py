"""Chinese due dates as people type them: 下下周一, 下月15号, 月底, 12月中旬, 半个月后, 元旦.

`read` takes one phrase (already NFKC-normalised, so full-width digits and brackets are ASCII)
and answers a date, None when the phrase is not a Chinese date form, or raises ValueError when
it is one that names no real day ("13月40日"), so nobody falls back to a looser reader.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = re.compile(r"[〇零一二两三四五六七八九十]+")
# 周一 … 周日, Monday first (天 also says Sunday: 周天, 星期天).
WEEKDAY_CHARACTERS = "一二三四五六日"
WEEKDAYS = {c: n for n, c in enumerate(WEEKDAY_CHARACTERS)} | {"天": 6}
_DAYS = "".join(WEEKDAYS)
# A weekday on its own: 周五, 星期五, 礼拜五 (a digest's day).
WEEKDAY = re.compile(rf"(?:周|星期|礼拜)([{_DAYS}])")
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}
# Fixed-date holidays people set deadlines by (lunar ones like 春节 move: not read).
_HOLIDAYS = {"元旦": (1, 1), "劳动节": (5, 1), "五一": (5, 1), "国庆": (10, 1), "国庆节": (10, 1)}
_HOLIDAYS |= {"圣诞": (12, 25), "圣诞节": (12, 25)}

# Words that only say "this is the deadline": 截止12月15日, 在下周五, 12月15日前, 下周五之前.
_LEAD = re.compile(r"^(?:截[止至](?:日期|时间)?(?:到|于|为)?:?|在|于)")
# Not after a unit: "3天前" is "3 days ago", which the use case refuses as past.
_TRAIL = re.compile(r"(?<![天周月年])(?:之前|以前|前|为止|截止|止)$")
# A time of day after the date is accepted and ignored: a due date is a day.
_TIME = re.compile(
    r"(?:上午|下午|中午|晚上|早上|早晨|傍晚|凌晨|夜里)?"
    r"(?:\d{1,2}(?::\d{2}|[点时](?:半|整|\d{1,2}分?)?))?$"
)
# A weekday typed with a date, checked against it: 12月15日(周二), 12月15日星期二.
_STATED_WEEKDAY = re.compile(
    rf"\((?:周|星期|礼拜)([{_DAYS}])\)$|(?<=[日号])(?:周|星期|礼拜)([{_DAYS}])$"
)

_WEEK_AHEAD = r"(下下个?|下个?|本|这个?)?"
_WEEKDAY = re.compile(_WEEK_AHEAD + rf"(?:周|星期|礼拜)([{_DAYS}])")
_WEEKEND = re.compile(_WEEK_AHEAD + r"(?:周末|礼拜末)")
# 12月15日, 12月15号, 12月15, 2026年12月15日; 12月中旬, 12月底, 2027年1月初.
_PARTS = r"(初|上旬|中旬|下旬|中|底|末)"
_MONTH_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号]?|" + _PARTS + ")")
# 15号, 本月15号, 下个月15日, 月底, 这个月底, 下月初.
_IN_MONTH = re.compile(
    r"(下下个?月|下个?月|本月|这个?月|当月|月)?(?:(\d{1,2})[日号]|(?<=月)" + _PARTS + ")"
)
_MONTHS_AHEAD = {"下下": 2, "下": 1}
# 3天后, 两周后, 1个月以后, 半个月后, 一年后.
_AFTER = re.compile(r"(\d{1,3}|半)(天|日|周|个?星期|个?礼拜|个月|年)(?:之?后|以后)")
# Where in a month a word points: 上旬/中旬/下旬 at the middle of their ten days.
_PART_OF_MONTH = {"初": 1, "上旬": 5, "中旬": 15, "中": 15, "下旬": 25}


def normalise(phrase: str) -> tuple[str, int | None]:
    """The phrase without spaces, deadline words and time of day, Chinese numerals as digits;
    and the weekday typed beside the date (Monday 0), if one was."""
    text = _TRAIL.sub("", _LEAD.sub("", re.sub(r"\s+", "", phrase)))
    if text in _HOLIDAYS:
        return text, None  # 五一 is a name here, not 51
    text = _NUMBER.sub(_digits, text)
    text = _TIME.sub("", text, count=1) or text
    stated = None
    if match := _STATED_WEEKDAY.search(text):
        stated = WEEKDAYS[match[1] or match[2]]
        text = text[: match.start()]
        text = _TIME.sub("", text, count=1) or text
    return text, stated


def read(text: str, today: date) -> date | None:
    """The day a normalised Chinese phrase names, counted from `today`; None when it is no
    Chinese date form; ValueError when it is one but names no real day."""
    if text in _HOLIDAYS:
        return next_month_day(*_HOLIDAYS[text], today)
    if text in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[text])
    if match := _WEEKDAY.fullmatch(text):
        return _weekday(match[1], WEEKDAYS[match[2]], today)
    if match := _WEEKEND.fullmatch(text):
        saturday = _weekday(match[1] or "本", 5, today)
        return max(saturday, today)  # on a Sunday, "this weekend" is today
    if match := _MONTH_DAY.fullmatch(text):
        year, month, day, part = match.groups()
        if year:
            return _in_month(int(year), int(month), int(day) if day else part)
        where = int(day) if day else part
        return _first_ahead(lambda y: _in_month(y, int(month), where), _years(today), today)
    if match := _IN_MONTH.fullmatch(text):
        return _read_in_month(match, today)
    if match := _AFTER.fullmatch(text):
        return _after(match[1], match[2], today)
    return None


def _weekday(which: str | None, weekday: int, today: date) -> date:
    """下周五 / 下个星期五: that weekday of next calendar week; 下下周五: the week after;
    本周五 / 这个礼拜五: of this week; 周五 alone: the next Friday after today."""
    if which is None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    monday = today - timedelta(days=today.weekday())
    weeks = 2 if which.startswith("下下") else 1 if which.startswith("下") else 0
    return monday + timedelta(days=weekday + 7 * weeks)


def _read_in_month(match: re.Match[str], today: date) -> date:
    which, day, part = match.groups()
    where: int | str = int(day) if day else part
    if which in (None, "月"):
        # "15号", "月底": the next such day from today; the end of this month is never past.
        return _first_ahead(lambda n: _in_month(*_month_after(today, n), where), range(13), today)
    ahead = next((n for prefix, n in _MONTHS_AHEAD.items() if which.startswith(prefix)), 0)
    return _in_month(*_month_after(today, ahead), where)


def _in_month(year: int, month: int, where: int | str) -> date:
    """Day `where` of a month: a number, or 初/上旬/中旬/下旬/底/末; ValueError if none."""
    if where in ("底", "末"):
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, _PART_OF_MONTH[where] if isinstance(where, str) else where)


def _month_after(today: date, months: int) -> tuple[int, int]:
    index = today.month - 1 + months
    return today.year + index // 12, index % 12 + 1


def _first_ahead(day_in: Callable[[int], date], steps: Iterable[int], today: date) -> date:
    """The first day `day_in(step)` gives on or after today: the 31st waits for a month that
    has one, 29 February for a leap year. ValueError when none does."""
    for step in steps:
        try:
            found = day_in(step)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError("no such day ahead")


def _years(today: date) -> range:
    return range(today.year, min(today.year + 9, 10_000))


def next_month_day(month: int, day: int, today: date) -> date:
    """The first `month`/`day` on or after today; ValueError if there is none."""
    return _first_ahead(lambda y: date(y, month, day), _years(today), today)


def _after(count: str, unit: str, today: date) -> date:
    if count == "半":
        if unit == "个月":
            return today + timedelta(days=15)
        if unit == "年":
            return add_months(today, 6)
        raise ValueError("half a day or week is no due date")
    if unit == "个月":
        return add_months(today, int(count))
    if unit == "年":
        return add_months(today, 12 * int(count))
    return today + timedelta(days=int(count) if unit in ("天", "日") else 7 * int(count))


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    year, month = _month_after(start, months)
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _digits(match: re.Match[str]) -> str:
    """Chinese numerals up to 99 as digits: 十五 → 15, 二十一 → 21, 十二 → 12, 两 → 2."""
    numeral = match.group()
    if len(numeral) == 1 and match.string[match.start() - 1 : match.start()] in ("周", "期", "拜"):
        return numeral  # 周五, 星期五, 礼拜五 name a weekday, not a number
    tens, _, units = numeral.partition("十")
    if "十" not in numeral:
        return "".join(str(_DIGITS[c]) for c in numeral)
    if len(tens) > 1 or len(units) > 1:
        return numeral  # not a number under 100: leave it for the patterns to reject
    return str(_DIGITS.get(tens, 1) * 10 + _DIGITS.get(units, 0))
