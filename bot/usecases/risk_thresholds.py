"""A project's own thresholds for the risks Signoff raises by itself: `project risks` shows them
(the studio's where the project has none of its own), a PM sets one or all back to the studio's,
and every change is audited. Answered to the caller: the client reads the channel, and when the
studio expects trouble from them is the studio's business."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.messages import Field, Reply
from bot.model import Project
from bot.risk_commands import SetRiskThresholds
from bot.risk_thresholds import ProjectRiskThresholds

ONLY_STUDIO = N_("Only the studio (PM or designer) sees the project's risk thresholds.")
ONLY_PM = N_("Only the project's PM can change its risk thresholds.")


async def set_risk_thresholds(command: SetRiskThresholds, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("project risks", ONLY_STUDIO)
    own = await ctx.uow.risks.thresholds(project.id)
    if not command.setting and not command.reset:
        return [ctx.to_caller(_text(ctx, project, own, ctx.t("Risk thresholds")))]
    ctx.require("project risks set", ONLY_PM)
    if command.reset:
        changed = ProjectRiskThresholds(project_id=project.id)
    else:
        changed = own.with_setting(command.setting, command.value)
    if changed == own:
        heading = ctx.t("Nothing changed; the risk thresholds are already these")
        return [ctx.to_caller(_text(ctx, project, own, heading))]
    await ctx.uow.risks.save_thresholds(changed)
    await ctx.record(
        "project.risk_thresholds_changed",
        project.key,
        before=own.as_audited(),
        after=changed.as_audited(),
    )
    heading = ctx.t("New risk thresholds, from the next check on")
    return [ctx.to_caller(_text(ctx, project, changed, heading))]


async def thresholds_field(ctx: Context, project: Project) -> Field | None:
    """The project's own thresholds as a line of `status`, for the studio, when it has any."""
    if not ctx.may("project risks"):
        return None
    own = await ctx.uow.risks.thresholds(project.id)
    if own.is_default:
        return None
    return Field(label=ctx.t("Risk thresholds"), value=" · ".join(_lines(ctx, own)))


def _text(ctx: Context, project: Project, own: ProjectRiskThresholds, heading: str) -> str:
    title = ctx.t("{heading} ({key}): Signoff raises a risk when", heading=heading,
                  key=project.key)  # fmt: skip
    return "\n".join([title, *_lines(ctx, own)])


def _lines(ctx: Context, own: ProjectRiskThresholds) -> list[str]:
    limits = own.applied(ctx.policy.nudges.risks)
    late = ctx.t(
        "a milestone is late by more than {days}", days=_working_days(ctx, limits.overdue_days)
    )
    rounds = ctx.t(
        "{count} revision rounds or fewer are left once the client spent one",
        count=limits.rounds_left,
    )
    silent = ctx.t(
        "nothing comes from the client for {days} while something waits on them",
        days=_working_days(ctx, limits.silence_days),
    )
    return [
        _line(ctx, late, own.overdue_days),
        _line(ctx, rounds, own.rounds_left),
        _line(ctx, silent, own.silence_days),
    ]


def _line(ctx: Context, said: str, own: int | None) -> str:
    whose = ctx.t("this project's") if own is not None else ctx.t("the studio's")
    return ctx.t("{said} ({whose})", said=said, whose=whose)


def _working_days(ctx: Context, count: int) -> str:
    if count == 1:
        return ctx.t("1 working day")
    return ctx.t("{count} working days", count=count)
