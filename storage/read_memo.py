"""Reads a unit of work repeats, answered once.

One turn reads the same project and the same members several times: the access check, the use
case, and the card it renders each ask for them. Within a unit of work such a read is kept and
answered from memory until a statement of that unit of work writes one of the tables it was
read from, and forgotten when the transaction ends (another one may have changed the rows).

Rows changed by another transaction between two reads of one unit of work are not seen by the
second read: the repositories that use this memo only keep reads whose callers never wait for
another writer's change (conditional writes, which do, are never answered from memory).
A write is seen when it is a statement (`session.execute`); the tables kept here are only
written that way. A row added through the ORM's flush (`session.add`) would not forget a read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

T = TypeVar("T")

_MEMO = "signoff.read_memo"


async def read_once(
    session: AsyncSession,
    key: Hashable,
    tables: frozenset[str],
    read: Callable[[], Awaitable[T]],
) -> T:
    """`read()`'s answer, from memory when this unit of work made the same read (`key`) since
    it last wrote any of `tables`. Keep only immutable answers: every caller shares them."""
    memo: dict[Hashable, tuple[frozenset[str], Any]] = session.info.setdefault(_MEMO, {})
    if key in memo:
        value: T = memo[key][1]
        return value
    value = await read()
    memo[key] = (tables, value)
    return value


def remember(session: AsyncSession, key: Hashable, tables: frozenset[str], value: Any) -> None:
    """Keep `value` as the answer to `key`, read along with another read of this unit of work."""
    memo: dict[Hashable, tuple[frozenset[str], Any]] = session.info.setdefault(_MEMO, {})
    memo[key] = (tables, value)


@event.listens_for(Session, "do_orm_execute")
def _forget_what_a_write_changes(state: ORMExecuteState) -> None:
    memo = state.session.info.get(_MEMO)
    if not memo or not (state.is_insert or state.is_update or state.is_delete):
        return
    written = state.statement.table.name  # type: ignore[attr-defined]  # DML names its table
    for key in [key for key, (tables, _) in memo.items() if written in tables]:
        del memo[key]


@event.listens_for(Session, "after_transaction_end")
def _forget_everything(session: Session, transaction: Any) -> None:
    session.info.pop(_MEMO, None)
