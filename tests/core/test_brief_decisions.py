"""The brief decided and after: a decision that comes too early or too late is told what
happened, whole; a confirmed brief makes or updates the milestones (and says so in the audit);
the next draft starts clean of the last version's sending and decision; status says where the
brief stands in one line."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.commands import AddMember
from bot.model import Role
from bot.queries import export_project
from tests.core.conftest import Studio
from tests.core.test_brief import briefs, drafted

AT = "Fri 27 Nov, 10:00\u202fAM"  # the fake clock's now, as a person reads it
LATER = "Fri 27 Nov, 12:00\u202fPM"
BRIEF = [
    "brief set goal A brand the team can use",
    'brief add deliverable "Logo" due 2030-01-15 criteria: three routes',
    'brief add deliverable "Icons" due 2030-03-01',
    "brief rounds 1",
]


async def audit(studio: Studio, *prefixes: str) -> list[tuple[str, str, dict]]:
    record = await export_project("acme", studio.services)
    return [(e["summary"], e["ref"], e["detail"]) for e in record["audit"]
            if e["summary"].startswith(prefixes)]  # fmt: skip


async def brief_line(studio: Studio) -> str:
    [line] = [
        s for s in (await studio.text("cleo", "status")).splitlines() if s.startswith("Brief:")
    ]
    return line


async def test_a_decision_too_early_or_too_late_is_told_what_happened(studio: Studio) -> None:
    await drafted(studio)
    assert await studio.text("ava", "brief confirm v1") == "Brief v1 has not been sent yet."
    await studio.say("paula", "brief send")
    studio.clock.current += timedelta(hours=2)
    await studio.say("ava", "brief changes more icons")
    studio.clock.current += timedelta(hours=1)
    for line in ("brief confirm", "brief confirm v1", "brief changes v1 fewer"):
        assert await studio.text("ava", line) == (
            f"Brief v1 is already decided: Ava asked for changes at {LATER}."
        )
    await studio.say("paula", "brief rounds 4")
    await studio.say("paula", "brief send")
    await studio.say("ava", "brief confirm")
    assert await studio.text("ava", "brief confirm v2") == (
        "Brief v2 is already confirmed: Ava confirmed it at Fri 27 Nov, 1:00\u202fPM."
    )


async def test_the_next_draft_keeps_the_content_and_drops_the_sending_and_decision(
    studio: Studio,
) -> None:
    await drafted(studio)
    await studio.say("paula", "brief send")
    await studio.say("ava", "brief changes more icons")
    assert (await studio.run("paula", AddMember(user="pia", role=Role.PM, display_name="Pia"))).ok
    studio.clock.current += timedelta(hours=1)
    assert (await studio.say("pia", "brief rounds 4")).ok
    v2 = (await export_project("acme", studio.services))["briefs"][-1]
    assert {k: v for k, v in v2.items() if k not in ("deliverables", "budget")} == {
        "ref": "v2", "at": "2026-11-27T11:00:00+00:00", "by": "Pia", "by_id": "console:T1:pia",
        "status": "draft", "summary": "A brand the team can use", "version": 2,
        "goal": "A brand the team can use", "out_of_scope": ["Printing"], "rounds": 4,
        "sent_by": None, "sent_by_id": None, "sent_at": None, "decided_by": None,
        "decided_by_id": None, "decided_at": None, "decision_note": None,
    }  # fmt: skip
    shown = await studio.text("cleo", "brief")
    assert shown.startswith("Brief v2\nStatus: draft\n")
    assert "Sent by" not in shown and "asked for" not in shown


async def test_a_deliverable_or_scope_item_is_removed_by_its_number(studio: Studio) -> None:
    await drafted(studio)
    assert (await studio.say("paula", "brief remove deliverable 1")).ok
    assert (await studio.say("paula", "brief remove deliverable 2")).ok  # Icons, now second
    [draft] = briefs(studio)
    assert [d.name for d in draft.deliverables] == ["Guidelines"]
    assert await studio.text("paula", "brief remove deliverable 2") == (
        "The brief has no deliverable 2; “brief” shows them numbered."
    )


async def test_a_sent_brief_missing_a_date_is_not_confirmed(studio: Studio) -> None:
    await drafted(studio, BRIEF)
    await studio.say("paula", "brief send")
    # A brief is sent only with every date; one stored without (by hand, an old import) is
    # refused by the deliverable's name rather than made into a milestone without a date.
    [sent] = studio.tables.briefs
    icons = replace(sent.deliverables[1], due=None)
    studio.tables.briefs[0] = replace(sent, deliverables=(sent.deliverables[0], icons))
    assert await studio.text("ava", "brief confirm") == "Deliverable “Icons” has no due date."
    assert list(studio.tables.milestones.values()) == []


async def test_confirming_makes_the_milestones_and_audits_each(studio: Studio) -> None:
    await drafted(studio, BRIEF)
    await studio.say("paula", "brief send")
    studio.clock.current += timedelta(hours=2)
    assert (await studio.say("ava", "brief confirm")).ok
    assert await audit(studio, "milestone.") == [
        ("milestone.added", "M-1", {"name": "Logo", "due": "2030-01-15", "brief": "v1"}),
        ("milestone.added", "M-2", {"name": "Icons", "due": "2030-03-01", "brief": "v1"}),
    ]
    record = await export_project("acme", studio.services)
    assert [(m["ref"], m["at"], m["rounds_included"]) for m in record["milestones"]] == [
        ("M-1", "2026-11-27T12:00:00+00:00", 1),
        ("M-2", "2026-11-27T12:00:00+00:00", 1),
    ]
    assert await brief_line(studio) == f"Brief: v1 confirmed by Ava at {LATER}"
    await studio.say("paula", "brief rounds 2")
    assert await brief_line(studio) == f"Brief: v1 confirmed by Ava at {LATER} · v2 draft"


async def test_status_says_how_long_a_sent_brief_has_waited(studio: Studio) -> None:
    await drafted(studio, BRIEF)
    assert await brief_line(studio) == "Brief: not confirmed · v1 draft"
    await studio.say("paula", "brief send")
    studio.clock.current += timedelta(hours=2)
    assert await brief_line(studio) == "Brief: not confirmed · v1 waits on the client, for 2 hours"


async def test_a_milestone_under_review_takes_the_brief_and_its_rounds_as_agreed(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'milestone add "Logo" due 2029-12-01')).ok
    for who, line in [("dan", "submit M-1"), ("paula", "approve M-1"),
                      ("ava", "changes M-1 warmer"), ("dan", "submit M-1")]:  # fmt: skip
        assert (await studio.say(who, line)).ok, line
    await drafted(studio, BRIEF)  # one round, the one already spent
    await studio.say("paula", "brief send")
    assert (await studio.say("ava", "brief confirm")).ok
    [logo, _] = (await export_project("acme", studio.services))["milestones"]
    assert (logo["status"], logo["stage"], logo["due_date"], logo["criteria"]) == (
        "in_review", "pm", "2030-01-15", ["three routes"]
    )  # fmt: skip
    # The contract's one round is spent, not exceeded.
    assert (logo["rounds_used"], logo["rounds_included"], logo["over_allowance"]) == (1, 1, False)
    assert await audit(studio, "milestone.from_brief") == [
        ("milestone.from_brief", "M-1", {
            "brief": "v1",
            "before": {"due": "2029-12-01", "criteria": []},
            "after": {"due": "2030-01-15", "criteria": ["three routes"]},
        })
    ]  # fmt: skip


async def test_a_milestone_changed_while_the_brief_is_confirmed_is_told_to_look_again(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'milestone add "Logo" due 2029-12-01')).ok
    await drafted(studio, BRIEF)
    await studio.say("paula", "brief send")
    studio.tables.racing.add("milestones")
    assert await studio.text("ava", "brief confirm") == (
        "M-1 changed a moment ago; please look again."
    )
