"""Risks Signoff raises by itself, lived through with the scheduler on real storage: each is
raised once and its PM told once, across passes and a restart, by two instances at once on
PostgreSQL, and after an instance died between raising a risk and planning its notice; a
cancelled milestone raises nothing and the client's channel hears none of it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from scheduler_helpers import FakeSlack, make_engine, make_studio, slack_user, travel
from test_scheduler_time_travel import at, local

from bot.messages import Message
from bot.model import Conversation, Platform
from bot.nudges.due import calendar_for
from bot.nudges.raised import raise_risks
from bot.nudges.risk_signals import risks_due
from bot.nudges.snapshot import load_snapshot
from bot.policy import Policy, base_calendar
from storage.database import make_engine as make_db_engine
from storage.uow import sql_uow_factory
from tests.fakes import FakeClock

BERLIN = "Europe/Berlin"
TOLD = "New risk in acme, "
NO_PACING = {Platform.SLACK: 0.0}


async def troubled(uow_factory, clock: FakeClock):
    """Monday 30 November 2026, 09:00 in Berlin: M-1 due on Tuesday, M-2 due then too but set
    aside, and two urgent issues (a critical one to acknowledge by 13:00, a high one by 17:00)."""
    studio = await make_studio(uow_factory, clock, timezone=BERLIN)
    for who, line in [
        ("paula", 'milestone add "Concepts" due 2026-12-01'),
        ("paula", 'milestone add "Logo" due 2026-12-01'),
        ("paula", "milestone cancel M-2 folded into M-1"),
        ("cleo", "issue checkout broken critical"),
        ("cleo", "issue fonts missing high"),
    ]:
        await studio.say(who, line)
    return studio


async def register(uow_factory, studio) -> list[tuple[str, str]]:
    async with uow_factory() as uow:
        project_id = await studio.project_id()
        risks = await uow.risks.list(project_id)
        audited = [e for e in await uow.audit.list(project_id) if e.action == "risk.raised"]
    assert [e.subject for e in audited] == [r.ref for r in risks]  # each audited once
    assert all(e.detail["evidence"] == r.evidence for e, r in zip(audited, risks, strict=True))
    return [(r.ref, r.key) for r in risks]


RAISED = [("RK-1", "issues:IS-1,IS-2"), ("RK-2", "overdue:M-1")]


async def test_each_risk_is_raised_once_and_its_pm_told_once_across_a_restart(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    studio = await troubled(uow_factory, clock)
    slack = FakeSlack(clock=clock)
    first = make_engine(uow_factory, clock, slack)
    await travel(first, clock, at(BERLIN, 2026, 12, 1, 12))
    assert await register(uow_factory, studio) == RAISED[:1]

    restarted = make_engine(uow_factory, clock, slack)  # a new instance, the same database
    await travel(restarted, clock, at(BERLIN, 2026, 12, 9, 12), step=timedelta(hours=1))
    assert await register(uow_factory, studio) == RAISED

    told = [t for t in slack.texts("paula") if t.startswith(TOLD)]
    assert [t[: len(TOLD) + 5] for t in told] == [TOLD + "RK-1:", TOLD + "RK-2:"]
    # The issues when the second was late (17:00); M-1 four working days late on Monday the
    # 7th, raised after midnight and told when quiet hours end.
    assert local(slack.when(TOLD), BERLIN) == ["Mon 30 17:00", "Mon 07 08:00"]
    assert told[1] == (
        "New risk in acme, RK-2: M-1 “Concepts” is running late. Likelihood high, impact "
        "medium (6). M-1 “Concepts” was due on Tue 1 Dec and is 4 working days late (planned). "
        "See “risk RK-2”."
    )
    assert not any("RK-" in t for t in slack.texts("C-acme"))  # the client's channel: nothing


@dataclass
class Collecting:
    """Records every post; no platform limits."""

    posts: list[tuple[str, str]] = field(default_factory=list)

    async def send(self, conversation: Conversation, message: Message) -> str:
        await asyncio.sleep(0)
        self.posts.append((conversation.channel, message.text))
        return f"m{len(self.posts)}"

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        raise NotImplementedError

    def told(self) -> list[tuple[str, str]]:
        return [(to, text[: len(TOLD) + 5]) for to, text in self.posts if text.startswith(TOLD)]


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", id="postgresql")], indirect=True
)
async def test_instances_passing_at_once_raise_each_risk_once_and_tell_the_pm_once(
    database_url, uow_factory
):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    studio = await troubled(uow_factory, clock)
    messenger = Collecting()
    databases = [make_db_engine(database_url) for _ in range(3)]
    try:
        engines = [
            make_engine(sql_uow_factory(db), clock, messenger, intervals=NO_PACING)
            for db in databases
        ]
        for moment in (at(BERLIN, 2026, 11, 30, 17, 5), at(BERLIN, 2026, 12, 7, 8, 5)):
            clock.current = moment
            for _ in range(3):  # every instance passing at the same instant, three times
                await asyncio.gather(*(engine.run_pass() for engine in engines))
    finally:
        for db in databases:
            await db.dispose()

    assert await register(uow_factory, studio) == RAISED  # no twin, no gap in the numbers
    paula = slack_user("paula")
    assert messenger.told() == [(paula, TOLD + "RK-1:"), (paula, TOLD + "RK-2:")]


async def test_a_risk_raised_by_an_instance_that_died_before_planning_is_still_told(
    uow_factory,
):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    studio = await troubled(uow_factory, clock)
    clock.current = at(BERLIN, 2026, 11, 30, 17, 5)
    policy = Policy()
    # The instance raised the issues' risk and died before planning its notice.
    async with uow_factory() as uow:
        snap = await load_snapshot(uow, await studio.project_id())
    cal = calendar_for(snap.project, snap.settings, base_calendar(policy))
    due = risks_due(snap, policy.nudges, cal, clock.now())
    assert [r.key for r in await raise_risks(uow_factory, snap, due, clock.now())] == [
        "issues:IS-1,IS-2"
    ]

    slack = FakeSlack(clock=clock)
    survivor = make_engine(uow_factory, clock, slack)
    await travel(survivor, clock, at(BERLIN, 2026, 11, 30, 19))
    assert [t[: len(TOLD) + 5] for t in slack.texts("paula") if t.startswith(TOLD)] == [
        TOLD + "RK-1:"
    ]
    assert await register(uow_factory, studio) == RAISED[:1]
