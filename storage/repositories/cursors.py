"""Where each person's last list stopped, per conversation: one upserted row per person+place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.record_ports import ListCursor
from storage.errors import guarded
from storage.repositories.sql import fresh
from storage.tables_records import ListCursorRow


class SqlListCursors:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def remember(
        self, person_id: int, place: str, cursor: ListCursor, *, at: datetime
    ) -> None:
        dialect = postgresql if self._session.get_bind().dialect.name == "postgresql" else sqlite
        values = {
            "project_id": cursor.project_id,
            "listing": dict(cursor.listing),
            "next_offset": cursor.offset,
            "updated_at": at,
        }
        statement = (
            dialect.insert(ListCursorRow)
            .values(person_id=person_id, place=place, **values)
            .on_conflict_do_update(index_elements=["person_id", "place"], set_=values)
        )
        await self._session.execute(statement)

    @guarded
    async def recall(self, person_id: int, place: str) -> ListCursor | None:
        row = await self._session.scalar(
            fresh(
                select(ListCursorRow).where(
                    ListCursorRow.person_id == person_id, ListCursorRow.place == place
                )
            )
        )
        if row is None:
            return None
        return ListCursor(project_id=row.project_id, listing=row.listing, offset=row.next_offset)
