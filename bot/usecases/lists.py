"""Lists of feedback and issues, a screen at a time: `feedback list`, `issues`, then `more`.

Where a person's last list stopped is kept per conversation (bot.record_ports); `more` runs the
same list again from there, so a page shows the records as they are now.
"""

from __future__ import annotations

from typing import Any

from bot.commands import ListIssues
from bot.context import Context
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import SEVERITIES, Feedback, FeedbackStatus, Issue, IssueStatus
from bot.record_commands import ListFeedback, ShowMore
from bot.record_ports import ListCursor
from bot.rules import OPEN_FEEDBACK, OPEN_ISSUES
from bot.typography import separator
from bot.usecases.feedback import excerpt

PAGE = 15  # lines: about a screen in Slack, Teams or a terminal
LINE_TEXT = 80  # how much of a feedback's text its list line shows
FEEDBACK_STATES = {
    "open": OPEN_FEEDBACK,
    "resolved": frozenset({FeedbackStatus.RESOLVED}),
    "all": frozenset(FeedbackStatus),
}
ISSUE_STATES = {
    "open": OPEN_ISSUES,
    "closed": frozenset({IssueStatus.RESOLVED, IssueStatus.CLOSED}),
    "all": frozenset(IssueStatus),
}
EMPTY = {
    ("feedback", "open"): N_("No open feedback."),
    ("feedback", "resolved"): N_("No resolved feedback."),
    ("feedback", "all"): N_("No feedback yet."),
    ("issues", "open"): N_("No open issues."),
    ("issues", "closed"): N_("No closed issues."),
    ("issues", "all"): N_("No issues yet."),
}
EDITED = N_("edited")


async def list_feedback(command: ListFeedback, ctx: Context) -> list[Reply]:
    ctx.require_project()
    ctx.require("feedback list")
    listing = {"kind": "feedback", "state": command.state, "milestone": command.milestone}
    return await _page(ctx, listing, 0)


async def list_issues(command: ListIssues, ctx: Context) -> list[Reply]:
    ctx.require_project()
    ctx.require("issues")
    listing = {"kind": "issues", "state": command.state, "mine": command.mine}
    return await _page(ctx, listing, 0)


async def show_more(command: ShowMore, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("more")
    cursor = await ctx.uow.cursors.recall(ctx.actor.id, _place(ctx))
    if cursor is None or cursor.project_id != project.id:
        return [ctx.to_caller(ctx.t("No list to continue: type “feedback list” or “issues”."))]
    return await _page(ctx, cursor.listing, cursor.offset)


async def _page(ctx: Context, listing: dict[str, Any], offset: int) -> list[Reply]:
    project = ctx.require_project()
    lines = await _lines(ctx, listing)
    if not lines:
        return [ctx.to_caller(ctx.t(EMPTY[listing["kind"], listing["state"]]))]
    if offset >= len(lines):
        return [ctx.to_caller(ctx.t("Nothing more: that was the end of the list."))]
    page = lines[offset : offset + PAGE]
    shown = offset + len(page)
    cursor = ListCursor(project_id=project.id, listing=listing, offset=shown)
    await ctx.uow.cursors.remember(ctx.actor.id, _place(ctx), cursor, at=ctx.now)
    if shown < len(lines):
        page.append(ctx.t("{count} more: type “more”", count=len(lines) - shown))
    return [ctx.to_caller("\n".join(page))]


def _place(ctx: Context) -> str:
    """The conversation a list was shown in (or the project, at a console without one)."""
    where = ctx.invocation.conversation
    if where is None:
        return f"project:{ctx.require_project().id}"
    return f"{where.platform.value}:{where.tenant}:{where.channel}"


async def _lines(ctx: Context, listing: dict[str, Any]) -> list[str]:
    project = ctx.require_project()
    if listing["kind"] == "feedback":
        statuses = FEEDBACK_STATES[listing["state"]]
        milestone = listing.get("milestone")
        items = [
            f
            for f in await ctx.uow.feedback.list(project.id)
            if f.status in statuses and (milestone is None or f.milestone_number == milestone)
        ]
        return [feedback_line(ctx, f) for f in items]
    issue_statuses = ISSUE_STATES[listing["state"]]
    me = ctx.actor.id
    issues = [
        i
        for i in await ctx.uow.issues.list(project.id)
        if i.status in issue_statuses
        and (not listing.get("mine") or me in (i.reporter.id, i.assignee and i.assignee.id))
    ]
    issues.sort(key=lambda i: (SEVERITIES.index(i.severity), i.number))
    return [issue_line(ctx, i) for i in issues]


def feedback_line(ctx: Context, feedback: Feedback) -> str:
    text = excerpt(" ".join(feedback.text.split()), LINE_TEXT)
    parts = [
        ctx.t(
            "{ref} · {status} · {who}: “{text}”",
            ref=feedback.ref,
            status=label(ctx.locale, feedback.status),
            who=name_of(feedback.author),
            text=text,
        )
    ]
    if feedback.milestone_number is not None:
        version = f" v{feedback.version}" if feedback.version else ""
        parts.append(f"M-{feedback.milestone_number}{version}")
    if feedback.edited:
        parts.append(ctx.t(EDITED))
    return separator(ctx.locale).join(parts)


def issue_line(ctx: Context, issue: Issue) -> str:
    parts = [
        ctx.t(
            "{ref} [{severity}] {title}",
            ref=issue.ref,
            severity=label(ctx.locale, issue.severity),
            title=issue.title,
        ),
        label(ctx.locale, issue.status),
    ]
    if issue.milestone_number is not None:
        parts.append(f"M-{issue.milestone_number}")
    if issue.assignee is not None:
        parts.append(ctx.t("assigned to {who}", who=name_of(issue.assignee)))
    if issue.status is IssueStatus.OPEN and issue.response_due_at is not None:
        parts.append(ctx.t("response due {when}", when=ctx.when(issue.response_due_at)))
    if issue.edited:
        parts.append(ctx.t(EDITED))
    return separator(ctx.locale).join(parts)
