"""The brief's versions in the database: content and money read back exactly, a draft written
back only over what was read, and a sent version settled by exactly one of many deciders."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from storage_helpers import Studio, UowFactory

from bot.brief import Brief, BriefDeliverable, BriefState
from bot.errors import Conflict
from bot.money import Money

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def draft(studio: Studio, version: int = 1) -> Brief:
    return Brief(
        project_id=studio.project.id,
        version=version,
        goal="一套团队能直接使用的品牌视觉",
        deliverables=(
            BriefDeliverable(
                name="Logo", due=date(2027, 1, 15), criteria=("三个方向", "one colour")
            ),
            BriefDeliverable(name="Guidelines"),
        ),
        out_of_scope=("Printing",),
        rounds=3,
        # More than a float holds exactly in cents: 90,071,992,547,409.93 EUR.
        budget=Money(9_007_199_254_740_993, "EUR"),
        drafted_by=studio.pm,
        drafted_at=AT,
    )


async def test_a_version_reads_back_as_written_money_exactly(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        added = await uow.briefs.add(draft(studio))
        await uow.commit()
    async with uow_factory() as uow:
        [read] = await uow.briefs.list(studio.project.id)
        latest = await uow.briefs.latest(studio.project.id)
    assert read == latest == replace(draft(studio), id=added.id)
    assert read.budget is not None and read.budget.minor == 9_007_199_254_740_993


async def test_a_version_is_added_once_and_every_version_the_newest_and_the_confirmed_are_found(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        first = await uow.briefs.add(draft(studio))
        assert await uow.briefs.settle(
            first, expected=BriefState.DRAFT, state=BriefState.SENT, by=studio.pm, at=AT
        )
        assert await uow.briefs.settle(
            first, expected=BriefState.SENT, state=BriefState.CONFIRMED, by=studio.client, at=AT,
            note="好的",
        )  # fmt: skip
        await uow.briefs.add(draft(studio, version=2))
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(Conflict):
            await uow.briefs.add(draft(studio, version=2))
    async with uow_factory() as uow:
        latest = await uow.briefs.latest(studio.project.id)
        confirmed = await uow.briefs.confirmed(studio.project.id)
        versions = await uow.briefs.list(studio.project.id)
    assert [(brief.version, brief.state) for brief in versions] == [
        (1, BriefState.CONFIRMED),
        (2, BriefState.DRAFT),
    ]  # every version, oldest first, as the history and the budget read them
    assert latest is not None and (latest.version, latest.state) == (2, BriefState.DRAFT)
    assert confirmed is not None and confirmed.version == 1
    assert (confirmed.sent_by, confirmed.decided_by) == (studio.pm, studio.client)
    assert (confirmed.decided_at, confirmed.decision_note) == (AT, "好的")


async def test_a_draft_is_written_back_only_over_what_was_read(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        read = await uow.briefs.add(draft(studio))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.briefs.save_draft(replace(read, goal="first writer"))
        assert not await uow.briefs.save_draft(replace(read, goal="second, from a stale read"))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.briefs.latest(studio.project.id)
    assert stored is not None and stored.goal == "first writer"


async def test_of_many_deciders_at_once_exactly_one_settles_a_sent_version(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        brief = await uow.briefs.add(draft(studio))
        await uow.briefs.settle(
            brief, expected=BriefState.DRAFT, state=BriefState.SENT, by=studio.pm, at=AT
        )
        await uow.commit()

    async def decide(n: int) -> bool:
        state = BriefState.CONFIRMED if n % 2 else BriefState.CHANGES
        async with uow_factory() as uow:
            won = await uow.briefs.settle(
                brief, expected=BriefState.SENT, state=state, by=studio.client, at=AT, note=f"#{n}"
            )
            await uow.commit()
            return won

    wins = await asyncio.gather(*(decide(n) for n in range(10)))
    assert wins.count(True) == 1
    async with uow_factory() as uow:
        stored = await uow.briefs.latest(studio.project.id)
    winner = wins.index(True)
    assert stored is not None and stored.decision_note == f"#{winner}"
    assert stored.state is (BriefState.CONFIRMED if winner % 2 else BriefState.CHANGES)
