"""People as the platforms identify them: one person per platform user, whatever was known first."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity, Person
from storage.errors import guarded
from storage.repositories.sql import fresh, insert_ignoring_duplicates
from storage.tables import PersonRow


def person_from_row(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        identity=Identity(platform=row.platform, tenant=row.tenant, user_id=row.user_id),
        display_name=row.display_name,
        timezone=row.timezone,
    )


def person_or_none(row: PersonRow | None) -> Person | None:
    """The person of an outer join's row, or None where the join found nobody."""
    return person_from_row(row) if row is not None else None


class SqlPersonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def ensure(
        self,
        identity: Identity,
        display_name: str = "",
        timezone: str = "",
        *,
        name_given: bool = False,
    ) -> Person:
        row = await self._find(identity)
        if row is None and identity.tenant:
            row = await self._adopt(identity)
        if row is None:
            insert = insert_ignoring_duplicates(
                self._session, PersonRow, "platform", "tenant", "user_id"
            ).values(
                platform=identity.platform,
                tenant=identity.tenant,
                user_id=identity.user_id,
                display_name=display_name,
                timezone=timezone,
                name_given=name_given and bool(display_name),
            )
            new_id = (await self._session.execute(insert.returning(PersonRow.id))).scalar()
            if new_id is not None:
                return Person(
                    id=new_id, identity=identity, display_name=display_name, timezone=timezone
                )
            # A concurrent unit of work created them first (and committed: the insert waited).
            row = (
                await self._session.scalars(fresh(select(PersonRow).where(*_is(identity))))
            ).one()
        changes: dict[str, object] = {}
        # An administrator's name stays; a platform's fills or refreshes any other.
        if display_name and (name_given or not row.name_given):
            if display_name != row.display_name:
                changes["display_name"] = display_name
            if name_given and not row.name_given:
                changes["name_given"] = True
        if timezone and timezone != row.timezone:
            changes["timezone"] = timezone
        if changes:
            await self._session.execute(
                update(PersonRow)
                .where(PersonRow.id == row.id)
                .values(**changes)
                .execution_options(synchronize_session=False)
            )
        return Person(
            id=row.id,
            identity=identity,
            display_name=str(changes.get("display_name", row.display_name)),
            timezone=timezone or row.timezone,
        )

    @guarded
    async def find(self, identity: Identity) -> Person | None:
        row = await self._find(identity)
        if row is None and identity.tenant:
            row = await self._find(replace(identity, tenant=""))
        return None if row is None else person_from_row(row)

    async def _find(self, identity: Identity) -> PersonRow | None:
        return await self._session.scalar(fresh(select(PersonRow).where(*_is(identity))))

    async def _adopt(self, identity: Identity) -> PersonRow | None:
        """Give someone stored without a tenant this identity's tenant. Conditional: of two
        first sightings at once, one moves the row; the other's update then matches nothing
        (on PostgreSQL it waits for the first to commit) and it finds the row by its insert."""
        moved = await self._session.execute(
            update(PersonRow)
            .where(*_is(replace(identity, tenant="")))
            .values(tenant=identity.tenant)
            .returning(PersonRow.id)
            .execution_options(synchronize_session=False)
        )
        if (person_id := moved.scalar()) is None:
            return None
        return await self._session.scalar(fresh(select(PersonRow).where(PersonRow.id == person_id)))


def _is(identity: Identity) -> tuple[ColumnElement[bool], ...]:
    return (
        PersonRow.platform == identity.platform,
        PersonRow.tenant == identity.tenant,
        PersonRow.user_id == identity.user_id,
    )
