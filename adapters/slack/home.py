"""App Home: what waits on the person who opens the bot's Home tab, across their projects."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.slack.errors import error_code
from adapters.slack.markup import escape
from adapters.slack.render import mrkdwn, plain
from adapters.slack.runner import SlackRunner
from adapters.slack.translate import origin_of
from bot.errors import StorageUnavailable
from bot.i18n import N_, tr
from bot.invocation import Invocation
from bot.model import Identity, MilestoneState, Project
from bot.nudges.commands import ShowNudges
from bot.service import Services, handle

logger = logging.getLogger(__name__)
RECENT = 5
WAITS = N_("{ref} {name} v{version} waits on your decision.")
ASSIGNED = N_("{ref} is assigned to you: {title}")
NOTHING = N_("Nothing waits on you.")
RECENT_FEEDBACK = N_("Recent feedback")
NO_DATABASE = N_("I cannot reach the database right now; open this tab again in a moment.")
NEXT = N_("Next nudges")
NEXT_NUDGES = 3
NO_PROJECTS = N_("You are not on any project yet. A PM can add you with “member add @you ROLE”.")


def register(app: AsyncApp, runner: SlackRunner) -> None:
    async def on_home_opened(ack: Any, body: dict[str, Any], event: dict[str, Any], context: Any):
        await ack()
        if event.get("tab") != "home":
            return  # the Messages tab: nothing to publish
        identity = origin_of(body, context).identity

        async def publish() -> None:
            view = await home_view(runner.services, identity)
            try:
                await runner.client.views_publish(user_id=identity.user_id, view=view)
            except SlackApiError as exc:
                logger.warning("views.publish failed: %s", error_code(exc))

        runner.later(publish())  # a view, no record: Slack need not wait for it

    app.event("app_home_opened")(on_home_opened)


async def home_view(services: Services, identity: Identity) -> dict[str, Any]:
    locale = services.policy.default_locale
    try:
        blocks = await _blocks(services, identity)
    except StorageUnavailable:
        blocks = [section(escape(tr(locale, NO_DATABASE)))]
    return {"type": "home", "blocks": blocks[:100]}


async def _next_nudges(services: Services, identity: Identity, key: str) -> str:
    """The project's coming nudges, as the core's `nudges show` lists them (its first lines)."""
    invocation = Invocation(identity=identity, project_key=key)
    result = await handle(ShowNudges(), invocation, services)
    if not result.ok or not result.replies:
        return ""
    lines = result.replies[0].message.text.splitlines()[1 : 1 + NEXT_NUDGES]
    return "\n".join(line for line in lines if line.startswith("•"))


async def _blocks(services: Services, identity: Identity) -> list[dict[str, Any]]:
    locale = services.policy.default_locale
    async with services.uow() as uow:
        person = await uow.people.find(identity)
        if person is None and identity.tenant:
            person = await uow.people.find(replace(identity, tenant=""))
        projects = list(await uow.projects.of_person(person.id)) if person else []
        if person is None or not projects:
            return [section(escape(tr(locale, NO_PROJECTS)))]
        per_project = [(p, await _project_blocks(uow, p, person.id)) for p in projects]
    # `nudges show` runs through the core in a unit of work of its own, after this one closed.
    blocks: list[dict[str, Any]] = []
    for project, project_blocks in per_project:
        blocks += project_blocks
        coming = await _next_nudges(services, person.identity, project.key)
        if coming:
            blocks.append(section(f"*{escape(tr(project.locale, NEXT))}*\n{escape(coming)}"))
        blocks.append({"type": "divider"})
    return blocks


async def _project_blocks(uow: Any, project: Project, person_id: int) -> list[dict[str, Any]]:
    """What waits on the person in one project, and its recent feedback."""
    t = project.locale
    members = await uow.members.list(project.id)
    lines = []
    for m in await uow.milestones.list(project.id):
        if m.state is not MilestoneState.IN_REVIEW:
            continue
        # Whom the version waits on, as the card says: not who decided it, or another stage.
        review = await uow.milestones.review(project.id, m.number)
        if review and any(p.id == person_id for p in review.waiting_on(project, members)):
            lines.append(tr(t, WAITS, ref=m.ref, name=m.name, version=m.version))
    lines += [
        tr(t, ASSIGNED, ref=i.ref, title=i.title)
        for i in await uow.issues.list(project.id, open_only=True)
        if i.assignee is not None and i.assignee.id == person_id
    ]
    feedback = list(await uow.feedback.list(project.id))[-RECENT:]
    blocks = [{"type": "header", "text": plain(f"{project.name} · {project.key}", 150)}]
    blocks.append(section(escape("\n".join(lines) or tr(t, NOTHING))))
    if feedback:
        recent = "\n".join(escape(f"{f.ref} · {f.text}"[:200]) for f in reversed(feedback))
        blocks.append(section(f"*{escape(tr(t, RECENT_FEEDBACK))}*\n{recent}"))
    return blocks


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text)}
