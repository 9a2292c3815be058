"""Nudge benchmark setup: projects bound to channels, a shifted clock, a rate-limited fake Slack."""

from __future__ import annotations

import itertools
import time
from collections import Counter, deque
from datetime import UTC, datetime, timedelta

from aiohttp import web
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks.fake_platforms import Loopback
from bot.model import ApprovalRule, Platform, ProjectStatus
from storage.tables import BindingRow, ProjectRow

# Monday 09:30 in Berlin, the default digest slot; created after the previous Monday's slot so
# only this week's digest (and the next) is due: one message per channel per week.
DUE = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
CREATED = datetime(2026, 11, 25, 12, tzinfo=UTC)
TENANT = "T1"


def channel(n: int) -> str:
    return f"C{n:06d}"


async def seed(engine: AsyncEngine, count: int) -> None:
    """`count` active projects in Europe/Berlin, each bound to its own Slack channel."""
    async with engine.begin() as connection:
        await connection.execute(
            insert(ProjectRow),
            [
                dict(key=f"n{n:06d}", name=f"Project {n}", client=f"Client {n}",
                     timezone="Europe/Berlin", locale="en", revision_rounds=2,
                     status=ProjectStatus.ACTIVE, pm_rule=ApprovalRule.ANY,
                     client_rule=ApprovalRule.ANY, created_at=CREATED)
                for n in range(count)
            ],
        )  # fmt: skip
        ids = dict((await connection.execute(select(ProjectRow.key, ProjectRow.id))).all())
        await connection.execute(
            insert(BindingRow),
            [
                dict(platform=Platform.SLACK, tenant=TENANT, channel=channel(n),
                     project_id=ids[f"n{n:06d}"], problem="")
                for n in range(count)
            ],
        )  # fmt: skip


class ShiftedClock:
    """Real time, moved so that `at(instant)` makes now() read `instant` and then run on."""

    def __init__(self, instant: datetime) -> None:
        self.at(instant)

    def at(self, instant: datetime) -> None:
        self._base, self._t0 = instant, time.monotonic()

    def now(self) -> datetime:
        return self._base + timedelta(seconds=time.monotonic() - self._t0)


class LimitedSlack(Loopback):
    """chat.postMessage on loopback: at most 1 post per second per channel and `rate` per second
    in the workspace (sliding one-second window); beyond either, 429 with Retry-After: 1.
    Counts accepted posts per channel."""

    def __init__(self, *, rate: int) -> None:
        self.rate = rate
        self._ts = itertools.count(1)
        self.reset()
        app = web.Application()
        app.router.add_post("/api/chat.postMessage", self._post)
        super().__init__(app)

    def reset(self) -> None:
        self.posts: Counter[str] = Counter()
        self.refused = 0
        self.last_at = 0.0
        self._window: deque[float] = deque()
        self._last: dict[str, float] = {}

    @property
    def accepted(self) -> int:
        return sum(self.posts.values())

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    async def _post(self, request: web.Request) -> web.Response:
        json_body = request.content_type == "application/json"
        body = await request.json() if json_body else await request.post()
        where, now = str(body["channel"]), time.monotonic()
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        last = self._last.get(where)
        if len(self._window) >= self.rate or (last is not None and now - last < 1.0):
            self.refused += 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
            )
        self._window.append(now)
        self._last[where] = now
        self.posts[where] += 1
        self.last_at = now
        ts = f"1700000000.{next(self._ts):06d}"
        return web.json_response({"ok": True, "channel": where, "ts": ts})
