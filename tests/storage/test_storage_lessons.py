"""Lessons learned in the database: read back as written (Chinese, the instant, the author),
oldest first, each project's own, and gone with their project."""

from __future__ import annotations

from datetime import timedelta

from storage_helpers import T0, Studio, UowFactory, new_project

from bot.lessons import Lesson


async def test_lessons_read_back_oldest_first_and_only_their_projects(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        later = await uow.lessons.add(
            Lesson(project_id=studio.project.id, text="先确认字体规范再排版", author=studio.pm,
                   created_at=T0 + timedelta(hours=1))
        )  # fmt: skip
        first = await uow.lessons.add(
            Lesson(project_id=studio.project.id, text="Send the brief first",
                   author=studio.client, created_at=T0)
        )  # fmt: skip
        other = await uow.projects.add(new_project("OTHER"))
        await uow.lessons.add(
            Lesson(project_id=other.id, text="not Acme's", author=studio.pm, created_at=T0)
        )
        await uow.commit()
    async with uow_factory() as uow:
        read = await uow.lessons.list(studio.project.id)
    assert read == [first, later]
    assert read[1].text == "先确认字体规范再排版" and read[1].created_at == T0 + timedelta(hours=1)
    assert read[0].author.display_name == "王小明"


async def test_a_lesson_not_committed_is_not_kept(uow_factory: UowFactory, studio: Studio) -> None:
    async with uow_factory() as uow:
        await uow.lessons.add(
            Lesson(project_id=studio.project.id, text="lost", author=studio.pm, created_at=T0)
        )
    async with uow_factory() as uow:
        assert await uow.lessons.list(studio.project.id) == []
