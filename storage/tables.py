"""The projects' own tables: people, members, milestones, feedback, issues, audit, deliveries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.model import (
    ApprovalRule,
    DateOrder,
    DecisionKind,
    FeedbackStatus,
    IssueStatus,
    MilestoneState,
    Platform,
    ProjectStatus,
    Role,
    Severity,
    Stage,
)
from storage.tables_base import Base, project_fk
from storage.types import EnumText


class ProjectRow(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(Text)
    client: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str]
    locale: Mapped[str]
    revision_rounds: Mapped[int]
    status: Mapped[ProjectStatus] = mapped_column(EnumText(ProjectStatus))
    pm_rule: Mapped[ApprovalRule] = mapped_column(EnumText(ApprovalRule))
    client_rule: Mapped[ApprovalRule] = mapped_column(EnumText(ApprovalRule))
    created_at: Mapped[datetime]
    date_order: Mapped[DateOrder | None] = mapped_column(EnumText(DateOrder))
    studio_stage: Mapped[bool] = mapped_column(server_default=true())
    self_approval: Mapped[bool] = mapped_column(server_default=false())


class BindingRow(Base):
    """A conversation bound to a project: at most one project per conversation."""

    __tablename__ = "bindings"
    __table_args__ = (UniqueConstraint("platform", "tenant", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    tenant: Mapped[str]
    channel: Mapped[str]
    project_id: Mapped[int] = mapped_column(project_fk(), index=True)
    # Why the bot cannot post here (removed from the channel, channel gone), "" when healthy.
    problem: Mapped[str] = mapped_column(Text, server_default="")
    problem_at: Mapped[datetime | None]


class PersonRow(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform", "tenant", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    tenant: Mapped[str]
    user_id: Mapped[str]
    display_name: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(server_default="")  # "" when the platform never said
    # An administrator gave this name (CLI --name): a platform's profile name never replaces it.
    name_given: Mapped[bool] = mapped_column(server_default=false())


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("project_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[Role] = mapped_column(EnumText(Role))
    # People ids without a foreign key, so SQLite could add the columns in place (0007). A
    # removed role keeps its row (removed_at set); adding it again clears the removal.
    added_by: Mapped[int | None]
    added_at: Mapped[datetime | None]
    removed_by: Mapped[int | None]
    removed_at: Mapped[datetime | None]


class MilestoneRow(Base):
    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    number: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    criteria: Mapped[list[str]] = mapped_column(JSON)
    state: Mapped[MilestoneState] = mapped_column(EnumText(MilestoneState))
    version: Mapped[int]
    stage: Mapped[Stage | None] = mapped_column(EnumText(Stage))
    rounds_used: Mapped[int]
    over_allowance: Mapped[bool]
    rounds_included: Mapped[int | None]  # NULL: the project's revision rounds
    internal_rounds: Mapped[int] = mapped_column(Integer, server_default="0")
    signed_by_client: Mapped[bool] = mapped_column(server_default=false())
    submit_note: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    stage_started_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    # Bumped by every claim: the conditional UPDATE that serializes deciders on one row.
    lock_seq: Mapped[int] = mapped_column(Integer, default=0)
    cancel_reason: Mapped[str] = mapped_column(Text, server_default="")
    cancelled_at: Mapped[datetime | None]
    state_before_cancel: Mapped[MilestoneState | None] = mapped_column(EnumText(MilestoneState))


class MilestoneVersionRow(Base):
    """One submitted version of a milestone, with the criteria it was submitted under."""

    __tablename__ = "milestone_versions"
    __table_args__ = (UniqueConstraint("milestone_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"))
    version: Mapped[int]
    criteria: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    submitted_at: Mapped[datetime | None]
    state_before: Mapped[MilestoneState] = mapped_column(EnumText(MilestoneState))
    # What the version was submitted with: [{name, url, kind, size, sha256}], in order.
    deliverables: Mapped[list[dict[str, Any]]] = mapped_column(JSON, server_default="[]")
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    withdrawn_at: Mapped[datetime | None]
    brief_pending: Mapped[bool] = mapped_column(server_default=false())


class FileReadRow(Base):
    """A file shared with a submitted version, waiting to be read for its SHA-256: written with
    the version, so a file is read even if the instance that took the submit stops."""

    __tablename__ = "file_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"))
    version: Mapped[int]
    url: Mapped[str] = mapped_column(Text)  # the deliverable's, to find it in the version
    source: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Not to be read before: a retry's back-off, or the lease of the instance reading it.
    not_before: Mapped[datetime] = mapped_column(index=True)


class DecisionRow(Base):
    __tablename__ = "decisions"
    # One decision per person per stage of a version: a double click cannot count twice.
    __table_args__ = (UniqueConstraint("milestone_id", "version", "stage", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"))
    version: Mapped[int]
    stage: Mapped[Stage] = mapped_column(EnumText(Stage))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[DecisionKind] = mapped_column(EnumText(DecisionKind))
    note: Mapped[str] = mapped_column(Text)
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    decided_at: Mapped[datetime]


class FeedbackRow(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        Index(None, "project_id", "status"),
        # A version's card counts the feedback given on it with every read of the version.
        Index(None, "milestone_id", "version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"))
    version: Mapped[int | None]
    status: Mapped[FeedbackStatus] = mapped_column(EnumText(FeedbackStatus))
    source_link: Mapped[str] = mapped_column(Text)
    resolution_note: Mapped[str] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    resolved_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Earlier steps (edits, resolutions, reopenings) as bot.history.to_data dicts, oldest first.
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, server_default="[]")


class IssueRow(Base):
    __tablename__ = "issues"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        Index(None, "project_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    number: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    severity: Mapped[Severity] = mapped_column(EnumText(Severity))
    status: Mapped[IssueStatus] = mapped_column(EnumText(IssueStatus))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id"))
    response_due_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, server_default="[]")


class AuditEventRow(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "project_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    action: Mapped[str]
    subject: Mapped[str]
    detail: Mapped[dict[str, Any]]


class CounterRow(Base):
    """The next human number (M-n, FB-n, IS-n) to hand out, per project and kind."""

    __tablename__ = "counters"

    project_id: Mapped[int] = mapped_column(project_fk(), primary_key=True)
    kind: Mapped[str] = mapped_column(primary_key=True)
    next_number: Mapped[int]


class InboundDeliveryRow(Base):
    """A platform delivery already handled (Slack event_id, Teams activity id): retries of it
    are recognised by this row's unique key, in the same transaction as the command's effects."""

    __tablename__ = "inbound_deliveries"
    __table_args__ = (UniqueConstraint("platform", "delivery_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    delivery_id: Mapped[str]
    received_at: Mapped[datetime] = mapped_column(index=True)
