"""The acceptance story of "Scope and money in the channel" on Teams, through botbuilder over
HTTP: the PM drafts a brief of three deliverables with @mentions, the client's approver asks for
changes (the card's note) and confirms v2 with Action.Execute, which makes M-1..M-3; M-1 spends
its one round, the approver's next request for changes opens CR-1, the PM prices it at 800 EUR
and 3 working days and sends it, the approver accepts it on its card. `budget`, M-1's due date
and the export all say so; every card is valid Adaptive Card 1.5."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.fixtures.published_schemas import ADAPTIVE_CARD, assert_valid
from tests.teams.conftest import PEOPLE, TENANT, Teams
from tests.teams.fake_connector import Call
from tests.teams.test_teams_approvals import CARD, click, texts
from tests.teams.test_teams_brief import card_id, title

LOGO_DUE = date(2030, 1, 15)
DRAFT = (
    "brief set goal A brand the team can use",
    'brief add deliverable "Logo" due 2030-01-15 criteria: three routes; one colour',
    'brief add deliverable "Guidelines" due 2030-02-15 criteria: twelve pages',
    'brief add deliverable "Website" due 2030-03-05 criteria: five pages; responsive',
    "brief budget 12000 EUR",
    "brief rounds 1",  # so the client's first request for changes on M-1 is its last
)
CRITERIA = {  # of v2, as the milestones must carry them
    "M-1": ("Logo", ["three routes", "one colour"]),
    "M-2": ("Guidelines", ["twelve pages", "a print section"]),
    "M-3": ("Website", ["five pages", "responsive"]),
}
AVA, PAULA = (f"teams:{TENANT}:{PEOPLE[name][0]}" for name in ("ava", "paula"))


def eur(minor: int, amount: str) -> dict[str, Any]:
    return {"minor": minor, "currency": "EUR", "amount": amount}


def day(when: date) -> str:
    """A date as the bot spells it in an English project (not this year: with the year)."""
    return f"{when:%a} {when.day} {when:%b %Y}"


async def working_days_after(teams: Teams, start: date, count: int) -> date:
    """`count` working days after `start` on the project's calendar, which here is the default
    week (Monday to Friday) with no country's holidays and no days off of its own."""
    assert teams.runtime.services.policy.working_days == (0, 1, 2, 3, 4)
    async with teams.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        calendar = await uow.nudges.settings(project.id)
    assert (calendar.country, calendar.holidays) == ("", frozenset())
    while count:
        start += timedelta(days=1)
        count -= start.weekday() < 5
    return start


async def card(teams: Teams, heading: str) -> Call:
    """The post of the card titled `heading`, once the bot has nothing left to deliver."""
    [post] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if p.card and title(p.card) == heading]
    )
    await teams.settled()
    return post


async def said(teams: Teams, start: str) -> Call:
    """The one message (not a card) posted in the conversation whose text starts with `start`."""
    [post] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if not p.card and p.text.startswith(start)]
    )
    return post


async def replaced(teams: Teams, post: Call, count: int) -> dict[str, Any]:
    """The `count`th replacement of the posted card, in place (its activity id), once it came."""
    updates = await teams.connector.wait_for(
        lambda: [u for u in teams.connector.updates() if u.activity_id == card_id(teams, post)][
            count - 1 :
        ]
    )
    assert updates[0].card is not None
    return updates[0].card


async def decided(teams: Teams, post: Call, verb: str, **note: str) -> dict[str, Any]:
    """The approver's click on the card; the redrawn card Teams shows them in answer."""
    assert post.card is not None
    answer = await click(teams, post.card, verb, "ava", **note)
    assert answer["type"] == CARD, answer
    assert "actions" not in answer["value"]  # decided: no live buttons
    return dict(answer["value"])


