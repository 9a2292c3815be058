"""Setting up a chat benchmark: the database seeded, `signoff run` configured, the commit floor."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from sqlalchemy import text

from adapters.composition import build_runtime, upgrade_database
from adapters.config import settings_from_mapping
from adapters.operator import operator_invocation
from benchmarks.fake_platforms import FakePlatforms
from benchmarks.loadgen import SECRET, TEAM, TENANT, channel, user
from bot.commands import AddMember, BindConversation, Command, CreateProject
from bot.model import Conversation, Identity, Platform, Role
from bot.service import handle
from storage.database import make_engine

PLATFORMS = {"slack": (Platform.SLACK, TEAM), "teams": (Platform.TEAMS, TENANT)}
SIGNOFF = str(Path(sys.executable).with_name("signoff"))


async def seed(url: str, kind: str, channels: int) -> None:
    """One project per channel, each with its client as a member (display name known)."""
    settings = settings_from_mapping({"database": {"url": url}}, env={})
    await upgrade_database(settings)
    platform, tenant = PLATFORMS[kind]
    async with await build_runtime(settings) as runtime:

        async def run(command: Command, key: str | None) -> None:
            result = await handle(command, operator_invocation(key), runtime.services)
            assert result.ok, [r.message.text for r in result.replies]

        for n in range(channels):
            key = f"{kind}{n}"
            await run(CreateProject(key=key, name=f"Bench {n}", client="Bench Co."), None)
            where = Conversation(platform=platform, tenant=tenant, channel=channel(kind, n))
            await run(BindConversation(key=key, conversation=where), key)
            who = Identity(platform=platform, tenant=tenant, user_id=user(kind, n))
            await run(AddMember(role=Role.CLIENT, identity=who, display_name=f"Client {n}"), key)


def signoff_argv(port: int) -> list[str]:
    # The scheduler is off: it is measured by the nudge benchmark, and here only adds noise.
    return [SIGNOFF, "run", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"]


def signoff_env(kind: str, url: str, port: int, fake: FakePlatforms) -> dict[str, str]:
    env = {"DATABASE_URL": url, "PORT": str(port)}
    if kind == "slack":
        env |= {
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.slack_api,
        }
    else:
        env["SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED"] = "1"
    return env


async def commit_floor(url: str, *, count: int, concurrency: int) -> float:
    """Rows a second from `concurrency` tasks each looping INSERT + COMMIT, one row per
    transaction, on the same database, driver and pool settings as Signoff's."""
    engine = make_engine(url)
    key = "INTEGER PRIMARY KEY" if url.startswith("sqlite") else "SERIAL PRIMARY KEY"
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP TABLE IF EXISTS bench_floor"))
            await connection.execute(
                text(f"CREATE TABLE bench_floor (id {key}, body TEXT NOT NULL, at FLOAT)")
            )
        left = iter(range(count))

        async def loop() -> None:
            for i in left:
                async with engine.begin() as connection:
                    await connection.execute(
                        text("INSERT INTO bench_floor (body, at) VALUES (:body, :at)"),
                        {"body": f"the logo is too small, take {i}", "at": time.time()},
                    )

        started = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(concurrency)))
        rate = count / (time.perf_counter() - started)
        async with engine.begin() as connection:
            await connection.execute(text("DROP TABLE bench_floor"))
        return rate
    finally:
        await engine.dispose()
