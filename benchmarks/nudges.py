"""Nudge dispatch: a weekly digest due at once in every channel, through the real NudgeEngine."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import aiohttp
from sqlalchemy import func, select, text

from adapters.scheduling import nudge_messenger
from adapters.slack.app import web_client
from adapters.slack.messenger import SlackMessenger
from adapters.slack.settings import SlackSettings
from benchmarks.nudge_setup import DUE, LimitedSlack, ShiftedClock, seed
from benchmarks.report import Row
from bot.messages import Message
from bot.model import Conversation, Platform
from bot.policy import Policy
from bot.service import Services
from scheduler.engine import NudgeEngine
from scheduler.settings import EngineSettings
from storage.database import make_engine
from storage.migrate import upgrade
from storage.tables_nudges import NudgeOutboxRow
from storage.uow import sql_uow_factory

RATE = 50  # assumed workspace-wide limit, posts a second (Slack publishes only 1/s per channel)
GOAL = 0.9


@dataclass
class Instant:
    """A messenger that returns at once: the outbox's own rate, with no platform behind it."""

    posts: Counter[str]

    async def send(self, conversation: Conversation, message: Message) -> str:
        self.posts[conversation.channel] += 1
        return f"m{sum(self.posts.values())}"

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        raise NotImplementedError


def _engine(uow, clock: ShiftedClock, messenger, *, paced: bool) -> NudgeEngine:
    """The engine with default settings, but for the workspace pace: this benchmark's rate,
    or none at all (`paced=False`) to measure the outbox alone."""
    settings = EngineSettings(workspace_rates={Platform.SLACK: RATE} if paced else {})
    return NudgeEngine(
        uow=uow, clock=clock, messenger=messenger, policy=Policy(), settings=settings
    )


async def _plan(engine: NudgeEngine, clock: ShiftedClock, due) -> tuple[int, float]:
    """Plan ahead as a running instance does, a minute before the digest falls due."""
    clock.at(due - timedelta(minutes=1))
    started = time.perf_counter()
    planned = await engine.plan_turn()
    assert planned is not None
    return planned.enqueued, time.perf_counter() - started


async def _drain(engine: NudgeEngine, done, *, within: float) -> None:
    """Deliver passes until `done()` or `within` seconds; between empty passes, wait a little
    (items a 429 postponed fall due again a second or two later)."""
    deadline = time.monotonic() + within
    while not done() and time.monotonic() < deadline:
        if not await engine.deliver_due():
            await asyncio.sleep(0.1)


async def _statuses(db) -> dict[str, int]:
    async with db.connect() as connection:
        query = select(NudgeOutboxRow.status, func.count()).group_by(NudgeOutboxRow.status)
        return {str(s.value): n for s, n in (await connection.execute(query)).all()}


def _check(posts: Counter[str], count: int) -> tuple[int, int]:
    """(lost, duplicated): channels that got no digest, extra digests in any channel."""
    return count - len(posts), sum(n - 1 for n in posts.values() if n > 1)


