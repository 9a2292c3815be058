"""A nudge pass raises what the project's data calls for into the risk register, once per key,
audited with its evidence, and tells the PMs privately, once: in their direct messages or the
studio's escalation channel, in the project's language; never the client, and not at all once
the risk was closed before the notice could go out."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.model import Platform
from bot.nudges.due import calendar_for
from bot.nudges.model import ProjectNudges
from bot.nudges.plan import plan
from bot.nudges.raised import raise_risks
from bot.nudges.risk_signals import risks_due
from bot.nudges.snapshot import direct
from tests.core.conftest import Studio, make_studio, person
from tests.core.test_nudges_compose import snapshot
from tests.core.test_nudges_escalation_once import STUDIO_ROOM
from tests.core.test_nudges_scope import BASE, CONFIG, passes, utc
from tests.fakes import CountingUnitsOfWork

LATE = "New risk in acme, RK-1: M-1 “Concepts” is running late"


async def late_milestone(studio: Studio) -> None:
    """Due Monday 30 November 2026, and never delivered."""
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-11-30')).ok


async def test_a_late_milestone_is_raised_once_audited_and_told_to_the_pm_once(
    studio: Studio,
) -> None:
    await late_milestone(studio)
    sent = await passes(studio, utc(2026, 12, 18, 12))
    [risk] = studio.tables.risks
    assert (risk.ref, risk.key, risk.raised_by, risk.raised_at) == (
        "RK-1", "overdue:M-1", None, utc(2026, 12, 4, 1)
    )  # fmt: skip
    # Four working days late on Friday: raised by the first pass that day (every 3 hours, at
    # 01:00), told when quiet hours end at 08:00.
    [told] = [s for s in sent if s.text.startswith("New risk")]
    assert (told.to, told.due) == ("@paula", utc(2026, 12, 4, 8))
    assert told.text == (
        f"{LATE}. Likelihood high, impact medium (6). M-1 “Concepts” was due on Mon 30 Nov and "
        "is 4 working days late (planned). See “risk RK-1”."
    )
    [audited] = [e for e in studio.tables.audit if e.action == "risk.raised"]
    assert (audited.subject, audited.actor, audited.at) == ("RK-1", None, utc(2026, 12, 4, 1))
    assert audited.detail["key"] == "overdue:M-1"
    assert audited.detail["evidence"] == risk.evidence
    assert "RK-1 M-1 “Concepts” is running late" in await studio.text("paula", "risks")
    assert "Raised by Signoff at " in await studio.text("dan", "risk RK-1")
    assert await studio.text("cleo", "risk RK-1") == "There is no risk RK-1 in this project."


async def test_a_risk_closed_stays_closed_and_one_closed_before_the_notice_is_not_told(
    studio: Studio,
) -> None:
    await late_milestone(studio)
    sent = await passes(studio, utc(2026, 12, 4, 3))  # raised at midnight, not told yet
    assert [s for s in sent if s.text.startswith("New risk")] == []
    assert (await studio.say("paula", "risk close RK-1 the client moved the date")).ok
    sent = await passes(studio, utc(2026, 12, 18, 12))
    assert [s for s in sent if s.text.startswith("New risk")] == []
    assert [r.key for r in studio.tables.risks] == ["overdue:M-1"]  # not raised again


async def test_the_notice_goes_to_the_studio_channel_naming_the_pms(studio: Studio) -> None:
    await late_milestone(studio)
    [project] = studio.tables.projects.values()
    studio.tables.nudge_settings[project.id] = ProjectNudges(
        project_id=project.id, escalate_to=STUDIO_ROOM
    )
    sent = await passes(studio, utc(2026, 12, 7, 12))
    [told] = [s for s in sent if s.text.startswith("New risk")]
    assert told.to == STUDIO_ROOM.channel and told.text.endswith("See “risk RK-1”. For @Paula.")
    assert not any(s.text.startswith("New risk") for s in sent if s.to != STUDIO_ROOM.channel)


async def test_a_notice_told_to_the_pm_is_not_told_again_in_the_studio_channel(
    studio: Studio,
) -> None:
    await late_milestone(studio)
    sent = await passes(studio, utc(2026, 12, 4, 10))  # told to Paula at 08:00
    assert [s.to for s in sent if s.text.startswith("New risk")] == ["@paula"]
    [project] = studio.tables.projects.values()
    studio.tables.nudge_settings[project.id] = ProjectNudges(
        project_id=project.id, escalate_to=STUDIO_ROOM
    )
    sent = await passes(studio, utc(2026, 12, 7, 12))
    assert [s for s in sent if s.text.startswith("New risk")] == []


async def test_with_the_notice_off_the_risk_is_still_raised(studio: Studio) -> None:
    await late_milestone(studio)
    assert (await studio.say("paula", "nudges off risk_raised")).ok
    sent = await passes(studio, utc(2026, 12, 7, 12))
    assert [r.key for r in studio.tables.risks] == ["overdue:M-1"]
    assert [s for s in sent if s.text.startswith("New risk")] == []


async def test_each_pm_hears_it_on_their_own_clock_in_the_project_s_language() -> None:
    studio = await make_studio(locale="zh-CN")
    await late_milestone(studio)
    [paula] = [p for p in studio.tables.people.values() if p.identity == person("paula")]
    studio.tables.people[paula.identity] = replace(paula, timezone="Asia/Shanghai")
    sent = await passes(studio, utc(2026, 12, 7, 12), every=timedelta(hours=1))
    [told] = [s for s in sent if s.text.startswith("新风险")]
    # Raised at midnight UTC, 08:00 in Shanghai: quiet hours have just ended there.
    assert (told.to, told.due) == (direct(person("paula")).channel, utc(2026, 12, 4, 0))
    assert told.text == (
        "新风险（acme）RK-1：M-1“Concepts”已逾期。可能性高，影响中（6）。"
        "M-1“Concepts”原定 11月30日（周一）截止，已逾期 4 个工作日（计划中）。"
        "详情请输入“风险 RK-1”。"
    )


async def test_a_risk_another_instance_raised_meanwhile_is_left_to_it(studio: Studio) -> None:
    await late_milestone(studio)
    now = utc(2026, 12, 7, 12)
    snap = await snapshot(studio)
    cal = calendar_for(snap.project, snap.settings, BASE)
    due = risks_due(snap, CONFIG, cal, now)
    [raised] = await raise_risks(studio.database, snap, due, now)
    # Another instance read the project before that commit: its raise is refused, rolled back.
    assert await raise_risks(studio.database, snap, due, now) == ()
    assert [(r.number, r.key) for r in studio.tables.risks] == [(1, "overdue:M-1")]
    [audited] = [e for e in studio.tables.audit if e.action == "risk.raised"]
    assert (audited.subject, audited.platform) == (raised.ref, Platform.SLACK)  # its channel's
    assert audited.detail == {
        "key": "overdue:M-1",
        "title": "M-1 “Concepts” is running late",
        "evidence": raised.evidence,
        "likelihood": "high",
        "impact": "medium",
        "score": 6,
    }


async def test_a_project_bound_nowhere_audits_its_risks_from_the_console(studio: Studio) -> None:
    await late_milestone(studio)
    assert (await studio.say("paula", "project unbind")).ok
    await passes(studio, utc(2026, 12, 7, 12))
    [audited] = [e for e in studio.tables.audit if e.action == "risk.raised"]
    assert audited.platform is Platform.CONSOLE


async def test_a_pass_tells_what_it_raised_and_costs_no_more_when_nothing_is_raised(
    studio: Studio,
) -> None:
    await late_milestone(studio)
    quiet = CountingUnitsOfWork(studio.database)
    await plan(quiet, CONFIG, BASE, utc(2026, 12, 3, 12))  # three working days: not yet
    assert quiet.opened == 2  # the projects, then one project read and planned at once
    raising = CountingUnitsOfWork(studio.database)
    await plan(raising, CONFIG, BASE, utc(2026, 12, 4, 12))
    assert raising.opened == 4  # … read; the risk raised on its own; then planned
    [notice] = [
        i for i in studio.tables.outbox.values() if i.occurrence.kind.value == "risk_raised"
    ]
    assert notice.occurrence.due_at == utc(2026, 12, 4, 12)  # in the outbox from this pass
