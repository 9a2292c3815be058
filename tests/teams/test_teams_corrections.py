"""A cancelled milestone or a withdrawn version on Teams: every posted copy of its Adaptive Card
is replaced by one that says so, without actions, and the export keeps what happened."""

from __future__ import annotations

from tests.teams.fake_connector import Call
from tests.teams.test_teams_approvals import submitted, texts


def card_id(teams, post: Call) -> str:
    return f"1:{teams.connector.calls.index(post) + 1}"  # the fake numbers its ids 1:n in order


async def test_cancelling_a_milestone_replaces_its_card_without_actions(teams) -> None:
    post = await submitted(teams)

    await teams.say("milestone cancel M-1 the client paused the rebrand", who="paula")

    [update] = await teams.connector.wait_for(lambda: teams.connector.updates())
    assert update.activity_id == card_id(teams, post)
    assert "actions" not in update.card and "refresh" not in update.card
    shown = texts(update.card)
    assert "cancelled" in shown and "the client paused the rebrand" in shown
    await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "paula cancelled M-1" in p.text]
    )
    await teams.settled()
    exported = (await teams.export())["milestones"][0]
    assert (exported["status"], exported["cancel_reason"]) == (
        "cancelled",
        "the client paused the rebrand",
    )


async def test_withdrawing_a_version_replaces_its_card_without_actions(teams) -> None:
    post = await submitted(teams)

    await teams.say("withdraw M-1", who="dan")  # dan submitted it

    [update] = await teams.connector.wait_for(lambda: teams.connector.updates())
    assert update.activity_id == card_id(teams, post)
    assert "actions" not in update.card
    assert "withdrawn by dan" in texts(update.card)
    await teams.settled()
    [version] = (await teams.export())["milestones"][0]["versions"]
    assert version["version"] == 1 and version["withdrawn_by"] == "dan"
    assert version["criteria"] == ["three routes"]
