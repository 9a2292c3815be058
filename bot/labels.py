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

LABELS: dict[StrEnum, str] = {
    Role.PM: N_("PM"),
    Role.DESIGNER: N_("designer"),
    Role.CLIENT: N_("client"),
    Role.APPROVER: N_("approver"),
    MilestoneState.PLANNED: N_("planned"),
    MilestoneState.IN_REVIEW: N_("in review"),
    MilestoneState.CHANGES_REQUESTED: N_("changes requested"),
    MilestoneState.APPROVED: N_("approved"),
    Stage.PM: N_("PM review"),
    Stage.CLIENT: N_("client sign-off"),
    DecisionKind.APPROVE: N_("approved"),
    DecisionKind.CHANGES: N_("requested changes"),
    FeedbackStatus.OPEN: N_("open"),
    FeedbackStatus.RESOLVED: N_("resolved"),
    FeedbackStatus.REOPENED: N_("reopened"),
    IssueStatus.OPEN: N_("open"),
    IssueStatus.ACKNOWLEDGED: N_("acknowledged"),
    IssueStatus.RESOLVED: N_("resolved"),
    IssueStatus.CLOSED: N_("closed"),
    Severity.LOW: N_("low"),
    Severity.MEDIUM: N_("medium"),
    Severity.HIGH: N_("high"),
    Severity.CRITICAL: N_("critical"),
}


def label(locale: str, value: StrEnum) -> str:
    """The translated name of an enum value, e.g. Severity.HIGH → "high" / "高"."""
    return tr(locale, LABELS[value])


def name_of(person: Person | None) -> str:
    """How a person is called in messages: their display name, else their platform id."""
    if person is None:
        return "—"
    return person.display_name or person.identity.user_id
