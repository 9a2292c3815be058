"""One scheduler pass: plan what fell due into the outbox, then claim and deliver it."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.errors import StorageUnavailable
from bot.nudges.model import OutboxItem
from bot.nudges.plan import Planned, plan
from bot.policy import Policy, base_calendar
from bot.ports import Clock, Messenger, UnitOfWorkFactory
from scheduler.delivery import Deliverer
from scheduler.pacing import Pacer, Sleep
from scheduler.settings import EngineSettings

logger = logging.getLogger(__name__)


def instance_name() -> str:
    """Who holds a lease: host, process and a random suffix (a restarted pid is a new owner)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True, kw_only=True)
class PassResult:
    enqueued: int
    missed: int
    claimed: int


class NudgeEngine:
    """Computes occurrences, enqueues them in the outbox and delivers what this instance claims.

    Any number of engines may run on one database: the outbox's unique keys and leased claims
    make each occurrence go out once. Time comes from `clock`, waits go through `sleep`.
    """

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        messenger: Messenger,
        policy: Policy,
        settings: EngineSettings | None = None,
        sleep: Sleep | None = None,
        instance: str | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.settings = settings or EngineSettings()
        self._config = policy.nudges
        self._calendar = base_calendar(policy)
        pacer_args = {"sleep": sleep} if sleep else {}
        self.pacer = Pacer(
            clock=clock,
            intervals=self.settings.intervals,
            workspace_rates=self.settings.workspace_rates,
            **pacer_args,
        )
        self.instance = instance or instance_name()
        self._deliverer = Deliverer(
            uow=uow,
            clock=clock,
            messenger=messenger,
            settings=self.settings,
            config=self._config,
            calendar=self._calendar,
            pacer=self.pacer,
            instance=self.instance,
        )

    async def plan_turn(self) -> Planned | None:
        """Plan ahead if no other instance has planned this slot yet (None: another has)."""
        now = self._clock.now()
        slot = int(now.timestamp() // self.settings.plan_seconds)
        async with self._uow() as work:
            mine = await work.nudges.take_turn(f"plan:{slot}", owner=self.instance, at=now)
            await work.commit()
        if not mine:
            return None
        ahead = timedelta(seconds=2 * self.settings.plan_seconds)
        return await plan(self._uow, self._config, self._calendar, now, horizon=ahead)

    async def run_pass(self) -> PassResult:
        """Plan what is due as of the clock's now, then deliver until nothing claimable is left
        (what `signoff nudges run-due` does, and what tests travel through time with)."""
        planned = await plan(self._uow, self._config, self._calendar, self._clock.now())
        claimed = await self.deliver_due()
        return PassResult(enqueued=planned.enqueued, missed=planned.missed, claimed=claimed)

    async def deliver_due(self) -> int:
        """Claim and deliver until no pending item is due; returns how many were claimed.

        Claims roll: whenever half a batch has gone out, the next items are claimed while the
        rest are still being sent, so no conversation slot idles waiting on a batch's slowest
        send, and this instance never holds more than a batch under lease."""
        batch, total, failure = self.settings.batch, 0, None
        async with asyncio.TaskGroup() as group:
            while True:
                await self._deliverer.room_for(batch // 2)
                try:
                    items = await self._claim(batch - self._deliverer.outstanding)
                except StorageUnavailable as exc:
                    # Finish the sends in hand (cancelling one mid-post could repeat it later),
                    # then say the pass failed.
                    items, failure = [], exc
                if not items:
                    break
                total += len(items)
                self._deliverer.take(items, group)
        if failure is not None:
            raise failure
        return total

    async def _claim(self, limit: int) -> Sequence[OutboxItem]:
        now = self._clock.now()
        async with self._uow() as work:
            items = await work.nudges.claim(
                owner=self.instance, now=now, lease=self.settings.lease, limit=limit
            )
            # Instances delivering at the same time (this one included while its earlier items
            # are out) share each workspace's rate.
            senders = await work.nudges.senders(now)
            await work.commit()
        self.pacer.share(senders)
        return items
