"""`nudges escalate KEY`: a project's escalations go to the studio's own channel, calling on the
PMs there, instead of each PM's direct messages; `nudges escalate KEY direct` goes back."""

from __future__ import annotations

from datetime import timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, slack_channel, travel
from test_scheduler_time_travel import at

from bot.service import handle_text
from tests.fakes import FakeClock

BERLIN = "Europe/Berlin"
STUDIO = slack_channel("C-studio")  # the studio's own channel: the client is not in it


async def say_in(studio, user: str, where, text: str):
    return await handle_text(text, studio.said_by(user, where), studio.services)


async def test_escalations_go_to_the_studio_channel_calling_on_the_pms(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))  # Monday
    studio = await make_studio(uow_factory, clock)
    chosen = await say_in(studio, "paula", STUDIO, "nudges escalate acme")
    assert chosen.ok and chosen.replies[0].message.text.startswith("Escalations for acme")
    assert "Escalations go to C-studio." in await studio.say("paula", "nudges show")
    await studio.say("cleo", "issue the site is down critical")  # due 13:00
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)

    await travel(engine, clock, at(BERLIN, 2026, 11, 30, 18), step=timedelta(minutes=15))

    [escalation] = slack.texts("C-studio")
    assert escalation.startswith("Escalation in acme: IS-1 “the site is down”")
    assert escalation.endswith("For @Paula.")
    assert slack.texts("paula") == [] and not any("Escalation" in t for t in slack.texts("C-acme"))

    back = await studio.say("paula", "nudges escalate acme direct")
    assert back == "Escalations for acme go to each PM directly again."
    # IS-1, still not acknowledged, was escalated already: not again in Paula's DMs.
    await studio.say("cleo", "issue the logo is blurry critical")  # due 4 working hours on
    await travel(engine, clock, at(BERLIN, 2026, 12, 1, 18), step=timedelta(minutes=15))
    # … and the two issues past their deadline at once are a risk, told to her there too.
    assert sorted(t[:32] for t in slack.texts("paula")) == [
        "Escalation in acme: IS-2 “the lo", "New risk in acme, RK-1: Urgent i"
    ]  # fmt: skip
    assert len(slack.texts("C-studio")) == 1


async def test_only_a_pm_chooses_and_never_a_channel_the_client_reads(uow_factory):
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    studio = await make_studio(uow_factory, clock)

    in_client_channel = await say_in(studio, "paula", studio.channel, "nudges escalate acme")
    assert not in_client_channel.ok
    assert in_client_channel.replies[0].message.text.startswith("Clients read this conversation")
    by_designer = await say_in(studio, "dan", STUDIO, "nudges escalate acme")
    assert not by_designer.ok
    assert "Only the project's PM" in by_designer.replies[0].message.text
    unknown = await say_in(studio, "paula", STUDIO, "nudges escalate nope")
    assert not unknown.ok and "There is no project “nope”." in unknown.replies[0].message.text
    assert "Escalations go to each PM directly." in await studio.say("paula", "nudges show")
