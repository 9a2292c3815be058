"""The export carries the project's scope: every version of the brief with who sent it and who
decided it, every change request however it ended, and the budget they commit, money exact."""

from __future__ import annotations

import json
from typing import Any

from bot.money import Money
from bot.queries import export_project
from tests.core.conftest import Studio

# (who, line, minutes since the previous line); the clock starts at 2026-11-27 10:00 UTC.
STORY = [
    ("paula", "brief set goal A brand the team can use", 0),  # v1 drafted 10:00
    ("paula", 'brief add deliverable "Logo" due 2030-01-15 criteria: three routes; one colour', 1),
    ("paula", "brief add out-of-scope Printing", 1),
    ("paula", "brief budget 12000 EUR", 1),
    ("paula", "brief send", 1),  # 10:04
    ("ava", "brief changes v1 a monogram too", 60),  # 11:04
    ("paula", "brief budget 12,000.10 EUR", 5),  # v2 drafted 11:09
    ("paula", "brief rounds 3", 1),
    ("paula", "brief send", 1),  # 11:11
    ("ava", "brief confirm v2 good to go", 30),  # 11:41
    ("paula", 'change request "Extra banner" price 800.20 days 3 M-1', 10),  # 11:51
    ("paula", "change send CR-1", 1),  # 11:52
    ("ava", "change accept CR-1 go ahead", 20),  # 12:12
    ("paula", 'change request "Poster" price 300', 1),  # 12:13
    ("paula", "change send CR-2", 1),  # 12:14
    ("ava", "change decline CR-2 not now", 5),  # 12:19
    ("cleo", 'change request "Mug"', 1),  # 12:20
    ("cleo", "change withdraw CR-3 never mind", 1),  # 12:21
    ("paula", 'change request "Flyer" price 99.99', 1),  # 12:22
    ("paula", "change send CR-4", 1),  # 12:23
]
PAULA = {"by": "Paula", "by_id": "console:T1:paula"}
LOGO = {"name": "Logo", "due": "2030-01-15", "criteria": ["three routes", "one colour"]}


def at(clock: str) -> str:
    return f"2026-11-27T{clock}:00+00:00"


def eur(minor: int, amount: str) -> dict[str, Any]:
    return {"minor": minor, "currency": "EUR", "amount": amount}


async def play(studio: Studio) -> dict[str, Any]:
    for who, line, minutes in STORY:
        studio.clock.advance(minutes=minutes)
        assert (await studio.say(who, line)).ok, line
    return await export_project("acme", studio.services)


async def test_every_version_of_the_brief_is_exported_with_who_decided_it_and_when(
    studio: Studio,
) -> None:
    record = await play(studio)

    assert record["briefs"] == [
        {
            "ref": "v1", "at": at("10:00"), **PAULA, "status": "changes requested",
            "summary": "A brand the team can use", "version": 1,
            "goal": "A brand the team can use", "deliverables": [LOGO],
            "out_of_scope": ["Printing"], "rounds": None, "budget": eur(1_200_000, "12000.00"),
            "sent_by": "Paula", "sent_by_id": "console:T1:paula", "sent_at": at("10:04"),
            "decided_by": "Ava", "decided_by_id": "console:T1:ava", "decided_at": at("11:04"),
            "decision_note": "a monogram too",
        },
        {
            "ref": "v2", "at": at("11:09"), **PAULA, "status": "confirmed",
            "summary": "A brand the team can use", "version": 2,
            "goal": "A brand the team can use", "deliverables": [LOGO],
            "out_of_scope": ["Printing"], "rounds": 3, "budget": eur(1_200_010, "12000.10"),
            "sent_by": "Paula", "sent_by_id": "console:T1:paula", "sent_at": at("11:11"),
            "decided_by": "Ava", "decided_by_id": "console:T1:ava", "decided_at": at("11:41"),
            "decision_note": "good to go",
        },
    ]  # fmt: skip


