"""A studio on real storage, a fake Slack-like API and an engine on an injected clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.commands import AddMember, BindConversation, CreateProject
from bot.invocation import Invocation
from bot.messages import Message
from bot.model import Conversation, Identity, Platform, Role
from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus
from bot.policy import Policy
from bot.ports import SendFailed
from bot.service import Services, handle, handle_text
from scheduler.engine import NudgeEngine
from scheduler.settings import EngineSettings
from tests.fakes import FakeClock

TENANT = "T1"


def slack_channel(name: str, tenant: str = TENANT) -> Conversation:
    return Conversation(platform=Platform.SLACK, tenant=tenant, channel=name)


def slack_user(name: str) -> str:
    """The Slack user id of the person these tests call `name` ("paula" is UPAULA)."""
    return "U" + name.upper()


@dataclass
class FakeSlack:
    """Behaves like chat.postMessage: ~1 message per second per channel (and, with
    `workspace_rate`, that many per second per workspace in any one-second window) or 429 with
    Retry-After; `script` makes a channel answer with chosen errors first."""

    clock: FakeClock
    limit: timedelta = timedelta(seconds=1)
    workspace_rate: int | None = None
    posts: list[tuple[Conversation, str, datetime]] = field(default_factory=list)
    script: dict[str, list[SendFailed]] = field(default_factory=dict)
    rate_limited: int = 0
    _last: dict[Conversation, datetime] = field(default_factory=dict)

    async def send(self, conversation: Conversation, message: Message) -> str:
        await asyncio.sleep(0)  # a real API call yields to the loop
        if (queue := self.script.get(conversation.channel)) and queue:
            raise queue.pop(0)
        if conversation.channel == "C-gone":
            raise SendFailed("channel_not_found", permanent=True)
        now = self.clock.now()
        last = self._last.get(conversation)
        too_soon = last is not None and now - last < self.limit * 0.999
        if too_soon or self._workspace_full(conversation.tenant, now):
            self.rate_limited += 1
            raise SendFailed("ratelimited", retry_after=1.0)
        self._last[conversation] = now
        self.posts.append((conversation, message.text, now))
        return f"{now.timestamp():.6f}"

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        raise NotImplementedError

    def _workspace_full(self, tenant: str, now: datetime) -> bool:
        if self.workspace_rate is None:
            return False
        window = now - timedelta(seconds=0.999)
        recent = [at for c, _, at in self.posts if c.tenant == tenant and at > window]
        return len(recent) >= self.workspace_rate

    def texts(self, channel: str | None = None) -> list[str]:
        """What was posted in `channel`, or sent directly to the person named so (lowercase)."""
        if channel is not None and channel.islower():
            channel = slack_user(channel)
        return [t for c, t, _ in self.posts if channel is None or c.channel == channel]

    def when(self, start: str) -> list[datetime]:
        """When each post beginning with `start` went out."""
        return [at for _, t, at in self.posts if t.startswith(start)]


def fake_sleep(clock: FakeClock) -> Callable[[float], object]:
    async def sleep(seconds: float) -> None:
        clock.advance(seconds=seconds)
        await asyncio.sleep(0)

    return sleep


@dataclass
class Studio:
    """A project with a PM (paula), a designer (dan), a client (cleo) and approvers."""

    services: Services
    clock: FakeClock
    channel: Conversation
    key: str

    def said_by(self, user: str, where: Conversation | None = None) -> Invocation:
        where = where or self.channel
        identity = Identity(platform=Platform.SLACK, tenant=where.tenant, user_id=slack_user(user))
        return Invocation(identity=identity, display_name=user.title(), conversation=where)

    async def bind(self, channel: str) -> Conversation:
        """The PM binds the project into one more channel of the same workspace."""
        where = slack_channel(channel, self.channel.tenant)
        bound = await handle(BindConversation(key=self.key), self.said_by("paula", where),
                             self.services)  # fmt: skip
        assert bound.ok
        return where

    async def say(self, user: str, text: str) -> str:
        result = await handle_text(text, self.said_by(user), self.services)
        assert result.ok, [r.message.text for r in result.replies]
        return "\n".join(r.message.text for r in result.replies)

    async def project_id(self) -> int:
        async with self.services.uow() as uow:
            return (await uow.projects.get_by_key(self.key)).id


async def make_studio(
    uow_factory,
    clock: FakeClock,
    *,
    timezone: str = "Europe/Berlin",
    key: str = "acme",
    channel: str = "C-acme",
    tenant: str = TENANT,
    approvers: tuple[str, ...] = ("ava", "abe"),
    policy: Policy | None = None,
) -> Studio:
    services = Services(uow=uow_factory, clock=clock, policy=policy or Policy())
    where = slack_channel(channel, tenant)
    studio = Studio(services=services, clock=clock, channel=where, key=key)
    create = CreateProject(key=key, name=f"{key.title()} rebrand", client="Acme Co.",
                           timezone=timezone)  # fmt: skip
    assert (await handle(create, studio.said_by("paula"), services)).ok
    bind = BindConversation(key=key)
    assert (await handle(bind, studio.said_by("paula"), services)).ok
    members = [("dan", Role.DESIGNER), ("cleo", Role.CLIENT)]
    for user, role in members + [(a, Role.APPROVER) for a in approvers]:
        add = AddMember(user=slack_user(user), role=role, display_name=user.title())
        assert (await handle(add, studio.said_by("paula"), services)).ok
    return studio


def make_engine(
    uow_factory, clock: FakeClock, messenger, *, policy: Policy | None = None, **settings
) -> NudgeEngine:
    return NudgeEngine(
        uow=uow_factory,
        clock=clock,
        messenger=messenger,
        policy=policy or Policy(),
        settings=EngineSettings(**settings),
        sleep=fake_sleep(clock),
    )


async def travel(engine: NudgeEngine, clock: FakeClock, until: datetime, *, step=None) -> None:
    """Run a pass every `step` (15 minutes) of fake time up to `until`, as a running instance."""
    step = step or timedelta(minutes=15)
    while clock.current < until:
        clock.current = min(clock.current + step, until)
        await engine.run_pass()


@dataclass
class CountingMessenger:
    """Records every post with a unique id; `crash_after` dies (BaseException) after that many
    posts, with the last post made but its outcome never recorded, like a kill -9."""

    posts: list[tuple[str, str]] = field(default_factory=list)
    crash_after: int | None = None

    async def send(self, conversation: Conversation, message: Message) -> str:
        await asyncio.sleep(0)
        message_id = f"m{len(self.posts) + 1}"
        self.posts.append((conversation.channel, message_id))
        if self.crash_after is not None and len(self.posts) >= self.crash_after:
            raise Killed
        return message_id

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        raise NotImplementedError


class Killed(BaseException):
    """The process died: nothing after this runs, nothing is cleaned up."""


async def studio_with_channels(uow_factory, clock, *, key: str, tenant: str, channels: int):
    """A project bound into `channels` channels of one workspace."""
    studio = await make_studio(uow_factory, clock, key=key, channel=f"C-{key}-0", tenant=tenant)
    where = [studio.channel] + [await studio.bind(f"C-{key}-{n}") for n in range(1, channels)]
    return studio, where


async def queue_digest(uow_factory, studio, clock, channels, *, week: str = "w1"):
    """The digest falling due now in each of `channels`."""
    project_id = await studio.project_id()
    occurrences = [
        Occurrence(kind=NudgeKind.DIGEST, project_id=project_id, target=where,
                   due_at=clock.now(), subject={"week": week})
        for where in channels
    ]  # fmt: skip
    async with uow_factory() as uow:
        await uow.nudges.add(
            occurrences, status=OutboxStatus.PENDING, at=clock.now(), not_before=clock.now()
        )
        await uow.commit()
