"""`FB-3`, `issue IS-1`: one feedback or issue with its whole history, for anyone on the project."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.labels import label, name_of
from bot.messages import Reply
from bot.model import Change, Severity
from bot.record_commands import ShowFeedback, ShowIssue
from bot.usecases.feedback import find_feedback
from bot.usecases.issues import find_issue
from bot.usecases.lists import feedback_line, issue_line

# A history step's name, by the past tense it is stored under.
STEPS = {
    "edited": N_("edited"),
    "resolved": N_("resolved"),
    "reopened": N_("reopened"),
    "withdrawn": N_("withdrawn"),
    "acknowledged": N_("acknowledged"),
    "closed": N_("closed"),
    "assigned": N_("assigned"),
}


async def show_feedback(command: ShowFeedback, ctx: Context) -> list[Reply]:
    ctx.require_project()
    ctx.require("feedback FB-n")
    feedback = await find_feedback(ctx, command.number)
    lines = [feedback_line(ctx, feedback), f"“{feedback.text}”"]
    if feedback.created_at is not None:
        lines.append(
            ctx.t(
                "Logged by {who} on {when}.",
                who=name_of(feedback.author),
                when=ctx.when(feedback.created_at),
            )
        )
    return [ctx.to_caller("\n".join(lines + _history(ctx, feedback.history)))]


async def show_issue(command: ShowIssue, ctx: Context) -> list[Reply]:
    ctx.require_project()
    ctx.require("issue IS-n")
    issue = await find_issue(ctx, command.number)
    lines = [issue_line(ctx, issue)]
    if issue.description:
        lines.append(issue.description)
    if issue.created_at is not None:
        lines.append(
            ctx.t(
                "Raised by {who} on {when}.",
                who=name_of(issue.reporter),
                when=ctx.when(issue.created_at),
            )
        )
    return [ctx.to_caller("\n".join(lines + _history(ctx, issue.history)))]


def _history(ctx: Context, history: tuple[Change, ...]) -> list[str]:
    if not history:
        return []
    return [ctx.t("History:")] + [f"• {_step(ctx, step)}" for step in history]


def _step(ctx: Context, step: Change) -> str:
    when = ctx.when(step.at)
    action = ctx.t(STEPS.get(step.action, step.action))
    line = ctx.t("{when}: {action} by {who}", when=when, action=action, who=step.by)
    details = []
    if step.action == "assigned" and step.after.get("assignee"):
        details.append(ctx.t("(to {whom})", whom=step.after["assignee"]))
    earlier = step.before.get("text") or step.before.get("title")
    if step.action == "edited" and earlier:
        details.append(ctx.t("(it said “{text}”)", text=earlier))
    if step.action == "edited" and step.before.get("severity"):
        severity = step.before["severity"]
        details.append(ctx.t("(it was {severity})", severity=_severity(ctx, severity)))
    for detail in details:
        # English puts a space before each bracket; Chinese full-width brackets take none.
        line = ctx.t("{done} {warning}", done=line, warning=detail)
    if step.note:
        return ctx.t("{step}. Note: {note}", step=line, note=step.note)
    return line


def _severity(ctx: Context, value: str) -> str:
    severity = Severity.named(value)
    return value if severity is None else label(ctx.locale, severity)
