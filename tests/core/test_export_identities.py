"""The export stands on its own: people named by a stable identity beside their display name,
members with who added and removed them, and null wherever a value is missing."""

from __future__ import annotations

from bot.queries import export_project
from tests.core.conftest import Studio


async def plan_concepts(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')).ok


async def test_the_export_names_people_by_their_stable_identity(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("paula", "approve M-1")
    await studio.say("cleo", "feedback looks good")
    await studio.say("cleo", "issue typo on page 2 low")
    await studio.say("paula", "issue assign IS-1 @dan")
    await studio.say("paula", "member remove @ava")

    record = await export_project("acme", studio.services)

    [decision] = record["decisions"]
    assert (decision["by"], decision["by_id"]) == ("Paula", "console:T1:paula")
    assert record["feedback"][0]["by_id"] == "console:T1:cleo"
    [issue] = record["issues"]
    assert (issue["by_id"], issue["assignee"], issue["assignee_id"]) == (
        "console:T1:cleo",
        "Dan",
        "console:T1:dan",
    )
    assert {e["by_id"] for e in record["audit"]} == {
        "console:T1:paula",
        "console:T1:dan",
        "console:T1:cleo",
    }
    members = {m["user_id"]: m for m in record["members"]}
    assert members["dan"]["added_by"] == "Paula"
    assert members["dan"]["added_by_id"] == "console:T1:paula"
    assert members["dan"]["added_at"] == studio.clock.now().isoformat()
    assert members["ava"]["status"] == "removed"
    assert members["ava"]["removed_by_id"] == "console:T1:paula"
    assert members["dan"]["removed_at"] is None
    # Missing is null, never "": the feedback has no resolution, the issue no description.
    assert record["feedback"][0]["resolution_note"] is None
    assert issue["description"] is None and issue["closed_at"] is None
    every_value = [v for items in record.values() if isinstance(items, list) for i in items
                   for v in i.values()]  # fmt: skip
    assert "" not in every_value
