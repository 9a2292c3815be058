"""The client's satisfaction surveys: occasions, answers, and where each project asks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.surveys import SurveyMode
from storage.tables_base import Base, project_fk
from storage.types import EnumText


class SurveyOccasionRow(Base):
    """A survey: a milestone signed off, or the project closed. `key` ("milestone:12",
    "close") makes each asked once per project, however many instances open it at once."""

    __tablename__ = "survey_occasions"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk())
    key: Mapped[str]
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="CASCADE")
    )
    opened_at: Mapped[datetime]


class SurveyAnswerRow(Base):
    """One person's answer to one occasion: one row each (the unique key), changed in place
    within a day of the first."""

    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("occasion_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occasion_id: Mapped[int] = mapped_column(ForeignKey("survey_occasions.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text)
    first_answered_at: Mapped[datetime]
    answered_at: Mapped[datetime]


class SurveySettingsRow(Base):
    """Where a project's surveys are asked; no row: in its channel."""

    __tablename__ = "survey_settings"

    project_id: Mapped[int] = mapped_column(project_fk(), primary_key=True)
    mode: Mapped[SurveyMode] = mapped_column(EnumText(SurveyMode))
