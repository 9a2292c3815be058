"""The risk register in the database: RK-n without gaps or twins, a risk Signoff raises stored
once per key however many look at once, and a change written only over what was read."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from storage_helpers import Studio, UowFactory

from bot.risks import Level, Risk, RiskState

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def risk(studio: Studio, title: str = "字体授权 Fonts", key: str = "") -> Risk:
    return Risk(
        project_id=studio.project.id,
        title=title,
        likelihood=Level.HIGH,
        impact=Level.LOW,
        owner=studio.pm,
        mitigation="buy it",
        key=key,
        evidence="M-2 is 4 working days late" if key else "",
        raised_by=None if key else studio.pm,
        raised_at=AT,
    )


async def test_a_risk_reads_back_as_written(uow_factory: UowFactory, studio: Studio) -> None:
    async with uow_factory() as uow:
        added = await uow.risks.add(risk(studio))
        await uow.commit()
    assert added is not None
    async with uow_factory() as uow:
        read = await uow.risks.get(studio.project.id, 1)
    assert read == replace(risk(studio), id=added.id, number=1)


async def test_a_raised_risk_is_stored_once_per_key_and_numbers_stay_whole(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async def raise_it(n: int) -> int | None:
        async with uow_factory() as uow:
            added = await uow.risks.add(risk(studio, f"#{n}", key="overdue:M-2"))
            if added is None:
                await uow.rollback()  # raised already: its number goes back
                return None
            await uow.commit()
            return added.number

    raised = await asyncio.gather(*(raise_it(n) for n in range(8)))
    assert sorted(n for n in raised if n is not None) == [1]
    async with uow_factory() as uow:
        mine = await uow.risks.add(risk(studio, "a person's"))
        await uow.commit()
    assert mine is not None and mine.number == 2  # no gap left by the refused repeats


async def test_a_change_is_written_only_over_what_was_read(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        read = await uow.risks.add(risk(studio))
        await uow.commit()
    assert read is not None
    async with uow_factory() as uow:
        closed = replace(read, state=RiskState.CLOSED, closed_by=studio.pm, closed_at=AT)
        assert await uow.risks.save_if_unchanged(closed)
        assert not await uow.risks.save_if_unchanged(replace(read, shared=True))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.risks.get(studio.project.id, 1)
    assert stored is not None
    assert (stored.state, stored.shared, stored.closed_by) == (RiskState.CLOSED, False, studio.pm)
