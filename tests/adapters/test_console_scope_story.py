"""The acceptance story of "Scope and money in the channel" at the console (`signoff chat`, a
script piped per person): the PM drafts a brief of three deliverables, the client's approver asks
for changes and confirms v2 by typing what the card's buttons offer, which makes M-1..M-3; M-1
spends its one round, the approver's next request for changes opens CR-1, the PM prices it at
800 EUR and 3 working days and sends it, the approver accepts it as its card offers. `budget`,
M-1's due date and `signoff export` all say so."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from adapters.composition import build_runtime
from adapters.config import settings_from_mapping
from tests.adapters.conftest import Signoff

KEY = "acme"
TEAM = (("paula", "pm", "Paula"), ("dan", "designer", "Dan"), ("cleo", "client", "Cleo"),
        ("ava", "approver", "Ava"))  # fmt: skip
AVA, PAULA = "console:local:ava", "console:local:paula"
LOGO_DUE = date(2030, 1, 15)
DRAFT = """
    brief set goal A brand the team can use
    brief add deliverable "Logo" due 2030-01-15 criteria: three routes; one colour
    brief add deliverable "Guidelines" due 2030-02-15 criteria: twelve pages
    brief add deliverable "Website" due 2030-03-05 criteria: five pages; responsive
    brief budget 12000 EUR
    # so the client's first request for changes on M-1 is its last
    brief rounds 1
    brief send
"""
CRITERIA = {  # of v2, as the milestones must carry them
    "M-1": ("Logo", ["three routes", "one colour"]),
    "M-2": ("Guidelines", ["twelve pages", "a print section"]),
    "M-3": ("Website", ["five pages", "responsive"]),
}


def set_up(signoff: Signoff) -> None:
    signoff.ok("project", "create", KEY, "--name", "Acme rebrand", "--client", "Acme Co.")
    signoff.ok("project", "bind", KEY, "--console-channel", KEY)
    for user, role, name in TEAM:
        signoff.ok("member", "add", KEY, "--console-user", user, "--role", role, "--name", name)


def chat(signoff: Signoff, who: str, script: str) -> str:
    """What `signoff chat --as WHO` printed for the lines piped to it."""
    return signoff.ok("chat", "--as", who, "--project", KEY, stdin=script)


def offered(printed: str, heading: str) -> list[str]:
    """The buttons of the last card titled `heading` that `printed` shows, as the console shows
    them: the commands to type ("brief changes v1 <What should change?>")."""
    cards = printed.split(f"┌ {heading}\n")
    assert len(cards) > 1, f"no card “{heading}” in:\n{printed}"
    shown = cards[-1].split("\n└", 1)[0].splitlines()
    [buttons] = [line for line in shown if line.startswith("│ → ")]
    return [command.strip() for command in buttons.removeprefix("│ → ").split("→ ")]


def answer(command: str, note: str) -> str:
    """An offered command with what it asks for (`<…>`) typed in."""
    asked, _, ask = command.partition(" <")
    assert ask.endswith(">"), command
    return f"{asked} {note}\n"


def said(printed: str, start: str) -> list[str]:
    """The message in `printed` that begins with the line `start`: that line and the lines
    after it, up to the next card."""
    lines = printed.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith(start))
    after = lines[first + 1 :]
    end = next((n for n, line in enumerate(after) if line.startswith("┌ ")), len(after))
    return [lines[first], *after[:end]]


def eur(minor: int, amount: str) -> dict[str, Any]:
    return {"minor": minor, "currency": "EUR", "amount": amount}


def day(when: date) -> str:
    """A date as the bot spells it in an English project (not this year: with the year)."""
    return f"{when:%a} {when.day} {when:%b %Y}"


def working_days_after(signoff: Signoff, start: date, count: int) -> date:
    """`count` working days after `start` on the project's calendar, which here is the default
    week (Monday to Friday) with no country's holidays and no days off of its own."""

    async def calendar() -> tuple[tuple[int, ...], str, frozenset[date]]:
        config = settings_from_mapping({"database": {"url": signoff.database_url}})
        async with await build_runtime(config) as runtime, runtime.services.uow() as uow:
            project = await uow.projects.get_by_key(KEY)
            settings = await uow.nudges.settings(project.id)
            return runtime.services.policy.working_days, settings.country, settings.holidays

    assert asyncio.run(calendar()) == ((0, 1, 2, 3, 4), "", frozenset())
    while count:
        start += timedelta(days=1)
        count -= start.weekday() < 5
    return start


def brief_sent_back_then_confirmed(signoff: Signoff) -> None:
    sent = chat(signoff, "paula", DRAFT)
    assert "│ Budget: €12,000.00" in sent
    confirm, changes = offered(sent, "Brief v1")
    assert (confirm, changes) == ("brief confirm v1", "brief changes v1 <What should change?>")
    assert said(sent, "Brief v1 is ready for") == ["Brief v1 is ready for Ava to confirm."]

    sent_back = chat(signoff, "ava", answer(changes, "The guidelines need a print section"))
    assert "│ → " not in sent_back  # decided: nothing more to type on that card
    assert "│ Status: changes requested by Ava at " in sent_back
    assert said(sent_back, "Ava asked for changes") == [
        "Ava asked for changes to brief v1: The guidelines need a print section. The PM's next "
        "edit drafts v2."
    ]

    again = chat(signoff, "paula", "brief criteria 2 twelve pages; a print section\nbrief send\n")
    assert again.startswith("Brief v2 drafted.")
    assert "│  • 2. Guidelines · due Fri 15 Feb 2030 · criteria: twelve pages; a print section" in (
        again
    )
    confirm, _ = offered(again, "Brief v2")
    assert confirm == "brief confirm v2"
    confirmed = chat(signoff, "ava", f"{confirm}\n")
    assert "│ Status: confirmed by Ava at " in confirmed and "│ → " not in confirmed
    assert said(confirmed, "Brief v2 is confirmed") == [
        "Brief v2 is confirmed by Ava.",
        "M-1 Logo, due Tue 15 Jan 2030",
        "M-2 Guidelines, due Fri 15 Feb 2030",
        "M-3 Website, due Tue 5 Mar 2030",
    ]


