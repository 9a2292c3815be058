"""Two Slack workspaces in one process (OAuth mode): Signoff serving the fake Slack, installed in
T111 (project acme, channel C111) and T222 (project beta, channel C222) through the real OAuth
flow, with signed requests from either workspace and the nudge and reply outboxes at hand."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlencode

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from cryptography.fernet import Fernet
from faults_harness import Secrets, block_action, slack_headers, slash_form, until
from yarl import URL

from adapters.composition import Runtime, build_runtime
from adapters.config import settings_from_mapping
from adapters.operator import operator_invocation
from adapters.platforms import build_slack
from adapters.scheduling import build_engine, nudge_messenger
from adapters.server import make_app
from adapters.slack.app import SlackAdapter
from adapters.slack.courier import slack_address
from bot.commands import (
    AddMember,
    AddMilestone,
    BindConversation,
    Command,
    CreateProject,
    LogFeedback,
    RaiseIssue,
    SubmitMilestone,
)
from bot.messages import Audience, Message, Reply
from bot.model import Conversation, Identity, Platform, Role
from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus
from bot.outbox import ReplyRoute
from bot.service import handle
from tests.slack.fake_slack import INSTALLS, Call, FakeSlack

FORM = "application/x-www-form-urlencoded"
CLIENT_ID, CLIENT_SECRET = "1234.5678", "oauth-client-secret-value"
T = TypeVar("T")
KEY = Fernet.generate_key().decode()  # seals the installations in the database


@dataclass(frozen=True)
class Workspace:
    """One Slack workspace with Signoff installed, and the project bound in its channel."""

    code: str  # what Slack's consent hands back to the redirect (the fake's INSTALLS)
    team: str
    channel: str
    key: str  # the project's key
    name: str  # the project's name, and the start of every name of its own
    pm: str
    client: str

    @property
    def token(self) -> str:
        return str(INSTALLS[self.code]["access_token"])

    @property
    def where(self) -> Conversation:
        return Conversation(platform=Platform.SLACK, tenant=self.team, channel=self.channel)


A = Workspace("code-a", "T111", "C111", "acme", "Acme", pm="W111", client="W333")
B = Workspace("code-b", "T222", "C222", "beta", "Beta", pm="W999", client="W444")
BY_CHANNEL = {A.channel: A, B.channel: B}
# A workspace of an Enterprise Grid org that installed Signoff org-wide (one token for all).
GRID = Workspace("code-grid", "T333", "C333", "gridco", "Grid", pm="W777", client="W778")
ORG = "E12345678"


def settings(url: str, secret: Secrets, api_url: str) -> Any:
    """OAuth mode: no bot token, the installations (sealed with KEY) in the database."""
    slack = {"bot_token": "", "signing_secret": secret.signing_secret, "api_url": api_url,
             "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
             "encryption_secret": KEY}  # fmt: skip
    return settings_from_mapping({"database": {"url": url}, "slack": slack}, env={})


class Studio:
    """Signoff serving /slack/events over real HTTP, and the fake Slack both workspaces use."""

    def __init__(self, client: TestClient, runtime: Runtime, adapter: SlackAdapter,
                 slack: FakeSlack, secret: Secrets) -> None:  # fmt: skip
        self.client, self.runtime, self.adapter = client, runtime, adapter
        self.slack, self.secret = slack, secret
        self.hooks = 0

    async def install(self, workspace: Workspace) -> None:
        """A browser's way through /slack/install, Slack's consent (skipped), the redirect."""
        start = await self.client.get("/slack/install", allow_redirects=False)
        assert start.status == 302, start.status
        state = URL(start.headers["Location"]).query["state"]
        back = await self.client.get(
            "/slack/oauth_redirect", params={"code": workspace.code, "state": state},
            headers={"Cookie": f"slack-app-oauth-state={state}"}, allow_redirects=False,
        )  # fmt: skip
        assert back.status == 200, back.status

    async def signed(self, body: str, content_type: str) -> ClientResponse:
        headers = {"Content-Type": content_type, **slack_headers(body, self.secret.signing_secret)}
        return await self.client.post("/slack/events", data=body.encode(), headers=headers)

    async def slash(
        self, text: str, *, team: str, channel: str, user: str, answered: bool = True, **more: str
    ) -> str:
        """`/signoff text` from `user` of workspace `team` (`more` fields in the form, such as
        its Grid org's enterprise_id); the answer the caller is shown (waited for when
        `answered`: a record confirmed in the channel has none)."""
        self.hooks += 1
        hook = self.slack.hook_url(f"w/{self.hooks}")
        body = slash_form(text, user=user, response_url=hook, team=team, channel=channel)
        body = urlencode({**dict(parse_qsl(body)), **more})
        answer = await self.signed(body, FORM)
        assert answer.status == 200, (text, answer.status)
        self.slack.shown_in_ack(hook, await answer.read())
        return await self.told(f"w/{self.hooks}") if answered else ""

    async def click(self, command: str, *, team: str, channel: str, user: str) -> str:
        """A button carrying `command` clicked in `channel` of `team`; what the clicker is told."""
        self.hooks += 1
        hook = self.slack.hook_url(f"w/{self.hooks}")
        payload = block_action(command, user=user, response_url=hook, team=team, channel=channel)
        payload["actions"][0]["action_id"] = "signoff_run"
        answer = await self.signed("payload=" + quote(json.dumps(payload)), FORM)
        assert answer.status == 200, (command, answer.status)
        return await self.told(f"w/{self.hooks}")

    async def told(self, path: str) -> str:
        def shown() -> list[Call]:
            return [c for c in self.slack.hooks if c.method == path]

        found = await until(shown, within=20, what=f"the answer at {path}")
        return "\n".join(str(c.args.get("text", "")) for c in found)

    async def event(self, payload: dict[str, Any]) -> None:
        answer = await self.signed(json.dumps(payload), "application/json")
        assert answer.status == 200, answer.status

    async def core(self, command: Command, key: str | None) -> None:
        result = await handle(command, operator_invocation(key), self.runtime.services)
        assert result.ok, [r.message.text for r in result.replies]

    async def nudge_pass(self) -> int:
        """One delivery pass of the scheduler, through the messenger `signoff run` gives it
        (what a console would be shown is dropped: every binding here is Slack's)."""
        messenger = nudge_messenger([self.adapter], write=lambda _line: None)
        return await build_engine(self.runtime, messenger).deliver_due()

    async def outbox_empty(self) -> bool:
        async with self.runtime.services.uow() as uow:
            backlog = await uow.replies.backlog(self.runtime.services.clock.now())
        return backlog.pending == 0


async def queue_digest(runtime: Runtime, workspace: Workspace, week: str) -> None:
    """The weekly digest of `workspace`'s project falling due now in its channel."""
    now = runtime.services.clock.now()
    async with runtime.services.uow() as uow:
        project = await uow.projects.get_by_key(workspace.key)
        assert project is not None
        digest = Occurrence(kind=NudgeKind.DIGEST, project_id=project.id, target=workspace.where,
                            due_at=now, subject={"week": week})  # fmt: skip
        await uow.nudges.add([digest], status=OutboxStatus.PENDING, at=now, not_before=now)
        await uow.commit()


async def orphan_reply(runtime: Runtime, workspace: Workspace, text: str) -> None:
    """A channel record queued by an instance that died before delivering it (its lease
    already over), for whichever instance runs next."""
    now = runtime.services.clock.now()
    address = slack_address(team=workspace.team, user_team=workspace.team, user=workspace.pm,
                            channel=workspace.channel, response_url="")  # fmt: skip
    route = ReplyRoute(platform=Platform.SLACK, lane=workspace.channel, address=address,
                       holder="an-instance-that-died", lease=timedelta(0))  # fmt: skip
    record = Reply(message=Message(text=text), audience=Audience.CHANNEL)
    async with runtime.services.uow() as uow:
        await uow.replies.add(route, [record], at=now - timedelta(seconds=1))
        await uow.commit()


@contextlib.asynccontextmanager
async def running(url: str, slack: FakeSlack, secret: Secrets) -> AsyncIterator[Studio]:
    """One Signoff process's state: a runtime, the Slack adapter, the HTTP server; all of it
    stopped on the way out (the reply outbox drained, the client sessions closed)."""
    async with await build_runtime(settings(url, secret, slack.api_url)) as runtime:
        adapter = build_slack(runtime)
        app = make_app(runtime, [lambda app, _runtime: adapter.install(app)])
        try:
            async with TestClient(TestServer(app, host="127.0.0.1")) as client:
                yield Studio(client, runtime, adapter, slack, secret)
        finally:
            await adapter.aclose()


async def seed(studio: Studio, workspace: Workspace, *, milestones: int, submitted: int) -> None:
    """The workspace's project bound in its channel with its PM and client, `milestones`
    milestones (the first `submitted` of them in review), and as many feedback and issues."""
    key, name = workspace.key, workspace.name
    await studio.core(CreateProject(key=key, name=f"{name} rebrand", client=f"{name} Co.",
                                    locale="en"), None)  # fmt: skip
    await studio.core(BindConversation(key=key, conversation=workspace.where), key)
    for user, role in ((workspace.pm, Role.PM), (workspace.client, Role.CLIENT)):
        who = Identity(platform=Platform.SLACK, tenant=workspace.team, user_id=user)
        await studio.core(AddMember(role=role, identity=who, display_name=f"{name} {role}"), key)
    due = (studio.runtime.services.clock.now() + timedelta(days=7)).date().isoformat()
    for n in range(1, milestones + 1):
        await studio.core(AddMilestone(name=f"{name} stage {n}", due=due, criteria=("done",)), key)
    for n in range(1, submitted + 1):
        await studio.core(SubmitMilestone(number=n), key)
        await studio.core(LogFeedback(text=f"{name} feedback {n}"), key)
        await studio.core(RaiseIssue(title=f"{name} issue {n}"), key)


async def until_async(check: Callable[[], Awaitable[T]], *, within: float, what: str) -> T:
    """`until` for a check that must await (the database): polled with a deadline."""
    deadline = time.monotonic() + within
    while not (found := await check()):
        assert time.monotonic() < deadline, f"timed out after {within}s waiting for {what}"
        await asyncio.sleep(0.05)
    return found


def posts(slack: FakeSlack, since: int = 0) -> list[Call]:
    return [c for c in slack.calls[since:] if c.method == "chat.postMessage"]


def wrongly_routed(slack: FakeSlack) -> list[tuple[str, str, str]]:
    """Every Web API call naming a workspace's channel that did not carry that workspace's
    token (empty when each was posted with its own), as (method, channel, token's team)."""
    teams = {w.token: w.team for w in (A, B)}
    return [
        (c.method, c.args["channel"], teams.get(c.token, c.token[:8]))
        for c in slack.calls
        if c.args.get("channel") in BY_CHANNEL and c.token != BY_CHANNEL[c.args["channel"]].token
    ]
