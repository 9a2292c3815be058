"""Delivering claimed outbox items: compose, pace, send, and record each outcome."""

from __future__ import annotations

import asyncio
import logging
import random
from collections import deque
from collections.abc import Sequence
from datetime import timedelta

from bot.messages import Message
from bot.model import Conversation
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import DeliveryRecord, NudgeConfig, OutboxItem, OutboxStatus
from bot.nudges.plan import prepare
from bot.ports import Clock, Messenger, SendFailed, UnitOfWorkFactory
from scheduler.pacing import Pacer
from scheduler.settings import EngineSettings

logger = logging.getLogger(__name__)

# Longer waits for one conversation are not slept through with items leased.
MAX_WAIT_SECONDS = 5.0


class Deliverer:
    """Sends one instance's claimed items: one task per conversation (its items in order), the
    conversations in parallel, at most `concurrency` composing or sending at once. Items are
    taken in as they are claimed, so the engine can claim more while earlier ones are sent."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        messenger: Messenger,
        settings: EngineSettings,
        config: NudgeConfig,
        calendar: NudgeCalendar,
        pacer: Pacer,
        instance: str,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._messenger = messenger
        self._settings = settings
        self._config = config
        self._calendar = calendar
        self._pacer = pacer
        self.instance = instance
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._queues: dict[Conversation, deque[OutboxItem]] = {}
        self._outstanding = 0  # taken in, not yet finished
        self._room = asyncio.Condition()

    @property
    def outstanding(self) -> int:
        return self._outstanding

    def take(self, items: Sequence[OutboxItem], group: asyncio.TaskGroup) -> None:
        """Queue claimed items behind their conversation's earlier ones, starting a task in
        `group` for each conversation not being served yet."""
        self._outstanding += len(items)
        for item in items:
            target = item.occurrence.target
            if (queue := self._queues.get(target)) is not None:
                queue.append(item)
            else:
                self._queues[target] = deque([item])
                group.create_task(self._serve(target))

    async def room_for(self, count: int) -> None:
        """Wait until no more than `count` taken items are still outstanding."""
        async with self._room:
            await self._room.wait_for(lambda: self._outstanding <= count)

    async def _serve(self, target: Conversation) -> None:
        queue = self._queues[target]
        try:
            while queue:
                item = queue.popleft()
                try:
                    await self._deliver(item)
                except Exception:
                    # One item's failure (the database gone mid-send) must not cancel the
                    # others' sends; its lease returns it to the pool.
                    logger.exception("delivering %s failed; retried when its lease ends", item.key)
                finally:
                    self._outstanding -= 1
                    async with self._room:
                        self._room.notify_all()
        finally:
            del self._queues[target]

    async def _deliver(self, item: OutboxItem) -> None:
        wait = self._pacer.ready_in(item.occurrence.target)
        if wait > MAX_WAIT_SECONDS:
            # The platform asked us to hold this conversation (429): hand the item back rather
            # than sit on its lease; any instance picks it up when it may post.
            await self._defer(item, wait)
            return
        async with self._slots:
            message = await self._compose(item)
        if message is None:
            return
        # Waiting for the conversation's and the workspace's turn holds no slot, so one slow
        # workspace keeps no other waiting; the post follows its turn at once.
        await self._pacer.turn(item.occurrence.target)
        async with self._slots:
            await self._send(item, message)

    async def _defer(self, item: OutboxItem, seconds: float) -> None:
        until = self._clock.now() + timedelta(seconds=seconds)
        async with self._uow() as work:
            await work.nudges.postpone(
                item.id, owner=self.instance, until=until, detail="conversation on hold",
                tried=False,
            )  # fmt: skip
            await work.commit()

    async def _compose(self, item: OutboxItem) -> Message | None:
        """The message to send for `item`, or None once the item is closed as not to send."""
        if item.reclaimed_from:
            # The previous claimer's lease ran out: it may have sent this before dying.
            await self._log(item, "reclaimed", f"lease of {item.reclaimed_from} expired")
        async with self._uow() as work:
            skip, message = await prepare(
                work, item, self._config, self._calendar, self._clock.now()
            )
            if skip is not None:
                await self._close(work, item, skip)
                await work.commit()
        return message if skip is None else None

    async def _send(self, item: OutboxItem, message: Message) -> None:
        target = item.occurrence.target
        try:
            message_id = await self._messenger.send(target, message)
        except SendFailed as failure:
            await self._failed(item, failure)
            return
        except Exception as exc:  # whatever a platform raises is retried, never fatal here
            logger.warning("sending %s failed: %r", item.key, exc)
            await self._failed(item, SendFailed(f"{type(exc).__name__}: {exc}"))
            return
        self._pacer.posted(target)
        async with self._uow() as work:
            await self._close(work, item, OutboxStatus.SENT, message_id=message_id)
            await work.commit()

    async def _failed(self, item: OutboxItem, failure: SendFailed) -> None:
        target, now = item.occurrence.target, self._clock.now()
        async with self._uow() as work:
            if failure.permanent:
                await self._close(work, item, OutboxStatus.FAILED, detail=failure.reason)
                # A direct message is no binding: marking it changes nothing.
                await work.projects.mark_binding(target, problem=failure.reason, at=now)
            elif item.attempts >= self._settings.max_attempts:
                detail = f"gave up after {item.attempts} attempts: {failure.reason}"
                await self._close(work, item, OutboxStatus.FAILED, detail=detail)
            else:
                if failure.retry_after is not None:
                    delay = failure.retry_after
                    self._pacer.hold(target, delay)
                else:
                    delay = self._backoff(item.attempts)
                until = now + timedelta(seconds=delay)
                await work.nudges.postpone(
                    item.id, owner=self.instance, until=until, detail=failure.reason
                )
                await work.nudges.record(
                    self._record(item, "retry", f"{failure.reason}; again after {delay:.1f}s")
                )
            await work.commit()

    def _backoff(self, attempts: int) -> float:
        base = self._settings.backoff.total_seconds() * 2 ** max(attempts - 1, 0)
        capped = min(base, self._settings.backoff_cap.total_seconds())
        return capped * random.uniform(1.0, 1.25)  # jitter spreads instances' retries apart

    async def _close(self, work, item, status: OutboxStatus, *, message_id="", detail="") -> None:
        now = self._clock.now()
        kept = await work.nudges.finish(
            item.id, owner=self.instance, status=status, at=now, message_id=message_id,
            detail=detail,
        )  # fmt: skip
        if not kept:
            # Our lease expired and another instance took the item over: say so in the log.
            detail = f"{detail}; lease lost before the outcome was recorded".lstrip("; ")
        await work.nudges.record(self._record(item, status.value, detail, message_id))

    async def _log(self, item: OutboxItem, outcome: str, detail: str) -> None:
        async with self._uow() as work:
            await work.nudges.record(self._record(item, outcome, detail))
            await work.commit()

    def _record(self, item, outcome: str, detail: str = "", message_id: str = ""):
        return DeliveryRecord(
            key=item.key,
            kind=item.occurrence.kind,
            target=item.occurrence.target,
            at=self._clock.now(),
            outcome=outcome,
            message_id=message_id,
            detail=detail,
            instance=self.instance,
        )