def round_spent_then_one_beyond(signoff: Signoff) -> list[list[str]]:
    """The designer submits M-1 and the PM approves it, twice; each time the approver types the
    request for changes the card offers. What the channel was told of each."""
    told = []
    for version, note in enumerate(("A warmer blue", "Add a monogram"), 1):
        submitted = chat(signoff, "dan", f"submit M-1 routes, take {version}\n")
        assert "│  • three routes\n│  • one colour\n" in submitted  # the brief's criteria
        approved = chat(signoff, "paula", "approve M-1\n")
        approve, changes = offered(approved, f"M-1 Logo · v{version}")
        assert approve == f"approve M-1@v{version}"
        asked = chat(signoff, "ava", answer(changes, note))
        assert "│ → " not in asked  # decided: nothing more to type on that card
        told.append(said(asked, f"Ava requested changes on M-1 v{version}: {note}"))
    return told


def priced_sent_and_accepted(signoff: Signoff) -> list[str]:
    """The PM prices CR-1 and sends it; the approver types the Accept its card offers. What the
    channel is told."""
    sent = chat(signoff, "paula", "change price CR-1 800 EUR days 3\nchange send CR-1\n")
    assert said(sent, "CR-1 “Revision round 2 of M-1”: ") == [
        "CR-1 “Revision round 2 of M-1”: €800.00, +3 working days to M-1. “change send CR-1” "
        "asks the client's approvers."
    ]
    card = sent.split("┌ CR-1 · Revision round 2 of M-1\n", 1)[1].split("\n└", 1)[0]
    assert card.splitlines()[1:6] == [
        "│ Status: waiting on the client",
        "│ Price: €800.00",
        "│ Schedule: +3 working days to M-1",
        "│ What: Add a monogram",  # the client's note on the round beyond the contract
        "│ Why: revision round 2 of M-1, beyond the contract's",
    ]
    accept, decline = offered(sent, "CR-1 · Revision round 2 of M-1")
    assert (accept, decline) == ("change accept CR-1", "change decline CR-1 <Why decline it?>")
    assert said(sent, "CR-1 is ready for") == ["CR-1 is ready for Ava to accept or decline."]

    accepted = chat(signoff, "ava", f"{accept}\n")
    assert "│ Status: accepted by Ava at " in accepted and "│ → " not in accepted
    return said(accepted, "Ava accepted CR-1")


def test_the_brief_a_round_beyond_it_priced_and_accepted_and_the_budget(
    signoff: Signoff,
) -> None:
    set_up(signoff)
    brief_sent_back_then_confirmed(signoff)
    first, second = round_spent_then_one_beyond(signoff)
    assert first[1:] == ["That was the last of the 1 revision rounds in the contract."]
    assert second[1:] == [
        "This is revision round 2, beyond the 1 in the contract: M-1 is flagged over allowance, "
        "and further rounds are a change request.",
        "CR-1 “Revision round 2 of M-1” is opened by Ava, not priced yet. The PM prices it "
        "with “change price CR-1 AMOUNT [days N]”.",
    ]
    moved = working_days_after(signoff, LOGO_DUE, 3)

    told = priced_sent_and_accepted(signoff)

    assert told == [
        "Ava accepted CR-1 “Revision round 2 of M-1”: €800.00 is added to the budget, now "
        "€12,800.00.",
        f"M-1 “Logo” is now due {day(moved)} (was {day(LOGO_DUE)}).",
    ]
    looked = chat(signoff, "cleo", "budget\nM-1\nmilestones\n")
    assert said(looked, "Brief v2 (confirmed)") == [
        "Brief v2 (confirmed): €12,000.00",
        "Accepted changes: €800.00",
        "  CR-1 Revision round 2 of M-1 · €800.00 · +3 working days to M-1 · accepted",
        "Total committed: €12,800.00",
    ]
    assert f"│ Due: {day(moved)}" in looked.split("┌ M-1 Logo\n", 1)[1].splitlines()
    listed = said(looked, "M-1 Logo · ")
    assert [line.split(" · ")[0] for line in listed] == [
        "M-1 Logo",
        "M-2 Guidelines",
        "M-3 Website",
    ]
    assert f"due {day(moved)}" in listed[0]

    exported(signoff.export(KEY), moved)


def exported(record: dict[str, Any], moved: date) -> None:
    """`signoff export` holds the story: both versions of the brief, the milestones they made
    (M-1 moved), CR-1 accepted at its exact price, the budget committed, the move audited."""
    v1, v2 = record["briefs"]
    assert (v1["ref"], v1["status"], v1["decided_by"], v1["decided_by_id"]) == (
        "v1", "changes requested", "Ava", AVA,
    )  # fmt: skip
    assert v1["decision_note"] == "The guidelines need a print section"
    assert (v2["ref"], v2["status"], v2["decided_by"], v2["decided_by_id"]) == (
        "v2", "confirmed", "Ava", AVA,
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
    assert type(change["price"]["minor"]) is int  # exact minor units in the JSON, never a float
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
