"""Operational figures read from the database for /metrics (the outbox by status, the bindings
the bot cannot post to; read at scrape time, so every instance reports the cluster) and for
`signoff nudges run-due` (what is still due)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.nudges.model import OutboxStatus
from storage.errors import unavailable_on_failure
from storage.tables import BindingRow
from storage.tables_nudges import NudgeOutboxRow


async def operational_counts(engine: AsyncEngine) -> tuple[dict[str, int], int]:
    """(outbox items by status, bindings with a problem); raises StorageUnavailable."""
    with unavailable_on_failure("reading operational counts"):
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(NudgeOutboxRow.status, func.count()).group_by(NudgeOutboxRow.status)
            )
            by_status = {str(status): count for status, count in rows.all()}
            unhealthy = await connection.scalar(
                select(func.count()).select_from(BindingRow).where(BindingRow.problem != "")
            )
    return by_status, unhealthy or 0


async def unfinished_nudges(
    engine: AsyncEngine, *, due_by: datetime
) -> tuple[int, datetime | None]:
    """(pending outbox items due by `due_by`, the earliest instant one of them may be tried);
    raises StorageUnavailable. Items postponed by a retry or a 429 count: they are not done."""
    with unavailable_on_failure("counting unfinished nudges"):
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    select(func.count(), func.min(NudgeOutboxRow.not_before)).where(
                        NudgeOutboxRow.status == OutboxStatus.PENDING,
                        NudgeOutboxRow.due_at <= due_by,
                    )
                )
            ).one()
    return int(row[0] or 0), row[1]
