"""The core's two halves of a scheduler pass, without the engine: what `plan` puts in the outbox
and counts (fresh, missed at the grace window's edge, a project that fails or closed meanwhile),
and what `prepare` sends or skips (unbound, turned off, moot, already escalated elsewhere)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.commands import BindConversation, CreateProject
from bot.model import Conversation, Platform, ProjectStatus
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import (
    NudgeConfig,
    NudgeKind,
    NudgeRule,
    Occurrence,
    OutboxStatus,
    ProjectNudges,
)
from bot.nudges.plan import Planned, plan, prepare
from bot.nudges.snapshot import direct
from tests import fakes
from tests.core.conftest import CHANNEL, Studio, person
from tests.core.test_nudges_escalation_once import STUDIO_ROOM

# Monday 30 November 2026: the default digest falls due at 09:30 UTC with 6 hours' grace.
DIGEST_DUE = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
BASE = NudgeCalendar(timezone="UTC")


async def add_project(studio: Studio, key: str) -> int:
    elsewhere = replace(studio, conversation=replace(CHANNEL, channel=f"C-{key}"))
    result = await elsewhere.run("paula", CreateProject(key=key, name=key.title(), client="Co."))
    assert result.ok, result.replies
    [project] = [p for p in studio.tables.projects.values() if p.key == key]
    return project.id


def outbox(studio: Studio) -> list[tuple[str, str, str]]:
    projects = {p.id: p.key for p in studio.tables.projects.values()}
    return sorted(
        (projects[i.occurrence.project_id], i.occurrence.kind.value, i.status.value)
        for i in studio.tables.outbox.values()
    )


async def test_plan_queues_fresh_nudges_records_stale_ones_as_missed_and_counts_both(
    studio: Studio, caplog: pytest.LogCaptureFixture
) -> None:
    await add_project(studio, "beta")
    await studio.say("paula", "nudges time digest monday 09:00")  # acme's: 30 minutes earlier
    broken = await add_project(studio, "gamma")
    # A project whose data cannot be planned (a zone no longer known) costs only its own nudges.
    studio.tables.projects[broken] = replace(
        studio.tables.projects[broken], timezone="Mars/Olympus"
    )
    await add_project(studio, "delta")
    studio.clock.current = DIGEST_DUE + timedelta(hours=6) - timedelta(minutes=1)

    with caplog.at_level(logging.INFO, logger="bot.nudges.plan"):
        planned = await plan(studio.database, NudgeConfig(), BASE, studio.clock.now())

    assert planned == Planned(enqueued=2, missed=1)
    assert outbox(studio) == [
        ("acme", "digest", "missed"),
        ("beta", "digest", "pending"),
        ("delta", "digest", "pending"),
    ]
    [record] = studio.tables.nudge_log
    assert (record.outcome, record.detail) == (
        "missed",
        "due 2026-11-30T09:00:00+00:00, no instance ran in time",
    )
    assert [r.getMessage() for r in caplog.records] == [
        f"planning nudges for project {broken} failed",
        "planned 2 nudges, 1 recorded as missed",
    ]


async def test_a_nudge_exactly_one_grace_window_late_is_missed(studio: Studio) -> None:
    studio.clock.current = DIGEST_DUE + timedelta(hours=6)
    planned = await plan(studio.database, NudgeConfig(), BASE, studio.clock.now())
    assert planned == Planned(enqueued=0, missed=1)
    assert outbox(studio) == [("acme", "digest", "missed")]


async def test_planning_logs_what_it_queued_even_with_nothing_missed(
    studio: Studio, caplog: pytest.LogCaptureFixture
) -> None:
    studio.clock.current = DIGEST_DUE
    with caplog.at_level(logging.INFO, logger="bot.nudges.plan"):
        assert await plan(studio.database, NudgeConfig(), BASE, studio.clock.now()) == Planned(
            enqueued=1, missed=0
        )
    assert [r.getMessage() for r in caplog.records] == ["planned 1 nudges, 0 recorded as missed"]


async def test_a_project_closed_after_the_planner_listed_it_gets_nothing(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def every_project(repository: fakes.Nudges) -> list[int]:
        return sorted(repository.t.projects)  # as listed a moment before the close

    monkeypatch.setattr(fakes.Nudges, "active_projects", every_project)
    [acme] = studio.tables.projects.values()
    studio.tables.projects[acme.id] = replace(acme, status=ProjectStatus.CLOSED)
    studio.clock.current = DIGEST_DUE + timedelta(hours=7)
    assert await plan(studio.database, NudgeConfig(), BASE, studio.clock.now()) == Planned()
    assert outbox(studio) == []


async def prepared(
    studio: Studio, occurrence: Occurrence, config: NudgeConfig | None = None
) -> tuple[OutboxStatus | None, str]:
    """Queue the occurrence, claim it and prepare it as the sender would."""
    now = studio.clock.now()
    async with studio.database() as work:
        await work.nudges.add([occurrence], status=OutboxStatus.PENDING, at=now, not_before=now)
        [item] = await work.nudges.claim(owner="me", now=now, lease=timedelta(minutes=5), limit=1)
        status, message = await prepare(work, item, config or NudgeConfig(), BASE, now)
        await work.nudges.finish(item.id, owner="me", status=status or OutboxStatus.SENT, at=now)
        await work.commit()
    return status, message.text if message else ""


def nudge(studio: Studio, kind: NudgeKind, *, to: Conversation = CHANNEL, days_ago: int = 0,
          **subject: object) -> Occurrence:  # fmt: skip
    [project] = [p for p in studio.tables.projects.values() if p.key == "acme"]
    due = studio.clock.now() - timedelta(days=days_ago)
    return Occurrence(kind=kind, project_id=project.id, target=to, due_at=due, subject=subject)


async def test_prepare_skips_a_nudge_to_a_conversation_the_project_no_longer_reaches(
    studio: Studio,
) -> None:
    await studio.say("cleo", "feedback the blue is too cold")
    studio.clock.advance(days=7)
    gone = replace(CHANNEL, channel="C-gone")
    assert await prepared(studio, nudge(studio, NudgeKind.FEEDBACK_WAITING, to=gone)) == (
        OutboxStatus.SKIPPED,
        "",
    )
    status, text = await prepared(studio, nudge(studio, NudgeKind.FEEDBACK_WAITING))
    assert status is None and text.startswith("1 feedback items have waited")


async def test_prepare_skips_a_nudge_turned_off_for_the_project_or_for_the_studio(
    studio: Studio,
) -> None:
    await studio.say("cleo", "feedback the blue is too cold")
    studio.clock.advance(days=7)
    await studio.say("paula", "nudges off feedback_waiting")
    assert (await prepared(studio, nudge(studio, NudgeKind.FEEDBACK_WAITING)))[0] is (
        OutboxStatus.SKIPPED
    )
    await studio.say("paula", "nudges on feedback_waiting")
    off = NudgeConfig(rules={NudgeKind.FEEDBACK_WAITING: NudgeRule(enabled=False, days=3)})
    item = nudge(studio, NudgeKind.FEEDBACK_WAITING, days_ago=1)
    assert (await prepared(studio, item, off))[0] is OutboxStatus.SKIPPED


async def test_prepare_drops_a_nudge_whose_awaited_action_happened(studio: Studio) -> None:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-01')
    [m] = studio.tables.milestones.values()
    await studio.say("paula", "milestone cancel M-1 not in scope")
    due = nudge(studio, NudgeKind.DUE_SOON, milestone=m.id, due="2026-12-01")
    assert await prepared(studio, due) == (OutboxStatus.OBSOLETE, "")


async def test_a_digest_counts_the_nudges_missed_since_the_previous_digest_slot(
    studio: Studio,
) -> None:
    studio.clock.current = DIGEST_DUE
    now = studio.clock.now()
    async with studio.database() as work:
        missed = [
            nudge(studio, NudgeKind.DIGEST, days_ago=8),  # before the previous slot
            nudge(studio, NudgeKind.DIGEST, days_ago=7),  # the previous slot itself
            nudge(studio, NudgeKind.FEEDBACK_WAITING, days_ago=3),
        ]
        await work.nudges.add(missed, status=OutboxStatus.MISSED, at=now, not_before=now)
        await work.commit()
    status, text = await prepared(studio, nudge(studio, NudgeKind.DIGEST))
    assert status is None
    assert text.splitlines()[-1] == "Nudges missed while the bot was down: 2"


async def test_a_second_channel_gets_its_own_digest(studio: Studio) -> None:
    teams = Conversation(platform=Platform.TEAMS, tenant="T1", channel="19:acme@thread.tacv2")
    [acme] = studio.tables.projects.values()
    assert (await studio.run("paula", BindConversation(key="acme", conversation=teams))).ok
    studio.clock.current = DIGEST_DUE
    assert (await prepared(studio, nudge(studio, NudgeKind.DIGEST)))[0] is None
    status, text = await prepared(studio, nudge(studio, NudgeKind.DIGEST, to=teams))
    assert status is None and text.startswith("Acme rebrand: weekly progress")
    assert acme.id in studio.tables.bindings.values()


async def review_in_client_stage(studio: Studio) -> dict[str, object]:
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')
    await studio.say("dan", "submit M-1 routes")
    await studio.say("paula", "approve M-1")
    [m] = studio.tables.milestones.values()
    escalations_to(studio, STUDIO_ROOM)
    return {"milestone": m.id, "version": 1}


def escalations_to(studio: Studio, room: Conversation | None) -> None:
    """What `nudges escalate acme` (a room) or `nudges escalate acme direct` (None) sets."""
    [project] = studio.tables.projects.values()
    studio.tables.nudge_settings[project.id] = ProjectNudges(project_id=project.id,
                                                            escalate_to=room)  # fmt: skip


async def test_a_review_reminder_past_its_last_round_is_an_escalation_sent_once(
    studio: Studio,
) -> None:
    subject = await review_in_client_stage(studio)
    studio.clock.advance(days=10)
    last = nudge(studio, NudgeKind.REVIEW_WAITING, to=STUDIO_ROOM, **subject, round=4)
    status, text = await prepared(studio, last)
    assert status is None and text.startswith("Escalation: M-1 v1")
    # Escalations move back to the PMs' direct messages: the one already sent is not repeated.
    escalations_to(studio, None)
    again = nudge(studio, NudgeKind.REVIEW_WAITING, to=direct(person("paula")), **subject, round=4)
    assert await prepared(studio, again) == (OutboxStatus.SKIPPED, "")


async def test_a_review_reminder_within_its_rounds_is_no_escalation(studio: Studio) -> None:
    subject = await review_in_client_stage(studio)
    studio.clock.advance(days=4)
    teams = Conversation(platform=Platform.TEAMS, tenant="T1", channel="19:acme@thread.tacv2")
    assert (await studio.run("paula", BindConversation(key="acme", conversation=teams))).ok
    # The last of the three reminders is still a reminder, sent in each channel.
    last = nudge(studio, NudgeKind.REVIEW_WAITING, **subject, round=3)
    assert (await prepared(studio, last))[0] is None
    in_teams = nudge(studio, NudgeKind.REVIEW_WAITING, to=teams, **subject, round=3)
    status, text = await prepared(studio, in_teams)
    assert status is None and text.startswith("Reminder: M-1 v1")


async def test_an_escalation_sent_beyond_the_memory_window_does_not_stop_a_new_one(
    studio: Studio,
) -> None:
    await studio.say("cleo", "issue Login page is blank critical")
    [issue] = studio.tables.issues.values()
    escalations_to(studio, STUDIO_ROOM)
    studio.clock.advance(days=31)
    old = nudge(studio, NudgeKind.ISSUE_OVERDUE, to=STUDIO_ROOM, days_ago=0, issue=issue.id)
    assert (await prepared(studio, old))[0] is None
    escalations_to(studio, None)
    studio.clock.advance(days=31)  # the issue is still open a month later: escalate again
    status, text = await prepared(
        studio, nudge(studio, NudgeKind.ISSUE_OVERDUE, to=direct(person("paula")), issue=issue.id)
    )
    assert status is None and text.startswith("Escalation in acme: IS-1")


async def test_prepare_skips_a_direct_message_to_someone_no_longer_a_member(
    studio: Studio,
) -> None:
    await studio.say("cleo", "issue Login page is blank critical")
    [issue] = studio.tables.issues.values()
    studio.clock.advance(hours=5)
    await studio.say("paula", "member add @pia pm")
    await studio.say("paula", "member remove @pia")
    to_pia = nudge(studio, NudgeKind.ISSUE_OVERDUE, to=direct(person("pia")), issue=issue.id)
    assert await prepared(studio, to_pia) == (OutboxStatus.SKIPPED, "")
    to_paula = nudge(studio, NudgeKind.ISSUE_OVERDUE, to=direct(person("paula")), issue=issue.id)
    assert (await prepared(studio, to_paula))[0] is None
