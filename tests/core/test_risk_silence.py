"""The client silent while something waits on them, read from a project's snapshot: raised once
per waiting thing when nobody outside the studio has done anything the audit records for N whole
working days (weekends and days off not counted) since it reached them or since they were last
heard from, with its evidence; never while nothing waits on them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.nudges.calendar import NudgeCalendar
from bot.nudges.due import calendar_for
from bot.nudges.model import NudgeConfig
from bot.nudges.risk_signals import risks_due
from bot.nudges.snapshot import ProjectSnapshot
from bot.risks import Level, Risk, RiskThresholds
from tests.core.conftest import Studio, make_studio
from tests.core.test_nudges_compose import snapshot
from tests.core.test_nudges_scope import sent_brief, sent_change

BASE = NudgeCalendar(timezone="UTC")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def silent(snap: ProjectSnapshot, now: datetime, **limits: object) -> list[Risk]:
    config = NudgeConfig(risks=RiskThresholds(**limits))  # type: ignore[arg-type]
    found = risks_due(snap, config, calendar_for(snap.project, snap.settings, BASE), now)
    return [r for r in found if r.key.startswith("silence:")]


def keys(snap: ProjectSnapshot, now: datetime, **limits: object) -> list[str]:
    return [r.key for r in silent(snap, now, **limits)]


async def in_review(studio: Studio) -> None:
    """M-1 v1 with Ava from Friday 27 November 2026, 10:00 UTC."""
    for who, line in [("paula", 'milestone add "Concepts" due 2026-12-20'),
                      ("dan", "submit M-1 routes"), ("paula", "approve M-1")]:  # fmt: skip
        assert (await studio.say(who, line)).ok, line


@pytest.mark.parametrize(
    ("now", "raised"),
    [
        # From Friday: Mon 30, Tue 1 and Wed 2 are the three whole working days; the weekend
        # between counts for nothing.
        pytest.param(utc(2026, 11, 30, 23, 59), False, id="monday"),
        pytest.param(utc(2026, 12, 2, 23, 59), False, id="wednesday-not-yet-whole"),
        pytest.param(utc(2026, 12, 3, 0, 0), True, id="thursday"),
    ],
)
async def test_three_whole_working_days_of_silence_over_a_weekend_are_a_risk(
    studio: Studio, now: datetime, raised: bool
) -> None:
    await in_review(studio)
    assert keys(await snapshot(studio), now) == (["silence:M-1@v1"] if raised else [])


async def test_the_risk_says_how_long_and_what_waits(studio: Studio) -> None:
    await in_review(studio)
    [risk] = silent(await snapshot(studio), utc(2026, 12, 4, 12))
    assert (risk.title, risk.likelihood, risk.impact, risk.shared, risk.raised_by) == (
        "The client is silent while M-1 v1 “Concepts” waits on them",
        Level.MEDIUM, Level.MEDIUM, False, None,
    )  # fmt: skip
    assert risk.evidence == (
        "Nothing from the client for 4 working days (since Fri 27 Nov) while M-1 v1 "
        "“Concepts” waits on them."
    )


async def test_a_word_from_the_client_restarts_the_count_and_the_studio_s_does_not(
    studio: Studio,
) -> None:
    await in_review(studio)
    studio.clock.current = utc(2026, 12, 1, 15)  # Tuesday
    assert (await studio.say("paula", "feedback M-1 chasing the client")).ok
    assert (await studio.say("dan", "issue fonts missing low")).ok
    assert keys(await snapshot(studio), utc(2026, 12, 3, 12)) == ["silence:M-1@v1"]
    assert (await studio.say("cleo", "feedback M-1 we are still looking")).ok
    snap = await snapshot(studio)
    # Wed 2, Thu 3 and Fri 4 are three whole days from Tuesday: raised on Saturday.
    assert keys(snap, utc(2026, 12, 4, 23, 59)) == []
    [risk] = silent(snap, utc(2026, 12, 5, 0, 0))
    assert risk.evidence.startswith("Nothing from the client for 3 working days (since Tue 1 Dec)")


async def test_nothing_is_raised_once_the_client_decided_or_when_raised_before(
    studio: Studio,
) -> None:
    await in_review(studio)
    snap = await snapshot(studio)
    found = silent(snap, utc(2026, 12, 4, 12))
    assert silent(replace(snap, raised=(*snap.raised, *found)), utc(2026, 12, 9, 12)) == []
    assert (await studio.say("ava", "approve M-1")).ok
    assert keys(await snapshot(studio), utc(2026, 12, 9, 12)) == []


async def test_the_threshold_is_a_setting_like_the_others(studio: Studio) -> None:
    await in_review(studio)
    snap = await snapshot(studio)
    assert keys(snap, utc(2026, 12, 4, 12), silence_days=5) == []
    assert keys(snap, utc(2026, 12, 4, 12), silence_days=3) == ["silence:M-1@v1"]
    assert keys(snap, utc(2026, 12, 4, 12), silence_days=5, enabled=False) == []


async def test_the_brief_and_a_change_request_waiting_raise_one_each() -> None:
    studio = await sent_brief()
    await sent_change(studio, "Extra icons", "800 EUR")
    assert keys(await snapshot(studio), utc(2026, 12, 3, 12)) == [
        "silence:brief@v1", "silence:CR-1"
    ]  # fmt: skip
    [brief, change] = silent(await snapshot(studio), utc(2026, 12, 3, 12))
    assert brief.title == "The client is silent while brief v1 waits on them"
    assert change.title == "The client is silent while CR-1 “Extra icons” waits on them"


async def test_the_evidence_is_in_the_project_s_language() -> None:
    studio = await make_studio(locale="zh-CN")
    await in_review(studio)
    [risk] = silent(await snapshot(studio), utc(2026, 12, 4, 12))
    assert risk.evidence == (
        "M-1 v1“Concepts”正待客户处理，但客户已 4 个工作日没有任何回应（自 11月27日（周五）起）。"
    )
