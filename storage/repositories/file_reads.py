"""Files shared with a version, read after the submit for their SHA-256: a small queue with
leases, as the reply outbox has, so each file is read once even with several instances, and
read at all after a restart.

A read's result is written into the version's deliverables (its `sha256` and `size`, the
`source` cleared), with the version's row locked: two files of one version read at once must
not undo each other's write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import MilestoneVersion
from storage.errors import guarded
from storage.repositories.sql import fresh
from storage.tables import FileReadRow, MilestoneVersionRow


@dataclass(frozen=True, kw_only=True)
class FileToRead:
    id: int
    milestone_id: int
    version: int
    url: str
    source: str
    attempts: int


async def queue_reads(session: AsyncSession, version: MilestoneVersion, *, at: datetime) -> None:
    """Queue every file of a version just added that names where its bytes are."""
    rows = [
        {"milestone_id": version.milestone_id, "version": version.version, "url": d.url,
         "source": d.source, "attempts": 0, "not_before": at}
        for d in version.deliverables
        if d.source
    ]  # fmt: skip
    if rows:
        await session.execute(insert(FileReadRow), rows)


class SqlFileReads:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def due(self, now: datetime, *, limit: int) -> Sequence[FileToRead]:
        rows = await self._session.scalars(
            fresh(
                select(FileReadRow)
                .where(FileReadRow.not_before <= now)
                .order_by(FileReadRow.not_before, FileReadRow.id)
                .limit(limit)
            )
        )
        return [
            FileToRead(id=r.id, milestone_id=r.milestone_id, version=r.version, url=r.url,
                       source=r.source, attempts=r.attempts)
            for r in rows
        ]  # fmt: skip

    @guarded
    async def lease(self, read: FileToRead, *, now: datetime, until: datetime) -> bool:
        """Take the read until `until`; False if another instance holds it or it is done."""
        taken = await self._session.execute(
            update(FileReadRow)
            .where(FileReadRow.id == read.id, FileReadRow.not_before <= now)
            .values(not_before=until, attempts=FileReadRow.attempts + 1)
            .returning(FileReadRow.id)
            .execution_options(synchronize_session=False)
        )
        return taken.scalar() is not None

    @guarded
    async def put_off(self, read: FileToRead, *, until: datetime) -> None:
        """Try again at `until` (a transient failure)."""
        await self._session.execute(
            update(FileReadRow)
            .where(FileReadRow.id == read.id)
            .values(not_before=until)
            .execution_options(synchronize_session=False)
        )

    @guarded
    async def finish(self, read: FileToRead, *, sha256: str = "", size: int | None = None) -> None:
        """The read is over: the fingerprint and size into the version's deliverable (none when
        the file could not be read), its source cleared, the read removed."""
        row = await self._session.scalar(
            fresh(select(MilestoneVersionRow))
            .where(
                MilestoneVersionRow.milestone_id == read.milestone_id,
                MilestoneVersionRow.version == read.version,
            )
            .with_for_update()
        )
        if row is not None:
            items = [dict(item) for item in row.deliverables or ()]
            for item in items:
                if item.get("url") == read.url and item.get("source") == read.source:
                    item["source"] = ""
                    item["sha256"] = sha256
                    if size is not None:
                        item["size"] = size
            await self._session.execute(
                update(MilestoneVersionRow)
                .where(MilestoneVersionRow.id == row.id)
                .values(deliverables=items)
                .execution_options(synchronize_session=False)
            )
        await self._session.execute(delete(FileReadRow).where(FileReadRow.id == read.id))
