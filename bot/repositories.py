"""The repositories a unit of work holds (bot.ports.UnitOfWork), one per kind of record.

Storage implements them on SQLAlchemy (storage.repositories); tests implement them in memory.
Every guarantee the core relies on for concurrency (unique human ids, one decision per stage) is
a method here whose implementation must hold it with the database, not with process memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.model import (
    AuditEvent,
    Conversation,
    DateOrder,
    Decision,
    Feedback,
    FeedbackStatus,
    Identity,
    Issue,
    IssueStatus,
    Member,
    Milestone,
    MilestoneState,
    Person,
    Platform,
    Project,
    Role,
    Severity,
    Stage,
)
from bot.review import Review


class ProjectRepository(Protocol):
    async def add(self, project: Project) -> Project:
        """Store a new project; raises `bot.errors.Conflict` when the key is taken."""

    async def get(self, project_id: int) -> Project | None: ...

    async def get_by_key(self, key: str) -> Project | None: ...

    async def for_conversation(self, conversation: Conversation) -> Project | None:
        """The project a conversation is bound to, if any (exactly this tenant)."""

    async def find_bound(self, conversation: Conversation) -> Project | None:
        """The project a conversation is bound to, the way every platform finds it: a binding
        stored without a tenant (bound from the admin CLI without one) on the same platform and
        channel is this conversation's too, and takes its tenant (race-free) in this unit of
        work."""

    async def save(self, project: Project) -> None:
        """Write back a project's name, client and status."""

    async def unbind(self, conversation: Conversation) -> bool:
        """Remove a binding; False when the conversation was not bound."""

    async def bind(self, project_id: int, conversation: Conversation) -> None:
        """Bind a conversation; raises `bot.errors.Conflict` if it is bound to another project.

        Binding the same conversation to the same project again is a no-op.
        """

    async def bindings(self, project_id: int) -> Sequence[Conversation]: ...

    async def set_date_order(self, project_id: int, order: DateOrder | None) -> None:
        """How the project reads a date like 03/04/2027 (None: its locale's default)."""

    async def set_terms(self, project: Project) -> None:
        """The project's sign-off terms as `project` holds them: its stages, each stage's
        rule, the revision rounds included and whether self-approval is allowed."""

    async def mark_binding(self, conversation: Conversation, *, problem: str, at: datetime) -> None:
        """Record why the bot cannot post into a bound conversation ("" marks it healthy)."""

    async def binding_problems(self, project_id: int) -> dict[Conversation, str]:
        """The project's bound conversations that have a problem, and what it is."""

    async def of_person(self, person_id: int) -> Sequence[Project]:
        """Projects on which the person holds any role, ordered by key."""

    async def count(self) -> int: ...


class PersonRepository(Protocol):
    async def ensure(
        self,
        identity: Identity,
        display_name: str = "",
        timezone: str = "",
        *,
        name_given: bool = False,
    ) -> Person:
        """Return the person with this identity, creating them (race-free) if new.

        Someone stored without a tenant (added from the admin CLI without one) is the same
        person: they take this identity's tenant, race-free. A name an administrator gives
        (`name_given`) replaces the stored one and stays; a platform's name (the default) fills
        or refreshes only a name no administrator gave. A non-empty zone replaces the stored one.
        """

    async def find(self, identity: Identity) -> Person | None:
        """The person with this identity, or stored without a tenant as `ensure` would merge."""


class MemberRepository(Protocol):
    async def add(
        self,
        project_id: int,
        person_id: int,
        role: Role,
        *,
        by: int | None = None,
        at: datetime | None = None,
    ) -> bool:
        """Give a person a role on a project (again, if it was removed); False if they hold it."""

    async def remove(
        self, project_id: int, person_id: int, role: Role, *, by: int | None, at: datetime
    ) -> bool:
        """End a role, keeping its record; False if they did not hold it."""

    async def roles(self, project_id: int, person_id: int) -> frozenset[Role]:
        """The roles the person holds now."""

    async def list(self, project_id: int, *, removed: bool = False) -> Sequence[Member]:
        """Every (person, role) pair held now (with `removed`, also those that ended), ordered by
        role then name."""


class MilestoneRepository(Protocol):
    async def add(self, milestone: Milestone) -> Milestone:
        """Store a new milestone, allocating its number M-n race-free within the project."""

    async def get(self, project_id: int, number: int) -> Milestone | None: ...

    async def list(self, project_id: int) -> Sequence[Milestone]:
        """All milestones of the project by number."""

    async def claim(
        self, milestone_id: int, *, state: MilestoneState, version: int, stage: Stage | None
    ) -> bool:
        """Lock the milestone for a change if it is still in the given state, version and stage.

        False means another decision or submit got there first. On PostgreSQL the row stays
        locked until the unit of work ends, so concurrent deciders run one after the other.
        """

    async def save(self, milestone: Milestone) -> None:
        """Write back a milestone previously claimed in this unit of work."""

    async def review(self, project_id: int, number: int) -> Review | None:
        """The milestone with the record of its current version and the decisions on that
        version, oldest first, in one read."""

    async def save_if_unchanged(self, milestone: Milestone) -> bool:
        """Write back a milestone if no one changed it since it was read (its `seq` is still
        the stored one). On PostgreSQL a second writer waits for the first to commit, then
        gets False, so decisions on one milestone are made one after the other."""


class DecisionRepository(Protocol):
    async def add(self, decision: Decision) -> Decision:
        """Record a decision; raises `bot.errors.Conflict` if this person already decided this
        stage of this version."""

    async def for_stage(self, milestone_id: int, version: int, stage: Stage) -> Sequence[Decision]:
        """Decisions on one stage of one version, oldest first."""

    async def for_milestone(self, milestone_id: int) -> Sequence[Decision]: ...


class FeedbackRepository(Protocol):
    async def add(self, feedback: Feedback) -> Feedback:
        """Store new feedback, allocating FB-n race-free within the project."""

    async def get(self, project_id: int, number: int) -> Feedback | None: ...

    async def update(self, feedback: Feedback, *, expected_status: FeedbackStatus) -> bool:
        """Write back if the stored status is still `expected_status`; False otherwise."""

    async def list(self, project_id: int, *, open_only: bool = False) -> Sequence[Feedback]: ...

    async def count_open(self, project_id: int) -> int: ...


class IssueRepository(Protocol):
    async def add(self, issue: Issue) -> Issue:
        """Store a new issue, allocating IS-n race-free within the project."""

    async def get(self, project_id: int, number: int) -> Issue | None: ...

    async def update(self, issue: Issue, *, expected_status: IssueStatus) -> bool:
        """Write back if the stored status is still `expected_status`; False otherwise."""

    async def list(self, project_id: int, *, open_only: bool = False) -> Sequence[Issue]:
        """Issues by number; open means not resolved or closed."""

    async def count_open_by_severity(self, project_id: int) -> dict[Severity, int]: ...


class AuditLog(Protocol):
    async def add(self, event: AuditEvent) -> None: ...

    async def list(self, project_id: int) -> Sequence[AuditEvent]: ...

    async def last_by_others(self, project_id: int, studio: Sequence[int]) -> datetime | None:
        """When someone last did anything recorded in the project, someone being a person (not
        Signoff) other than those in `studio`; None if nobody ever did."""


class InboundLog(Protocol):
    async def first_time(self, platform: Platform, delivery_id: str, at: datetime) -> bool:
        """Record a platform's delivery id (Slack event_id, Teams activity id) in this unit of
        work; False when it was recorded before, i.e. this delivery is a retry."""
