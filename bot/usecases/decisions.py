"""Sign-off decisions: one per person, stage and version, recorded exactly once even when two
people click at the same moment; late clicks are told who decided and when."""

from __future__ import annotations

from bot import fields
from bot.access import STAGE_DECIDER, allows, decision_action
from bot.cards import card_key
from bot.commands import DecideMilestone
from bot.context import Context
from bot.errors import Conflict, Forbidden
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import (
    ApprovalRule,
    Decision,
    DecisionKind,
    Milestone,
    MilestoneState,
    Person,
    Role,
    Stage,
)
from bot.rules import MilestoneEvent, next_milestone_state, stages_for
from bot.typography import join_items
from bot.usecases.milestones import cancelled, deciders, find_milestone, version_card


async def decide_milestone(command: DecideMilestone, ctx: Context) -> list[Reply]:
    milestone = await find_milestone(ctx, command.number)
    rule = fields.CHANGES_NOTE if command.kind is DecisionKind.CHANGES else fields.NOTE
    note = rule.checked(command.kind.value, command.note, ctx.policy)
    version = command.version or milestone.version
    if milestone.state is not MilestoneState.IN_REVIEW or version != milestone.version:
        raise await already_decided(ctx, milestone, version)
    stage = milestone.stage or Stage.PM
    # The roles really held: a guest is no approver, and an operator decides nothing.
    if not allows(decision_action(command.kind, stage), ctx.roles):
        raise await refusal(ctx, milestone, stage)
    claimed = await ctx.uow.milestones.claim(
        milestone.id, state=MilestoneState.IN_REVIEW, version=version, stage=stage
    )
    if not claimed:
        # Someone changed it since it was read (a decision, a withdrawal, a cancel): read it
        # again, so the answer says what they did.
        raise await already_decided(ctx, await find_milestone(ctx, command.number), version)
    # Every decision on the milestone, read once: this stage's come first, the card shows them all.
    decided = [
        d for d in await ctx.uow.decisions.for_milestone(milestone.id) if d.version == version
    ]
    earlier = [d for d in decided if d.stage is stage]
    mine = [d for d in earlier if d.person.id == ctx.actor.id]
    if mine:
        raise _decided_error(ctx, milestone, mine[-1])
    decision = await ctx.uow.decisions.add(
        Decision(
            milestone_id=milestone.id,
            version=version,
            stage=stage,
            kind=command.kind,
            person=ctx.actor,
            note=note,
            platform=ctx.invocation.identity.platform,
            decided_at=ctx.now,
        )
    )
    event, announcement, called_on = await _advance(ctx, milestone, decision, earlier)
    milestone.state = next_milestone_state(milestone.state, event) or milestone.state
    await ctx.uow.milestones.save(milestone)
    await ctx.record(
        f"milestone.{event.value}",
        milestone.ref,
        version=version,
        stage=stage,
        note=note,
        rounds_used=milestone.rounds_used,
    )
    card = await version_card(ctx, milestone, decided=[*decided, decision])
    key = card_key(milestone)
    return [
        ctx.to_channel(card.text, card=card.card, card_key=key, replaces=key),
        ctx.to_channel(announcement, mentions=tuple(called_on)),
    ]


async def _advance(
    ctx: Context, milestone: Milestone, decision: Decision, earlier: list[Decision]
) -> tuple[MilestoneEvent, str, list[Person]]:
    """Apply a recorded decision to the milestone; returns the event, what to announce, and
    whom it calls on (the next deciders, or the designers who rework the version)."""
    project = ctx.require_project()
    who, ref = name_of(decision.person), f"{milestone.ref} v{milestone.version}"
    if decision.kind is DecisionKind.CHANGES:
        milestone.stage = None
        milestone.rounds_used += 1
        text = ctx.t(
            "{who} requested changes on {ref}: {note}", who=who, ref=ref, note=decision.note
        )
        used, allowed = milestone.rounds_used, project.revision_rounds
        if used > allowed:
            milestone.over_allowance = True
            text += "\n" + ctx.t(
                "This is revision round {used}, beyond the {allowed} in the contract: "
                "{ms} is flagged over allowance, and further rounds are a change request.",
                used=used,
                allowed=allowed,
                ms=milestone.ref,
            )
        elif used == allowed:
            text += "\n" + ctx.t(
                "That was the last of the {allowed} revision rounds in the contract.",
                allowed=allowed,
            )
        else:
            text += "\n" + ctx.t("Revision round {used} of {allowed}.", used=used, allowed=allowed)
        designers = [
            m.person for m in await ctx.uow.members.list(project.id) if m.role is Role.DESIGNER
        ]
        return MilestoneEvent.REQUEST_CHANGES, text, designers
    stage = decision.stage
    if not await _stage_complete(ctx, stage, [*earlier, decision]):
        waiting = [
            p
            for p in await deciders(ctx, stage)
            if p.id not in {d.person.id for d in (*earlier, decision)}
        ]
        names = join_items(ctx.locale, (name_of(p) for p in waiting))
        text = ctx.t(
            "{who} approved {ref}. Still waiting on: {names}.", who=who, ref=ref, names=names
        )
        return MilestoneEvent.APPROVE_STAGE, text, waiting
    approvers = await deciders(ctx, Stage.CLIENT)
    stages = stages_for(has_approvers=bool(approvers))
    if stage is not stages[-1]:
        milestone.stage, milestone.stage_started_at = stages[stages.index(stage) + 1], ctx.now
        names = join_items(ctx.locale, (name_of(p) for p in approvers))
        text = ctx.t(
            "{who} approved {ref} for the studio. Over to the client: {names}, please review "
            "and decide.",
            who=who,
            ref=ref,
            names=names,
        )
        return MilestoneEvent.APPROVE_STAGE, text, approvers
    milestone.stage, milestone.approved_at = None, ctx.now
    text = ctx.t("{ref} is approved. Signed off by {who}.", ref=ref, who=who)
    return MilestoneEvent.APPROVE_FINAL, text, []


async def _stage_complete(ctx: Context, stage: Stage, decisions: list[Decision]) -> bool:
    project = ctx.require_project()
    rule = project.pm_rule if stage is Stage.PM else project.client_rule
    if rule is ApprovalRule.ANY:
        return True
    approved = {d.person.id for d in decisions if d.kind is DecisionKind.APPROVE}
    return all(person.id in approved for person in await deciders(ctx, stage))


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
