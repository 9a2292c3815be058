"""The audit trail: who did what to which record, when, from which platform."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import AuditEvent
from storage.errors import guarded
from storage.repositories.people import person_from_row
from storage.repositories.sql import fresh
from storage.tables import AuditEventRow, PersonRow


class SqlAuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, event: AuditEvent) -> None:
        await self._session.execute(
            insert(AuditEventRow).values(
                project_id=event.project_id,
                at=event.at,
                actor_id=event.actor.id if event.actor else None,
                platform=event.platform,
                action=event.action,
                subject=event.subject,
                detail=event.detail,
            )
        )

    @guarded
    async def list(self, project_id: int) -> Sequence[AuditEvent]:
        rows = await self._session.execute(
            fresh(
                select(AuditEventRow, PersonRow)
                .outerjoin(PersonRow, PersonRow.id == AuditEventRow.actor_id)
                .where(AuditEventRow.project_id == project_id)
                .order_by(AuditEventRow.at, AuditEventRow.id)
            )
        )
        return [
            AuditEvent(
                id=row.id,
                project_id=row.project_id,
                at=row.at,
                actor=None if actor is None else person_from_row(actor),
                platform=row.platform,
                action=row.action,
                subject=row.subject,
                detail=row.detail,
            )
            for row, actor in rows
        ]

    @guarded
    async def last_by_others(self, project_id: int, studio: Sequence[int]) -> datetime | None:
        found = await self._session.execute(
            select(func.max(AuditEventRow.at)).where(
                AuditEventRow.project_id == project_id,
                AuditEventRow.actor_id.is_not(None),
                AuditEventRow.actor_id.not_in(list(studio)),
            )
        )
        # max() keeps the column's type: an aware instant in UTC on either database.
        return found.scalar()
