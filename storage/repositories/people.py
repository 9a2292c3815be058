"""People as the platforms identify them, and the roles they hold on projects."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Identity, Member, Person, Role
from storage.errors import guarded
from storage.repositories.sql import fresh, insert_ignoring_duplicates
from storage.tables import MemberRow, PersonRow

_ROLE_ORDER = {role: position for position, role in enumerate(Role)}


def person_from_row(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        identity=Identity(platform=row.platform, tenant=row.tenant, user_id=row.user_id),
        display_name=row.display_name,
        timezone=row.timezone,
    )


class SqlPersonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def ensure(
        self, identity: Identity, display_name: str = "", timezone: str = ""
    ) -> Person:
        row = await self._find(identity)
        if row is None:
            insert = insert_ignoring_duplicates(
                self._session, PersonRow, "platform", "tenant", "user_id"
            ).values(
                platform=identity.platform,
                tenant=identity.tenant,
                user_id=identity.user_id,
                display_name=display_name,
                timezone=timezone,
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
        # What the platform says now wins; what it did not say keeps what is stored.
        changes = {
            column: value
            for column, value in (("display_name", display_name), ("timezone", timezone))
            if value and value != getattr(row, column)
        }
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
            display_name=display_name or row.display_name,
            timezone=timezone or row.timezone,
        )

    @guarded
    async def find(self, identity: Identity) -> Person | None:
        row = await self._find(identity)
        return None if row is None else person_from_row(row)

    async def _find(self, identity: Identity) -> PersonRow | None:
        return await self._session.scalar(fresh(select(PersonRow).where(*_is(identity))))


class SqlMemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, project_id: int, person_id: int, role: Role) -> bool:
        insert = insert_ignoring_duplicates(
            self._session, MemberRow, "project_id", "person_id", "role"
        ).values(project_id=project_id, person_id=person_id, role=role)
        return (await self._session.execute(insert.returning(MemberRow.id))).scalar() is not None

    @guarded
    async def roles(self, project_id: int, person_id: int) -> frozenset[Role]:
        roles = await self._session.scalars(
            select(MemberRow.role).where(
                MemberRow.project_id == project_id, MemberRow.person_id == person_id
            )
        )
        return frozenset(roles)

    @guarded
    async def list(self, project_id: int) -> Sequence[Member]:
        rows = await self._session.execute(
            fresh(
                select(MemberRow.role, PersonRow)
                .join(PersonRow, PersonRow.id == MemberRow.person_id)
                .where(MemberRow.project_id == project_id)
            )
        )
        members = [
            Member(project_id=project_id, person=person_from_row(person), role=role)
            for role, person in rows
        ]
        # Roles in their declared order (PM first), not alphabetically; names without case.
        members.sort(
            key=lambda m: (_ROLE_ORDER[m.role], m.person.display_name.casefold(), m.person.id)
        )
        return members


def _is(identity: Identity) -> tuple[ColumnElement[bool], ...]:
    return (
        PersonRow.platform == identity.platform,
        PersonRow.tenant == identity.tenant,
        PersonRow.user_id == identity.user_id,
    )
