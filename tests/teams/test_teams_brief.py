"""The brief's card on Teams, through botbuilder over HTTP: sent by the PM with an @mention,
decided by the client's approver with the same Action.Execute pair as a milestone's card (Ask
for changes takes its note in an Input.Text), answered with the redrawn card, every copy
replaced in place, refreshed to the current card, never decided twice."""

from __future__ import annotations

from typing import Any

from bot.actions import decode
from bot.brief import BriefDecisionKind, BriefState
from bot.brief_commands import DecideBrief
from tests.fixtures.published_schemas import ADAPTIVE_CARD, assert_valid
from tests.teams.conftest import CHANNEL, PEOPLE, Teams
from tests.teams.fake_connector import Call
from tests.teams.test_teams_approvals import CARD, click, texts

MESSAGE = "application/vnd.microsoft.activity.message"
NAMED = ("M-1 Logo", "M-2 Guidelines", "M-3 Favicon")  # the milestones the confirmed v2 makes
DRAFT = (
    "brief set goal A brand the team can use",
    'brief add deliverable "Logo" due 2036-01-15 criteria: three routes; one colour',
    'brief add deliverable "Guidelines" due 2036-02-15 criteria: twelve pages',
    "brief budget 12000 EUR",
    "brief rounds 3",
    "brief add out-of-scope Printing",
)


async def sent(teams: Teams) -> Call:
    """The project with no milestone yet; the PM drafts the brief and sends it. The post of
    its card."""
    await teams.project()
    for name in ("paula", "ava"):  # deciders who have spoken: their Teams ids are known
        await teams.say("brief", who=name)
    for line in DRAFT:
        await teams.say(line, who="paula")
    return await send(teams, version=1)


async def send(teams: Teams, *, version: int) -> Call:
    """`brief send`; the post of the card of `version`, once where it went is noted."""
    await teams.say("brief send", who="paula")
    heading = f"Brief v{version}"
    [post] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if p.card and title(p.card) == heading]
    )
    await teams.settled()
    return post


def title(card: dict[str, Any]) -> str:
    return str(card["body"][0]["text"])


def card_id(teams: Teams, post: Call) -> str:
    # The fake numbers the activities posted 1:1, 1:2 … in order (a replacement keeps its id).
    return f"1:{teams.connector.posts().index(post) + 1}"


async def states(teams: Teams) -> list[BriefState]:
    async with teams.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        return [b.state for b in await uow.briefs.list(project.id)]


async def milestones(teams: Teams) -> list[tuple[str, str]]:
    async with teams.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        return [(m.ref, m.name) for m in await uow.milestones.list(project.id)]


async def said(teams: Teams, words: str) -> Call:
    [post] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if words in p.text]
    )
    return post


async def test_brief_send_posts_its_card_with_confirm_and_ask_for_changes(teams: Teams) -> None:
    post = await sent(teams)
    card = post.card
    assert card is not None and post.conversation.startswith(CHANNEL)
    assert_valid(card, ADAPTIVE_CARD)
    shown = texts(card)
    for expected in (
        "Status: waiting on the client",
        "Goal: A brand the team can use",
        "Revision rounds: 3 per milestone",
        "Budget: €12,000.00",
        "Out of scope: 1. Printing",
        "- 1. Logo · due Tue 15 Jan 2036 · criteria: three routes; one colour",
    ):
        assert expected in shown
    # The same pair as a milestone's card: Confirm runs at once, Ask for changes asks first.
    confirm, changes = card["actions"]
    assert (confirm["type"], confirm["title"], confirm["style"]) == (
        "Action.Execute",
        "Confirm",
        "positive",
    )
    assert confirm["verb"] == "milestone.approve"
    assert decode(confirm["data"]["command"]) == DecideBrief(
        kind=BriefDecisionKind.CONFIRM, version=1
    )
    assert (changes["type"], changes["title"]) == ("Action.ShowCard", "Ask for changes")
    [note] = changes["card"]["body"]
    assert note["type"] == "Input.Text" and note["id"] == "note" and note["isRequired"] is True
    assert note["label"] == "What should change?"
    [ask] = changes["card"]["actions"]
    assert (ask["type"], ask["verb"], ask["style"]) == (
        "Action.Execute",
        "milestone.changes",
        "destructive",
    )
    assert decode(ask["data"]["command"]) == DecideBrief(kind=BriefDecisionKind.CHANGES, version=1)
    assert card["refresh"]["action"]["data"]["card_key"].endswith(":v1")
    assert PEOPLE["ava"][1] in card["refresh"]["userIds"]  # the approver sees it current
    await said(teams, "Brief v1 is ready for ava to confirm.")


