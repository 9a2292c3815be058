"""The export stands on its own: people named by a stable identity beside their display name,
members with who added and removed them, and null wherever a value is missing."""

from __future__ import annotations

from bot.commands import LogFeedback, RemoveMember, SetRoles
from bot.model import Role
from bot.queries import export_project
from tests.core.conftest import Studio, person


def every_value(data: object) -> list[object]:
    """Every value in nested dicts and lists, at any depth."""
    if isinstance(data, dict):
        return [v for value in data.values() for v in [value, *every_value(value)]]
    if isinstance(data, list):
        return [v for value in data for v in [value, *every_value(value)]]
    return []


async def plan_concepts(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')).ok


async def test_the_export_names_people_by_their_stable_identity(studio: Studio) -> None:
    await plan_concepts(studio)
    await studio.say("dan", "submit M-1")
    await studio.say("dan", "withdraw M-1")
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
    assert "" not in every_value(record)


def step(action: str, minute: int, who: str, note=None, before=None, after=None) -> dict:
    at = f"2026-11-27T10:{minute:02}:00+00:00"
    return {"action": action, "at": at, "by": who.title(), "by_id": f"console:T1:{who}",
            "note": note, "before": before, "after": after}  # fmt: skip


async def test_an_exported_issue_carries_each_date_and_step_of_its_life(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-15')).ok
    for who, line in [
        ("cleo", "issue M-1 Login page is blank high"),
        ("cleo", "issue edit IS-1 Login page is white critical"),
        ("dan", "issue ack IS-1 on it"),
        ("paula", "issue assign IS-1 @dan"),
        ("dan", "issue resolve IS-1 fixed the css"),
        ("paula", "issue close IS-1"),
    ]:
        studio.clock.advance(minutes=7)
        assert (await studio.say(who, line)).ok, line

    [issue] = (await export_project("acme", studio.services))["issues"]

    assert issue == {
        "ref": "IS-1",
        "at": "2026-11-27T10:07:00+00:00",
        "by": "Cleo",
        "by_id": "console:T1:cleo",
        "status": "closed",
        "summary": "Login page is white",
        "severity": "critical",
        "description": None,
        "milestone": "M-1",
        "assignee": "Dan",
        "assignee_id": "console:T1:dan",
        # A critical issue is answered within 4 working hours.
        "response_due_at": "2026-11-27T14:07:00+00:00",
        "acknowledged_at": "2026-11-27T10:21:00+00:00",
        "resolved_at": "2026-11-27T10:35:00+00:00",
        "closed_at": "2026-11-27T10:42:00+00:00",
        "edited": True,
        "history": [
            step(
                "edited",
                14,
                "cleo",
                before={"title": "Login page is blank", "severity": "high"},
                after={"title": "Login page is white", "severity": "critical"},
            ),
            step("acknowledged", 21, "dan", note="on it"),
            step("assigned", 28, "paula", after={"assignee": "Dan"}),
            step("resolved", 35, "dan", note="fixed the css"),
            step("closed", 42, "paula"),
        ],
    }


async def test_feedback_logged_from_a_message_keeps_its_link_and_its_author(
    studio: Studio,
) -> None:
    # A message shortcut logs someone else's message, with a link back to it.
    link = "https://acme.slack.com/archives/C-acme/p1700000000000100"
    logged = await studio.run(
        "dan",
        LogFeedback(text="make the logo bigger", source_link=link, author=person("cleo"),
                    author_name="Cleo"),
    )  # fmt: skip
    assert logged.ok, logged.replies

    # Someone Signoff has not met yet is stored under the name their platform gave.
    newcomer = LogFeedback(text="and warmer", source_link=link, author=person("rita"),
                           author_name="Rita")  # fmt: skip
    assert (await studio.run("dan", newcomer)).ok

    cleo, rita = (await export_project("acme", studio.services))["feedback"]
    assert (cleo["by"], cleo["by_id"], cleo["source_link"]) == ("Cleo", "console:T1:cleo", link)
    assert (rita["by"], rita["by_id"]) == ("Rita", "console:T1:rita")


async def test_a_role_set_by_identity_is_the_one_the_platform_named(studio: Studio) -> None:
    # Slack and Teams name the person by the identity their mention carried, not by a word.
    changed = await studio.run("paula", SetRoles(roles=(Role.APPROVER,), identity=person("dan")))
    assert changed.ok, changed.replies

    members = (await export_project("acme", studio.services))["members"]
    dan = {m["status"]: m for m in members if m["user_id"] == "dan"}
    assert set(dan) == {"approver", "removed"}
    assert dan["removed"]["removed_by_id"] == "console:T1:paula"
    assert dan["removed"]["role"] == "designer"


async def test_a_role_ended_by_identity_is_the_one_the_platform_named(studio: Studio) -> None:
    # A mention's identity names the person even when the word typed names nobody stored.
    removed = await studio.run("paula", RemoveMember(user="Daniel", identity=person("dan")))
    assert removed.ok, removed.replies
    assert removed.replies[0].message.text == "Dan is no longer a member of acme."
    members = (await export_project("acme", studio.services))["members"]
    assert [m["status"] for m in members if m["user_id"] == "dan"] == ["removed"]
