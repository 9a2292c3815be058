"""What Signoff sends into Teams: cards rendered and kept for refreshes, replies posted where a
command came from, and every posted copy of a decided card replaced in place."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from adapters.teams import render, translate
from adapters.teams.messenger import GONE, DeliveryFailed, TeamsMessenger
from adapters.teams.store import TeamsStore, decider_ids_in, save_card_in
from bot.errors import StorageUnavailable
from bot.messages import Reply
from bot.model import Conversation, Platform
from bot.outbox import QueuedReply
from bot.ports import Clock, UnitOfWork

logger = logging.getLogger(__name__)


class TeamsDelivery:
    def __init__(self, *, store: TeamsStore, messenger: TeamsMessenger, clock: Clock) -> None:
        self._store, self._messenger, self._clock = store, messenger, clock

    async def card_in(self, uow: UnitOfWork, reply: Reply, conversation: Conversation) -> dict:
        """The reply's Adaptive Card, rendered and kept for refreshes in the command's own unit
        of work (it is also the answer to the click that decided it)."""
        card_key = reply.card_key or reply.replaces
        actions = reply.message.card is not None and bool(reply.message.card.actions)
        users = await decider_ids_in(uow, conversation) if actions else []
        card = render.adaptive_card(reply.message, card_key=card_key, refresh_users=users) or {}
        await save_card_in(uow, card_key, card, self._clock.now())
        return card

    async def card(self, reply: Reply, conversation: Conversation) -> dict | None:
        """The reply's Adaptive Card (None for plain text), kept for refreshes when it can be."""
        card_key = reply.card_key or reply.replaces
        actions = reply.message.card is not None and bool(reply.message.card.actions)
        # What the database adds (who gets auto-refresh, the copy other instances refresh
        # from) is a nicety: without it the card is still shown, and the clicker still answered.
        users: list[str] = []
        try:
            users = await self._store.decider_ids(conversation) if actions else []
        except StorageUnavailable:
            logger.warning("card %s shown without refresh: the database is not answering", card_key)
        card = render.adaptive_card(reply.message, card_key=card_key, refresh_users=users)
        if card is not None and card_key:
            try:
                await self._store.save_card(card_key, card)
            except StorageUnavailable:
                logger.warning("card %s not kept for refreshes", card_key)
        return card

    async def deliver(self, replies: list[Reply], activity: dict, reference: dict) -> None:
        """Post each reply where the activity came from; a decided card replaces every copy."""
        conversation = translate.where(activity).conversation
        await self._deliver_to(replies, conversation, reference, strict=False)

    async def deliver_queued(self, queued: QueuedReply) -> None:
        """bot.ports.ReplyCourier for Teams: a reply from the outbox, where its command was."""
        address: Mapping[str, Any] = queued.address  # the JSON TeamsTurns' route wrote
        where = Conversation(platform=Platform.TEAMS, tenant=address["tenant"],
                             channel=address["channel"])  # fmt: skip
        await self._deliver_to([queued.reply], where, dict(address["reference"]), strict=True)

    async def _deliver_to(
        self, replies: list[Reply], conversation: Conversation, reference: dict, *, strict: bool
    ) -> None:
        """`strict`: a post Teams refused for now is raised, for the outbox to try again."""
        for reply in replies:
            try:
                card = await self.card(reply, conversation)
                if reply.replaces and await self._replace_copies(reply.replaces, card, reply):
                    continue
                posted = await self._messenger.post(
                    reference, render.activity(reply.message, card=card)
                )
                if reply.card_key or reply.replaces:
                    await self._store.note_post(
                        reply.card_key or reply.replaces, conversation, posted
                    )
            except DeliveryFailed as failed:
                if failed.status in GONE:
                    await self._messenger.lost(conversation, failed)
                elif strict:
                    raise
                logger.warning("reply not delivered in %s: %s", conversation.channel, failed)
                return
            except StorageUnavailable:
                # Where the card went could not be read or noted; the next reply still goes.
                logger.warning("card bookkeeping failed in %s", conversation.channel)

    async def _replace_copies(self, card_key: str, card: dict | None, reply: Reply) -> bool:
        copies = await self._store.posts(card_key)
        for where, message_id in copies:
            try:
                reference = await self._store.reference(where)
                if reference is not None:
                    activity = render.activity(reply.message, card=card)
                    await self._messenger.replace(reference, message_id, activity)
            except DeliveryFailed as failed:
                if failed.status in GONE:
                    await self._messenger.lost(where, failed)
        return bool(copies)
