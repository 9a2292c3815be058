"""Socket Mode: the same listeners, over a WebSocket the bot opens to (a fake) Slack; and
`signoff run` serving at once while Slack cannot be reached, connecting when it can."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qsl

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from fake_slack import FakeSlack
from slack_harness import CLIENT, serving, slack_settings, slash_body

from adapters.composition import build_runtime
from tests.faults.faults_harness import REPO, Instance, until

ATTEMPT = re.compile(r"Slack Socket Mode: connecting \(attempt (\d+) failed: (.+)\); next in ")


async def test_a_slash_command_over_socket_mode_is_acked_and_answered(
    migrated_url: str, fake: FakeSlack
) -> None:
    settings = slack_settings(migrated_url, fake, signing_secret="", app_token="xapp-1-not-real")
    assert settings.slack.enabled and settings.slack.socket_mode and not settings.slack.http
    async with await build_runtime(settings) as runtime:
        async with serving(runtime, fake) as slack:
            await slack.seed()
            opened = await fake.wait_call("apps.connections.open")
            assert opened[0].args == {}  # the app token travels in the Authorization header
            fields = dict(
                parse_qsl(
                    slash_body(text="feedback over the socket", command="/signoff", user_id=CLIENT)
                )
            )
            fields["response_url"] = fake.hook_url()
            await fake.send_envelope(
                {
                    "envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": fields,
                }
            )
            acks = await fake.wait_for(lambda: fake.socket_acks)
            assert acks[0]["envelope_id"] == "57d6a792-4d35-4d0b-b6aa-3361493e1caf"
            posted = (await fake.wait_call("chat.postMessage"))[0].args
            assert "feedback over the socket" not in posted["text"]
            assert "over the socket" in posted["text"]
            # There is no public endpoint in this mode.
            assert (await slack.client.post("/slack/events", data=b"")).status == 404


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def signoff_run(migrated_url: str, tmp_path: Path) -> AsyncIterator[tuple[Instance, int]]:
    """`signoff run` with Socket Mode only, its Slack API on a loopback port that refuses."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MICROSOFT_"))}
    env.pop("SIGNOFF_CONFIG", None)
    env.update(
        DATABASE_URL=migrated_url,
        SLACK_BOT_TOKEN="xoxb-not-a-real-token",
        SLACK_APP_TOKEN="xapp-1-not-real",
        SLACK_API_URL=f"http://127.0.0.1:{port}/api/",
        PYTHONPATH=str(REPO),
    )
    instance = Instance(env=env, log=tmp_path / "signoff-run.log", level="info")
    try:
        await instance.started()
        yield instance, port
    finally:
        instance.stop()


def attempts(log: str) -> list[int]:
    return [int(found.group(1)) for found in ATTEMPT.finditer(log)]


async def stopped_by(instance: Instance, sig: signal.Signals) -> int | None:
    """Send `sig` and wait up to 10 s for the exit: its status, or None if still running."""
    instance.process.send_signal(sig)
    deadline = time.monotonic() + 10
    while instance.process.poll() is None and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)  # a child process's exit has no event to await here
    return instance.process.poll()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_run_serves_at_once_while_slack_refuses_and_retries_one_line_at_a_time(
    signoff_run: tuple[Instance, int], sig: signal.Signals
) -> None:
    instance, _ = signoff_run
    async with aiohttp.ClientSession() as http:

        async def healthy() -> bool:
            async with http.get(f"{instance.url}/healthz") as response:
                return response.status == 200

        deadline = time.monotonic() + 10
        while not await healthy():
            assert time.monotonic() < deadline, "no /healthz 200 within 10 s"
            await asyncio.sleep(0.05)
        async with http.get(f"{instance.url}/readyz") as response:
            ready = await response.json()
        assert response.status == 200
        assert ready == {"status": "ready", "slack": "connecting"}

    # Back-off of about 1 s, then 2 s: the third attempt comes 2-5 s after the first.
    await until(lambda: len(attempts(instance.log.read_text())) >= 3, within=15, what="3 tries")
    log = instance.log.read_text()
    assert "Surfaces: Slack HTTP off; Slack Socket Mode on; Teams off" in log
    assert "Traceback" not in log
    tried = attempts(log)
    assert tried == list(range(1, len(tried) + 1))  # one line per attempt, in order
    after_start = log.split("listening on", 1)[1].splitlines()[1:]
    # Nothing else meanwhile but the requests above (each logged, and /readyz reads the schema).
    others = [line for line in after_start if not ATTEMPT.search(line)]
    assert all(" aiohttp.access" in line or " alembic." in line for line in others), others
    assert "Connect call failed" in ATTEMPT.search(log).group(2)

    assert await stopped_by(instance, sig) == 0


async def test_run_connects_once_the_socket_mode_server_comes_up(
    signoff_run: tuple[Instance, int],
) -> None:
    instance, port = signoff_run
    await until(lambda: attempts(instance.log.read_text()), within=10, what="a failed attempt")

    async with FakeSlack() as fake:
        # The same fake Slack, on the port the bot has been trying.
        await fake.server.close()
        fake.server = TestServer(fake.server.app, host="127.0.0.1", port=port)
        await fake.server.start_server()
        await asyncio.wait_for(fake.socket_open.wait(), 30)
        async with aiohttp.ClientSession() as http:

            async def slack_status() -> str:
                async with http.get(f"{instance.url}/readyz") as response:
                    return (await response.json())["slack"]

            deadline = time.monotonic() + 10
            while await slack_status() != "connected":
                assert time.monotonic() < deadline, "/readyz never said connected"
                await asyncio.sleep(0.05)
        await fake.send_envelope(
            {
                "envelope_id": "0b9f6c1e-0000-4000-8000-000000000001",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": dict(parse_qsl(slash_body(text="help", command="/signoff"))),
            }
        )
        acks = await fake.wait_for(lambda: fake.socket_acks)
        assert acks[0]["envelope_id"] == "0b9f6c1e-0000-4000-8000-000000000001"
        assert "Slack Socket Mode connected" in instance.log.read_text()

        assert await stopped_by(instance, signal.SIGTERM) == 0
