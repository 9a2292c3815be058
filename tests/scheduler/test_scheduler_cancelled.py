"""A cancelled milestone is left out of the nudges: no due-date reminder, no review reminder."""

from __future__ import annotations

from datetime import timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, travel
from test_scheduler_time_travel import at

from tests.fakes import FakeClock

BERLIN = "Europe/Berlin"


async def test_a_cancelled_milestone_gets_no_reminders_while_the_others_do(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 10))  # Monday
    studio = await make_studio(uow_factory, clock)
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-09')
    await studio.say("paula", 'milestone add "Final files" due 2026-12-09')
    await studio.say("paula", "submit M-1")
    await studio.say("paula", "approve M-1")  # now waiting on the client's approvers
    assert "Paula cancelled M-1" in await studio.say("paula", "milestone cancel M-1 paused")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at(BERLIN, 2026, 12, 10, 12), step=timedelta(hours=2))

    said = slack.texts()
    assert any(t.startswith("Reminder: M-2 “Final files” is due on") for t in said)
    assert [t for t in said if "M-1" in t and not t.startswith("Acme")] == []