async def test_every_change_request_is_exported_however_it_ended(studio: Studio) -> None:
    record = await play(studio)

    accepted, *others = record["change_requests"]
    assert accepted == {
        "ref": "CR-1", "at": at("11:51"), **PAULA, "status": "accepted",
        "summary": "Extra banner", "number": 1, "title": "Extra banner", "description": None,
        "price": eur(80_020, "800.20"), "days": 3, "milestone": "M-1", "round": None,
        "sent_by": "Paula", "sent_by_id": "console:T1:paula", "sent_at": at("11:52"),
        "decided_by": "Ava", "decided_by_id": "console:T1:ava", "decided_at": at("12:12"),
        "decision_note": "go ahead",
    }  # fmt: skip
    assert [
        (c["ref"], c["status"], c["by"], c["price"], c["sent_at"], c["decided_by"],
         c["decided_by_id"], c["decided_at"], c["decision_note"])
        for c in others
    ] == [
        ("CR-2", "declined", "Paula", eur(30_000, "300.00"), at("12:14"), "Ava",
         "console:T1:ava", at("12:19"), "not now"),
        # Proposed by the client without a price, and taken back by her before it was sent.
        ("CR-3", "withdrawn", "Cleo", None, None, "Cleo", "console:T1:cleo", at("12:21"),
         "never mind"),
        ("CR-4", "sent", "Paula", eur(9_999, "99.99"), at("12:23"), None, None, None, None),
    ]  # fmt: skip


async def test_the_budget_counts_the_confirmed_brief_and_the_accepted_changes_exactly(
    studio: Studio,
) -> None:
    record = await play(studio)

    assert record["budget"] == {
        "brief": "v2",
        "brief_budget": eur(1_200_010, "12000.10"),
        "accepted": ["CR-1"],
        "accepted_total": eur(80_020, "800.20"),
        "committed": eur(1_280_030, "12800.30"),  # 12000.1 + 800.2 in floats is 12800.300…01
        "waiting": ["CR-4"],
        "waiting_total": eur(9_999, "99.99"),
    }
    # What the chat's `budget` says, the export says.
    assert "Total committed: €12,800.30" in await studio.text("cleo", "budget")
    # Written out as the CLI writes it, no amount is a float.
    scope = json.loads(json.dumps([record[k] for k in ("briefs", "change_requests", "budget")]))
    assert "." not in "".join(_numbers(scope))


async def test_a_project_without_a_brief_exports_an_empty_scope(studio: Studio) -> None:
    record = await export_project("acme", studio.services)

    assert (record["briefs"], record["change_requests"]) == ([], [])
    assert record["budget"] == {
        "brief": None, "brief_budget": None, "accepted": [], "accepted_total": None,
        "committed": None, "waiting": [], "waiting_total": None,
    }  # fmt: skip


async def test_prices_in_two_currencies_are_exported_but_not_added_up(studio: Studio) -> None:
    await play(studio)
    # Stored data the chat should never let in: the confirmed brief counted in another currency.
    [_, confirmed] = sorted(studio.tables.briefs, key=lambda b: b.version)
    confirmed.budget = Money(500_000, "USD")

    record = await export_project("acme", studio.services)

    assert record["briefs"][1]["budget"] == {"minor": 500_000, "currency": "USD",
                                             "amount": "5000.00"}  # fmt: skip
    assert record["change_requests"][0]["price"] == eur(80_020, "800.20")
    budget = record["budget"]
    assert (budget["accepted"], budget["waiting"]) == (["CR-1"], ["CR-4"])
    assert (budget["accepted_total"], budget["committed"], budget["waiting_total"]) == (
        None, None, None,
    )  # fmt: skip


def _numbers(data: Any) -> list[str]:
    """Every number in plain data, as JSON writes it."""
    if isinstance(data, dict):
        return [n for value in data.values() for n in _numbers(value)]
    if isinstance(data, list):
        return [n for value in data for n in _numbers(value)]
    is_number = isinstance(data, int | float) and not isinstance(data, bool)
    return [json.dumps(data)] if is_number else []
