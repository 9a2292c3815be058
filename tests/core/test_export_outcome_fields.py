"""The export's outcomes, each record whole: the risk register (Signoff's risks and a person's,
open, shared, closed with how it ended), every survey answer with when it was first given and
when last changed, and the lessons learned."""

from __future__ import annotations

from bot.queries import export_project
from tests.core.conftest import Studio
from tests.core.test_surveys import signed_off

T0 = "2026-11-27T10:00:00+00:00"  # FakeClock's start
T1, T2, T3 = "2026-11-27T12:00:00+00:00", "2026-11-27T13:00:00+00:00", "2026-11-27T14:00:00+00:00"


async def test_the_export_holds_every_risk_answer_and_lesson_whole(studio: Studio) -> None:
    await signed_off(studio)
    assert (await studio.say("ava", "csat M-1 2 too slow")).ok
    studio.clock.advance(hours=2)
    assert (await studio.say("ava", "csat M-1 3 better now")).ok
    assert (await studio.say("paula", "risk add \"Fonts arrive late\" likelihood high impact "
                                      "low owner @dan mitigation order them today")).ok  # fmt: skip
    assert (await studio.say("paula", "risk share RK-2")).ok
    studio.clock.advance(hours=1)
    assert (await studio.say("paula", "risk close RK-1 called Ava, all good")).ok
    assert (await studio.say("paula", "project close")).ok
    studio.clock.advance(hours=1)
    assert (await studio.say("cleo", "csat project 5")).ok
    assert (await studio.say("dan", "lesson Order fonts before the first draft")).ok
    [milestone_survey, _] = studio.tables.survey_occasions
    ava = milestone_survey.answers[0].person
    [lesson] = studio.tables.lessons

    record = await export_project("acme", studio.services)

    assert record["risks"] == [
        {"ref": "RK-1", "at": T0, "by": None, "by_id": None, "status": "closed",
         "summary": "Low client satisfaction: Ava on M-1 Homepage", "number": 1,
         "likelihood": "medium", "impact": "high", "score": 6, "owner": None,
         "owner_id": None, "mitigation": None, "shared": False,
         "key": f"csat:{milestone_survey.id}:{ava.id}",
         "evidence": "Ava scored M-1 Homepage 2 of 5: “too slow”.", "closed_by": "Paula",
         "closed_by_id": "console:T1:paula", "closed_at": T2,
         "close_note": "called Ava, all good"},
        {"ref": "RK-2", "at": T1, "by": "Paula", "by_id": "console:T1:paula", "status": "open",
         "summary": "Fonts arrive late", "number": 2, "likelihood": "high", "impact": "low",
         "score": 3, "owner": "Dan", "owner_id": "console:T1:dan",
         "mitigation": "order them today", "shared": True, "key": None, "evidence": None,
         "closed_by": None, "closed_by_id": None, "closed_at": None, "close_note": None},
    ]  # fmt: skip
    assert record["surveys"] == [
        {"ref": "M-1:console:T1:ava", "at": T1, "by": "Ava", "by_id": "console:T1:ava",
         "status": "3", "summary": "better now", "survey": "M-1", "opened_at": T0, "score": 3,
         "comment": "better now", "first_answered_at": T0},
        {"ref": "close:console:T1:cleo", "at": T3, "by": "Cleo", "by_id": "console:T1:cleo",
         "status": "5", "summary": None, "survey": "close", "opened_at": T2, "score": 5,
         "comment": None, "first_answered_at": T3},
    ]  # fmt: skip
    assert record["lessons"] == [
        {"ref": f"lesson-{lesson.id}", "at": T3, "by": "Dan", "by_id": "console:T1:dan",
         "status": None, "summary": "Order fonts before the first draft"},
    ]  # fmt: skip
