"""Putting a milestone right: rename, re-date, new criteria, cancel and reopen (PM only), and
withdrawing a version from review. Each change claims the milestone first (so it cannot undo a
decision made a moment before) and is audited with what it was before."""

from __future__ import annotations

from bot import fields
from bot.commands import (
    CancelMilestone,
    RedateMilestone,
    RenameMilestone,
    ReopenMilestone,
    SetMilestoneCriteria,
)
from bot.context import Context
from bot.errors import Conflict, UsageError
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Milestone, MilestoneState
from bot.typography import join_groups
from bot.usecases.due_dates import due_note
from bot.usecases.milestone_input import criteria_of, due_date, milestone_name, refuse_duplicate
from bot.usecases.milestones import card_update, find_milestone

ONLY_PM = N_("Only the project's PM can correct milestones.")
# Where a milestone may be cancelled from; an approved one is signed off and stays so.
CANCELLABLE = (MilestoneState.PLANNED, MilestoneState.CHANGES_REQUESTED, MilestoneState.IN_REVIEW)


async def claimed_milestone(ctx: Context, number: int, action: str) -> Milestone:
    """The milestone, locked against a decision or submit racing this change (`action`, a key of
    bot.access.ACCESS, is checked first)."""
    ctx.require(action, ONLY_PM)
    milestone = await find_milestone(ctx, number)
    claimed = await ctx.uow.milestones.claim(
        milestone.id, state=milestone.state, version=milestone.version, stage=milestone.stage
    )
    if not claimed:
        raise Conflict("{ref} changed a moment ago; please look again.", ref=milestone.ref)
    return milestone


async def rename_milestone(command: RenameMilestone, ctx: Context) -> list[Reply]:
    name = milestone_name(ctx, command.name)
    milestone = await claimed_milestone(ctx, command.number, "milestone rename")
    before = milestone.name
    if name == before:
        return [
            ctx.to_caller(ctx.t("{ref} is already called “{name}”.", ref=milestone.ref, name=name))
        ]
    await refuse_duplicate(ctx, name, other_than=milestone.id)
    milestone.name = name
    await ctx.uow.milestones.save(milestone)
    await ctx.record("milestone.renamed", milestone.ref, before=before, after=name)
    text = ctx.t(
        "{ref} renamed from “{before}” to “{after}”.", ref=milestone.ref, before=before, after=name
    )
    return [ctx.to_channel(text)]


async def redate_milestone(command: RedateMilestone, ctx: Context) -> list[Reply]:
    milestone = await claimed_milestone(ctx, command.number, "milestone due")
    due, before = due_date(ctx, command.due), milestone.due_date
    if due == before:
        return [
            ctx.to_caller(
                ctx.t("{ref} is already due {date}.", ref=milestone.ref, date=ctx.day(due))
            )
        ]
    milestone.due_date = due
    await ctx.uow.milestones.save(milestone)
    await ctx.record(
        "milestone.redated", milestone.ref, before=before.isoformat(), after=due.isoformat()
    )
    text = ctx.t(
        "{ref} “{name}” is now due {date} (was {before}).",
        ref=milestone.ref,
        name=milestone.name,
        date=ctx.day(due),
        before=ctx.day(before),
    )
    if note := await due_note(ctx, due):
        text = f"{text} {note}" if ctx.locale == "en" else f"{text}{note}"
    return [ctx.to_channel(text)]


async def set_criteria(command: SetMilestoneCriteria, ctx: Context) -> list[Reply]:
    criteria = criteria_of(ctx, command.criteria)
    if not criteria:
        raise UsageError("milestone", "List the criteria, separated by semicolons: a; b; c.")
    milestone = await claimed_milestone(ctx, command.number, "milestone criteria")
    if milestone.state is MilestoneState.APPROVED:
        raise Conflict(
            "{ref} is approved: it keeps the criteria it was signed off on.", ref=milestone.ref
        )
    before = milestone.criteria
    milestone.criteria = criteria
    await ctx.uow.milestones.save(milestone)
    await ctx.record(
        "milestone.criteria_changed", milestone.ref, before=list(before), after=list(criteria)
    )
    text = ctx.t(
        "New acceptance criteria for {ref}: {items}",
        ref=milestone.ref,
        items=join_groups(ctx.locale, criteria),
    )
    if milestone.state is MilestoneState.IN_REVIEW:
        text += "\n" + ctx.t(
            "{ref} v{version} stays in review with the criteria it was submitted with; the new "
            "ones apply from the next version.",
            ref=milestone.ref,
            version=milestone.version,
        )
    return [ctx.to_channel(text)]


async def cancel_milestone(command: CancelMilestone, ctx: Context) -> list[Reply]:
    reason = fields.REASON.checked("milestone", command.reason, ctx.policy)
    milestone = await claimed_milestone(ctx, command.number, "milestone cancel")
    if milestone.state is MilestoneState.CANCELLED:
        raise Conflict("{ref} is already cancelled.", ref=milestone.ref)
    if milestone.state not in CANCELLABLE:
        raise Conflict(
            "{ref} is approved: a signed-off milestone can't be cancelled.", ref=milestone.ref
        )
    before = milestone.state
    milestone.state_before_cancel, milestone.state = before, MilestoneState.CANCELLED
    milestone.cancel_reason, milestone.cancelled_at = reason, ctx.now
    await ctx.uow.milestones.save(milestone)
    await ctx.record(
        "milestone.cancelled",
        milestone.ref,
        reason=reason,
        before=before.value,
        version=milestone.version,
    )
    params = {"ref": milestone.ref, "name": milestone.name, "who": name_of(ctx.actor)}
    if reason:
        text = ctx.t("{who} cancelled {ref} “{name}”: {reason}", reason=reason, **params)
    else:
        text = ctx.t("{who} cancelled {ref} “{name}”.", **params)
    return [*await card_update(ctx, milestone), ctx.to_channel(text)]


async def reopen_milestone(command: ReopenMilestone, ctx: Context) -> list[Reply]:
    milestone = await claimed_milestone(ctx, command.number, "milestone reopen")
    if milestone.state is not MilestoneState.CANCELLED:
        raise Conflict(
            "{ref} is not cancelled (it is {state}).",
            ref=milestone.ref,
            state=label(ctx.locale, milestone.state),
        )
    reason = milestone.cancel_reason
    milestone.state = milestone.state_before_cancel or MilestoneState.PLANNED
    milestone.state_before_cancel, milestone.cancel_reason, milestone.cancelled_at = None, "", None
    if milestone.state is MilestoneState.IN_REVIEW:
        milestone.stage_started_at = ctx.now  # reminders count from now, not from before
    await ctx.uow.milestones.save(milestone)
    await ctx.record(
        "milestone.reopened",
        milestone.ref,
        after=milestone.state.value,
        cancel_reason=reason,
    )
    text = ctx.t(
        "{who} reopened {ref} “{name}”; its status is back to “{state}”.",
        who=name_of(ctx.actor),
        ref=milestone.ref,
        name=milestone.name,
        state=label(ctx.locale, milestone.state),
    )
    return [*await card_update(ctx, milestone), ctx.to_channel(text)]
