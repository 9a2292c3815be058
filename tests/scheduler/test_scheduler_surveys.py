"""Satisfaction surveys lived through with the scheduler on real storage: the reminder goes once,
2 working days after the survey opened, only to the approvers who have not answered; by direct
message the survey itself goes to each approver first; `nudges off survey_waiting` silences it;
a low score is told to the PM once, privately, and never in the client's channel."""

from __future__ import annotations

from datetime import timedelta

from scheduler_helpers import FakeSlack, make_engine, make_studio, travel
from test_scheduler_time_travel import at, local

from tests.fakes import FakeClock

BERLIN = "Europe/Berlin"
REMINDER = "A reminder: "
QUESTION = "How satisfied are you with M-1 Concepts? 1–5"


async def signed_off(uow_factory, clock: FakeClock, *before: str):
    """Monday 30 November 2026, 09:00 in Berlin: M-1 submitted, and signed off by the PM and
    then Ava (of the approvers Ava and Abe); `before` is what the PM says first."""
    studio = await make_studio(uow_factory, clock, timezone=BERLIN)
    for line in before:
        await studio.say("paula", line)
    await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "approve M-1")
    final = await studio.say("ava", "approve M-1")
    return studio, final


async def test_the_reminder_goes_once_to_those_who_have_not_answered(uow_factory) -> None:
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    studio, final = await signed_off(uow_factory, clock)
    assert QUESTION in final.splitlines()  # the survey, posted with the sign-off
    await studio.say("ava", "csat M-1 4")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)
    await travel(engine, clock, at(BERLIN, 2026, 12, 11, 12), step=timedelta(hours=1))
    channel = studio.channel.channel
    reminders = [t for t in slack.texts(channel) if t.startswith(REMINDER)]
    assert len(reminders) == 1
    assert reminders[0].splitlines()[0] == (
        "A reminder: Abe, how satisfied are you with M-1 Concepts? It takes one click."
    )
    # 2 working days after Monday's sign-off, at the first hourly pass after 09:30
    assert local(slack.when(REMINDER), BERLIN) == ["Wed 02 10:00"]
    assert not [t for t in slack.texts("ava") + slack.texts("abe") if QUESTION in t]


async def test_by_direct_message_each_approver_is_asked_then_reminded_once(uow_factory) -> None:
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    studio, final = await signed_off(uow_factory, clock, "project survey dm")
    assert QUESTION not in final
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)
    await travel(engine, clock, at(BERLIN, 2026, 11, 30, 11))
    assert [t.splitlines()[0] for t in slack.texts("ava")] == [QUESTION]
    assert [t.splitlines()[0] for t in slack.texts("abe")] == [QUESTION]
    await studio.say("ava", "csat M-1 5 lovely")
    await travel(engine, clock, at(BERLIN, 2026, 12, 11, 12))
    assert len(slack.texts("ava")) == 1  # answered: not reminded
    assert [t.splitlines()[0] for t in slack.texts("abe")] == [
        QUESTION,
        "A reminder: Abe, how satisfied are you with M-1 Concepts? It takes one click.",
    ]
    assert not [t for t in slack.texts(studio.channel.channel) if QUESTION in t]


async def test_switched_off_there_is_no_reminder(uow_factory) -> None:
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    await signed_off(uow_factory, clock, "nudges off survey_waiting")
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)
    await travel(engine, clock, at(BERLIN, 2026, 12, 4, 12))
    assert not [t for t in slack.texts() if t.startswith(REMINDER)]


async def test_a_low_score_is_told_to_the_pm_once_and_never_in_the_channel(uow_factory) -> None:
    clock = FakeClock(at(BERLIN, 2026, 11, 30, 9))
    studio, _ = await signed_off(uow_factory, clock)
    await studio.say("ava", "csat M-1 2 too slow")
    await studio.say("ava", "csat M-1 1 even slower")  # changed: the risk stays one
    slack = FakeSlack(clock=clock)
    engine = make_engine(uow_factory, clock, slack)
    await travel(engine, clock, at(BERLIN, 2026, 12, 4, 12))
    told = [t for t in slack.texts("paula") if t.startswith("New risk in acme, RK-1:")]
    assert told == [
        "New risk in acme, RK-1: Low client satisfaction: Ava on M-1 Concepts. Likelihood "
        "medium, impact high (6). Ava scored M-1 Concepts 2 of 5: “too slow”. See “risk RK-1”."
    ]
    assert not any("RK-" in t or "too slow" in t for t in slack.texts(studio.channel.channel))
