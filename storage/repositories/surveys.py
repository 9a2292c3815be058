"""The satisfaction surveys: each occasion opened once per project, one answer per person and
occasion (the unique key decides between two clicks at once), and where a project asks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.surveys import SurveyAnswer, SurveyMode, SurveyOccasion
from storage.errors import guarded
from storage.repositories.people import person_from_row
from storage.repositories.sql import fresh, in_utc, insert_ignoring_duplicates, upsert
from storage.tables import PersonRow
from storage.tables_surveys import SurveyAnswerRow, SurveyOccasionRow, SurveySettingsRow


class SqlSurveyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def open(self, occasion: SurveyOccasion) -> SurveyOccasion | None:
        statement = insert_ignoring_duplicates(
            self._session, SurveyOccasionRow, "project_id", "key"
        ).values(
            project_id=occasion.project_id,
            key=occasion.key,
            milestone_id=occasion.milestone_id,
            opened_at=occasion.opened_at,
        )
        added = (await self._session.execute(statement.returning(SurveyOccasionRow.id))).scalar()
        if added is None:
            return None
        return in_utc(replace(occasion, id=added, answers=()))

    @guarded
    async def occasions(self, project_id: int) -> Sequence[SurveyOccasion]:
        rows = (
            await self._session.execute(
                fresh(
                    select(SurveyOccasionRow)
                    .where(SurveyOccasionRow.project_id == project_id)
                    .order_by(SurveyOccasionRow.opened_at, SurveyOccasionRow.id)
                )
            )
        ).scalars()
        occasions = list(rows)
        answers: dict[int, list[SurveyAnswer]] = {o.id: [] for o in occasions}
        if occasions:
            found = await self._session.execute(
                fresh(
                    select(SurveyAnswerRow, PersonRow)
                    .join(PersonRow, PersonRow.id == SurveyAnswerRow.person_id)
                    .where(SurveyAnswerRow.occasion_id.in_(list(answers)))
                    .order_by(SurveyAnswerRow.first_answered_at, SurveyAnswerRow.id)
                )
            )
            for row, person in found:
                answers[row.occasion_id].append(
                    SurveyAnswer(
                        person=person_from_row(person),
                        score=row.score,
                        comment=row.comment,
                        answered_at=row.answered_at,
                        first_answered_at=row.first_answered_at,
                    )
                )
        return [
            SurveyOccasion(
                id=o.id,
                project_id=o.project_id,
                milestone_id=o.milestone_id,
                opened_at=o.opened_at,
                answers=tuple(answers[o.id]),
            )
            for o in occasions
        ]

    @guarded
    async def answer(self, occasion_id: int, answer: SurveyAnswer) -> bool:
        statement = insert_ignoring_duplicates(
            self._session, SurveyAnswerRow, "occasion_id", "person_id"
        ).values(
            occasion_id=occasion_id,
            person_id=answer.person.id,
            score=answer.score,
            comment=answer.comment,
            first_answered_at=answer.first_answered_at,
            answered_at=answer.answered_at,
        )
        added = await self._session.execute(statement.returning(SurveyAnswerRow.id))
        return added.scalar() is not None

    @guarded
    async def change(self, occasion_id: int, answer: SurveyAnswer) -> bool:
        done = await self._session.execute(
            update(SurveyAnswerRow)
            .where(
                SurveyAnswerRow.occasion_id == occasion_id,
                SurveyAnswerRow.person_id == answer.person.id,
            )
            .values(score=answer.score, comment=answer.comment, answered_at=answer.answered_at)
            .returning(SurveyAnswerRow.id)
            .execution_options(synchronize_session=False)
        )
        return done.scalar() is not None

    @guarded
    async def mode(self, project_id: int) -> SurveyMode:
        found = await self._session.execute(
            fresh(select(SurveySettingsRow.mode).where(SurveySettingsRow.project_id == project_id))
        )
        return found.scalar() or SurveyMode.CHANNEL

    @guarded
    async def set_mode(self, project_id: int, mode: SurveyMode) -> None:
        values = {"project_id": project_id, "mode": mode}
        await self._session.execute(
            upsert(self._session, SurveySettingsRow, ("project_id",), values)
        )
