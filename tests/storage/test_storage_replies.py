"""The reply outbox on SQLite and PostgreSQL: replies kept in their command's transaction,
leased to the instance that answered, taken over when that lease runs out, removed once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from storage_helpers import UowFactory

from bot.messages import Action, ActionStyle, Audience, Card, Field, Message, Reply
from bot.model import Identity, Person, Platform
from bot.outbox import ReplyRoute

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
PAULA = Person(
    id=7, identity=Identity(platform=Platform.SLACK, tenant="T1", user_id="U0PAULA"),
    display_name="Paula",
)  # fmt: skip
CARD = Reply(
    message=Message(
        text="M-1 v1 is ready for sign-off",
        card=Card(
            title="M-1 Concepts",
            fields=(Field(label="Due", value="Fri 12 Dec"),),
            items=("three routes",),
            actions=(Action(label="Approve", command="approve M-1@v1", style=ActionStyle.PRIMARY),),
        ),
        mentions=(PAULA,),
    ),
    audience=Audience.CHANNEL,
    card_key="milestone:1:v1",
)
ANNOUNCEMENT = Reply(message=Message(text="FB-1 logged"), audience=Audience.CHANNEL)


def route(holder: str) -> ReplyRoute:
    return ReplyRoute(
        platform=Platform.SLACK, lane="C1", address={"team": "T1", "channel": "C1"},
        holder=holder, lease=LEASE,
    )  # fmt: skip


async def keep(uow_factory: UowFactory, holder: str, at: datetime = NOW) -> list[int]:
    async with uow_factory() as uow:
        queued = await uow.replies.add(route(holder), [CARD, ANNOUNCEMENT], at=at)
        await uow.commit()
    # The holder delivers them itself: nobody's lease was taken over.
    assert [(q.attempts, q.reclaimed_from) for q in queued] == [(1, ""), (1, "")]
    return [q.id for q in queued]


async def claim(uow_factory: UowFactory, owner: str, now: datetime):
    async with uow_factory() as uow:
        claimed = await uow.replies.claim(owner=owner, now=now, lease=LEASE, limit=10)
        await uow.commit()
    return claimed


async def test_a_kept_reply_reads_back_as_it_was_written_in_order(uow_factory: UowFactory):
    ids = await keep(uow_factory, "a")
    later = NOW + LEASE + timedelta(seconds=1)
    claimed = await claim(uow_factory, "b", later)
    assert [q.id for q in claimed] == ids
    assert [q.reply for q in claimed] == [CARD, ANNOUNCEMENT]
    assert claimed[0].address == {"team": "T1", "channel": "C1"}
    assert {q.reclaimed_from for q in claimed} == {"a"}  # its holder never finished


async def test_nobody_else_takes_a_reply_while_its_holder_has_the_lease(uow_factory: UowFactory):
    await keep(uow_factory, "a")
    assert await claim(uow_factory, "b", NOW + LEASE - timedelta(seconds=1)) == []


async def test_two_instances_claiming_at_once_share_no_reply(uow_factory: UowFactory):
    for n in range(10):
        await keep(uow_factory, "gone", NOW + timedelta(seconds=n))
    later = NOW + timedelta(hours=1)
    first, second = await asyncio.gather(
        claim(uow_factory, "a", later), claim(uow_factory, "b", later)
    )
    ids_a, ids_b = {q.id for q in first}, {q.id for q in second}
    assert not ids_a & ids_b  # none delivered twice
    assert len(ids_a | ids_b) == 20  # and none left behind: ten each


async def test_a_delivered_reply_is_removed_once_and_only_by_its_holder(uow_factory: UowFactory):
    ids = await keep(uow_factory, "a")
    async with uow_factory() as uow:
        assert await uow.replies.delivered(ids, owner="b") == 0  # not b's to remove
        assert await uow.replies.delivered(ids, owner="a") == 2
        assert await uow.replies.delivered(ids, owner="a") == 0
        await uow.commit()
    assert await claim(uow_factory, "c", NOW + timedelta(hours=1)) == []


async def test_a_renewed_lease_keeps_others_off_and_a_lost_one_cannot_be_renewed(
    uow_factory: UowFactory,
) -> None:
    first, _ = await keep(uow_factory, "a")
    async with uow_factory() as uow:
        assert await uow.replies.renew(first, owner="a", until=NOW + 3 * LEASE)
        await uow.commit()
    taken = await claim(uow_factory, "b", NOW + 2 * LEASE)
    assert [q.id for q in taken] == [first + 1]  # the renewed one stayed a's
    async with uow_factory() as uow:
        assert not await uow.replies.renew(first + 1, owner="a", until=NOW + 4 * LEASE)


async def test_released_replies_are_anyones_at_once_and_postponed_ones_wait(
    uow_factory: UowFactory,
) -> None:
    first, second = await keep(uow_factory, "a")
    async with uow_factory() as uow:
        await uow.replies.postpone(second, owner="a", until=NOW + timedelta(minutes=5),
                                   detail="ratelimited")  # fmt: skip
        assert await uow.replies.release(owner="a") == 1  # the postponed one is back already
        await uow.commit()
    assert [q.id for q in await claim(uow_factory, "b", NOW)] == [first]
    assert await claim(uow_factory, "c", NOW + timedelta(seconds=30)) == []  # still waits
    later = await claim(uow_factory, "c", NOW + timedelta(minutes=6))
    assert second in [q.id for q in later]


async def test_the_backlog_counts_what_waits_and_the_oldest_age(uow_factory: UowFactory):
    await keep(uow_factory, "a", NOW - timedelta(seconds=90))
    first, _ = await keep(uow_factory, "a")
    async with uow_factory() as uow:
        await uow.replies.give_up(first, owner="a", at=NOW, detail="channel_not_found")
        backlog = await uow.replies.backlog(NOW)
    assert backlog.pending == 3  # the one given up on waits no more
    assert backlog.oldest_seconds == 90
