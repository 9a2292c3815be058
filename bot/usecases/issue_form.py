"""`issue` alone: a form to raise an issue, with its severity and milestone to choose."""

from __future__ import annotations

from bot.commands import OpenIssueForm
from bot.context import Context
from bot.labels import label
from bot.messages import Form, FormInput, InputKind, Reply
from bot.model import Severity
from bot.usecases.issues import SEVERITY_ORDER


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
                choices=tuple((s.value, label(ctx.locale, s)) for s in SEVERITY_ORDER),
            ),
            FormInput(
                name="milestone",
                label=ctx.t("Milestone"),
                kind=InputKind.CHOICE,
                choices=tuple((str(m.number), f"{m.ref} {m.name}") for m in milestones),
            ),
        ),
    )
    text = ctx.t("Describe the issue: issue TITLE [low|medium|high|critical]")
    return [ctx.to_caller(text, form=form)]
