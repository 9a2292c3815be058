"""Two `signoff run` instances on one PostgreSQL under a burst of 500 commands: one is stopped
(SIGTERM, the ordinary deploy) mid-burst, the other killed (kill -9) and started again. Every
command that was acknowledged ends stored exactly once and confirmed under its ref, or was
answered "not saved" and stored nowhere. In Slack each confirmation is posted exactly once: a
second try reads the channel for the first try's post. Teams has no such read through the Bot
Connector, so a kill -9 between a post and its removal from the outbox posts that one
confirmation again. (Before the durable turn, a SIGTERM lost every acknowledged Slack command
still in memory.)"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from faults_harness import (
    NOT_SAVED,
    TEAMS_CHANNEL,
    Instance,
    Secrets,
    seed,
    server_env,
    slack_headers,
    slash_form,
    teams_message,
    until,
    with_password,
)

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from bot.queries import export_project
from tests.slack.fake_slack import FakeSlack
from tests.teams.fake_connector import FakeConnector

PG = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
BURST, AT_ONCE = 500, 64
STOP_AFTER, KILL_AFTER = 120, 300  # acknowledged commands before each fault
LEASE = 3  # seconds: how soon the restarted instance takes over what the killed one held
_REF = re.compile(r"\bFB-\d+")
_MARKER = re.compile(r"\bn\d+z\b")


@dataclass(frozen=True)
class Cluster:
    """What both tests share: the fakes, the seeded database, the instances' environment."""

    slack: FakeSlack
    connector: FakeConnector
    secret: Secrets
    url: str
    env: dict[str, str]
    folder: Path


@pytest.fixture
async def cluster(database_url: str, engine: object, tmp_path: Path) -> AsyncIterator[Cluster]:
    secret = Secrets()
    url = with_password(database_url, secret.db_password)
    await seed(url, milestones=0, guests=0)
    async with FakeSlack() as slack, FakeConnector() as connector:
        env = server_env(url, secret, slack.api_url)
        yield Cluster(slack, connector, secret, url, env, tmp_path)


class Burst:
    """Sends the commands to both instances, injects the faults, and keeps every answer."""

    def __init__(self, servers: list[Instance], send: Callable, faults: Callable) -> None:
        self.servers, self._send, self._faults = servers, send, faults
        self.acked: dict[str, bytes] = {}  # marker -> the answer's body
        self._gate = asyncio.Semaphore(AT_ONCE)

    async def one(self, session: aiohttp.ClientSession, i: int) -> None:
        marker = f"n{i}z"
        async with self._gate:
            base = self.servers[i % 2].url
            try:
                async with await self._send(session, base, i, marker) as response:
                    body = await response.read()
                    if response.status in (200, 201):
                        self.acked[marker] = body
            except aiohttp.ClientError:
                return  # never acknowledged: the sender knows it was not received
        self._faults(len(self.acked))

    async def run(self) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            await asyncio.gather(*(self.one(session, i) for i in range(BURST)))


@contextlib.asynccontextmanager
async def burst_with_faults(cluster: Cluster, send: Callable) -> AsyncIterator[Burst]:
    """The burst against two instances, one stopped and one killed on the way; yields it once
    the killed one is started again (and stops that one on the way out)."""
    folder = cluster.folder
    (folder / "app.yaml").write_text(f"server:\n  reply_lease: {LEASE}\n")
    first = Instance(env=cluster.env, log=folder / "stopped.log", level="info")
    second = Instance(env=cluster.env, log=folder / "killed.log", level="info")
    done: list[str] = []

    def faults(acked: int) -> None:
        if acked >= STOP_AFTER and "stop" not in done:
            done.append("stop")
            first.process.send_signal(signal.SIGTERM)
        if acked >= KILL_AFTER and "kill" not in done:
            done.append("kill")
            second.process.send_signal(signal.SIGKILL)

    again: Instance | None = None
    try:
        for server in (first, second):
            await server.started()
        burst = Burst([first, second], send, faults)
        await burst.run()
        assert done == ["stop", "kill"], f"only {len(burst.acked)} commands acknowledged"
        assert first.process.wait(timeout=60) == 0  # a clean exit within its grace
        second.process.wait(timeout=30)
        again = Instance(env=cluster.env, log=folder / "restarted.log", level="info")
        await again.started()
        yield burst
    finally:
        for server in (first, second, again):
            if server is not None:
                server.stop()


