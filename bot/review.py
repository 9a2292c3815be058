"""A version in review and the decisions on it: the one place a decision changes a milestone.

`Review.decide` is pure. Given what one read returned (the milestone, the record of the version
in review, the decisions on it) and the project's roster, it answers what the decision did, as
data (`Decided`): the event, the milestone as it now stands, who is called on next. It reads and
writes nothing and says nothing: bot/usecases/decisions.py stores the outcome, bot/present.py
puts it into words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.access import STAGE_DECIDER
from bot.model import (
    ApprovalRule,
    Decision,
    DecisionKind,
    Member,
    Milestone,
    MilestoneState,
    MilestoneVersion,
    Person,
    Project,
    Role,
    Stage,
)
from bot.rules import (
    MilestoneEvent,
    next_milestone_state,
    rounds_included,
    stage_after,
    stages_for,
)

# Reads a change makes again when another transaction changed the milestone since its read.
ATTEMPTS = 3


class AlreadyDecided(Exception):
    """The person already decided this stage of this version: a decision is final."""

    def __init__(self, earlier: Decision) -> None:
        super().__init__(earlier)
        self.earlier = earlier


class OtherStageDecided(Exception):
    """The person decided another stage of this version: one person decides at most one stage
    of a version unless the project allows self-approval."""

    def __init__(self, earlier: Decision) -> None:
        super().__init__(earlier)
        self.earlier = earlier


class NotInReview(Exception):
    """The milestone is not waiting on a decision (any more)."""


@dataclass(frozen=True, kw_only=True)
class Review:
    milestone: Milestone
    submitted: MilestoneVersion | None  # None for versions submitted before it was recorded
    decisions: tuple[Decision, ...] = ()  # on the milestone's current version, oldest first

    @property
    def stage(self) -> Stage:
        return self.milestone.stage or Stage.PM

    def decide(
        self, decision: Decision, *, project: Project, members: Sequence[Member], now: datetime
    ) -> Decided:
        """What `decision` does to the version in review. Raises `NotInReview` when nothing
        waits on a decision, `AlreadyDecided` when its person decided this stage before,
        `OtherStageDecided` when they decided another stage of the version and the project
        keeps the stages' deciders apart."""
        milestone = self.milestone
        if milestone.state is not MilestoneState.IN_REVIEW or decision.version != milestone.version:
            raise NotInReview()
        stage = self.stage
        for mine in (d for d in self.decisions if d.person.id == decision.person.id):
            if mine.stage is stage:
                raise AlreadyDecided(mine)
            if not project.self_approval:
                raise OtherStageDecided(mine)
        rounds = rounds_included(project, milestone)
        if decision.kind is DecisionKind.CHANGES:
            if stage is Stage.CLIENT:  # the contract's rounds are the client's
                used = milestone.rounds_used + 1
                after = replace(
                    milestone, stage=None, rounds_used=used,
                    over_allowance=milestone.over_allowance or used > rounds,
                )  # fmt: skip
            else:
                after = replace(
                    milestone, stage=None, internal_rounds=milestone.internal_rounds + 1
                )
            designers = [m.person for m in members if m.role is Role.DESIGNER]
            return self._outcome(MilestoneEvent.REQUEST_CHANGES, decision, after, designers, rounds)
        decided = replace(self, decisions=(*self.decisions, decision))
        rule = project.pm_rule if stage is Stage.PM else project.client_rule
        if rule is ApprovalRule.ALL and (waiting := decided.waiting_on(project, members)):
            return self._outcome(
                MilestoneEvent.APPROVE_STAGE, decision, milestone, waiting, rounds, waiting=True
            )
        has_approvers = any(m.role is STAGE_DECIDER[Stage.CLIENT] for m in members)
        following = stage_after(stages_for(project, has_approvers=has_approvers), stage)
        if following is not None:
            after = replace(milestone, stage=following, stage_started_at=now)
            called_on = replace(decided, milestone=after).waiting_on(project, members)
            return self._outcome(MilestoneEvent.APPROVE_STAGE, decision, after, called_on, rounds)
        after = replace(
            milestone, stage=None, approved_at=now, signed_by_client=stage is Stage.CLIENT
        )
        return self._outcome(MilestoneEvent.APPROVE_FINAL, decision, after, [], rounds)

    def waiting_on(self, project: Project, members: Sequence[Member]) -> list[Person]:
        """Whose decision the version waits on: the deciders of its stage who have not decided
        it, less anyone who decided another of its stages (one person decides at most one
        stage of a version, unless the project allows self-approval)."""
        milestone = self.milestone
        if milestone.state is not MilestoneState.IN_REVIEW or milestone.stage is None:
            return []
        stage = milestone.stage
        done = {
            d.person.id for d in self.decisions if d.stage is stage or not project.self_approval
        }
        return [
            m.person for m in members if m.role is STAGE_DECIDER[stage] and m.person.id not in done
        ]

    def withdraw(self) -> Withdrawn:
        """The version in review taken back before anyone decided on it: the milestone returns
        to where it was before the submit. Raises `NotInReview`, or `AlreadyDecided` with the
        first decision on the version."""
        milestone = self.milestone
        if milestone.state is not MilestoneState.IN_REVIEW:
            raise NotInReview()
        if self.decisions:
            raise AlreadyDecided(self.decisions[0])
        # A version submitted before versions were recorded gets its record now.
        record = self.submitted or MilestoneVersion(
            milestone_id=milestone.id,
            version=milestone.version,
            criteria=milestone.criteria,
            note=milestone.submit_note,
            submitted_at=milestone.submitted_at,
            state_before=(
                MilestoneState.CHANGES_REQUESTED
                if milestone.rounds_used or milestone.internal_rounds
                else MilestoneState.PLANNED
            ),
        )
        after = replace(milestone, state=record.state_before, stage=None, stage_started_at=None)
        return Withdrawn(milestone=after, version=record)

    def _outcome(
        self,
        event: MilestoneEvent,
        decision: Decision,
        after: Milestone,
        called_on: Sequence[Person],
        rounds: int,
        *,
        waiting: bool = False,
    ) -> Decided:
        state = next_milestone_state(after.state, event)
        assert state is not None, (after.state, event)  # every event here starts in review
        after = replace(after, state=state)
        return Decided(
            event=event,
            decision=decision,
            milestone=after,
            called_on=tuple(called_on),
            still_waiting=waiting,
            rounds_allowed=rounds,
            review=replace(self, milestone=after, decisions=(*self.decisions, decision)),
        )


@dataclass(frozen=True, kw_only=True)
class Decided:
    """What one decision did."""

    event: MilestoneEvent
    decision: Decision
    milestone: Milestone  # as it stands after the decision
    # Whom it calls on: the stage's deciders still to decide, the next stage's, or (on a
    # request for changes) the designers who rework the version.
    called_on: tuple[Person, ...]
    still_waiting: bool  # the stage stays open: others of its deciders must approve too
    rounds_allowed: int  # revision rounds the contract includes for the milestone
    review: Review  # the version in review as it now stands, this decision included


@dataclass(frozen=True, kw_only=True)
class Withdrawn:
    milestone: Milestone  # as it stands after the withdrawal
    version: MilestoneVersion  # the record of the version taken back, as it was submitted
