"""`csat`: the project's satisfaction over time, one line per survey with its average and the
trend against the one before, then each answer. The studio reads every comment; a client reads
the scores, and only their own comment."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.labels import name_of
from bot.messages import Reply
from bot.model import Role
from bot.survey_commands import ShowCsat
from bot.surveys import SurveyOccasion, Trend, answered, trend
from bot.typography import separator

NONE_YET = N_("No survey answers yet. The client is asked when a milestone is signed off.")
TRENDS = {Trend.UP: N_("up"), Trend.DOWN: N_("down"), Trend.STEADY: N_("steady")}
STUDIO = frozenset({Role.PM, Role.DESIGNER})


async def show_csat(command: ShowCsat, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("csat")
    studio = bool(ctx.roles & STUDIO) or ctx.invocation.operator
    milestones = {m.id: m for m in await ctx.uow.milestones.list(project.id)}
    occasions = answered(await ctx.uow.surveys.occasions(project.id))
    if not occasions:
        return [ctx.to_caller(ctx.t(NONE_YET))]
    lines = [ctx.t(N_("Client satisfaction in {key} (1 to 5):"), key=project.key)]
    previous: float | None = None
    for occasion in occasions:
        milestone = milestones.get(occasion.milestone_id) if occasion.milestone_id else None
        named = (
            f"{milestone.ref} {milestone.name}"
            if milestone is not None
            else ctx.t(N_("the project's close"))
        )
        lines.append(_occasion_line(ctx, occasion, named, previous))
        for answer in occasion.answers:
            comment = answer.comment if studio or answer.person.id == ctx.actor.id else ""
            said = f"{name_of(answer.person)} {answer.score}"
            lines.append(f"  {said} · {comment}" if comment else f"  {said}")
        previous = occasion.average
    scores = [a.score for o in occasions for a in o.answers]
    lines.append(
        ctx.t(
            N_("Overall: {average} from {count} answers."),
            average=_shown(sum(scores) / len(scores)),
            count=len(scores),
        )
    )
    return [ctx.to_caller("\n".join(lines))]


def _occasion_line(
    ctx: Context, occasion: SurveyOccasion, named: str, previous: float | None
) -> str:
    """ "M-2 Homepage · Mon 7 Dec · average 3.5 · up" """
    assert occasion.average is not None  # only answered occasions are shown
    parts = [
        named,
        ctx.when(occasion.opened_at),
        ctx.t(N_("average {average}"), average=_shown(occasion.average)),
    ]
    if (moved := trend(previous, occasion.average)) is not None:
        parts.append(ctx.t(TRENDS[moved]))
    return separator(ctx.locale).join(parts)


def _shown(average: float) -> str:
    """3.5, 4, 3.7: one decimal, none when whole."""
    return f"{average:.1f}".removesuffix(".0")
