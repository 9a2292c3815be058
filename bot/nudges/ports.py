"""What the nudges need from storage: the project's settings, the outbox with leased claims,
and the deliveries log (part of bot.ports.UnitOfWork as `nudges`), and the unit of work they
read a project in (and raise a risk in)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.nudges.model import (
    DeliveryRecord,
    Occurrence,
    OutboxItem,
    OutboxStatus,
    ProjectNudges,
)
from bot.repositories import (
    AuditLog,
    DecisionRepository,
    FeedbackRepository,
    IssueRepository,
    MemberRepository,
    MilestoneRepository,
    ProjectRepository,
)
from bot.risk_ports import RiskRepository
from bot.scope_ports import BriefRepository, ChangeRequestRepository
from bot.survey_ports import SurveyRepository


class NudgeRepository(Protocol):
    """The scheduler's data: per-project nudge settings, the outbox of occurrences (unique by
    key, claimed under leases) and the deliveries log. Exactly-once rests on these methods."""

    async def settings(self, project_id: int) -> ProjectNudges:
        """The project's nudge settings (defaults when it never changed them)."""

    async def save_settings(self, settings: ProjectNudges) -> None: ...

    async def active_projects(self) -> Sequence[int]:
        """Ids of the projects that are not closed, in id order."""

    async def add(
        self,
        occurrences: Sequence[Occurrence],
        *,
        status: OutboxStatus,
        at: datetime,
        not_before: datetime,
    ) -> list[Occurrence]:
        """Insert occurrences not yet in the outbox (by key); returns the ones inserted.

        A concurrent insert of the same key by another instance inserts nothing here.
        """

    async def claim(
        self, *, owner: str, now: datetime, lease: timedelta, limit: int
    ) -> Sequence[OutboxItem]:
        """Lease up to `limit` pending items due by `now` whose lease is free or expired.

        Two claimers never get the same item while its lease runs (FOR UPDATE SKIP LOCKED on
        PostgreSQL; SQLite has one writer). `attempts` counts claims, so an item claimed again
        after an expired lease shows a send may have been in flight.
        """

    async def sent_in_series(self, series: str, *, other_than: int) -> bool:
        """Whether an item of this series other than `other_than` has been sent."""

    async def senders(self, now: datetime) -> int:
        """How many instances hold a running lease on some pending item (are sending now)."""

    async def finish(
        self,
        item_id: int,
        *,
        owner: str,
        status: OutboxStatus,
        at: datetime,
        message_id: str = "",
        detail: str = "",
    ) -> bool:
        """Close an item still leased by `owner`; False when the lease was lost meanwhile."""

    async def postpone(
        self, item_id: int, *, owner: str, until: datetime, detail: str, tried: bool = True
    ) -> bool:
        """Release an item leased by `owner` to be tried again from `until`; `tried=False`
        (deferred without a send) gives the claim's attempt back."""

    async def take_turn(self, slot: str, *, owner: str, at: datetime) -> bool:
        """True for the first caller of a slot (e.g. "plan:2026-11-30T09:30"), False for every
        later one, on any instance: only one instance plans each slot."""

    async def record(self, record: DeliveryRecord) -> None:
        """Append a line to the deliveries log."""

    async def log(self, key: str) -> Sequence[DeliveryRecord]:
        """Log lines of the occurrences whose key is `key` or starts with it, oldest first."""

    async def count_missed(self, project_id: int, *, since: datetime, before: datetime) -> int:
        """How many of the project's occurrences due in [since, before) were recorded missed."""

    async def items(
        self, project_id: int, *, since: datetime | None = None
    ) -> Sequence[OutboxItem]:
        """The project's outbox items due after `since` (all without it), by due instant."""


class NudgeWork(Protocol):
    """The part of a unit of work the nudges use: the project's records, their own repository,
    the risk register and the audit trail a risk Signoff raises is written to, one transaction.
    bot.ports.UnitOfWork is one; declared here so the nudges do not depend on the unit of work
    that holds them. Read-only, like the unit of work's repositories."""

    @property
    def projects(self) -> ProjectRepository: ...

    @property
    def members(self) -> MemberRepository: ...

    @property
    def milestones(self) -> MilestoneRepository: ...

    @property
    def decisions(self) -> DecisionRepository: ...

    @property
    def feedback(self) -> FeedbackRepository: ...

    @property
    def issues(self) -> IssueRepository: ...

    @property
    def briefs(self) -> BriefRepository: ...

    @property
    def changes(self) -> ChangeRequestRepository: ...

    @property
    def nudges(self) -> NudgeRepository: ...

    @property
    def risks(self) -> RiskRepository: ...

    @property
    def surveys(self) -> SurveyRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    async def __aenter__(self) -> NudgeWork: ...

    async def __aexit__(self, *exc_info: object) -> None: ...

    async def commit(self) -> None: ...


NudgeWorkFactory = Callable[[], NudgeWork]
