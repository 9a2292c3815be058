"""`issue` alone: a form to raise an issue, with its severity and milestone to choose."""

from __future__ import annotations

from collections.abc import Mapping

from bot.commands import OpenIssueForm, RaiseIssue
from bot.context import Context
from bot.i18n import N_
from bot.labels import label
from bot.messages import Form, FormInput, InputKind, Reply
from bot.model import SEVERITIES, Severity

# How to raise the same issue by typing it: said with the form, and instead of it when the form
# could not be made in time (Slack).
TYPE_IT = N_("Describe the issue: issue TITLE [low|medium|high|critical]")


async def open_issue_form(command: OpenIssueForm, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("issue form")
    milestones = await ctx.uow.milestones.list(project.id)
    form = Form(
        kind="issue",
        title=ctx.t("Raise an issue"),
        submit_label=ctx.t("Raise issue"),
        inputs=(
            FormInput(name="title", label=ctx.t("Title"), required=True),
            FormInput(name="description", label=ctx.t("Description"), kind=InputKind.LONG_TEXT),
            FormInput(
                name="severity",
                label=ctx.t("Severity"),
                kind=InputKind.CHOICE,
                initial=Severity.MEDIUM.value,
                choices=tuple((s.value, label(ctx.locale, s)) for s in SEVERITIES),
            ),
            FormInput(
                name="milestone",
                label=ctx.t("Milestone"),
                kind=InputKind.CHOICE,
                choices=tuple((str(m.number), f"{m.ref} {m.name}") for m in milestones),
            ),
        ),
    )
    return [ctx.to_caller(ctx.t(TYPE_IT), form=form)]


def answered(answers: Mapping[str, str]) -> RaiseIssue:
    """The issue a submitted form describes (its rules are checked by bot.fields and the core)."""
    milestone = answers.get("milestone", "")
    return RaiseIssue(
        title=answers.get("title", ""),
        description=answers.get("description", ""),
        severity=Severity.named(answers.get("severity") or "") or Severity.MEDIUM,
        milestone=int(milestone) if milestone.isdigit() else None,
    )
