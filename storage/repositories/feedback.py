"""Feedback logged by clients: FB-n per project, resolved and reopened under a status check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.errors import NotFound
from bot.history import from_data, to_data
from bot.model import Feedback, FeedbackStatus
from bot.rules import OPEN_FEEDBACK
from storage.errors import guarded
from storage.repositories.people import person_from_row
from storage.repositories.sql import allocate_number, fresh, in_utc, utc_now
from storage.tables import FeedbackRow, MilestoneRow, PersonRow

OPEN_STATUSES = tuple(OPEN_FEEDBACK)  # not resolved or withdrawn

_Author = aliased(PersonRow, name="author")
_Resolver = aliased(PersonRow, name="resolver")
# The row with its author, resolver and milestone number, for turning into a Feedback.
_FULL = (
    select(FeedbackRow, _Author, _Resolver, MilestoneRow.number)
    .join(_Author, _Author.id == FeedbackRow.author_id)
    .outerjoin(_Resolver, _Resolver.id == FeedbackRow.resolved_by_id)
    .outerjoin(MilestoneRow, MilestoneRow.id == FeedbackRow.milestone_id)
)


def _changeable(feedback: Feedback) -> dict[str, Any]:
    return {
        "text": feedback.text,
        "milestone_id": feedback.milestone_id,
        "version": feedback.version,
        "status": feedback.status,
        "source_link": feedback.source_link,
        "resolution_note": feedback.resolution_note,
        "resolved_by_id": feedback.resolved_by.id if feedback.resolved_by else None,
        "resolved_at": feedback.resolved_at,
        "updated_at": feedback.updated_at or utc_now(),
        "history": [to_data(step) for step in feedback.history],
    }


def _from_row(
    row: FeedbackRow, author: PersonRow, resolver: PersonRow | None, milestone_number: int | None
) -> Feedback:
    return Feedback(
        id=row.id,
        project_id=row.project_id,
        number=row.number,
        text=row.text,
        author=person_from_row(author),
        milestone_id=row.milestone_id,
        milestone_number=milestone_number,
        version=row.version,
        status=row.status,
        source_link=row.source_link,
        resolution_note=row.resolution_note,
        resolved_by=None if resolver is None else person_from_row(resolver),
        resolved_at=row.resolved_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        history=tuple(from_data(step) for step in row.history or ()),
    )


class SqlFeedbackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, feedback: Feedback) -> Feedback:
        milestone_id, milestone_number = await self._milestone(feedback)
        number = await allocate_number(self._session, feedback.project_id, "feedback")
        created_at = feedback.created_at or utc_now()
        values = _changeable(replace(feedback, milestone_id=milestone_id))
        values["updated_at"] = feedback.updated_at or created_at
        statement = insert(FeedbackRow).values(
            project_id=feedback.project_id,
            number=number,
            author_id=feedback.author.id,
            created_at=created_at,
            **values,
        )
        new_id = (await self._session.execute(statement.returning(FeedbackRow.id))).scalar_one()
        added = replace(
            feedback,
            id=new_id,
            number=number,
            milestone_id=milestone_id,
            milestone_number=milestone_number,
            created_at=created_at,
            updated_at=values["updated_at"],
        )
        return in_utc(added)

    async def _milestone(self, feedback: Feedback) -> tuple[int | None, int | None]:
        """The milestone's id and number, from whichever of the two the caller gave.

        Looked up within the feedback's project, so an id from another project is refused.
        """
        if feedback.milestone_id is None and feedback.milestone_number is None:
            return None, None
        query = select(MilestoneRow.id, MilestoneRow.number).where(
            MilestoneRow.project_id == feedback.project_id
        )
        if feedback.milestone_id is not None:
            query = query.where(MilestoneRow.id == feedback.milestone_id)
        else:
            query = query.where(MilestoneRow.number == feedback.milestone_number)
        found = (await self._session.execute(query)).one_or_none()
        if found is None:
            raise NotFound(
                "There is no milestone M-{number} in this project.",
                number=feedback.milestone_number or "?",
            )
        return found.id, found.number

    @guarded
    async def get(self, project_id: int, number: int) -> Feedback | None:
        found = await self._select(
            FeedbackRow.project_id == project_id, FeedbackRow.number == number
        )
        return found[0] if found else None

    @guarded
    async def update(self, feedback: Feedback, *, expected_status: FeedbackStatus) -> bool:
        updated = await self._session.execute(
            update(FeedbackRow)
            .where(FeedbackRow.id == feedback.id, FeedbackRow.status == expected_status)
            .values(**_changeable(feedback))
            .returning(FeedbackRow.id)
            .execution_options(synchronize_session=False)
        )
        return updated.scalar() is not None

    @guarded
    async def list(self, project_id: int, *, open_only: bool = False) -> Sequence[Feedback]:
        conditions = [FeedbackRow.project_id == project_id]
        if open_only:
            conditions.append(FeedbackRow.status.in_(OPEN_STATUSES))
        return await self._select(*conditions)

    @guarded
    async def count_open(self, project_id: int) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(FeedbackRow)
            .where(FeedbackRow.project_id == project_id, FeedbackRow.status.in_(OPEN_STATUSES))
        )
        return count or 0

    async def _select(self, *conditions: ColumnElement[bool]) -> Sequence[Feedback]:
        rows = await self._session.execute(
            fresh(_FULL.where(*conditions).order_by(FeedbackRow.number))
        )
        return [_from_row(*row) for row in rows]
