"""Outbound pacing, to the platforms' limits, on an injected clock: per conversation, and across
each workspace (Slack) or tenant (Teams)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from bot.model import Conversation, Platform
from bot.ports import Clock

Sleep = Callable[[float], Awaitable[None]]
ZERO = timedelta(0)

# Seconds between two posts into one conversation: Slack allows about one message per second
# per channel, Teams seven per second per conversation; the console has no limit.
DEFAULT_INTERVALS: dict[Platform, float] = {
    Platform.SLACK: 1.0,
    Platform.TEAMS: 1 / 7,
    Platform.CONSOLE: 0.0,
}

# Posts a second across one workspace or tenant. Slack: chat.postMessage allows "several hundred
# messages per minute" per workspace beyond the per-channel limit; Teams: 50 requests a second
# per app per tenant. Unlisted platforms are not paced across conversations.
DEFAULT_WORKSPACE_RATES: dict[Platform, float] = {
    Platform.SLACK: 5.0,
    Platform.TEAMS: 50.0,
}


class Pacer:
    """Spaces the posts into each conversation and across each workspace; a 429's Retry-After
    holds the conversation. Workspace slots are evenly spaced (no bursts), so no window of a
    second ever sees more than the rate; `share` divides the rate among the instances sending
    at the same time."""

    def __init__(
        self,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        intervals: Mapping[Platform, float] = DEFAULT_INTERVALS,
        workspace_rates: Mapping[Platform, float] = DEFAULT_WORKSPACE_RATES,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._intervals = dict(intervals)
        self._rates = dict(workspace_rates)
        self._senders = 1
        self._ready: dict[Conversation, datetime] = {}
        self._locks: dict[Conversation, asyncio.Lock] = {}
        self._next_slot: dict[tuple[Platform, str], datetime] = {}
        self._last_post: dict[tuple[Platform, str], datetime] = {}

    def share(self, senders: int) -> None:
        """`senders` instances (this one included) are posting now: take 1/senders of each
        workspace's rate."""
        self._senders = max(senders, 1)

    async def turn(self, conversation: Conversation) -> None:
        """Wait until a post into `conversation` is allowed and its workspace has a free slot,
        and take both."""
        lock = self._locks.setdefault(conversation, asyncio.Lock())
        async with lock:
            if (wait := self.ready_in(conversation)) > 0:
                await self._sleep(wait)
            await self._workspace_slot(conversation)
            self.posted(conversation)

    def posted(self, conversation: Conversation) -> None:
        """A post into `conversation` went out now: the next waits a full interval from here."""
        interval = self._intervals.get(conversation.platform, 1.0)
        until = self._clock.now() + timedelta(seconds=interval)
        self._ready[conversation] = max(self._ready.get(conversation, until), until)

    def ready_in(self, conversation: Conversation) -> float:
        """Seconds until a post into `conversation` is allowed (0 when it is now)."""
        ready = self._ready.get(conversation)
        return 0.0 if ready is None else max((ready - self._clock.now()).total_seconds(), 0.0)

    def hold(self, conversation: Conversation, seconds: float) -> None:
        """Post nothing more into `conversation` for `seconds` (the platform asked us to wait)."""
        until = self._clock.now() + timedelta(seconds=seconds)
        self._ready[conversation] = max(self._ready.get(conversation, until), until)

    async def _workspace_slot(self, conversation: Conversation) -> None:
        rate = self._rates.get(conversation.platform)
        if not rate:
            return
        spacing = timedelta(seconds=self._senders / rate)
        workspace = (conversation.platform, conversation.tenant)
        now = self._clock.now()
        # Slots are reserved before sleeping (no await in between), so concurrent senders
        # queue up one spacing apart in the order they asked.
        slot = max(now, self._next_slot.get(workspace, now))
        self._next_slot[workspace] = slot + spacing
        if (wait := (slot - now).total_seconds()) > 0:
            await self._sleep(wait)
        # After a stall (a busy process, a slow database) several reserved slots may have
        # passed at once: their posts still go out a spacing apart, never in a burst.
        while (gap := self._since_last_post(workspace, spacing)) > ZERO:
            await self._sleep(gap.total_seconds())
        self._last_post[workspace] = self._clock.now()

    def _since_last_post(self, workspace: tuple[Platform, str], spacing: timedelta) -> timedelta:
        """How long until a spacing has passed since the workspace's last post (≤ 0: it has)."""
        last = self._last_post.get(workspace)
        return ZERO if last is None else last + spacing - self._clock.now()
