"""The `nudges` verbs in chat: what is scheduled and when, pause and resume, per-project
settings; only the PM changes them, and nothing is scheduled in the past."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.grammar import parse
from bot.nudges.commands import (
    PauseNudges,
    ResumeNudges,
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
    ],
)
def test_the_nudges_verbs_parse(line: str, command: object) -> None:
    assert parse(line) == command


@pytest.mark.parametrize(
    "line", ["nudges snooze", "nudges pause later", "nudges off everything", "nudges holiday"]
)
def test_malformed_nudges_lines_get_the_usage(line: str) -> None:
    assert type(parse(line)).__name__ == "Unparsed"


async def test_nudges_show_lists_what_goes_out_in_local_time(studio: Studio) -> None:
    studio.clock.current = datetime(2026, 11, 27, 10, tzinfo=UTC)  # Friday; project in UTC
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-04')

    text = (await studio.text("cleo", "nudges")).replace("\u202f", " ")  # Babel's narrow space

    assert "Nov 30, 2026 9:30 AM — weekly digest" in text
    assert "Dec 2, 2026 9:30 AM — milestone due soon M-1" in text


async def test_a_pause_in_the_past_is_refused_and_nothing_changes(studio: Studio) -> None:
    result = await studio.say("paula", "nudges pause until 2026-11-01")

    assert not result.ok
    assert "is in the past: nudges cannot be scheduled there" in result.replies[0].message.text
    assert "weekly digest" in await studio.text("paula", "nudges")


async def test_pause_and_resume_are_announced_and_audited(studio: Studio) -> None:
    paused = await studio.say("paula", "nudges pause until 2026-12-10")
    assert paused.ok and paused.replies[0].message.text.startswith("Nudges are paused until Dec")

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
    assert "Dec 1, 2026 9:30 AM — weekly digest" in text


async def test_nudges_answer_in_chinese_for_a_chinese_project() -> None:
    studio = await make_studio(locale="zh-CN")
    text = await studio.text("paula", "nudges pause")
    assert text == "提醒已暂停，输入“nudges resume”即可恢复。"
    assert "nudges pause" in await studio.text("paula", "help nudges")
