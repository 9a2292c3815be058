"""The client's approvers confirm the brief or ask for changes: one decision per version, the
first one wins and later clicks are told who decided. A confirmed brief's deliverables become
the project's milestones, with its due dates, criteria and revision rounds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.access import allows
from bot.brief import Brief, BriefDecisionKind, BriefDeliverable, BriefState, outcome
from bot.brief_card import brief_card, brief_card_key
from bot.brief_commands import DecideBrief
from bot.context import Context
from bot.errors import Conflict, Forbidden, NotFound
from bot.fields import CHANGES_NOTE, NOTE
from bot.i18n import N_
from bot.labels import name_of
from bot.messages import Reply
from bot.model import Milestone, MilestoneState
from bot.usecases.milestone_input import name_key

CONFIRMED_BY = N_("Brief {version} is already confirmed: {who} confirmed it at {when}.")
CHANGES_BY = N_("Brief {version} is already decided: {who} asked for changes at {when}.")
ACTION = {BriefDecisionKind.CONFIRM: "brief confirm", BriefDecisionKind.CHANGES: "brief changes"}


async def decide_brief(command: DecideBrief, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    rule = CHANGES_NOTE if command.kind is BriefDecisionKind.CHANGES else NOTE
    note = rule.checked("brief", command.note, ctx.policy)
    brief = await _waiting(ctx, command.version)
    # The roles really held: a guest is no approver, and an operator decides nothing.
    if not allows(ACTION[command.kind], ctx.roles):
        raise Forbidden(
            "Only the client's approvers can confirm the brief or ask for changes to it."
        )
    state = outcome(command.kind)
    if not await ctx.uow.briefs.settle(
        brief, expected=BriefState.SENT, state=state, by=ctx.actor, at=ctx.now, note=note
    ):
        raise _decided(ctx, await ctx.uow.briefs.get(project.id, brief.version) or brief)
    decided = replace(
        brief, state=state, decided_by=ctx.actor, decided_at=ctx.now, decision_note=note
    )
    key = brief_card_key(decided)
    card = brief_card(ctx, decided)
    replies = [ctx.to_channel(card.text, card=card.card, card_key=key, replaces=key)]
    if command.kind is BriefDecisionKind.CHANGES:
        await ctx.record("brief.changes_requested", f"brief {brief.ref}", note=note)
        text = ctx.t(
            "{who} asked for changes to brief {version}: {note}. The PM's next edit drafts "
            "v{next}.",
            who=name_of(ctx.actor),
            version=brief.ref,
            note=note,
            next=brief.version + 1,
        )
        return [*replies, ctx.to_channel(text)]
    made = await _milestones_from(ctx, decided)
    await ctx.record(
        "brief.confirmed", f"brief {brief.ref}", note=note, milestones=[m.ref for m in made]
    )
    lines = [
        ctx.t("Brief {version} is confirmed by {who}.", version=brief.ref, who=name_of(ctx.actor))
    ]
    lines += [
        ctx.t("{ref} {name}, due {date}", ref=m.ref, name=m.name, date=ctx.day(m.due_date))
        for m in made
    ]
    return [*replies, ctx.to_channel("\n".join(lines))]


async def _waiting(ctx: Context, version: int | None) -> Brief:
    """The version the decision is about: the one named, else the one waiting on the client."""
    project = ctx.require_project()
    if version is not None:
        brief = await ctx.uow.briefs.get(project.id, version)
        if brief is None:
            raise NotFound("The brief has no version v{version}.", version=version)
    else:
        versions = await ctx.uow.briefs.list(project.id)
        waiting = [b for b in versions if b.state is BriefState.SENT]
        if not waiting:
            if versions and versions[-1].state is not BriefState.DRAFT:
                raise _decided(ctx, versions[-1])
            raise Conflict("No brief is waiting for the client's confirmation.")
        brief = waiting[-1]
    if brief.state is not BriefState.SENT:
        raise _decided(ctx, brief)
    return brief


def _decided(ctx: Context, brief: Brief) -> Conflict:
    if brief.state is BriefState.SUPERSEDED:
        return Conflict(
            "Brief {version} was replaced by a later version; “brief” shows the newest.",
            version=brief.ref,
        )
    if brief.state is BriefState.DRAFT:
        return Conflict("Brief {version} has not been sent yet.", version=brief.ref)
    said = CONFIRMED_BY if brief.state is BriefState.CONFIRMED else CHANGES_BY
    when = ctx.when(brief.decided_at) if brief.decided_at else ""
    return Conflict(said, version=brief.ref, who=name_of(brief.decided_by), when=when)


async def _milestones_from(ctx: Context, brief: Brief) -> list[Milestone]:
    """Each deliverable as a milestone: an existing one of the same name takes the brief's due
    date, criteria and rounds (unless it is already signed off or cancelled); the rest are
    planned anew."""
    project = ctx.require_project()
    existing = {name_key(m.name): m for m in await ctx.uow.milestones.list(project.id)}
    made = []
    for item in brief.deliverables:
        milestone = existing.get(name_key(item.name))
        if milestone is None:
            milestone = await ctx.uow.milestones.add(
                Milestone(
                    project_id=project.id,
                    name=item.name,
                    due_date=_due(item),
                    criteria=item.criteria,
                    rounds_included=brief.rounds,
                    created_at=ctx.now,
                )
            )
            due = milestone.due_date.isoformat()
            await ctx.record(
                "milestone.added", milestone.ref, name=item.name, due=due, brief=brief.ref
            )
        elif milestone.state not in (MilestoneState.APPROVED, MilestoneState.CANCELLED):
            milestone = await _matched(ctx, milestone, item, brief)
        made.append(milestone)
    return made


async def _matched(
    ctx: Context, milestone: Milestone, item: BriefDeliverable, brief: Brief
) -> Milestone:
    claimed = await ctx.uow.milestones.claim(
        milestone.id, state=milestone.state, version=milestone.version, stage=milestone.stage
    )
    if not claimed:
        raise Conflict("{ref} changed a moment ago; please look again.", ref=milestone.ref)
    before = {"due": milestone.due_date.isoformat(), "criteria": list(milestone.criteria)}
    milestone.due_date = _due(item)
    milestone.criteria = item.criteria or milestone.criteria
    if brief.rounds is not None:
        milestone.rounds_included = brief.rounds
        # The confirmed contract decides whether the rounds already spent go beyond it.
        milestone.over_allowance = milestone.rounds_used > brief.rounds
    await ctx.uow.milestones.save(milestone)
    await ctx.record(
        "milestone.from_brief", milestone.ref, brief=brief.ref, before=before,
        after={"due": milestone.due_date.isoformat(), "criteria": list(milestone.criteria)},
    )  # fmt: skip
    return milestone


def _due(item: BriefDeliverable) -> date:
    if item.due is None:  # a sent brief has every date; a guard against a hand-made one
        raise Conflict("Deliverable “{name}” has no due date.", name=item.name)
    return item.due
