"""A change request's steps in the database: when it was sent and when decided read back as
written, a price saved over a fresh read saves again, and the list keeps CR-n order after one
of them is decided."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from storage_helpers import Studio, UowFactory

from bot.change_requests import ChangeRequest, ChangeState
from bot.money import Money

RAISED = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
SENT = datetime(2026, 12, 8, 10, 15, tzinfo=UTC)
DECIDED = datetime(2026, 12, 9, 16, 45, tzinfo=UTC)


def request(studio: Studio, title: str = "增加横幅 Extra banner") -> ChangeRequest:
    return ChangeRequest(
        project_id=studio.project.id,
        title=title,
        price=Money(300_00, "EUR"),
        days=2,
        raised_by=studio.pm,
        raised_at=RAISED,
    )


async def test_who_sent_and_who_decided_read_back_with_their_moments(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        change = await uow.changes.add(request(studio))
        assert await uow.changes.settle(
            change, expected=ChangeState.DRAFT, state=ChangeState.SENT, by=studio.pm, at=SENT
        )
        assert await uow.changes.settle(
            change, expected=ChangeState.SENT, state=ChangeState.ACCEPTED, by=studio.client,
            at=DECIDED, note="好的 fine",
        )  # fmt: skip
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.changes.get(studio.project.id, 1)
    assert stored is not None
    assert (stored.state, stored.sent_by, stored.sent_at) == (ChangeState.ACCEPTED, studio.pm, SENT)
    assert (stored.decided_by, stored.decided_at, stored.decision_note) == (
        studio.client,
        DECIDED,
        "好的 fine",
    )


async def test_a_price_saved_over_a_fresh_read_saves_again(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        await uow.changes.add(request(studio))
        await uow.commit()
    for minor in (400_00, 500_00):
        async with uow_factory() as uow:
            read = await uow.changes.get(studio.project.id, 1)
            assert read is not None
            assert await uow.changes.save_if_unchanged(replace(read, price=Money(minor, "EUR"))), (
                minor
            )
            await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.changes.get(studio.project.id, 1)
    assert stored is not None and stored.price == Money(500_00, "EUR")


async def test_the_list_keeps_cr_order_after_the_first_is_decided(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        first = await uow.changes.add(request(studio, "一"))
        await uow.changes.add(request(studio, "二"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.changes.settle(
            first, expected=ChangeState.DRAFT, state=ChangeState.WITHDRAWN, by=studio.pm,
            at=DECIDED,
        )  # fmt: skip
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.changes.list(studio.project.id)
    assert [(c.number, c.title, c.state) for c in listed] == [
        (1, "一", ChangeState.WITHDRAWN),
        (2, "二", ChangeState.DRAFT),
    ]
