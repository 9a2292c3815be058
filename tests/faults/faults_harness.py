"""Fault-suite helpers: `signoff run` subprocesses, signed Slack and Teams payloads, scraping."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import make_url

from adapters.composition import Runtime, build_runtime
from adapters.config import settings_from_mapping
from adapters.operator import operator_invocation
from adapters.platforms import build_platforms
from adapters.server import make_app
from bot.commands import AddMember, AddMilestone, BindConversation, CreateProject
from bot.model import Conversation, Identity, Platform, Role
from bot.service import Services, handle

REPO = Path(__file__).resolve().parents[2]
TEAM, CHANNEL = "T111", "C111"
TENANT, TEAMS_CHANNEL = "tenant-a", "19:faults-a@thread.tacv2"
BOT = {"id": "28:signoff-bot", "name": "Signoff"}
NOT_SAVED = "could not save that"
_LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


class Secrets:
    """Values that must never reach a log line, fresh per test."""

    def __init__(self) -> None:
        self.bot_token = f"xoxb-{secrets.token_hex(12)}"
        self.signing_secret = secrets.token_hex(16)
        self.db_password = f"pw{secrets.token_hex(10)}"
        self.app_password = f"ap{secrets.token_hex(12)}"

    def all(self) -> list[str]:
        return [self.bot_token, self.signing_secret, self.db_password, self.app_password]


def with_password(url: str, password: str) -> str:
    """The URL with a password (the test server trusts loopback, so any password works)."""
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def slack_headers(body: str | bytes, secret: str, **extra: str) -> dict[str, str]:
    """Slack's v0 signature over the raw body, as Slack signs a request."""
    ts = str(int(time.time()))
    raw = body.encode() if isinstance(body, str) else body
    mac = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={mac.hexdigest()}", **extra}


def slash_form(
    text: str, *, user: str, response_url: str, team: str = TEAM, channel: str = CHANNEL
):
    return urlencode(
        {
            "team_id": team,
            "channel_id": channel,
            "user_id": user,
            "user_name": user.lower(),
            "command": "/signoff",
            "text": text,
            "response_url": response_url,
            "trigger_id": "111.222.333",
            "api_app_id": "A111",
        }
    )


def mention_event(text: str, *, user: str, event_id: str, team: str = TEAM, channel: str = CHANNEL):
    return {
        "token": "x",
        "team_id": team,
        "api_app_id": "A111",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "text": f"<@U0BOT> {text}",
            "user": user,
            "ts": f"{time.time():.6f}",
            "team": team,
            "channel": channel,
        },
    }


def block_action(
    command: str, *, user: str, response_url: str, team: str = TEAM, channel: str = CHANNEL
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": team, "domain": "d"},
        "api_app_id": "A111",
        "user": {"id": user, "username": user.lower(), "team_id": team},
        "container": {"type": "message", "message_ts": "1.2", "channel_id": channel},
        "channel": {"id": channel, "name": "c"},
        "trigger_id": "1.2.3",
        "response_url": response_url,
        "actions": [
            {
                "action_id": "milestone_approve",
                "block_id": "card_actions",
                "type": "button",
                "text": {"type": "plain_text", "text": "Approve"},
                "value": json.dumps({"command": command}),
            }
        ],
    }


def teams_message(
    text: str,
    *,
    who: tuple[str, str],
    activity_id: str,
    thread: str,
    service_url: str,
    tenant: str = TENANT,
    channel: str = TEAMS_CHANNEL,
) -> dict:
    """A channel message @mentioning the bot, in its own thread (replies are found by thread)."""
    return {
        "type": "message",
        "channelId": "msteams",
        "id": activity_id,
        "serviceUrl": service_url,
        "text": f"<at>Signoff</at> {text}",
        "locale": "en-US",
        "from": {"id": f"29:{who[0]}", "name": who[1], "aadObjectId": who[0]},
        "recipient": dict(BOT),
        "conversation": {
            "id": f"{channel};messageid={thread}",
            "isGroup": True,
            "conversationType": "channel",
            "tenantId": tenant,
        },
        "channelData": {"tenant": {"id": tenant}, "channel": {"id": channel}},
        "entities": [{"type": "mention", "text": "<at>Signoff</at>", "mentioned": dict(BOT)}],
    }


def teams_invoke(
    command: str,
    *,
    who: tuple[str, str],
    activity_id: str,
    service_url: str,
    tenant: str = TENANT,
    channel: str = TEAMS_CHANNEL,
) -> dict:
    """An Approve button (Action.Execute) clicked on a card in the channel."""
    return {
        "type": "invoke",
        "name": "adaptiveCard/action",
        "channelId": "msteams",
        "id": activity_id,
        "serviceUrl": service_url,
        "locale": "en-US",
        "from": {"id": f"29:{who[0]}", "name": who[1], "aadObjectId": who[0]},
        "recipient": dict(BOT),
        "conversation": {
            "id": channel,
            "isGroup": True,
            "conversationType": "channel",
            "tenantId": tenant,
        },
        "channelData": {"tenant": {"id": tenant}},
        "value": {
            "action": {
                "type": "Action.Execute",
                "verb": "milestone.approve",
                "data": {"command": command},
            },
            "trigger": "manual",
        },
    }


async def seed_project(
    services: Services,
    key: str,
    where: Conversation,
    people: dict[str, tuple[Role, str]],
    milestones: int,
    *,
    create: bool = True,
) -> None:
    """A project (new unless `create` is False) bound to `where`, with members (user id:
    role, name) and milestones M-1…"""

    async def run(command: Any, project: str | None = key) -> None:
        result = await handle(command, operator_invocation(project), services)
        assert result.ok, [r.message.text for r in result.replies]

    if create:
        await run(CreateProject(key=key, name=f"Project {key}", client="Client Co."), None)
    await run(BindConversation(key=key, conversation=where))
    for user, (role, name) in people.items():
        who = Identity(platform=where.platform, tenant=where.tenant, user_id=user)
        await run(AddMember(role=role, identity=who, display_name=name))
    for number in range(1, milestones + 1):
        await run(AddMilestone(name=f"Stage {number}", due="2030-01-15", criteria=("done",)))


