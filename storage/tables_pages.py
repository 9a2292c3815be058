"""Links to the projects' read-only web pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables_base import Base, project_fk


class PageLinkRow(Base):
    """One link a PM was given. `link_id` is random and signed into the token; a link opens its
    page only while its row exists, `revoked_at` is NULL and `expires_at` is ahead."""

    __tablename__ = "page_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(project_fk(), index=True)
    link_id: Mapped[str] = mapped_column(unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    revoked_at: Mapped[datetime | None]
