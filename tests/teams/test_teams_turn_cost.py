"""What a Teams card action costs the database before the invoke is answered, counted on the
real engine's units of work: the decision, the card it renders and keeps for refreshes, and the
replies for the channel commit together, in one."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from adapters.composition import Runtime
from adapters.platforms import build_teams
from adapters.server import make_app
from adapters.teams.messenger import Backoff
from bot.model import Platform
from bot.outbox import QueuedReply
from tests.fakes import CountingStatements as Statements
from tests.fakes import CountingUnitsOfWork as Counting
from tests.teams.conftest import Teams
from tests.teams.test_teams_approvals import submitted

STATEMENTS_BEFORE_ANSWER = 10


class Held:
    """A courier that delivers nothing until let go: what is counted is the answer's alone."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.go = inner, asyncio.Event()

    async def deliver(self, queued: QueuedReply) -> None:
        await self.go.wait()
        await self.inner.deliver(queued)


def background(sql: str) -> bool:
    """Statements other loops send on the same engine while the click is answered: the
    shared-file readers poll their queue (adapters/fingerprints.py), and the reply relay
    claims what is queued, on its own sweep or woken by the turn's commit. Neither is the
    turn's: the click never reads those queues before its answer."""
    return (
        "file_reads" in sql
        or "reply_outbox.lease_owner" in sql
        or sql.startswith("UPDATE reply_outbox SET lease_owner")
    )


async def test_a_card_action_is_one_unit_of_work_before_its_answer(teams: Teams) -> None:
    post = await submitted(teams)
    await teams.settled()
    counting = Counting(teams.runtime.services.uow)
    services = dataclasses.replace(teams.runtime.services, uow=counting)
    runtime = Runtime(settings=teams.runtime.settings, engine=teams.runtime.engine,
                      services=services)  # fmt: skip
    platform = build_teams(runtime, backoff=Backoff())
    held = runtime.couriers[Platform.TEAMS] = Held(runtime.couriers[Platform.TEAMS])
    app = make_app(runtime, [lambda app, _runtime: platform.install(app)])
    async with TestClient(TestServer(app)) as client:
        counted = dataclasses.replace(teams, client=client, platform=platform)
        held.go.set()
        await counted.say("status", who="paula")  # her conversation and Teams id, kept once
        await counted.settled()

        held.go.clear()
        before = counting.opened
        with Statements(teams.runtime.engine) as statements:
            click = counted.click(post.card, "milestone.approve", who="paula")
            answer = await (await counted.post(click)).json()
        assert counting.opened - before == 1
        # Ten: the delivery noted, the caller, the project with its roster, the milestone with
        # its version and decisions, the milestone written, the decision, its audit row, the
        # deciders' Teams ids, the card kept, the channel's replies queued.
        turn = [sql for sql in statements.sent if not background(sql)]
        assert len(turn) <= STATEMENTS_BEFORE_ANSWER, turn
        assert "paula approved" in answer["value"]["fallbackText"]  # the decided card itself

        held.go.set()
        await counted.connector.wait_for(lambda: counted.connector.updates())
        await counted.settled()
        await platform.aclose()
