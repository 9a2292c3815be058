"""A project's nudge settings and the deliveries log come back from the database as they went
in, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from storage_helpers import Studio, UowFactory

from bot.model import Conversation, Platform
from bot.nudges.model import DeliveryRecord, NudgeKind, ProjectNudges

NOW = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
STUDIO_ROOM = Conversation(platform=Platform.TEAMS, tenant="tenant-1", channel="19:studio@thread")


async def test_every_nudge_setting_comes_back_as_saved(
    uow_factory: UowFactory, studio: Studio
) -> None:
    saved = ProjectNudges(
        project_id=studio.project.id,
        paused=True,
        paused_until=NOW + timedelta(days=3),
        disabled=frozenset({NudgeKind.FEEDBACK_WAITING, NudgeKind.DUE_SOON}),
        country="CN",
        holidays=frozenset({date(2026, 12, 24), date(2026, 12, 31)}),
        retimed=(
            (NudgeKind.DIGEST, time(17, 0), 4),
            (NudgeKind.REVIEW_WAITING, time(10, 15), None),
        ),
        escalate_to=STUDIO_ROOM,
    )
    async with uow_factory() as uow:
        await uow.nudges.save_settings(saved)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.nudges.settings(studio.project.id) == saved


async def test_a_project_without_settings_has_the_defaults(
    uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        assert await uow.nudges.settings(studio.project.id) == ProjectNudges(
            project_id=studio.project.id
        )


def delivery(key: str, minutes: int, outcome: str, **more: str) -> DeliveryRecord:
    target = Conversation(platform=Platform.SLACK, tenant="T1", channel="C1")
    return DeliveryRecord(key=key, kind=NudgeKind.DIGEST, target=target,
                          at=NOW + timedelta(minutes=minutes), outcome=outcome, **more)  # fmt: skip


async def test_the_log_of_a_key_holds_its_attempts_in_order_and_nothing_of_a_lookalike(
    uow_factory: UowFactory,
) -> None:
    # "_" and "%" in a key are literal: the log of "digest:1_w" is not the log of "digest:12w".
    mine = [
        delivery("digest:1_w%:C1", 0, "retry", detail="429 ratelimited", instance="a"),
        delivery("digest:1_w%:C1", 5, "sent", message_id="1700000000.000100", instance="b"),
    ]
    lookalike = delivery("digest:12w%:C1", 1, "sent", message_id="1700000000.000200")
    async with uow_factory() as uow:
        for record in (mine[1], lookalike, mine[0]):
            await uow.nudges.record(record)
        await uow.commit()

    async with uow_factory() as uow:
        assert list(await uow.nudges.log("digest:1_w%")) == mine
        assert list(await uow.nudges.log("digest:1")) == [mine[0], lookalike, mine[1]]
