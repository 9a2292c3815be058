"""`signoff export --format csv`: each version of the brief and each change request is a row of
its own, with who and when in the standard columns and the whole record, money exact, in `data`."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.adapters.conftest import Signoff

TEAM = (("paula", "pm", "Paula"), ("cleo", "client", "Cleo"), ("ava", "approver", "Ava"))


def set_up(signoff: Signoff) -> None:
    signoff.ok("project", "create", "acme", "--name", "Acme rebrand", "--client", "Acme Co.")
    signoff.ok("project", "bind", "acme", "--console-channel", "acme")
    for user, role, name in TEAM:
        signoff.ok("member", "add", "acme", "--console-user", user, "--role", role, "--name", name)


def chat(signoff: Signoff, who: str, script: str) -> None:
    signoff.ok("chat", "--as", who, "--project", "acme", stdin=script)


def scope_story(signoff: Signoff) -> None:
    """v1 sent back, v2 confirmed; CR-1 accepted, CR-2 declined, CR-3 withdrawn."""
    chat(
        signoff,
        "paula",
        """
        brief set goal A brand the team can use
        brief add deliverable "Logo" due 2036-01-15 criteria: three routes
        brief budget 12000 EUR
        brief send
    """,
    )
    chat(signoff, "ava", "brief changes v1 a monogram too\n")
    chat(signoff, "paula", "brief budget 12,000.10 EUR\nbrief send\n")
    chat(signoff, "ava", "brief confirm v2\n")
    chat(
        signoff,
        "paula",
        """
        change request "Extra banner" price 800.20 days 3 M-1
        change send CR-1
        change request "Poster" price 300
        change send CR-2
    """,
    )
    chat(signoff, "ava", "change accept CR-1 go ahead\nchange decline CR-2 not now\n")
    chat(signoff, "cleo", 'change request "Mug"\nchange withdraw CR-3 never mind\n')


def rows_of(signoff: Signoff, target: Path, record: str) -> list[dict[str, Any]]:
    signoff.ok("export", "acme", "--format", "csv", "--output", str(target))
    with target.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["record"] == record]


def test_each_brief_version_is_a_csv_row_with_who_decided_it(
    signoff: Signoff, tmp_path: Path
) -> None:
    set_up(signoff)
    scope_story(signoff)

    rows = rows_of(signoff, tmp_path / "acme.csv", "brief")

    assert [(r["ref"], r["by"], r["status"], r["summary"]) for r in rows] == [
        ("v1", "Paula", "changes requested", "A brand the team can use"),
        ("v2", "Paula", "confirmed", "A brand the team can use"),
    ]
    v1, v2 = (json.loads(r["data"]) for r in rows)
    assert (v1["decided_by"], v1["decision_note"], v2["decided_by"]) == (
        "Ava", "a monogram too", "Ava",
    )  # fmt: skip
    assert [r["by_id"] for r in rows] == ["console:local:paula"] * 2
    assert v1["decided_by_id"] == v2["decided_by_id"] == "console:local:ava"
    assert (v1["budget"], v2["budget"]) == (
        {"minor": 1_200_000, "currency": "EUR", "amount": "12000.00"},
        {"minor": 1_200_010, "currency": "EUR", "amount": "12000.10"},
    )
    assert v2["deliverables"] == [
        {"name": "Logo", "due": "2036-01-15", "criteria": ["three routes"]}
    ]
    # The version was sent back before the next was drafted, and confirmed after it was sent.
    assert datetime.fromisoformat(v1["decided_at"]) <= datetime.fromisoformat(rows[1]["at"])
    assert datetime.fromisoformat(v2["sent_at"]) <= datetime.fromisoformat(v2["decided_at"])


def test_each_change_request_is_a_csv_row_with_its_price_and_outcome(
    signoff: Signoff, tmp_path: Path
) -> None:
    set_up(signoff)
    scope_story(signoff)

    rows = rows_of(signoff, tmp_path / "acme.csv", "change_request")

    assert [(r["ref"], r["by"], r["status"], r["summary"]) for r in rows] == [
        ("CR-1", "Paula", "accepted", "Extra banner"),
        ("CR-2", "Paula", "declined", "Poster"),
        ("CR-3", "Cleo", "withdrawn", "Mug"),
    ]
    data = [json.loads(r["data"]) for r in rows]
    assert [(d["price"], d["decided_by"], d["decision_note"]) for d in data] == [
        ({"minor": 80_020, "currency": "EUR", "amount": "800.20"}, "Ava", "go ahead"),
        ({"minor": 30_000, "currency": "EUR", "amount": "300.00"}, "Ava", "not now"),
        (None, "Cleo", "never mind"),
    ]
    assert (data[0]["days"], data[0]["milestone"]) == (3, "M-1")
    assert all(datetime.fromisoformat(r["at"]) for r in rows)
    assert data[2]["sent_at"] is None and data[2]["decided_at"] is not None
