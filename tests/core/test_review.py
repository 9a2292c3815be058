"""A decision as a pure step of its review: what `Review.decide` answers, read as data (no
database, no words), for every way a decision can end."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.model import (
    ApprovalRule,
    Decision,
    DecisionKind,
    Identity,
    Member,
    Milestone,
    MilestoneState,
    MilestoneVersion,
    Person,
    Platform,
    Project,
    Role,
    Stage,
)
from bot.review import AlreadyDecided, NotInReview, Review
from bot.rules import MilestoneEvent

SUBMITTED = datetime(2026, 12, 1, 9, tzinfo=UTC)
NOW = datetime(2026, 12, 7, 14, 30, tzinfo=UTC)


def person(n: int, name: str) -> Person:
    return Person(id=n, identity=Identity(platform=Platform.SLACK, tenant="T1", user_id=f"U{n}"),
                  display_name=name)  # fmt: skip


PAULA, DAN, ANA, BO, CHEN = (
    person(1, "paula"), person(2, "dan"), person(3, "ana"), person(4, "bo"), person(5, "chen")
)  # fmt: skip
ROSTER = [
    Member(project_id=1, person=PAULA, role=Role.PM),
    Member(project_id=1, person=DAN, role=Role.DESIGNER),
    Member(project_id=1, person=ANA, role=Role.APPROVER),
    Member(project_id=1, person=BO, role=Role.APPROVER),
    Member(project_id=1, person=CHEN, role=Role.CLIENT),
]
PROJECT = Project(id=1, key="ACME", name="Acme", client="Acme", timezone="UTC", locale="en",
                  revision_rounds=2)  # fmt: skip


def in_review(stage: Stage, **changes: object) -> Review:
    milestone = Milestone(id=7, project_id=1, number=1, name="Logo", due_date=date(2026, 12, 18),
                          state=MilestoneState.IN_REVIEW, version=2, stage=stage,
                          submitted_at=SUBMITTED, stage_started_at=SUBMITTED, seq=4)  # fmt: skip
    return Review(milestone=replace(milestone, **changes), submitted=None)


def by(who: Person, stage: Stage, kind: DecisionKind = DecisionKind.APPROVE) -> Decision:
    return Decision(milestone_id=7, version=2, stage=stage, kind=kind, person=who, note="n",
                    platform=Platform.SLACK, decided_at=NOW)  # fmt: skip


def test_the_pms_approval_hands_the_version_to_the_clients_approvers() -> None:
    decided = in_review(Stage.PM).decide(by(PAULA, Stage.PM), project=PROJECT, members=ROSTER,
                                         now=NOW)  # fmt: skip
    assert decided.event is MilestoneEvent.APPROVE_STAGE and not decided.still_waiting
    after = decided.milestone
    assert (after.state, after.stage, after.stage_started_at) == (
        MilestoneState.IN_REVIEW, Stage.CLIENT, NOW
    )  # fmt: skip
    assert decided.called_on == (ANA, BO)
    assert after.seq == 4  # the write that stores it checks the read's count
    assert decided.review.decisions == (by(PAULA, Stage.PM),)


def test_without_approvers_the_pms_approval_is_final() -> None:
    studio_only = [m for m in ROSTER if m.role is not Role.APPROVER]
    decided = in_review(Stage.PM).decide(by(PAULA, Stage.PM), project=PROJECT,
                                         members=studio_only, now=NOW)  # fmt: skip
    assert decided.event is MilestoneEvent.APPROVE_FINAL and decided.called_on == ()
    assert decided.milestone.state is MilestoneState.APPROVED
    assert (decided.milestone.stage, decided.milestone.approved_at) == (None, NOW)


def test_under_the_all_rule_the_stage_waits_for_every_approver() -> None:
    project = replace(PROJECT, client_rule=ApprovalRule.ALL)
    first = in_review(Stage.CLIENT).decide(by(BO, Stage.CLIENT), project=project,
                                           members=ROSTER, now=NOW)  # fmt: skip
    assert first.event is MilestoneEvent.APPROVE_STAGE and first.still_waiting
    assert first.called_on == (ANA,)
    assert (first.milestone.state, first.milestone.stage) == (MilestoneState.IN_REVIEW,
                                                              Stage.CLIENT)  # fmt: skip
    assert first.milestone.stage_started_at == SUBMITTED  # the stage did not start again

    second = first.review.decide(by(ANA, Stage.CLIENT), project=project, members=ROSTER, now=NOW)
    assert second.event is MilestoneEvent.APPROVE_FINAL
    assert second.milestone.state is MilestoneState.APPROVED

    anyone = in_review(Stage.CLIENT).decide(by(BO, Stage.CLIENT), project=PROJECT,
                                            members=ROSTER, now=NOW)  # fmt: skip
    assert anyone.event is MilestoneEvent.APPROVE_FINAL  # "any": one approver is enough


@pytest.mark.parametrize(("used", "over"), [(0, False), (1, False), (2, True)])
def test_a_request_for_changes_spends_a_round_and_calls_on_the_designers(
    used: int, over: bool
) -> None:
    review = in_review(Stage.CLIENT, rounds_used=used)
    decided = review.decide(by(ANA, Stage.CLIENT, DecisionKind.CHANGES), project=PROJECT,
                            members=ROSTER, now=NOW)  # fmt: skip
    assert decided.event is MilestoneEvent.REQUEST_CHANGES
    after = decided.milestone
    assert (after.state, after.stage) == (MilestoneState.CHANGES_REQUESTED, None)
    assert (after.rounds_used, after.over_allowance) == (used + 1, over)
    assert decided.called_on == (DAN,) and decided.rounds_allowed == 2


def test_a_flag_over_allowance_stays_once_set() -> None:
    review = in_review(Stage.PM, rounds_used=0, over_allowance=True)
    decided = review.decide(by(PAULA, Stage.PM, DecisionKind.CHANGES), project=PROJECT,
                            members=ROSTER, now=NOW)  # fmt: skip
    assert decided.milestone.over_allowance


def test_a_second_decision_by_the_same_person_is_refused_with_the_first() -> None:
    project = replace(PROJECT, client_rule=ApprovalRule.ALL)
    first = in_review(Stage.CLIENT).decide(by(BO, Stage.CLIENT), project=project,
                                           members=ROSTER, now=NOW)  # fmt: skip
    with pytest.raises(AlreadyDecided) as twice:
        first.review.decide(by(BO, Stage.CLIENT, DecisionKind.CHANGES), project=project,
                            members=ROSTER, now=NOW)  # fmt: skip
    assert twice.value.earlier == by(BO, Stage.CLIENT)


@pytest.mark.parametrize(
    "review",
    [
        in_review(Stage.PM, state=MilestoneState.APPROVED),
        in_review(Stage.PM, state=MilestoneState.CHANGES_REQUESTED),
        in_review(Stage.PM, version=3),  # the decision is on v2
    ],
)
def test_nothing_is_decided_on_what_is_not_in_review(review: Review) -> None:
    with pytest.raises(NotInReview):
        review.decide(by(PAULA, Stage.PM), project=PROJECT, members=ROSTER, now=NOW)


def test_a_withdrawal_returns_the_milestone_to_where_its_submit_found_it() -> None:
    record = MilestoneVersion(milestone_id=7, version=2, criteria=("one route",), note="v2",
                              state_before=MilestoneState.CHANGES_REQUESTED)  # fmt: skip
    withdrawn = replace(in_review(Stage.CLIENT), submitted=record).withdraw()
    after = withdrawn.milestone
    assert (after.state, after.stage, after.stage_started_at) == (
        MilestoneState.CHANGES_REQUESTED, None, None
    )  # fmt: skip
    assert (after.version, after.seq) == (2, 4) and withdrawn.version == record


@pytest.mark.parametrize(("rounds", "before"), [(0, MilestoneState.PLANNED),
                                                (1, MilestoneState.CHANGES_REQUESTED)])  # fmt: skip
def test_a_version_submitted_before_versions_were_recorded_gets_its_record(
    rounds: int, before: MilestoneState
) -> None:
    withdrawn = in_review(Stage.PM, rounds_used=rounds, submit_note="old").withdraw()
    assert withdrawn.milestone.state is before
    assert (withdrawn.version.version, withdrawn.version.note) == (2, "old")
    assert withdrawn.version.submitted_at == SUBMITTED


def test_a_decided_or_settled_version_is_not_withdrawn() -> None:
    decided = replace(in_review(Stage.CLIENT), decisions=(by(PAULA, Stage.PM),))
    with pytest.raises(AlreadyDecided) as refused:
        decided.withdraw()
    assert refused.value.earlier == by(PAULA, Stage.PM)
    with pytest.raises(NotInReview):
        in_review(Stage.PM, state=MilestoneState.APPROVED).withdraw()
