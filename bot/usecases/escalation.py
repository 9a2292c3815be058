"""`nudges escalate KEY [direct]`: where a project's escalations go (overdue issues, reviews
still unanswered after every reminder): the studio's own channel, or each PM directly."""

from __future__ import annotations

from dataclasses import replace

from bot.access import allows
from bot.context import Context
from bot.errors import Forbidden, NotFound, UsageError
from bot.messages import Reply
from bot.nudges.commands import EscalateTo


async def escalate_to(command: EscalateTo, ctx: Context) -> list[Reply]:
    project = await ctx.uow.projects.get_by_key(command.key)
    if project is None:
        raise NotFound("There is no project “{key}”.", key=command.key)
    roles = await ctx.uow.members.roles(project.id, ctx.actor.id)
    if not ctx.invocation.operator and not allows("nudges escalate", roles):
        raise Forbidden("Only the project's PM can change the project's nudges.")
    ctx.project, ctx.locale = project, project.locale
    target = ctx.invocation.conversation if command.here else None
    if command.here and target is None:
        raise UsageError("nudges", "Type “nudges escalate {key}” in the channel that should get "
                         "the escalations.", key=project.key)  # fmt: skip
    if target is not None and target in await ctx.uow.projects.bindings(project.id):
        # A bound channel is the client's: escalations are the studio's business.
        raise UsageError(
            "nudges",
            "Clients read this conversation: escalate to a channel of the studio's own, or "
            "“nudges escalate {key} direct”.",
            key=project.key,
        )
    settings = await ctx.uow.nudges.settings(project.id)
    await ctx.uow.nudges.save_settings(replace(settings, escalate_to=target))
    await ctx.record("nudges.escalation", project.key,
                     channel=target.channel if target else "direct")  # fmt: skip
    if target is None:
        return [ctx.to_caller(ctx.t("Escalations for {key} go to each PM directly again.",
                                    key=project.key))]  # fmt: skip
    return [ctx.to_channel(ctx.t("Escalations for {key} (issues not acknowledged in time, "
                                 "reviews unanswered after every reminder) will come here.",
                                 key=project.key))]  # fmt: skip
