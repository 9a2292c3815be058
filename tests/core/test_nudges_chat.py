"""The `nudges` verbs in chat: what is scheduled and when, pause and resume, per-project
settings; only the PM changes them, and nothing is scheduled in the past."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.grammar import parse
from bot.nudges.commands import (
    PauseNudges,
    ResumeNudges,
    RetimeNudge,
    SetNudgeCalendar,
    ShowNudges,
    SwitchNudge,
)
from bot.nudges.model import NudgeKind
from tests.core.conftest import Studio, make_studio


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("nudges", ShowNudges()),
        ("nudges show", ShowNudges()),
        ("Nudges PAUSE", PauseNudges()),
        ("nudges pause until next friday", PauseNudges(until="next friday")),
        ("nudges pause 直到 下周五", PauseNudges(until="下周五")),
        ("nudges resume", ResumeNudges()),
        ("nudges off digest", SwitchNudge(kind=NudgeKind.DIGEST, enabled=False)),
        ("nudges on Review_Waiting", SwitchNudge(kind=NudgeKind.REVIEW_WAITING, enabled=True)),
        ("nudges country cn", SetNudgeCalendar(country="cn")),
        ("nudges holiday 2026-12-24", SetNudgeCalendar(holiday="2026-12-24")),
        (
            "nudges holiday 2026-12-24 OFF",
            SetNudgeCalendar(holiday="2026-12-24", working_again=True),
        ),
        ("nudges holiday 12月24日 取消", SetNudgeCalendar(holiday="12月24日", working_again=True)),
        (
            "nudges time digest tue 10:00",
            RetimeNudge(kind=NudgeKind.DIGEST, at="10:00", weekday="tue"),
        ),
        ("nudges time due_soon 14:30", RetimeNudge(kind=NudgeKind.DUE_SOON, at="14:30")),
    ],
)
def test_the_nudges_verbs_parse(line: str, command: object) -> None:
    assert parse(line) == command


@pytest.mark.parametrize(
    "line",
    [
        "nudges snooze",
        "nudges pause later",
        "nudges off everything",
        "nudges holiday",
        "nudges time",
        "nudges time digest",
        "nudges time lunch 12:00",
    ],
)
def test_malformed_nudges_lines_get_the_usage(line: str) -> None:
    assert type(parse(line)).__name__ == "Unparsed"


async def test_nudges_show_lists_what_goes_out_in_local_time(studio: Studio) -> None:
    studio.clock.current = datetime(2026, 11, 27, 10, tzinfo=UTC)  # Friday; project in UTC
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-04')

    text = (await studio.text("cleo", "nudges")).replace("\u202f", " ")  # Babel's narrow space

    assert "Mon 30 Nov, 9:30 AM · weekly digest" in text
    assert "Wed 2 Dec, 9:30 AM · milestone due soon M-1" in text


async def test_a_pause_in_the_past_is_refused_and_nothing_changes(studio: Studio) -> None:
    result = await studio.say("paula", "nudges pause until 2026-11-01")

    assert not result.ok
    assert "is in the past: nudges cannot be scheduled there" in result.replies[0].message.text
    assert "weekly digest" in await studio.text("paula", "nudges")


async def test_pause_and_resume_are_announced_and_audited(studio: Studio) -> None:
    paused = await studio.say("paula", "nudges pause until 2026-12-10")
    assert paused.ok
    assert paused.replies[0].message.text == "Nudges are paused; they start again on Thu 10 Dec."

    assert "Nudges are paused" in await studio.text("cleo", "nudges")
    assert "Nudges are back on" in await studio.text("paula", "nudges resume")
    actions = [e.action for e in studio.tables.audit]
    assert actions[-2:] == ["nudges.paused", "nudges.resumed"]


async def test_only_the_pm_changes_the_nudges(studio: Studio) -> None:
    for line in ["nudges pause", "nudges off digest", "nudges country DE"]:
        result = await studio.say("cleo", line)
        assert not result.ok
        assert "Only the project's PM" in result.replies[0].message.text


async def test_a_nudge_turned_off_is_no_longer_listed(studio: Studio) -> None:
    await studio.say("paula", "nudges off digest")

    text = await studio.text("paula", "nudges")

    assert "— weekly digest" not in text and "Turned off: weekly digest" in text


async def test_country_codes_are_checked_and_own_holidays_move_nudges(studio: Studio) -> None:
    refused = await studio.say("paula", "nudges country XX")
    assert not refused.ok and "not a country code" in refused.replies[0].message.text

    await studio.say("paula", "nudges holiday 2026-11-30")  # the Monday of the next digest

    text = (await studio.text("paula", "nudges")).replace("\u202f", " ")
    assert "Tue 1 Dec, 9:30 AM · weekly digest" in text


@pytest.mark.parametrize(
    ("locale", "taken_back", "not_one"),
    [
        ("en", "Nudges may go out on Mon 30 Nov again.", "Mon 30 Nov is not one of this "
         "project's days off."),
        ("zh-CN", "11月30日（周一）恢复发送提醒。", "11月30日（周一）不是本项目的休息日。"),
    ],
)  # fmt: skip
async def test_a_day_off_given_by_mistake_is_taken_back(
    locale: str, taken_back: str, not_one: str
) -> None:
    studio = await make_studio(locale=locale)
    before = await studio.text("paula", "nudges")
    await studio.say("paula", "nudges holiday 2026-11-30")
    assert await studio.text("paula", "nudges") != before

    assert await studio.text("paula", "nudges holiday 2026-11-30 off") == taken_back
    assert await studio.text("paula", "nudges") == before  # the Monday digest is back
    again = await studio.say("paula", "nudges holiday 2026-11-30 off")
    assert (again.ok, again.replies[0].message.text) == (False, not_one)
    calendar = [e.detail for e in studio.tables.audit if e.action == "nudges.calendar"]
    assert calendar == [
        {"country": "", "holidays": ["2026-11-30"]},
        {"country": "", "holidays": []},
    ]
    # Today is a day like any other: given off by mistake this morning, taken back at once.
    assert (await studio.say("paula", "nudges holiday 2026-11-27")).ok
    assert (await studio.say("paula", "nudges holiday 2026-11-27 off")).ok


async def test_nudges_answer_in_chinese_for_a_chinese_project() -> None:
    studio = await make_studio(locale="zh-CN")
    text = await studio.text("paula", "nudges pause")
    assert text == "提醒已暂停，输入“nudges resume”即可恢复。"
    assert "nudges pause" in await studio.text("paula", "help nudges")


async def test_a_project_moves_its_digest_to_its_own_day_and_time(studio: Studio) -> None:
    studio.clock.current = datetime(2026, 11, 27, 10, tzinfo=UTC)  # Friday; project in UTC
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-04')

    answer = await studio.text("paula", "nudges time digest tue 10:00")
    moved = await studio.text("paula", "nudges time due_soon 14:30")
    text = (await studio.text("cleo", "nudges")).replace("\u202f", " ")

    assert answer == "weekly digest: Tuesday at 10:00 (UTC)."
    assert moved == "milestone due soon: at 14:30 (UTC)."
    assert "Tue 1 Dec, 10:00 AM · weekly digest" in text
    assert "Mon 30 Nov, 9:30 AM · weekly digest" not in text
    assert "Wed 2 Dec, 2:30 PM · milestone due soon M-1" in text


@pytest.mark.parametrize(
    ("who", "line", "says"),
    [
        ("cleo", "nudges time digest tue 10:00", "Only the project's PM"),
        ("paula", "nudges time digest tue 25:00", "is not a time like 09:30"),
        ("paula", "nudges time due_soon tue 10:00", "Only the weekly digest"),
        ("paula", "nudges time digest someday 10:00", "is not a weekday"),
    ],
)
async def test_retiming_is_for_the_pm_with_a_real_time(
    studio: Studio, who: str, line: str, says: str
) -> None:
    before = len(studio.tables.audit)

    result = await studio.say(who, line)

    assert not result.ok and says in result.replies[0].message.text
    assert len(studio.tables.audit) == before
