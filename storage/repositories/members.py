"""The roles people hold on projects; a role that ends keeps its record."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.model import Member, Role
from storage.errors import guarded
from storage.read_memo import read_once, remember
from storage.repositories.people import person_from_row
from storage.repositories.sql import fresh, insert_ignoring_duplicates, rows_changed
from storage.tables import MemberRow, PersonRow

_ROLE_ORDER = {role: position for position, role in enumerate(Role)}
# What a kept list of members was read from (each names its person, and who added them).
_MEMBER_TABLES = frozenset({MemberRow.__tablename__, PersonRow.__tablename__})


class SqlMemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(
        self,
        project_id: int,
        person_id: int,
        role: Role,
        *,
        by: int | None = None,
        at: datetime | None = None,
    ) -> bool:
        insert = insert_ignoring_duplicates(
            self._session, MemberRow, "project_id", "person_id", "role"
        ).values(project_id=project_id, person_id=person_id, role=role, added_by=by, added_at=at)
        if (await self._session.execute(insert.returning(MemberRow.id))).scalar() is not None:
            return True
        # The row exists: a role removed earlier is given back (the audit keeps the removal).
        again = await self._session.execute(
            update(MemberRow)
            .where(*_held_by(project_id, person_id, role), MemberRow.removed_at.is_not(None))
            .values(added_by=by, added_at=at, removed_by=None, removed_at=None)
            .execution_options(synchronize_session=False)
        )
        return rows_changed(again) > 0

    @guarded
    async def remove(
        self, project_id: int, person_id: int, role: Role, *, by: int | None, at: datetime
    ) -> bool:
        ended = await self._session.execute(
            update(MemberRow)
            .where(*_held_by(project_id, person_id, role), MemberRow.removed_at.is_(None))
            .values(removed_by=by, removed_at=at)
            .execution_options(synchronize_session=False)
        )
        return rows_changed(ended) > 0

    @guarded
    async def roles(self, project_id: int, person_id: int) -> frozenset[Role]:
        # From the members' list: the turn that checks a role goes on to read the list (to
        # name who decides, who is called on), and one read serves both.
        return frozenset(m.role for m in await self.list(project_id) if m.person.id == person_id)

    @guarded
    async def list(self, project_id: int, *, removed: bool = False) -> Sequence[Member]:
        if removed:
            return await self._read(project_id, removed=True)
        key = ("members", project_id)
        current = await read_once(self._session, key, _MEMBER_TABLES,
                                  lambda: self._read(project_id, removed=False))  # fmt: skip
        return list(current)

    async def _read(self, project_id: int, *, removed: bool) -> tuple[Member, ...]:
        query = _with_people(select(*MEMBER_COLUMNS).where(MemberRow.project_id == project_id))
        if not removed:
            query = query.where(MemberRow.removed_at.is_(None))
        return members_from_rows(project_id, await self._session.execute(fresh(query)))


# Who holds a role, as a read selects them: the role, its person, who added and who removed it.
_ADDER, _REMOVER = aliased(PersonRow), aliased(PersonRow)
MEMBER_COLUMNS = (MemberRow, PersonRow, _ADDER, _REMOVER)


def with_members(
    query: Select[*tuple[Any, ...]], on: ColumnElement[bool]
) -> Select[*tuple[Any, ...]]:
    """`query` with the `MEMBER_COLUMNS` of the roles `on` finds added to each of its rows
    (outer joined: a row with none still comes, its member columns None)."""
    return _with_people(query.add_columns(*MEMBER_COLUMNS).outerjoin(MemberRow, on))


def _with_people(query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    return (
        query.outerjoin(PersonRow, PersonRow.id == MemberRow.person_id)
        .outerjoin(_ADDER, _ADDER.id == MemberRow.added_by)
        .outerjoin(_REMOVER, _REMOVER.id == MemberRow.removed_by)
    )


def members_from_rows(project_id: int, rows: Iterable[Sequence[Any]]) -> tuple[Member, ...]:
    """The members in `MEMBER_COLUMNS` rows (those without one skipped), in the list's order:
    roles as declared (PM first), then names without case."""
    members = [
        Member(
            project_id=project_id,
            person=person_from_row(person),
            role=row.role,
            added_by=None if added_by is None else person_from_row(added_by),
            added_at=row.added_at,
            removed_by=None if removed_by is None else person_from_row(removed_by),
            removed_at=row.removed_at,
        )
        for row, person, added_by, removed_by in rows
        if row is not None
    ]
    members.sort(key=lambda m: (_ROLE_ORDER[m.role], m.person.display_name.casefold(), m.person.id))
    return tuple(members)


def remember_members(session: AsyncSession, project_id: int, members: tuple[Member, ...]) -> None:
    """Keep a project's current members, read with something else, for `list` in this unit of
    work (until it writes them)."""
    remember(session, ("members", project_id), _MEMBER_TABLES, members)


def _held_by(project_id: int, person_id: int, role: Role) -> tuple:
    return (
        MemberRow.project_id == project_id,
        MemberRow.person_id == person_id,
        MemberRow.role == role,
    )
