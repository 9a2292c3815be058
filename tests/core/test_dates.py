"""Due dates as people type them, in English and Chinese, counted from the project's today."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import default_date_order, parse_due, read_due, weekday_number
from bot.model import DateOrder

FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 23)

ON_FRIDAY = [
    ("2026-12-15", date(2026, 12, 15)),
    ("tomorrow", date(2026, 11, 28)),
    ("next friday", date(2026, 12, 4)),
    ("friday", date(2026, 12, 4)),  # a bare weekday is the next one after today
    ("by Friday", date(2026, 12, 4)),
    ("monday", date(2026, 11, 30)),
    ("in 2 weeks", date(2026, 12, 11)),
    ("Dec 15", date(2026, 12, 15)),
    ("15 December", date(2026, 12, 15)),
    ("December 15th", date(2026, 12, 15)),
    ("Nov 27", FRIDAY),  # today's date is today, not next year
    ("Nov 20", date(2027, 11, 20)),  # already past this year
    ("15 December 2027", date(2027, 12, 15)),
    ("下周五", date(2026, 12, 4)),
    ("下星期五", date(2026, 12, 4)),
    ("下个礼拜一", date(2026, 11, 30)),
    ("本周五", FRIDAY),
    ("这周五", FRIDAY),
    ("周五", date(2026, 12, 4)),
    ("星期五", date(2026, 12, 4)),
    ("周日", date(2026, 11, 29)),
    ("星期天", date(2026, 11, 29)),
    ("今天", FRIDAY),
    ("明天", date(2026, 11, 28)),
    ("后天", date(2026, 11, 29)),
    ("12月15日", date(2026, 12, 15)),
    ("12月15号", date(2026, 12, 15)),
    ("十二月十五日", date(2026, 12, 15)),
    ("１２月１５日", date(2026, 12, 15)),  # full-width digits from a Chinese keyboard
    ("11月27日", FRIDAY),
    ("11月20日", date(2027, 11, 20)),
    ("1月5日", date(2027, 1, 5)),
    ("2026年12月15日", date(2026, 12, 15)),
    ("2027年3月1日", date(2027, 3, 1)),
    ("二〇二六年十二月十五日", date(2026, 12, 15)),
    ("12月15日前", date(2026, 12, 15)),
    ("下周五之前", date(2026, 12, 4)),
    ("3天后", date(2026, 11, 30)),
    ("两周后", date(2026, 12, 11)),
    ("一个月后", date(2026, 12, 27)),
]


@pytest.mark.parametrize(("text", "due"), ON_FRIDAY)
def test_read_on_a_friday(text: str, due: date) -> None:
    assert parse_due(text, timezone="Europe/Berlin", today=FRIDAY) == due


ON_MONDAY = [
    ("下周五", date(2026, 12, 4)),  # the Friday of next calendar week, not this one
    ("下星期五", date(2026, 12, 4)),
    ("本周五", FRIDAY),
    ("这周五", FRIDAY),
    ("周五", FRIDAY),
    ("星期五", FRIDAY),
    ("friday", FRIDAY),
    ("next week", date(2026, 11, 30)),
    ("in 2 weeks", date(2026, 12, 7)),
    ("Nov 27", FRIDAY),
]


@pytest.mark.parametrize(("text", "due"), ON_MONDAY)
def test_read_on_a_monday(text: str, due: date) -> None:
    assert parse_due(text, timezone="Asia/Shanghai", today=MONDAY) == due


# The Chinese forms a studio and its client type (../shared/copy/zh-CN.md, "Chinese input"),
# read on Friday 27 November 2026 in Shanghai.
ZH_ON_FRIDAY = [
    ("下下周一", date(2026, 12, 7)),
    ("下下周五", date(2026, 12, 11)),
    ("下下个星期三", date(2026, 12, 9)),
    ("下个月15号", date(2026, 12, 15)),
    ("下月15日", date(2026, 12, 15)),
    ("下下个月1号", date(2027, 1, 1)),
    ("本月30号", date(2026, 11, 30)),
    ("月底", date(2026, 11, 30)),
    ("这个月底", date(2026, 11, 30)),
    ("下个月底", date(2026, 12, 31)),
    ("下月初", date(2026, 12, 1)),
    ("15号", date(2026, 12, 15)),  # the 15th is past this month: next month's
    ("20号", date(2026, 12, 20)),
    ("15日", date(2026, 12, 15)),  # was read as 15 days from today
    ("1日", date(2026, 12, 1)),  # was read as tomorrow
    ("27号", FRIDAY),  # today's day of the month is today
    ("十五日", date(2026, 12, 15)),
    ("二十号", date(2026, 12, 20)),
    ("12月15日下午", date(2026, 12, 15)),
    ("12月15日 18:00", date(2026, 12, 15)),
    ("12月15日18：00", date(2026, 12, 15)),
    ("12月15日（周二）", date(2026, 12, 15)),  # the weekday agrees with the date
    ("12月15日星期二", date(2026, 12, 15)),
    ("12月15日（周二）下午3点", date(2026, 12, 15)),
    ("下周五 18点", date(2026, 12, 4)),
    ("下周五下午6点半", date(2026, 12, 4)),
    ("明天下午3点", date(2026, 11, 28)),
    ("明天下午", date(2026, 11, 28)),
    ("周末", date(2026, 11, 28)),  # this Saturday
    ("这周末", date(2026, 11, 28)),
    ("下周末", date(2026, 12, 5)),
    ("12月中旬", date(2026, 12, 15)),
    ("12月底", date(2026, 12, 31)),
    ("2027年2月底", date(2027, 2, 28)),
    ("1月初", date(2027, 1, 1)),
    ("12月15", date(2026, 12, 15)),
    ("半个月后", date(2026, 12, 12)),
    ("截止12月15日", date(2026, 12, 15)),
    ("截止到下周五", date(2026, 12, 4)),
    ("12月15日截止", date(2026, 12, 15)),
    ("元旦", date(2027, 1, 1)),
    ("国庆节", date(2027, 10, 1)),
    ("五一", date(2027, 5, 1)),
    ("一年后", date(2027, 11, 27)),
    # Those that worked before keep working.
    ("下周五", date(2026, 12, 4)),
    ("下个星期五", date(2026, 12, 4)),
    ("十二月十五日", date(2026, 12, 15)),
    ("2026年12月15日", date(2026, 12, 15)),
    ("12/15", date(2026, 12, 15)),
    ("2026.12.15", date(2026, 12, 15)),
    ("３天后", date(2026, 11, 30)),
    ("２０２６年１２月１５日（周二）", date(2026, 12, 15)),
    # Days, weeks and months ahead; the end of a month (底 and 末); tens in characters.
    ("3日后", date(2026, 11, 30)),
    ("2周后", date(2026, 12, 11)),
    ("2个月后", date(2027, 1, 27)),
    ("半年后", date(2027, 5, 27)),
    ("月末", date(2026, 11, 30)),
    ("下个月末", date(2026, 12, 31)),
    ("二十三号", date(2026, 12, 23)),
    ("十号", date(2026, 12, 10)),
    ("三十一号", date(2026, 12, 31)),
]

# Not dates: half a day or week, a number no day has, tens written twice.
ZH_NOT_DATES = ["半周后", "半天后", "一百号", "十一十号", "二十二十号"]


@pytest.mark.parametrize("text", ZH_NOT_DATES)
def test_chinese_words_that_are_no_due_date_read_as_none(text: str) -> None:
    assert parse_due(text, timezone="Asia/Shanghai", today=FRIDAY) is None


@pytest.mark.parametrize(("text", "due"), ZH_ON_FRIDAY)
def test_chinese_dates_people_type(text: str, due: date) -> None:
    assert parse_due(text, timezone="Asia/Shanghai", today=FRIDAY) == due


SATURDAY_5_DEC = date(2026, 12, 5)
ON_5_DEC = [
    ("15日", date(2026, 12, 15)),  # the 15th of this month: not yet past
    ("15号", date(2026, 12, 15)),
    ("本月15号", date(2026, 12, 15)),
    ("1日", date(2027, 1, 1)),
    ("月底", date(2026, 12, 31)),
    ("周末", SATURDAY_5_DEC),
]


@pytest.mark.parametrize(("text", "due"), ON_5_DEC)
def test_a_day_of_the_month_is_this_months_until_it_is_past(text: str, due: date) -> None:
    assert parse_due(text, timezone="Asia/Shanghai", today=SATURDAY_5_DEC) == due


def test_on_a_sunday_the_weekend_is_today_and_the_31st_waits_for_a_month_with_one() -> None:
    sunday = date(2026, 11, 29)
    assert parse_due("周末", timezone="Asia/Shanghai", today=sunday) == sunday
    assert parse_due("31号", timezone="Asia/Shanghai", today=sunday) == date(2026, 12, 31)
    feb = date(2027, 2, 1)
    assert parse_due("31号", timezone="Asia/Shanghai", today=feb) == date(2027, 3, 31)


NUMERIC = [
    # Dates that read two ways follow the project's order.
    ("03/04/2027", DateOrder.DMY, date(2027, 4, 3)),
    ("03/04/2027", DateOrder.MDY, date(2027, 3, 4)),
    ("03/04/2027", DateOrder.YMD, date(2027, 3, 4)),
    ("03.04.2027", DateOrder.DMY, date(2027, 4, 3)),
    ("03.04.2027", DateOrder.MDY, date(2027, 3, 4)),
    ("3/4", DateOrder.DMY, date(2027, 4, 3)),
    ("3/4", DateOrder.MDY, date(2027, 3, 4)),
    ("3/4", DateOrder.YMD, date(2027, 3, 4)),
    ("03/04/27", DateOrder.DMY, date(2027, 4, 3)),
    ("03/04/2027 18:00", DateOrder.MDY, date(2027, 3, 4)),
    # Unambiguous ones are read in any project.
    ("2027-03-04", DateOrder.DMY, date(2027, 3, 4)),
    ("2027-03-04", DateOrder.MDY, date(2027, 3, 4)),
    ("25/12/2026", DateOrder.MDY, date(2026, 12, 25)),
    ("12/25/2026", DateOrder.DMY, date(2026, 12, 25)),
    ("12/15", DateOrder.DMY, date(2026, 12, 15)),
    ("15.12.", DateOrder.DMY, date(2026, 12, 15)),
    ("2026/12/15", DateOrder.DMY, date(2026, 12, 15)),
]


@pytest.mark.parametrize(("text", "order", "due"), NUMERIC)
def test_numeric_dates_follow_the_projects_order(text: str, order: DateOrder, due: date) -> None:
    assert parse_due(text, timezone="UTC", today=FRIDAY, order=order) == due


@pytest.mark.parametrize("text", ["Sat 03/04/2027", "03/04/2027（周六）"])
def test_a_numeric_date_with_its_weekday_follows_the_projects_order(text: str) -> None:
    assert parse_due(text, timezone="UTC", today=FRIDAY, order=DateOrder.DMY) == date(2027, 4, 3)
    assert parse_due(text, timezone="UTC", today=FRIDAY) is None  # reads two ways


@pytest.mark.parametrize(
    ("text", "due"),
    [("01/01/2027", date(2027, 1, 1)), ("13/01/2027", date(2027, 1, 13)),
     ("01/13/2027", date(2027, 1, 13)), ("31/12/2027", date(2027, 12, 31)),
     ("12/31/2027", date(2027, 12, 31))],
)  # fmt: skip
def test_without_an_order_a_date_that_reads_one_way_only_is_read(text: str, due: date) -> None:
    # The first and last day and month of the calendar are days and months like any other.
    assert parse_due(text, timezone="UTC", today=FRIDAY) == due


@pytest.mark.parametrize(
    "text",
    ["2027-13-01", "2027-02-30", "2027/13/01", "13/13/2027", "31/04/2027", "0/5", "2027-13-01 UTC",
     "2027-03", "Feb 30 2027", "30 February"],
)  # fmt: skip
def test_a_date_that_names_no_day_is_refused_not_read_as_another(text: str) -> None:
    for order in DateOrder:
        assert parse_due(text, timezone="UTC", today=FRIDAY, order=order) is None


def test_without_an_order_a_date_that_reads_two_ways_is_refused() -> None:
    assert parse_due("03/04/2027", timezone="UTC", today=FRIDAY) is None
    assert parse_due("25/12/2026", timezone="UTC", today=FRIDAY) == date(2026, 12, 25)
    assert parse_due("04/04/2027", timezone="UTC", today=FRIDAY) == date(2027, 4, 4)


@pytest.mark.parametrize(
    "text", ["12月15日（周五）", "12月15日 星期五", "Fri 15 Dec 2026", "Friday, December 15, 2026"]
)
def test_a_weekday_that_contradicts_the_date_is_refused_and_the_right_one_known(text: str) -> None:
    reading = read_due(text, timezone="UTC", today=FRIDAY)
    assert reading.contradicted
    assert reading.day == date(2026, 12, 15) and reading.day.weekday() == 1  # a Tuesday
    assert reading.stated_weekday == 4
    assert parse_due(text, timezone="UTC", today=FRIDAY) is None


@pytest.mark.parametrize(
    "text", ["Tue 15 Dec 2026", "Tuesday, December 15, 2026", "tue 15/12/2026"]
)
def test_a_weekday_that_agrees_with_the_date_is_fine(text: str) -> None:
    reading = read_due(text, timezone="UTC", today=FRIDAY, order=DateOrder.DMY)
    assert reading.day == date(2026, 12, 15) and not reading.contradicted


@pytest.mark.parametrize(
    ("locale", "timezone", "order"),
    [("zh-CN", "Asia/Shanghai", DateOrder.YMD), ("zh-CN", "America/New_York", DateOrder.YMD),
     ("en", "America/New_York", DateOrder.MDY), ("en", "Pacific/Honolulu", DateOrder.MDY),
     ("en", "Europe/London", DateOrder.DMY), ("en", "America/Sao_Paulo", DateOrder.DMY),
     ("en", "Australia/Sydney", DateOrder.DMY), ("en", "UTC", DateOrder.DMY),
     ("en", "Asia/Shanghai", DateOrder.YMD), ("en", "Asia/Tokyo", DateOrder.YMD)],
)  # fmt: skip
def test_the_default_order_follows_locale_and_where_the_project_is(locale, timezone, order) -> None:
    assert default_date_order(locale, timezone) is order


def test_year_rolls_over_at_the_end_of_december() -> None:
    new_years_eve = date(2026, 12, 31)
    assert parse_due("1月2日", timezone="Asia/Shanghai", today=new_years_eve) == date(2027, 1, 2)
    assert parse_due("Jan 2", timezone="UTC", today=new_years_eve) == date(2027, 1, 2)
    assert parse_due("下周五", timezone="UTC", today=new_years_eve) == date(2027, 1, 8)
    assert parse_due("tomorrow", timezone="UTC", today=new_years_eve) == date(2027, 1, 1)


def test_the_29th_of_february_waits_for_a_leap_year() -> None:
    assert parse_due("2月29日", timezone="UTC", today=FRIDAY) == date(2028, 2, 29)
    assert parse_due("Feb 29", timezone="UTC", today=FRIDAY) == date(2028, 2, 29)


def test_a_time_in_another_zone_lands_on_the_projects_date() -> None:
    assert parse_due("Dec 15 23:00 UTC", timezone="Asia/Shanghai", today=FRIDAY) == date(
        2026, 12, 16
    )


def test_the_same_words_follow_the_given_today() -> None:
    assert parse_due("tomorrow", timezone="UTC", today=MONDAY) == date(2026, 11, 24)
    assert parse_due("tomorrow", timezone="UTC", today=FRIDAY) == date(2026, 11, 28)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "garbage", "soon", "12", "a", "asap!!", "2026-02-30", "13月40日", "周八",
     "Feb 30", "next blursday", "x" * 500, "\x00\ud800", "下下下周五", "3点", "下午",
     "半天后", "(周二)", "13月", "32号"],
)  # fmt: skip
def test_what_is_not_a_date_is_none(text: str) -> None:
    assert parse_due(text, timezone="Europe/Berlin", today=FRIDAY) is None


@pytest.mark.parametrize("text", ["15 décembre", "demain", "15 Dezember"])
def test_a_date_in_a_language_signoff_does_not_speak_is_not_guessed(text: str) -> None:
    # Read only as English or Chinese: a word of another language is refused and asked again,
    # never matched to whichever of dateparser's languages happens to know it.
    assert parse_due(text, timezone="Europe/Berlin", today=FRIDAY) is None


def test_an_unknown_time_zone_does_not_stop_a_plain_date() -> None:
    assert parse_due("Dec 15", timezone="Mars/Olympus", today=FRIDAY) == date(2026, 12, 15)
    assert parse_due("in 2 weeks", timezone="", today=FRIDAY) == date(2026, 12, 11)


def test_a_date_beyond_the_calendar_is_none() -> None:
    assert parse_due("999天后", timezone="UTC", today=date(9999, 12, 1)) is None
    assert parse_due("一个月后", timezone="UTC", today=date(9999, 12, 1)) is None


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@given(st.text(st.characters(exclude_categories=()), max_size=80), st.dates())
def test_never_raises_nor_trips_over_its_own_code(text: str, today: date) -> None:
    logger, errors = logging.getLogger("bot.dates"), Collect()
    logger.addHandler(errors)
    try:
        due = parse_due(text, timezone="Europe/Berlin", today=today)
    finally:
        logger.removeHandler(errors)
    assert due is None or isinstance(due, date)
    assert errors.records == []  # the catch-all in parse_due was not needed


@pytest.mark.parametrize(
    ("word", "number"),
    [("mon", 0), ("Monday", 0), ("tues", 1), ("Tuesday", 1), ("wed", 2), ("Wednesday", 2),
     ("thu", 3), ("Thurs", 3), ("thursday", 3), ("fri", 4), ("Fri.", 4), ("FRIDAY", 4),
     ("sat", 5), ("saturday", 5), ("sun", 6), ("Sunday", 6), ("周一", 0), ("星期五", 4),
     ("礼拜六", 5), ("周日", 6), ("星期天", 6), (" 周五 ", 4), ("ｆｒｉ", 4)],
)  # fmt: skip
def test_a_weekday_is_read_as_people_type_it(word: str, number: int) -> None:
    assert weekday_number(word) == number


@pytest.mark.parametrize("word", ["", "fr", "frid", "fridays", "weekday", "周", "周八", "下周五"])
def test_what_is_not_a_weekday_reads_as_none(word: str) -> None:
    assert weekday_number(word) is None
