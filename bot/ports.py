"""What the core needs from outside: a unit of work with repositories, a clock, a messenger.

The repositories themselves are in bot.repositories (and beside the records they keep:
bot.milestone_ports, bot.record_ports, bot.scope_ports, bot.nudges.ports, bot.outbox).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.lessons import LessonRepository
from bot.messages import Message
from bot.milestone_ports import MilestoneVersionRepository
from bot.model import Conversation
from bot.nudges.ports import NudgeRepository
from bot.outbox import QueuedReply, ReplyOutbox
from bot.page_ports import PageLinkRepository
from bot.platform_log import PlatformLog
from bot.record_ports import ListCursors
from bot.repositories import (
    AuditLog,
    DecisionRepository,
    FeedbackRepository,
    InboundLog,
    IssueRepository,
    MemberRepository,
    MilestoneRepository,
    PersonRepository,
    ProjectRepository,
)
from bot.risk_ports import RiskRepository
from bot.scope_ports import BriefRepository, ChangeRequestRepository
from bot.survey_ports import SurveyRepository


class UnitOfWork(Protocol):
    """One transaction. `async with uow:` begins it; leaving without `commit()` rolls it back.

    Implementations raise `bot.errors.StorageUnavailable` when the database cannot be reached or
    the commit fails, so the core can say "not saved" instead of confirming.

    The repositories are read-only here, so an implementation may hold its own classes of them
    (a mutable protocol attribute would have to be declared with exactly the port's type).
    """

    @property
    def projects(self) -> ProjectRepository: ...

    @property
    def people(self) -> PersonRepository: ...

    @property
    def members(self) -> MemberRepository: ...

    @property
    def milestones(self) -> MilestoneRepository: ...

    @property
    def versions(self) -> MilestoneVersionRepository: ...

    @property
    def decisions(self) -> DecisionRepository: ...

    @property
    def feedback(self) -> FeedbackRepository: ...

    @property
    def issues(self) -> IssueRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def inbound(self) -> InboundLog: ...

    @property
    def nudges(self) -> NudgeRepository: ...

    @property
    def cursors(self) -> ListCursors: ...

    @property
    def replies(self) -> ReplyOutbox: ...

    @property
    def briefs(self) -> BriefRepository: ...

    @property
    def changes(self) -> ChangeRequestRepository: ...

    @property
    def risks(self) -> RiskRepository: ...

    @property
    def surveys(self) -> SurveyRepository: ...

    @property
    def pages(self) -> PageLinkRepository:
        """Links to the projects' read-only web pages."""

    @property
    def lessons(self) -> LessonRepository: ...

    @property
    def platform(self) -> PlatformLog:
        """The chat adapters' own bookkeeping, committed with the command."""

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(self, *exc_info: object) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""


class SendFailed(Exception):
    """What a messenger raises when a post fails, so the scheduler knows whether to retry.

    `permanent` (channel_not_found, not_in_channel, bot removed) is recorded on the binding and
    never retried; `retry_after` (seconds, from a 429) is honoured; anything else raised by a
    messenger counts as transient and is retried with back-off.
    """

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


class Messenger(Protocol):
    """Sends the core's neutral messages into a platform conversation (used by the scheduler)."""

    async def send(self, conversation: Conversation, message: Message) -> str:
        """Post a message; returns the platform's id for it."""

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        """Replace a posted message in place."""


class ReplyCourier(Protocol):
    """Delivers a reply from the outbox to where its command came from (by its address)."""

    async def deliver(self, queued: QueuedReply) -> None:
        """Deliver it; raises SendFailed when the platform refused (retried unless permanent)."""
