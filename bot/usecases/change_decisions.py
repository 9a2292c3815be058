"""The client's approvers accept or decline a change request, once: the first decision wins
and a late one is told who decided. Accepting adds its price to the committed budget and its
working days to the milestone it touches, saying the new date; declining changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot import fields
from bot.access import allows
from bot.change_card import change_card, change_card_key
from bot.change_commands import DecideChange
from bot.change_requests import OUTCOME, ChangeDecisionKind, ChangeRequest, ChangeState
from bot.context import Context
from bot.errors import Conflict, Forbidden
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Milestone, MilestoneState
from bot.nudges.due import calendar_for
from bot.policy import base_calendar
from bot.usecases.budget import budget_of
from bot.usecases.change_requests import find_change

ACTION = {ChangeDecisionKind.ACCEPT: "change accept", ChangeDecisionKind.DECLINE: "change decline"}


async def decide_change(command: DecideChange, ctx: Context) -> list[Reply]:
    ctx.require_project()
    note = fields.NOTE.checked("change", command.note, ctx.policy)
    change = await find_change(ctx, command.number)
    if change.state is not ChangeState.SENT:
        raise _settled(ctx, change)
    # The roles really held: a guest is no approver, and an operator decides nothing.
    if not allows(ACTION[command.kind], ctx.roles):
        raise Forbidden("Only the client's approvers can accept or decline {ref}.", ref=change.ref)
    state = OUTCOME[command.kind]
    if not await ctx.uow.changes.settle(
        change, expected=ChangeState.SENT, state=state, by=ctx.actor, at=ctx.now, note=note
    ):
        raise _settled(ctx, await find_change(ctx, command.number))
    decided = replace(change, state=state, decided_by=ctx.actor, decided_at=ctx.now,
                      decision_note=note)  # fmt: skip
    key = change_card_key(decided)
    card = change_card(ctx, decided)
    replies = [ctx.to_channel(card.text, card=card.card, card_key=key, replaces=key)]
    who = name_of(ctx.actor)
    if command.kind is ChangeDecisionKind.DECLINE:
        await ctx.record("change.declined", change.ref, note=note)
        text = ctx.t(
            "{who} declined {ref} “{title}”. The budget and the schedule stay as they were.",
            who=who,
            ref=change.ref,
            title=change.title,
        )
        return [*replies, ctx.to_channel(text)]
    moved = await _move_due(ctx, decided)
    budget = await budget_of(ctx)
    await ctx.record(
        "change.accepted", change.ref, note=note, committed_minor=budget.committed.minor,
        currency=budget.committed.currency,
    )  # fmt: skip
    lines = [
        ctx.t(
            "{who} accepted {ref} “{title}”: {price} is added to the budget, now {total}.",
            who=who,
            ref=change.ref,
            title=change.title,
            price=change.price.shown(ctx.locale) if change.price else "",
            total=budget.committed.shown(ctx.locale),
        )
    ]
    if moved is not None:
        milestone, before = moved
        lines.append(
            ctx.t(
                "{ref} “{name}” is now due {date} (was {before}).",
                ref=milestone.ref,
                name=milestone.name,
                date=ctx.day(milestone.due_date),
                before=ctx.day(before),
            )
        )
    return [*replies, ctx.to_channel("\n".join(lines))]


async def _move_due(ctx: Context, change: ChangeRequest) -> tuple[Milestone, date] | None:
    """The touched milestone's due date, later by the change's working days on the project's
    calendar (its country's holidays and own days off skipped); None when nothing moves."""
    project = ctx.require_project()
    if not change.days or change.milestone is None:
        return None
    milestone = await ctx.uow.milestones.get(project.id, change.milestone)
    if milestone is None or milestone.state in (MilestoneState.APPROVED, MilestoneState.CANCELLED):
        return None
    if not await ctx.uow.milestones.claim(
        milestone.id, state=milestone.state, version=milestone.version, stage=milestone.stage
    ):
        raise Conflict("{ref} changed a moment ago; please look again.", ref=milestone.ref)
    settings = await ctx.uow.nudges.settings(project.id)
    calendar = calendar_for(project, settings, base_calendar(ctx.policy))
    before = milestone.due_date
    milestone.due_date = calendar.add_working_days(before, change.days)
    await ctx.uow.milestones.save(milestone)
    await ctx.record(
        "milestone.redated", milestone.ref, before=before.isoformat(),
        after=milestone.due_date.isoformat(), change=change.ref,
    )  # fmt: skip
    return milestone, before


def _settled(ctx: Context, change: ChangeRequest) -> Conflict:
    if change.state is ChangeState.DRAFT:
        return Conflict("{ref} has not been sent to the client yet.", ref=change.ref)
    when = ctx.when(change.decided_at) if change.decided_at else ""
    return Conflict(
        "{ref} is already {state} ({who}, {when}).",
        ref=change.ref,
        state=label(ctx.locale, change.state),
        who=name_of(change.decided_by),
        when=when,
    )
