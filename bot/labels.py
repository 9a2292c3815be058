"""Human names for the domain's enums, as message ids translated where they are shown."""

from __future__ import annotations

from enum import StrEnum

from bot.i18n import N_, tr
from bot.model import (
    DecisionKind,
    FeedbackStatus,
    IssueStatus,
    MilestoneState,
    Person,
    Role,
    Severity,
    Stage,
)

# Keyed by (type, value): Role.PM and Stage.PM are equal strings but have different names.
LABELS: dict[tuple[type, str], str] = {
    (Role, Role.PM): N_("PM"),
    (Role, Role.DESIGNER): N_("designer"),
    (Role, Role.CLIENT): N_("client"),
    (Role, Role.APPROVER): N_("approver"),
    (MilestoneState, MilestoneState.PLANNED): N_("planned"),
    (MilestoneState, MilestoneState.IN_REVIEW): N_("in review"),
    (MilestoneState, MilestoneState.CHANGES_REQUESTED): N_("changes requested"),
    (MilestoneState, MilestoneState.APPROVED): N_("approved"),
    (MilestoneState, MilestoneState.CANCELLED): N_("cancelled"),
    (Stage, Stage.PM): N_("PM review"),
    (Stage, Stage.CLIENT): N_("client sign-off"),
    (DecisionKind, DecisionKind.APPROVE): N_("approved"),
    (DecisionKind, DecisionKind.CHANGES): N_("requested changes"),
    (FeedbackStatus, FeedbackStatus.OPEN): N_("open"),
    (FeedbackStatus, FeedbackStatus.RESOLVED): N_("resolved"),
    (FeedbackStatus, FeedbackStatus.REOPENED): N_("reopened"),
    (FeedbackStatus, FeedbackStatus.WITHDRAWN): N_("withdrawn"),
    (IssueStatus, IssueStatus.OPEN): N_("open"),
    (IssueStatus, IssueStatus.ACKNOWLEDGED): N_("acknowledged"),
    (IssueStatus, IssueStatus.RESOLVED): N_("resolved"),
    (IssueStatus, IssueStatus.CLOSED): N_("closed"),
    (IssueStatus, IssueStatus.WITHDRAWN): N_("withdrawn"),
    (Severity, Severity.LOW): N_("low"),
    (Severity, Severity.MEDIUM): N_("medium"),
    (Severity, Severity.HIGH): N_("high"),
    (Severity, Severity.CRITICAL): N_("critical"),
}


def label(locale: str, value: StrEnum) -> str:
    """The translated name of an enum value, e.g. Severity.HIGH → "high" / "高"."""
    return tr(locale, LABELS[type(value), value])


def name_of(person: Person | None) -> str:
    """How a person is called in messages: their display name, else their platform id."""
    if person is None:
        return "—"
    return person.display_name or person.identity.user_id
