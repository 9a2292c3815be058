"""The scheduler's tables: each project's nudge settings, the outbox of occurrences claimed under
leases, the log of deliveries, and the turns that elect one planner per slot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.model import Platform
from bot.nudges.model import NudgeKind, OutboxStatus
from storage.tables_base import Base, project_fk
from storage.types import EnumText


class NudgeSettingsRow(Base):
    """A project's own nudge settings (pause, nudges turned off, holiday calendar)."""

    __tablename__ = "nudge_settings"

    project_id: Mapped[int] = mapped_column(project_fk(), primary_key=True)
    paused: Mapped[bool]
    paused_until: Mapped[datetime | None]
    disabled: Mapped[list[str]] = mapped_column(JSON)
    country: Mapped[str]
    holidays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates
    # [[kind, "HH:MM", weekday or null], ...]: the project's own times for its nudges
    times: Mapped[list[Any]] = mapped_column(JSON, server_default="[]")
    # {"platform", "tenant", "channel"} of the studio's escalation channel; null: PMs directly
    escalate_to: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class NudgeOutboxRow(Base):
    """One occurrence of a nudge: unique by its deterministic key, claimed under a lease."""

    __tablename__ = "nudge_outbox"
    __table_args__ = (Index(None, "status", "not_before"), Index(None, "project_id", "due_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)
    series: Mapped[str] = mapped_column(index=True)  # the key without its due instant
    kind: Mapped[NudgeKind] = mapped_column(EnumText(NudgeKind))
    project_id: Mapped[int] = mapped_column(project_fk())
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    tenant: Mapped[str]
    channel: Mapped[str]
    subject: Mapped[dict[str, Any]]
    due_at: Mapped[datetime]
    status: Mapped[OutboxStatus] = mapped_column(EnumText(OutboxStatus))
    not_before: Mapped[datetime]
    attempts: Mapped[int]
    lease_owner: Mapped[str]
    lease_until: Mapped[datetime | None]
    message_id: Mapped[str]
    detail: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class NudgeDeliveryRow(Base):
    """The deliveries log: every attempt and fate of an occurrence (sent, retry, failed, …)."""

    __tablename__ = "nudge_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(index=True)
    kind: Mapped[NudgeKind] = mapped_column(EnumText(NudgeKind))
    platform: Mapped[Platform] = mapped_column(EnumText(Platform))
    tenant: Mapped[str]
    channel: Mapped[str]
    at: Mapped[datetime]
    outcome: Mapped[str]
    message_id: Mapped[str]
    detail: Mapped[str] = mapped_column(Text)
    instance: Mapped[str]


class NudgeTurnRow(Base):
    """Whose turn it is to plan nudges for a time slot: the first instance to insert the slot."""

    __tablename__ = "nudge_turns"

    slot: Mapped[str] = mapped_column(primary_key=True)
    owner: Mapped[str]
    taken_at: Mapped[datetime] = mapped_column(index=True)
