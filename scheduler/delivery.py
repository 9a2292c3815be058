"""Delivering claimed outbox items: compose, pace, send, and record each outcome."""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from bot.messages import Message
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
    """Sends one instance's claimed items: conversations in parallel, each one paced."""

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

    async def deliver(self, items: Sequence[OutboxItem]) -> None:
        by_conversation: dict[object, list[OutboxItem]] = defaultdict(list)
        for item in items:
            by_conversation[item.occurrence.target].append(item)
        async with asyncio.TaskGroup() as group:
            for queue in by_conversation.values():
                group.create_task(self._serve(queue))

    async def _serve(self, queue: list[OutboxItem]) -> None:
        async with self._slots:
            for item in queue:
                wait = self._pacer.ready_in(item.occurrence.target)
                if wait > MAX_WAIT_SECONDS:
                    # The platform asked us to hold this conversation (429): hand the item back
                    # rather than sit on its lease; any instance picks it up when it may post.
                    await self._defer(item, wait)
                else:
                    await self._one(item)

    async def _defer(self, item: OutboxItem, seconds: float) -> None:
        until = self._clock.now() + timedelta(seconds=seconds)
        async with self._uow() as work:
            await work.nudges.postpone(
                item.id, owner=self.instance, until=until, detail="conversation on hold",
                tried=False,
            )  # fmt: skip
            await work.commit()

    async def _one(self, item: OutboxItem) -> None:
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
                return
        assert message is not None
        await self._send(item, message)

    async def _send(self, item: OutboxItem, message: Message) -> None:
        target = item.occurrence.target
        await self._pacer.turn(target)
        try:
            message_id = await self._messenger.send(target, message)
        except SendFailed as failure:
            await self._failed(item, failure)
            return
        except Exception as exc:  # whatever a platform raises is retried, never fatal here
            logger.warning("sending %s failed: %r", item.key, exc)
            await self._failed(item, SendFailed(f"{type(exc).__name__}: {exc}"))
            return
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
