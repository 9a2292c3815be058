"""The state machines of milestones, feedback and issues: which change is allowed from which
state (who may make it is bot.access)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from bot.model import FeedbackStatus, IssueStatus, Milestone, MilestoneState, Project, Stage


class MilestoneEvent(StrEnum):
    SUBMIT = "submit"
    APPROVE_STAGE = "approve_stage"  # a stage is approved and another stage follows
    APPROVE_FINAL = "approve_final"  # the last stage is approved
    REQUEST_CHANGES = "request_changes"


MILESTONE_TRANSITIONS: dict[tuple[MilestoneState, MilestoneEvent], MilestoneState] = {
    (MilestoneState.PLANNED, MilestoneEvent.SUBMIT): MilestoneState.IN_REVIEW,
    (MilestoneState.CHANGES_REQUESTED, MilestoneEvent.SUBMIT): MilestoneState.IN_REVIEW,
    (MilestoneState.IN_REVIEW, MilestoneEvent.APPROVE_STAGE): MilestoneState.IN_REVIEW,
    (MilestoneState.IN_REVIEW, MilestoneEvent.APPROVE_FINAL): MilestoneState.APPROVED,
    (MilestoneState.IN_REVIEW, MilestoneEvent.REQUEST_CHANGES): MilestoneState.CHANGES_REQUESTED,
}

FEEDBACK_TRANSITIONS: dict[tuple[FeedbackStatus, str], FeedbackStatus] = {
    (FeedbackStatus.OPEN, "resolve"): FeedbackStatus.RESOLVED,
    (FeedbackStatus.REOPENED, "resolve"): FeedbackStatus.RESOLVED,
    (FeedbackStatus.RESOLVED, "reopen"): FeedbackStatus.REOPENED,
    # Its author (or a PM) takes it back while it is open; reopening undoes a mistaken withdraw.
    (FeedbackStatus.OPEN, "withdraw"): FeedbackStatus.WITHDRAWN,
    (FeedbackStatus.REOPENED, "withdraw"): FeedbackStatus.WITHDRAWN,
    (FeedbackStatus.WITHDRAWN, "reopen"): FeedbackStatus.REOPENED,
}

ISSUE_TRANSITIONS: dict[tuple[IssueStatus, str], IssueStatus] = {
    (IssueStatus.OPEN, "ack"): IssueStatus.ACKNOWLEDGED,
    (IssueStatus.OPEN, "resolve"): IssueStatus.RESOLVED,
    (IssueStatus.ACKNOWLEDGED, "resolve"): IssueStatus.RESOLVED,
    # A PM may close what will not be fixed (a duplicate, a non-issue) without resolving it first.
    (IssueStatus.OPEN, "close"): IssueStatus.CLOSED,
    (IssueStatus.ACKNOWLEDGED, "close"): IssueStatus.CLOSED,
    (IssueStatus.RESOLVED, "close"): IssueStatus.CLOSED,
    (IssueStatus.RESOLVED, "reopen"): IssueStatus.OPEN,
    (IssueStatus.CLOSED, "reopen"): IssueStatus.OPEN,
    (IssueStatus.OPEN, "withdraw"): IssueStatus.WITHDRAWN,
    (IssueStatus.ACKNOWLEDGED, "withdraw"): IssueStatus.WITHDRAWN,
    (IssueStatus.WITHDRAWN, "reopen"): IssueStatus.OPEN,
}

# While a record is open its author may still edit it; after that the text is what was answered.
OPEN_FEEDBACK = frozenset({FeedbackStatus.OPEN, FeedbackStatus.REOPENED})
OPEN_ISSUES = frozenset({IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED})


def next_milestone_state(state: MilestoneState, event: MilestoneEvent) -> MilestoneState | None:
    """The state after `event`, or None when the event is not allowed in `state`."""
    return MILESTONE_TRANSITIONS.get((state, event))


def next_feedback_status(status: FeedbackStatus, action: str) -> FeedbackStatus | None:
    return FEEDBACK_TRANSITIONS.get((status, action))


def next_issue_status(status: IssueStatus, action: str) -> IssueStatus | None:
    return ISSUE_TRANSITIONS.get((status, action))


def feedback_editable(status: FeedbackStatus) -> bool:
    """Whether its author may still change the text: only while it is open."""
    return status in OPEN_FEEDBACK


def issue_editable(status: IssueStatus) -> bool:
    return status in OPEN_ISSUES


def stages_for(project: Project, *, has_approvers: bool) -> tuple[Stage, ...]:
    """Who signs a version off, in order. By default the studio's PM signs first and the
    client's approvers second; a project whose contract says so has the client's stage alone.
    Without client approvers the studio's stage is the last: the version can be approved by the
    studio, never signed off by the client (`Milestone.signed_by_client` stays False)."""
    if not project.studio_stage:
        return (Stage.CLIENT,)
    return (Stage.PM, Stage.CLIENT) if has_approvers else (Stage.PM,)


def stage_after(stages: tuple[Stage, ...], stage: Stage) -> Stage | None:
    """The stage that follows `stage` in a project's stages, None after the last. A stage the
    project has since dropped (its rules changed during a review) is followed by the stages
    that come after it in sign-off order."""
    order = list(Stage)
    return next((s for s in stages if order.index(s) > order.index(stage)), None)


def rounds_included(project: Project, milestone: Milestone) -> int:
    """The revision rounds the contract includes for `milestone`: its own, else the project's."""
    if milestone.rounds_included is not None:
        return milestone.rounds_included
    return project.revision_rounds


def days_late(milestone: Milestone, today: date) -> int:
    """How many days past its due date a milestone is (0 on time): only while it waits on
    someone, never once approved or cancelled."""
    if milestone.state in (MilestoneState.APPROVED, MilestoneState.CANCELLED):
        return 0
    return max(0, (today - milestone.due_date).days)


def scan_order(milestones: Iterable[Milestone]) -> list[Milestone]:
    """Milestones as a person scans them: the open ones by due date (so the most overdue come
    first, then the soonest), then the approved and cancelled ones by number."""
    settled = (MilestoneState.APPROVED, MilestoneState.CANCELLED)
    return sorted(milestones, key=lambda m: (m.state in settled, m.due_date, m.number))
