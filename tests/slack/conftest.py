"""Fixtures for the Slack tests: a fake Slack, a migrated database, Signoff serving both."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fake_slack import FakeSlack
from slack_harness import Harness, serving, slack_settings
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.composition import build_runtime


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
def migrated_url(database_url: str, engine: AsyncEngine) -> str:
    """A new database at the current schema (PostgreSQL is never migrated on start)."""
    return database_url


@pytest.fixture
async def slack(migrated_url: str, fake: FakeSlack) -> AsyncIterator[Harness]:
    async with await build_runtime(slack_settings(migrated_url, fake)) as runtime:
        async with serving(runtime, fake) as harness:
            yield harness
