"""One scheduler pass for `signoff nudges run-due`, on a clock that moves, bounded in time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.ports import Clock
from scheduler.engine import NudgeEngine, PassResult
from storage.stats import unfinished_nudges

# How often the pass looks again for items postponed by a retry or a 429, at most.
POLL_SECONDS = 1.0


class MovingClock:
    """Starts at the instant an operator named and moves with real time from there.

    A frozen clock would stall the pacer, which waits for the clock to pass each
    conversation's and workspace's next slot."""

    def __init__(self, start: datetime, *, monotonic: Callable[[], float] = time.monotonic):
        self._start = start
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._origin)


async def run_until_done(
    engine: NudgeEngine, database: AsyncEngine, clock: Clock, as_of: datetime
) -> PassResult:
    """Plan what is due as of `as_of` and deliver it, waiting out retries and 429s, until no
    item due by then is pending (the caller bounds how long that may take)."""
    result = await engine.run_pass()
    claimed = result.claimed
    while True:
        left, next_try = await unfinished_nudges(database, due_by=as_of)
        if not left:
            return replace(result, claimed=claimed)
        # Postponed items come due at `next_try` (on `clock`, the engine's); another instance's
        # lease may also hold some: look again within a second either way.
        wait = POLL_SECONDS
        if next_try is not None:
            wait = min(max((next_try - clock.now()).total_seconds(), 0.05), POLL_SECONDS)
        await asyncio.sleep(wait)
        claimed += await engine.deliver_due()


async def left_over(database: AsyncEngine, as_of: datetime) -> str:
    """How many items due by `as_of` are not done, said for the operator; never raises."""
    try:
        async with asyncio.timeout(5):
            left, _ = await unfinished_nudges(database, due_by=as_of)
    except Exception:
        return "the outbox could not be read"
    return f"{left} nudge{'' if left == 1 else 's'} due and not done left in the outbox"
