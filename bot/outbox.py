"""The reply outbox: replies a command's own unit of work commits for delivery after the answer.

A surface that answers over HTTP (Slack, Teams) hands the core a `ReplyRoute`. The core then
writes every reply the answer cannot carry into the outbox in the command's own transaction,
so what was acknowledged is on disk before the acknowledgement leaves, and a crashed
instance's replies are delivered by another one when their lease runs out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.messages import Reply
from bot.model import Platform


def _none(replies: Sequence[Reply]) -> Sequence[Reply]:
    return ()


@dataclass(frozen=True, kw_only=True)
class ReplyRoute:
    """Where a surface delivers what its answer does not carry.

    `address` is the platform's return address, opaque to the core and stored as JSON (a Slack
    channel, user and response_url; a Teams conversation and its reference). Replies of one
    `lane` are delivered in order. `carried` picks the replies the HTTP answer itself takes
    (Slack: one message in a slash command's ack body). Rows are written leased to `holder` for
    `lease`, the instance that delivers them right after answering. The work before the commit
    must finish `within` seconds, or it is rolled back and the caller told nothing was saved
    (the platform's own deadline is near).
    """

    platform: Platform
    lane: str
    address: Mapping[str, object]
    holder: str
    lease: timedelta
    within: float | None = None
    carried: Callable[[Sequence[Reply]], Sequence[Reply]] = field(default=_none)


class ReplyStatus(StrEnum):
    PENDING = "pending"
    FAILED = "failed"  # given up on; kept for the operator to see


@dataclass(frozen=True, kw_only=True)
class QueuedReply:
    id: int
    platform: Platform
    lane: str
    address: Mapping[str, object]
    reply: Reply
    created_at: datetime
    attempts: int
    reclaimed_from: str = ""  # the instance whose lease ran out, when this is a second try


@dataclass(frozen=True, kw_only=True)
class Backlog:
    pending: int
    oldest_seconds: float  # 0 when nothing is pending


class ReplyOutbox(Protocol):
    async def add(
        self, route: ReplyRoute, replies: Sequence[Reply], *, at: datetime
    ) -> list[QueuedReply]:
        """Queue `replies` in order, leased to `route.holder` until `at + route.lease`."""

    async def claim(
        self, *, owner: str, now: datetime, lease: timedelta, limit: int
    ) -> Sequence[QueuedReply]:
        """Lease pending replies nobody holds (or whose lease ran out), oldest first; rows
        another instance is claiming at the same moment are skipped, not waited for."""

    async def delivered(self, ids: Sequence[int], *, owner: str) -> int:
        """Remove delivered replies this owner still holds; returns how many it held."""

    async def postpone(self, reply_id: int, *, owner: str, until: datetime, detail: str) -> None:
        """Hand a reply back to the pool, not to be tried before `until`."""

    async def give_up(self, reply_id: int, *, owner: str, at: datetime, detail: str) -> None:
        """Keep the reply as failed: no platform will take it."""

    async def renew(self, reply_id: int, *, owner: str, until: datetime) -> bool:
        """Hold a reply longer; False when `owner` no longer holds it (another instance took
        it over when the lease ran out, and delivers it)."""

    async def release(self, *, owner: str) -> int:
        """Let go of every lease `owner` holds (at shutdown), so others deliver at once."""

    async def backlog(self, now: datetime) -> Backlog: ...
