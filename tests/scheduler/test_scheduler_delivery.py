"""Delivery through a Slack-like API: pacing per channel, 429 Retry-After, 5xx, and a channel
that is gone for good, without holding up other projects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, slack_channel

from bot.model import Platform
from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus
from bot.ports import SendFailed
from tests.fakes import FakeClock

MONDAY_0930_BERLIN = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)


async def studio_and_engine(uow_factory, **settings):
    clock = FakeClock(MONDAY_0930_BERLIN - timedelta(days=3))
    studio = await make_studio(uow_factory, clock)
    slack = FakeSlack(clock=clock)
    return studio, slack, make_engine(uow_factory, clock, slack, **settings), clock


async def queue_digests(uow_factory, studio, clock, count: int, channel: str = "C-acme"):
    """`count` digests for one channel falling due at the same instant (weeks of backlog)."""
    project_id = await studio.project_id()
    occurrences = [
        Occurrence(kind=NudgeKind.DIGEST, project_id=project_id, target=slack_channel(channel),
                   due_at=clock.now(), subject={"week": f"w{n}"})
        for n in range(count)
    ]  # fmt: skip
    async with uow_factory() as uow:
        await uow.nudges.add(
            occurrences, status=OutboxStatus.PENDING, at=clock.now(), not_before=clock.now()
        )
        await uow.commit()
    return [o.key for o in occurrences]


async def outcomes(uow_factory, key: str) -> list[str]:
    async with uow_factory() as uow:
        return [r.outcome for r in await uow.nudges.log(key)]


async def test_posts_into_one_channel_are_paced_to_one_a_second(uow_factory):
    studio, slack, engine, clock = await studio_and_engine(uow_factory)
    clock.current = MONDAY_0930_BERLIN
    await queue_digests(uow_factory, studio, clock, 20)
    start = clock.now()

    await engine.deliver_due()

    assert len(slack.posts) == 20 and slack.rate_limited == 0
    assert clock.now() - start >= timedelta(seconds=19)


async def test_teams_conversations_get_seven_a_second():
    from scheduler.pacing import Pacer

    clock = FakeClock(MONDAY_0930_BERLIN)

    async def sleep(seconds: float) -> None:
        clock.advance(seconds=seconds)

    pacer = Pacer(clock=clock, sleep=sleep)
    teams = slack_channel("19:abc@thread.tacv2")
    teams = type(teams)(platform=Platform.TEAMS, tenant="T", channel=teams.channel)
    for _ in range(15):
        await pacer.turn(teams)
    assert timedelta(seconds=2) - timedelta(milliseconds=5) <= clock.now() - MONDAY_0930_BERLIN
    assert clock.now() - MONDAY_0930_BERLIN <= timedelta(seconds=2, milliseconds=5)


async def test_a_429_is_retried_after_the_time_slack_asks_for(uow_factory):
    studio, slack, engine, clock = await studio_and_engine(uow_factory)
    clock.current = MONDAY_0930_BERLIN
    [key] = await queue_digests(uow_factory, studio, clock, 1)
    slack.script["C-acme"] = [SendFailed("ratelimited", retry_after=30)]

    await engine.deliver_due()
    assert slack.posts == []
    clock.advance(seconds=29)
    await engine.deliver_due()
    assert slack.posts == []  # not before Retry-After
    clock.advance(seconds=2)
    await engine.deliver_due()

    assert len(slack.posts) == 1
    assert await outcomes(uow_factory, key) == ["retry", "sent"]


async def test_server_errors_are_retried_with_back_off_then_given_up(uow_factory):
    studio, slack, engine, clock = await studio_and_engine(uow_factory, max_attempts=3)
    clock.current = MONDAY_0930_BERLIN
    [key] = await queue_digests(uow_factory, studio, clock, 1)
    slack.script["C-acme"] = [SendFailed("500 internal_error") for _ in range(5)]

    for _ in range(6):
        await engine.deliver_due()
        clock.advance(minutes=5)

    assert slack.posts == []
    assert await outcomes(uow_factory, key) == ["retry", "retry", "failed"]
    async with uow_factory() as uow:
        [item] = await uow.nudges.items(await studio.project_id())
    assert item.status is OutboxStatus.FAILED and "gave up after 3 attempts" in item.detail


async def test_a_flaky_api_gets_the_message_through_once(uow_factory):
    studio, slack, engine, clock = await studio_and_engine(uow_factory)
    clock.current = MONDAY_0930_BERLIN
    [key] = await queue_digests(uow_factory, studio, clock, 1)
    slack.script["C-acme"] = [SendFailed("502 bad gateway"), SendFailed("504 timeout")]

    for _ in range(4):
        await engine.deliver_due()
        clock.advance(minutes=1)

    assert len(slack.posts) == 1
    assert await outcomes(uow_factory, key) == ["retry", "retry", "sent"]


async def test_a_channel_gone_for_good_is_marked_and_other_projects_still_get_theirs(
    uow_factory,
):
    clock = FakeClock(MONDAY_0930_BERLIN - timedelta(days=3))
    gone = await make_studio(uow_factory, clock, key="gone", channel="C-gone")
    await make_studio(uow_factory, clock, key="fine", channel="C-fine")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    clock.current = MONDAY_0930_BERLIN
    await engine.run_pass()
    clock.advance(days=1)
    await engine.run_pass()

    assert slack.texts("C-fine") and not slack.texts("C-gone")
    status = await gone.say("paula", "status")
    assert "Cannot post to Slack channel C-gone: channel_not_found" in status
    async with uow_factory() as uow:
        log = await uow.nudges.log(f"digest:{await gone.project_id()}:")
    assert [r.outcome for r in log] == ["failed"]  # not retried, and nothing planned after


async def test_a_429_holds_the_channel_without_sitting_on_its_other_items(uow_factory):
    studio, slack, engine, clock = await studio_and_engine(uow_factory)
    clock.current = MONDAY_0930_BERLIN
    keys = await queue_digests(uow_factory, studio, clock, 3)
    slack.script["C-acme"] = [SendFailed("ratelimited", retry_after=120)]
    start = clock.now()

    await engine.deliver_due()
    assert slack.posts == [] and clock.now() - start < timedelta(seconds=10)  # not slept

    clock.current = start + timedelta(seconds=121)
    await engine.deliver_due()

    assert len(slack.posts) == 3 and slack.rate_limited == 0
    assert [await outcomes(uow_factory, key) for key in keys] == [["retry", "sent"], ["sent"],
                                                                  ["sent"]]  # fmt: skip
    async with uow_factory() as uow:
        attempts = sorted(i.attempts for i in await uow.nudges.items(await studio.project_id()))
    assert attempts == [1, 1, 2]  # handing an item back used none of its attempts
