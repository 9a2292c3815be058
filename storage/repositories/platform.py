"""What the platform adapters keep: handled deliveries (a core port), and their own bookkeeping
(bot.platform_log.PlatformLog): card posts, latest cards, conversation references, people's
platform ids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Conversation, Identity, Platform
from storage.errors import guarded
from storage.repositories.sql import fresh, insert_ignoring_duplicates, upsert
from storage.tables import InboundDeliveryRow
from storage.tables_platform import (
    CardPostRow,
    ConversationRefRow,
    PlatformCardRow,
    PlatformPersonRow,
)


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


class SqlPlatformLog:
    """bot.platform_log.PlatformLog: each kind in its table, every write a single statement."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def note_post(
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
    async def posts(self, card_key: str) -> Sequence[tuple[Conversation, str]]:
        rows = await self._session.scalars(
            select(CardPostRow).where(CardPostRow.card_key == card_key).order_by(CardPostRow.id)
        )
        return [
            (Conversation(platform=r.platform, tenant=r.tenant, channel=r.channel), r.message_id)
            for r in rows
        ]

    @guarded
    async def keep_card(self, card_key: str, card: Mapping[str, Any], at: datetime) -> None:
        values = {"card_key": card_key, "card": dict(card), "updated_at": at}
        await self._session.execute(upsert(self._session, PlatformCardRow, ("card_key",), values))

    @guarded
    async def card(self, card_key: str) -> dict[str, Any] | None:
        found = await self._session.scalar(
            select(PlatformCardRow.card).where(PlatformCardRow.card_key == card_key)
        )
        return None if found is None else dict(found)

    @guarded
    async def keep_reference(
        self, conversation: Conversation, reference: Mapping[str, Any], at: datetime
    ) -> None:
        values = {"platform": conversation.platform, "tenant": conversation.tenant,
                  "channel": conversation.channel, "reference": dict(reference),
                  "updated_at": at}  # fmt: skip
        key = ("platform", "tenant", "channel")
        await self._session.execute(upsert(self._session, ConversationRefRow, key, values))

    @guarded
    async def reference(self, conversation: Conversation) -> dict[str, Any] | None:
        row = await self._session.scalar(
            fresh(
                select(ConversationRefRow).where(
                    ConversationRefRow.platform == conversation.platform,
                    ConversationRefRow.tenant == conversation.tenant,
                    ConversationRefRow.channel == conversation.channel,
                )
            )
        )
        return None if row is None else dict(row.reference)

    @guarded
    async def keep_platform_id(self, who: Identity, platform_id: str, at: datetime) -> None:
        values = {"platform": who.platform, "tenant": who.tenant, "user_id": who.user_id,
                  "platform_id": platform_id, "updated_at": at}  # fmt: skip
        key = ("platform", "tenant", "user_id")
        await self._session.execute(upsert(self._session, PlatformPersonRow, key, values))

    @guarded
    async def platform_ids(self, people: Sequence[Identity]) -> dict[Identity, str]:
        if not people:
            return {}
        rows = await self._session.execute(
            select(
                PlatformPersonRow.platform,
                PlatformPersonRow.tenant,
                PlatformPersonRow.user_id,
                PlatformPersonRow.platform_id,
            ).where(
                or_(
                    *(
                        and_(
                            PlatformPersonRow.platform == who.platform,
                            PlatformPersonRow.tenant == who.tenant,
                            PlatformPersonRow.user_id == who.user_id,
                        )
                        for who in set(people)
                    )
                )
            )
        )
        return {
            Identity(platform=platform, tenant=tenant, user_id=user_id): platform_id
            for platform, tenant, user_id, platform_id in rows
        }
