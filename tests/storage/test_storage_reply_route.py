"""A command run with a reply route: the replies the answer does not carry are committed with
the command's effect, in its transaction; a refusal, a failure or a slow database keep nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from storage_helpers import UowFactory

from adapters.operator import operator_invocation
from bot.commands import BindConversation, CreateProject, LogFeedback, ShowStatus
from bot.invocation import Invocation
from bot.messages import Audience, Reply
from bot.model import Conversation, Identity, Platform
from bot.outbox import ReplyRoute
from bot.policy import Policy
from bot.service import NOT_SAVED, Services, handle
from tests.fakes import FakeClock

WHERE = Conversation(platform=Platform.CONSOLE, tenant="t", channel="room")
CLEO = Identity(platform=Platform.CONSOLE, tenant="t", user_id="cleo")


def callers_only(replies: Sequence[Reply]) -> list[Reply]:
    return [r for r in replies if r.audience is Audience.CALLER]


ROUTE = ReplyRoute(platform=Platform.CONSOLE, lane="room", address={"room": "room"},
                   holder="me", lease=timedelta(seconds=60), carried=callers_only)  # fmt: skip


async def studio(uow_factory: UowFactory) -> Services:
    services = Services(uow=uow_factory, clock=FakeClock(), policy=Policy())
    await handle(CreateProject(key="acme", name="Acme", client="Acme Co"),
                 operator_invocation(), services)  # fmt: skip
    await handle(BindConversation(key="acme", conversation=WHERE), operator_invocation(), services)
    return services


def cleo(route: ReplyRoute = ROUTE) -> Invocation:
    return Invocation(identity=CLEO, display_name="Cleo", conversation=WHERE, route=route)


async def kept(services: Services) -> int:
    async with services.uow() as uow:
        return (await uow.replies.backlog(services.clock.now())).pending


async def test_the_channels_record_is_kept_and_the_callers_answer_carried(uow_factory) -> None:
    services = await studio(uow_factory)
    logged = await handle(LogFeedback(text="the blue feels cold"), cleo(), services)
    assert logged.ok and logged.carried == []
    assert [q.reply for q in logged.queued] == logged.replies  # the channel's, kept
    status = await handle(ShowStatus(), cleo(), services)
    assert status.carried == status.replies and status.queued == []  # only for the caller
    assert await kept(services) == 1


async def test_a_refusal_keeps_nothing_and_is_carried(uow_factory) -> None:
    services = await studio(uow_factory)
    refused = await handle(LogFeedback(text=""), cleo(), services)
    assert not refused.ok and refused.queued == []
    assert refused.carried == refused.replies
    assert await kept(services) == 0


async def test_a_database_slower_than_the_deadline_keeps_nothing_and_says_so(uow_factory):
    services = await studio(uow_factory)
    stall = asyncio.Event()

    class Stalling:
        """Units of work whose first read waits for `stall`: a database that stopped."""

        def __init__(self) -> None:
            self.inner = uow_factory()

        async def __aenter__(self):
            uow = await self.inner.__aenter__()
            real_ensure = uow.people.ensure

            async def ensure(*args, **kwargs):
                await stall.wait()
                return await real_ensure(*args, **kwargs)

            uow.people.ensure = ensure
            return uow

        async def __aexit__(self, *exc):
            await self.inner.__aexit__(*exc)

    slow = replace(services, uow=Stalling)
    command, invocation = LogFeedback(text="lost in time"), cleo(replace(ROUTE, within=0.2))
    answer = await asyncio.wait_for(handle(command, invocation, slow), 10)  # never hangs
    stall.set()
    assert answer.failed and answer.queued == []
    assert answer.carried[0].message.text == NOT_SAVED
    async with services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        assert await uow.feedback.list(project.id) == []
    assert await kept(services) == 0
