"""Teams gets its HTTP answer at once even while the database hangs; the work finishes after."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.composition import Runtime
from adapters.server import make_app
from adapters.teams.app import TeamsPlatform
from adapters.teams.messenger import Backoff
from tests.teams.conftest import Teams
from tests.teams.test_teams_approvals import submitted

# The gate stays closed until each answer is in, so an answer that waited on the database would
# never come: the deadline turns that hang into a failure. How fast the answer comes is measured
# in benchmarks/ (acks), not here.
DEADLINE = 5.0


class Gate:
    """Units of work that hang while the gate is closed, like a database that stopped."""

    def __init__(self, factory: Any) -> None:
        self.open, self._factory = asyncio.Event(), factory
        self.open.set()

    def __call__(self) -> Any:
        gate, uow = self.open, self._factory()

        class Gated:
            async def __aenter__(self) -> Any:
                await gate.wait()
                return await uow.__aenter__()

            async def __aexit__(self, *exc: object) -> None:
                await uow.__aexit__(*exc)

        return Gated()


@pytest.fixture
async def slow(teams: Teams) -> AsyncIterator[tuple[Teams, Gate]]:
    """The same database behind a gate, served by a second Teams endpoint."""
    gate = Gate(teams.runtime.services.uow)
    services = dataclasses.replace(teams.runtime.services, uow=gate)
    runtime = Runtime(
        settings=teams.runtime.settings, engine=teams.runtime.engine, services=services
    )
    platform = TeamsPlatform(
        runtime=runtime, settings=runtime.settings.teams, backoff=Backoff(), invoke_budget=0.3
    )
    app = make_app(runtime, [lambda app, _runtime: platform.install(app)])
    async with TestClient(TestServer(app)) as client:
        yield dataclasses.replace(teams, client=client, platform=platform), gate
        gate.open.set()
        await platform.aclose()


async def test_a_message_is_acknowledged_while_the_database_hangs(
    slow: tuple[Teams, Gate],
) -> None:
    teams, gate = slow
    await teams.project()
    gate.open.clear()
    sent = teams.post(teams.channel_message("feedback the blue feels cold"))
    response = await asyncio.wait_for(sent, DEADLINE)  # fails, not hangs, if it waits
    assert response.status in (200, 201) and not gate.open.is_set()
    assert teams.connector.posts() == []  # nothing claimed before it is saved
    gate.open.set()
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "FB-1" in reply[0].text


async def test_a_card_action_is_answered_within_budget_and_completed_after(
    slow: tuple[Teams, Gate],
) -> None:
    teams, gate = slow
    post = await submitted(teams)
    await teams.settled()
    gate.open.clear()
    clicked = teams.post(teams.click(post.card, "milestone.approve", who="paula"))
    response = await asyncio.wait_for(clicked, DEADLINE)
    answer = await response.json()
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert "Still saving" in answer["value"]
    gate.open.set()
    updated = await teams.connector.wait_for(lambda: teams.connector.updates())
    assert "paula approved" in updated[0].card["fallbackText"]
    assert [d["by"] for d in (await teams.export())["decisions"]] == ["paula"]
