"""One milestone on its own (`milestone M-n`, or just `M-n`): every version with what it was
submitted with, every decision, the rounds used and the criteria the next version answers to."""

from __future__ import annotations

from bot.access import STUDIO
from bot.cards import decision_line, deliverable_line, rounds_field
from bot.commands import ShowMilestone
from bot.context import Context
from bot.held import Held, held
from bot.i18n import fmt_duration
from bot.labels import label, milestone_state, name_of
from bot.messages import Card, Field, Reply
from bot.model import Milestone, MilestoneState, MilestoneVersion
from bot.typography import join_groups, join_items
from bot.usecases.milestones import find_milestone


async def show_milestone(command: ShowMilestone, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("milestone M-n")
    milestone = await find_milestone(ctx, command.number)
    versions = {v.version: v for v in await ctx.uow.versions.list(milestone.id)}
    decisions = await ctx.uow.decisions.for_milestone(milestone.id)
    history: list[str] = []
    for number in range(1, milestone.version + 1):
        history.append(_version_line(ctx, milestone, number, versions.get(number)))
        submitted = versions.get(number)
        if submitted is not None:
            history += [f"  {deliverable_line(ctx, d)}" for d in submitted.deliverables]
        history += [f"  {decision_line(ctx, d)}" for d in decisions if d.version == number]
    fields = [
        Field(label=ctx.t("Status"), value=_state(ctx, milestone)),
        Field(label=ctx.t("Due"), value=ctx.day(milestone.due_date)),
        rounds_field(ctx, milestone, project, internal=bool(ctx.roles & STUDIO)),
        Field(
            label=ctx.t("Acceptance criteria"),
            value=join_groups(ctx.locale, milestone.criteria) or ctx.t("none"),
        ),
    ]
    clock = held(milestone, list(versions.values()), decisions,
                 studio_stage=project.studio_stage, now=ctx.now)  # fmt: skip
    if clock.started:
        fields.append(Field(label=ctx.t("With the client"), value=_client_time(ctx, clock)))
        fields.append(
            Field(label=ctx.t("With the studio"), value=fmt_duration(ctx.locale, clock.studio))
        )
    if milestone.state is MilestoneState.CANCELLED and milestone.cancel_reason:
        fields.append(Field(label=ctx.t("Why cancelled"), value=milestone.cancel_reason))
    if not history:
        history = [ctx.t("Not submitted yet.")]
    title = f"{milestone.ref} {milestone.name}"
    lines = [ctx.t("{label}: {value}", label=f.label, value=f.value) for f in fields]
    text = "\n".join([title, *lines, ctx.t("Versions:"), *history])
    card = Card(title=title, subtitle=project.name, fields=tuple(fields), items=tuple(history))
    return [ctx.to_caller(text, card=card)]


def _client_time(ctx: Context, clock: Held) -> str:
    """The waiting-on-client clock: the total, and the part of each version that reached the
    client when there are several."""
    total = fmt_duration(ctx.locale, clock.client)
    reached = [(number, spent) for number, spent in clock.by_version if spent]
    if len(reached) < 2:
        return total
    parts = join_items(
        ctx.locale,
        (
            ctx.t("v{number}: {duration}", number=number, duration=fmt_duration(ctx.locale, spent))
            for number, spent in reached
        ),
    )
    return ctx.t("{total} ({parts})", total=total, parts=parts)


def _state(ctx: Context, milestone: Milestone) -> str:
    state = milestone_state(ctx.locale, milestone)
    if milestone.state is MilestoneState.IN_REVIEW and milestone.stage is not None:
        state = f"{state} v{milestone.version} · {label(ctx.locale, milestone.stage)}"
    if milestone.state is MilestoneState.CANCELLED and milestone.cancelled_at is not None:
        state = ctx.t("{state} at {when}", state=state, when=ctx.when(milestone.cancelled_at))
    return state


def _version_line(
    ctx: Context, milestone: Milestone, number: int, version: MilestoneVersion | None
) -> str:
    if version is None:  # submitted before versions were recorded: its decisions still show
        return f"v{number}"
    params = {
        "version": number,
        "who": name_of(version.submitted_by),
        "when": ctx.when(version.submitted_at) if version.submitted_at else "—",
    }
    if version.note:
        line = ctx.t("v{version} submitted by {who} at {when}: {note}", note=version.note, **params)
    else:
        line = ctx.t("v{version} submitted by {who} at {when}", **params)
    if version.criteria:
        line += " · " + ctx.t("criteria: {items}", items=join_groups(ctx.locale, version.criteria))
    if version.withdrawn_at is not None:
        line += " · " + ctx.t(
            "withdrawn by {who} at {when}",
            who=name_of(version.withdrawn_by),
            when=ctx.when(version.withdrawn_at),
        )
    return line