async def limited(database: str, db, uow, fake: LimitedSlack, count: int) -> Row:
    clock = ShiftedClock(DUE)
    settings = SlackSettings(bot_token="xoxb-bench", api_url=fake.api_url)
    client = web_client(settings, wait_out_rate_limits=False)  # as SlackAdapter's paced one
    client.session = aiohttp.ClientSession()  # as SlackAdapter does while the server runs
    services = Services(uow=uow, clock=clock, policy=Policy())
    slack = SimpleNamespace(
        platform=Platform.SLACK, paced_messenger=SlackMessenger(client=client, services=services)
    )
    engine = _engine(uow, clock, nudge_messenger([slack], write=lambda _: None), paced=True)
    try:
        enqueued, plan_s = await _plan(engine, clock, DUE)
        fake.reset()
        clock.at(DUE)
        started = time.monotonic()
        floor = count / RATE
        await _drain(engine, lambda: fake.accepted >= count, within=5 * floor + 60)
        elapsed = max(fake.last_at - started, 1e-9)
    finally:
        await client.session.close()
    lost, dups = _check(fake.posts, count)
    statuses = await _statuses(db)
    fraction = floor / elapsed
    met = fraction >= GOAL and lost == 0 and dups == 0
    return Row(
        benchmark="nudge dispatch",
        setting=f"{database}, {count} channels, Slack 1/s per channel + {RATE}/s workspace",
        ours=f"{elapsed:.1f} s for {fake.accepted} digests ({fake.accepted / elapsed:.1f}/s)",
        reference=f"limits' minimum {floor:.1f} s ({RATE}/s)",
        ratio=fraction,
        note=(
            f"achieved fraction of the allowed rate, higher is better; lost {lost}, duplicated "
            f"{dups}; {fake.refused} answered 429; outbox {statuses}; planned {enqueued} in "
            f"{plan_s:.1f} s beforehand; goal ≥ {GOAL} {'met' if met else 'NOT MET'}"
        ),
    )


async def unlimited(database: str, db, uow, count: int) -> Row:
    """The next week's digests through a messenger that returns at once."""
    clock = ShiftedClock(DUE)
    posts: Counter[str] = Counter()
    engine = _engine(uow, clock, Instant(posts), paced=False)
    due = DUE + timedelta(days=7)
    enqueued, plan_s = await _plan(engine, clock, due)
    clock.at(due)
    started = time.perf_counter()
    await _drain(engine, lambda: sum(posts.values()) >= count, within=600)
    rate = sum(posts.values()) / (time.perf_counter() - started)
    lost, dups = _check(posts, count)
    floor = await insert_floor(db, count=count, concurrency=engine.settings.concurrency)
    return Row(
        benchmark="nudge outbox",
        setting=f"{database}, {count} items, no platform limit",
        ours=f"{rate:.0f} items/s delivered (claim, compose, send, record)",
        reference=f"INSERT … ON CONFLICT DO NOTHING + commit, {engine.settings.concurrency} "
        f"tasks: {floor:.0f}/s",
        ratio=rate / floor,
        note=f"higher is better; lost {lost}, duplicated {dups}; planned {enqueued} in "
        f"{plan_s:.1f} s beforehand (not counted)",
    )


async def insert_floor(db, *, count: int, concurrency: int) -> float:
    """Rows a second from `concurrency` tasks looping one INSERT … ON CONFLICT DO NOTHING and a
    commit per row, on Signoff's engine (driver and pool) and database."""
    async with db.begin() as connection:
        await connection.execute(text("DROP TABLE IF EXISTS bench_outbox_floor"))
        await connection.execute(
            text("CREATE TABLE bench_outbox_floor (key VARCHAR PRIMARY KEY, body TEXT NOT NULL)")
        )
    left = iter(range(count))
    sql = text(
        "INSERT INTO bench_outbox_floor (key, body) VALUES (:key, :body) "
        "ON CONFLICT (key) DO NOTHING"
    )

    async def loop() -> None:
        for i in left:
            async with db.begin() as connection:
                await connection.execute(sql, {"key": f"digest:{i}", "body": "{}"})

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(concurrency)))
    rate = count / (time.perf_counter() - started)
    async with db.begin() as connection:
        await connection.execute(text("DROP TABLE bench_outbox_floor"))
    return rate


async def run(database: str, url: str, fake: LimitedSlack, *, count: int) -> list[Row]:
    db = make_engine(url)
    try:
        await upgrade(db)
        await seed(db, count)
        uow = sql_uow_factory(db)
        rows = [await limited(database, db, uow, fake, count)]
        print(rows[-1], flush=True)
        rows.append(await unlimited(database, db, uow, count))
        print(rows[-1], flush=True)
        return rows
    finally:
        await db.dispose()
