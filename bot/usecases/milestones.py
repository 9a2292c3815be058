"""Milestones: plan them, submit versions for sign-off, and record each decision exactly once."""

from __future__ import annotations

from bot.cards import card_key, milestone_card
from bot.commands import AddMilestone, ListMilestones, SubmitMilestone
from bot.context import Context
from bot.dates import parse_due
from bot.errors import Conflict, NotFound, UsageError
from bot.labels import label
from bot.messages import Reply
from bot.model import (
    Milestone,
    MilestoneState,
    Person,
    Stage,
)
from bot.rules import STAGE_DECIDER, MilestoneEvent, Permission, next_milestone_state
from bot.text import clean
from bot.typography import separator

MAX_CRITERIA = 20


async def find_milestone(ctx: Context, number: int) -> Milestone:
    milestone = await ctx.uow.milestones.get(ctx.require_project().id, number)
    if milestone is None:
        raise NotFound("There is no milestone M-{number} in this project.", number=number)
    return milestone


async def add_milestone(command: AddMilestone, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require(Permission.MANAGE, "Only the project's PM can plan milestones.")
    name = clean(command.name)
    if not name or len(name) > ctx.policy.max_title:
        raise UsageError(
            "milestone",
            "A milestone needs a name of 1 to {limit} characters.",
            limit=ctx.policy.max_title,
        )
    criteria = tuple(line for line in (clean(c) for c in command.criteria) if line)
    if len(criteria) > MAX_CRITERIA or any(len(c) > ctx.policy.max_title for c in criteria):
        raise UsageError(
            "milestone",
            "At most {count} criteria of {limit} characters each.",
            count=MAX_CRITERIA,
            limit=ctx.policy.max_title,
        )
    today = ctx.today
    due = parse_due(command.due, timezone=project.timezone, today=today)
    if due is None:
        raise UsageError(
            "milestone",
            "I can't read “{text}” as a date. Try 2026-12-15, “next friday” or “12月15日”.",
            text=command.due[:80],
        )
    if due < today:
        raise UsageError("milestone", "{date} is in the past.", date=ctx.day(due))
    milestone = await ctx.uow.milestones.add(
        Milestone(
            project_id=project.id, name=name, due_date=due, criteria=criteria, created_at=ctx.now
        )
    )
    await ctx.record("milestone.added", milestone.ref, name=name, due=due.isoformat())
    text = ctx.t(
        "{ref} added: “{name}”, due {due}.", ref=milestone.ref, name=name, due=ctx.day(due)
    )
    return [ctx.to_channel(text)]


async def list_milestones(command: ListMilestones, ctx: Context) -> list[Reply]:
    milestones = await ctx.uow.milestones.list(ctx.require_project().id)
    if not milestones:
        return [ctx.to_caller(ctx.t("No milestones yet. A PM adds one with “milestone add”."))]
    return [ctx.to_caller("\n".join(milestone_line(ctx, m) for m in milestones))]


def milestone_line(ctx: Context, milestone: Milestone) -> str:
    state = label(ctx.locale, milestone.state)
    if milestone.version:
        state = f"{state} v{milestone.version}"
    if milestone.stage is not None:
        state = ctx.t("{state} ({stage})", state=state, stage=label(ctx.locale, milestone.stage))
    flag = " ⚠ " + ctx.t("over allowance") if milestone.over_allowance else ""
    due = ctx.t("due {date}", date=ctx.day(milestone.due_date))
    return separator(ctx.locale).join((f"{milestone.ref} {milestone.name}", state, due + flag))


async def submit_milestone(command: SubmitMilestone, ctx: Context) -> list[Reply]:
    ctx.require(Permission.SUBMIT, "Only the PM or a designer can submit work for sign-off.")
    milestone = await find_milestone(ctx, command.number)
    note = clean(command.note)
    if len(note) > ctx.policy.max_text:
        raise UsageError(
            "submit", "A note can be at most {limit} characters.", limit=ctx.policy.max_text
        )
    if next_milestone_state(milestone.state, MilestoneEvent.SUBMIT) is None:
        if milestone.state is MilestoneState.APPROVED:
            raise Conflict("{ref} is already approved.", ref=milestone.ref)
        raise Conflict(
            "{ref} v{version} is already in review.", ref=milestone.ref, version=milestone.version
        )
    claimed = await ctx.uow.milestones.claim(
        milestone.id, state=milestone.state, version=milestone.version, stage=milestone.stage
    )
    if not claimed:
        raise Conflict("{ref} changed a moment ago; please look again.", ref=milestone.ref)
    milestone.state, milestone.stage = MilestoneState.IN_REVIEW, Stage.PM
    milestone.version += 1
    milestone.submit_note = note
    milestone.submitted_at = milestone.stage_started_at = ctx.now
    await ctx.uow.milestones.save(milestone)
    await ctx.record("milestone.submitted", milestone.ref, version=milestone.version, note=note)
    awaiting = await deciders(ctx, Stage.PM)
    card = milestone_card(ctx, milestone, awaiting=awaiting, decisions=())
    key = card_key(milestone)
    return [ctx.to_channel(card.text, card=card.card, card_key=key, mentions=tuple(awaiting))]


async def deciders(ctx: Context, stage: Stage) -> list[Person]:
    members = await ctx.uow.members.list(ctx.require_project().id)
    return [m.person for m in members if m.role is STAGE_DECIDER[stage]]