async def brief_sent_back_then_confirmed(teams: Teams) -> None:
    await teams.project()
    for name in ("paula", "ava"):  # deciders who have spoken: their Teams ids are known
        await teams.say("brief", who=name)
    for line in DRAFT:
        await teams.say(line, who="paula")
    await teams.say("brief send", who="paula")
    v1 = await card(teams, "Brief v1")
    assert v1.card is not None and "Budget: €12,000.00" in texts(v1.card)
    await said(teams, "Brief v1 is ready for ava to confirm.")

    sent_back = await decided(
        teams, v1, "milestone.changes", note="The guidelines need a print section"
    )
    assert "Status: changes requested by ava at " in texts(sent_back)
    assert (await replaced(teams, v1, 1))["body"] == sent_back["body"]
    announced = await said(teams, "ava asked for changes")
    assert announced.text == (
        "ava asked for changes to brief v1: The guidelines need a print section. The PM's next "
        "edit drafts v2."
    )

    await teams.say("brief criteria 2 twelve pages; a print section", who="paula")
    await said(teams, "Brief v2 drafted.")
    await teams.say("brief send", who="paula")
    v2 = await card(teams, "Brief v2")
    assert v2.card is not None
    shown = texts(v2.card)
    assert (
        "- 2. Guidelines · due Fri 15 Feb 2030 · criteria: twelve pages; a print section" in shown
    )
    confirmed = await decided(teams, v2, "milestone.approve")
    assert "Status: confirmed by ava at " in texts(confirmed)
    assert (await replaced(teams, v2, 1))["body"] == confirmed["body"]
    assert (await said(teams, "Brief v2 is confirmed")).text.splitlines() == [
        "Brief v2 is confirmed by ava.",
        "M-1 Logo, due Tue 15 Jan 2030",
        "M-2 Guidelines, due Fri 15 Feb 2030",
        "M-3 Website, due Tue 5 Mar 2030",
    ]


async def round_spent_then_one_beyond(teams: Teams) -> None:
    """The designer submits M-1 and the PM approves it, twice; each time the approver asks for
    changes on the card. The second is beyond the contract's one round."""
    notes = ("A warmer blue", "Add a monogram")
    for version, note in enumerate(notes, 1):
        await teams.say(f"submit M-1 routes, take {version}", who="dan")
        submitted = await card(teams, f"M-1 Logo · v{version}")
        assert submitted.card is not None
        assert "- three routes\n- one colour" in texts(submitted.card)  # the brief's criteria
        await teams.say("approve M-1", who="paula")
        await said(teams, f"paula approved M-1 v{version} for the studio.")
        await teams.settled()
        await decided(teams, submitted, "milestone.changes", note=note)
        await replaced(teams, submitted, 2)  # the PM's approval, then this
    first, second = [
        await said(teams, f"ava requested changes on M-1 v{n}: {note}")
        for n, note in enumerate(notes, 1)
    ]
    assert first.text.splitlines()[1] == (
        "That was the last of the 1 revision rounds in the contract."
    )
    assert second.text.splitlines()[1:] == [
        "This is revision round 2, beyond the 1 in the contract: M-1 is flagged over allowance, "
        "and further rounds are a change request.",
        "CR-1 “Revision round 2 of M-1” is opened by ava, not priced yet. The PM prices it "
        "with “change price CR-1 AMOUNT [days N]”.",
        "",
        "<at>dan</at>",  # the designer, called on to rework it, is notified
    ]
    assert [e["mentioned"]["id"] for e in second.body["entities"]] == [PEOPLE["dan"][0]]


async def priced_sent_and_accepted(teams: Teams) -> str:
    """The PM prices CR-1 and sends it; the approver clicks Accept. What the channel is told."""
    await teams.say("change price CR-1 800 EUR days 3", who="paula")
    assert (await said(teams, "CR-1 “Revision round 2 of M-1”: ")).text == (
        "CR-1 “Revision round 2 of M-1”: €800.00, +3 working days to M-1. “change send CR-1” "
        "asks the client's approvers."
    )
    await teams.say("change send CR-1", who="paula")
    offered = await card(teams, "CR-1 · Revision round 2 of M-1")
    assert offered.card is not None
    for shown in (
        "Status: waiting on the client",
        "Price: €800.00",
        "Schedule: +3 working days to M-1",
        "What: Add a monogram",  # the client's note on the round beyond the contract
        "Why: revision round 2 of M-1, beyond the contract's",
    ):
        assert shown in texts(offered.card)
    accept, decline = offered.card["actions"]
    assert (accept["type"], accept["title"], accept["verb"]) == (
        "Action.Execute", "Accept", "milestone.approve",
    )  # fmt: skip
    assert (decline["type"], decline["title"]) == ("Action.ShowCard", "Decline")
    ready = await said(teams, "CR-1 is ready for ava to accept or decline.")
    [mention] = ready.body["entities"]  # a real mention: Teams notifies them
    assert mention["mentioned"]["id"] == PEOPLE["ava"][0]

    accepted = await decided(teams, offered, "milestone.approve")
    assert "Status: accepted by ava at " in texts(accepted)
    assert (await replaced(teams, offered, 1))["body"] == accepted["body"]
    return (await said(teams, "ava accepted CR-1")).text


