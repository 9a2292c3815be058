"""The acceptance story of "Scope and money in the channel" on Slack, over real HTTP: the PM
drafts a brief of three deliverables with slash commands, the client's approver asks for changes
in the card's modal and confirms v2 with its button, which makes M-1..M-3; M-1 spends its one
round, the approver's next request for changes opens CR-1, the PM prices it at 800 EUR and 3
working days and sends it, the approver accepts it on its card. `budget`, M-1's due date and the
export all say so."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from slack_harness import APPROVER, CLIENT, PM, Harness
from test_slack_approval import button
from test_slack_blocks import valid_message, valid_view
from test_slack_brief import ask_for_changes, fields, posted, ts_of

from adapters.slack.ids import APPROVE_ACTION, CHANGES_ACTION
from bot.queries import export_project

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
ALEX, PAULA = f"slack:T111:{APPROVER}", f"slack:T111:{PM}"


def eur(minor: int, amount: str) -> dict[str, Any]:
    return {"minor": minor, "currency": "EUR", "amount": amount}


def day(when: date) -> str:
    """A date as the bot spells it in an English project (not this year: with the year)."""
    return f"{when:%a} {when.day} {when:%b %Y}"


async def working_days_after(slack: Harness, start: date, count: int) -> date:
    """`count` working days after `start` on the project's calendar, which here is the default
    week (Monday to Friday) with no country's holidays and no days off of its own."""
    assert slack.runtime.services.policy.working_days == (0, 1, 2, 3, 4)
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        calendar = await uow.nudges.settings(project.id)
    assert (calendar.country, calendar.holidays) == ("", frozenset())
    while count:
        start += timedelta(days=1)
        count -= start.weekday() < 5
    return start


async def typed(slack: Harness, line: str, *, user: str = PM) -> dict[str, Any]:
    """A slash command; its answer to the caller alone (the ack's body)."""
    response = await slack.slash(line, user=user)
    assert response.status == 200, line
    return await response.json() if response.content_type == "application/json" else {}


async def card(slack: Harness, heading: str) -> dict[str, Any]:
    """The card posted with `heading` as its title (its chat.postMessage arguments)."""
    return await posted(
        slack, lambda args: "blocks" in args and args["blocks"][0]["text"]["text"] == heading
    )


async def updated(slack: Harness, posted_card: dict[str, Any], count: int) -> dict[str, Any]:
    """The `count`th redraw of the card in place (chat.update at its ts), once it came."""
    ts = ts_of(slack, posted_card)

    def redraws() -> list[dict[str, Any]]:
        found = [c.args for c in slack.fake.called("chat.update") if c.args["ts"] == ts]
        return found if len(found) >= count else []

    return (await slack.fake.wait_for(redraws))[count - 1]


def items(args: dict[str, Any]) -> list[str]:
    """The card's bullet list (a milestone's acceptance criteria)."""
    [listed] = [b["text"]["text"] for b in args["blocks"] if b["type"] == "section" and "text" in b]
    return [line.removeprefix("• ") for line in listed.splitlines()]


async def said(slack: Harness, start: str) -> str:
    """The text of the channel's message that starts with `start`."""
    return (await posted(slack, lambda args: args["text"].startswith(start)))["text"]


async def brief_sent_back_then_confirmed(slack: Harness) -> None:
    await slack.seed(milestone=False)
    for line in DRAFT:
        await typed(slack, line)
    await typed(slack, "brief send")
    v1 = await card(slack, "Brief v1")
    assert fields(v1)["Budget"] == "€12,000.00"
    assert [b["action_id"] for b in slack.buttons(v1)] == [APPROVE_ACTION, CHANGES_ACTION]
    assert (await said(slack, "Brief v1 is ready for")).startswith(
        "Brief v1 is ready for Alex to confirm."
    )

    await ask_for_changes(slack, v1, "The guidelines need a print section")
    sent_back = await updated(slack, v1, 1)
    assert slack.buttons(sent_back) == []
    assert fields(sent_back)["Status"].startswith("changes requested by Alex at ")
    assert await said(slack, "Alex asked for changes") == (
        "Alex asked for changes to brief v1: The guidelines need a print section. The PM's next "
        "edit drafts v2."
    )

    drafted = await typed(slack, "brief criteria 2 twelve pages; a print section")
    assert drafted["text"].startswith("Brief v2 drafted.")
    await typed(slack, "brief send")
    v2 = await card(slack, "Brief v2")
    shown = json.dumps(v2["blocks"], ensure_ascii=False)
    assert "2. Guidelines · due Fri 15 Feb 2030 · criteria: twelve pages; a print section" in shown
    await said(slack, "Brief v2 is ready for")
    assert (await slack.click(button(v2, APPROVE_ACTION), user=APPROVER)).status == 200
    confirmed = await updated(slack, v2, 1)
    assert slack.buttons(confirmed) == []
    assert fields(confirmed)["Status"].startswith("confirmed by Alex at ")
    assert (await said(slack, "Brief v2 is confirmed")).splitlines() == [
        "Brief v2 is confirmed by Alex.",
        "M-1 Logo, due Tue 15 Jan 2030",
        "M-2 Guidelines, due Fri 15 Feb 2030",
        "M-3 Website, due Tue 5 Mar 2030",
    ]


