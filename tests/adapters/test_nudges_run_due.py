"""`signoff nudges run-due --now T` finishes: its clock moves from T, so paced posts into one
Slack channel go out; a pass that cannot finish (a long 429) stops at --timeout, saying so."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from adapters.operator import operator_invocation
from bot.commands import AddMilestone, BindConversation, CreateProject
from bot.model import Conversation, Platform
from bot.service import handle

REPO = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")
SAFETY_NET = 60.0  # seconds: only so that a hang fails the test instead of the whole run


class SlackApi:
    """chat.postMessage on loopback: answers ok, or 429 with a long Retry-After when told to."""

    def __init__(self, *, rate_limited: bool = False) -> None:
        self.posts: list[str] = []
        self.rate_limited = rate_limited
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        self.server = TestServer(app, host="127.0.0.1")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method != "chat.postMessage":
            return web.json_response({"ok": False, "error": "unknown_method"})
        args = await request.json() if request.content_type == "application/json" else {}
        self.posts.append(str(args.get("text", "")))
        if self.rate_limited:
            body = {"ok": False, "error": "ratelimited"}
            return web.json_response(body, status=429, headers={"Retry-After": "120"})
        ts = f"1700000000.{len(self.posts):06d}"
        return web.json_response({"ok": True, "channel": "C111", "ts": ts})


@pytest.fixture
async def slack_api(request: pytest.FixtureRequest) -> AsyncIterator[SlackApi]:
    api = SlackApi(rate_limited=getattr(request, "param", False))
    async with api.server:
        yield api


def next_monday_0931() -> str:
    today = datetime.now(BERLIN).date()
    monday = today + timedelta(days=7 - today.weekday())  # next week's, never today's
    return datetime(monday.year, monday.month, monday.day, 9, 31, tzinfo=BERLIN).isoformat()


async def seed(database_url: str, *, due_soon: str | None) -> None:
    """Project acme (Berlin) bound to Slack's C111; a milestone due `due_soon` if given."""
    settings = settings_from_mapping({"database": {"url": database_url}}, env={})
    async with await build_runtime(settings) as runtime:
        commands = [
            CreateProject(
                key="acme", name="Acme rebrand", client="Acme Co.", timezone="Europe/Berlin"
            ),
            BindConversation(
                key="acme",
                conversation=Conversation(platform=Platform.SLACK, tenant="T111", channel="C111"),
            ),
        ]
        if due_soon:
            commands.append(AddMilestone(name="Concepts", due=due_soon))
        for command in commands:
            key = None if isinstance(command, CreateProject) else "acme"
            result = await handle(command, operator_invocation(key), runtime.services)
            assert result.ok, [r.message.text for r in result.replies]


async def run_due(database_url: str, api: SlackApi, cwd: Path, *argv: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MICROSOFT_"))}
    env.pop("SIGNOFF_CONFIG", None)
    env.update(
        DATABASE_URL=database_url,
        SLACK_BOT_TOKEN="xoxb-not-a-real-token",
        SLACK_SIGNING_SECRET="not-a-real-secret",
        SLACK_API_URL=str(api.server.make_url("/api/")),
        PYTHONPATH=str(REPO),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "nudges", "run-due", *argv,
        cwd=cwd, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(), SAFETY_NET)
    except TimeoutError:
        process.kill()
        await process.wait()
        pytest.fail(
            f"signoff nudges run-due {' '.join(argv)} was still running after {SAFETY_NET:g} s"
        )
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_two_nudges_for_one_slack_channel_both_go_out(
    database_url: str, engine: object, slack_api: SlackApi, tmp_path: Path
) -> None:
    now = next_monday_0931()
    in_two_days = datetime.fromisoformat(now) + timedelta(days=2)
    await seed(database_url, due_soon=in_two_days.date().isoformat())

    status, out, err = await run_due(database_url, slack_api, tmp_path, "--now", now)

    assert status == 0, err
    assert "2 queued" in out
    assert len(slack_api.posts) == 2, slack_api.posts
    assert any("weekly progress" in text for text in slack_api.posts)
    assert any("Reminder: M-1" in text for text in slack_api.posts)


@pytest.mark.parametrize("slack_api", [True], indirect=True, ids=["rate-limited"])
async def test_a_pass_held_by_a_long_retry_after_stops_at_its_timeout_and_says_what_is_left(
    database_url: str, engine: object, slack_api: SlackApi, tmp_path: Path
) -> None:
    now = next_monday_0931()
    await seed(database_url, due_soon=None)

    status, _, err = await run_due(
        database_url, slack_api, tmp_path, "--now", now, "--timeout", "2"
    )

    assert status == 1
    assert len(slack_api.posts) == 1  # tried once; Slack said to wait two minutes
    [line] = err.splitlines()
    assert line.startswith("signoff: the pass as of ")
    assert "did not finish within 2 s: 1 nudge due and not done left in the outbox" in line
    assert "Traceback" not in err


async def test_a_timeout_must_be_a_positive_number_of_seconds(
    database_url: str, engine: object, slack_api: SlackApi, tmp_path: Path
) -> None:
    status, _, err = await run_due(database_url, slack_api, tmp_path, "--timeout", "soon")

    assert status == 2
    [line] = err.splitlines()
    assert "'soon' is not a number of seconds above 0" in line
