"""Human names for the domain's enums, as message ids translated where they are shown."""

from __future__ import annotations

from enum import StrEnum

from bot.brief import BriefState
from bot.change_requests import ChangeState
from bot.i18n import N_, tr
from bot.model import (
    ApprovalRule,
    Conversation,
    DecisionKind,
    FeedbackStatus,
    IssueStatus,
    Milestone,
    MilestoneState,
    Person,
    Platform,
    Role,
    Severity,
    Stage,
)
from bot.risks import Level, RiskState

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
    (ApprovalRule, ApprovalRule.ANY): N_("any one"),
    (ApprovalRule, ApprovalRule.ALL): N_("all"),
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
    (BriefState, BriefState.DRAFT): N_("draft"),
    (BriefState, BriefState.SENT): N_("waiting on the client"),
    (BriefState, BriefState.CONFIRMED): N_("confirmed"),
    (BriefState, BriefState.CHANGES): N_("changes requested"),
    (BriefState, BriefState.SUPERSEDED): N_("replaced by a later version"),
    (ChangeState, ChangeState.DRAFT): N_("draft"),
    (ChangeState, ChangeState.SENT): N_("waiting on the client"),
    (ChangeState, ChangeState.ACCEPTED): N_("accepted"),
    (ChangeState, ChangeState.DECLINED): N_("declined"),
    (ChangeState, ChangeState.WITHDRAWN): N_("withdrawn"),
    (Level, Level.LOW): N_("low"),
    (Level, Level.MEDIUM): N_("medium"),
    (Level, Level.HIGH): N_("high"),
    (RiskState, RiskState.OPEN): N_("open"),
    (RiskState, RiskState.CLOSED): N_("closed"),
}


def label(locale: str, value: StrEnum) -> str:
    """The translated name of an enum value, e.g. Severity.HIGH → "high" / "高"."""
    return tr(locale, LABELS[type(value), value])


def milestone_state(locale: str, milestone: Milestone) -> str:
    """A milestone's state as people read it: an approval the studio alone gave (a project
    without client approvers) is never shown as the client's sign-off."""
    if milestone.state is MilestoneState.APPROVED and not milestone.signed_by_client:
        return tr(locale, N_("approved by the studio, no client sign-off"))
    return label(locale, milestone.state)


def name_of(person: Person | None) -> str:
    """How a person is called in messages: their display name, else their platform id."""
    if person is None:
        return "—"
    return person.display_name or person.identity.user_id


def severity_count(locale: str, severity: Severity, count: int) -> str:
    """How many open issues of one severity: "2 critical" / "紧急 2"."""
    return tr(locale, N_("{count} {severity}"), count=count, severity=label(locale, severity))


# Where a conversation is, by platform: "Slack channel C0123" / "Slack 频道 C0123".
PLACES = {
    Platform.SLACK: N_("Slack channel {channel}"),
    Platform.TEAMS: N_("Teams conversation {channel}"),
    Platform.CONSOLE: N_("console {channel}"),
}
# Why a platform refused a post, in words: Slack's error codes, Teams' HTTP status, no reference.
PROBLEMS = {
    "not_in_channel": N_("the app is not in the channel"),
    "channel_not_found": N_("the channel no longer exists"),
    "is_archived": N_("the channel is archived"),
    "account_inactive": N_("the app's access was revoked"),
    "token_revoked": N_("the app's access was revoked"),
    "invalid_auth": N_("the app's access was revoked"),
    "no_permission": N_("the app may not post there"),
    "restricted_action": N_("the app may not post there"),
    "403": N_("the app was removed or blocked there"),
    "404": N_("the conversation no longer exists"),
    "no conversation reference": N_("the app was never installed there"),
}


def place(locale: str, conversation: Conversation) -> str:
    """A conversation named for people: "Slack channel C0123"."""
    return tr(locale, PLACES[conversation.platform], channel=conversation.channel)


def delivery_problem(locale: str, problem: str) -> str:
    """A platform's refusal in the reader's words ("not_in_channel" → "应用不在该频道中"). English
    keeps the platform's own code, which operators look up; so does a code not in this table."""
    if locale == "en":
        return problem
    for code, words in PROBLEMS.items():
        if problem == code or problem.startswith((f"{code} ", f"{code}:")):
            return tr(locale, words)
    return problem
