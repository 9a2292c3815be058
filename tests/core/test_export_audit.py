"""The export's audit holds one event for each change that was made, in order, by whom: checked
against the commands that ran, not against another export."""

from __future__ import annotations

from bot.queries import export_project
from tests.core.conftest import Studio

STORY = [
    ("paula", 'milestone add "Concepts" due 2027-01-15'),
    ("cleo", "feedback the blue feels cold"),
    ("dan", "submit M-1 first routes"),
    ("cleo", "issue Site is down critical"),
    ("dan", "issue ack IS-1 looking"),
    ("dan", "feedback resolve FB-1 warmer now"),
    ("paula", "approve M-1"),
    ("cleo", "approve M-1"),  # refused: a client is no approver
    ("ava", "changes M-1 bolder please"),
    ("paula", "status"),  # a look changes nothing
    ("paula", "nudges pause"),
]
SETUP = [  # make_studio: the project, its PM, the channel, three members
    ("project.created", "Paula", "acme"),
    ("member.added", "Paula", "acme"),
    ("project.bound", "Paula", "acme"),
    ("member.added", "Paula", "acme"),
    ("member.added", "Paula", "acme"),
    ("member.added", "Paula", "acme"),
]
CHANGES = [
    ("milestone.added", "Paula", "M-1"),
    ("feedback.logged", "Cleo", "FB-1"),
    ("milestone.submitted", "Dan", "M-1"),
    ("issue.raised", "Cleo", "IS-1"),
    ("issue.acknowledged", "Dan", "IS-1"),
    ("feedback.resolved", "Dan", "FB-1"),
    ("milestone.approve_stage", "Paula", "M-1"),
    ("milestone.request_changes", "Ava", "M-1"),
    ("nudges.paused", "Paula", "acme"),
]


async def test_the_exported_audit_is_the_list_of_changes_that_were_made(studio: Studio) -> None:
    outcomes = [(await studio.say(who, line)).ok for who, line in STORY]
    assert outcomes == [True] * 7 + [False] + [True] * 3

    record = await export_project("acme", studio.services)

    assert [(e["summary"], e["by"], e["ref"]) for e in record["audit"]] == SETUP + CHANGES
    details = {e["summary"]: e["detail"] for e in record["audit"][len(SETUP) :]}
    assert details["issue.acknowledged"] == {
        "before": "open", "after": "acknowledged", "note": "looking"
    }  # fmt: skip
    assert details["milestone.request_changes"]["note"] == "bolder please"
    assert all(e["by_id"] == f"console:T1:{e['by'].lower()}" for e in record["audit"])
