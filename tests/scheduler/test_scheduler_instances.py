"""Several scheduler instances on one database: each occurrence delivered exactly once, and a
crash mid-batch loses nothing and doubles at most the send that was in flight."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from scheduler_helpers import (
    CountingMessenger,
    Killed,
    make_engine,
    make_studio,
    slack_channel,
)

from bot.model import Platform
from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus
from storage.database import make_engine as make_db_engine
from storage.uow import sql_uow_factory
from tests.fakes import FakeClock

NOW = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
NO_PACING = {Platform.SLACK: 0.0}


async def backlog(uow_factory, clock, *, channels: int, per_channel: int) -> list[str]:
    """A project bound to `channels` channels with `per_channel` occurrences due in each."""
    studio = await make_studio(uow_factory, clock)
    project_id = await studio.project_id()
    targets = [slack_channel(f"C{n:03}") for n in range(channels)]
    occurrences = [
        Occurrence(kind=NudgeKind.DIGEST, project_id=project_id, target=target, due_at=NOW,
                   subject={"week": f"w{n:03}"})
        for target in targets
        for n in range(per_channel)
    ]  # fmt: skip
    async with uow_factory() as uow:
        for target in targets:
            await uow.projects.bind(project_id, target)
        await uow.nudges.add(occurrences, status=OutboxStatus.PENDING, at=NOW, not_before=NOW)
        await uow.commit()
    return [o.key for o in occurrences]


async def sent_items(uow_factory, project_id: int = 1):
    async with uow_factory() as uow:
        return [i for i in await uow.nudges.items(project_id) if i.status is OutboxStatus.SENT]


@pytest.mark.parametrize(
    ("database_url", "instances"),
    [pytest.param("postgresql", n, id=f"postgresql-{n}-instances") for n in (2, 3)],
    indirect=["database_url"],
)
async def test_instances_deliver_a_thousand_occurrences_exactly_once(
    database_url, uow_factory, instances
):
    clock = FakeClock(NOW)
    keys = await backlog(uow_factory, clock, channels=50, per_channel=20)
    messenger = CountingMessenger()
    databases = [make_db_engine(database_url) for _ in range(instances)]
    try:
        engines = [
            make_engine(sql_uow_factory(db), clock, messenger, batch=25, intervals=NO_PACING)
            for db in databases
        ]
        claimed = await asyncio.gather(*(engine.deliver_due() for engine in engines))
    finally:
        for db in databases:
            await db.dispose()

    assert len(keys) == 1000
    assert len(messenger.posts) == 1000  # exactly once: no post lost, none doubled
    assert sum(claimed) == 1000 and all(claimed)  # every instance took part
    sent = await sent_items(uow_factory)
    assert sorted(i.message_id for i in sent) == sorted(m for _, m in messenger.posts)


async def test_a_crash_mid_batch_loses_nothing_and_doubles_only_the_send_in_flight(uow_factory):
    clock = FakeClock(NOW)
    keys = await backlog(uow_factory, clock, channels=1, per_channel=30)
    dying = CountingMessenger(crash_after=4)
    crashed = make_engine(uow_factory, clock, dying, batch=10, intervals=NO_PACING)
    with pytest.raises((Killed, BaseExceptionGroup)):
        await crashed.deliver_due()  # claimed 10, posted 4, recorded 3, then died

    survivor_posts = CountingMessenger()
    survivor = make_engine(uow_factory, clock, survivor_posts, batch=10, intervals=NO_PACING)
    await survivor.deliver_due()
    assert len(survivor_posts.posts) == 20  # the dead instance's claim is left alone …

    clock.advance(minutes=6)  # … until its five-minute lease has expired
    await survivor.deliver_due()

    assert len(dying.posts) + len(survivor_posts.posts) == len(keys) + 1  # one in flight
    sent = await sent_items(uow_factory)
    assert len(sent) == len(keys)
    async with uow_factory() as uow:
        log = await uow.nudges.log("digest:")
    reclaimed = [r for r in log if r.outcome == "reclaimed"]
    assert len(reclaimed) == 7  # the 6 unsent and the 1 in flight, each flagged in the log
    assert all("lease of" in r.detail for r in reclaimed)
