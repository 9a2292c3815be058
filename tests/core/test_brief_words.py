"""The brief's answers word for word: what the PM is told after each typed change (which
version it went into, what changed, what next), the refusal of a change past a limit with the
brief's usage, and a whole brief imported at once: every field stored in place of the draft's,
the audit row, and a refusal naming the field that is wrong."""

from __future__ import annotations

from datetime import date

from bot.brief_commands import BriefEdit, DeliverableDraft, EditBrief, ImportBrief
from bot.grammar import usage
from bot.i18n import tr
from bot.money import Money
from bot.service import Result
from tests.core.conftest import Studio, make_studio
from tests.core.test_brief import briefs
from tests.core.test_brief_decisions import audit

TAIL = "“brief” shows it; “brief send” posts it for the client's approvers."
USAGE = "\nUsage: " + tr("en", usage("brief"))


def told(change: str, version: str = "v1") -> str:
    return f"Brief {version}: {change} {TAIL}"


async def test_the_first_change_drafts_a_version_and_the_next_ones_name_it(
    studio: Studio,
) -> None:
    assert await studio.text("paula", "brief set goal A brand") == (
        f"Brief v1 drafted. Goal set. {TAIL}"
    )
    assert await studio.text("paula", "brief set goal A better brand") == told("Goal set.")


async def test_a_chinese_project_is_told_without_spaces_between_the_sentences() -> None:
    studio = await make_studio(locale="zh-CN")
    # The one space is the typography's, between Chinese and the version's latin letters.
    assert await studio.text("paula", "brief set goal 品牌") == (
        "已起草需求确认单 v1。已设定目标。发送“需求”查看；发送“需求 发送”交给客户审批人确认。"
    )


async def test_each_typed_change_says_what_it_changed(studio: Studio) -> None:
    await studio.say("paula", "brief set goal A brand")
    lines = {
        'brief add deliverable "Logo" due 2030-01-15': "Deliverable 1 added: “Logo”.",
        'brief add deliverable "Icons"': "Deliverable 2 added: “Icons”.",
        "brief add out-of-scope Printing": "Out of scope 1: Printing.",
        "brief add out-of-scope Hosting": "Out of scope 2: Hosting.",
        "brief budget 12000 EUR": "Budget: €12,000.00.",
        "brief rounds 3": "Revision rounds: 3 per milestone.",
        "brief rounds 0": "Revision rounds: 0 per milestone.",
        # The project's own rounds (2) when the brief names none.
        "brief rounds default": "Revision rounds: 2 per milestone.",
        "brief due 2 2030-03-01": "“Icons” is due Fri 1 Mar 2030.",
        "brief criteria 1 three routes; one colour": "New criteria for “Logo”.",
        "brief remove deliverable 1": "Deliverable “Logo” removed.",
    }
    for line, change in lines.items():
        assert await studio.text("paula", line) == told(change), line


async def test_a_corrected_deliverable_keeps_its_new_date_and_criteria(studio: Studio) -> None:
    await studio.say("paula", 'brief add deliverable "Logo" due 2030-01-15 criteria: one')
    await studio.say("paula", 'brief add deliverable "Icons"')
    assert (await studio.say("paula", "brief due 2 2030-03-01")).ok
    assert (await studio.say("paula", "brief criteria 1 three routes; one colour")).ok
    [(logo, icons)] = [b.deliverables for b in briefs(studio)]
    assert (logo.name, logo.due, logo.criteria) == (
        "Logo",
        date(2030, 1, 15),
        ("three routes", "one colour"),
    )
    assert (icons.name, icons.due, icons.criteria) == ("Icons", date(2030, 3, 1), ())


async def test_removing_an_out_of_scope_item_removes_that_one_and_names_it(
    studio: Studio,
) -> None:
    for item in ("Printing", "Hosting", "Signage"):
        await studio.say("paula", f"brief add out-of-scope {item}")
    assert await studio.text("paula", "brief remove out-of-scope 2") == told("Removed: Hosting.")
    assert briefs(studio)[0].out_of_scope == ("Printing", "Signage")
    assert await studio.text("paula", "brief remove out-of-scope 2") == told("Removed: Signage.")
    assert briefs(studio)[0].out_of_scope == ("Printing",)


async def test_a_date_or_goal_the_brief_cannot_take_is_refused_with_the_brief_usage(
    studio: Studio,
) -> None:
    unreadable = "I can't read “someday” as a date. Try 2026-12-15, “next friday” or “12月15日”."
    assert await studio.text("paula", 'brief add deliverable "Logo" due someday') == (
        unreadable + USAGE
    )
    await studio.say("paula", 'brief add deliverable "Logo" due 2030-01-15')
    assert await studio.text("paula", "brief due 1 someday") == unreadable + USAGE
    assert await studio.text("paula", "brief add out-of-scope " + "y" * 300) == (
        "An out-of-scope item can be at most 200 characters." + USAGE
    )
    empty_goal = await studio.run("paula", EditBrief(edit=BriefEdit.GOAL, text=" "))
    assert [r.message.text for r in empty_goal.replies] == ["Say what the project is for." + USAGE]
    assert [b.deliverables[0].due for b in briefs(studio)] == [date(2030, 1, 15)]


