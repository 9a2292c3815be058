"""Teams with authentication on, registered as Azure now registers a bot: Single Tenant, with an
app id, a password and the studio's home tenant, serving Teams in two client organisations'
tenants. Every activity's token goes through botbuilder's own validation, against the Bot
Framework's signing keys; every call back to the Bot Connector carries a token the bot got from
its home tenant's login, whatever the conversation's tenant. Microsoft's identity endpoints are
faked at their real addresses (tests.teams.fake_identity), so the bot runs as configured in
production, with nothing pointed anywhere by a setting."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from botframework.connector.auth import JwtTokenExtractor

from adapters.composition import Runtime, build_runtime
from adapters.config import settings_from_mapping
from adapters.operator import operator_invocation
from adapters.platforms import build_teams
from adapters.server import make_app
from adapters.teams.app import TeamsPlatform
from bot.commands import AddMember, BindConversation, CreateProject
from bot.model import Conversation, Identity, Platform, Role
from bot.queries import export_project
from bot.service import handle
from tests.teams.conftest import fixture
from tests.teams.fake_connector import Call, FakeConnector
from tests.teams.fake_identity import FakeIdentity, SigningKey

APP_ID = "3f2b8c1e-7d4a-4e6b-9c0d-1a2b3c4d5e6f"
PASSWORD = "studio-client-secret"
HOME = "9a8b7c6d-0000-4000-8000-5f0d1005e0de"  # the studio's own tenant, where the bot lives
TENANT_A, TENANT_B = "tenant-a", "tenant-b"  # two clients' organisations
CHANNEL_A = "19:a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1@thread.tacv2"
CHANNEL_B = "19:b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2@thread.tacv2"
PAULA = ("5c0d7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e01", "29:paula")  # the PM, in tenant A
CLEO = ("5c0d7a1e-2b3f-4c5d-8e9f-0a1b2c3d4e03", "29:cleo")  # a client, in tenant B
_ids = itertools.count(5000)


@dataclass
class Studio:
    client: TestClient
    connector: FakeConnector
    identity: FakeIdentity
    runtime: Runtime
    platform: TeamsPlatform

    def message(self, text: str, *, tenant: str, channel: str, who: tuple[str, str]) -> dict:
        """The captured channel message (a thread reply @mentioning the bot), in `tenant`."""
        activity = fixture("channel_message_mentions_bot.captured.json")
        bot = {"id": f"28:{APP_ID}", "name": "Signoff"}
        activity["recipient"], activity["entities"][0]["mentioned"] = dict(bot), dict(bot)
        activity["text"] = f"<at>ridotest</at> {text}"
        activity["id"] = str(next(_ids))
        activity["serviceUrl"] = self.connector.url_for(tenant)
        activity["conversation"].update(id=f"{channel};messageid=1759881511856", tenantId=tenant)
        activity["channelData"].update(teamsChannelId=channel, channel={"id": channel})
        activity["channelData"]["tenant"]["id"] = tenant
        activity["from"] = {"id": who[1], "name": who[1][3:], "aadObjectId": who[0]}
        return activity

    def token(self, activity: dict[str, Any]) -> str:
        """What the Bot Framework would sign for this activity to this bot."""
        return self.identity.channel_token(service_url=activity["serviceUrl"])

    async def post(self, activity: dict[str, Any], token: str) -> ClientResponse:
        headers = {"Authorization": f"Bearer {token}"}
        return await self.client.post("/api/messages", json=activity, headers=headers)

    async def export(self, key: str) -> dict[str, Any]:
        return await export_project(key, self.runtime.services)

    async def settled(self) -> None:
        await self.connector.wait_for(
            lambda: self.platform.work.pending == 0 and self.platform.replies.holding == 0
        )


@pytest.fixture
async def studio(
    database_url: str,
    engine: object,
    connector: FakeConnector,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Studio]:
    identity = FakeIdentity(app_id=APP_ID, app_password=PASSWORD, home_tenant=HOME, folder=tmp_path)
    with identity:
        for name, value in identity.environment().items():
            monkeypatch.setenv(name, value)
        # botbuilder keeps the keys it fetched, by address, for a day, for the whole process.
        monkeypatch.setattr(JwtTokenExtractor, "metadataCache", {})
        env = {
            "MICROSOFT_APP_TYPE": "SingleTenant",
            "MICROSOFT_APP_ID": APP_ID,
            "MICROSOFT_APP_PASSWORD": PASSWORD,
            "MICROSOFT_APP_TENANT_ID": HOME,
        }
        settings = settings_from_mapping({"database": {"url": database_url}}, env=env)
        async with await build_runtime(settings) as runtime:
            platform = build_teams(runtime)
            app = make_app(runtime, [lambda app, _runtime: platform.install(app)])
            async with TestClient(TestServer(app)) as client:
                yield Studio(client, connector, identity, runtime, platform)
                await platform.aclose()


async def _projects(studio: Studio) -> None:
    """acme, whose PM is in tenant A (its channel not yet bound), and bolt, bound to a channel
    in tenant B, where its client is: set up by the operator."""

    async def run(command: Any, key: str | None = None) -> None:
        result = await handle(command, operator_invocation(key), studio.runtime.services)
        assert result.ok, result.replies

    def person(tenant: str, who: tuple[str, str]) -> Identity:
        return Identity(platform=Platform.TEAMS, tenant=tenant, user_id=who[0])

    await run(CreateProject(key="acme", name="Acme rebrand", client="Acme Co."))
    await run(
        AddMember(role=Role.PM, identity=person(TENANT_A, PAULA), display_name="paula"), "acme"
    )
    await run(CreateProject(key="bolt", name="Bolt packaging", client="Bolt Ltd."))
    b = Conversation(platform=Platform.TEAMS, tenant=TENANT_B, channel=CHANNEL_B)
    await run(BindConversation(key="bolt", conversation=b), "bolt")
    await run(
        AddMember(role=Role.CLIENT, identity=person(TENANT_B, CLEO), display_name="cleo"), "bolt"
    )


async def _converse(studio: Studio) -> tuple[dict[str, Any], dict[str, Any]]:
    """Paula binds tenant A's channel to acme; Cleo gives feedback in tenant B's (bolt)."""
    await _projects(studio)
    bind = studio.message("project bind acme", tenant=TENANT_A, channel=CHANNEL_A, who=PAULA)
    feedback = studio.message(
        "feedback the logo is too small", tenant=TENANT_B, channel=CHANNEL_B, who=CLEO
    )
    for activity in (bind, feedback):
        response = await studio.post(activity, studio.token(activity))
        assert response.status in (200, 201), await response.text()
    await studio.connector.wait_for(lambda: len(studio.connector.posts()) >= 2)
    await studio.settled()
    return bind, feedback


def _reply_to(studio: Studio, activity: dict[str, Any]) -> list[Call]:
    """The bot's posts into the activity's conversation (its thread), in order."""
    return [c for c in studio.connector.posts() if c.conversation == activity["conversation"]["id"]]


async def test_each_tenant_is_answered_in_its_own_conversation_with_a_home_tenant_token(
    studio: Studio,
) -> None:
    bind, feedback = await _converse(studio)
    [to_a], [to_b] = _reply_to(studio, bind), _reply_to(studio, feedback)
    assert "now bound to acme" in to_a.text and to_a.path.startswith(f"/amer/{TENANT_A}/")
    assert "FB-1" in to_b.text and to_b.path.startswith(f"/amer/{TENANT_B}/")
    assert len(studio.connector.posts()) == 2  # nothing else, nowhere else
    # Every call to the Bot Connector carried a token from the home tenant's login …
    home_tokens = studio.identity.issued(HOME)
    assert studio.connector.calls and all(
        call.authorization.removeprefix("Bearer ") in home_tokens for call in studio.connector.calls
    ), [call.authorization for call in studio.connector.calls]
    # … which was asked with the app's own credentials, for the Bot Framework; and the login
    # never heard of the conversations' tenants.
    assert {(login.tenant, login.form["client_id"], login.form["scope"])
            for login in studio.identity.logins} == {
        (HOME, APP_ID, "https://api.botframework.com/.default")}  # fmt: skip
    assert studio.identity.entra_tenants() == {HOME}


async def test_the_binding_and_each_person_keep_their_own_tenant(studio: Studio) -> None:
    await _converse(studio)
    acme, bolt = await studio.export("acme"), await studio.export("bolt")
    assert [(b["tenant"], b["channel"]) for b in acme["bindings"]] == [(TENANT_A, CHANNEL_A)]
    assert [(b["tenant"], b["channel"]) for b in bolt["bindings"]] == [(TENANT_B, CHANNEL_B)]
    assert [(f["by"], f["by_id"]) for f in bolt["feedback"]] == [
        ("cleo", f"teams:{TENANT_B}:{CLEO[0]}")
    ]
    assert acme["feedback"] == []
    # Someone in tenant B with Paula's object id is not acme's PM: a person is their tenant
    # and their id together, so tenant B's channel stays bolt's.
    impostor = studio.message("project bind acme", tenant=TENANT_B, channel=CHANNEL_B, who=PAULA)
    assert (await studio.post(impostor, studio.token(impostor))).status in (200, 201)
    await studio.connector.wait_for(lambda: _reply_to(studio, impostor)[1:])  # after FB-1's
    assert "Only a PM of acme can bind" in _reply_to(studio, impostor)[-1].text
    assert [b["tenant"] for b in (await studio.export("acme"))["bindings"]] == [TENANT_A]
    assert [b["tenant"] for b in (await studio.export("bolt"))["bindings"]] == [TENANT_B]


def _signed(studio: Studio, activity: dict[str, Any], **claims: Any) -> str:
    return studio.identity.channel_token(**{"service_url": activity["serviceUrl"], **claims})


BAD_TOKENS: dict[str, Callable[[Studio, dict[str, Any]], str]] = {
    "signed by a key not in the JWKS": lambda studio, activity: _signed(
        studio, activity, key=SigningKey("bf-rogue", ["msteams"])
    ),
    "a forged key under a published kid": lambda studio, activity: _signed(
        studio, activity, key=SigningKey("bf-teams", ["msteams"])
    ),
    "for another app": lambda studio, activity: _signed(
        studio, activity, audience="0b6fe6d1-fece-44f7-9a48-56465e2d5ab8"
    ),
    "expired an hour ago": lambda studio, activity: _signed(studio, activity, expires_in=-3600),
    "for another tenant's serviceUrl": lambda studio, activity: _signed(
        studio, activity, service_url=studio.connector.url_for(TENANT_A)
    ),
    "from a key not endorsed for Teams": lambda studio, activity: _signed(
        studio, activity, key=studio.identity.webchat_key
    ),
}


@pytest.mark.parametrize("case", list(BAD_TOKENS))
async def test_a_token_that_does_not_hold_is_refused_and_nothing_is_recorded(
    studio: Studio, case: str
) -> None:
    await _projects(studio)
    activity = studio.message("feedback sneaky", tenant=TENANT_B, channel=CHANNEL_B, who=CLEO)
    response = await studio.post(activity, BAD_TOKENS[case](studio, activity))
    assert response.status == 401
    await studio.settled()
    assert studio.connector.calls == [] and studio.identity.logins == []
    assert (await studio.export("bolt"))["feedback"] == []
    # The same activity with the token Teams would send is taken: only the token was wrong.
    assert (await studio.post(activity, studio.token(activity))).status in (200, 201)
    await studio.connector.wait_for(lambda: studio.connector.posts())
    assert [f["summary"] for f in (await studio.export("bolt"))["feedback"]] == ["sneaky"]
