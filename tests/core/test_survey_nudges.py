"""The survey's nudge as each approver gets it: in a project that asks by direct message, each
one's card names only them; in the channel, the reminder names everyone still to answer; a
survey that is gone, or that its approver answered, sends nothing."""

from __future__ import annotations

from bot.nudges.model import NudgeKind
from bot.nudges.snapshot import direct
from tests.core.conftest import make_studio, person
from tests.core.test_nudges_compose import snapshot, text, written
from tests.core.test_surveys import signed_off

ASK, REMIND = 0, 1


def asked_of(who: str) -> str:
    return (
        "How satisfied are you with M-1 Homepage? 1–5\n"
        "1 is very unhappy, 5 is very happy. Only the studio reads your comment.\n"
        "Or type: csat M-1 SCORE [comment]\n"
        f"Asked of {who}."
    )


async def test_each_approvers_direct_message_names_only_them_until_they_answer() -> None:
    studio = await make_studio(approvers=("ava", "bob"))
    assert (await studio.say("paula", "project survey dm")).ok
    await signed_off(studio)
    [occasion] = studio.tables.survey_occasions
    now = studio.clock.now()

    def to(who: str, round_: int, snap) -> str | None:
        subject = {"survey": occasion.id, "round": round_}
        message = written(snap, NudgeKind.SURVEY_WAITING, subject, now, to=direct(person(who)))
        return None if message is None else text(message)

    snap = await snapshot(studio)
    assert to("ava", ASK, snap) == asked_of("Ava")
    assert to("bob", ASK, snap) == asked_of("Bob")
    assert (await studio.say("ava", "csat M-1 4")).ok
    snap = await snapshot(studio)
    assert to("ava", REMIND, snap) is None
    assert to("bob", REMIND, snap) == (
        "A reminder: Bob, how satisfied are you with M-1 Homepage? It takes one click.\n"
        + asked_of("Bob")
    )


async def test_the_channels_reminder_names_everyone_still_to_answer_and_a_gone_survey_nothing() -> (
    None
):
    studio = await make_studio(approvers=("ava", "bob"))
    await signed_off(studio)
    [occasion] = studio.tables.survey_occasions
    now, snap = studio.clock.now(), await snapshot(studio)
    reminder = written(snap, NudgeKind.SURVEY_WAITING, {"survey": occasion.id, "round": REMIND},
                       now)  # fmt: skip
    assert text(reminder) == (
        "A reminder: Ava, Bob, how satisfied are you with M-1 Homepage? It takes one click.\n"
        + asked_of("Ava, Bob")
    )
    gone = {"survey": occasion.id + 1000, "round": REMIND}
    assert written(snap, NudgeKind.SURVEY_WAITING, gone, now) is None
