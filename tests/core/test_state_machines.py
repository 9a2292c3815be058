"""Every transition of the milestone, feedback and issue state machines, allowed and refused."""

from __future__ import annotations

import itertools

import pytest

from bot.model import FeedbackStatus, IssueStatus, MilestoneState
from bot.rules import (
    MilestoneEvent,
    next_feedback_status,
    next_issue_status,
    next_milestone_state,
)
from tests.core.conftest import make_studio

M, E = MilestoneState, MilestoneEvent
ALLOWED_MILESTONE = {
    (M.PLANNED, E.SUBMIT): M.IN_REVIEW,
    (M.CHANGES_REQUESTED, E.SUBMIT): M.IN_REVIEW,
    (M.IN_REVIEW, E.APPROVE_STAGE): M.IN_REVIEW,
    (M.IN_REVIEW, E.APPROVE_FINAL): M.APPROVED,
    (M.IN_REVIEW, E.REQUEST_CHANGES): M.CHANGES_REQUESTED,
}
F, S = FeedbackStatus, IssueStatus
ALLOWED_FEEDBACK = {
    (F.OPEN, "resolve"): F.RESOLVED,
    (F.REOPENED, "resolve"): F.RESOLVED,
    (F.RESOLVED, "reopen"): F.REOPENED,
}
ALLOWED_ISSUE = {
    (S.OPEN, "ack"): S.ACKNOWLEDGED,
    (S.OPEN, "resolve"): S.RESOLVED,
    (S.ACKNOWLEDGED, "resolve"): S.RESOLVED,
    (S.OPEN, "close"): S.CLOSED,
    (S.ACKNOWLEDGED, "close"): S.CLOSED,
    (S.RESOLVED, "close"): S.CLOSED,
    (S.RESOLVED, "reopen"): S.OPEN,
    (S.CLOSED, "reopen"): S.OPEN,
}


@pytest.mark.parametrize(("state", "event"), list(itertools.product(M, E)))
def test_milestone_transition(state: M, event: E) -> None:
    assert next_milestone_state(state, event) == ALLOWED_MILESTONE.get((state, event))


@pytest.mark.parametrize(("status", "action"), list(itertools.product(F, ["resolve", "reopen"])))
def test_feedback_transition(status: F, action: str) -> None:
    assert next_feedback_status(status, action) == ALLOWED_FEEDBACK.get((status, action))


@pytest.mark.parametrize(
    ("status", "action"), list(itertools.product(S, ["ack", "resolve", "close", "reopen"]))
)
def test_issue_transition(status: S, action: str) -> None:
    assert next_issue_status(status, action) == ALLOWED_ISSUE.get((status, action))


# Drive a milestone into each state through the commands, then try every command on it.
REACH = {
    M.PLANNED: [],
    M.IN_REVIEW: [("dan", "submit M-1")],
    M.CHANGES_REQUESTED: [("dan", "submit M-1"), ("paula", "changes M-1 warmer")],
    M.APPROVED: [("dan", "submit M-1"), ("paula", "approve M-1"), ("ava", "approve M-1")],
}
ATTEMPTS = {  # command → the state it leads to from each state where it is allowed
    ("dan", "submit M-1"): {M.PLANNED: M.IN_REVIEW, M.CHANGES_REQUESTED: M.IN_REVIEW},
    ("paula", "approve M-1"): {M.IN_REVIEW: M.IN_REVIEW},  # the PM stage passes to the client
    ("paula", "changes M-1 tweak"): {M.IN_REVIEW: M.CHANGES_REQUESTED},
}


@pytest.mark.parametrize(("state", "attempt"), list(itertools.product(REACH, ATTEMPTS)))
async def test_milestone_commands_in_every_state(state: M, attempt: tuple[str, str]) -> None:
    studio = await make_studio()
    await studio.say("paula", 'milestone add "Concepts" due 2027-01-15')
    for who, line in REACH[state]:
        assert (await studio.say(who, line)).ok, line
    before = len(studio.tables.audit)

    result = await studio.say(*attempt)

    [m] = studio.tables.milestones.values()
    expected = ATTEMPTS[attempt].get(state)
    assert result.ok is (expected is not None)
    assert m.state is (expected or state)
    assert len(studio.tables.audit) == before + (1 if result.ok else 0)
