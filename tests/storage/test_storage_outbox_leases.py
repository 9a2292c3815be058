"""An outbox item belongs to the instance holding its lease: once the lease has expired and
another instance has claimed the item, the first can neither settle it nor put it off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage_helpers import Studio, UowFactory

from bot.model import Conversation, Platform
from bot.nudges.model import NudgeKind, Occurrence, OutboxItem, OutboxStatus

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
LEASE = timedelta(minutes=5)
CHANNEL = Conversation(platform=Platform.SLACK, tenant="T1", channel="C1")


async def queued(uow_factory: UowFactory, studio: Studio) -> None:
    occurrence = Occurrence(kind=NudgeKind.DIGEST, project_id=studio.project.id, target=CHANNEL,
                            due_at=NOW, subject={"week": "w1"})  # fmt: skip
    async with uow_factory() as uow:
        await uow.nudges.add([occurrence], status=OutboxStatus.PENDING, at=NOW, not_before=NOW)
        await uow.commit()


async def claim(uow_factory: UowFactory, owner: str, at: datetime) -> list[OutboxItem]:
    async with uow_factory() as uow:
        items = list(await uow.nudges.claim(owner=owner, now=at, lease=LEASE, limit=10))
        await uow.commit()
    return items


async def stored(uow_factory: UowFactory, studio: Studio) -> OutboxItem:
    async with uow_factory() as uow:
        [item] = await uow.nudges.items(studio.project.id)
    return item


async def test_after_a_reclaim_the_first_owner_cannot_finish_or_postpone(
    uow_factory: UowFactory, studio: Studio
) -> None:
    await queued(uow_factory, studio)
    [first] = await claim(uow_factory, "instance-a", NOW)
    later = NOW + LEASE + timedelta(minutes=1)  # instance-a's lease has run out …
    [taken] = await claim(uow_factory, "instance-b", later)  # … and instance-b took the item
    assert (taken.id, taken.reclaimed_from) == (first.id, "instance-a")

    async with uow_factory() as uow:
        finished = await uow.nudges.finish(
            first.id, owner="instance-a", status=OutboxStatus.SENT, at=later, message_id="m-a"
        )
        postponed = await uow.nudges.postpone(
            first.id, owner="instance-a", until=later + timedelta(hours=1), detail="429"
        )
        await uow.commit()

    assert (finished, postponed) == (False, False)
    item = await stored(uow_factory, studio)
    assert (item.status, item.lease_owner, item.message_id) == (
        OutboxStatus.PENDING, "instance-b", ""
    )  # fmt: skip
    assert item.not_before == NOW  # not put off by the instance that lost it

    async with uow_factory() as uow:
        assert await uow.nudges.finish(
            taken.id, owner="instance-b", status=OutboxStatus.SENT, at=later, message_id="m-b"
        )
        await uow.commit()
    item = await stored(uow_factory, studio)
    assert (item.status, item.message_id) == (OutboxStatus.SENT, "m-b")


async def test_after_a_reclaim_the_first_owner_cannot_put_the_item_off(
    uow_factory: UowFactory, studio: Studio
) -> None:
    await queued(uow_factory, studio)
    [first] = await claim(uow_factory, "instance-a", NOW)
    later = NOW + LEASE + timedelta(minutes=1)
    await claim(uow_factory, "instance-b", later)

    async with uow_factory() as uow:
        postponed = await uow.nudges.postpone(
            first.id, owner="instance-a", until=later + timedelta(hours=1), detail="429"
        )
        await uow.commit()

    assert postponed is False
    item = await stored(uow_factory, studio)
    assert (item.lease_owner, item.not_before, item.detail) == ("instance-b", NOW, "")


async def test_a_claim_takes_no_more_than_its_limit_soonest_first(
    uow_factory: UowFactory, studio: Studio
) -> None:
    occurrences = [
        Occurrence(kind=NudgeKind.DIGEST, project_id=studio.project.id, target=CHANNEL,
                   due_at=NOW - timedelta(minutes=n), subject={"week": f"w{n}"})
        for n in (1, 3, 2)
    ]  # fmt: skip
    async with uow_factory() as uow:
        await uow.nudges.add(occurrences, status=OutboxStatus.PENDING, at=NOW, not_before=NOW)
        await uow.commit()
    async with uow_factory() as uow:
        taken = await uow.nudges.claim(owner="instance-a", now=NOW, lease=LEASE, limit=2)
        await uow.commit()
    assert len(taken) == 2
    left = await claim(uow_factory, "instance-b", NOW)
    assert len(left) == 1


async def test_an_item_reads_back_with_its_whole_delivery_state(
    uow_factory: UowFactory, studio: Studio
) -> None:
    await queued(uow_factory, studio)
    [mine] = await claim(uow_factory, "instance-a", NOW)
    pending = await stored(uow_factory, studio)
    assert (pending.attempts, pending.lease_owner, pending.lease_until) == (
        1, "instance-a", NOW + LEASE
    )  # fmt: skip
    async with uow_factory() as uow:
        done = NOW + timedelta(seconds=3)
        assert await uow.nudges.finish(mine.id, owner="instance-a", status=OutboxStatus.FAILED,
                                       at=done, detail="channel_not_found")  # fmt: skip
        await uow.commit()
    item = await stored(uow_factory, studio)
    assert item.occurrence == mine.occurrence
    assert item.reclaimed_from == ""  # read back, not claimed: nobody's lease was taken
    assert (item.occurrence.target, item.occurrence.due_at) == (CHANNEL, NOW)
    assert item.occurrence.subject == {"week": "w1"}
    assert (item.status, item.attempts, item.lease_until, item.detail, item.finished_at) == (
        OutboxStatus.FAILED, 1, None, "channel_not_found", done
    )  # fmt: skip


async def test_a_lease_is_free_to_take_at_the_instant_it_ends(
    uow_factory: UowFactory, studio: Studio
) -> None:
    await queued(uow_factory, studio)
    [first] = await claim(uow_factory, "instance-a", NOW)
    assert await claim(uow_factory, "instance-b", NOW + LEASE - timedelta(microseconds=1)) == []
    [taken] = await claim(uow_factory, "instance-b", NOW + LEASE)
    assert (taken.id, taken.attempts, taken.reclaimed_from) == (first.id, 2, "instance-a")
