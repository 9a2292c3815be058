"""Statement helpers shared by the repositories: dialect-neutral upserts, fresh reads, counters."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import CursorResult, Executable, Result, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import CounterRow

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

S = TypeVar("S", bound=Executable)
R = TypeVar("R", bound="DataclassInstance")


def insert_ignoring_duplicates(session: AsyncSession, entity: Any, *unique_columns: str) -> Any:
    """INSERT … ON CONFLICT (columns) DO NOTHING for the session's dialect.

    Unlike catching IntegrityError this never aborts the transaction (PostgreSQL would refuse
    every later statement), and a concurrent insert of the same key waits for the other
    transaction instead of failing.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(entity).on_conflict_do_nothing(index_elements=list(unique_columns))


def upsert(
    session: AsyncSession, entity: Any, unique_columns: tuple[str, ...], values: dict[str, Any]
) -> Any:
    """INSERT … ON CONFLICT (columns) DO UPDATE the other columns, for the session's dialect:
    one statement, latest wins, and concurrent writers of one key queue instead of failing."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(entity).values(**values)
    changed = {k: v for k, v in values.items() if k not in unique_columns}
    return insert.on_conflict_do_update(index_elements=list(unique_columns), set_=changed)


def fresh(statement: S) -> S:
    """Reload rows already in the session: the repositories write with UPDATE statements that
    bypass the identity map, so a second read in one unit of work must not return stale rows."""
    return statement.execution_options(populate_existing=True)


def rows_changed(result: Result[Any]) -> int:
    """The rows an INSERT, UPDATE or DELETE without RETURNING changed. The session returns a
    CursorResult for those, though its signature promises only a Result (which has no count)."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"a {type(result).__name__} has no row count")
    return result.rowcount


def utc_now() -> datetime:
    return datetime.now(UTC)


def in_utc(record: R) -> R:
    """`record` with its datetimes in UTC, as a read would return them."""
    changes = {
        field.name: value.astimezone(UTC)
        for field in fields(record)
        if isinstance(value := getattr(record, field.name), datetime)
    }
    return replace(record, **changes)


async def allocate_number(session: AsyncSession, project_id: int, kind: str) -> int:
    """The next human number (1, 2, …) of `kind` in the project, race-free and gap-free.

    The increment is an UPDATE in the caller's transaction: concurrent allocators queue on the
    counter row, and a rollback gives the number back.
    """
    bump = (
        update(CounterRow)
        .where(CounterRow.project_id == project_id, CounterRow.kind == kind)
        .values(next_number=CounterRow.next_number + 1)
        .returning(CounterRow.next_number)
        .execution_options(synchronize_session=False)
    )
    allocated = (await session.execute(bump)).scalar_one_or_none()
    if allocated is None:
        # The first of its kind in this project. If another unit of work creates the row at the
        # same moment, our insert waits for it and does nothing; the bump then queues behind it.
        create = insert_ignoring_duplicates(session, CounterRow, "project_id", "kind")
        await session.execute(create.values(project_id=project_id, kind=kind, next_number=1))
        allocated = (await session.execute(bump)).scalar_one()
    return allocated - 1


async def settle_row(
    session: AsyncSession,
    table: Any,
    row_id: int,
    *,
    expected: Any,
    state: Any,
    sent: bool,
    by_id: int,
    at: datetime,
    note: str = "",
) -> bool:
    """Move one row of a table with a sent and a decided step (a brief's version, a change
    request) from `expected` to `state` if it is still `expected`: one conditional UPDATE, so
    of two writers at once exactly one gets True. `sent` records who sent it and when, else
    who decided (or withdrew) it, when, and their note."""
    if sent:
        values: dict[str, Any] = {"sent_by_id": by_id, "sent_at": at}
    else:
        values = {"decided_by_id": by_id, "decided_at": at, "decision_note": note}
    done = await session.execute(
        update(table)
        .where(table.id == row_id, table.state == expected)
        .values(state=state, seq=table.seq + 1, **values)
        .returning(table.id)
        .execution_options(synchronize_session=False)
    )
    return done.scalar() is not None
