"""Claiming rows of an outbox under a lease: the one mechanism behind nudges and replies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.sql import fresh


async def claim_leased(
    session: AsyncSession,
    table: Any,
    *,
    ready: Sequence[Any],
    order: Sequence[Any],
    owner: str,
    now: datetime,
    lease: timedelta,
    limit: int,
) -> list[tuple[Any, str]]:
    """Lease up to `limit` rows of `table` that are `ready` and held by nobody (or by a lease
    that ran out) to `owner`, counting an attempt on each; returns (row, previous owner).

    `table` needs the columns id, lease_owner, lease_until and attempts.
    """
    candidates = (
        select(table.id, table.lease_owner)
        .where(*ready, or_(table.lease_until.is_(None), table.lease_until <= now))
        .order_by(*order)
        .limit(limit)
        # PostgreSQL: rows another instance is claiming are skipped, not waited for.
        # SQLite ignores the clause; its write lock (BEGIN IMMEDIATE) serializes claimers.
        .with_for_update(skip_locked=True)
    )
    previous = {row.id: row.lease_owner for row in await session.execute(candidates)}
    if not previous:
        return []
    claimed = await session.scalars(
        fresh(
            update(table)
            .where(table.id.in_(previous))
            .values(lease_owner=owner, lease_until=now + lease, attempts=table.attempts + 1)
            .returning(table)
        )
    )
    return [(row, previous[row.id]) for row in claimed]
