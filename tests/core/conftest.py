"""A small studio on fake storage: a project with a PM, a designer, a client and an approver."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.commands import AddMember, Command, CreateProject
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform, Role
from bot.policy import Policy
from bot.service import Result, Services, handle, handle_text
from tests.fakes import FakeClock, FakeDatabase

CHANNEL = Conversation(platform=Platform.SLACK, tenant="T1", channel="C-acme")


def person(user_id: str) -> Identity:
    # Console identities: people are named by any word there, as these stories name them
    # (a Slack id has a shape of its own, bot/platform_ids.py).
    return Identity(platform=Platform.CONSOLE, tenant="T1", user_id=user_id)


@dataclass
class Studio:
    """Runs commands as named people in the project's channel and keeps the last answer."""

    services: Services
    database: FakeDatabase
    clock: FakeClock
    conversation: Conversation = CHANNEL

    async def say(self, who: str, text: str) -> Result:
        return await handle_text(text, self.invocation(who), self.services)

    async def run(self, who: str, command: Command) -> Result:
        return await handle(command, self.invocation(who), self.services)

    def invocation(self, who: str) -> Invocation:
        return Invocation(
            identity=person(who), display_name=who.title(), conversation=self.conversation
        )

    async def text(self, who: str, line: str) -> str:
        result = await self.say(who, line)
        return "\n".join(reply.message.text for reply in result.replies)

    @property
    def tables(self):
        return self.database.tables


async def make_studio(
    *, locale: str = "en", approvers: tuple[str, ...] = ("ava",), timezone: str = ""
) -> Studio:
    database, clock = FakeDatabase(), FakeClock()
    services = Services(uow=database, clock=clock, policy=Policy())
    studio = Studio(services=services, database=database, clock=clock)
    result = await studio.run(
        "paula",
        CreateProject(
            key="acme", name="Acme rebrand", client="Acme Co.", locale=locale, timezone=timezone
        ),
    )
    assert result.ok, result.replies
    for who, role in [("dan", Role.DESIGNER), ("cleo", Role.CLIENT)] + [
        (a, Role.APPROVER) for a in approvers
    ]:
        assert (
            await studio.run("paula", AddMember(user=who, role=role, display_name=who.title()))
        ).ok
    return studio


@pytest.fixture
async def studio() -> Studio:
    return await make_studio()
