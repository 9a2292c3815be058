"""Claims roll: an instance claims more as its earlier items go out, so one slow channel keeps
nobody else waiting, and a failed claim lets the sends in hand finish."""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from scheduler_helpers import make_engine, queue_digest, studio_with_channels

from bot.errors import StorageUnavailable
from bot.messages import Message
from bot.model import Conversation
from bot.nudges.model import OutboxStatus
from tests.fakes import FakeClock

MONDAY_0930_BERLIN = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)


@dataclass
class OneSlowChannel:
    """Posts at once everywhere but in `slow`, where the post waits until `release` is set."""

    slow: str
    release: asyncio.Event = field(default_factory=asyncio.Event)
    posts: list[str] = field(default_factory=list)

    async def send(self, conversation: Conversation, message: Message) -> str:
        if conversation.channel == self.slow:
            await self.release.wait()
        await asyncio.sleep(0)
        self.posts.append(conversation.channel)
        return f"m{len(self.posts)}"

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        raise NotImplementedError


async def poll(check, *, within: float = 15.0):
    """Await `check()` until it is truthy (returning it), or return the last answer when
    `within` seconds have passed."""
    deadline = time.monotonic() + within
    while True:
        answer = await check()
        if answer or time.monotonic() > deadline:
            return answer
        await asyncio.sleep(0.01)


async def test_one_slow_channel_does_not_hold_up_the_next_claims(uow_factory):
    clock = FakeClock(MONDAY_0930_BERLIN - timedelta(days=1))
    studio, channels = await studio_with_channels(
        uow_factory, clock, key="acme", tenant="T1", channels=13
    )
    clock.current = MONDAY_0930_BERLIN
    await queue_digest(uow_factory, studio, clock, channels)  # the slow channel comes first
    messenger = OneSlowChannel(slow=channels[0].channel)
    engine = make_engine(uow_factory, clock, messenger, batch=4, workspace_rates={})

    project_id = await studio.project_id()

    async def everyone_else_sent():
        async with uow_factory() as uow:
            items = await uow.nudges.items(project_id)
        unsent = [i for i in items if i.status is not OutboxStatus.SENT]
        return unsent if len(unsent) == 1 else None

    delivering = asyncio.create_task(engine.deliver_due())
    try:
        unsent = await poll(everyone_else_sent)
        meanwhile = len(messenger.posts)
    finally:
        messenger.release.set()
        claimed = await asyncio.wait_for(delivering, 30)

    assert unsent, f"only {meanwhile} of 12 sent while one channel was slow"
    [slow] = unsent  # and only the slow one is still under this instance's lease
    assert slow.occurrence.target == channels[0] and slow.lease_owner == engine.instance
    assert claimed == 13 and sorted(messenger.posts) == sorted(w.channel for w in channels)


async def test_when_a_claim_fails_the_sends_in_hand_still_finish_and_are_recorded(uow_factory):
    clock = FakeClock(MONDAY_0930_BERLIN - timedelta(days=1))
    studio, channels = await studio_with_channels(
        uow_factory, clock, key="acme", tenant="T1", channels=6
    )
    clock.current = MONDAY_0930_BERLIN
    await queue_digest(uow_factory, studio, clock, channels)
    claims: list[int] = []

    @asynccontextmanager
    async def database_failing_the_second_claim():
        async with uow_factory() as work:
            claim = work.nudges.claim

            async def failing(**asked):
                claims.append(asked["limit"])
                if len(claims) == 2:
                    raise StorageUnavailable("claiming nudges failed: OperationalError")
                return await claim(**asked)

            work.nudges.claim = failing
            yield work

    messenger = OneSlowChannel(slow="none")
    engine = make_engine(database_failing_the_second_claim, clock, messenger, batch=4,
                         workspace_rates={})  # fmt: skip

    with pytest.raises(StorageUnavailable):
        await engine.deliver_due()

    assert len(claims) == 2 and len(messenger.posts) == 4  # the first claim's four, all sent
    async with uow_factory() as uow:
        items = await uow.nudges.items(await studio.project_id())
    assert sorted(i.status.value for i in items) == ["pending"] * 2 + ["sent"] * 4
