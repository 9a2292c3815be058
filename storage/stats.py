"""Operational figures read from the database for /metrics: the outbox by status and the
bindings the bot cannot post to. Read at scrape time, so every instance reports the cluster."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

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
