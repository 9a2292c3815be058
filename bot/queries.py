"""Reading what is recorded outside a turn: the admin CLI's export, the App Home's projects."""

from __future__ import annotations

from typing import Any

from bot.errors import NotFound
from bot.model import Identity, Project
from bot.service import Services
from bot.usecases import export


async def projects_for(identity: Identity, services: Services) -> list[Project]:
    """The projects on which this person holds any role, by key."""
    async with services.uow() as uow:
        person = await uow.people.find(identity)
        return list(await uow.projects.of_person(person.id)) if person else []


async def export_project(key: str, services: Services) -> dict[str, Any]:
    """Everything recorded about a project, as plain JSON-ready data.

    Keys: "project" and "budget" (dicts) and the lists "members", "bindings", "milestones",
    "decisions", "feedback", "issues", "briefs", "change_requests", "audit", "nudges". Every
    list item has at least "ref", "at" (ISO 8601), "by" (a display name), "by_id" (that person's
    stable identity, "platform:tenant:user", as every other person field has beside it:
    "assignee_id", "added_by_id"…), "status" and "summary"; a value that is missing is null,
    never "". Members carry "user_id", who added them and when ("added_by", "added_at"), and for
    a role that ended "removed_by" and "removed_at" (status "removed"). A settled milestone
    carries how long the client and the studio held it ("held_by_client_seconds",
    "held_by_studio_seconds"), an open one since when the client has it ("with_client_since"),
    and each version whose review ended its time with the client ("with_client_seconds"): an
    export reads the same until something changes. Each version of the brief and each change
    request carries who sent and decided it and when ("sent_by", "decided_by"…); money is
    {"minor": 1200000, "currency": "EUR", "amount": "12000.00"}, never a float.
    Raises NotFound.
    """
    async with services.uow() as uow:
        project = await uow.projects.get_by_key(key)
        if project is None:
            raise NotFound("There is no project “{key}”.", key=key)
        return await export.project_record(project, uow, now=services.clock.now())
