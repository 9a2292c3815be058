"""The project's risk register."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from bot.risks import Level, RiskState
from storage.tables_base import Base, project_fk
from storage.types import EnumText


class RiskRow(Base):
    """RK-n. `key` names what raised a risk by itself ("overdue:M-2"): one risk per key and
    project, however many instances look at once (NULL, a person's risk, repeats freely)."""

    __tablename__ = "risks"
    __table_args__ = (
        UniqueConstraint("project_id", "number"),
        UniqueConstraint("project_id", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    number: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[Level] = mapped_column(EnumText(Level))
    impact: Mapped[Level] = mapped_column(EnumText(Level))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    mitigation: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(server_default=false())
    state: Mapped[RiskState] = mapped_column(EnumText(RiskState))
    key: Mapped[str | None]
    evidence: Mapped[str] = mapped_column(Text)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    raised_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    closed_at: Mapped[datetime | None]
    close_note: Mapped[str] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class ProjectRiskThresholdRow(Base):
    """A project's own thresholds for the risks Signoff raises by itself; NULL: the studio's."""

    __tablename__ = "project_risk_thresholds"

    project_id: Mapped[int] = mapped_column(project_fk(), primary_key=True)
    overdue_days: Mapped[int | None]
    rounds_left: Mapped[int | None]
    silence_days: Mapped[int | None]
