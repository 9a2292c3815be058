"""Dates in chat: read in the project's date order, refused rather than misread, spelled out in
every confirmation, and a due date on a day off accepted with a note."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.commands import SetDateOrder
from bot.grammar import parse
from bot.i18n import country_name, fmt_date, fmt_datetime, fmt_duration, weekday_name, zone_name
from tests.core.conftest import Studio, make_studio

# The studio's clock: Friday 27 November 2026, 10:00 UTC; projects in UTC unless said.


def due_dates(studio: Studio) -> list[date]:
    return [m.due_date for m in studio.tables.milestones.values()]


async def test_a_date_that_reads_two_ways_follows_the_projects_order(studio: Studio) -> None:
    # An English project in UTC reads day first until its PM says otherwise.
    added = await studio.text("paula", 'milestone add "Concepts" due 05/04/2027')
    assert added == "M-1 added: “Concepts”, due Mon 5 Apr 2027."

    changed = await studio.say("paula", "project dates mdy")
    assert changed.ok
    assert changed.replies[0].message.text == (
        "From now on 03/04/2027 means Thu 4 Mar 2027 in this project (date order mdy, was dmy)."
    )
    event = studio.tables.audit[-1]
    assert (event.action, event.subject) == ("project.date_order_changed", "acme")
    assert event.detail == {"before": "dmy", "after": "mdy"}

    added = await studio.text("paula", 'milestone add "Final files" due 05/04/2027')
    assert added == "M-2 added: “Final files”, due Tue 4 May 2027."
    # One that reads only one way is read so in any order.
    await studio.say("paula", 'milestone add "Launch" due 26/04/2027')
    assert due_dates(studio) == [date(2027, 4, 5), date(2027, 5, 4), date(2027, 4, 26)]


async def test_anyone_may_ask_the_order_but_only_the_pm_changes_it(studio: Studio) -> None:
    shown = await studio.text("cleo", "project dates")
    assert shown == (
        "Here 03/04/2027 means Sat 3 Apr 2027 (date order dmy). "
        "A PM can change it with “project dates dmy|mdy|ymd”."
    )
    audited = len(studio.tables.audit)

    refused = await studio.say("cleo", "project dates mdy")
    assert not refused.ok
    assert refused.replies[0].message.text == "Only the project's PM can change how dates are read."
    again = await studio.text("paula", "project dates dmy")
    assert again == "Dates are already read dmy here: 03/04/2027 means Sat 3 Apr 2027."
    assert len(studio.tables.audit) == audited
    assert [p.date_order for p in studio.tables.projects.values()] == [None]


@pytest.mark.parametrize(
    ("line", "order"),
    [("project dates", ""), ("project dates MDY", "mdy"), ("project dates 年月日", "ymd"),
     ("project dates 日月年", "dmy")],
)  # fmt: skip
def test_project_dates_is_parsed_with_or_without_an_order(line: str, order: str) -> None:
    assert parse(line) == SetDateOrder(order=order)


async def test_an_order_that_is_none_of_the_three_gets_the_usage(studio: Studio) -> None:
    result = await studio.say("paula", "project dates dym")
    assert not result.ok
    text = result.replies[0].message.text
    assert "After “project dates”, use one of: dmy | mdy | ymd." in text
    assert "project dates [dmy|mdy|ymd]" in text


async def test_a_chinese_project_reads_year_first_and_says_so_in_chinese() -> None:
    studio = await make_studio(locale="zh-CN")
    assert await studio.text("cleo", "project dates") == (
        "本项目中 03/04/2027 表示 2027年3月4日（周四）（日期顺序：年月日）。"
        "项目经理可用“project dates 年月日|月日年|日月年”修改。"
    )
    assert await studio.text("paula", "project dates 日月年") == (
        "从现在起，本项目中 03/04/2027 表示 2027年4月3日（周六）（日期顺序：日月年，原为年月日）。"
    )
    assert studio.tables.audit[-1].detail == {"before": "ymd", "after": "dmy"}


@pytest.mark.parametrize(
    ("typed", "shown", "stored"),
    [
        ("15日", "12月15日（周二）", date(2026, 12, 15)),  # was read as 15 days from today
        ("1日", "12月1日（周二）", date(2026, 12, 1)),  # was read as tomorrow
        ("下下周五", "12月11日（周五）", date(2026, 12, 11)),
        ("元旦", "2027年1月1日（周五）", date(2027, 1, 1)),
        ("12月15日 18:00", "12月15日（周二）", date(2026, 12, 15)),
    ],
)
async def test_chinese_due_dates_are_read_and_spelled_out(typed, shown, stored) -> None:
    studio = await make_studio(locale="zh-CN")
    text = await studio.text("paula", f"milestone add “概念稿” due {typed}")
    assert f"{shown}" in text
    assert due_dates(studio) == [stored]


@pytest.mark.parametrize("typed", ["2027-13-01", "2027-02-30", "13/13/2027"])
async def test_a_date_that_names_no_day_is_refused_and_nothing_stored(
    studio: Studio, typed: str
) -> None:
    result = await studio.say("paula", f'milestone add "Concepts" due {typed}')
    assert not result.ok
    assert f"I can't read “{typed}” as a date." in result.replies[0].message.text
    assert due_dates(studio) == []


async def test_a_weekday_that_contradicts_the_date_is_refused_naming_the_right_one() -> None:
    studio = await make_studio(locale="zh-CN")
    result = await studio.say("paula", "milestone add “概念稿” due 12月15日（周五）")
    assert not result.ok
    assert result.replies[0].message.text.startswith("12月15日（周二）不是周五，请核对日期后重试。")
    assert due_dates(studio) == []

    english = await studio.say("paula", "milestone add “概念稿” due Fri 15 Dec 2026")
    assert "不是周五" in english.replies[0].message.text
    assert (await studio.say("paula", "milestone add “概念稿” due 12月15日（周二）")).ok


async def test_a_due_date_on_a_weekend_is_accepted_with_a_note(studio: Studio) -> None:
    text = await studio.text("paula", 'milestone add "Concepts" due 2026-12-12')
    assert text == ("M-1 added: “Concepts”, due Sat 12 Dec. Note: Sat 12 Dec is not a working day.")
    weekday = await studio.text("paula", 'milestone add "Final" due 2026-12-11')
    assert weekday == "M-2 added: “Final”, due Fri 11 Dec."
    assert due_dates(studio) == [date(2026, 12, 12), date(2026, 12, 11)]


async def test_a_public_holiday_or_own_day_off_is_named_in_the_note() -> None:
    studio = await make_studio(locale="zh-CN")
    assert (await studio.say("paula", "nudges country CN")).ok
    assert (await studio.say("paula", "nudges holiday 2026-12-14")).ok

    holiday = await studio.text("paula", "milestone add “概念稿” due 元旦")
    assert holiday.endswith("注意：2027年1月1日（周五）是法定节假日（元旦）。")
    own = await studio.text("paula", "milestone add “终稿” due 2026-12-14")
    assert own.endswith("注意：12月14日（周一）是本项目的休息日。")
    weekend = await studio.text("paula", "milestone add “交付” due 周末")
    assert weekend.endswith("注意：11月28日（周六）不是工作日。")


async def test_an_english_note_names_the_holiday_in_english(studio: Studio) -> None:
    assert (await studio.say("paula", "nudges country US")).ok
    text = await studio.text("paula", 'milestone add "Concepts" due Dec 25')
    assert text.endswith("Note: Fri 25 Dec is a public holiday (Christmas Day).")


def test_dates_are_spelled_out_with_the_weekday_and_the_year_only_when_another() -> None:
    today = date(2026, 11, 27)
    assert fmt_date("en", date(2026, 12, 11), today=today) == "Fri 11 Dec"
    assert fmt_date("en", date(2027, 1, 13), today=today) == "Wed 13 Jan 2027"
    assert fmt_date("zh-CN", date(2026, 12, 11), today=today) == "12月11日（周五）"
    assert fmt_date("zh-CN", date(2027, 1, 13), today=today) == "2027年1月13日（周三）"
    assert fmt_date("en", date(2026, 12, 11)) == "Fri 11 Dec 2026"  # no today: the year


def test_moments_are_spelled_out_on_the_projects_clock_naming_the_zone_when_asked() -> None:
    moment, today = datetime(2026, 12, 7, 5, tzinfo=UTC), date(2026, 11, 27)
    assert fmt_datetime("zh-CN", moment, "Asia/Shanghai", today=today) == "12月7日（周一）13:00"
    assert (
        fmt_datetime("zh-CN", moment, "Asia/Shanghai", today=today, zone=True)
        == "12月7日（周一）13:00（北京时间）"
    )
    english = fmt_datetime("en", moment, "Europe/Berlin", today=today, zone=True)
    assert english.replace("\u202f", " ") == "Mon 7 Dec, 6:00 AM (Central European Time)"
    assert (zone_name("zh-CN", "Asia/Shanghai"), zone_name("en", "Etc/UTC")) == ("北京时间", "UTC")
    assert weekday_name("zh-CN", 1) == "周二"
    assert weekday_name("en", 1) == "Tuesday"


@pytest.mark.parametrize(
    ("zone", "en", "zh"),
    [
        ("Europe/Berlin", "Central European Time", "中欧时间"),
        ("America/New_York", "Eastern Time", "北美东部时间"),
        ("Asia/Shanghai", "China Time", "北京时间"),
        ("Mars/Olympus", "Mars/Olympus", "Mars/Olympus"),  # no name known: the zone as given
    ],
)
def test_a_time_zone_is_named_as_people_say_it(zone: str, en: str, zh: str) -> None:
    assert (zone_name("en", zone), zone_name("zh-CN", zone)) == (en, zh)


@pytest.mark.parametrize(
    ("length", "en", "zh"),
    [
        (timedelta(seconds=90), "2 minutes", "2 分钟"),
        (timedelta(minutes=65), "65 minutes", "1 小时"),
        (timedelta(hours=25), "25 hours", "1 天"),
        (timedelta(days=6), "6 days", "6 天"),
        (timedelta(days=12), "2 weeks", "2 周"),
    ],
)
def test_a_length_of_time_is_rounded_as_each_language_reads_it(
    length: timedelta, en: str, zh: str
) -> None:
    assert (fmt_duration("en", length), fmt_duration("zh-CN", length)) == (en, zh)


def test_a_holiday_country_is_named_in_chinese_and_shown_as_its_code_in_english() -> None:
    assert [country_name("zh-CN", code) for code in ("CN", "de", "XX")] == ["中国", "德国", "XX"]
    assert [country_name("en", code) for code in ("CN", "de")] == ["CN", "de"]


async def test_a_holiday_without_a_name_in_the_projects_language_is_still_said_to_be_one() -> None:
    studio = await make_studio(locale="zh-CN")
    assert (await studio.say("paula", "nudges country DE")).ok  # no Chinese names for Germany's
    text = await studio.text("paula", "milestone add “概念稿” due 2026-12-25")
    assert text.endswith("注意：12月25日（周五）是法定节假日。")
