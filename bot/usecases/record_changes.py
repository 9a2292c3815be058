"""Corrections of feedback and issues: their author edits or withdraws them while they are open
(a PM may withdraw too). The earlier text stays in the record's history and the audit."""

from __future__ import annotations

from bot import fields
from bot.context import Context
from bot.errors import Conflict
from bot.history import change
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Feedback, Issue, Person
from bot.record_commands import EditFeedback, EditIssue, WithdrawFeedback, WithdrawIssue
from bot.rules import (
    feedback_editable,
    issue_editable,
    next_feedback_status,
    next_issue_status,
)
from bot.typography import join_sentences
from bot.usecases.feedback import excerpt, find_feedback, recounted
from bot.usecases.issues import find_issue, response_due
from bot.usecases.milestones import find_milestone

ALREADY = N_("{ref} already says that; nothing changed.")


def _require_author(ctx: Context, action: str, record: Feedback | Issue, author: Person) -> None:
    ctx.require(action, "Only {who}, who wrote {ref}, can edit it.", author=author,
                who=name_of(author), ref=record.ref)  # fmt: skip


def _not_open(ctx: Context, record: Feedback | Issue, verb: str) -> Conflict:
    return Conflict(
        "{ref} is {status}, so “{verb}” does not apply.",
        ref=record.ref,
        status=label(ctx.locale, record.status),
        verb=verb,
    )


async def edit_feedback(command: EditFeedback, ctx: Context) -> list[Reply]:
    feedback = await find_feedback(ctx, command.number)
    _require_author(ctx, "feedback edit", feedback, feedback.author)
    if not feedback_editable(feedback.status):
        raise _not_open(ctx, feedback, "feedback edit")
    text = fields.NEW_FEEDBACK.checked("feedback edit", command.text, ctx.policy)
    if text == feedback.text:
        return [ctx.to_caller(ctx.t(ALREADY, ref=feedback.ref))]
    before, status = feedback.text, feedback.status
    step = change("edited", at=ctx.now, by=ctx.actor, before={"text": before}, after={"text": text})
    feedback.text, feedback.updated_at = text, ctx.now
    feedback.history = (*feedback.history, step)
    if not await ctx.uow.feedback.update(feedback, expected_status=status):
        raise Conflict("{ref} changed a moment ago; please look again.", ref=feedback.ref)
    await ctx.record("feedback.edited", feedback.ref, before=before, after=text)
    message = ctx.t(
        "{ref} edited by {who}: “{text}”",
        ref=feedback.ref,
        who=name_of(ctx.actor),
        text=excerpt(text),
    )
    return [ctx.to_channel(message)]


async def edit_issue(command: EditIssue, ctx: Context) -> list[Reply]:
    issue = await find_issue(ctx, command.number)
    _require_author(ctx, "issue edit", issue, issue.reporter)
    if not issue_editable(issue.status):
        raise _not_open(ctx, issue, "issue edit")
    title = fields.NEW_TITLE.checked("issue edit", command.title, ctx.policy) or issue.title
    severity = command.severity or issue.severity
    if (title, severity) == (issue.title, issue.severity):
        return [ctx.to_caller(ctx.t(ALREADY, ref=issue.ref))]
    before = {"title": issue.title, "severity": issue.severity.value}
    after = {"title": title, "severity": severity.value}
    changed = {k for k in before if before[k] != after[k]}
    step = change(
        "edited",
        at=ctx.now,
        by=ctx.actor,
        before={k: v for k, v in before.items() if k in changed},
        after={k: v for k, v in after.items() if k in changed},
    )
    if severity is not issue.severity and issue.created_at is not None:
        # The response deadline follows the severity, counted from when it was raised.
        issue.response_due_at = response_due(ctx, severity, issue.created_at)
    status = issue.status
    issue.title, issue.severity, issue.updated_at = title, severity, ctx.now
    issue.history = (*issue.history, step)
    if not await ctx.uow.issues.update(issue, expected_status=status):
        raise Conflict("{ref} changed a moment ago; please look again.", ref=issue.ref)
    await ctx.record("issue.edited", issue.ref, before=step.before, after=step.after)
    message = ctx.t(
        "{ref} edited by {who} ({severity}): {title}",
        ref=issue.ref,
        who=name_of(ctx.actor),
        severity=label(ctx.locale, severity),
        title=title,
    )
    return [ctx.to_channel(message)]


def _require_withdrawer(
    ctx: Context, action: str, record: Feedback | Issue, author: Person
) -> None:
    ctx.require(action, "Only {who}, who wrote {ref}, or a PM can withdraw it.", author=author,
                who=name_of(author), ref=record.ref)  # fmt: skip


def _note(ctx: Context, verb: str, note: str) -> str:
    return fields.NOTE.checked(verb, note, ctx.policy)


async def withdraw_feedback(command: WithdrawFeedback, ctx: Context) -> list[Reply]:
    feedback = await find_feedback(ctx, command.number)
    _require_withdrawer(ctx, "feedback withdraw", feedback, feedback.author)
    note = _note(ctx, "feedback withdraw", command.note)
    status = next_feedback_status(feedback.status, "withdraw")
    if status is None:
        raise _not_open(ctx, feedback, "feedback withdraw")
    expected = feedback.status
    feedback.status, feedback.updated_at = status, ctx.now
    feedback.history = (*feedback.history, change("withdrawn", at=ctx.now, by=ctx.actor, note=note))
    if not await ctx.uow.feedback.update(feedback, expected_status=expected):
        raise Conflict("{ref} changed a moment ago; please look again.", ref=feedback.ref)
    await ctx.record(
        "feedback.withdrawn", feedback.ref, before=expected.value, after=status.value, note=note
    )
    said = [ctx.to_channel(_withdrawn(ctx, feedback.ref, note))]
    if feedback.milestone_number is None or not feedback.version:
        return said
    milestone = await find_milestone(ctx, feedback.milestone_number)
    return [*said, *await recounted(ctx, milestone, feedback.version)]


async def withdraw_issue(command: WithdrawIssue, ctx: Context) -> list[Reply]:
    issue = await find_issue(ctx, command.number)
    _require_withdrawer(ctx, "issue withdraw", issue, issue.reporter)
    note = _note(ctx, "issue withdraw", command.note)
    status = next_issue_status(issue.status, "withdraw")
    if status is None:
        raise _not_open(ctx, issue, "issue withdraw")
    expected = issue.status
    issue.status, issue.updated_at = status, ctx.now
    issue.history = (*issue.history, change("withdrawn", at=ctx.now, by=ctx.actor, note=note))
    if not await ctx.uow.issues.update(issue, expected_status=expected):
        raise Conflict("{ref} changed a moment ago; please look again.", ref=issue.ref)
    await ctx.record(
        "issue.withdrawn", issue.ref, before=expected.value, after=status.value, note=note
    )
    return [ctx.to_channel(_withdrawn(ctx, issue.ref, note))]


def _withdrawn(ctx: Context, ref: str, note: str) -> str:
    text = ctx.t("{ref} withdrawn by {who}.", ref=ref, who=name_of(ctx.actor))
    if note:
        text = join_sentences(ctx.locale, (text, ctx.t("Note: {note}", note=note)))
    return text
