"""Tenant and project isolation: ids of another project, Slack workspace or Teams tenant, typed,
clicked or invoked in project A's conversations, are refused and change nothing anywhere."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from aiohttp.test_utils import TestClient
from faults_harness import (
    CHANNEL,
    TEAM,
    TEAMS_CHANNEL,
    TENANT,
    Secrets,
    block_action,
    mention_event,
    seed_project,
    serving,
    slack_headers,
    slash_form,
    teams_invoke,
    teams_message,
    until,
)

from adapters.composition import Runtime
from adapters.operator import operator_invocation
from bot.commands import LogFeedback, RaiseIssue, SubmitMilestone
from bot.model import Conversation, Platform, Role
from bot.queries import export_project
from bot.service import handle
from tests.slack.fake_slack import FakeSlack
from tests.teams.fake_connector import FakeConnector

FORM = "application/x-www-form-urlencoded"
# Project B: another Slack workspace and channel, another Teams tenant and channel.
TEAM_B, CHANNEL_B, TENANT_B, TEAMS_B = "T222", "C222", "tenant-b", "19:faults-b@thread.tacv2"
PM_A, PM_B = ("W111", TEAM), ("W999", TEAM_B)
TYPED = [
    "approve M-1@v1",
    "approve M-1",
    "changes M-1@v1 redo it",
    "feedback resolve FB-1",
    "feedback reopen FB-1",
    "issue ack IS-1",
    "issue resolve IS-1",
    "issue close IS-1",
    "issue reopen IS-1",
    "issue assign IS-1 <@W999>",
    "project bind beta",
    "submit M-1",
]


async def two_projects(runtime: Runtime) -> None:
    """A (acme): Slack C111 in T111 and a Teams channel in tenant-a; nothing recorded yet.
    B (beta): Slack C222 in T222 and a channel in tenant-b; M-1 in review, FB-1 and IS-1."""
    services = runtime.services
    for key, team, channel, tenant, teams in (
        ("acme", TEAM, CHANNEL, TENANT, TEAMS_CHANNEL),
        ("beta", TEAM_B, CHANNEL_B, TENANT_B, TEAMS_B),
    ):
        pm = "W111" if key == "acme" else "W999"
        where = Conversation(platform=Platform.SLACK, tenant=team, channel=channel)
        people = {pm: (Role.PM, "PM " + key)}
        await seed_project(services, key, where, people, milestones=int(key == "beta"))
        teams_where = Conversation(platform=Platform.TEAMS, tenant=tenant, channel=teams)
        people = {f"aad-pm-{key}": (Role.PM, "PM " + key)}
        await seed_project(services, key, teams_where, people, milestones=0, create=False)
    beta = operator_invocation("beta")
    for command in (
        SubmitMilestone(number=1),
        LogFeedback(text="B's feedback"),
        RaiseIssue(title="B's issue"),
    ):
        assert (await handle(command, beta, services)).ok


async def snapshot(runtime: Runtime) -> dict[str, Any]:
    return {key: await export_project(key, runtime.services) for key in ("acme", "beta")}


async def test_ids_from_another_project_workspace_or_tenant_are_refused_everywhere(
    database_url: str, engine: object
) -> None:
    """Every verb that names an id, typed by A's PM in A's channel or by B's PM from B's
    workspace or tenant, every button and every invoke carrying B's milestone: each gets an
    answer, and neither project's record changes at all."""
    secret = Secrets()
    async with FakeSlack() as slack, FakeConnector() as connector:
        async with serving(database_url, secret, slack.api_url) as (client, runtime):
            await two_projects(runtime)
            before = await snapshot(runtime)
            sender = Sender(client, slack, connector, secret)
            for text in TYPED:
                for user, team in (PM_A, PM_B):
                    await sender.slash(text, user=user, team=team)
                    await sender.mention(text, user=user, team=team)
                for who in ("aad-pm-acme", "aad-pm-beta"):  # B's PM as a guest from tenant B
                    await sender.teams(text, who=who, tenant=TENANT)
            for command in ("approve M-1@v1", "changes M-1@v1 redo it"):
                for user, team in (PM_A, PM_B):
                    await sender.click(command, user=user, team=team)
                await sender.modal(command, user=PM_A[0], team=PM_A[1])  # B's PM may act in B
                for who in ("aad-pm-acme", "aad-pm-beta"):
                    await sender.invoke(command, who=who, tenant=TENANT)
            await sender.answered()
            assert await snapshot(runtime) == before


