"""The risks Signoff raises by itself, read from a project's snapshot: a milestone late by more
than N working days (weekends, holidays and days off not counted), its revision rounds used up,
urgent issues past their response deadline at once, a review waiting on the client past every
reminder; each under its key, never twice, never for a milestone approved or cancelled, with
its evidence in the project's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.model import ProjectStatus, Severity
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.due import calendar_for
from bot.nudges.model import NudgeConfig
from bot.nudges.risk_signals import risks_due
from bot.nudges.snapshot import ProjectSnapshot
from bot.risks import Level, Risk, RiskState, RiskThresholds
from tests.core.conftest import Studio, make_studio
from tests.core.test_nudges_compose import snapshot
from tests.core.test_nudges_scope import sent_brief, sent_change

BASE = NudgeCalendar(timezone="UTC")


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def due(snap: ProjectSnapshot, now: datetime, **limits: object) -> list[Risk]:
    config = NudgeConfig(risks=RiskThresholds(**limits))  # type: ignore[arg-type]
    return risks_due(snap, config, calendar_for(snap.project, snap.settings, BASE), now)


def keys(snap: ProjectSnapshot, now: datetime, **limits: object) -> list[str]:
    return [r.key for r in due(snap, now, **limits)]


# The client's silence (tests/core/test_risk_silence.py) left out of the tests of other signals.
QUIET = {"silence_days": 60}


def raised_already(snap: ProjectSnapshot, *found: Risk) -> ProjectSnapshot:
    return replace(snap, raised=(*snap.raised, *found))


@pytest.mark.parametrize(
    ("due_on", "now", "late"),
    [
        # Due Monday 30 Nov: Tue, Wed, Thu make 3 working days late, Friday the 4th.
        pytest.param("2026-11-30", utc(2026, 12, 3, 23, 59), False, id="three-days"),
        pytest.param("2026-11-30", utc(2026, 12, 4, 0, 0), True, id="four-days"),
        # Due Thursday 3 Dec: Fri, Mon, Tue are 3; the weekend counts for nothing.
        pytest.param("2026-12-03", utc(2026, 12, 8, 18, 0), False, id="over-a-weekend"),
        pytest.param("2026-12-03", utc(2026, 12, 9, 9, 0), True, id="wednesday-after"),
    ],
)  # fmt: skip
async def test_a_milestone_late_by_more_than_three_working_days_is_a_risk(
    studio: Studio, due_on: str, now: datetime, late: bool
) -> None:
    await studio.say("paula", f'milestone add "Concepts" due {due_on}')
    assert keys(await snapshot(studio), now) == (["overdue:M-1"] if late else [])


async def test_the_project_s_own_days_off_do_not_count_as_late(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-11-30')
    await studio.say("paula", "nudges holiday 2026-12-02")
    # Tue 1, Thu 3, Fri 4: three working days late on Friday, the Wednesday off.
    assert keys(await snapshot(studio), utc(2026, 12, 4, 12)) == []
    assert keys(await snapshot(studio), utc(2026, 12, 7, 12)) == ["overdue:M-1"]


async def test_the_threshold_is_the_studio_s_and_the_risk_says_what_is_late(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-11-30')
    snap = await snapshot(studio)
    assert keys(snap, utc(2026, 12, 1, 12)) == []
    [risk] = due(snap, utc(2026, 12, 1, 12), overdue_days=0)
    assert (risk.key, risk.title, risk.likelihood, risk.impact) == (
        "overdue:M-1", "M-1 “Concepts” is running late", Level.HIGH, Level.MEDIUM
    )  # fmt: skip
    assert risk.evidence == (
        "M-1 “Concepts” was due on Mon 30 Nov and is 1 working day late (planned)."
    )
    assert (risk.raised_by, risk.raised_at, risk.shared) == (None, utc(2026, 12, 1, 12), False)
    assert due(snap, utc(2026, 12, 1, 12), overdue_days=0, enabled=False) == []
    closed = replace(snap, project=replace(snap.project, status=ProjectStatus.CLOSED))
    assert due(closed, utc(2026, 12, 1, 12), overdue_days=0) == []


async def test_a_risk_raised_once_is_not_raised_again_even_once_closed(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-11-30')
    snap = await snapshot(studio)
    [risk] = due(snap, utc(2026, 12, 7, 12))
    assert due(raised_already(snap, risk), utc(2026, 12, 7, 12)) == []
    closed = replace(risk, state=RiskState.CLOSED)
    assert due(raised_already(snap, closed), utc(2026, 12, 14, 12)) == []


async def test_each_kind_of_risk_is_raised_once(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-11-30')
    await spend_rounds(studio, 2)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "approve M-1")  # with Ava since Friday 27 Nov
    for title in ["checkout broken critical", "fonts missing high"]:
        await studio.say("cleo", f"issue {title}")
    snap = await snapshot(studio)
    found = due(snap, utc(2026, 12, 9, 12))
    assert [r.key for r in found] == [
        "overdue:M-1", "rounds:M-1", "issues:IS-1,IS-2", "review:M-1@v3", "silence:M-1@v3"
    ]  # fmt: skip
    assert due(raised_already(snap, *found), utc(2026, 12, 9, 12)) == []


async def test_nothing_is_raised_for_a_milestone_approved_or_cancelled(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-11-30')
    await studio.say("paula", 'milestone add "Logo" due 2026-11-30')
    for who, line in [("dan", "submit M-1"), ("paula", "approve M-1"), ("ava", "approve M-1"),
                      ("paula", "milestone cancel M-2 not needed")]:  # fmt: skip
        assert (await studio.say(who, line)).ok, line
    assert keys(await snapshot(studio), utc(2026, 12, 14, 12), rounds_left=20) == []


async def spend_rounds(studio: Studio, rounds: int) -> None:
    for n in range(rounds):
        for who, line in [("dan", "submit M-1"), ("paula", "approve M-1"),
                          ("ava", f"changes M-1 round {n + 1}")]:  # fmt: skip
            assert (await studio.say(who, line)).ok, line


async def test_a_milestone_whose_revision_rounds_are_used_up_is_a_risk(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    now = studio.clock.now()
    assert keys(await snapshot(studio), now, rounds_left=2) == []  # none spent yet
    await spend_rounds(studio, 1)
    assert keys(await snapshot(studio), now) == []  # one of two left
    [one_left] = due(await snapshot(studio), now, rounds_left=1)
    assert one_left.evidence == (
        "Revision rounds on M-1 “Concepts”: 1 asked for by the client, 2 included in the contract."
    )
    await spend_rounds(studio, 1)
    [risk] = due(await snapshot(studio), now)
    assert (risk.key, risk.title, risk.score) == (
        "rounds:M-1", "M-1 “Concepts” has used up its revision rounds", 4
    )  # fmt: skip
    assert risk.evidence == (
        "Revision rounds on M-1 “Concepts”: 2 asked for by the client, 2 included in the "
        "contract. A further request for changes opens a change request."
    )
    # The PM's own requests for changes are internal rounds: no contract round is spent.
    internal = await make_studio()
    await internal.say("paula", 'milestone add "Concepts" due 2026-12-20')
    for line in ["submit M-1", "changes M-1 tighter"] * 3:
        assert (await internal.say("paula" if "changes" in line else "dan", line)).ok
    assert keys(await snapshot(internal), now) == []


async def test_urgent_issues_past_their_deadline_at_once_are_one_risk(studio: Studio) -> None:
    for title in ["checkout broken critical", "fonts missing high", "typo on the footer medium"]:
        assert (await studio.say("cleo", f"issue {title}")).ok
    # Raised Friday 27 Nov at 10:00: critical answered within 4 working hours (14:00), high
    # within 8 (18:00), medium within 24 (Wednesday).
    snap = await snapshot(studio)
    assert keys(snap, utc(2026, 11, 27, 17)) == []  # only the critical one is late
    [risk] = due(snap, utc(2026, 11, 27, 18))
    assert (risk.key, risk.title, risk.score) == (
        "issues:IS-1,IS-2", "Urgent issues past their response deadline: IS-1, IS-2", 9
    )  # fmt: skip
    assert risk.evidence == (
        "Not acknowledged by their response deadline: IS-1 “checkout broken” (critical, due "
        "Fri 27 Nov, 2:00\u202fPM); IS-2 “fonts missing” (high, due Fri 27 Nov, 6:00\u202fPM)."
    )
    three = keys(snap, utc(2026, 12, 7, 12), severity=Severity.MEDIUM, issues=3)
    assert three == ["issues:IS-1,IS-2,IS-3"]
    assert keys(snap, utc(2026, 11, 27, 17), issues=1) == ["issues:IS-1"]
    await studio.say("paula", "issue ack IS-2")  # answered, if late: no longer waiting
    assert keys(await snapshot(studio), utc(2026, 12, 7, 12)) == []


async def test_more_issues_joining_raise_nothing_new_a_new_pair_does(studio: Studio) -> None:
    # Due at 18:00, 15:00 and 16:00 on Friday 27 Nov.
    for title in ["fonts missing high", "checkout broken critical", "cart empty critical"]:
        assert (await studio.say("cleo", f"issue {title}")).ok
        studio.clock.advance(hours=1)
    snap = await snapshot(studio)
    [first] = due(snap, utc(2026, 11, 30, 12))
    assert first.key == "issues:IS-2,IS-3"  # the first two past their deadline name it
    assert due(raised_already(snap, first), utc(2026, 11, 30, 12)) == []
    await studio.say("paula", "issue resolve IS-2")
    assert keys(raised_already(await snapshot(studio), first), utc(2026, 11, 30, 12)) == [
        "issues:IS-1,IS-3"
    ]


async def test_a_review_waiting_on_the_client_past_every_reminder_is_a_risk(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("dan", "submit M-1 routes")
    await studio.say("paula", "approve M-1")  # Friday 27 Nov: Ava's review begins
    snap = await snapshot(studio)
    # Reminded on Tue 1, Thu 3 and Mon 7 Dec; the escalation falls on Wed 9 Dec at 09:30.
    assert keys(snap, utc(2026, 12, 9, 9, 29), **QUIET) == []
    [risk] = due(snap, utc(2026, 12, 9, 9, 30), **QUIET)
    assert (risk.key, risk.title, risk.likelihood, risk.impact) == (
        "review:M-1@v1", "M-1 v1 “Concepts” waits on the client past every reminder",
        Level.HIGH, Level.MEDIUM,
    )  # fmt: skip
    assert risk.evidence == (
        "M-1 v1 “Concepts” has waited for the client's sign-off since Fri 27 Nov (2 weeks), "
        "past every reminder; still owed by Ava."
    )
    await studio.say("ava", "approve M-1")
    assert keys(await snapshot(studio), utc(2026, 12, 9, 9, 30), **QUIET) == []


async def test_the_brief_and_a_change_request_waiting_past_every_reminder_are_risks() -> None:
    studio = await sent_brief()
    await sent_change(studio, "Extra icons", "800 EUR")
    assert keys(await snapshot(studio), utc(2026, 12, 9, 9, 30), **QUIET) == [
        "review:brief@v1", "review:CR-1"
    ]  # fmt: skip
    [brief, change] = due(await snapshot(studio), utc(2026, 12, 9, 9, 30), **QUIET)
    assert brief.title == "Brief v1 waits on the client past every reminder"
    assert change.evidence.startswith("CR-1 “Extra icons” has waited for the client's decision")


async def test_the_evidence_is_in_the_project_s_language() -> None:
    studio = await make_studio(locale="zh-CN")
    await studio.say("paula", "里程碑 添加 概念稿 截止 2026-11-30")
    await studio.say("cleo", "问题 结账页打不开 紧急")
    await studio.say("cleo", "问题 字体缺失 高")
    [late, issues] = due(await snapshot(studio), utc(2026, 12, 7, 12))
    assert late.title == "M-1“概念稿”已逾期"
    assert late.evidence == "M-1“概念稿”原定 11月30日（周一）截止，已逾期 5 个工作日（计划中）。"
    assert issues.evidence == (
        "以下问题超过响应时限仍未受理："
        "IS-1“结账页打不开”（紧急，应于 11月27日（周五）14:00 前受理）；"
        "IS-2“字体缺失”（高，应于 11月27日（周五）18:00 前受理）。"
    )
