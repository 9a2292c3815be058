"""A process with every place taken (server.max_in_flight commands at work) answers Teams at
once that it is busy, stores nothing of that message or click, and takes work again as soon as
a place frees up."""

from __future__ import annotations

from tests.teams.conftest import Teams
from tests.teams.test_teams_approvals import click, submitted

BUSY = "Sorry, I am too busy to take that right now."


def take_every_place(teams: Teams) -> int:
    """As if that many commands were at work in this process."""
    taken = 0
    while teams.runtime.admission.enter():
        taken += 1
    return taken


def give_back(teams: Teams, taken: int) -> None:
    for _ in range(taken):
        teams.runtime.admission.leave()


async def feedback_texts(teams: Teams) -> list[str]:
    return [f["summary"] for f in (await teams.export())["feedback"]]


async def test_a_message_to_a_full_process_is_told_busy_and_not_stored(teams: Teams) -> None:
    await teams.project()
    taken = take_every_place(teams)

    unaddressed = teams.channel_message("just chatting", who="dan")
    unaddressed["entities"] = []  # a channel message not @mentioning the bot: no answer
    await teams.post(unaddressed)
    await teams.say("feedback darker blue please")
    [told] = await teams.connector.wait_for(lambda: teams.connector.posts())
    assert told.text.startswith(BUSY)

    give_back(teams, taken)
    await teams.say("feedback darker blue please")
    await teams.connector.wait_for(lambda: len(teams.connector.posts()) >= 2)
    await teams.settled()
    assert await feedback_texts(teams) == ["darker blue please"]
    assert [p.text.startswith(BUSY) for p in teams.connector.posts()] == [True, False]


async def test_a_click_on_a_full_process_is_answered_busy_and_decides_nothing(
    teams: Teams,
) -> None:
    card = (await submitted(teams)).card
    await teams.settled()
    taken = take_every_place(teams)

    answer = await click(teams, card, "milestone.approve", who="paula")
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert answer["value"].startswith(BUSY)
    give_back(teams, taken)

    exported = await teams.export()
    assert exported["decisions"] == []
    answer = await click(teams, card, "milestone.approve", who="paula")
    assert "approved" in str(answer["value"]).lower()
