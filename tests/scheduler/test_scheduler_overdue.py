"""A milestone that runs late, lived through with the scheduler on a travelling clock: status
and the digest flag it, and the PMs are told once a week on working days, across the spring
DST change and a public holiday, until it is approved."""

from __future__ import annotations

from datetime import timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, travel
from test_scheduler_time_travel import at, local

from tests.fakes import FakeClock

LONDON = "Europe/London"
OVERDUE = "Overdue in acme: M-1"


async def test_an_overdue_milestone_is_flagged_and_told_weekly_on_working_days(uow_factory):
    clock = FakeClock(at(LONDON, 2027, 3, 16, 10))  # Tuesday; summer time starts Sun 28 Mar
    studio = await make_studio(uow_factory, clock, timezone=LONDON)
    await studio.say("paula", 'milestone add "Concepts" due 2027-03-18')
    await studio.say("paula", "nudges country GB")  # Good Friday is 26 March
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at(LONDON, 2027, 3, 22, 12), step=timedelta(minutes=30))
    status = await studio.say("cleo", "status")
    assert "M-1 Concepts · planned · due Thu 18 Mar ⚠ overdue by 4 days" in status.splitlines()
    [digest] = [t for t in slack.texts("C-acme") if t.startswith("Acme rebrand: weekly")]
    assert "Overdue: M-1 Concepts (due Thu 18 Mar, 4 days late)" in digest.splitlines()

    await travel(engine, clock, at(LONDON, 2027, 4, 6, 12), step=timedelta(minutes=30))
    told = [t for t in slack.texts("paula") if t.startswith(OVERDUE)]
    # The first working day after the due date, then a week on: Good Friday moves that one
    # to Monday, after the clocks went forward, still at 09:30 London time.
    assert local(slack.when(OVERDUE), LONDON) == ["Fri 19 09:30", "Mon 29 09:30", "Fri 02 09:30"]
    assert told[0] == (
        "Overdue in acme: M-1 “Concepts” was due on Thu 18 Mar and is 1 day late (planned)."
    )
    assert told[2].endswith("is 15 days late (planned).")
    assert slack.texts("C-acme").count(told[0]) == 0  # the client's channel hears none of it

    for who, line in (("dan", "submit M-1"), ("paula", "approve M-1"), ("ava", "approve M-1")):
        await studio.say(who, line)
    await travel(engine, clock, at(LONDON, 2027, 4, 20, 12), step=timedelta(hours=3))
    assert len(slack.when(OVERDUE)) == 3  # approved: nothing more
    assert "⚠ overdue" not in await studio.say("cleo", "status")
