"""APScheduler 3 inside `signoff run`: in-memory jobs that plan and deliver nudges on time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.engine import NudgeEngine

logger = logging.getLogger(__name__)

PLAN_JOB, DELIVER_JOB = "signoff-nudges-plan", "signoff-nudges-deliver"


class SchedulerService:
    """Two jobs on the running loop: planning (one instance per slot, ahead of time) and
    delivery (every tick, on every instance). APScheduler only keeps time: its job store is in
    memory and never shared; schedules and occurrences live in Signoff's tables, so a missed tick
    loses nothing (the next pass looks back over the grace window)."""

    def __init__(self, *, engine: NudgeEngine) -> None:
        self._engine = engine
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._stopping = False
        self._runs: set[asyncio.Future[None]] = set()  # kept referenced until done

    def start(self) -> None:
        """Start both jobs; each runs once at once (catching up after downtime)."""
        settings = self._engine.settings
        jobs = [
            (PLAN_JOB, self._engine.plan_turn, settings.plan_seconds),
            (DELIVER_JOB, self._engine.deliver_due, settings.tick_seconds),
        ]
        for job_id, work, seconds in jobs:
            self._scheduler.add_job(
                self._guarded,
                IntervalTrigger(seconds=seconds, timezone=UTC),
                args=(job_id, work),
                id=job_id,
                next_run_time=datetime.now(UTC),
                coalesce=True,  # after a stall, one run catches up; it looks back by itself
                max_instances=1,  # a slow run is never overlapped by the next tick
                misfire_grace_time=None,
            )
        self._scheduler.start()
        logger.info("scheduler started as %s", self._engine.instance)

    async def stop(self, timeout: float = 30.0) -> None:  # noqa: ASYNC109
        """Stop ticking and let runs in progress finish (their claims would expire otherwise)."""
        self._stopping = True  # a run already handed to the loop returns without working
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            logger.warning("a scheduler run was still going at shutdown")

    async def _guarded(self, job_id: str, work: Callable[[], Awaitable[object]]) -> None:
        if self._stopping:
            return
        self._running += 1
        self._idle.clear()
        # APScheduler's shutdown cancels the runs in progress: shielded, a run finishes its sends
        # (one cut mid-post could be repeated once its lease ends) while stop() waits for it.
        run = asyncio.ensure_future(self._run(job_id, work))
        self._runs.add(run)
        run.add_done_callback(self._runs.discard)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(run)

    async def _run(self, job_id: str, work: Callable[[], Awaitable[object]]) -> None:
        try:
            result = await work()
            logger.debug("%s: %s", job_id, result)
            enqueued = getattr(result, "enqueued", 0)  # what a planning run reports
            if job_id == PLAN_JOB and enqueued and not self._stopping:
                # Some of what was just planned may be due already (catching up after downtime):
                # deliver now rather than at the next tick.
                self._scheduler.modify_job(DELIVER_JOB, next_run_time=datetime.now(UTC))
        except Exception:  # one failed run (database down) must not stop the next ones
            logger.exception("%s failed", job_id)
        finally:
            self._running -= 1
            if not self._running:
                self._idle.set()
