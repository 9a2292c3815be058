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
from bot.service import Services

logger = logging.getLogger(__name__)

DECIDERS = (Role.PM, Role.APPROVER)


# What this process last wrote, so an unchanged reference or Teams id (every message carries
# them) costs no transaction; bounded, oldest forgotten first.
_REMEMBERED = 10_000


class TeamsStore:
    def __init__(self, *, services: Services) -> None:
        self._services = services
        self._written: OrderedDict[Conversation | Identity, Any] = OrderedDict()

    async def save_reference(self, conversation: Conversation, reference: dict[str, Any]) -> None:
        """Keep the channel-level reference: proactive posts start a new post, not a reply."""
        stored = dict(reference)
        stored.pop("activityId", None)
        stored["conversation"] = {
            **(reference.get("conversation") or {}),
            "id": channel_id((reference.get("conversation") or {}).get("id", "")),
        }
        if self._unchanged(conversation, stored):
            return
        async with self._services.uow() as uow:
            await uow.platform.keep_reference(conversation, stored, self._services.clock.now())
            await uow.commit()
        self._wrote(conversation, stored)

    def _unchanged(self, key: Conversation | Identity, value: Any) -> bool:
        """Whether this process already wrote exactly `value` under `key`."""
        if self._written.get(key) != value:
            return False
        self._written.move_to_end(key)
        return True

    def _wrote(self, key: Conversation | Identity, value: Any) -> None:
        self._written[key] = value
        if len(self._written) > _REMEMBERED:
            self._written.popitem(last=False)

    async def reference(self, conversation: Conversation) -> dict[str, Any] | None:
        async with self._services.uow() as uow:
            return await uow.platform.reference(conversation)

    async def remember_person(self, who: Identity, teams_id: str) -> None:
        """A person's Teams id (29:…), which card refresh lists name instead of AAD ids."""
        if not teams_id or teams_id == who.user_id or self._unchanged(who, teams_id):
            return
        async with self._services.uow() as uow:
            await uow.platform.keep_platform_id(who, teams_id, self._services.clock.now())
            await uow.commit()
        self._wrote(who, teams_id)

    async def decider_ids(self, conversation: Conversation) -> list[str]:
        """The Teams ids of the PMs and approvers of the project bound here."""
        async with self._services.uow() as uow:
            return await decider_ids_in(uow, conversation)

    async def save_card(self, card_key: str, card: dict[str, Any]) -> None:
        async with self._services.uow() as uow:
            await save_card_in(uow, card_key, card, self._services.clock.now())
            await uow.commit()

    async def card(self, card_key: str) -> dict[str, Any] | None:
        async with self._services.uow() as uow:
            return await uow.platform.card(card_key)

    async def note_post(self, card_key: str, conversation: Conversation, message_id: str) -> None:
        async with self._services.uow() as uow:
            await uow.platform.note_post(card_key, conversation, message_id,
                                         self._services.clock.now())  # fmt: skip
            await uow.commit()

    async def posts(self, card_key: str) -> Sequence[tuple[Conversation, str]]:
        async with self._services.uow() as uow:
            return [
                (c, m)
                for c, m in await uow.platform.posts(card_key)
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


async def decider_ids_in(uow: Any, conversation: Conversation) -> list[str]:
    """The Teams ids of the PMs and approvers of the project bound here."""
    project = await uow.projects.for_conversation(conversation)
    if project is None:
        return []
    deciders = [
        m.person.identity
        for m in await uow.members.list(project.id)
        if m.role in DECIDERS and m.person.identity.platform is Platform.TEAMS
    ]
    known = await uow.platform.platform_ids(deciders)
    return list(dict.fromkeys(known[who] for who in deciders if who in known))


async def save_card_in(uow: Any, card_key: str, card: dict[str, Any], at: datetime) -> None:
    """Keep the latest card of a key, which any instance answers a refresh with."""
    await uow.platform.keep_card(card_key, card, at)
