"""Nudges in local time: DST in Berlin and New York, holidays (CN's adjusted weekends), weekends
and quiet hours, travelled through with an injected clock, one pass every few fake minutes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduler_helpers import FakeSlack, make_engine, make_studio, travel

from bot.nudges.model import NudgeConfig, NudgeKind, NudgeRule
from bot.policy import Policy
from tests.fakes import FakeClock

DIGEST = "Acme rebrand: weekly progress"


def at(zone: str, *fields: int) -> datetime:
    return datetime(*fields, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def local(moments: list[datetime], zone: str, fmt: str = "%a %d %H:%M") -> list[str]:
    return [m.astimezone(ZoneInfo(zone)).strftime(fmt) for m in moments]


async def test_the_digest_stays_at_0930_in_berlin_across_the_autumn_dst_change(uow_factory):
    clock = FakeClock(at("Europe/Berlin", 2026, 10, 16, 12))
    await make_studio(uow_factory, clock, timezone="Europe/Berlin")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    for day in (19, 26):  # the clocks go back on Sunday 25 October
        clock.current = at("Europe/Berlin", 2026, 10, day, 8)
        await travel(engine, clock, at("Europe/Berlin", 2026, 10, day, 11))

    sent = slack.when(DIGEST)
    assert local(sent, "Europe/Berlin") == ["Mon 19 09:30", "Mon 26 09:30"]
    assert [m.strftime("%H:%M") for m in sent] == ["07:30", "08:30"]  # UTC moved, local did not


async def test_the_digest_stays_at_0930_in_new_york_across_the_spring_dst_change(uow_factory):
    clock = FakeClock(at("America/New_York", 2026, 2, 27, 12))
    await make_studio(uow_factory, clock, timezone="America/New_York")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    for day in (2, 9):  # the clocks go forward on Sunday 8 March
        clock.current = at("America/New_York", 2026, 3, day, 8)
        await travel(engine, clock, at("America/New_York", 2026, 3, day, 11))

    sent = slack.when(DIGEST)
    assert local(sent, "America/New_York") == ["Mon 02 09:30", "Mon 09 09:30"]
    assert [m.strftime("%H:%M") for m in sent] == ["14:30", "13:30"]


async def test_chinese_holidays_move_the_digest_and_adjusted_weekends_count_as_working_days(
    uow_factory,
):
    zone = "Asia/Shanghai"
    clock = FakeClock(at(zone, 2026, 9, 28, 12))  # a Monday, after that day's digest time
    studio = await make_studio(uow_factory, clock, timezone=zone)
    await studio.say("paula", "nudges country CN")
    await studio.say("cleo", "feedback the logo needs more contrast")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    # 1–7 October are the National Day holidays; Saturday 10 October is worked instead.
    clock.current = at(zone, 2026, 10, 4, 12)
    await travel(engine, clock, at(zone, 2026, 10, 12, 12), step=timedelta(minutes=30))

    # Monday 5 October was a holiday: its digest came on the next working day, at its time.
    assert local(slack.when(DIGEST), zone) == ["Thu 08 09:30", "Mon 12 09:30"]
    reminders = slack.when("1 feedback items have waited more than 3 working days")
    # Open since Monday 28 September: more than 3 working days only from Friday 9 October;
    # Saturday 10 is a working day in China, Sunday 11 is not.
    assert local(reminders, zone, "%a %d") == ["Fri 09", "Sat 10", "Mon 12"]


async def test_review_reminders_skip_the_weekend(uow_factory):
    clock = FakeClock(at("Europe/Berlin", 2026, 11, 26, 15))  # a Thursday afternoon
    studio = await make_studio(uow_factory, clock)
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-18')
    await studio.say("paula", "submit M-1")
    await studio.say("paula", "approve M-1")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at("Europe/Berlin", 2026, 11, 30, 12), step=timedelta(minutes=30))

    reminders = slack.when("Reminder: M-1 v1")
    assert local(reminders, "Europe/Berlin") == ["Mon 30 09:30"]  # two working days later


async def test_a_nudge_due_in_quiet_hours_waits_for_the_morning(uow_factory):
    rules = dict(NudgeConfig().rules)
    rules[NudgeKind.DIGEST] = NudgeRule(at=time(21, 0))  # retimed into quiet hours
    policy = Policy(nudges=NudgeConfig(rules=rules))
    clock = FakeClock(at("Europe/Berlin", 2026, 11, 27, 12))
    await make_studio(uow_factory, clock, policy=policy)
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack, policy=policy)

    clock.current = at("Europe/Berlin", 2026, 11, 30, 18)
    await travel(engine, clock, at("Europe/Berlin", 2026, 12, 1, 10), step=timedelta(minutes=30))

    assert local(slack.when(DIGEST), "Europe/Berlin") == ["Tue 01 08:00"]  # quiet 20:00–08:00
