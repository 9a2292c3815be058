"""The project's scope: the versions of its brief, and its change requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.brief import BriefState
from bot.change_requests import ChangeState
from storage.tables_base import Base, project_fk
from storage.types import EnumText


class BriefRow(Base):
    """One version of a project's brief: a draft, or exactly what was sent to the client."""

    __tablename__ = "briefs"
    __table_args__ = (UniqueConstraint("project_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    version: Mapped[int]
    state: Mapped[BriefState] = mapped_column(EnumText(BriefState))
    goal: Mapped[str] = mapped_column(Text)
    # [{name, due (ISO date or null), criteria: [..]}], in the brief's order.
    deliverables: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    out_of_scope: Mapped[list[str]] = mapped_column(JSON)
    rounds: Mapped[int | None]
    # Exactly, in the currency's minor units (cents): never a float.
    budget_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None]
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    drafted_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    sent_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class ChangeRequestRow(Base):
    """CR-n: work beyond the brief, with its price (exact, in minor units) and its decision."""

    __tablename__ = "change_requests"
    __table_args__ = (UniqueConstraint("project_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    number: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    price_minor: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None]
    days: Mapped[int]
    milestone: Mapped[int | None]  # the number (M-n) of the milestone it touches
    round: Mapped[int | None]
    state: Mapped[ChangeState] = mapped_column(EnumText(ChangeState))
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    raised_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    sent_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer, default=0)