async def test_the_brief_a_round_beyond_it_priced_and_accepted_and_the_budget(
    teams: Teams,
) -> None:
    await brief_sent_back_then_confirmed(teams)
    await round_spent_then_one_beyond(teams)
    moved = await working_days_after(teams, LOGO_DUE, 3)

    told = await priced_sent_and_accepted(teams)

    assert told.splitlines() == [
        "ava accepted CR-1 “Revision round 2 of M-1”: €800.00 is added to the budget, now "
        "€12,800.00.",
        f"M-1 “Logo” is now due {day(moved)} (was {day(LOGO_DUE)}).",
    ]
    await teams.say("budget", who="cleo")
    assert (await said(teams, "Brief v2 (confirmed)")).text.splitlines() == [
        "Brief v2 (confirmed): €12,000.00",
        "Accepted changes: €800.00",
        "  CR-1 Revision round 2 of M-1 · €800.00 · +3 working days to M-1 · accepted",
        "Total committed: €12,800.00",
    ]
    await teams.say("milestones", who="cleo")
    listed = (await said(teams, "M-1 Logo · ")).text.splitlines()
    assert [line.split(" · ")[0] for line in listed] == [
        "M-1 Logo",
        "M-2 Guidelines",
        "M-3 Website",
    ]
    assert f"due {day(moved)}" in listed[0]
    await teams.settled()
    for call in teams.connector.calls:  # every card posted or replaced
        if call.card is not None:
            assert_valid(call.card, ADAPTIVE_CARD)

    exported(await teams.export(), moved)


def exported(record: dict[str, Any], moved: date) -> None:
    """The export holds the story: both versions of the brief, the milestones they made
    (M-1 moved), CR-1 accepted at its exact price, the budget committed, the move audited."""
    v1, v2 = record["briefs"]
    assert (v1["ref"], v1["status"], v1["decided_by"], v1["decided_by_id"]) == (
        "v1", "changes requested", "ava", AVA,
    )  # fmt: skip
    assert v1["decision_note"] == "The guidelines need a print section"
    assert (v2["ref"], v2["status"], v2["decided_by"], v2["decided_by_id"]) == (
        "v2", "confirmed", "ava", AVA,
    )  # fmt: skip
    assert v1["budget"] == v2["budget"] == eur(1_200_000, "12000.00")
    assert [(d["name"], d["criteria"]) for d in v2["deliverables"]] == list(CRITERIA.values())
    assert (v2["rounds"], v2["sent_by_id"]) == (1, PAULA)
    milestones = {m["ref"]: m for m in record["milestones"]}
    assert {ref: (m["summary"], m["criteria"]) for ref, m in milestones.items()} == CRITERIA
    assert [m["due_date"] for m in milestones.values()] == [
        moved.isoformat(), "2030-02-15", "2030-03-05",
    ]  # fmt: skip
    assert (milestones["M-1"]["rounds_used"], milestones["M-1"]["over_allowance"]) == (2, True)
    [change] = record["change_requests"]
    assert {k: change[k] for k in ("ref", "status", "title", "description", "price", "days")} == {
        "ref": "CR-1",
        "status": "accepted",
        "title": "Revision round 2 of M-1",
        "description": "Add a monogram",
        "price": eur(80_000, "800.00"),
        "days": 3,
    }
    assert type(change["price"]["minor"]) is int  # exact minor units, never a float
    assert (change["milestone"], change["round"], change["by_id"]) == ("M-1", 2, AVA)
    assert (change["sent_by_id"], change["decided_by_id"]) == (PAULA, AVA)
    assert record["budget"] == {
        "brief": "v2",
        "brief_budget": eur(1_200_000, "12000.00"),
        "accepted": ["CR-1"],
        "accepted_total": eur(80_000, "800.00"),
        "committed": eur(1_280_000, "12800.00"),
        "waiting": [],
        "waiting_total": eur(0, "0.00"),
    }
    redated = [a for a in record["audit"] if a["summary"] == "milestone.redated"]
    assert [(a["ref"], a["by_id"], a["detail"]) for a in redated] == [
        ("M-1", AVA, {"before": "2030-01-15", "after": moved.isoformat(), "change": "CR-1"})
    ]