async def seed(url: str, *, milestones: int, guests: int) -> None:
    """Project sla in Slack's C111 (PM W111, approver W222, client W333 and guests W5000…) and
    project tms in a Teams channel (Paula PM, Ava approver, Cleo client), with M-1… each."""
    settings = settings_from_mapping({"database": {"url": url}}, env={})
    async with await build_runtime(settings) as runtime:
        slack = {"W111": (Role.PM, "Paula"), "W222": (Role.APPROVER, "Alex")}
        slack["W333"] = (Role.CLIENT, "Cleo")
        slack.update({f"W5{i:03d}": (Role.CLIENT, f"Guest {i}") for i in range(guests)})
        where = Conversation(platform=Platform.SLACK, tenant=TEAM, channel=CHANNEL)
        await seed_project(runtime.services, "sla", where, slack, milestones)
        teams = {"aad-paula": (Role.PM, "Paula"), "aad-ava": (Role.APPROVER, "Ava")}
        teams["aad-cleo"] = (Role.CLIENT, "Cleo")
        where = Conversation(platform=Platform.TEAMS, tenant=TENANT, channel=TEAMS_CHANNEL)
        await seed_project(runtime.services, "tms", where, teams, milestones)


class Instance:
    """One `signoff run` process on an ephemeral loopback port, its stderr in a file."""

    def __init__(self, *, env: dict[str, str], log: Path, level: str) -> None:
        self.log = log
        self._stderr = log.open("w")
        argv = ["run", "--host", "127.0.0.1", "--port", "0", "--no-scheduler"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", *argv, "--log-level", level],
            cwd=log.parent,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        self.url = ""

    async def started(self, within: float = 30.0) -> None:
        deadline = time.monotonic() + within
        while not (found := _LISTENING.search(self.log.read_text())):
            assert self.process.poll() is None, f"signoff run exited:\n{self.log.read_text()}"
            assert time.monotonic() < deadline, (
                f"no server within {within}s:\n{self.log.read_text()}"
            )
            await asyncio.sleep(0.02)
        self.url = f"http://127.0.0.1:{found.group(1)}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()


def server_env(database_url: str, secret: Secrets, slack_api: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MICROSOFT_"))}
    env.pop("SIGNOFF_CONFIG", None)
    env.update(
        DATABASE_URL=database_url,
        SLACK_BOT_TOKEN=secret.bot_token,
        SLACK_API_URL=slack_api,
        SLACK_SIGNING_SECRET=secret.signing_secret,
        SIGNOFF_TEAMS_ALLOW_UNAUTHENTICATED="1",
        PYTHONPATH=str(REPO),
        **extra,
    )
    return env


@contextlib.asynccontextmanager
async def instances(
    env: dict[str, str], logs: Path, levels: tuple[str, ...]
) -> AsyncIterator[list[Instance]]:
    """Start one `signoff run` per level; every one is stopped on the way out."""
    started: list[Instance] = []
    try:
        for i, level in enumerate(levels):
            started.append(Instance(env=env, log=logs / f"instance-{i}.log", level=level))
        for instance in started:
            await instance.started()
        yield started
    finally:
        for instance in started:
            instance.stop()


def leaked(logs: list[Path], secret: Secrets) -> list[str]:
    """Every secret found in the logs (empty when none is)."""
    text = "".join(path.read_text(errors="replace") for path in logs)
    return [value for value in secret.all() if value in text]


async def until(check: Callable[[], Any], *, within: float, what: str) -> Any:
    deadline = time.monotonic() + within
    while not (found := check()):
        assert time.monotonic() < deadline, f"timed out after {within}s waiting for {what}"
        await asyncio.sleep(0.05)
    return found


PLATFORMS = web.AppKey("fault_platforms", list)


def at_rest(client: TestClient, runtime: Runtime) -> bool:
    """Whether the server `serving` started has nothing left to do after its answers: no
    admitted command at work (Slack's and Teams' alike), no reply held for delivery, no form,
    refusal or Teams install in flight after an answer."""
    platforms = client.server.app[PLATFORMS]
    work = [p.work.pending for p in platforms if hasattr(p, "work")]
    work += [p.runner.pending for p in platforms if hasattr(p, "runner")]
    return runtime.admission.active == 0 and runtime.replies.holding == 0 and not any(work)


@contextlib.asynccontextmanager
async def serving(
    database_url: str, secret: Secrets, slack_api: str, *, teams: dict[str, Any] | None = None
) -> AsyncIterator[tuple[TestClient, Runtime]]:
    """Signoff in-process with Slack and Teams (unauthenticated unless `teams` says otherwise)
    on a loopback port."""
    block = {"bot_token": secret.bot_token, "signing_secret": secret.signing_secret}
    raw = {"database": {"url": database_url}, "slack": {**block, "api_url": slack_api}}
    teams = teams or {"allow_unauthenticated": True}
    settings = settings_from_mapping({**raw, "teams": teams}, env={})
    async with await build_runtime(settings) as runtime:
        platforms = build_platforms(runtime)
        app = make_app(runtime, [lambda app, _runtime, p=p: p.install(app) for p in platforms])
        app[PLATFORMS] = platforms
        try:
            async with TestClient(TestServer(app, host="127.0.0.1")) as client:
                yield client, runtime
        finally:
            for platform in platforms:
                await platform.aclose()
