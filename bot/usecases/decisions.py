"""Sign-off decisions: one per person, stage and version, recorded exactly once even when two
people click at the same moment; late clicks are told who decided and when."""

from __future__ import annotations

from bot import fields
from bot.access import STAGE_DECIDER, allows, decision_action
from bot.cards import card_key
from bot.commands import DecideMilestone
from bot.context import Context
from bot.errors import Conflict, Forbidden
from bot.held import held
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Decision, DecisionKind, Milestone, MilestoneState, Role, Stage
from bot.present import announce_decision
from bot.review import ATTEMPTS, AlreadyDecided, Decided, OtherStageDecided
from bot.rules import MilestoneEvent
from bot.usecases.change_requests import open_for_round, opened_text
from bot.usecases.milestones import cancelled, find_review, review_card
from bot.usecases.surveys import open_survey


async def decide_milestone(command: DecideMilestone, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    rule = fields.CHANGES_NOTE if command.kind is DecisionKind.CHANGES else fields.NOTE
    note = rule.checked(command.kind.value, command.note, ctx.policy)
    for _ in range(ATTEMPTS):
        review = await find_review(ctx, command.number)
        milestone = review.milestone
        version = command.version or milestone.version
        if milestone.state is not MilestoneState.IN_REVIEW or version != milestone.version:
            raise await already_decided(ctx, milestone, version)
        # The roles really held: a guest is no approver, and an operator decides nothing.
        if not allows(decision_action(command.kind, review.stage), ctx.roles):
            raise await refusal(ctx, milestone, review.stage)
        decision = Decision(
            milestone_id=milestone.id,
            version=version,
            stage=review.stage,
            kind=command.kind,
            person=ctx.actor,
            note=note,
            platform=ctx.invocation.identity.platform,
            decided_at=ctx.now,
        )
        members = await ctx.uow.members.list(project.id)
        try:
            decided = review.decide(decision, project=project, members=members, now=ctx.now)
        except AlreadyDecided as twice:
            raise _decided_error(ctx, milestone, twice.earlier) from None
        except OtherStageDecided as other:
            raise _other_stage(ctx, milestone, other.earlier) from None
        # The write every decision on this milestone passes, one at a time: it matches only
        # while the row is as read (on PostgreSQL a second decider waits here for the first to
        # commit, then misses and reads again, seeing the first one's decision).
        if await ctx.uow.milestones.save_if_unchanged(decided.milestone):
            break
    else:
        raise Conflict("{ref} changed a moment ago; please look again.", ref=milestone.ref)
    await ctx.uow.decisions.add(decision)
    closed = {}
    if decided.event is MilestoneEvent.APPROVE_FINAL:  # how long each side held it, on record
        clock = held(
            decided.milestone,
            await ctx.uow.versions.list(milestone.id),
            await ctx.uow.decisions.for_milestone(milestone.id),
            studio_stage=project.studio_stage,
            now=ctx.now,
        )
        closed = {
            "held_by_client_seconds": int(clock.client.total_seconds()),
            "held_by_studio_seconds": int(clock.studio.total_seconds()),
        }
    await ctx.record(
        f"milestone.{decided.event.value}",
        milestone.ref,
        version=version,
        stage=decision.stage,
        note=note,
        rounds_used=decided.milestone.rounds_used,
        **closed,
    )
    card = review_card(ctx, decided.review, members)
    key = card_key(decided.milestone)
    announced = announce_decision(ctx, decided)
    if over_allowance(decided):
        # The round beyond the contract's is work to price: a change request is opened for it.
        change = await open_for_round(ctx, decided.milestone, note, decided.milestone.rounds_used)
        announced += "\n" + opened_text(ctx, change)
    replies = [
        ctx.to_channel(card.text, card=card.card, card_key=key, replaces=key),
        ctx.to_channel(announced, mentions=decided.called_on),
    ]
    if decided.event is MilestoneEvent.APPROVE_FINAL:  # how satisfied is the client with it?
        replies += await open_survey(ctx, decided.milestone)
    return replies


def over_allowance(decided: Decided) -> bool:
    """A client's request for changes that spent a round beyond the contract's."""
    return (
        decided.event is MilestoneEvent.REQUEST_CHANGES
        and decided.decision.stage is Stage.CLIENT
        and decided.milestone.rounds_used > decided.rounds_allowed
    )


async def already_decided(ctx: Context, milestone: Milestone, version: int) -> Exception:
    """The answer to a late or double click: who decided this version, and when (or that it
    was withdrawn, or the milestone cancelled)."""
    if milestone.state is MilestoneState.CANCELLED:
        return cancelled(milestone)
    submitted = await ctx.uow.versions.get(milestone.id, version)
    if submitted is not None and submitted.withdrawn_at is not None:
        return Conflict(
            "{ref} v{version} was withdrawn by {who} at {when}.",
            ref=milestone.ref,
            version=version,
            who=name_of(submitted.withdrawn_by),
            when=ctx.when(submitted.withdrawn_at),
        )
    decisions = [
        d for d in await ctx.uow.decisions.for_milestone(milestone.id) if d.version == version
    ]
    if decisions:
        return _decided_error(ctx, milestone, decisions[-1])
    if milestone.state is MilestoneState.IN_REVIEW and version == milestone.version:
        return Conflict("{ref} changed a moment ago; please look again.", ref=milestone.ref)
    if milestone.state is MilestoneState.IN_REVIEW:
        return Conflict(
            "{ref} is in review as v{current}, not v{version}.",
            ref=milestone.ref,
            current=milestone.version,
            version=version,
        )
    return Conflict(
        "{ref} is not in review (it is {state}).",
        ref=milestone.ref,
        state=label(ctx.locale, milestone.state),
    )


def _decided_error(ctx: Context, milestone: Milestone, decision: Decision) -> Conflict:
    return Conflict(
        "{ref} v{version} is already decided: {who} {outcome} at {when}.",
        who=name_of(decision.person),
        outcome=label(ctx.locale, decision.kind),
        ref=milestone.ref,
        version=decision.version,
        when=ctx.when(decision.decided_at),
    )


def _other_stage(ctx: Context, milestone: Milestone, decision: Decision) -> Forbidden:
    """One person decides at most one stage of a version: a PM who is also an approver leaves
    the client's stage to another approver, unless the project allows self-approval."""
    return Forbidden(
        "You decided {ref} v{version} in the {stage} at {when}: another of the client's "
        "approvers must sign it off. (A PM can let one person decide both stages with "
        "“project self-approval on”.)",
        ref=milestone.ref,
        version=decision.version,
        stage=label(ctx.locale, decision.stage),
        when=ctx.when(decision.decided_at),
    )


async def refusal(ctx: Context, milestone: Milestone, stage: Stage) -> Exception:
    """Someone who may not decide this stage: tell them a decision they could have made is
    already in, or who can decide now."""
    for done in (s for s in Stage if s is not stage and STAGE_DECIDER[s] in ctx.roles):
        decided = await ctx.uow.decisions.for_stage(milestone.id, milestone.version, done)
        if decided:
            return _decided_error(ctx, milestone, decided[-1])
    if stage is Stage.PM:
        return Forbidden("Only the studio's PM can decide on {ref} now.", ref=milestone.ref)
    if Role.PM in ctx.roles:
        return Forbidden("{ref} is waiting on the client's approvers now.", ref=milestone.ref)
    return Forbidden("Only the client's approvers can sign {ref} off.", ref=milestone.ref)
