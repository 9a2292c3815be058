"""The Teams adapter on a real aiohttp server, a fresh database and a fake Bot Connector."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from adapters.composition import Runtime, build_runtime
from adapters.config import settings_from_mapping
from adapters.operator import operator_invocation
from adapters.platforms import build_teams
from adapters.server import make_app
from adapters.teams.app import TeamsPlatform
from adapters.teams.messenger import Backoff
from bot.commands import AddMember, BindConversation, Command, CreateProject
from bot.model import Conversation, Identity, Platform, Role
from bot.queries import export_project
from bot.service import handle
from tests.teams.fake_connector import FakeConnector

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "protocol" / "teams"
CHANNEL = "19:6848757105754c8981c67612732d9aa7@thread.tacv2"
TENANT = "50612dbb-0237-4969-b378-8d42590f9c00"
BOT = {"id": "28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8", "name": "Signoff"}
PEOPLE = {  # name: (AAD object id, Teams id)
    "paula": ("5c0d7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e01", "29:paula"),
    "dan": ("5c0d7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e02", "29:dan"),
    "cleo": ("5c0d7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e03", "29:cleo"),
    "ava": ("5c0d7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e04", "29:ava"),
}
ROLES = {"paula": Role.PM, "dan": Role.DESIGNER, "cleo": Role.CLIENT, "ava": Role.APPROVER}


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass
class Teams:
    """Drives /api/messages as Teams would and sets projects up as an operator would."""

    client: TestClient
    connector: FakeConnector
    runtime: Runtime
    platform: TeamsPlatform
    delays: list[float]
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))

    def _stamp(self, activity: dict[str, Any], who: str) -> dict[str, Any]:
        activity["serviceUrl"] = self.connector.url
        activity.setdefault("id", str(next(self._ids)))
        if who:
            aad, teams_id = PEOPLE[who]
            activity["from"] = {"id": teams_id, "name": who, "aadObjectId": aad}
        return activity

    def channel_message(self, text: str, *, who: str = "cleo", thread: bool = True) -> dict:
        """The captured channel message (a thread reply @mentioning the bot), retyped."""
        activity = fixture("channel_message_mentions_bot.captured.json")
        activity["recipient"] = dict(BOT)
        activity["entities"][0]["mentioned"] = dict(BOT)
        activity["text"] = f"<at>ridotest</at> {text}"
        activity["id"] = str(next(self._ids))
        if not thread:
            activity["conversation"]["id"] = CHANNEL
        return self._stamp(activity, who)

    def personal_message(self, text: str, *, who: str = "cleo") -> dict:
        activity = fixture("personal_message.docs.json")
        activity["text"] = text
        activity["id"] = str(next(self._ids))
        activity["conversation"]["tenantId"] = TENANT
        activity["channelData"]["tenant"]["id"] = TENANT
        return self._stamp(activity, who)

    def click(self, card: dict[str, Any], verb: str, *, who: str, **inputs: str) -> dict:
        """The captured adaptiveCard/action invoke, for a button of `card` in the channel."""
        action = find_action(card, verb)
        activity = fixture("invoke_adaptiveCard_action_execute.captured.json")
        activity["conversation"] = {
            "id": CHANNEL,
            "conversationType": "channel",
            "isGroup": True,
            "tenantId": TENANT,
        }
        activity["channelData"]["tenant"]["id"] = TENANT
        activity["recipient"] = dict(BOT)
        activity["id"] = f"f:{next(self._ids)}"
        activity["value"]["action"] = {**action, "data": {**action.get("data", {}), **inputs}}
        return self._stamp(activity, who)

    async def post(self, activity: dict[str, Any], **headers: str) -> ClientResponse:
        return await self.client.post("/api/messages", json=activity, headers=headers)

    async def say(self, text: str, *, who: str = "cleo") -> None:
        response = await self.post(self.channel_message(text, who=who))
        assert response.status in (200, 201), await response.text()

    async def run(self, command: Command, key: str | None = None) -> None:
        result = await handle(command, operator_invocation(key), self.runtime.services)
        assert result.ok, result.replies

    async def project(self, key: str = "acme", *, tenant: str = TENANT) -> None:
        """A project bound to the channel, with a PM, designer, client and approver."""
        await self.run(CreateProject(key=key, name="Acme rebrand", client="Acme Co."))
        where = Conversation(platform=Platform.TEAMS, tenant=tenant, channel=CHANNEL)
        await self.run(BindConversation(key=key, conversation=where), key)
        for name, role in ROLES.items():
            who = Identity(platform=Platform.TEAMS, tenant=TENANT, user_id=PEOPLE[name][0])
            await self.run(AddMember(role=role, identity=who, display_name=name), key)

    async def export(self, key: str = "acme") -> dict[str, Any]:
        return await export_project(key, self.runtime.services)

    async def settled(self) -> None:
        """Wait (with a deadline) until the bot has no work left in the background."""
        await self.connector.wait_for(
            lambda: self.platform.work.pending == 0 and self.platform.replies.holding == 0
        )


def find_action(card: dict[str, Any], verb: str) -> dict[str, Any]:
    for action in card.get("actions") or []:
        if action.get("verb") == verb:
            return action
        nested = (action.get("card") or {}).get("actions") or []
        for inner in nested:
            if inner.get("verb") == verb:
                return inner
    raise AssertionError(f"no {verb} action in {card.get('actions')}")


def teams_settings(database_url: str, **teams: Any) -> Any:
    block = teams or {"allow_unauthenticated": True}
    return settings_from_mapping({"database": {"url": database_url}, "teams": block}, env={})


SECURED = {
    "app_id": "00000000-0000-0000-0000-000000000001",
    "app_password": "secret",
    "app_tenant_id": "tenant-1",
}


@pytest.fixture
async def secured(database_url: str, engine: object) -> AsyncIterator[TestClient]:
    """Signoff's /api/messages with botbuilder's token check on (an app id configured)."""
    async with await build_runtime(teams_settings(database_url, **SECURED)) as runtime:
        platform = build_teams(runtime)
        app = make_app(runtime, [lambda app, _runtime: platform.install(app)])
        async with TestClient(TestServer(app)) as client:
            yield client


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    async with FakeConnector() as fake:
        yield fake


@pytest.fixture
async def teams(
    database_url: str, engine: object, connector: FakeConnector
) -> AsyncIterator[Teams]:
    delays: list[float] = []

    async def no_wait(seconds: float) -> None:
        delays.append(seconds)

    async with await build_runtime(teams_settings(database_url)) as runtime:
        # The fake's download links are plain http on loopback; real ones are https.
        platform = build_teams(
            runtime, backoff=Backoff(sleep=no_wait), plain_http_file_hosts=frozenset({"127.0.0.1"})
        )
        app = make_app(runtime, [lambda app, _runtime: platform.install(app)])
        async with TestClient(TestServer(app)) as client:
            yield Teams(
                client=client,
                connector=connector,
                runtime=runtime,
                platform=platform,
                delays=delays,
            )
            await platform.aclose()


def copy_of(activity: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(activity)
