"""Change requests in the database: CR-n numbered without gaps or twins under concurrency, a
price read back to the cent, and a sent request decided by exactly one of many deciders."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from storage_helpers import Studio, UowFactory

from bot.change_requests import ChangeRequest, ChangeState
from bot.money import Money

AT = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def request(studio: Studio, title: str = "增加横幅 Extra banner") -> ChangeRequest:
    return ChangeRequest(
        project_id=studio.project.id,
        title=title,
        description="the client's note",
        price=Money(9_007_199_254_740_993, "EUR"),  # past a float's exact integers
        days=3,
        milestone=1,
        round=3,
        raised_by=studio.client,
        raised_at=AT,
    )


async def test_twenty_requests_at_once_are_cr_1_to_20(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async def raise_one(n: int) -> int:
        async with uow_factory() as uow:
            added = await uow.changes.add(request(studio, f"#{n}"))
            await uow.commit()
            return added.number

    numbers = await asyncio.gather(*(raise_one(n) for n in range(20)))
    assert sorted(numbers) == list(range(1, 21))
    async with uow_factory() as uow:
        stored = await uow.changes.list(studio.project.id)
    assert [c.number for c in stored] == list(range(1, 21))


async def test_a_request_reads_back_as_written(uow_factory: UowFactory, studio: Studio) -> None:
    async with uow_factory() as uow:
        added = await uow.changes.add(request(studio))
        await uow.commit()
    async with uow_factory() as uow:
        read = await uow.changes.get(studio.project.id, added.number)
    assert read == replace(request(studio), id=added.id, number=1)


async def test_a_price_is_written_only_over_what_was_read_and_only_while_open(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        read = await uow.changes.add(request(studio))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.changes.save_if_unchanged(replace(read, price=Money(800_00, "EUR")))
        assert not await uow.changes.save_if_unchanged(replace(read, price=Money(1, "EUR")))
        current = await uow.changes.get(studio.project.id, 1)
        assert current is not None
        assert await uow.changes.settle(
            current, expected=ChangeState.DRAFT, state=ChangeState.WITHDRAWN, by=studio.pm, at=AT
        )
        after = await uow.changes.get(studio.project.id, 1)
        assert after is not None
        assert not await uow.changes.save_if_unchanged(replace(after, days=9))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.changes.get(studio.project.id, 1)
    assert stored is not None
    assert (stored.price, stored.days, stored.state) == (
        Money(800_00, "EUR"),
        3,
        ChangeState.WITHDRAWN,
    )


async def test_of_many_deciders_at_once_exactly_one_decides(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        change = await uow.changes.add(request(studio))
        await uow.changes.settle(
            change, expected=ChangeState.DRAFT, state=ChangeState.SENT, by=studio.pm, at=AT
        )
        await uow.commit()

    async def decide(n: int) -> bool:
        state = ChangeState.ACCEPTED if n % 2 else ChangeState.DECLINED
        async with uow_factory() as uow:
            won = await uow.changes.settle(
                change, expected=ChangeState.SENT, state=state, by=studio.client, at=AT,
                note=f"#{n}",
            )  # fmt: skip
            await uow.commit()
            return won

    wins = await asyncio.gather(*(decide(n) for n in range(10)))
    assert wins.count(True) == 1
    async with uow_factory() as uow:
        stored = await uow.changes.get(studio.project.id, 1)
    winner = wins.index(True)
    assert stored is not None and stored.decision_note == f"#{winner}"
    assert (stored.sent_by, stored.decided_by) == (studio.pm, studio.client)
