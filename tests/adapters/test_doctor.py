"""`signoff doctor` against a fake Slack, a fake Microsoft login and a real database: each check
passing, each failing with its fix, what does not apply skipped, and the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.manifest import scopes
from bot.model import Conversation, Platform
from tests.adapters.doctor_fixtures import (
    APP_TOKEN,
    SLACK_TOKEN,
    bind,
    doctor,
    https_server,
    line,
    settings,
)
from tests.slack.fake_slack import FakeSlack
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_graph import APP, FakeGraph

SLACK_CHANNEL = Conversation(platform=Platform.SLACK, tenant="T0G9PQBBK", channel="C0123")
TEAMS_CHAT = Conversation(platform=Platform.TEAMS, tenant="tenant-1", channel="19:abc@thread.tacv2")
REFERENCE = {"serviceUrl": "https://smba.trafficmanager.net/amer/tenant-1/",
             "channelId": "msteams", "conversation": {"id": TEAMS_CHAT.channel}}  # fmt: skip


@pytest.fixture
async def fake() -> FakeSlack:
    async with FakeSlack() as fake:
        yield fake  # type: ignore[misc]


@pytest.fixture
async def login() -> FakeGraph:
    async with FakeConnector() as connector, FakeGraph(connector) as graph:
        yield graph  # type: ignore[misc]


def slack_block(fake: FakeSlack, **more: str) -> dict[str, str]:
    return {"bot_token": SLACK_TOKEN, "api_url": fake.api_url, **more}


def teams_block(login: FakeGraph, password: str = APP[1], **more: str) -> dict[str, str]:
    return {"app_id": APP[0], "app_password": password, "app_tenant_id": "tenant-1",
            "login_url": login.url, **more}  # fmt: skip


async def test_everything_configured_and_working_passes_with_status_0(
    database_url: str,
    engine: AsyncEngine,
    fake: FakeSlack,
    login: FakeGraph,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake.channels.append({"id": "C0123", "name": "acme-design", "is_member": True})
    await bind(database_url, SLACK_CHANNEL, TEAMS_CHAT, references={TEAMS_CHAT: REFERENCE})
    async with https_server(tmp_path, monkeypatch) as url:
        slack = slack_block(fake, signing_secret="s", app_token=APP_TOKEN, request_url=url)
        teams = teams_block(login, messaging_endpoint="https://signoff.example/api/messages")
        status, lines = await doctor(settings(database_url, slack=slack, teams=teams), capsys)

    assert status == 0, lines
    assert lines[-1] == "All checks passed."
    assert not [text for text in lines if text.startswith(("✗", "–"))], lines
    assert "Subarachnoid Workspace (T0G9PQBBK)" in line(lines, "✓ Slack bot token: valid")
    assert line(lines, "✓ Slack bot scopes")
    assert line(lines, "✓ Slack signing secret")
    assert line(lines, "✓ Slack Socket Mode token")
    assert line(lines, f"✓ Slack request URL: {url} answers")
    assert line(lines, "✓ acme: #C0123 (#acme-design): reachable")
    assert line(lines, "✓ Teams app credentials: Microsoft issued")
    assert line(lines, "✓ Teams messaging endpoint")
    assert line(lines, f"✓ acme: Teams conversation {TEAMS_CHAT.channel}")
    assert line(lines, "✓ Database: ")
    assert line(lines, "✓ Database schema: current")
    # What was asked of the platforms, as they would be asked.
    assert [c.args.get("channel") for c in fake.called("conversations.info")] == ["C0123"]
    assert len(fake.called("apps.connections.open")) == 1
    asked = login.token_requests[-1]
    assert asked["scope"] == "https://api.botframework.com/.default"
    assert asked["grant_type"] == "client_credentials"


async def test_an_invalid_bot_token_fails_and_skips_what_depends_on_it(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    await bind(database_url, SLACK_CHANNEL)
    fake.answer_error("auth.test", "error.invalid_auth.json")
    status, lines = await doctor(
        settings(database_url, slack=slack_block(fake, app_token=APP_TOKEN)), capsys
    )

    assert status == 1
    token = line(lines, "✗ Slack bot token: Slack answered invalid_auth — ")
    assert "SLACK_BOT_TOKEN" in token
    assert line(lines, "– Slack bot scopes: skipped, the bot token is not valid")
    assert line(lines, "– Slack channels: skipped, the bot token is not valid")
    assert not fake.called("conversations.info")
    assert lines[-1] == "1 check(s) failed."


async def test_missing_scopes_are_named(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.scopes = [s for s in scopes() if s not in ("channels:read", "files:write")]
    status, lines = await doctor(
        settings(database_url, slack=slack_block(fake, app_token=APP_TOKEN)), capsys
    )

    assert status == 1
    missing = line(lines, "✗ Slack bot scopes: missing channels:read, files:write — ")
    assert "reinstall the app" in missing


async def test_an_invalid_app_token_fails_socket_mode(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.answer_error("apps.connections.open", "error.invalid_auth.json")
    status, lines = await doctor(
        settings(database_url, slack=slack_block(fake, app_token=APP_TOKEN)), capsys
    )

    assert status == 1
    failed = line(lines, "✗ Slack Socket Mode token: apps.connections.open answered invalid_auth")
    assert "connections:write" in failed
    # Socket Mode needs neither a signing secret nor a request URL.
    assert line(lines, "– Slack signing secret: skipped, Socket Mode needs none")
    assert line(lines, "– Slack request URL: skipped, Socket Mode needs none")


async def test_http_mode_needs_the_secret_and_an_https_url_that_answers(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = "http://signoff.example/slack/events"
    status, lines = await doctor(
        settings(database_url, slack=slack_block(fake, request_url=plain)), capsys
    )
    assert status == 1
    assert line(lines, "✗ Slack mode: neither Socket Mode nor HTTP is configured — ")
    assert line(lines, f"✗ Slack request URL: {plain} is not HTTPS")

    closed = "https://127.0.0.1:9/slack/events"  # the discard port: nothing listens
    config = settings(
        database_url, slack=slack_block(fake, app_token=APP_TOKEN, request_url=closed)
    )
    status, lines = await doctor(config, capsys)
    assert status == 1
    assert line(lines, f"✗ Slack request URL: {closed} does not answer: ")
    # A request URL says HTTP mode, which needs the signing secret, Socket Mode or not.
    assert line(lines, "✗ Slack signing secret: not set")


async def test_a_channel_gone_or_without_the_bot_names_project_and_channel(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    left = Conversation(platform=Platform.SLACK, tenant="T0G9PQBBK", channel="C0456")
    await bind(database_url, SLACK_CHANNEL, left)
    fake.channels.append({"id": "C0456", "name": "acme-old", "is_member": False})
    status, lines = await doctor(
        settings(database_url, slack=slack_block(fake, app_token=APP_TOKEN)), capsys
    )

    assert status == 1
    assert (
        line(lines, "✗ acme: #C0123")
        == "✗ acme: #C0123: not found or the bot is not in it — /invite @Signoff there"
    )
    assert line(lines, "✗ acme: #C0456 (#acme-old): the bot is not in it — /invite @Signoff")


async def test_teams_failures_credentials_endpoint_and_reference(
    database_url: str, engine: AsyncEngine, login: FakeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    await bind(database_url, TEAMS_CHAT)
    teams = teams_block(login, "a-wrong-secret", messaging_endpoint="http://x.example/api/messages")
    status, lines = await doctor(settings(database_url, teams=teams), capsys)

    assert status == 1
    assert "MICROSOFT_APP_PASSWORD" in line(
        lines, "✗ Teams app credentials: no token: Microsoft answered invalid_client — "
    )
    assert line(lines, "✗ Teams messaging endpoint: http://x.example/api/messages is not HTTPS")
    reference = line(lines, f"✗ acme: Teams conversation {TEAMS_CHAT.channel}: no stored")
    assert "@mention Signoff there" in reference
    # The single-tenant app asked its own tenant for the token.
    assert login.token_requests[-1]["client_id"] == APP[0]
    assert login.token_paths == ["/tenant-1/oauth2/v2.0/token"]


async def test_what_is_not_configured_is_skipped_not_failed(
    database_url: str, engine: AsyncEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = await doctor(settings(database_url), capsys)

    assert status == 0, lines
    assert line(lines, "– Slack: skipped, not configured (set SLACK_BOT_TOKEN")
    assert line(lines, "– Teams: skipped, not configured (set MICROSOFT_APP_ID")


async def test_a_binding_on_a_platform_not_served_fails(
    database_url: str, engine: AsyncEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    await bind(database_url, SLACK_CHANNEL)
    status, lines = await doctor(settings(database_url), capsys)

    assert status == 1
    assert line(lines, "✗ acme: Slack C0123: bound on Slack, which this Signoff does not serve")


async def test_oauth_mode_skips_the_one_token_checks_but_not_http_mode(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    await bind(database_url, SLACK_CHANNEL)
    key = "k" * 43 + "="  # a Fernet key's shape
    oauth = {"client_id": "1111.2222", "client_secret": "c", "encryption_secret": key}
    slack = {"api_url": fake.api_url, "signing_secret": "s", **oauth}
    status, lines = await doctor(settings(database_url, slack=slack), capsys)

    assert line(lines, "– Slack bot token: skipped, OAuth mode")
    assert line(lines, "✓ Slack signing secret")
    # No workspace installed: the channel has no token to be reached with (tests/adapters/
    # test_doctor_oauth.py checks the installations themselves).
    assert status == 1, lines
    assert line(lines, "✗ Slack installations: none stored")
    assert line(lines, "✗ acme: #C0123: workspace T0G9PQBBK has no working installation")
    assert not fake.calls  # no token of its own to ask Slack with


async def test_a_multi_tenant_app_asks_bot_frameworks_tenant_for_its_token(
    database_url: str, engine: AsyncEngine, login: FakeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    teams = {**teams_block(login), "app_type": "MultiTenant", "app_tenant_id": ""}
    status, lines = await doctor(settings(database_url, teams=teams), capsys)

    assert status == 0, lines
    assert line(lines, "✓ Teams app credentials")
    assert login.token_paths == ["/botframework.com/oauth2/v2.0/token"]
