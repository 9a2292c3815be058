"""What the chat adapters keep (bot.platform_log.PlatformLog): where cards were posted, the
latest card of each key, conversation references, and people's platform-side ids."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.model import Platform
from storage.tables_base import Base
from storage.types import EnumText


class CardPostRow(Base):
    """Where a card was posted, so a decision can update every copy of it in place."""

    __tablename__ = "card_posts"
    __table_args__ = (UniqueConstraint("card_key", "platform", "tenant", "channel", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_key: Mapped[str] = mapped_column(index=True)
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    tenant: Mapped[str]
    channel: Mapped[str]
    message_id: Mapped[str]
    posted_at: Mapped[datetime]


class ConversationRefRow(Base):
    """A platform's handle for posting into a conversation unprompted (Teams' serialized
    ConversationReference), kept in the database so any instance can use it after a restart.
    (Cards and people's ids were kept here once, under "card:" and "user:" channels; migration
    0012 moved them to their own tables.)"""

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("platform", "tenant", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    tenant: Mapped[str]
    channel: Mapped[str]
    reference: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class PlatformCardRow(Base):
    """The latest card of a key, as the platform was last shown it (Teams answers a card's
    refresh with it, from any instance)."""

    __tablename__ = "platform_cards"

    card_key: Mapped[str] = mapped_column(primary_key=True)
    card: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class PlatformPersonRow(Base):
    """Another id a platform knows a person by (Teams rosters name people by 29:… ids, not by the
    AAD ids activities carry)."""

    __tablename__ = "platform_people"
    __table_args__ = (UniqueConstraint("platform", "tenant", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    tenant: Mapped[str]
    user_id: Mapped[str]
    platform_id: Mapped[str]
    updated_at: Mapped[datetime]
