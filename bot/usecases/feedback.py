"""Feedback: what the client says, logged against the milestone under review, not lost in chat."""

from __future__ import annotations

from bot import fields
from bot.commands import ChangeFeedback, FeedbackAction, LogFeedback
from bot.context import Context
from bot.errors import Conflict, NotFound
from bot.history import change, when
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Feedback, Milestone, MilestoneState
from bot.rules import next_feedback_status
from bot.typography import join_sentences
from bot.usecases.milestones import cancelled, card_update, find_milestone

ECHO_LIMIT = 280  # how much of the feedback the confirmation repeats


def excerpt(text: str, limit: int = ECHO_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def find_feedback(ctx: Context, number: int) -> Feedback:
    feedback = await ctx.uow.feedback.get(ctx.require_project().id, number)
    if feedback is None:
        raise NotFound("There is no feedback FB-{number} in this project.", number=number)
    return feedback


async def milestone_under_review(ctx: Context) -> Milestone | None:
    """The milestone feedback belongs to when none is named: the one most recently submitted."""
    in_review = [
        m
        for m in await ctx.uow.milestones.list(ctx.require_project().id)
        if m.state is MilestoneState.IN_REVIEW and m.submitted_at is not None
    ]
    return max(in_review, key=lambda m: m.submitted_at or ctx.now, default=None)


async def log_feedback(command: LogFeedback, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("feedback", "You can't log feedback here.")
    text = fields.FEEDBACK.checked("feedback", command.text, ctx.policy)
    milestone: Milestone | None
    if command.milestone is not None:
        milestone = await find_milestone(ctx, command.milestone)
        if milestone.state is MilestoneState.CANCELLED:
            raise cancelled(milestone)
    else:
        milestone = await milestone_under_review(ctx)
    version = milestone.version or None if milestone else None
    if milestone is not None and command.version is not None:
        version = _version_named(milestone, command.version)
    author = ctx.actor
    if command.author is not None:
        author = await ctx.uow.people.ensure(command.author, command.author_name)
    feedback = await ctx.uow.feedback.add(
        Feedback(
            project_id=project.id,
            text=text,
            author=author,
            milestone_id=milestone.id if milestone else None,
            milestone_number=milestone.number if milestone else None,
            version=version,
            source_link=command.source_link,
            created_at=ctx.now,
            updated_at=ctx.now,
        )
    )
    on = ""
    if milestone is not None:
        on = f"{milestone.ref} v{version}" if version else milestone.ref
    await ctx.record("feedback.logged", feedback.ref, milestone=on, length=len(text))
    params = {"ref": feedback.ref, "who": name_of(author), "text": excerpt(text), "on": on}
    if on:
        message = ctx.t("{ref} logged on {on} from {who}: “{text}”", **params)
    else:
        message = ctx.t("{ref} logged from {who}: “{text}”", **params)
    replies: list[Reply] = []
    if milestone is not None and version:
        # How much the version has drawn (this one included), so its deciders see feedback
        # pile up on it. A version from before versions were recorded (migration 0007 kept
        # only the one in review) has no count to show: better no line than a wrong "0".
        drawn = await ctx.uow.versions.get(milestone.id, version)
        if drawn is not None:
            message += "\n" + ctx.t("Feedback on {on}: {count}.", on=on, count=drawn.feedback)
        replies = await recounted(ctx, milestone, version)
    return [ctx.to_channel(message), *replies]


async def recounted(ctx: Context, milestone: Milestone, version: int) -> list[Reply]:
    """The card of `version` redrawn with its feedback counted anew, if it is the milestone's
    current card (an earlier version's card is history and stays as it was)."""
    return await card_update(ctx, milestone) if version == milestone.version else []


def _version_named(milestone: Milestone, version: int) -> int:
    """The version typed in "feedback M-2@v1 …", once it is known to exist."""
    if not milestone.version:
        raise NotFound(
            "{ref} has not been submitted yet, so it has no v{version}.",
            ref=milestone.ref,
            version=version,
        )
    if version > milestone.version:
        raise NotFound(
            "{ref} has no v{version}: its latest is v{latest}.",
            ref=milestone.ref,
            version=version,
            latest=milestone.version,
        )
    return version


async def change_feedback(command: ChangeFeedback, ctx: Context) -> list[Reply]:
    feedback = await find_feedback(ctx, command.number)
    verb = "feedback " + command.action.value
    ctx.require(verb, "Only the studio (PM or designer) can use “{verb}”.", author=feedback.author)
    note = fields.NOTE.checked(f"feedback {command.action.value}", command.note, ctx.policy)
    status = next_feedback_status(feedback.status, command.action.value)
    if status is None:
        raise Conflict(
            "{ref} is {status}, so “{verb}” does not apply.",
            ref=feedback.ref,
            status=label(ctx.locale, feedback.status),
            verb=verb,
        )
    expected = feedback.status
    if command.action is FeedbackAction.RESOLVE:
        step = change("resolved", at=ctx.now, by=ctx.actor, note=note)
        feedback.resolution_note, feedback.resolved_by = note, ctx.actor
        feedback.resolved_at = ctx.now
    else:
        # The earlier resolution is cleared from the record and kept in its history.
        cleared = {
            "resolution_note": feedback.resolution_note,
            "resolved_by": name_of(feedback.resolved_by) if feedback.resolved_by else "",
            "resolved_at": when(feedback.resolved_at),
        }
        step = change("reopened", at=ctx.now, by=ctx.actor, note=note, before=cleared)
        feedback.resolution_note, feedback.resolved_by, feedback.resolved_at = "", None, None
    feedback.status, feedback.updated_at = status, ctx.now
    feedback.history = (*feedback.history, step)
    if not await ctx.uow.feedback.update(feedback, expected_status=expected):
        raise Conflict("{ref} changed a moment ago; please look again.", ref=feedback.ref)
    before, after = expected.value, status.value
    await ctx.record(f"feedback.{step.action}", feedback.ref, before=before, after=after, note=note)
    params = {"ref": feedback.ref, "who": name_of(ctx.actor), "note": note}
    if command.action is FeedbackAction.RESOLVE:
        text = ctx.t("{ref} resolved by {who}.", **params)
    else:
        text = ctx.t("{ref} reopened by {who}.", **params)
    if note:
        text = join_sentences(ctx.locale, (text, ctx.t("Note: {note}", note=note)))
    return [ctx.to_channel(text)]
