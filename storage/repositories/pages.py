"""Links to the projects' read-only web pages: stored to be checked on every opening, revoked
for a whole project in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.model import Person
from bot.pages import PageLink
from storage.errors import guarded
from storage.repositories.people import person_or_none as person
from storage.repositories.sql import fresh, in_utc, rows_changed
from storage.tables import PersonRow
from storage.tables_pages import PageLinkRow

CREATOR, REVOKER = aliased(PersonRow), aliased(PersonRow)


class SqlPageLinkRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, link: PageLink) -> PageLink:
        statement = insert(PageLinkRow).values(
            project_id=link.project_id,
            link_id=link.link_id,
            created_by_id=link.created_by.id if link.created_by else None,
            created_at=link.created_at,
            expires_at=link.expires_at,
            revoked_by_id=link.revoked_by.id if link.revoked_by else None,
            revoked_at=link.revoked_at,
        )
        added = (await self._session.execute(statement.returning(PageLinkRow.id))).scalar_one()
        return in_utc(replace(link, id=added))

    @guarded
    async def get(self, link_id: str) -> PageLink | None:
        found = await self._select(PageLinkRow.link_id == link_id)
        return found[0] if found else None

    @guarded
    async def list(self, project_id: int) -> Sequence[PageLink]:
        return await self._select(PageLinkRow.project_id == project_id)

    @guarded
    async def revoke_all(self, project_id: int, *, by: Person, at: datetime) -> int:
        done = await self._session.execute(
            update(PageLinkRow)
            .where(PageLinkRow.project_id == project_id, PageLinkRow.revoked_at.is_(None))
            .values(revoked_at=at, revoked_by_id=by.id)
            .execution_options(synchronize_session=False)
        )
        return rows_changed(done)

    async def _select(self, *conditions: ColumnElement[bool]) -> Sequence[PageLink]:
        rows = await self._session.execute(
            fresh(
                select(PageLinkRow, CREATOR, REVOKER)
                .outerjoin(CREATOR, CREATOR.id == PageLinkRow.created_by_id)
                .outerjoin(REVOKER, REVOKER.id == PageLinkRow.revoked_by_id)
                .where(*conditions)
                .order_by(PageLinkRow.id)
            )
        )
        return [
            PageLink(
                id=row.id,
                project_id=row.project_id,
                link_id=row.link_id,
                created_by=person(creator),
                created_at=row.created_at,
                expires_at=row.expires_at,
                revoked_by=person(revoker),
                revoked_at=row.revoked_at,
            )
            for row, creator, revoker in rows
        ]
