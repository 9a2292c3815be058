"""App Home: what waits on the person who opens the bot's Home tab, across their projects."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.slack.errors import error_code
from adapters.slack.render import escape, mrkdwn, plain
from adapters.slack.runner import SlackRunner
from adapters.slack.translate import origin_of
from bot.errors import StorageUnavailable
from bot.i18n import N_, tr
from bot.model import Identity, MilestoneState
from bot.rules import STAGE_DECIDER
from bot.service import Services

logger = logging.getLogger(__name__)
RECENT = 5
WAITS = N_("{ref} {name} v{version} waits on your decision.")
ASSIGNED = N_("{ref} is assigned to you: {title}")
NOTHING = N_("Nothing waits on you.")
RECENT_FEEDBACK = N_("Recent feedback")
NO_DATABASE = N_("I cannot reach the database right now; open this tab again in a moment.")
NO_PROJECTS = N_("You are not on any project yet. A PM can add you with “member add @you ROLE”.")


def register(app: AsyncApp, runner: SlackRunner) -> None:
    async def on_home_opened(ack: Any, body: dict[str, Any], event: dict[str, Any], context: Any):
        await ack()
        if event.get("tab") != "home":
            return  # the Messages tab: nothing to publish
        identity = origin_of(body, context).identity
        view = await home_view(runner.services, identity)
        try:
            await runner.client.views_publish(user_id=identity.user_id, view=view)
        except SlackApiError as exc:
            logger.warning("views.publish failed: %s", error_code(exc))

    app.event("app_home_opened")(on_home_opened)


async def home_view(services: Services, identity: Identity) -> dict[str, Any]:
    locale = services.policy.default_locale
    try:
        blocks = await _blocks(services, identity)
    except StorageUnavailable:
        blocks = [section(tr(locale, NO_DATABASE))]
    return {"type": "home", "blocks": blocks[:100]}


async def _blocks(services: Services, identity: Identity) -> list[dict[str, Any]]:
    locale = services.policy.default_locale
    async with services.uow() as uow:
        person = await uow.people.find(identity)
        if person is None and identity.tenant:
            person = await uow.people.find(replace(identity, tenant=""))
        projects = list(await uow.projects.of_person(person.id)) if person else []
        if person is None or not projects:
            return [section(tr(locale, NO_PROJECTS))]
        blocks: list[dict[str, Any]] = []
        for project in projects:
            t = project.locale
            roles = await uow.members.roles(project.id, person.id)
            lines = [
                tr(t, WAITS, ref=m.ref, name=m.name, version=m.version)
                for m in await uow.milestones.list(project.id)
                if m.state is MilestoneState.IN_REVIEW
                and m.stage is not None
                and STAGE_DECIDER[m.stage] in roles
            ]
            lines += [
                tr(t, ASSIGNED, ref=i.ref, title=i.title)
                for i in await uow.issues.list(project.id, open_only=True)
                if i.assignee is not None and i.assignee.id == person.id
            ]
            feedback = list(await uow.feedback.list(project.id))[-RECENT:]
            blocks.append({"type": "header", "text": plain(f"{project.name} · {project.key}", 150)})
            blocks.append(section(escape("\n".join(lines)) or tr(t, NOTHING)))
            if feedback:
                recent = "\n".join(escape(f"{f.ref} · {f.text}"[:200]) for f in reversed(feedback))
                blocks.append(section(f"*{escape(tr(t, RECENT_FEEDBACK))}*\n{recent}"))
            blocks.append({"type": "divider"})
        return blocks


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text)}
