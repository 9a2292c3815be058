"""Lessons learned: added and listed, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.lessons import Lesson
from storage.errors import guarded
from storage.repositories.people import person_from_row
from storage.repositories.sql import fresh, in_utc
from storage.tables import PersonRow
from storage.tables_lessons import LessonRow


class SqlLessonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(self, lesson: Lesson) -> Lesson:
        added = await self._session.execute(
            insert(LessonRow)
            .values(
                project_id=lesson.project_id,
                text=lesson.text,
                author_id=lesson.author.id,
                created_at=lesson.created_at,
            )
            .returning(LessonRow.id)
        )
        return in_utc(replace(lesson, id=added.scalar_one()))

    @guarded
    async def list(self, project_id: int) -> Sequence[Lesson]:
        rows = await self._session.execute(
            fresh(
                select(LessonRow, PersonRow)
                .join(PersonRow, PersonRow.id == LessonRow.author_id)
                .where(LessonRow.project_id == project_id)
                .order_by(LessonRow.created_at, LessonRow.id)
            )
        )
        return [
            Lesson(id=row.id, project_id=row.project_id, text=row.text,
                   author=person_from_row(author), created_at=row.created_at)
            for row, author in rows
        ]  # fmt: skip
