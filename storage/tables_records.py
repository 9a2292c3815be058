"""Where each person's last list of feedback or issues stopped, per conversation, for `more`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables_base import Base, project_fk


class ListCursorRow(Base):
    """One row per person and place: a new list replaces the last one."""

    __tablename__ = "list_cursors"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    place: Mapped[str] = mapped_column(primary_key=True)  # "slack:T1:C1", or "project:7"
    project_id: Mapped[int] = mapped_column(project_fk(), index=True)
    listing: Mapped[dict[str, Any]]
    next_offset: Mapped[int]
    updated_at: Mapped[datetime]