async def round_spent_then_one_beyond(slack: Harness) -> None:
    """M-1 submitted and approved by the PM twice; each time the approver asks for changes in
    the card's modal. The second is beyond the contract's one round."""
    notes = ("A warmer blue", "Add a monogram")
    for version, note in enumerate(notes, 1):
        await typed(slack, f"submit M-1 routes, take {version}")
        submitted = await card(slack, f"M-1 Logo · v{version}")
        assert items(submitted) == ["three routes", "one colour"]  # the brief's criteria
        await typed(slack, "approve M-1")
        await said(slack, f"Paula approved M-1 v{version} for the studio.")
        await ask_for_changes(slack, submitted, note)
        decided = await updated(slack, submitted, 2)  # the PM's approval, then this
        assert slack.buttons(decided) == []
    first, second = [
        await said(slack, f"Alex requested changes on M-1 v{n}: {note}")
        for n, note in enumerate(notes, 1)
    ]
    assert first.splitlines()[1] == "That was the last of the 1 revision rounds in the contract."
    assert second.splitlines()[1:] == [
        "This is revision round 2, beyond the 1 in the contract: M-1 is flagged over allowance, "
        "and further rounds are a change request.",
        "CR-1 “Revision round 2 of M-1” is opened by Alex, not priced yet. The PM prices it "
        "with “change price CR-1 AMOUNT [days N]”.",
    ]


async def priced_sent_and_accepted(slack: Harness) -> str:
    """The PM prices CR-1 and sends it; the approver clicks Accept. What the channel is told."""
    await typed(slack, "change price CR-1 800 EUR days 3")
    assert await said(slack, "CR-1 “Revision round 2 of M-1”: ") == (
        "CR-1 “Revision round 2 of M-1”: €800.00, +3 working days to M-1. “change send CR-1” "
        "asks the client's approvers."
    )
    await typed(slack, "change send CR-1")
    offered = await card(slack, "CR-1 · Revision round 2 of M-1")
    assert fields(offered) == {
        "Status": "waiting on the client",
        "Price": "€800.00",
        "Schedule": "+3 working days to M-1",
        "What": "Add a monogram",  # the client's note on the round beyond the contract
        "Why": "revision round 2 of M-1, beyond the contract's",
    }
    assert [(b["text"]["text"], b.get("style")) for b in slack.buttons(offered)] == [
        ("Accept", "primary"),
        ("Decline", "danger"),
    ]
    ready = await said(slack, "CR-1 is ready for")
    assert ready.startswith("CR-1 is ready for Alex to accept or decline.")
    assert f"<@{APPROVER}>" in ready  # a real mention: Slack notifies them

    assert (await slack.click(button(offered, APPROVE_ACTION), user=APPROVER)).status == 200
    accepted = await updated(slack, offered, 1)
    assert slack.buttons(accepted) == []
    assert fields(accepted)["Status"].startswith("accepted by Alex at ")
    return await said(slack, "Alex accepted CR-1")


async def test_the_brief_a_round_beyond_it_priced_and_accepted_and_the_budget(
    slack: Harness,
) -> None:
    await brief_sent_back_then_confirmed(slack)
    await round_spent_then_one_beyond(slack)
    moved = await working_days_after(slack, LOGO_DUE, 3)

    told = await priced_sent_and_accepted(slack)

    assert told.splitlines() == [
        "Alex accepted CR-1 “Revision round 2 of M-1”: €800.00 is added to the budget, now "
        "€12,800.00.",
        f"M-1 “Logo” is now due {day(moved)} (was {day(LOGO_DUE)}).",
    ]
    assert (await typed(slack, "budget", user=CLIENT))["text"].splitlines() == [
        "Brief v2 (confirmed): €12,000.00",
        "Accepted changes: €800.00",
        "  CR-1 Revision round 2 of M-1 · €800.00 · +3 working days to M-1 · accepted",
        "Total committed: €12,800.00",
    ]
    assert f"Due: {day(moved)}" in (await typed(slack, "M-1", user=CLIENT))["text"].splitlines()
    listed = (await typed(slack, "milestones", user=CLIENT))["text"].splitlines()
    assert [line.split(" · ")[0] for line in listed] == [
        "M-1 Logo",
        "M-2 Guidelines",
        "M-3 Website",
    ]
    assert f"due {day(moved)}" in listed[0]
    # Everything the channel was shown is valid Block Kit, every modal opened a valid view.
    for call in slack.fake.called("chat.postMessage") + slack.fake.called("chat.update"):
        valid_message(call.args)
    for call in slack.fake.called("views.open"):
        valid_view(call.args["view"])

    exported(await export_project("acme", slack.runtime.services), moved)


def exported(record: dict[str, Any], moved: date) -> None:
    """The export holds the story: both versions of the brief, the milestones they made
    (M-1 moved), CR-1 accepted at its exact price, the budget committed, the move audited."""
    v1, v2 = record["briefs"]
    assert (v1["ref"], v1["status"], v1["decided_by"], v1["decided_by_id"]) == (
        "v1", "changes requested", "Alex", ALEX,
    )  # fmt: skip
    assert v1["decision_note"] == "The guidelines need a print section"
    assert (v2["ref"], v2["status"], v2["decided_by"], v2["decided_by_id"]) == (
        "v2", "confirmed", "Alex", ALEX,
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
    assert (change["milestone"], change["round"], change["by_id"]) == ("M-1", 2, ALEX)
    assert (change["sent_by_id"], change["decided_by_id"]) == (PAULA, ALEX)
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
        ("M-1", ALEX, {"before": "2030-01-15", "after": moved.isoformat(), "change": "CR-1"})
    ]
