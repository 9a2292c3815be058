"""`signoff doctor` does not tick an address copied from the README and never filled in: a
`YOUR-HOST`, or a host nobody outside could reach, is a ✗ saying so."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.adapters.doctor_fixtures import SLACK_TOKEN, doctor, line, settings
from tests.slack.fake_slack import FakeSlack
from tests.teams.fake_connector import FakeConnector
from tests.teams.fake_graph import APP, FakeGraph


@pytest.mark.parametrize(
    "endpoint", ["https://YOUR-HOST/api/messages", "https://signoff/api/messages"]
)
async def test_the_readmes_teams_endpoint_is_not_ticked(
    endpoint: str, database_url: str, engine: AsyncEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    async with FakeConnector() as connector, FakeGraph(connector) as login:
        teams = {"app_id": APP[0], "app_password": APP[1], "app_tenant_id": "tenant-1",
                 "login_url": login.url, "messaging_endpoint": endpoint}  # fmt: skip
        status, lines = await doctor(settings(database_url, teams=teams), capsys)

    assert status == 1
    failed = line(
        lines, f"✗ Teams messaging endpoint: {endpoint} is still the README's placeholder"
    )
    assert "your own public address" in failed


async def test_the_readmes_slack_request_url_is_not_ticked(
    database_url: str, engine: AsyncEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://YOUR-HOST/slack/events"
    async with FakeSlack() as fake:
        slack = {"bot_token": SLACK_TOKEN, "api_url": fake.api_url, "signing_secret": "s",
                 "request_url": url}  # fmt: skip
        status, lines = await doctor(settings(database_url, slack=slack), capsys)

    assert status == 1
    assert line(lines, f"✗ Slack request URL: {url} is still the README's placeholder")
