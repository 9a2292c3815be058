"""What the platform adapters keep: handled deliveries, where cards were posted, and
conversation references for proactive posts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Conversation, Platform
from storage.errors import guarded
from storage.repositories.sql import fresh, insert_ignoring_duplicates, rows_changed
from storage.tables import CardPostRow, ConversationRefRow, InboundDeliveryRow


class SqlInboundLog:
    """bot.ports.InboundLog: a unique row per delivery id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def first_time(self, platform: Platform, delivery_id: str, at: datetime) -> bool:
        insert = insert_ignoring_duplicates(
            self._session, InboundDeliveryRow, "platform", "delivery_id"
        ).values(platform=platform, delivery_id=delivery_id, received_at=at)
        # A concurrent retry waits on the unique key and then inserts nothing.
        inserted = await self._session.execute(insert.returning(InboundDeliveryRow.id))
        return inserted.scalar() is not None


class SqlCardPosts:
    """Every place a card (by its key, e.g. "milestone:12:v2") was posted."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(
        self, card_key: str, conversation: Conversation, message_id: str, at: datetime
    ) -> None:
        insert = insert_ignoring_duplicates(
            self._session, CardPostRow, "card_key", "platform", "tenant", "channel", "message_id"
        )
        await self._session.execute(
            insert.values(
                card_key=card_key,
                platform=conversation.platform,
                tenant=conversation.tenant,
                channel=conversation.channel,
                message_id=message_id,
                posted_at=at,
            )
        )

    @guarded
    async def where(self, card_key: str) -> Sequence[tuple[Conversation, str]]:
        rows = await self._session.scalars(
            select(CardPostRow).where(CardPostRow.card_key == card_key).order_by(CardPostRow.id)
        )
        return [
            (Conversation(platform=r.platform, tenant=r.tenant, channel=r.channel), r.message_id)
            for r in rows
        ]


class SqlConversationRefs:
    """A serialized reference per conversation (Teams' ConversationReference), latest wins."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def save(
        self, conversation: Conversation, reference: dict[str, Any], at: datetime
    ) -> None:
        key = _is(conversation)
        changed = await self._session.execute(
            update(ConversationRefRow)
            .where(*key)
            .values(reference=reference, updated_at=at)
            .execution_options(synchronize_session=False)
        )
        if rows_changed(changed):
            return
        insert = insert_ignoring_duplicates(
            self._session, ConversationRefRow, "platform", "tenant", "channel"
        )
        await self._session.execute(
            insert.values(
                platform=conversation.platform,
                tenant=conversation.tenant,
                channel=conversation.channel,
                reference=reference,
                updated_at=at,
            )
        )

    @guarded
    async def get(self, conversation: Conversation) -> dict[str, Any] | None:
        row = await self._session.scalar(
            fresh(select(ConversationRefRow).where(*_is(conversation)))
        )
        return None if row is None else dict(row.reference)


def _is(conversation: Conversation) -> tuple[Any, ...]:
    return (
        ConversationRefRow.platform == conversation.platform,
        ConversationRefRow.tenant == conversation.tenant,
        ConversationRefRow.channel == conversation.channel,
    )
