"""Sign-off on an Adaptive Card: Action.Execute answered in the HTTP response, every copy of the
card replaced, refused, late and double clicks told what happened."""

from __future__ import annotations

from typing import Any

from bot.actions import decode
from bot.commands import AddMilestone, DecideMilestone
from bot.model import DecisionKind
from tests.teams.conftest import CHANNEL, PEOPLE, Teams, find_action
from tests.teams.fake_connector import Call

CARD = "application/vnd.microsoft.card.adaptive"


APPROVE_M1 = DecideMilestone(number=1, kind=DecisionKind.APPROVE, version=1)


async def submitted(teams: Teams, *, set_up: bool = True) -> Call:
    """M-1 submitted by the designer in the channel (in the project `Teams.project` sets up,
    unless the test set its own up); returns the post of its card."""
    if set_up:
        await teams.project()
    await teams.run(
        AddMilestone(name="Concepts", due="2036-12-15", criteria=("three routes",)), "acme"
    )
    for name in ("paula", "ava"):  # deciders who have spoken: their Teams ids are known
        await teams.say("milestones", who=name)
    await teams.settled()
    await teams.say("submit M-1 first routes", who="dan")
    posts = await teams.connector.wait_for(lambda: [p for p in teams.connector.posts() if p.card])
    return posts[0]


async def click(teams: Teams, card: dict[str, Any], verb: str, who: str, **inputs: str) -> dict:
    response = await teams.post(teams.click(card, verb, who=who, **inputs))
    assert response.status == 200, await response.text()
    return await response.json()


def texts(card: dict[str, Any]) -> str:
    parts = []
    for element in card.get("body", []):
        parts.append(element.get("text", ""))
        parts += [f"{f['title']}: {f['value']}" for f in element.get("facts", [])]
    return "\n".join(parts)


async def test_submit_posts_an_approval_card_with_execute_actions_and_refresh(teams: Teams) -> None:
    post = await submitted(teams)
    card = post.card
    assert post.conversation.startswith(CHANNEL)
    assert card["type"] == "AdaptiveCard" and float(card["version"]) >= 1.4
    assert "M-1 Concepts · v1" in texts(card) and "three routes" in texts(card)
    assert "Due" in texts(card) and "paula" in texts(card)  # who must decide
    assert decode(find_action(card, "milestone.approve")["data"]["command"]) == APPROVE_M1
    changes = next(a for a in card["actions"] if a["type"] == "Action.ShowCard")
    note = changes["card"]["body"][0]
    assert note["type"] == "Input.Text" and note["isRequired"] is True
    assert card["refresh"]["action"]["verb"] == "milestone.refresh"
    assert sorted(card["refresh"]["userIds"]) == sorted([PEOPLE["paula"][1], PEOPLE["ava"][1]])


async def test_a_decision_answers_with_the_updated_card_and_replaces_every_copy(
    teams: Teams,
) -> None:
    post = await submitted(teams)
    card_id = teams.connector.calls.index(post) + 1  # the fake numbers its ids 1:n in order
    answer = await click(teams, post.card, "milestone.approve", "paula")
    assert answer["statusCode"] == 200 and answer["type"] == CARD
    shown = answer["value"]
    assert "paula approved (PM review)" in texts(shown)
    assert find_action(shown, "milestone.approve")  # the client's approvers decide next
    update = await teams.connector.wait_for(lambda: teams.connector.updates())
    assert update[0].activity_id == f"1:{card_id}" and update[0].conversation == CHANNEL
    assert update[0].card["body"] == shown["body"]  # everyone else sees the same outcome
    [over] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "Over to the client" in p.text]
    )
    # The approver is @-mentioned (by AAD object id), so Teams notifies them.
    [mention] = over.body["entities"]
    assert mention["mentioned"]["id"] == PEOPLE["ava"][0] and mention["text"] in over.text
    final = await click(teams, post.card, "milestone.approve", "ava")
    assert "actions" not in final["value"]  # decided: no live buttons
    assert "ava approved (client sign-off)" in texts(final["value"])
    updates = await teams.connector.wait_for(lambda: teams.connector.updates()[1:])
    assert "actions" not in updates[0].card
    decisions = (await teams.export())["decisions"]
    assert [(d["by"], d["status"]) for d in decisions] == [("paula", "approve"), ("ava", "approve")]


async def test_request_changes_takes_the_required_note(teams: Teams) -> None:
    post = await submitted(teams)
    await click(teams, post.card, "milestone.approve", "paula")
    await teams.settled()
    answer = await click(teams, post.card, "milestone.changes", "ava", note="a warmer blue")
    assert answer["type"] == CARD
    decisions = (await teams.export())["decisions"]
    assert decisions[-1]["status"] == "changes" and "a warmer blue" in decisions[-1]["summary"]


async def test_a_click_by_someone_who_may_not_decide_changes_nothing(teams: Teams) -> None:
    post = await submitted(teams)
    answer = await click(teams, post.card, "milestone.approve", "cleo")
    assert answer["type"] == "application/vnd.microsoft.activity.message"
    assert "Only the studio's PM" in answer["value"]
    await teams.settled()
    assert (await teams.export())["decisions"] == []
    assert teams.connector.updates() == []


async def test_late_and_double_clicks_are_told_who_decided(teams: Teams) -> None:
    post = await submitted(teams)
    clicked = teams.click(post.card, "milestone.approve", who="paula")
    first = await teams.post(clicked)
    again = await teams.post(clicked)  # Teams re-sends the same invoke
    assert (await first.json())["type"] == CARD and (await again.json())["type"] == CARD
    late = await click(teams, post.card, "milestone.approve", "paula")
    assert "M-1 v1 is already decided: paula approved at" in late["value"]
    assert len((await teams.export())["decisions"]) == 1


async def test_refresh_shows_an_approver_the_current_card(teams: Teams) -> None:
    post = await submitted(teams)
    await click(teams, post.card, "milestone.approve", "paula")
    await teams.settled()
    refresh = dict(post.card["refresh"]["action"])
    activity = teams.click({"actions": [refresh]}, "milestone.refresh", who="ava")
    activity["value"]["trigger"] = "automatic"
    answer = await (await teams.post(activity)).json()
    assert answer["type"] == CARD
    assert "Over to the client" not in texts(answer["value"])
    assert "paula" in texts(answer["value"]) and "approved" in texts(answer["value"])
    approve = find_action(answer["value"], "milestone.approve")
    assert decode(approve["data"]["command"]) == APPROVE_M1


async def test_a_typed_decision_replaces_the_posted_card_instead_of_posting_another(
    teams: Teams,
) -> None:
    post = await submitted(teams)
    cards_before = len([p for p in teams.connector.posts() if p.card])
    await teams.say("approve M-1 looks right", who="paula")
    update = await teams.connector.wait_for(lambda: teams.connector.updates())
    await teams.settled()
    assert update[0].activity_id == f"1:{teams.connector.calls.index(post) + 1}"
    assert "paula approved (PM review)" in update[0].card["fallbackText"]
    assert len([p for p in teams.connector.posts() if p.card]) == cards_before
