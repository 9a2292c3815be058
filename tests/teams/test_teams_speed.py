"""A message's answer comes once it is stored; a card action is answered within its budget even
while the database hangs, and finishes after. How fast the answers come is measured in
benchmarks/ (acks), not here."""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.composition import Runtime
from adapters.platforms import build_teams
from adapters.server import make_app
from adapters.teams.messenger import Backoff
from tests.teams.conftest import Teams
from tests.teams.test_teams_approvals import submitted

# The task answering the HTTP request being handled; tasks it starts inherit the value but are
# other tasks: the work that goes on after the answer.
ANSWERING: contextvars.ContextVar[asyncio.Task[Any] | None] = contextvars.ContextVar(
    "answering", default=None
)


def mark_answers(app: web.Application, _runtime: object) -> None:
    """A route installer adding a middleware that names the task answering each request."""

    @web.middleware
    async def mark(request: web.Request, handler: Any) -> web.StreamResponse:
        token = ANSWERING.set(asyncio.current_task())
        try:
            return await handler(request)
        finally:
            ANSWERING.reset(token)

    app.middlewares.append(mark)


class Gate:
    """Units of work that hang while the gate is closed, like a database that stopped. One that
    the answer itself opens is counted in `answer_waited` and let through instead: the answer
    would have waited on the database, and the test says so rather than hang."""

    def __init__(self, factory: Any) -> None:
        self.open, self._factory = asyncio.Event(), factory
        self.open.set()
        self.answer_waited = 0

    def __call__(self) -> Any:
        gate, uow = self, self._factory()

        class Gated:
            async def __aenter__(self) -> Any:
                answering = ANSWERING.get()
                if not gate.open.is_set() and answering is asyncio.current_task():
                    gate.answer_waited += 1
                else:
                    await gate.open.wait()
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
    platform = build_teams(runtime, backoff=Backoff(), invoke_budget=0.3)
    app = make_app(runtime, [mark_answers, lambda app, _runtime: platform.install(app)])
    async with TestClient(TestServer(app)) as client:
        yield dataclasses.replace(teams, client=client, platform=platform), gate
        gate.open.set()
        await platform.aclose()


async def test_a_message_is_stored_before_teams_has_its_answer(teams: Teams) -> None:
    await teams.project()
    response = await teams.post(teams.channel_message("feedback the blue feels cold"))
    assert response.status in (200, 201)
    # On disk by the time Teams hears it was received; the confirmation follows.
    assert [f["ref"] for f in (await teams.export())["feedback"]] == ["FB-1"]
    reply = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert "FB-1" in reply[0].text


async def test_a_card_action_is_answered_within_budget_and_completed_after(
    slow: tuple[Teams, Gate],
) -> None:
    teams, gate = slow
    post = await submitted(teams)
    await teams.settled()
    gate.open.clear()
    response = await teams.post(teams.click(post.card, "milestone.approve", who="paula"))
    assert gate.answer_waited == 0 and not gate.open.is_set()
    answer = await response.json()
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert "Still saving" in answer["value"]
    gate.open.set()
    updated = await teams.connector.wait_for(lambda: teams.connector.updates())
    assert "paula approved" in updated[0].card["fallbackText"]
    assert [d["by"] for d in (await teams.export())["decisions"]] == ["paula"]
