"""The first word of Signoff in a conversation it was added to: said only where no project is
bound yet, and once per conversation, across restarts and re-delivered events."""

from __future__ import annotations

from bot.i18n import N_
from bot.model import Conversation
from bot.service import Services

# Where the KEY of "project bind KEY" comes from, said after the Teams welcome (the Slack one
# says it inside its sentence).
WHERE_KEY = N_("KEY is the project's short name, e.g. acme: the PM who created it has it.")


def welcome_key(conversation: Conversation) -> str:
    """The conversation's welcome among the inbound deliveries: one row per conversation, kept
    like a Slack event_id, so a second join, a retry or another instance finds it taken."""
    return f"welcome:{conversation.tenant}:{conversation.channel}"


async def first_welcome(services: Services, conversation: Conversation) -> bool:
    """True (and recorded, so never again) when Signoff should say how to bind `conversation`:
    nothing is bound to it and it was not welcomed before. A post that fails after this is not
    tried again: saying it at most once beats saying it twice."""
    async with services.uow() as uow:
        if await uow.projects.find_bound(conversation) is not None:
            return False
        first = await uow.inbound.first_time(
            conversation.platform, welcome_key(conversation), services.clock.now()
        )
        await uow.commit()
    return first
