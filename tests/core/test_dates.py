"""Due dates as people type them, in English and Chinese, counted from the project's today."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import parse_due

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
     "Feb 30", "next blursday", "x" * 500, "\x00\ud800", "下下下周五"],
)  # fmt: skip
def test_what_is_not_a_date_is_none(text: str) -> None:
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
