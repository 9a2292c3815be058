"""Lessons learned in chat: the studio keeps them, any time (a closed project too, since the
lessons come when the work is done), for the close-out report."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.context import Context
from bot.fields import FieldRule
from bot.i18n import N_
from bot.labels import name_of
from bot.lesson_commands import AddLesson, ListLessons
from bot.lessons import MAX_LESSON, Lesson
from bot.messages import Reply

ONLY_STUDIO = N_("Only the studio (PM or designer) keeps lessons learned.")
NO_LESSONS = N_("No lessons yet. The studio adds one with “lesson TEXT”.")
LESSON = FieldRule(
    name="text",
    too_long=N_("A lesson can be at most {limit} characters."),
    limit=lambda _policy: MAX_LESSON,
    missing=N_("Say what the studio learned."),
)


async def add_lesson(command: AddLesson, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("lesson", ONLY_STUDIO)
    text = LESSON.checked("lesson", command.text, ctx.policy)
    lesson = await ctx.uow.lessons.add(
        Lesson(project_id=project.id, text=text, author=ctx.actor, created_at=ctx.now)
    )
    count = len(await ctx.uow.lessons.list(project.id))
    await ctx.record("lesson.added", project.key, lesson=lesson.id, text=text)
    # Said to the caller: lessons are the studio's, often about the client.
    return [
        ctx.to_caller(
            ctx.t("Lesson {count} kept for the close-out report: {text}", count=count, text=text)
        )
    ]


async def list_lessons(command: ListLessons, ctx: Context) -> list[Reply]:
    project = ctx.require_project()
    ctx.require("lessons", ONLY_STUDIO)
    lessons = await ctx.uow.lessons.list(project.id)
    if not lessons:
        return [ctx.to_caller(ctx.t(NO_LESSONS))]
    lines = [
        ctx.t(
            "{number}. {text} ({who}, {day})",
            number=number,
            text=lesson.text,
            who=name_of(lesson.author),
            day=ctx.day(lesson.created_at.astimezone(ZoneInfo(ctx.timezone)).date()),
        )
        for number, lesson in enumerate(lessons, start=1)
    ]
    return [ctx.to_caller("\n".join(lines))]
