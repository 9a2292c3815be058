"""The reply outbox: replies a command committed with its effect, waiting to be delivered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from bot.model import Platform
from bot.outbox import ReplyStatus
from storage.tables_base import Base
from storage.types import EnumText


class ReplyOutboxRow(Base):
    """One reply to deliver. Delivered rows are deleted; rows given up on stay as failed."""

    __tablename__ = "reply_outbox"
    __table_args__ = (Index(None, "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    lane: Mapped[str]  # replies of one lane (a conversation) are delivered in id order
    address: Mapped[dict[str, Any]]
    reply: Mapped[dict[str, Any]]
    status: Mapped[ReplyStatus] = mapped_column(EnumText(ReplyStatus))
    not_before: Mapped[datetime]
    attempts: Mapped[int]
    lease_owner: Mapped[str]
    lease_until: Mapped[datetime | None]
    detail: Mapped[str]
    created_at: Mapped[datetime]
