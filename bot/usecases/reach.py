"""Whether a project's posts can reach anyone: bound nowhere, or bound on a platform this
Signoff does not serve. `status` and `nudges` say so plainly, with what to do about it."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.model import Platform, Project
from bot.usecases.project_changes import NOWHERE

# How an operator turns each platform on (app.yaml reads these variables).
NOT_SERVED = {
    Platform.SLACK: N_(
        "Slack is not turned on in this Signoff, so nothing reaches {channel}: set "
        "SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) and "
        "restart it."
    ),
    Platform.TEAMS: N_(
        "Microsoft Teams is not turned on in this Signoff, so nothing reaches {channel}: set "
        "MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD and restart it."
    ),
    Platform.CONSOLE: N_(
        "Console channels are only served by “signoff console”, so nothing reaches {channel} "
        "from here."
    ),
}


async def reach_notes(ctx: Context, project: Project) -> list[str]:
    """What keeps the project's digests and replies from reaching a channel; [] when nothing."""
    bindings = await ctx.uow.projects.bindings(project.id)
    if not bindings:
        return [ctx.t(NOWHERE, key=project.key)]
    served = ctx.policy.platforms
    if served is None:  # the surface did not say which platforms it serves
        return []
    return [
        ctx.t(NOT_SERVED[b.platform], channel=b.channel)
        for b in bindings
        if b.platform not in served
    ]
