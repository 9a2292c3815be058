"""APScheduler 3 inside `signoff run`: an in-memory job that ticks the engine on time."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.engine import NudgeEngine

logger = logging.getLogger(__name__)

JOB_ID = "signoff-nudges"


class SchedulerService:
    """Runs `engine.run_pass` every tick. APScheduler only keeps time: its job store is in
    memory and never shared; every schedule and occurrence lives in Signoff's tables, so a
    missed tick loses nothing (the next pass looks back over the grace window)."""

    def __init__(self, *, engine: NudgeEngine) -> None:
        self._engine = engine
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = False

    def start(self) -> None:
        """Start ticking on the running event loop; the first pass runs at once (catch-up)."""
        self._scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=self._engine.settings.tick_seconds, timezone=UTC),
            id=JOB_ID,
            next_run_time=datetime.now(UTC),
            coalesce=True,  # after a stall, one pass catches up; it looks back by itself
            max_instances=1,  # a slow pass is never overlapped by the next tick
            misfire_grace_time=None,
        )
        self._scheduler.start()
        logger.info("scheduler started as %s", self._engine.instance)

    async def stop(self, timeout: float = 30.0) -> None:  # noqa: ASYNC109
        """Stop ticking and let a pass in progress finish (its claims expire otherwise)."""
        self._stopping = True  # a tick already handed to the loop returns without a pass
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            logger.warning("a scheduler pass was still running at shutdown")

    async def _tick(self) -> None:
        if self._stopping:
            return
        self._idle.clear()
        try:
            result = await self._engine.run_pass()
            logger.debug("scheduler pass: %s", result)
        except Exception:  # one failed pass (database down) must not stop the next ones
            logger.exception("scheduler pass failed")
        finally:
            self._idle.set()