class Sender:
    """Requests into project A's conversations; counts those that must get an answer."""

    def __init__(
        self, client: TestClient, slack: FakeSlack, connector: FakeConnector, secret: Secrets
    ):
        self.client, self.slack, self.connector, self.secret = client, slack, connector, secret
        self.hooks = self.posts = self.ephemerals = 0

    async def signed(self, body: str, content_type: str) -> bytes:
        headers = {"Content-Type": content_type, **slack_headers(body, self.secret.signing_secret)}
        answer = await self.client.post("/slack/events", data=body.encode(), headers=headers)
        assert answer.status == 200, (body, answer.status)
        return await answer.read()

    async def slash(self, text: str, *, user: str, team: str) -> None:
        self.hooks += 1
        hook = self.slack.hook_url(f"i/{self.hooks}")
        # A slash command names the channel's workspace; a Slack Connect guest is just a user id.
        body = slash_form(text, user=user, response_url=hook, team=TEAM, channel=CHANNEL)
        self.slack.shown_in_ack(hook, await self.signed(body, FORM))

    async def mention(self, text: str, *, user: str, team: str) -> None:
        self.ephemerals += 1
        event = mention_event(text, user=user, event_id=f"Ev{self.ephemerals}", channel=CHANNEL)
        event["event"]["user_team"] = team
        await self.signed(json.dumps(event), "application/json")

    async def click(self, command: str, *, user: str, team: str) -> None:
        self.hooks += 1
        payload = block_action(
            command, user=user, response_url=self.slack.hook_url(f"i/{self.hooks}")
        )
        payload["user"]["team_id"] = team
        payload["actions"][0]["action_id"] = "signoff_run"
        await self.signed("payload=" + quote(json.dumps(payload)), FORM)

    async def modal(self, command: str, *, user: str, team: str) -> None:
        """The request-changes modal submitted with metadata naming B's channel (forged)."""
        self.hooks += 1
        metadata = {
            "command": command,
            "channel": CHANNEL_B,
            "team": TEAM_B,
            "response_url": self.slack.hook_url(f"i/{self.hooks}"),
        }
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM},
            "user": {"id": user, "team_id": team},
            "view": {
                "type": "modal",
                "callback_id": "milestone_changes_view",
                "private_metadata": json.dumps(metadata),
                "blocks": [],
                "state": {
                    "values": {"note": {"value": {"type": "plain_text_input", "value": "redo"}}}
                },
            },
        }
        await self.signed("payload=" + quote(json.dumps(payload)), FORM)

    async def teams(self, text: str, *, who: str, tenant: str) -> None:
        self.posts += 1
        activity = teams_message(
            text,
            who=(who, who),
            activity_id=f"iso-{self.posts}",
            thread=f"i{self.posts}",
            service_url=self.connector.url,
            tenant=tenant,
        )
        activity["conversation"]["id"] = f"{TEAMS_CHANNEL};messageid=i{self.posts}"
        answer = await self.client.post("/api/messages", json=activity)
        assert answer.status in (200, 201), answer.status

    async def invoke(self, command: str, *, who: str, tenant: str) -> None:
        activity = teams_invoke(
            command,
            who=(who, who),
            activity_id=f"inv-{command}-{who}",
            service_url=self.connector.url,
            tenant=tenant,
        )
        activity["conversation"]["id"] = TEAMS_CHANNEL
        answer = await self.client.post("/api/messages", json=activity)
        assert answer.status == 200, answer.status
        said = json.dumps(await answer.json())
        assert "approved" not in said and "requested changes" not in said, said

    async def answered(self) -> None:
        answered = lambda: {c.method for c in self.slack.hooks}  # noqa: E731
        missing = lambda: {f"i/{n}" for n in range(1, self.hooks + 1)} - answered()  # noqa: E731
        await until(lambda: not missing(), within=10, what=f"Slack answers {missing()}")
        await until(
            lambda: (
                len(self.slack.called("chat.postEphemeral"))
                + len(self.slack.called("chat.postMessage"))
                >= self.ephemerals
            ),
            within=30,
            what="Slack mentions",
        )
        await until(
            lambda: len(self.connector.posts()) >= self.posts, within=30, what="Teams answers"
        )
