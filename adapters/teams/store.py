"""What the Teams adapter keeps in the database: conversation references, people's Teams ids,
where cards were posted and the latest card of each key (so any instance can refresh it)."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from adapters.teams.translate import channel_id
from bot.model import Conversation, Identity, Platform, Project, Role
from bot.ports import UnitOfWork
from bot.service import Services
from storage.uow import platform_unit

logger = logging.getLogger(__name__)

# conversation_refs is keyed like a conversation; these prefixes keep people and cards apart
# from real conversations (Teams conversation ids never start with them).
_USER, _CARD = "user:", "card:"
DECIDERS = (Role.PM, Role.APPROVER)


# What this process last wrote, so an unchanged reference or Teams id (every message carries
# them) costs no transaction; bounded, oldest forgotten first.
_REMEMBERED = 10_000


class TeamsStore:
    def __init__(self, *, services: Services) -> None:
        self._services = services
        self._written: OrderedDict[Conversation, dict[str, Any]] = OrderedDict()

    async def save_reference(self, conversation: Conversation, reference: dict[str, Any]) -> None:
        """Keep the channel-level reference: proactive posts start a new post, not a reply."""
        stored = dict(reference)
        stored.pop("activityId", None)
        stored["conversation"] = {
            **(reference.get("conversation") or {}),
            "id": channel_id((reference.get("conversation") or {}).get("id", "")),
        }
        await self._write(conversation, stored)

    async def _write(self, where: Conversation, value: dict[str, Any]) -> None:
        """Save `value` under `where` unless this process already wrote exactly that."""
        if self._written.get(where) == value:
            self._written.move_to_end(where)
            return
        async with self._services.uow() as uow:
            refs = platform_unit(uow).conversation_refs
            await refs.save(where, value, self._services.clock.now())
            await uow.commit()
        self._written[where] = value
        if len(self._written) > _REMEMBERED:
            self._written.popitem(last=False)

    async def reference(self, conversation: Conversation) -> dict[str, Any] | None:
        async with self._services.uow() as uow:
            return await platform_unit(uow).conversation_refs.get(conversation)

    async def remember_person(self, who: Identity, teams_id: str) -> None:
        """A person's Teams id (29:…), which card refresh lists name instead of AAD ids."""
        if not teams_id or teams_id == who.user_id:
            return
        where = Conversation(
            platform=Platform.TEAMS, tenant=who.tenant, channel=_USER + who.user_id
        )
        await self._write(where, {"id": teams_id})

    async def decider_ids(self, conversation: Conversation) -> list[str]:
        """The Teams ids of the PMs and approvers of the project bound here."""
        async with self._services.uow() as uow:
            return await decider_ids_in(uow, conversation)

    async def save_card(self, card_key: str, card: dict[str, Any]) -> None:
        async with self._services.uow() as uow:
            await save_card_in(uow, card_key, card, self._services.clock.now())
            await uow.commit()

    async def card(self, card_key: str) -> dict[str, Any] | None:
        where = Conversation(platform=Platform.TEAMS, tenant="", channel=_CARD + card_key)
        async with self._services.uow() as uow:
            return (await platform_unit(uow).conversation_refs.get(where) or {}).get("card")

    async def note_post(self, card_key: str, conversation: Conversation, message_id: str) -> None:
        async with self._services.uow() as uow:
            posts = platform_unit(uow).card_posts
            await posts.add(card_key, conversation, message_id, self._services.clock.now())
            await uow.commit()

    async def posts(self, card_key: str) -> Sequence[tuple[Conversation, str]]:
        async with self._services.uow() as uow:
            return [
                (c, m)
                for c, m in await platform_unit(uow).card_posts.where(card_key)
                if c.platform is Platform.TEAMS
            ]

    async def mark_unreachable(
        self, conversation: Conversation, problem: str
    ) -> tuple[Project | None, list[Conversation]]:
        """Record the problem on the binding; returns the project and its healthy bindings."""
        async with self._services.uow() as uow:
            await uow.projects.mark_binding(
                conversation, problem=problem, at=self._services.clock.now()
            )
            project = await uow.projects.for_conversation(conversation)
            others = await uow.projects.bindings(project.id) if project else []
            problems = await uow.projects.binding_problems(project.id) if project else {}
            await uow.commit()
        healthy = [c for c in others if c != conversation and c not in problems]
        return project, healthy


# In a unit of work already open (a command's own, so its bookkeeping commits with it).


async def decider_ids_in(uow: UnitOfWork, conversation: Conversation) -> list[str]:
    """The Teams ids of the PMs and approvers of the project bound here."""
    project = await uow.projects.for_conversation(conversation)
    if project is None:
        return []
    ids: list[str] = []
    for member in await uow.members.list(project.id):
        who = member.person.identity
        if member.role not in DECIDERS or who.platform is not Platform.TEAMS:
            continue
        where = Conversation(
            platform=Platform.TEAMS, tenant=who.tenant, channel=_USER + who.user_id
        )
        found = (await platform_unit(uow).conversation_refs.get(where) or {}).get("id")
        if found and found not in ids:
            ids.append(found)
    return ids


async def save_card_in(uow: UnitOfWork, card_key: str, card: dict[str, Any], at: datetime) -> None:
    """Keep the latest card of a key, which any instance answers a refresh with."""
    where = Conversation(platform=Platform.TEAMS, tenant="", channel=_CARD + card_key)
    await platform_unit(uow).conversation_refs.save(where, {"card": card}, at)
