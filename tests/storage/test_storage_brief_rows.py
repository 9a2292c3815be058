"""A brief's row read back after it changed: the sending's time and sender once sent, and the
write count that lets a draft read again be saved again (and a stale read refused)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from storage_helpers import Studio, UowFactory

from bot.brief import Brief, BriefState

SENT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def draft(studio: Studio) -> Brief:
    return Brief(project_id=studio.project.id, goal="A brand", drafted_by=studio.pm)


async def test_a_sent_version_reads_back_who_sent_it_and_when(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        added = await uow.briefs.add(draft(studio))
        assert await uow.briefs.settle(
            added, expected=BriefState.DRAFT, state=BriefState.SENT, by=studio.pm, at=SENT
        )
        await uow.commit()
    async with uow_factory() as uow:
        read = await uow.briefs.latest(studio.project.id)
    assert read is not None
    assert (read.state, read.sent_by, read.sent_at) == (BriefState.SENT, studio.pm, SENT)
    assert (read.decided_by, read.decided_at) == (None, None)


async def test_a_draft_read_again_after_a_save_can_be_saved_again(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        first = await uow.briefs.add(draft(studio))
        assert await uow.briefs.save_draft(replace(first, goal="second"))
        await uow.commit()
    async with uow_factory() as uow:
        read = await uow.briefs.latest(studio.project.id)
        assert read is not None
        assert await uow.briefs.save_draft(replace(read, goal="third"))
        assert not await uow.briefs.save_draft(replace(first, goal="from the first read"))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.briefs.latest(studio.project.id)
    assert stored is not None and stored.goal == "third"