async def test_a_budget_without_a_currency_is_refused_until_the_brief_has_one(
    studio: Studio,
) -> None:
    assert await studio.text("paula", "brief budget 12000") == (
        "Name the currency, like “12000 EUR”."
    )
    assert briefs(studio) == []
    await studio.say("paula", "brief budget 12000 EUR")
    assert await studio.text("paula", "brief budget 9000") == told("Budget: €9,000.00.")


def full(deliverables: int = 50, items: int = 50) -> ImportBrief:
    return ImportBrief(
        goal="A brand",
        deliverables=tuple(DeliverableDraft(name=f"D{n}") for n in range(1, deliverables + 1)),
        out_of_scope=tuple(f"S{n}" for n in range(1, items + 1)),
    )


async def test_fifty_deliverables_and_items_can_be_imported_but_not_one_more_typed(
    studio: Studio,
) -> None:
    imported = await studio.run("paula", full())
    assert imported.ok, imported.replies
    assert await studio.text("paula", 'brief add deliverable "One more"') == (
        "A brief holds at most 50 deliverables." + USAGE
    )
    assert await studio.text("paula", "brief add out-of-scope One more") == (
        "A brief holds at most 50 out-of-scope items." + USAGE
    )
    [stored] = briefs(studio)
    assert (len(stored.deliverables), len(stored.out_of_scope)) == (50, 50)


async def test_forty_nine_leave_room_for_one_more_typed(studio: Studio) -> None:
    assert (await studio.run("paula", full(49, 49))).ok
    assert await studio.text("paula", 'brief add deliverable "Last"') == (
        told("Deliverable 50 added: “Last”.")
    )
    assert await studio.text("paula", "brief add out-of-scope Last") == (
        told("Out of scope 50: Last.")
    )


def refused(result: Result) -> tuple[dict[str, str], list[str]]:
    assert not result.ok
    return result.field_errors, [r.message.text for r in result.replies]


async def test_an_import_past_a_limit_names_the_list_that_is_too_long(studio: Studio) -> None:
    too_many = "A brief holds at most 50 deliverables."
    assert refused(await studio.run("paula", full(51, 0))) == (
        {"deliverables": too_many},
        [too_many + USAGE],
    )
    too_many = "A brief holds at most 50 out-of-scope items."
    assert refused(await studio.run("paula", full(0, 51))) == (
        {"out_of_scope": too_many},
        [too_many + USAGE],
    )
    assert briefs(studio) == []


async def test_an_import_refusal_names_the_field_and_stores_nothing(studio: Studio) -> None:
    rounds = "Give the revision rounds as a whole number from 0 to 20."
    cases = [
        (ImportBrief(goal=" "), "goal", "Say what the project is for."),
        (
            ImportBrief(goal="G", deliverables=(DeliverableDraft(name="Logo"),) * 2),
            "deliverables[2].name",
            "The brief already has a deliverable “Logo”.",
        ),
        (
            ImportBrief(goal="G", budget="lots"),
            "budget",
            "“lots” is not an amount: type it like 12000 EUR or 12,000.50 EUR.",
        ),
        (ImportBrief(goal="G", rounds=21), "rounds", rounds),
        (ImportBrief(goal="G", rounds=-1), "rounds", rounds),
    ]
    for command, field, message in cases:
        assert refused(await studio.run("paula", command)) == (
            {field: message},
            [message + USAGE],
        ), field
    assert briefs(studio) == []


async def test_zero_and_twenty_rounds_are_both_imported(studio: Studio) -> None:
    for rounds in (0, 20):
        assert (await studio.run("paula", ImportBrief(goal="G", rounds=rounds))).ok
        assert briefs(studio)[-1].rounds == rounds


async def test_an_import_replaces_every_field_of_the_draft_and_is_audited(
    studio: Studio,
) -> None:
    for line in [
        "brief set goal Old goal",
        'brief add deliverable "Old" due 2030-01-01',
        "brief add out-of-scope Old item",
        "brief budget 500 EUR",
        "brief rounds 5",
    ]:
        assert (await studio.say("paula", line)).ok, line
    imported = await studio.run(
        "paula",
        ImportBrief(
            goal="A brand the team can use",
            deliverables=(
                DeliverableDraft(name="Logo", due="2030-01-15", criteria=("three routes",)),
                DeliverableDraft(name="Icons", due="2030-03-01"),
                DeliverableDraft(name="Favicon"),
            ),
            out_of_scope=("Printing",),
            budget="12000 EUR",
            rounds=3,
        ),
    )
    assert [r.message.text for r in imported.replies] == [
        told("Imported: 3 deliverables, 1 out-of-scope items.")
    ]
    [stored] = briefs(studio)
    assert stored.goal == "A brand the team can use"
    assert [(d.name, d.due, d.criteria) for d in stored.deliverables] == [
        ("Logo", date(2030, 1, 15), ("three routes",)),
        ("Icons", date(2030, 3, 1), ()),
        ("Favicon", None, ()),
    ]
    assert stored.out_of_scope == ("Printing",)
    assert stored.budget == Money(minor=1200000, currency="EUR")
    assert stored.rounds == 3
    assert await audit(studio, "brief.imported") == [
        ("brief.imported", "brief v1", {"deliverables": 3})
    ]
