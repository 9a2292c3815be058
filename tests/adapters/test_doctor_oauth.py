"""`signoff doctor` in OAuth mode (many workspaces, no SLACK_BOT_TOKEN): each stored installation
is asked with its own token (✓ or ✗ per workspace, the ✗ naming it and saying to install the app
again), and each bound channel with its own workspace's token; no installation at all is a ✗,
never "All checks passed"."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from adapters.slack.sealing import Sealer
from bot.model import Conversation, Platform
from storage.repositories.slack_installs import (
    InstallKey,
    SealedInstallation,
    SqlSlackInstallations,
)
from tests.adapters.doctor_fixtures import bind, doctor, line, settings
from tests.slack.fake_slack import FakeSlack

KEY, LOST_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
CLIENT_ID = "1111.2222"
TOKENS = {"T111": "xoxb-111-first-workspace", "T222": "xoxb-222-second-workspace"}


def where(team: str, channel: str) -> Conversation:
    return Conversation(platform=Platform.SLACK, tenant=team, channel=channel)


@pytest.fixture
async def fake() -> FakeSlack:
    async with FakeSlack() as fake:
        fake.channels = [{"id": "C0111", "name": "first", "is_member": True},
                         {"id": "C0222", "name": "second", "is_member": True}]  # fmt: skip
        yield fake  # type: ignore[misc]


async def installed(engine: AsyncEngine, team: str, key: str = KEY) -> None:
    repository = SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))
    sealed = Sealer(key).seal({"team_id": team, "bot_token": TOKENS[team], "app_id": "A1"})
    await repository.save(
        SealedInstallation(
            key=InstallKey(client_id=CLIENT_ID, enterprise_id="", team_id=team),
            is_enterprise_install=False,
            installer_user_id="U1",
            sealed=sealed,
            installed_at=datetime(2026, 12, 1, tzinfo=UTC),
        )
    )


def oauth_slack(fake: FakeSlack) -> dict[str, str]:
    return {"api_url": fake.api_url, "signing_secret": "s", "client_id": CLIENT_ID,
            "client_secret": "c", "encryption_secret": KEY}  # fmt: skip


async def test_each_workspace_and_channel_is_checked_with_its_own_token(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    await bind(database_url, where("T111", "C0111"), where("T222", "C0222"))
    await installed(engine, "T111")
    await installed(engine, "T222")
    fake.answer_error("auth.test", "error.invalid_auth.json")  # the first asked: T111's
    status, lines = await doctor(settings(database_url, slack=oauth_slack(fake)), capsys)

    assert status == 1, lines
    refused = line(
        lines, "✗ Slack workspace T111: its token is refused: Slack answered invalid_auth"
    )
    assert "install the app again at /slack/install in that workspace" in refused
    assert line(lines, "✓ Slack workspace Subarachnoid Workspace (T222): installed")
    assert line(lines, "✗ acme: #C0111: workspace T111 has no working installation")
    assert line(lines, "✓ acme: #C0222 (#second): reachable")
    assert [c.token for c in fake.called("auth.test")] == [TOKENS["T111"], TOKENS["T222"]]
    assert [(c.token, c.args["channel"]) for c in fake.called("conversations.info")] == [
        (TOKENS["T222"], "C0222")
    ]


async def test_every_workspace_working_passes(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    await bind(database_url, where("T111", "C0111"))
    await installed(engine, "T111")
    status, lines = await doctor(settings(database_url, slack=oauth_slack(fake)), capsys)

    assert status == 0, lines
    assert line(lines, "✓ Slack workspace Subarachnoid Workspace (T111): installed")
    assert line(lines, "✓ acme: #C0111 (#first): reachable")
    assert lines[-1] == "All checks passed."


async def test_an_installation_no_key_opens_and_no_installation_at_all_fail(
    database_url: str, engine: AsyncEngine, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    await bind(database_url, where("T111", "C0111"))
    status, lines = await doctor(settings(database_url, slack=oauth_slack(fake)), capsys)
    assert status == 1, lines
    assert line(lines, "✗ Slack installations: none stored")

    await installed(engine, "T111", key=LOST_KEY)
    status, lines = await doctor(settings(database_url, slack=oauth_slack(fake)), capsys)
    assert status == 1, lines
    assert line(lines, "✗ Slack workspace T111: its installation cannot be decrypted")
    assert not fake.called("auth.test")
