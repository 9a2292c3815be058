"""The export carries each nudge that went out with its whole story: where it went, the chat
message it became, when it was settled and every line of its deliveries log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import DeliveryRecord, NudgeConfig, OutboxStatus
from bot.nudges.plan import Planned, plan
from bot.queries import export_project
from tests.core.conftest import Studio

MONDAY_DIGEST = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)


async def test_an_exported_nudge_that_went_out_on_the_second_try_tells_both_tries(
    studio: Studio,
) -> None:
    studio.clock.current = MONDAY_DIGEST
    config, base = NudgeConfig(), NudgeCalendar(timezone="UTC")
    assert await plan(studio.database, config, base, MONDAY_DIGEST) == Planned(enqueued=1)
    first, second = MONDAY_DIGEST, MONDAY_DIGEST + timedelta(minutes=2)
    post = "1764495000.000200"  # the Slack message the digest became
    async with studio.database() as work:

        async def log(at: datetime, outcome: str, **extra: str) -> None:
            occurrence = item.occurrence
            await work.nudges.record(DeliveryRecord(key=item.key, kind=occurrence.kind,
                                                    target=occurrence.target, at=at,
                                                    outcome=outcome, **extra))  # fmt: skip

        lease = timedelta(minutes=5)
        [item] = await work.nudges.claim(owner="a", now=first, lease=lease, limit=1)
        await log(first, "retry", detail="ratelimited", instance="host-a")
        await work.nudges.postpone(item.id, owner="a", until=second, detail="ratelimited")
        [item] = await work.nudges.claim(owner="b", now=second, lease=lease, limit=1)
        await log(second, "sent", message_id=post, instance="host-b")
        await work.nudges.finish(item.id, owner="b", status=OutboxStatus.SENT, at=second,
                                 message_id=post, detail="")  # fmt: skip
        await work.commit()

    # The next week's digest finds the channel gone: it fails, saying why.
    next_week = MONDAY_DIGEST + timedelta(days=7)
    assert await plan(studio.database, config, base, next_week) == Planned(enqueued=1)
    async with studio.database() as work:
        [failed] = await work.nudges.claim(owner="a", now=next_week, lease=lease, limit=1)
        await work.nudges.finish(failed.id, owner="a", status=OutboxStatus.FAILED, at=next_week,
                                 detail="channel_not_found")  # fmt: skip
        await work.commit()

    nudge, gone = (await export_project("acme", studio.services))["nudges"]
    assert (gone["status"], gone["message_id"], gone["detail"]) == (
        "failed",
        None,
        "channel_not_found",
    )
    assert nudge == {
        "ref": item.key,
        "at": "2026-11-30T09:30:00+00:00",
        "by": None,
        "by_id": None,
        "status": "sent",
        "summary": "digest",
        "target": "slack:T1:C-acme",
        "message_id": "1764495000.000200",
        "attempts": 2,
        "finished_at": "2026-11-30T09:32:00+00:00",
        "detail": None,
        "log": [
            {
                "at": "2026-11-30T09:30:00+00:00",
                "outcome": "retry",
                "message_id": None,
                "detail": "ratelimited",
                "instance": "host-a",
            },
            {
                "at": "2026-11-30T09:32:00+00:00",
                "outcome": "sent",
                "message_id": "1764495000.000200",
                "detail": None,
                "instance": "host-b",
            },
        ],
    }