async def stored_refs(url: str, key: str) -> dict[str, list[str]]:
    settings = settings_from_mapping({"database": {"url": url}}, env={})
    async with await build_runtime(settings) as runtime:
        record = await export_project(key, runtime.services)
    refs: dict[str, list[str]] = {}
    for row in record["feedback"]:
        if marker := _MARKER.search(row["summary"]):
            refs.setdefault(marker.group(0), []).append(row["ref"])
    return refs


async def settled_and_checked(
    burst: Burst, said: Callable[[], dict[str, list[str]]], url: str, key: str, *, repeats: int
) -> None:
    """Wait until every acknowledged command has its answer (`said`: marker -> every text the
    sender or the channel was shown about it), then check the record against the answers."""

    def answered(texts: list[str]) -> bool:
        return any(_REF.search(t) or NOT_SAVED in t for t in texts)

    await until(lambda: all(answered(said().get(m, [])) for m in burst.acked), within=90,
                what="an answer for every acknowledged command")  # fmt: skip
    stored, texts = await stored_refs(url, key), said()
    for marker in burst.acked:
        if any(NOT_SAVED in t for t in texts[marker]):
            assert marker not in stored, f"{marker} was answered 'not saved' but is stored"
            continue
        assert len(stored.get(marker, [])) == 1, (marker, stored.get(marker))
        confirmed = [ref.group(0) for t in texts[marker] if (ref := _REF.search(t))]
        assert set(confirmed) == set(stored[marker]), (marker, confirmed)
    # A lane delivers its next reply once the last is removed from the outbox: where nothing
    # can tell a second try that the first one posted, a kill -9 repeats at most the one reply
    # its lane (here the one conversation) had in flight.
    repeated = sum(max(sum(bool(_REF.search(t)) for t in texts[m]) - 1, 0) for m in burst.acked)
    assert repeated <= repeats, repeated
    assert len(burst.acked) >= KILL_AFTER


@PG
async def test_a_stopped_and_a_killed_slack_instance_lose_no_acknowledged_command(
    cluster: Cluster,
) -> None:
    slack, secret = cluster.slack, cluster.secret

    async def send(session: aiohttp.ClientSession, base: str, i: int, marker: str):
        body = slash_form(f"feedback {marker} on the logo", user="W333",
                          response_url=slack.hook_url(f"r/{marker}"))  # fmt: skip
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   **slack_headers(body, secret.signing_secret)}  # fmt: skip
        return session.post(base + "/slack/events", data=body.encode(), headers=headers)

    async with burst_with_faults(cluster, send) as burst:

        def said() -> dict[str, list[str]]:
            found = {m: [json.loads(body).get("text", "")] for m, body in burst.acked.items()
                     if body.strip()}  # fmt: skip
            for call in slack.called("chat.postMessage"):
                text = call.args.get("text") or ""
                if marker := _MARKER.search(text):
                    found.setdefault(marker.group(0), []).append(text)
            return found

        await settled_and_checked(burst, said, cluster.url, "sla", repeats=0)


@PG
async def test_a_stopped_and_a_killed_teams_instance_lose_no_acknowledged_message(
    cluster: Cluster,
) -> None:
    connector = cluster.connector

    async def send(session: aiohttp.ClientSession, base: str, i: int, marker: str):
        activity = teams_message(
            f"feedback {marker} on the logo", who=("aad-cleo", "Cleo"), activity_id=marker,
            thread=marker, service_url=connector.url,
        )  # fmt: skip
        headers = {"Content-Type": "application/json"}
        return session.post(base + "/api/messages", data=json.dumps(activity), headers=headers)

    async with burst_with_faults(cluster, send) as burst:

        def said() -> dict[str, list[str]]:
            found: dict[str, list[str]] = {}
            for post in connector.posts():
                marker = post.conversation.removeprefix(f"{TEAMS_CHANNEL};messageid=")
                found.setdefault(marker, []).append(post.text or "")
            return found

        await settled_and_checked(burst, said, cluster.url, "tms", repeats=1)
