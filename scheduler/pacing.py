"""Outbound pacing per conversation, to the platforms' limits, on an injected clock."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from bot.model import Conversation, Platform
from bot.ports import Clock

Sleep = Callable[[float], Awaitable[None]]

# Seconds between two posts into one conversation: Slack allows about one message per second
# per channel, Teams seven per second per conversation; the console has no limit.
DEFAULT_INTERVALS: dict[Platform, float] = {
    Platform.SLACK: 1.0,
    Platform.TEAMS: 1 / 7,
    Platform.CONSOLE: 0.0,
}


class Pacer:
    """Spaces the posts into each conversation; a 429's Retry-After holds the conversation."""

    def __init__(
        self,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        intervals: Mapping[Platform, float] = DEFAULT_INTERVALS,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._intervals = dict(intervals)
        self._ready: dict[Conversation, datetime] = {}
        self._locks: dict[Conversation, asyncio.Lock] = {}

    async def turn(self, conversation: Conversation) -> None:
        """Wait until a post into `conversation` is allowed, and take that slot."""
        lock = self._locks.setdefault(conversation, asyncio.Lock())
        async with lock:
            ready = self._ready.get(conversation)
            if ready is not None and (wait := (ready - self._clock.now()).total_seconds()) > 0:
                await self._sleep(wait)
            interval = self._intervals.get(conversation.platform, 1.0)
            self._ready[conversation] = self._clock.now() + timedelta(seconds=interval)

    def ready_in(self, conversation: Conversation) -> float:
        """Seconds until a post into `conversation` is allowed (0 when it is now)."""
        ready = self._ready.get(conversation)
        return 0.0 if ready is None else max((ready - self._clock.now()).total_seconds(), 0.0)

    def hold(self, conversation: Conversation, seconds: float) -> None:
        """Post nothing more into `conversation` for `seconds` (the platform asked us to wait)."""
        until = self._clock.now() + timedelta(seconds=seconds)
        self._ready[conversation] = max(self._ready.get(conversation, until), until)
