"""The brief and change requests waiting on the client, on real storage through the engine:
reminded in the channel, escalated to the PM once, stopped by the client's decision; and what
a snapshot costs the database does not grow with the brief's versions or the change requests."""

from __future__ import annotations

from datetime import timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, travel
from test_scheduler_time_travel import at, local

from bot.nudges.snapshot import load_snapshot
from tests.fakes import CountingStatements, FakeClock

BERLIN = "Europe/Berlin"
DRAFT = [
    "brief set goal A brand the team can use",
    'brief add deliverable "Logo" due 2030-01-15',
    "brief budget 12000 EUR",
]


async def test_the_brief_and_a_change_request_are_reminded_escalated_and_stopped(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 10))  # Monday
    studio = await make_studio(uow_factory, clock)
    for line in DRAFT:
        await studio.say("paula", line)
    await studio.say("paula", "brief send")
    await studio.say("paula", 'change request "Extra banner" price 300 days 2')
    await studio.say("paula", "change send CR-1")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at(BERLIN, 2026, 12, 2, 12), step=timedelta(hours=3))
    [brief] = [t for t in slack.texts("C-acme") if t.startswith("Reminder: brief v1")]
    assert brief.endswith("for confirmation from @Abe, @Ava. "
                          "Reply “brief confirm” or “brief changes …”.")  # fmt: skip
    await studio.say("ava", "brief confirm")
    await travel(engine, clock, at(BERLIN, 2026, 12, 18, 12), step=timedelta(hours=3))

    assert len([t for t in slack.texts() if "brief v1" in t]) == 1  # none after the decision
    reminders = slack.when("Reminder: CR-1 “Extra banner” (€300.00)")
    assert local(reminders, BERLIN, "%a %d") == ["Wed 02", "Fri 04", "Tue 08"]
    # The PM's DMs, the weekly risk digests aside: the client silent while CR-1 waits on them,
    # then past every reminder, CR-1 is a risk too.
    [silence, escalation, risk] = [t for t in slack.texts("paula") if "weekly risks" not in t]
    assert silence.startswith("New risk in acme, RK-1: The client is silent while CR-1")
    assert risk.startswith("New risk in acme, RK-2: CR-1 “Extra banner” waits on the client")
    assert escalation.startswith("Escalation: CR-1 “Extra banner” (€300.00) has waited")
    assert local(slack.when("Escalation: CR-1"), BERLIN, "%a %d") == ["Thu 10"]
    async with uow_factory() as uow:
        log = await uow.nudges.log("review_waiting:")
    sent = [r for r in log if r.outcome == "sent"]
    assert len(sent) == 1 + 3 + 1  # the brief's one reminder, the CR's three and escalation


async def test_a_snapshot_costs_the_same_statements_however_many_versions_and_changes(
    engine, uow_factory
):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 10))
    studio = await make_studio(uow_factory, clock)
    project_id = await studio.project_id()

    async def statements() -> int:
        async with uow_factory() as uow:
            with CountingStatements(engine) as counted:
                assert await load_snapshot(uow, project_id) is not None
        return len(counted.sent)

    for line in DRAFT:
        await studio.say("paula", line)
    await studio.say("paula", "brief send")
    await studio.say("paula", 'change request "Extra banner" price 300')
    one_each = await statements()
    await studio.say("paula", "brief set goal A brand for the whole group")  # v2
    for n in range(2, 7):
        await studio.say("paula", f'change request "Change {n}" price {n}00')
        await studio.say("paula", f"change send CR-{n}")
    assert await statements() == one_each
