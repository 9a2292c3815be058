"""A pause holds at both ends of the outbox: a nudge already queued when the PM types "nudges
pause" is not sent, and one that fell due while paused is not sent after the pause ends, even
when no instance ran during the pause and the nudge is still within its grace window."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, travel
from test_scheduler_time_travel import DIGEST, at, local

from bot.nudges.model import NudgeConfig, NudgeKind, NudgeRule, OutboxStatus
from bot.policy import Policy
from tests.fakes import FakeClock

BERLIN = "Europe/Berlin"


async def outbox(uow_factory, studio) -> list[tuple[str, OutboxStatus]]:
    async with uow_factory() as uow:
        items = await uow.nudges.items(await studio.project_id())
    return [(local([i.occurrence.due_at], BERLIN)[0], i.status) for i in items]


async def test_a_pause_typed_after_a_nudge_was_queued_stops_it(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9, 20))  # Monday; the digest is due at 09:30
    studio = await make_studio(uow_factory, clock)
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)
    assert await engine.plan_turn()  # as the running scheduler does: the digest is queued
    assert await outbox(uow_factory, studio) == [("Mon 30 09:30", OutboxStatus.PENDING)]

    await studio.say("paula", "nudges pause")
    await travel(engine, clock, at(BERLIN, 2026, 11, 30, 12))

    assert slack.texts() == []
    assert await outbox(uow_factory, studio) == [("Mon 30 09:30", OutboxStatus.SKIPPED)]


async def test_what_fell_due_while_paused_is_not_sent_after_a_resume(uow_factory):
    """No instance ran over the weekend and Monday; the PM resumed on Tuesday at 07:00, and an
    instance starts at 07:05. Monday's digest is within a 24-hour grace, but it fell due while
    the project was paused: nothing of it goes out, then or after the quiet hours."""
    rules = NudgeConfig().rules | {NudgeKind.DIGEST: NudgeRule(grace=timedelta(hours=24))}
    policy = Policy(nudges=replace(NudgeConfig(), rules=rules))
    clock = FakeClock(at(BERLIN, 2026, 11, 27, 12))  # Friday
    studio = await make_studio(uow_factory, clock, policy=policy)
    slack = FakeSlack(clock=clock)
    await studio.say("paula", "nudges pause")
    clock.current = at(BERLIN, 2026, 12, 1, 7)
    await studio.say("paula", "nudges resume")

    clock.current = at(BERLIN, 2026, 12, 1, 7, 5)
    engine = make_engine(uow_factory, clock, slack, policy=policy)
    await travel(engine, clock, at(BERLIN, 2026, 12, 1, 12))

    assert slack.when(DIGEST) == []
    assert [due for due, status in await outbox(uow_factory, studio)
            if status is not OutboxStatus.SKIPPED] == []  # fmt: skip
    await travel(engine, clock, at(BERLIN, 2026, 12, 8, 12), step=timedelta(hours=1))
    assert local(slack.when(DIGEST), BERLIN, "%a %d") == ["Mon 07"]  # the next one, as usual
