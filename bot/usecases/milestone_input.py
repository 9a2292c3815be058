"""A milestone's name, due date and criteria, checked the same way when planned and corrected."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot import fields
from bot.context import Context
from bot.errors import Conflict, UsageError
from bot.text import clean
from bot.usecases.due_dates import read_due_date

MAX_CRITERIA = 20


def name_key(name: str) -> str:
    """What makes two names the same milestone: case and spacing do not ("Final  Files")."""
    return "".join(clean(name).split()).casefold()


def milestone_name(ctx: Context, typed: str) -> str:
    return fields.MILESTONE_NAME.checked("milestone", typed, ctx.policy)


async def refuse_duplicate(ctx: Context, name: str, *, other_than: int = 0) -> None:
    """Two milestones of one project may not share a name: the refusal names the one there is.

    Cancelled milestones count: they can be reopened.
    """
    key = name_key(name)
    for existing in await ctx.uow.milestones.list(ctx.require_project().id):
        if existing.id != other_than and name_key(existing.name) == key:
            raise Conflict(
                "There is already a milestone “{name}” in this project: {ref}.",
                name=existing.name,
                ref=existing.ref,
            )


def criteria_of(ctx: Context, typed: Sequence[str]) -> tuple[str, ...]:
    criteria = tuple(line for line in (clean(c) for c in typed) if line)
    if len(criteria) > MAX_CRITERIA or any(len(c) > ctx.policy.max_title for c in criteria):
        raise UsageError(
            "milestone",
            "At most {count} criteria of {limit} characters each.",
            count=MAX_CRITERIA,
            limit=ctx.policy.max_title,
        )
    return criteria


def due_date(ctx: Context, typed: str) -> date:
    """The due date meant, read in the project's date order; unreadable or past dates, or a
    weekday that contradicts the date, are refused."""
    return read_due_date(ctx, typed, verb="milestone")
