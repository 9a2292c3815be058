"""Delivering the reply outbox: at once for what this instance just committed, and, polling,
whatever an instance that stopped or crashed left behind when its lease runs out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.errors import StorageUnavailable
from bot.model import Conversation, Platform
from bot.outbox import QueuedReply
from bot.ports import Clock, ReplyCourier, SendFailed, UnitOfWorkFactory
from scheduler.pacing import Pacer

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class ReplySettings:
    lease: timedelta = timedelta(seconds=60)  # a reply not delivered by then is anyone's
    poll: float = 1.0  # seconds between looks for replies nobody holds
    batch: int = 200  # most replies one instance holds at once
    max_attempts: int = 8
    backoff: float = 2.0  # seconds before the first retry, doubled each time, jittered
    backoff_cap: float = 300.0


class ReplyDeliverer:
    """One lane (conversation) at a time in order, the lanes in parallel. A lane's next reply
    waits until its last one is removed from the outbox; the removals of all lanes are made
    together, a batch at a time. Delivery is at least once: a crash between a post and its
    removal posts that one reply again (one per lane at most), never loses it."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        courier: ReplyCourier,
        instance: str,
        settings: ReplySettings | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self._uow, self._clock, self._courier = uow, clock, courier
        self.instance = instance
        self.settings = settings or ReplySettings()
        self._pacer = pacer
        self._lanes: dict[str, deque[QueuedReply]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._delivered: list[int] = []
        # When each reply held must be delivered or its lease renewed (a third of it early).
        self._renew_at: dict[int, datetime] = {}
        self._removing = asyncio.Lock()
        self._stopping = False

    @property
    def holding(self) -> int:
        """Replies taken in and not yet delivered or handed back."""
        return sum(len(q) for q in self._lanes.values()) + len(self._tasks)

    def hand(self, queued: Sequence[QueuedReply], *, leased_at: datetime | None = None) -> None:
        """Deliver replies this instance holds the lease of, behind their lane's earlier ones.
        Their lease began `leased_at`, else when they were committed."""
        for item in queued:
            start = leased_at or item.created_at
            self._renew_at[item.id] = start + self.settings.lease * 2 / 3
            if (lane := self._lanes.get(item.lane)) is not None:
                lane.append(item)
                continue
            self._lanes[item.lane] = deque([item])
            task = asyncio.create_task(self._serve(item.lane))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def run(self) -> None:
        """Until cancelled: claim the replies nobody holds (or whose holder's lease ran out)."""
        while True:
            try:
                async with self._removing:
                    await self._flush()  # removals a database failure left over
                room = self.settings.batch - self.holding
                if room > 0 and not self._stopping:
                    now = self._clock.now()
                    self.hand(await self._claim(room, now), leased_at=now)
            except StorageUnavailable:
                logger.warning("the reply outbox is out of reach; trying again")
            await asyncio.sleep(self.settings.poll)

    async def drain(self, grace: float) -> None:
        """At shutdown: finish what is held within `grace` seconds, then hand the rest back so
        another instance delivers it at once, not when the lease would have run out."""
        self._stopping = True
        if self._tasks:
            _, late = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)
        with contextlib.suppress(StorageUnavailable):
            async with self._removing:
                await self._flush()
            async with self._uow() as work:
                released = await work.replies.release(owner=self.instance)
                await work.commit()
            if released:
                logger.info("handed %d undelivered replies back to the other instances", released)

    async def _claim(self, limit: int, now: datetime) -> Sequence[QueuedReply]:
        async with self._uow() as work:
            claimed = await work.replies.claim(
                owner=self.instance, now=now, lease=self.settings.lease, limit=limit
            )
            await work.commit()
        for item in claimed:
            if item.reclaimed_from:
                logger.info("reply %d taken over from %s", item.id, item.reclaimed_from)
        return claimed

    async def _remove(self, reply_id: int) -> None:
        """Remove a delivered reply, with whatever other lanes delivered meanwhile."""
        self._delivered.append(reply_id)
        async with self._removing:
            if reply_id in self._delivered:  # not yet taken by the batch before
                await self._flush()

    async def _flush(self) -> None:
        done, self._delivered = self._delivered, []
        if not done:
            return
        try:
            async with self._uow() as work:
                await work.replies.delivered(done, owner=self.instance)
                await work.commit()
        except BaseException:  # the database gone, or the loop cancelled at shutdown
            self._delivered.extend(done)  # removed again later: a second removal removes none
            raise

    async def _serve(self, lane: str) -> None:
        queue = self._lanes[lane]
        try:
            while queue:
                item = queue.popleft()
                try:
                    await self._deliver(item)
                except StorageUnavailable:
                    # Its lease returns it to the pool; the next instance to claim it delivers.
                    logger.warning("reply %d left for a later try: the database went away", item.id)
        finally:
            del self._lanes[lane]

    async def _deliver(self, item: QueuedReply) -> None:
        if not await self._still_ours(item):
            return  # waited in its lane past the lease: the instance that took it delivers
        where = _conversation(item)
        wait = self._pacer.ready_in(where) if self._pacer else 0.0
        if wait > 0:
            await self._postpone(item, wait, "conversation on hold")
            return
        try:
            await self._courier.deliver(item)
        except SendFailed as failure:
            await self._failed(item, where, failure)
            return
        except Exception as exc:  # whatever a platform raises is retried, never fatal here
            logger.warning("delivering reply %d failed: %r", item.id, exc)
            await self._failed(item, where, SendFailed(f"{type(exc).__name__}: {exc}"))
            return
        await self._remove(item.id)

    async def _still_ours(self, item: QueuedReply) -> bool:
        now = self._clock.now()
        if now < self._renew_at.pop(item.id, now):
            return True
        async with self._uow() as work:
            kept = await work.replies.renew(
                item.id, owner=self.instance, until=now + self.settings.lease
            )
            await work.commit()
        return kept

    async def _failed(self, item: QueuedReply, where: Conversation, failure: SendFailed) -> None:
        if failure.permanent or item.attempts >= self.settings.max_attempts:
            async with self._uow() as work:
                await work.replies.give_up(
                    item.id, owner=self.instance, at=self._clock.now(), detail=failure.reason
                )
                await work.commit()
            logger.warning("reply %d given up: %s", item.id, failure.reason)
            return
        if failure.retry_after is not None:
            if self._pacer is not None:
                self._pacer.hold(where, failure.retry_after)
            delay = failure.retry_after
        else:
            base = self.settings.backoff * 2 ** max(item.attempts - 1, 0)
            delay = min(base, self.settings.backoff_cap) * random.uniform(1.0, 1.25)
        await self._postpone(item, delay, failure.reason)

    async def _postpone(self, item: QueuedReply, seconds: float, detail: str) -> None:
        until = self._clock.now() + timedelta(seconds=seconds)
        async with self._uow() as work:
            await work.replies.postpone(item.id, owner=self.instance, until=until, detail=detail)
            await work.commit()


def _conversation(item: QueuedReply) -> Conversation:
    """The conversation a reply lands in, for pacing (the lane names it on each platform)."""
    tenant = str(item.address.get("tenant", ""))
    return Conversation(platform=Platform(item.platform), tenant=tenant, channel=item.lane)
