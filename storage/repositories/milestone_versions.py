"""Each submitted version of a milestone: its criteria as submitted, its submitter, withdrawals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.errors import Conflict
from bot.model import Deliverable, DeliverableKind, FeedbackStatus, MilestoneVersion, Person
from storage.errors import guarded
from storage.repositories.file_reads import queue_reads
from storage.repositories.people import person_from_row
from storage.repositories.sql import fresh, in_utc, insert_ignoring_duplicates, utc_now
from storage.tables import FeedbackRow, MilestoneVersionRow, PersonRow

SUBMITTER = aliased(PersonRow)
WITHDRAWER = aliased(PersonRow)
FEEDBACK_ON_IT = (
    select(func.count())
    .select_from(FeedbackRow)
    .where(
        FeedbackRow.milestone_id == MilestoneVersionRow.milestone_id,
        FeedbackRow.version == MilestoneVersionRow.version,
        FeedbackRow.status != FeedbackStatus.WITHDRAWN,
    )
    .correlate(MilestoneVersionRow)
    .scalar_subquery()
)
# What a read of a version selects: the row, who submitted it, who withdrew it, and how much
# feedback it has drawn (in the same statement: a card click reads no more than before).
VERSION_COLUMNS = (MilestoneVersionRow, SUBMITTER, WITHDRAWER, FEEDBACK_ON_IT)


def version_from_row(
    row: MilestoneVersionRow,
    submitter: PersonRow | None,
    withdrawer: PersonRow | None,
    feedback: int | None = 0,
) -> MilestoneVersion:
    return MilestoneVersion(
        milestone_id=row.milestone_id,
        version=row.version,
        criteria=tuple(row.criteria),
        note=row.note,
        submitted_by=person_from_row(submitter) if submitter else None,
        submitted_at=row.submitted_at,
        state_before=row.state_before,
        deliverables=tuple(deliverable_of(item) for item in row.deliverables or ()),
        withdrawn_by=person_from_row(withdrawer) if withdrawer else None,
        withdrawn_at=row.withdrawn_at,
        feedback=feedback or 0,
        brief_pending=row.brief_pending,
    )


def stored(deliverable: Deliverable) -> dict[str, Any]:
    """A deliverable as the version's JSON column keeps it."""
    return {
        "name": deliverable.name,
        "url": deliverable.url,
        "kind": deliverable.kind.value,
        "size": deliverable.size,
        "sha256": deliverable.sha256,
        "source": deliverable.source,
    }


def deliverable_of(item: dict[str, Any]) -> Deliverable:
    return Deliverable(
        name=item["name"],
        url=item["url"],
        kind=DeliverableKind(item["kind"]),
        size=item.get("size"),
        sha256=item.get("sha256") or "",
        source=item.get("source") or "",
    )


class SqlMilestoneVersionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, version: MilestoneVersion) -> MilestoneVersion:
        statement = insert_ignoring_duplicates(
            self._session, MilestoneVersionRow, "milestone_id", "version"
        ).values(
            milestone_id=version.milestone_id,
            version=version.version,
            criteria=list(version.criteria),
            note=version.note,
            submitted_by_id=version.submitted_by.id if version.submitted_by else None,
            submitted_at=version.submitted_at,
            state_before=version.state_before,
            deliverables=[stored(d) for d in version.deliverables],
            withdrawn_by_id=version.withdrawn_by.id if version.withdrawn_by else None,
            withdrawn_at=version.withdrawn_at,
            brief_pending=version.brief_pending,
        )
        added = (await self._session.execute(statement.returning(MilestoneVersionRow.id))).scalar()
        if added is None:
            raise Conflict("That version was submitted a moment ago; please look again.")
        # Each shared file is read for its fingerprint after the commit (storage/file_reads.py).
        await queue_reads(self._session, version, at=version.submitted_at or utc_now())
        return in_utc(replace(version))

    @guarded
    async def get(self, milestone_id: int, version: int) -> MilestoneVersion | None:
        found = await self._select(
            MilestoneVersionRow.milestone_id == milestone_id,
            MilestoneVersionRow.version == version,
        )
        return found[0] if found else None

    @guarded
    async def list(self, milestone_id: int) -> Sequence[MilestoneVersion]:
        return await self._select(MilestoneVersionRow.milestone_id == milestone_id)

    @guarded
    async def withdraw(self, milestone_id: int, version: int, *, by: Person, at: datetime) -> bool:
        done = await self._session.execute(
            update(MilestoneVersionRow)
            .where(
                MilestoneVersionRow.milestone_id == milestone_id,
                MilestoneVersionRow.version == version,
                MilestoneVersionRow.withdrawn_at.is_(None),
            )
            .values(withdrawn_by_id=by.id, withdrawn_at=at)
            .returning(MilestoneVersionRow.id)
            .execution_options(synchronize_session=False)
        )
        return done.scalar() is not None

    async def _select(self, *conditions: ColumnElement[bool]) -> Sequence[MilestoneVersion]:
        rows = await self._session.execute(
            fresh(
                select(*VERSION_COLUMNS)
                .outerjoin(SUBMITTER, SUBMITTER.id == MilestoneVersionRow.submitted_by_id)
                .outerjoin(WITHDRAWER, WITHDRAWER.id == MilestoneVersionRow.withdrawn_by_id)
                .where(*conditions)
                .order_by(MilestoneVersionRow.version)
            )
        )
        return [version_from_row(*columns) for columns in rows]
