"""The figures /metrics and `signoff nudges run-due` read straight from the database: nudges
by status, bindings the bot cannot post to, and what is still due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from storage_helpers import T1, UowFactory, new_project

from bot.model import Conversation, Platform
from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus
from storage.stats import operational_counts, unfinished_nudges

CHANNEL = Conversation(platform=Platform.SLACK, tenant="T1", channel="C1")
OTHER = Conversation(platform=Platform.SLACK, tenant="T1", channel="C2")
THIRD = Conversation(platform=Platform.SLACK, tenant="T1", channel="C3")
MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)


async def queued(uow_factory: UowFactory, rows: list[tuple[OutboxStatus, int, int]]) -> None:
    """Digests due `days` after MONDAY, in `status`, not to be tried before `wait` hours later."""
    async with uow_factory() as uow:
        project = await uow.projects.add(new_project("acme"))
        for n, (status, days, wait) in enumerate(rows):
            due = MONDAY + timedelta(days=days)
            occurrence = Occurrence(kind=NudgeKind.DIGEST, project_id=project.id, target=CHANNEL,
                                    due_at=due, subject={"n": n})  # fmt: skip
            await uow.nudges.add([occurrence], status=status, at=due,
                                 not_before=due + timedelta(hours=wait))  # fmt: skip
        await uow.commit()


async def test_nudges_are_counted_by_status_and_unhealthy_bindings_once_each(
    engine: AsyncEngine, uow_factory: UowFactory
) -> None:
    assert await operational_counts(engine) == ({}, 0)
    await queued(uow_factory, [(OutboxStatus.PENDING, 0, 0), (OutboxStatus.PENDING, 1, 0),
                               (OutboxStatus.SENT, 0, 0), (OutboxStatus.MISSED, 2, 0)])  # fmt: skip
    async with uow_factory() as uow:
        project = await uow.projects.get_by_key("acme")
        await uow.projects.bind(project.id, CHANNEL)
        await uow.projects.bind(project.id, OTHER)
        await uow.projects.bind(project.id, THIRD)
        await uow.projects.mark_binding(OTHER, problem="not_in_channel", at=T1)
        await uow.commit()

    # Two bindings are healthy, one is not.
    assert await operational_counts(engine) == ({"pending": 2, "sent": 1, "missed": 1}, 1)


async def test_what_is_still_due_counts_pending_nudges_due_by_then_and_when_to_try_next(
    engine: AsyncEngine, uow_factory: UowFactory
) -> None:
    assert await unfinished_nudges(engine, due_by=MONDAY) == (0, None)
    await queued(uow_factory, [
        (OutboxStatus.PENDING, 0, 3),  # due, put off for three hours (a 429, say)
        (OutboxStatus.PENDING, 1, 1),  # due exactly at the bound: counted
        (OutboxStatus.PENDING, 2, 0),  # not due yet
        (OutboxStatus.SENT, 0, 0),  # done
    ])  # fmt: skip

    count, earliest = await unfinished_nudges(engine, due_by=MONDAY + timedelta(days=1))

    assert count == 2
    assert earliest == MONDAY + timedelta(hours=3)
