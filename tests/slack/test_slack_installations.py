"""The installation store on its own: key rotation, Enterprise Grid org-wide installs, a user's
token revoked while the bot's stays."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
import yaml
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store.models.installation import Installation
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from adapters.cli import main
from adapters.config import ConfigError, settings_from_mapping
from adapters.slack.installations import SignoffInstallationStore, SignoffOAuthStateStore
from adapters.slack.sealing import Sealer, SealingKeyMissing
from storage.repositories.slack_installs import (
    InstallKey,
    SealedInstallation,
    SqlSlackInstallations,
)

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
BOT, USER = "xoxb-111-222-botbotbot", "xoxp-111-333-useruser"


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 12, 7, 9, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at


def store(engine: AsyncEngine, key: str, previous: str = "") -> SignoffInstallationStore:
    repository = SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))
    return SignoffInstallationStore(repository=repository, sealer=Sealer(key, previous),
                                    client_id="1234.5678", clock=Clock())  # fmt: skip


def workspace(team: str = "T111", **more: object) -> Installation:
    return Installation(app_id="A1", team_id=team, bot_token=BOT, bot_id="B1", bot_user_id="U0",
                        bot_scopes="commands,chat:write", user_id="U1", **more)  # type: ignore[arg-type]  # fmt: skip


async def test_a_row_sealed_with_the_previous_key_still_opens(engine: AsyncEngine) -> None:
    await store(engine, OLD).async_save(workspace())
    rotated = store(engine, NEW, previous=OLD)
    found = await rotated.async_find_installation(enterprise_id=None, team_id="T111")
    assert found is not None and found.bot_token == BOT
    # Without the previous key it cannot be read: asked to install again, not crashed.
    assert (
        await store(engine, NEW).async_find_installation(enterprise_id=None, team_id="T111") is None
    )
    # Saved again after the rotation, it is sealed with the new key alone.
    await rotated.async_save(found)
    again = await store(engine, NEW).async_find_installation(enterprise_id=None, team_id="T111")
    assert again is not None and again.bot_token == BOT


async def test_an_org_wide_install_answers_for_its_workspaces(engine: AsyncEngine) -> None:
    installations = store(engine, NEW)
    org = workspace(team="", enterprise_id="E1", is_enterprise_install=True)
    await installations.async_save(org)
    for team in ("T111", "T222"):  # any workspace of the org, as bolt asks for it
        found = await installations.async_find_installation(enterprise_id="E1", team_id=team)
        assert found is not None and found.is_enterprise_install and found.bot_token == BOT
    other = await installations.async_find_installation(enterprise_id="E2", team_id="T333")
    assert other is None
    await installations.async_delete_all(enterprise_id="E1", team_id=None)
    assert await installations.async_find_bot(enterprise_id="E1", team_id="T111") is None


async def test_a_revoked_user_token_leaves_the_bot_installed(engine: AsyncEngine) -> None:
    installations = store(engine, NEW)
    await installations.async_save(workspace(user_token=USER, user_scopes="search:read"))
    await installations.async_delete_installation(enterprise_id=None, team_id="T111", user_id="U1")
    found = await installations.async_find_installation(enterprise_id=None, team_id="T111")
    assert found is not None and found.bot_token == BOT and found.user_token is None


class ReadBeforeRemoval(SqlSlackInstallations):
    """Lookups that read their row, then wait to return until the test releases them."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(async_sessionmaker(engine, expire_on_commit=False))
        self.read, self.release = asyncio.Event(), asyncio.Event()

    async def find(self, key: InstallKey) -> SealedInstallation | None:
        found = await super().find(key)
        self.read.set()
        await self.release.wait()
        return found


async def test_a_token_read_while_the_app_is_removed_is_not_kept(engine: AsyncEngine) -> None:
    await store(engine, NEW).async_save(workspace())
    slow = ReadBeforeRemoval(engine)
    installations = SignoffInstallationStore(repository=slow, sealer=Sealer(NEW),
                                             client_id="1234.5678", clock=Clock())  # fmt: skip
    lookup = asyncio.create_task(installations.bot_token("T111"))  # a post under way
    await slow.read.wait()
    await installations.async_delete_all(enterprise_id=None, team_id="T111")  # app_uninstalled
    slow.release.set()
    assert await lookup == BOT  # the post under way goes with what it read …
    assert await installations.bot_token("T111") is None  # … but the token is not kept


async def test_a_state_is_good_once_and_not_after_it_expires(engine: AsyncEngine) -> None:
    repository = SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))
    clock = Clock()
    states = SignoffOAuthStateStore(repository=repository, clock=clock, expiration_seconds=600)
    state = await states.async_issue()
    assert await states.async_consume(state) and not await states.async_consume(state)
    late = await states.async_issue()
    clock.at = clock.at.replace(hour=10)
    assert not await states.async_consume(late)


def test_oauth_mode_refuses_to_start_without_an_encryption_key() -> None:
    with pytest.raises(SealingKeyMissing):
        Sealer("")
    with pytest.raises(SealingKeyMissing) as refused:
        Sealer("not-a-fernet-key-at-all")
    assert "not-a-fernet" not in str(refused.value)


def test_the_oauth_manifest_names_the_redirect_and_the_uninstall_events(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["manifest", "slack", "--oauth", "--url", "https://signoff.example"]) == 0
    app = yaml.safe_load(capsys.readouterr().out)
    assert app["oauth_config"]["redirect_urls"] == ["https://signoff.example/slack/oauth_redirect"]
    events = app["settings"]["event_subscriptions"]
    assert {"app_uninstalled", "tokens_revoked", "app_mention"} <= set(events["bot_events"])
    assert events["request_url"] == "https://signoff.example/slack/events"
    assert app["settings"]["org_deploy_enabled"] is True
    assert main(["manifest", "slack", "--oauth", "--socket-mode"]) == 2
    assert "--oauth needs --url" in capsys.readouterr().err


def test_client_id_and_secret_without_a_key_are_refused_at_start() -> None:
    slack = {"client_id": "1234.5678", "client_secret": "oauth-client-secret-value"}
    with pytest.raises(ConfigError, match="SIGNOFF_ENCRYPTION_KEY") as refused:
        settings_from_mapping({"slack": {**slack, "signing_secret": "signing-secret-value"}})
    # The one line names what is missing and echoes none of the block's secrets.
    assert "oauth-client-secret-value" not in str(refused.value)
    assert "signing-secret-value" not in str(refused.value)
    keyed = settings_from_mapping(
        {"slack": {**slack, "signing_secret": "s", "encryption_secret": OLD}}
    )
    assert keyed.slack.oauth and keyed.slack.enabled and not keyed.slack.bot_token
