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
    (F.OPEN, "withdraw"): F.WITHDRAWN,
    (F.REOPENED, "withdraw"): F.WITHDRAWN,
    (F.WITHDRAWN, "reopen"): F.REOPENED,  # undoes a mistaken withdraw
}
FEEDBACK_ACTIONS = ["resolve", "reopen", "withdraw"]
ALLOWED_ISSUE = {
    (S.OPEN, "ack"): S.ACKNOWLEDGED,
    (S.OPEN, "resolve"): S.RESOLVED,
    (S.ACKNOWLEDGED, "resolve"): S.RESOLVED,
    (S.OPEN, "close"): S.CLOSED,
    (S.ACKNOWLEDGED, "close"): S.CLOSED,
    (S.RESOLVED, "close"): S.CLOSED,
    (S.RESOLVED, "reopen"): S.OPEN,
    (S.CLOSED, "reopen"): S.OPEN,
    (S.OPEN, "withdraw"): S.WITHDRAWN,
    (S.ACKNOWLEDGED, "withdraw"): S.WITHDRAWN,
    (S.WITHDRAWN, "reopen"): S.OPEN,
}
ISSUE_ACTIONS = ["ack", "resolve", "close", "reopen", "withdraw"]


@pytest.mark.parametrize(("state", "event"), list(itertools.product(M, E)))
def test_milestone_transition(state: M, event: E) -> None:
    assert next_milestone_state(state, event) == ALLOWED_MILESTONE.get((state, event))


@pytest.mark.parametrize(("status", "action"), list(itertools.product(F, FEEDBACK_ACTIONS)))
def test_feedback_transition(status: F, action: str) -> None:
    assert next_feedback_status(status, action) == ALLOWED_FEEDBACK.get((status, action))


@pytest.mark.parametrize(("status", "action"), list(itertools.product(S, ISSUE_ACTIONS)))
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


# Feedback and issues: reach each status through chat, then try every action and the edit on it.
FEEDBACK_REACH = {
    F.OPEN: [],
    F.RESOLVED: [("dan", "feedback resolve FB-1")],
    F.REOPENED: [("dan", "feedback resolve FB-1"), ("cleo", "feedback reopen FB-1")],
    F.WITHDRAWN: [("cleo", "feedback withdraw FB-1")],
}
FEEDBACK_LINES = {
    "resolve": ("dan", "feedback resolve FB-1 done"),
    "reopen": ("cleo", "feedback reopen FB-1 not yet"),
    "withdraw": ("cleo", "feedback withdraw FB-1"),
    "edit": ("cleo", "feedback edit FB-1 the logo is far too small"),
}


@pytest.mark.parametrize(
    ("status", "action"), list(itertools.product(FEEDBACK_REACH, FEEDBACK_LINES))
)
async def test_feedback_commands_in_every_status(status: F, action: str) -> None:
    studio = await make_studio()
    await studio.say("cleo", "feedback the logo is too small")
    for who, line in FEEDBACK_REACH[status]:
        assert (await studio.say(who, line)).ok, line
    before = len(studio.tables.audit)

    result = await studio.say(*FEEDBACK_LINES[action])

    [feedback] = studio.tables.feedback.values()
    if action == "edit":
        expected = status if status in (F.OPEN, F.REOPENED) else None
    else:
        expected = ALLOWED_FEEDBACK.get((status, action))
    assert result.ok is (expected is not None)
    assert feedback.status is (expected or status)
    assert len(studio.tables.audit) == before + (1 if result.ok else 0)


ISSUE_REACH = {
    S.OPEN: [],
    S.ACKNOWLEDGED: [("dan", "issue ack IS-1")],
    S.RESOLVED: [("dan", "issue resolve IS-1")],
    S.CLOSED: [("paula", "issue close IS-1")],
    S.WITHDRAWN: [("cleo", "issue withdraw IS-1")],
}
ISSUE_LINES = {
    "ack": ("dan", "issue ack IS-1"),
    "resolve": ("dan", "issue resolve IS-1"),
    "close": ("paula", "issue close IS-1"),
    "reopen": ("cleo", "issue reopen IS-1"),
    "withdraw": ("cleo", "issue withdraw IS-1"),
    "edit": ("cleo", "issue edit IS-1 Login page is blank on Safari high"),
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(ISSUE_REACH, ISSUE_LINES)))
async def test_issue_commands_in_every_status(status: S, action: str) -> None:
    studio = await make_studio()
    await studio.say("cleo", "issue Login page is blank")
    for who, line in ISSUE_REACH[status]:
        assert (await studio.say(who, line)).ok, line
    before = len(studio.tables.audit)

    result = await studio.say(*ISSUE_LINES[action])

    [issue] = studio.tables.issues.values()
    if action == "edit":
        expected = status if status in (S.OPEN, S.ACKNOWLEDGED) else None
    else:
        expected = ALLOWED_ISSUE.get((status, action))
    assert result.ok is (expected is not None)
    assert issue.status is (expected or status)
    assert len(studio.tables.audit) == before + (1 if result.ok else 0)
