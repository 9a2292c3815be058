"""The reply outbox's deliverer on a real database: in order per conversation, removed once
delivered, retried when a platform says "later", kept as failed when it says "never", handed
back at shutdown, and taken over from an instance whose lease ran out."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.messages import Audience, Message, Reply
from bot.model import Platform
from bot.outbox import QueuedReply, ReplyRoute
from bot.ports import SendFailed
from scheduler.replies import ReplyDeliverer, ReplySettings
from tests.fakes import FakeClock

LEASE = timedelta(seconds=30)


class Courier:
    """Records what it delivers; `refuse` decides, per text, what it raises instead."""

    def __init__(self) -> None:
        self.delivered: list[str] = []
        self.refuse: Callable[[str], SendFailed | None] = lambda text: None
        self.hold: asyncio.Event | None = None  # deliveries wait on it while it is set up

    async def deliver(self, queued: QueuedReply) -> None:
        text = queued.reply.message.text
        if self.hold is not None:
            await self.hold.wait()
        if (refusal := self.refuse(text)) is not None:
            raise refusal
        self.delivered.append(text)


async def eventually(check: Callable[[], Any], within: float = 10.0) -> Any:
    deadline = time.monotonic() + within
    while not (found := check()):
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)
    return found


async def stopped(loop: asyncio.Task[None], deliverer: ReplyDeliverer) -> None:
    """Cancel a deliverer's loop, let its lanes finish (a removal may still be on its way to
    the database), and wait until it has let go of every connection."""
    loop.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await loop
    await deliverer.drain(grace=5.0)


def deliverer(uow_factory, clock: FakeClock, courier: Courier, name: str) -> ReplyDeliverer:
    settings = ReplySettings(lease=LEASE, poll=0.02, backoff=1.0)
    return ReplyDeliverer(uow=uow_factory, clock=clock, courier=courier, instance=name,
                          settings=settings)  # fmt: skip


async def keep(uow_factory, clock: FakeClock, holder: str, *texts: str, lane: str = "C1"):
    route = ReplyRoute(platform=Platform.SLACK, lane=lane, address={"channel": lane},
                       holder=holder, lease=LEASE)  # fmt: skip
    replies = [Reply(message=Message(text=t), audience=Audience.CHANNEL) for t in texts]
    async with uow_factory() as uow:
        queued = await uow.replies.add(route, replies, at=clock.now())
        await uow.commit()
    return queued


async def pending(uow_factory, clock: FakeClock) -> int:
    async with uow_factory() as uow:
        return (await uow.replies.backlog(clock.now())).pending


async def test_handed_replies_go_out_in_order_and_leave_the_outbox(uow_factory) -> None:
    clock, courier = FakeClock(), Courier()
    mine = deliverer(uow_factory, clock, courier, "a")
    mine.hand(await keep(uow_factory, clock, "a", "card", "announcement", "third"))
    mine.hand(await keep(uow_factory, clock, "a", "elsewhere", lane="C2"))
    await eventually(lambda: mine.holding == 0)
    assert [t for t in courier.delivered if t != "elsewhere"] == ["card", "announcement", "third"]
    assert "elsewhere" in courier.delivered
    assert await pending(uow_factory, clock) == 0


async def test_a_later_is_retried_and_a_never_is_kept_as_failed(uow_factory) -> None:
    clock, courier = FakeClock(), Courier()
    refusals = {"busy": SendFailed("ratelimited", retry_after=60),
                "gone": SendFailed("channel_not_found", permanent=True)}  # fmt: skip
    courier.refuse = lambda text: refusals.pop(text, None)
    mine = deliverer(uow_factory, clock, courier, "a")
    loop = asyncio.create_task(mine.run())
    try:
        mine.hand(await keep(uow_factory, clock, "a", "busy", "gone"))
        await eventually(lambda: mine.holding == 0)
        assert courier.delivered == []
        assert await pending(uow_factory, clock) == 1  # "gone" is given up on, "busy" waits
        clock.advance(seconds=61)  # past Retry-After
        await eventually(lambda: courier.delivered == ["busy"])
        await eventually(lambda: mine.holding == 0)
        assert await pending(uow_factory, clock) == 0
    finally:
        await stopped(loop, mine)


async def test_at_shutdown_what_is_not_delivered_in_time_is_handed_back(uow_factory) -> None:
    clock, courier = FakeClock(), Courier()
    courier.hold = asyncio.Event()  # the platform does not answer
    stopping = deliverer(uow_factory, clock, courier, "a")
    stopping.hand(await keep(uow_factory, clock, "a", "stuck"))
    await stopping.drain(grace=0.1)
    # Without waiting for a's lease: another instance delivers it at once.
    courier.hold = None
    other = deliverer(uow_factory, clock, courier, "b")
    loop = asyncio.create_task(other.run())
    try:
        await eventually(lambda: courier.delivered == ["stuck"])
    finally:
        await stopped(loop, other)


async def test_a_dead_instances_replies_are_delivered_when_its_lease_runs_out(uow_factory):
    clock, courier = FakeClock(), Courier()
    await keep(uow_factory, clock, "dead", "orphan")  # committed, then the instance died
    other = deliverer(uow_factory, clock, courier, "b")
    loop = asyncio.create_task(other.run())
    try:
        await asyncio.sleep(0.1)  # a few polls within the dead one's lease
        assert courier.delivered == []
        clock.advance(seconds=LEASE.total_seconds() + 1)
        await eventually(lambda: courier.delivered == ["orphan"])
        await eventually(lambda: other.holding == 0)
        assert await pending(uow_factory, clock) == 0
    finally:
        await stopped(loop, other)


async def test_a_reply_that_waited_past_its_lease_is_left_to_whoever_took_it(uow_factory):
    clock, courier = FakeClock(), Courier()
    slow = deliverer(uow_factory, clock, courier, "a")
    queued = await keep(uow_factory, clock, "a", "late")
    clock.advance(seconds=LEASE.total_seconds() + 1)
    async with uow_factory() as uow:  # b took it over meanwhile
        await uow.replies.claim(owner="b", now=clock.now(), lease=LEASE, limit=10)
        await uow.commit()
    slow.hand(queued)
    await eventually(lambda: slow.holding == 0)
    assert courier.delivered == []  # b delivers it, not a as well
