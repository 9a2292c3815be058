"""Reminders that stop when the awaited action happens, escalations, pauses, and downtime."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, slack_user, travel
from test_scheduler_time_travel import DIGEST, at, local

from bot.commands import AddMember
from bot.model import Role
from bot.nudges.plan import plan
from bot.policy import Policy, base_calendar
from bot.service import handle, handle_text
from tests.fakes import FakeClock

BERLIN = "Europe/Berlin"
HALF_HOUR = timedelta(minutes=30)


async def test_review_reminders_name_who_still_owes_and_stop_once_the_client_decides(
    uow_factory,
):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 10))  # Monday
    studio = await make_studio(uow_factory, clock)
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-31')
    await studio.say("paula", "submit M-1")
    await studio.say("paula", "approve M-1")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at(BERLIN, 2026, 12, 2, 12), step=HALF_HOUR)
    assert slack.texts("C-acme")[-1].startswith("Reminder: M-1 v1 “Concepts” has waited")
    assert "@Abe, @Ava" in slack.texts("C-acme")[-1]

    await studio.say("ava", "approve M-1 lovely")
    await travel(engine, clock, at(BERLIN, 2026, 12, 18, 12), step=timedelta(hours=2))

    reminders = [t for t in slack.texts() if "M-1 v1" in t]
    assert len(reminders) == 1  # nothing more after the decision, and no escalation


async def test_after_three_reminders_the_pm_gets_one_escalation(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 10))
    studio = await make_studio(uow_factory, clock)
    await studio.say("paula", 'milestone add "Concepts" due 2027-01-29')
    await studio.say("paula", "submit M-1")
    await studio.say("paula", "approve M-1")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at(BERLIN, 2026, 12, 18, 12), step=timedelta(hours=3))

    channel = [t for t in slack.texts("C-acme") if t.startswith("Reminder: M-1 v1")]
    assert len(channel) == 3  # every two working days: Wed 2, Fri 4, Tue 8
    # The PM's direct messages, the weekly risk digest aside: the client silent while M-1 v1
    # waits on them (a risk on Thursday 3rd), the escalation, and M-1 v1 a risk itself now.
    escalations = [t for t in slack.texts("paula") if "weekly risks" not in t]
    assert [t[:18] for t in escalations] == [
        "New risk in acme, ",
        "Escalation: M-1 v1",
        "New risk in acme, ",
    ]
    assert "Nothing from the client for 3 working days" in escalations[0]
    assert local(slack.when("Escalation: M-1 v1"), BERLIN, "%a %d") == ["Thu 10"]


async def test_an_escalation_queued_before_the_acknowledgement_is_not_sent(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 10))
    studio = await make_studio(uow_factory, clock)
    await studio.say("cleo", "issue the site is down critical")  # 4 working hours: 14:00
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    clock.current = at(BERLIN, 2026, 11, 30, 14, 5)
    policy = Policy()
    planned = await plan(uow_factory, policy.nudges, base_calendar(policy), clock.now())
    assert planned.enqueued == 1  # queued for the PM …
    await studio.say("paula", "issue ack IS-1 on it")  # … who acknowledges before it goes out
    await engine.deliver_due()
    await travel(engine, clock, at(BERLIN, 2026, 12, 2, 12), step=timedelta(hours=2))

    assert slack.texts("paula") == []
    async with uow_factory() as uow:
        log = await uow.nudges.log("issue_overdue:")
    assert [r.outcome for r in log] == ["obsolete"]


async def test_an_unacknowledged_issue_is_escalated_to_the_pm_once(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    studio = await make_studio(uow_factory, clock)
    await studio.say("cleo", "issue the site is down critical")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at(BERLIN, 2026, 12, 1, 18), step=HALF_HOUR)

    assert len(slack.texts("paula")) == 1
    assert slack.texts("paula")[0].startswith("Escalation in acme: IS-1 “the site is down”")


async def test_a_paused_project_gets_nothing_and_resumes_when_told(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 27, 12))
    studio = await make_studio(uow_factory, clock)
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await studio.say("paula", "nudges pause")
    await travel(engine, clock, at(BERLIN, 2026, 12, 1, 12), step=timedelta(hours=1))
    assert slack.texts() == []

    await studio.say("paula", "nudges resume")
    await travel(engine, clock, at(BERLIN, 2026, 12, 8, 12), step=timedelta(hours=1))
    assert local(slack.when(DIGEST), BERLIN, "%a %d") == ["Mon 07"]  # not the paused one


async def test_a_pause_until_a_date_ends_by_itself(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 27, 12))
    studio = await make_studio(uow_factory, clock)
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    answer = await studio.say("paula", "nudges pause until 2026-12-02")
    assert answer == "Nudges are paused; they start again on Wed 2 Dec."
    await travel(engine, clock, at(BERLIN, 2026, 12, 8, 12), step=timedelta(hours=1))

    assert local(slack.when(DIGEST), BERLIN, "%a %d") == ["Mon 07"]


async def test_after_downtime_a_nudge_within_grace_is_sent_once_older_ones_are_missed(
    uow_factory,
):
    clock = FakeClock(at(BERLIN, 2026, 11, 20, 12))
    studio = await make_studio(uow_factory, clock)
    slack = FakeSlack(clock=clock)

    # Nothing ran over the weekend; an instance starts on Monday at 15:00 (digest due 09:30).
    clock.current = at(BERLIN, 2026, 11, 23, 15)
    await make_engine(uow_factory, clock, slack).run_pass()
    clock.advance(minutes=5)
    await make_engine(uow_factory, clock, slack).run_pass()  # a second instance: no repeat
    assert local(slack.when(DIGEST), BERLIN) == ["Mon 23 15:00"]

    # Down again; back on the next Monday at 16:00, 6½ hours late: recorded, not sent.
    clock.current = at(BERLIN, 2026, 11, 30, 16)
    engine = make_engine(uow_factory, clock, slack)
    await engine.run_pass()
    assert len(slack.when(DIGEST)) == 1
    async with uow_factory() as uow:
        log = await uow.nudges.log(f"digest:{await studio.project_id()}:week=2026-11-30")
    assert [r.outcome for r in log] == ["missed"]

    await travel(engine, clock, at(BERLIN, 2026, 12, 7, 10), step=timedelta(hours=1))
    assert "Nudges missed while the bot was down: 1" in slack.texts()[-1]


async def test_one_instance_plans_each_slot_ahead_and_nothing_goes_out_early(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 27, 12))
    await make_studio(uow_factory, clock)
    slack = FakeSlack(clock=clock)
    first, second = (make_engine(uow_factory, clock, slack) for _ in range(2))

    clock.current = at(BERLIN, 2026, 11, 30, 9, 25)  # five minutes before the digest
    planned = [await first.plan_turn(), await second.plan_turn()]
    assert planned[0].enqueued == 1 and planned[1] is None  # the slot was the first's

    await first.deliver_due()
    assert slack.posts == []  # planned, but not due yet
    clock.current = at(BERLIN, 2026, 11, 30, 9, 30)
    await second.deliver_due()
    assert local(slack.when(DIGEST), BERLIN) == ["Mon 30 09:30"]


async def test_an_escalation_reaches_each_pm_at_an_allowed_hour_of_their_own_zone(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))  # Monday
    studio = await make_studio(uow_factory, clock)
    # Paula works from New York (her platform says so); Pia's zone is not known.
    in_new_york = replace(studio.said_by("paula"), timezone="America/New_York")
    assert (await handle_text("status", in_new_york, studio.services)).ok
    add = AddMember(user=slack_user("pia"), role=Role.PM, display_name="Pia")
    assert (await handle(add, studio.said_by("paula"), studio.services)).ok
    await studio.say("cleo", "issue the site is down critical")  # due 13:00 Berlin, 07:00 NY
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at(BERLIN, 2026, 11, 30, 18), step=timedelta(minutes=15))

    def told(pm: str, zone: str) -> list[str]:
        return local([at for c, _, at in slack.posts if c.channel == slack_user(pm)], zone, "%H:%M")

    # New York is still in its quiet hours at 07:00: Paula hears of it when they end, at
    # 08:00 her time; Pia, whose zone is not known, on the project's clock.
    assert told("paula", "America/New_York") == ["08:00"]
    assert told("pia", BERLIN) == ["13:00"]
    # Each reads the missed deadline on their own clock, named so nobody takes it for another.
    assert "Mon 30 Nov, 7:00\u202fAM (Eastern Time)" in slack.texts("paula")[0]
    assert "Mon 30 Nov, 1:00\u202fPM (Central European Time)" in slack.texts("pia")[0]


async def test_a_digest_retimed_after_it_went_out_is_not_sent_again_that_week(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 8))  # Monday
    studio = await make_studio(uow_factory, clock)
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)
    await travel(engine, clock, at(BERLIN, 2026, 11, 30, 10))
    assert len([t for t in slack.texts("C-acme") if t.startswith(DIGEST)]) == 1

    await studio.say("paula", "nudges time digest mon 11:00")  # later the same day …
    await travel(engine, clock, at(BERLIN, 2026, 11, 30, 12))
    await studio.say("paula", "nudges time digest mon 09:00")  # … or earlier, within grace
    await travel(engine, clock, at(BERLIN, 2026, 11, 30, 14))

    assert len([t for t in slack.texts("C-acme") if t.startswith(DIGEST)]) == 1
    await travel(engine, clock, at(BERLIN, 2026, 12, 7, 12), step=timedelta(hours=1))
    assert local(slack.when(DIGEST), BERLIN) == ["Mon 30 09:30", "Mon 07 09:00"]