async def test_changes_asked_with_the_note_then_v2_confirmed_makes_the_milestones(
    teams: Teams,
) -> None:
    post = await sent(teams)
    assert post.card is not None
    answer = await click(teams, post.card, "milestone.changes", "ava", note="Add a favicon")
    assert answer["type"] == CARD
    decided = answer["value"]
    assert_valid(decided, ADAPTIVE_CARD)
    assert "actions" not in decided and "refresh" not in decided  # decided: no live buttons
    assert "Status: changes requested by ava at " in texts(decided)
    assert "ava asked for: Add a favicon" in texts(decided)
    [update] = await teams.connector.wait_for(lambda: teams.connector.updates())
    assert (update.activity_id, update.conversation) == (card_id(teams, post), CHANNEL)
    assert update.card is not None and update.card["body"] == decided["body"]
    announced = await said(teams, "asked for changes to brief v1")
    assert announced.text == (
        "ava asked for changes to brief v1: Add a favicon. The PM's next edit drafts v2."
    )
    # An approver opening the chat later is shown the decided card, not the one posted.
    refresh = {"actions": [post.card["refresh"]["action"]]}
    refreshed = await click(teams, refresh, "milestone.refresh", "ava")
    assert refreshed["type"] == CARD and refreshed["value"]["body"] == decided["body"]
    assert await milestones(teams) == []

    await teams.say('brief add deliverable "Favicon" due 2036-03-05', who="paula")
    second = await send(teams, version=2)
    assert second.card is not None
    assert_valid(second.card, ADAPTIVE_CARD)
    assert "Favicon" not in texts(post.card)  # v1 stays as it was sent
    assert "- 3. Favicon · due Wed 5 Mar 2036" in texts(second.card)

    answer = await click(teams, second.card, "milestone.approve", "ava")
    assert answer["type"] == CARD
    confirmed = answer["value"]
    assert_valid(confirmed, ADAPTIVE_CARD)
    assert "actions" not in confirmed
    assert "Status: confirmed by ava at " in texts(confirmed)
    updates = await teams.connector.wait_for(lambda: teams.connector.updates()[1:])
    assert updates[0].activity_id == card_id(teams, second)
    assert updates[0].card is not None and updates[0].card["body"] == confirmed["body"]
    done = await said(teams, "is confirmed")
    assert done.text.splitlines() == [
        "Brief v2 is confirmed by ava.",
        "M-1 Logo, due Tue 15 Jan 2036",
        "M-2 Guidelines, due Fri 15 Feb 2036",
        "M-3 Favicon, due Wed 5 Mar 2036",
    ]
    assert await milestones(teams) == [("M-1", "Logo"), ("M-2", "Guidelines"), ("M-3", "Favicon")]
    assert await states(teams) == [BriefState.CHANGES, BriefState.CONFIRMED]
    await teams.say("milestones", who="cleo")
    [listed] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if p.text.startswith("M-1 Logo")]
    )
    lines = listed.text.splitlines()
    assert [line.startswith(ref) for line, ref in zip(lines, NAMED, strict=True)] == [True] * 3
    await teams.settled()
    for call in teams.connector.calls:
        if call.card is not None:
            assert_valid(call.card, ADAPTIVE_CARD)


async def test_a_second_click_is_told_who_decided_and_changes_nothing(teams: Teams) -> None:
    post = await sent(teams)
    assert post.card is not None
    clicked = teams.click(post.card, "milestone.approve", who="ava")
    first = await teams.post(clicked)
    again = await teams.post(clicked)  # Teams re-sends the same invoke: the same card again
    assert (await first.json())["type"] == CARD and (await again.json())["type"] == CARD
    await said(teams, "is confirmed")
    await teams.settled()
    calls = len(teams.connector.calls)

    for verb, inputs in (("milestone.approve", {}), ("milestone.changes", {"note": "One more"})):
        late = await click(teams, post.card, verb, "ava", **inputs)
        assert late["type"] == MESSAGE
        assert late["value"].startswith("Brief v1 is already confirmed: ava confirmed it at ")
    await teams.settled()
    assert len(teams.connector.calls) == calls  # nothing posted, nothing replaced
    assert await states(teams) == [BriefState.CONFIRMED]
    assert len(await milestones(teams)) == 2  # made once


async def test_a_click_by_someone_who_is_no_approver_is_refused_and_changes_nothing(
    teams: Teams,
) -> None:
    post = await sent(teams)
    assert post.card is not None
    calls = len(teams.connector.calls)
    for who in ("cleo", "paula"):  # the client without the approver's role; the studio's PM
        answer = await click(teams, post.card, "milestone.approve", who)
        assert answer == {
            "statusCode": 200,
            "type": MESSAGE,
            "value": "Only the client's approvers can confirm the brief or ask for changes to it.",
        }
    refused = await click(teams, post.card, "milestone.changes", "cleo", note="Bigger")
    assert refused["type"] == MESSAGE and refused["value"].startswith("Only the client's")
    await teams.settled()
    assert len(teams.connector.calls) == calls
    assert await states(teams) == [BriefState.SENT]
    assert await milestones(teams) == []


async def test_a_typed_confirm_replaces_the_posted_card_instead_of_posting_another(
    teams: Teams,
) -> None:
    post = await sent(teams)
    await teams.say("brief confirm", who="ava")
    [update] = await teams.connector.wait_for(lambda: teams.connector.updates())
    await said(teams, "is confirmed")
    await teams.settled()
    assert update.activity_id == card_id(teams, post)
    assert update.card is not None and "actions" not in update.card
    assert "Status: confirmed by ava at " in texts(update.card)
    assert len([p for p in teams.connector.posts() if p.card]) == 1


async def test_sending_v2_while_v1_waits_replaces_v1_and_a_click_on_it_is_told(
    teams: Teams,
) -> None:
    first = await sent(teams)
    assert first.card is not None
    await teams.say("brief budget 12500", who="paula")
    second = await send(teams, version=2)
    [update] = await teams.connector.wait_for(lambda: teams.connector.updates())
    assert update.activity_id == card_id(teams, first)
    assert update.card is not None and "actions" not in update.card
    assert "Status: replaced by a later version" in texts(update.card)
    assert second.card is not None and "Budget: €12,500.00" in texts(second.card)

    late = await click(teams, first.card, "milestone.approve", "ava")
    assert late == {
        "statusCode": 200,
        "type": MESSAGE,
        "value": "Brief v1 was replaced by a later version; “brief” shows the newest.",
    }
    await teams.settled()
    assert len(teams.connector.updates()) == 1
    assert await states(teams) == [BriefState.SUPERSEDED, BriefState.SENT]
