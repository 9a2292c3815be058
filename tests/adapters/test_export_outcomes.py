"""`signoff export`: the risk register (every risk, shared or not: the export is the studio's),
each satisfaction answer and each lesson are records of their own, in JSON and as CSV rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.adapters.conftest import Signoff
from tests.adapters.test_export_scope_csv import chat, set_up


def story(signoff: Signoff) -> None:
    """M-1 signed off and scored 2 with a comment (a risk raised by Signoff), a risk the PM
    added and shared then closed, and a lesson."""
    set_up(signoff)
    chat(
        signoff,
        "paula",
        """
        milestone add "Logo" due 2036-01-15
        submit M-1 three routes
        approve M-1
        risk add "Fonts licence" likelihood high impact low owner @paula mitigation buy it
        risk share RK-1
        risk close RK-1 bought
        lesson ask for the fonts on day one
    """,
    )
    chat(signoff, "ava", "approve M-1\ncsat M-1 2 the blue is wrong\n")


def test_risks_answers_and_lessons_are_in_the_json_export(signoff: Signoff) -> None:
    story(signoff)
    exported = signoff.export("acme")

    added, raised = exported["risks"]
    assert (added["ref"], added["by"], added["status"], added["summary"]) == (
        "RK-1", "Paula", "closed", "Fonts licence",
    )  # fmt: skip
    assert (added["owner"], added["shared"], added["score"], added["close_note"]) == (
        "Paula", True, 3, "bought",
    )  # fmt: skip
    assert added["closed_by_id"] == "console:local:paula"
    # Raised by Signoff itself: nobody in "by", what raised it in its key and evidence.
    assert (raised["ref"], raised["by"], raised["by_id"], raised["shared"]) == (
        "RK-2", None, None, False,
    )  # fmt: skip
    assert raised["key"].startswith("csat:") and "the blue is wrong" in raised["evidence"]
    assert raised["owner"] is None and raised["closed_by"] is None

    [answer] = exported["surveys"]
    assert (answer["survey"], answer["by"], answer["score"], answer["comment"]) == (
        "M-1", "Ava", 2, "the blue is wrong",
    )  # fmt: skip
    assert answer["first_answered_at"] == answer["at"]

    [lesson] = exported["lessons"]
    assert (lesson["by"], lesson["summary"]) == ("Paula", "ask for the fonts on day one")


def test_each_is_a_csv_row_of_its_own(signoff: Signoff, tmp_path: Path) -> None:
    story(signoff)
    target = tmp_path / "acme.csv"
    signoff.ok("export", "acme", "--format", "csv", "--output", str(target))
    with target.open(encoding="utf-8", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["record"] in {"risk", "survey_answer", "lesson"}
        ]

    assert [(r["record"], r["ref"], r["by"], r["summary"]) for r in rows] == [
        ("risk", "RK-1", "Paula", "Fonts licence"),
        ("risk", "RK-2", "", rows[1]["summary"]),
        ("survey_answer", "M-1:console:local:ava", "Ava", "the blue is wrong"),
        ("lesson", rows[3]["ref"], "Paula", "ask for the fonts on day one"),
    ]
    assert rows[1]["summary"].startswith("Low client satisfaction: Ava on M-1")
    assert json.loads(rows[2]["data"])["score"] == 2
