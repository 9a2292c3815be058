"""The domain's records: projects, people, milestones, decisions, feedback, issues, audit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"


class Role(StrEnum):
    PM = "pm"
    DESIGNER = "designer"
    CLIENT = "client"
    APPROVER = "approver"


class ProjectStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class DateOrder(StrEnum):
    """How a numeric date that reads two ways (03/04/2027) is read in a project."""

    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


class MilestoneState(StrEnum):
    PLANNED = "planned"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    CANCELLED = "cancelled"  # set aside by a PM; `milestone reopen` returns it to where it was


class Stage(StrEnum):
    """Who signs a version off, in order: the studio's PM, then the client's approvers."""

    PM = "pm"
    CLIENT = "client"


class ApprovalRule(StrEnum):
    ANY = "any"  # one approval from the stage's deciders closes the stage
    ALL = "all"  # every decider of the stage must approve


class DecisionKind(StrEnum):
    APPROVE = "approve"
    CHANGES = "changes"


class FeedbackStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    WITHDRAWN = "withdrawn"  # taken back by its author (or a PM): on no open list or count


class IssueStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"  # taken back by its reporter (or a PM): on no open list or count


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @classmethod
    def named(cls, word: str) -> Severity | None:
        """The severity `word` is the value of ("high"), None for any other word."""
        try:
            return cls(word)
        except ValueError:
            return None


# Worst first, as lists, counts and the issue form show them.
SEVERITIES = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)


@dataclass(frozen=True, kw_only=True)
class Identity:
    """A person as one platform knows them: Slack user + workspace, AAD object + tenant, a name."""

    platform: Platform
    tenant: str
    user_id: str

    @property
    def key(self) -> str:
        """The stable id records carry beside a display name: "slack:T0456:W111"."""
        return f"{self.platform.value}:{self.tenant}:{self.user_id}"


@dataclass(frozen=True, kw_only=True)
class Conversation:
    """Where messages go: a Slack channel, a Teams conversation (no thread suffix), a console."""

    platform: Platform
    tenant: str
    channel: str


@dataclass(frozen=True, kw_only=True)
class Person:
    id: int
    identity: Identity
    display_name: str
    timezone: str = ""  # their own IANA zone where the platform tells it; "" when unknown


@dataclass(kw_only=True)
class Project:
    id: int = 0
    key: str
    name: str
    client: str
    timezone: str
    locale: str
    revision_rounds: int
    status: ProjectStatus = ProjectStatus.ACTIVE
    pm_rule: ApprovalRule = ApprovalRule.ANY
    client_rule: ApprovalRule = ApprovalRule.ANY
    created_at: datetime | None = None
    date_order: DateOrder | None = None  # None: the default for its locale and time zone
    # The contract's sign-off terms besides the rules: whether the studio signs a version off
    # before the client (False: the client's approvers alone), and whether one person may
    # decide both stages of a version (never unless a PM said so, audited).
    studio_stage: bool = True
    self_approval: bool = False


# The project's fields that state its contract's sign-off terms (`project rules`).
SIGNOFF_TERMS = ("studio_stage", "pm_rule", "client_rule", "revision_rounds", "self_approval")


@dataclass(frozen=True, kw_only=True)
class Member:
    """A role a person holds (or held, when `removed_at` is set) on a project."""

    project_id: int
    person: Person
    role: Role
    added_by: Person | None = None  # None: the installer at the admin CLI, or not recorded
    added_at: datetime | None = None
    removed_by: Person | None = None
    removed_at: datetime | None = None


@dataclass(kw_only=True)
class Milestone:
    id: int = 0
    project_id: int
    number: int = 0
    name: str
    due_date: date
    criteria: tuple[str, ...] = ()
    state: MilestoneState = MilestoneState.PLANNED
    version: int = 0  # 0 until first submitted; each submit makes v1, v2 ...
    stage: Stage | None = None  # whose decision is awaited while in review
    rounds_used: int = 0  # the client's requests for changes: each spends a contract round
    over_allowance: bool = False
    rounds_included: int | None = None  # this milestone's rounds; None: the project's
    internal_rounds: int = 0  # the studio's own requests for changes: no contract round
    # Approved at the client's stage; False for what the studio alone approved (a project
    # without client approvers), which is never shown as signed off by the client.
    signed_by_client: bool = False
    submit_note: str = ""
    submitted_at: datetime | None = None
    stage_started_at: datetime | None = None
    approved_at: datetime | None = None
    created_at: datetime | None = None
    cancel_reason: str = ""
    cancelled_at: datetime | None = None
    state_before_cancel: MilestoneState | None = None  # where `milestone reopen` returns it
    # How many times the stored row was written: a write that must not cross another one
    # (a decision) checks it is still what it read.
    seq: int = 0

    @property
    def ref(self) -> str:
        return f"M-{self.number}"


class DeliverableKind(StrEnum):
    """Where a deliverable lives: the proofing and storage services studios share work from,
    any other https link, or a file shared in the chat itself."""

    FIGMA = "figma"
    GOOGLE_DRIVE = "google_drive"
    DROPBOX = "dropbox"
    FRAME_IO = "frame_io"
    LINK = "link"
    FILE = "file"


@dataclass(frozen=True, kw_only=True)
class Deliverable:
    """One thing a version was submitted with, so a decision is pinned to what was approved."""

    name: str
    url: str
    kind: DeliverableKind
    size: int | None = None  # bytes, where the platform said (files)
    # The SHA-256 of the bytes as Signoff read them with its own token ("" for a link, a file
    # not read yet, or one it could not read): proof of which bytes were approved.
    sha256: str = ""
    # Where Signoff reads a shared file's bytes (the platform, the workspace it was shared in
    # when known, and its private link): never shown or exported, cleared once it was read.
    source: str = ""


@dataclass(kw_only=True)
class MilestoneVersion:
    """One submitted version: what it was submitted with, by whom, and whether it was withdrawn.

    The criteria are those in force at submit, so a later `milestone criteria` change applies
    to the next version and never rewrites what reviewers were asked to sign.
    """

    milestone_id: int
    version: int
    criteria: tuple[str, ...] = ()
    note: str = ""
    submitted_by: Person | None = None  # None for versions submitted before this was recorded
    submitted_at: datetime | None = None
    state_before: MilestoneState = MilestoneState.PLANNED  # where a withdrawal returns it
    deliverables: tuple[Deliverable, ...] = ()
    withdrawn_by: Person | None = None
    withdrawn_at: datetime | None = None
    feedback: int = 0  # the feedback given on it, not withdrawn, when it was read
    # Submitted while the project's brief was drafted or sent but not yet confirmed: the work
    # may be measured against a scope the client has not agreed to.
    brief_pending: bool = False


@dataclass(frozen=True, kw_only=True)
class Decision:
    id: int = 0
    milestone_id: int
    version: int
    stage: Stage
    kind: DecisionKind
    person: Person
    note: str
    platform: Platform
    decided_at: datetime


@dataclass(frozen=True, kw_only=True)
class Change:
    """One earlier step of a feedback or issue (a status change, an edit, an assignment), kept
    on the record so what was replaced or cleared stays readable after it changed."""

    action: str  # past tense: "edited", "resolved", "reopened", "withdrawn", "acknowledged"…
    at: datetime
    by: str  # the display name at the time
    by_id: str = ""  # the person's stable platform identity, "slack:T1:U1"
    note: str = ""
    before: dict[str, str] = field(default_factory=dict)  # what the step replaced or cleared
    after: dict[str, str] = field(default_factory=dict)


@dataclass(kw_only=True)
class Feedback:
    id: int = 0
    project_id: int
    number: int = 0
    text: str
    author: Person
    milestone_id: int | None = None
    milestone_number: int | None = None
    version: int | None = None
    status: FeedbackStatus = FeedbackStatus.OPEN
    source_link: str = ""
    resolution_note: str = ""
    resolved_by: Person | None = None
    resolved_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    history: tuple[Change, ...] = ()

    @property
    def ref(self) -> str:
        return f"FB-{self.number}"

    @property
    def edited(self) -> bool:
        return any(change.action == "edited" for change in self.history)


@dataclass(kw_only=True)
class Issue:
    id: int = 0
    project_id: int
    number: int = 0
    title: str
    description: str = ""
    severity: Severity = Severity.MEDIUM
    status: IssueStatus = IssueStatus.OPEN
    reporter: Person
    assignee: Person | None = None
    milestone_id: int | None = None
    milestone_number: int | None = None  # M-n of `milestone_id`, read with the issue
    response_due_at: datetime | None = None
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    history: tuple[Change, ...] = ()

    @property
    def ref(self) -> str:
        return f"IS-{self.number}"

    @property
    def edited(self) -> bool:
        return any(change.action == "edited" for change in self.history)


@dataclass(frozen=True, kw_only=True)
class AuditEvent:
    """One state change: who did what to which record, when, and from which platform."""

    id: int = 0
    project_id: int
    at: datetime
    actor: Person | None
    platform: Platform
    action: str  # e.g. "feedback.logged", "milestone.approved"
    subject: str  # a human id such as "FB-3", "M-2", or the project key
    detail: dict[str, Any] = field(default_factory=dict)
