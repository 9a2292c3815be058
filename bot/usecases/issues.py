"""Issues: a bug, a blocker or a complaint, with a severity, an owner and a response deadline."""

from __future__ import annotations

from datetime import datetime

from bot import fields
from bot.commands import (
    AssignIssue,
    ChangeIssue,
    IssueAction,
    RaiseIssue,
)
from bot.context import Context
from bot.errors import Conflict, NotFound
from bot.history import change, when
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Issue, IssueStatus, MilestoneState, Severity
from bot.rules import next_issue_status
from bot.typography import join_sentences
from bot.usecases.milestones import cancelled, find_milestone
from bot.usecases.studio_people import studio_person
from bot.worktime import add_working_hours

PAST = {  # audit actions and history steps: `issue.acknowledged`, `issue.reopened`…
    IssueAction.ACK: "acknowledged",
    IssueAction.RESOLVE: "resolved",
    IssueAction.CLOSE: "closed",
    IssueAction.REOPEN: "reopened",
}
DONE_MESSAGES = {
    IssueAction.ACK: N_("{ref} acknowledged by {who}."),
    IssueAction.RESOLVE: N_("{ref} resolved by {who}."),
    IssueAction.CLOSE: N_("{ref} closed by {who}."),
    IssueAction.REOPEN: N_("{ref} reopened by {who}."),
}


async def find_issue(ctx: Context, number: int) -> Issue:
    issue = await ctx.uow.issues.get(ctx.require_project().id, number)
    if issue is None:
        raise NotFound("There is no issue IS-{number} in this project.", number=number)
    return issue


def response_due(ctx: Context, severity: Severity, since: datetime) -> datetime:
    """When the studio must have answered an issue of this severity raised at `since`."""
    policy = ctx.policy
    return add_working_hours(
        since,
        policy.response_hours[severity],
        timezone=ctx.require_project().timezone,
        working_days=policy.working_days,
        day_start=policy.workday_start,
        day_end=policy.workday_end,
    )


async def raise_issue(command: RaiseIssue, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("issue", "You can't raise issues here.")
    title = fields.TITLE.checked("issue", command.title, ctx.policy)
    description = fields.DESCRIPTION.checked("issue", command.description, ctx.policy)
    milestone = await find_milestone(ctx, command.milestone) if command.milestone else None
    if milestone is not None and milestone.state is MilestoneState.CANCELLED:
        raise cancelled(milestone)
    due = response_due(ctx, command.severity, ctx.now)
    issue = await ctx.uow.issues.add(
        Issue(
            project_id=project.id,
            title=title,
            description=description,
            severity=command.severity,
            reporter=ctx.actor,
            milestone_id=milestone.id if milestone else None,
            milestone_number=milestone.number if milestone else None,
            response_due_at=due,
            created_at=ctx.now,
            updated_at=ctx.now,
        )
    )
    await ctx.record("issue.raised", issue.ref, title=title, severity=issue.severity)
    text = ctx.t(
        "{ref} raised by {who} ({severity}): {title}. The studio will respond by {due}.",
        ref=issue.ref,
        who=name_of(ctx.actor),
        title=title,
        severity=label(ctx.locale, issue.severity),
        due=ctx.when(due),
    )
    return [ctx.to_channel(text)]


# Said to whoever bot/access.py refuses each move.
_WHO_MAY = {
    IssueAction.ACK: N_("Only the studio (PM or designer) can use “{verb}”."),
    IssueAction.RESOLVE: N_("Only the studio (PM or designer) can use “{verb}”."),
    IssueAction.CLOSE: N_("Only a PM or the person who raised {ref} can use “{verb}”."),
    IssueAction.REOPEN: N_("Only the studio or the person who raised {ref} can use “{verb}”."),
}


async def change_issue(command: ChangeIssue, ctx: Context) -> list[Reply]:
    issue = await find_issue(ctx, command.number)
    verb = "issue " + command.action.value
    ctx.require(verb, _WHO_MAY[command.action], author=issue.reporter, ref=issue.ref)
    note = fields.NOTE.checked(verb, command.note, ctx.policy)
    status = next_issue_status(issue.status, command.action.value)
    if status is None:
        raise Conflict(
            "{ref} is {status}, so “{verb}” does not apply.",
            ref=issue.ref,
            status=label(ctx.locale, issue.status),
            verb=verb,
        )
    expected = issue.status
    cleared: dict[str, str] = {}
    if status is IssueStatus.ACKNOWLEDGED:
        issue.acknowledged_at = ctx.now
    elif status is IssueStatus.RESOLVED:
        issue.resolved_at = ctx.now
    elif status is IssueStatus.CLOSED:
        issue.closed_at = ctx.now
    else:  # reopened: the earlier resolution is cleared from the record, kept in its history
        cleared = {"resolved_at": when(issue.resolved_at), "closed_at": when(issue.closed_at)}
        issue.resolved_at = issue.closed_at = None
    step = change(PAST[command.action], at=ctx.now, by=ctx.actor, note=note, before=cleared)
    issue.status, issue.updated_at = status, ctx.now
    issue.history = (*issue.history, step)
    if not await ctx.uow.issues.update(issue, expected_status=expected):
        raise Conflict("{ref} changed a moment ago; please look again.", ref=issue.ref)
    await ctx.record(
        f"issue.{step.action}", issue.ref, before=expected.value, after=status.value, note=note
    )
    text = ctx.t(DONE_MESSAGES[command.action], ref=issue.ref, who=name_of(ctx.actor))
    if note:
        text = join_sentences(ctx.locale, (text, ctx.t("Note: {note}", note=note)))
    return [ctx.to_channel(text)]


async def assign_issue(command: AssignIssue, ctx: Context) -> list[Reply]:
    ctx.require_project()
    ctx.require("issue assign", "Only the studio (PM or designer) can assign issues.")
    issue = await find_issue(ctx, command.number)
    person = await studio_person(ctx, command.user, verb="issue assign")
    expected, earlier = issue.status, name_of(issue.assignee) if issue.assignee else ""
    step = change(
        "assigned", at=ctx.now, by=ctx.actor, before={"assignee": earlier},
        after={"assignee": name_of(person)},
    )  # fmt: skip
    issue.assignee, issue.updated_at = person, ctx.now
    issue.history = (*issue.history, step)
    if not await ctx.uow.issues.update(issue, expected_status=expected):
        raise Conflict("{ref} changed a moment ago; please look again.", ref=issue.ref)
    await ctx.record("issue.assigned", issue.ref, before=earlier or None, after=name_of(person))
    return [ctx.to_channel(ctx.t("{ref} assigned to {who}.", ref=issue.ref, who=name_of(person)))]
