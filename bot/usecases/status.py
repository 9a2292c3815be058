"""The project at a glance: milestones, open issues by severity, open feedback, who is waited on."""

from __future__ import annotations

from bot.change_requests import ChangeState
from bot.commands import ShowStatus
from bot.context import Context
from bot.i18n import N_
from bot.labels import delivery_problem, place, severity_count
from bot.messages import Card, Field, Reply
from bot.model import SEVERITIES, MilestoneState, Stage
from bot.rules import scan_order
from bot.typography import join_groups, join_items
from bot.usecases.briefs import brief_standing
from bot.usecases.budget import budget_of
from bot.usecases.milestones import milestone_line
from bot.usecases.reach import reach_notes
from bot.usecases.risk_thresholds import thresholds_field
from bot.usecases.signoff_terms import terms_summary
from bot.usecases.surveys import MODES as SURVEY_MODES


async def show_status(command: ShowStatus, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("status")
    milestones = await ctx.uow.milestones.list(project.id)
    by_severity = await ctx.uow.issues.count_open_by_severity(project.id)
    open_feedback = await ctx.uow.feedback.count_open(project.id)
    issues = join_items(
        ctx.locale,
        (severity_count(ctx.locale, s, by_severity.get(s, 0)) for s in SEVERITIES),
    )
    waiting = []
    in_review = [m for m in milestones if m.state is MilestoneState.IN_REVIEW]
    for m in sorted(in_review, key=lambda m: m.stage_started_at or ctx.now):  # longest first
        if m.stage_started_at is None:
            continue
        template = (
            N_("{ref} v{version} waits on the client, for {duration}")
            if m.stage is Stage.CLIENT
            else N_("{ref} v{version} waits on the studio's PM, for {duration}")
        )
        waiting.append(
            ctx.t(template, ref=m.ref, version=m.version, duration=ctx.since(m.stage_started_at))
        )
    changes = await ctx.uow.changes.list(project.id)
    for change in changes:
        if change.state is ChangeState.SENT and change.sent_at is not None:
            waiting.append(ctx.t("{ref} waits on the client, for {duration}", ref=change.ref,
                                 duration=ctx.since(change.sent_at)))  # fmt: skip
    fields = [
        Field(label=ctx.t("Open issues"), value=issues),
        Field(label=ctx.t("Open feedback"), value=str(open_feedback)),
        Field(label=ctx.t("Waiting"), value=join_groups(ctx.locale, waiting) or ctx.t("nobody")),
    ]
    if standing := await brief_standing(ctx):
        fields.append(Field(label=ctx.t("Brief"), value=standing))
    if changes or standing:
        budget = await budget_of(ctx)
        if budget.base.currency:
            fields.append(Field(label=ctx.t("Budget"), value=ctx.t(
                "{amount} committed", amount=budget.committed.shown(ctx.locale))))  # fmt: skip
    fields.append(Field(label=ctx.t("Sign-off rules"), value=terms_summary(ctx, project)))
    survey_mode = await ctx.uow.surveys.mode(project.id)
    fields.append(
        Field(label=ctx.t("Satisfaction surveys"), value=ctx.t(SURVEY_MODES[survey_mode]))
    )
    if own_thresholds := await thresholds_field(ctx, project):
        fields.append(own_thresholds)
    problems = await ctx.uow.projects.binding_problems(project.id)
    for conversation, problem in problems.items():
        where = place(ctx.locale, conversation)
        fields.append(
            Field(
                label=ctx.t("Cannot post to {where}", where=where),
                value=delivery_problem(ctx.locale, problem),
            )
        )
    for note in await reach_notes(ctx, project):
        fields.append(Field(label=ctx.t("Channels"), value=note))
    items = tuple(milestone_line(ctx, m) for m in scan_order(milestones)) or (
        ctx.t("No milestones yet."),
    )
    title = ctx.t("{name} for {client}: status", name=project.name, client=project.client)
    lines = [ctx.t("{label}: {value}", label=f.label, value=f.value) for f in fields]
    text = "\n".join([title, *items, *lines])
    card = Card(title=title, subtitle=project.key, fields=tuple(fields), items=items)
    return [ctx.to_caller(text, card=card)]
