"""Projects and the conversations bound to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict
from bot.model import SIGNOFF_TERMS, Conversation, DateOrder, Project
from storage.errors import guarded
from storage.read_memo import read_once
from storage.repositories.members import members_from_rows, remember_members, with_members
from storage.repositories.sql import (
    fresh,
    in_utc,
    insert_ignoring_duplicates,
    rows_changed,
    utc_now,
)
from storage.tables import BindingRow, MemberRow, ProjectRow

# What a kept project was read from: a write to one makes the next read go to the database.
_TABLES = frozenset({ProjectRow.__tablename__})
_BOUND_TABLES = frozenset({ProjectRow.__tablename__, BindingRow.__tablename__})


def project_from_row(row: ProjectRow) -> Project:
    return Project(
        id=row.id,
        key=row.key,
        name=row.name,
        client=row.client,
        timezone=row.timezone,
        locale=row.locale,
        revision_rounds=row.revision_rounds,
        status=row.status,
        pm_rule=row.pm_rule,
        client_rule=row.client_rule,
        created_at=row.created_at,
        date_order=row.date_order,
        studio_stage=row.studio_stage,
        self_approval=row.self_approval,
    )


class SqlProjectRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, project: Project) -> Project:
        created_at = project.created_at or utc_now()
        insert = insert_ignoring_duplicates(self._session, ProjectRow, "key").values(
            key=project.key,
            name=project.name,
            client=project.client,
            timezone=project.timezone,
            locale=project.locale,
            revision_rounds=project.revision_rounds,
            status=project.status,
            pm_rule=project.pm_rule,
            client_rule=project.client_rule,
            created_at=created_at,
            date_order=project.date_order,
            studio_stage=project.studio_stage,
            self_approval=project.self_approval,
        )
        new_id = (await self._session.execute(insert.returning(ProjectRow.id))).scalar()
        if new_id is None:
            raise Conflict("A project with key {key} already exists.", key=project.key)
        return in_utc(replace(project, id=new_id, created_at=created_at))

    @guarded
    async def get(self, project_id: int) -> Project | None:
        return await self._one(("project", project_id), ProjectRow.id == project_id)

    @guarded
    async def get_by_key(self, key: str) -> Project | None:
        return await self._one(("project key", key), ProjectRow.key == key)

    @guarded
    async def for_conversation(self, conversation: Conversation) -> Project | None:
        # Read with its current members: every turn in a bound conversation goes on to ask
        # for them (the caller's roles), and one statement serves both.
        bound = ProjectRow.id.in_(select(BindingRow.project_id).where(*_is(conversation)))

        async def read() -> Project | None:
            current = and_(MemberRow.project_id == ProjectRow.id, MemberRow.removed_at.is_(None))
            rows = (
                await self._session.execute(
                    fresh(with_members(select(ProjectRow), current).where(bound))
                )
            ).all()
            if not rows:
                return None
            project = project_from_row(rows[0][0])
            remember_members(
                self._session, project.id, members_from_rows(project.id, (row[1:] for row in rows))
            )
            return project

        kept = await read_once(
            self._session, ("project bound to", conversation), _BOUND_TABLES, read
        )
        return None if kept is None else replace(kept)  # callers change a Project in place

    async def _one(
        self, key: tuple[str, object], where: ColumnElement[bool], tables: frozenset[str] = _TABLES
    ) -> Project | None:
        """The project `where` finds; read once per unit of work until `tables` are written."""

        async def read() -> Project | None:
            row = await self._session.scalar(fresh(select(ProjectRow).where(where)))
            return None if row is None else project_from_row(row)

        kept = await read_once(self._session, key, tables, read)
        return None if kept is None else replace(kept)  # callers change a Project in place

    @guarded
    async def find_bound(self, conversation: Conversation) -> Project | None:
        if (project := await self.for_conversation(conversation)) is not None:
            return project
        if not conversation.tenant:
            return None
        # Bound from the admin CLI without a tenant: this conversation's tenant is its own from
        # now on (scheduled posts find the conversation reference stored under that tenant).
        # Conditional, so of two first messages at once only one moves the binding; the other
        # (on PostgreSQL after waiting for it) finds it moved.
        await self._session.execute(
            update(BindingRow)
            .where(*_is(replace(conversation, tenant="")))
            .values(tenant=conversation.tenant)
            .execution_options(synchronize_session=False)
        )
        return await self.for_conversation(conversation)

    @guarded
    async def save(self, project: Project) -> None:
        await self._session.execute(
            update(ProjectRow)
            .where(ProjectRow.id == project.id)
            .values(name=project.name, client=project.client, status=project.status)
            .execution_options(synchronize_session=False)
        )

    @guarded
    async def unbind(self, conversation: Conversation) -> bool:
        gone = await self._session.execute(
            delete(BindingRow)
            .where(*_is(conversation))
            .execution_options(synchronize_session=False)
        )
        return rows_changed(gone) > 0

    @guarded
    async def bind(self, project_id: int, conversation: Conversation) -> None:
        # Slack channel ids and Teams conversation ids are unique on their platform, whichever
        # workspace or tenant a request names: a channel already bound to another project under
        # another tenant is refused, so nobody can redirect a project's posts into it.
        elsewhere = await self._session.execute(
            select(ProjectRow.key)
            .join(BindingRow, BindingRow.project_id == ProjectRow.id)
            .where(
                BindingRow.platform == conversation.platform,
                BindingRow.channel == conversation.channel,
                BindingRow.tenant != conversation.tenant,
                BindingRow.project_id != project_id,
            )
            .limit(1)
        )
        if (other := elsewhere.scalar()) is not None:
            raise Conflict("This conversation is already bound to {other}.", other=other)
        insert = insert_ignoring_duplicates(
            self._session, BindingRow, "platform", "tenant", "channel"
        )
        await self._session.execute(
            insert.values(
                platform=conversation.platform,
                tenant=conversation.tenant,
                channel=conversation.channel,
                project_id=project_id,
            )
        )
        # Whether we just inserted it or it was there already, the stored binding decides.
        bound = await self._session.execute(
            select(ProjectRow.id, ProjectRow.key)
            .join(BindingRow, BindingRow.project_id == ProjectRow.id)
            .where(*_is(conversation))
        )
        bound_id, bound_key = bound.one()
        if bound_id != project_id:
            raise Conflict("This conversation is already bound to {other}.", other=bound_key)

    @guarded
    async def set_date_order(self, project_id: int, order: DateOrder | None) -> None:
        await self._session.execute(
            update(ProjectRow)
            .where(ProjectRow.id == project_id)
            .values(date_order=order)
            .execution_options(synchronize_session=False)
        )

    @guarded
    async def set_terms(self, project: Project) -> None:
        await self._session.execute(
            update(ProjectRow)
            .where(ProjectRow.id == project.id)
            .values({name: getattr(project, name) for name in SIGNOFF_TERMS})
            .execution_options(synchronize_session=False)
        )

    @guarded
    async def bindings(self, project_id: int) -> Sequence[Conversation]:
        rows = await self._session.scalars(
            fresh(
                select(BindingRow)
                .where(BindingRow.project_id == project_id)
                .order_by(BindingRow.platform, BindingRow.tenant, BindingRow.channel)
            )
        )
        return [
            Conversation(platform=row.platform, tenant=row.tenant, channel=row.channel)
            for row in rows
        ]

    @guarded
    async def mark_binding(self, conversation: Conversation, *, problem: str, at: datetime) -> None:
        await self._session.execute(
            update(BindingRow)
            .where(*_is(conversation))
            .values(problem=problem, problem_at=at if problem else None)
            .execution_options(synchronize_session=False)
        )

    @guarded
    async def binding_problems(self, project_id: int) -> dict[Conversation, str]:
        rows = await self._session.scalars(
            fresh(
                select(BindingRow).where(
                    BindingRow.project_id == project_id, BindingRow.problem != ""
                )
            )
        )
        return {
            Conversation(platform=r.platform, tenant=r.tenant, channel=r.channel): r.problem
            for r in rows
        }

    @guarded
    async def of_person(self, person_id: int) -> Sequence[Project]:
        roles_held = select(MemberRow.project_id).where(
            MemberRow.person_id == person_id, MemberRow.removed_at.is_(None)
        )
        rows = await self._session.scalars(
            fresh(select(ProjectRow).where(ProjectRow.id.in_(roles_held)).order_by(ProjectRow.key))
        )
        return [project_from_row(row) for row in rows]

    @guarded
    async def count(self) -> int:
        return await self._session.scalar(select(func.count()).select_from(ProjectRow)) or 0


def _is(conversation: Conversation) -> tuple[ColumnElement[bool], ...]:
    return (
        BindingRow.platform == conversation.platform,
        BindingRow.tenant == conversation.tenant,
        BindingRow.channel == conversation.channel,
    )
