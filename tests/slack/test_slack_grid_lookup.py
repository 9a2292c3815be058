"""The installation store finding a Grid workspace's org through Slack (auth.teams.list, over
HTTP against the fake): a workspace no org lists is not asked about again for a while, but is
as soon as an installation is saved; a listing Slack refuses is logged without the token."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from fake_slack import FakeSlack
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from test_slack_installations import BOT, NEW, Clock, workspace

from adapters.slack.installations import SignoffInstallationStore
from adapters.slack.sealing import Sealer
from storage.repositories.slack_installs import SqlSlackInstallations


def grid_store(engine: AsyncEngine, clock: Clock) -> SignoffInstallationStore:
    """A store with Grid org E1 installed org-wide (its token BOT)."""
    repository = SqlSlackInstallations(async_sessionmaker(engine, expire_on_commit=False))
    return SignoffInstallationStore(repository=repository, sealer=Sealer(NEW),
                                    client_id="1234.5678", clock=clock)  # fmt: skip


async def test_a_workspace_no_org_lists_is_asked_about_again_after_a_while_or_an_install(
    engine: AsyncEngine, fake: FakeSlack
) -> None:
    clock = Clock()
    installations = grid_store(engine, clock)
    await installations.async_save(workspace(team="", enterprise_id="E1",
                                             is_enterprise_install=True))  # fmt: skip
    slack = AsyncWebClient(base_url=fake.api_url)
    fake.granted[BOT] = [{"id": "T444", "name": "Studio North"}]

    assert await installations.bot_token("T999", ask=slack) is None
    assert await installations.bot_token("T999", ask=slack) is None
    assert len(fake.called("auth.teams.list")) == 1
    clock.at += timedelta(minutes=6)
    assert await installations.bot_token("T999", ask=slack) is None
    assert len(fake.called("auth.teams.list")) == 2

    # The org granted the app the workspace, and someone installed it somewhere: asked at once.
    fake.granted[BOT].append({"id": "T999", "name": "Studio Far"})
    await installations.async_save(workspace(team="T111"))
    assert await installations.bot_token("T999", ask=slack) == BOT
    assert len(fake.called("auth.teams.list")) == 3
    # Kept in the database: another process (or a restart) posts without asking.
    again = grid_store(engine, clock)
    assert await again.bot_token("T999", ask=slack) == BOT
    assert len(fake.called("auth.teams.list")) == 3


async def test_a_listing_slack_refuses_is_logged_without_the_token(
    engine: AsyncEngine, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    installations = grid_store(engine, Clock())
    await installations.async_save(workspace(team="", enterprise_id="E1",
                                             is_enterprise_install=True))  # fmt: skip
    fake.answer_error("auth.teams.list", "missing_scope")
    caplog.set_level(logging.INFO, logger="adapters")

    assert await installations.bot_token("T999", ask=AsyncWebClient(base_url=fake.api_url)) is None

    said = [r.getMessage() for r in caplog.records if r.name.startswith("adapters")]
    assert any("E1" in line and "missing_scope" in line for line in said), said
    assert not any(BOT in line or "xoxb-" in line for line in said)
