"""Milestones: plan them, submit versions for sign-off, and record each decision exactly once."""

from __future__ import annotations

from collections.abc import Sequence

from bot import fields
from bot.access import STAGE_DECIDER
from bot.cards import card_key, milestone_card
from bot.commands import AddMilestone, ListMilestones, SubmitMilestone
from bot.context import Context
from bot.deliverables import FILES_WITHHELD, split_links, with_files
from bot.errors import Conflict, InvalidField, NotFound
from bot.i18n import fmt_days
from bot.labels import label, milestone_state
from bot.messages import Message, Reply
from bot.model import Member, Milestone, MilestoneState, MilestoneVersion, Role, Stage
from bot.review import Review
from bot.rules import MilestoneEvent, days_late, next_milestone_state, stages_for
from bot.typography import join_sentences, separator
from bot.usecases.due_dates import due_note
from bot.usecases.milestone_input import criteria_of, due_date, milestone_name, refuse_duplicate


async def find_milestone(ctx: Context, number: int) -> Milestone:
    milestone = await ctx.uow.milestones.get(ctx.require_project().id, number)
    if milestone is None:
        raise NotFound("There is no milestone M-{number} in this project.", number=number)
    return milestone


async def add_milestone(command: AddMilestone, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("milestone add", "Only the project's PM can plan milestones.")
    name = milestone_name(ctx, command.name)
    criteria = criteria_of(ctx, command.criteria)
    due = due_date(ctx, command.due)
    await refuse_duplicate(ctx, name)
    milestone = await ctx.uow.milestones.add(
        Milestone(
            project_id=project.id, name=name, due_date=due, criteria=criteria, created_at=ctx.now
        )
    )
    await ctx.record("milestone.added", milestone.ref, name=name, due=due.isoformat())
    text = ctx.t(
        "{ref} added: “{name}”, due {due}.", ref=milestone.ref, name=name, due=ctx.day(due)
    )
    if note := await due_note(ctx, due):
        text = f"{text} {note}" if ctx.locale == "en" else f"{text}{note}"
    return [ctx.to_channel(text)]


async def list_milestones(command: ListMilestones, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("milestones")
    milestones = await ctx.uow.milestones.list(project.id)
    if not milestones:
        return [ctx.to_caller(ctx.t("No milestones yet. A PM adds one with “milestone add”."))]
    return [ctx.to_caller("\n".join(milestone_line(ctx, m) for m in milestones))]


def milestone_line(ctx: Context, milestone: Milestone) -> str:
    state = milestone_state(ctx.locale, milestone)
    if milestone.version:
        state = f"{state} v{milestone.version}"
    if milestone.stage is not None and milestone.state is MilestoneState.IN_REVIEW:
        state = ctx.t("{state} ({stage})", state=state, stage=label(ctx.locale, milestone.stage))
    flags = [ctx.t("over allowance")] if milestone.over_allowance else []
    if late := days_late(milestone, ctx.today):
        flags.insert(0, ctx.t("overdue by {duration}", duration=fmt_days(ctx.locale, late)))
    due = ctx.t("due {date}", date=ctx.day(milestone.due_date))
    due += "".join(f" ⚠ {flag}" for flag in flags)
    return separator(ctx.locale).join((f"{milestone.ref} {milestone.name}", state, due))


async def submit_milestone(command: SubmitMilestone, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("submit", "Only the PM or a designer can submit work for sign-off.")
    milestone = await find_milestone(ctx, command.number)
    if command.files_withheld:
        raise InvalidField("submit", "deliverables", FILES_WITHHELD, number=milestone.number)
    typed, links = split_links(command.note)
    deliverables = with_files(links, command.files)
    note = fields.NOTE.checked("submit", typed, ctx.policy)
    if next_milestone_state(milestone.state, MilestoneEvent.SUBMIT) is None:
        if milestone.state is MilestoneState.APPROVED:
            raise Conflict("{ref} is already approved.", ref=milestone.ref)
        if milestone.state is MilestoneState.CANCELLED:
            raise cancelled(milestone)
        raise Conflict(
            "{ref} v{version} is already in review.", ref=milestone.ref, version=milestone.version
        )
    before = milestone.state
    claimed = await ctx.uow.milestones.claim(
        milestone.id, state=milestone.state, version=milestone.version, stage=milestone.stage
    )
    if not claimed:
        raise Conflict("{ref} changed a moment ago; please look again.", ref=milestone.ref)
    members = await ctx.uow.members.list(project.id)
    has_approvers = any(m.role is STAGE_DECIDER[Stage.CLIENT] for m in members)
    milestone.state = MilestoneState.IN_REVIEW
    milestone.stage = stages_for(project, has_approvers=has_approvers)[0]
    milestone.version += 1
    milestone.submit_note = note
    milestone.submitted_at = milestone.stage_started_at = ctx.now
    await ctx.uow.milestones.save(milestone)
    # The criteria in force now go with this version: a later change applies to the next one.
    await ctx.uow.versions.add(
        MilestoneVersion(
            milestone_id=milestone.id,
            version=milestone.version,
            criteria=milestone.criteria,
            note=note,
            deliverables=deliverables,
            submitted_by=ctx.actor,
            submitted_at=ctx.now,
            state_before=before,
            brief_pending=await brief_pending(ctx),
        )
    )
    await ctx.record(
        "milestone.submitted",
        milestone.ref,
        version=milestone.version,
        note=note,
        deliverables=[d.url for d in deliverables],
    )
    review = Review(milestone=milestone, submitted=None)
    awaiting = review.waiting_on(project, members)
    card = await version_card(ctx, milestone)
    key = card_key(milestone)
    replies = [ctx.to_channel(card.text, card=card.card, card_key=key, mentions=tuple(awaiting))]
    if not has_approvers:
        replies.append(ctx.to_caller(no_client_approvers(ctx, milestone)))
    return replies


async def brief_pending(ctx: Context) -> bool:
    """Whether the project has a brief that no one has confirmed yet."""
    project = ctx.require_project()
    if await ctx.uow.briefs.latest(project.id) is None:
        return False  # a project run without a brief is not nagged about one
    return await ctx.uow.briefs.confirmed(project.id) is None


def no_client_approvers(ctx: Context, milestone: Milestone) -> str:
    """The warning a submit gets in a project nobody can sign off for the client, with the fix
    for the one who can make it: a PM adds an approver, anyone else asks a PM to."""
    if ctx.require_project().studio_stage:
        warning = ctx.t(
            "Nobody can sign {ref} off for the client: this project has no client approvers. "
            "The studio's approval will be recorded as approved by the studio, without the "
            "client's sign-off.",
            ref=milestone.ref,
        )
    else:
        warning = ctx.t(
            "Nobody can sign {ref} off yet: this project has no client approvers.",
            ref=milestone.ref,
        )
    if Role.PM in ctx.roles:
        fix = ctx.t("Add one with “member add @person approver”.")
    else:
        fix = ctx.t("A PM can add one with “member add @person approver”.")
    return join_sentences(ctx.locale, (warning, fix))


def cancelled(milestone: Milestone) -> Conflict:
    """The answer to anything asked of a cancelled milestone."""
    return Conflict(
        "{ref} is cancelled. A PM can take it up again with “milestone reopen {ref}”.",
        ref=milestone.ref,
    )


async def find_review(ctx: Context, number: int) -> Review:
    """The milestone with its version in review and that version's decisions, read at once."""
    review = await ctx.uow.milestones.review(ctx.require_project().id, number)
    if review is None:
        raise NotFound("There is no milestone M-{number} in this project.", number=number)
    return review


async def card_update(ctx: Context, milestone: Milestone) -> list[Reply]:
    """Every posted copy of the current version's card, redrawn as things now stand."""
    if not milestone.version:
        return []
    card, key = await version_card(ctx, milestone), card_key(milestone)
    return [ctx.to_channel(card.text, card=card.card, card_key=key, replaces=key)]


async def version_card(ctx: Context, milestone: Milestone) -> Message:
    """The card of the milestone's current version as things stand now."""
    decisions = await ctx.uow.decisions.for_milestone(milestone.id)
    review = Review(
        milestone=milestone,
        submitted=await ctx.uow.versions.get(milestone.id, milestone.version),
        decisions=tuple(d for d in decisions if d.version == milestone.version),
    )
    return review_card(ctx, review, await ctx.uow.members.list(ctx.require_project().id))


def review_card(ctx: Context, review: Review, members: Sequence[Member]) -> Message:
    """The card of a version: its decisions, whose decision is awaited, the criteria it was
    submitted with, a withdrawal or cancellation."""
    return milestone_card(
        ctx,
        review.milestone,
        awaiting=review.waiting_on(ctx.require_project(), members),
        decisions=list(review.decisions),
        submitted=review.submitted,
    )
