"""How `brief …` lines are read, told by what the PM sees: the choices offered after a word the
brief does not know (in English and Chinese), the colon people type after "due" whichever side
of it the date stands, a date or an extra word echoed back as typed, which numbers name a
deliverable or an out-of-scope item, and the example the rounds refusal gives."""

from __future__ import annotations

from datetime import date

import pytest

from bot.grammar import usage
from bot.i18n import tr
from tests.core.conftest import Studio, make_studio
from tests.core.test_brief import briefs

TAIL = "“brief” shows it; “brief send” posts it for the client's approvers."
USAGE = "\nUsage: " + tr("en", usage("brief"))
NUMBER_BAD = "Say which one by its number in the brief, like 2."


def told(change: str, version: str = "v1") -> str:
    return f"Brief {version}: {change} {TAIL}"


@pytest.mark.parametrize(
    ("line", "first"),
    [
        (
            "brief frob",
            "After “brief”, use one of: "
            "set|add|remove|due|criteria|budget|rounds|edit|send|confirm|changes.",
        ),
        ("brief set frob", "After “brief set”, use one of: goal|budget|rounds."),
        ("brief add frob", "After “brief add”, use one of: deliverable|out-of-scope."),
        ("brief remove frob", "After “brief remove”, use one of: deliverable|out-of-scope."),
    ],
)
async def test_a_word_the_brief_does_not_know_is_answered_with_the_choices(
    studio: Studio, line: str, first: str
) -> None:
    assert await studio.text("paula", line) == first + USAGE
    assert briefs(studio) == []


@pytest.mark.parametrize(
    ("line", "first"),
    [
        (
            "需求 frob",
            "“brief”后面请使用以下之一："
            "set|add|remove|due|criteria|budget|rounds|edit|send|confirm|changes。",
        ),
        ("需求 设置 frob", "“brief set”后面请使用以下之一：goal|budget|rounds。"),
        ("需求 add frob", "“brief add”后面请使用以下之一：deliverable|out-of-scope。"),
    ],
)
async def test_a_chinese_project_is_offered_the_same_choices_in_chinese(
    line: str, first: str
) -> None:
    studio = await make_studio(locale="zh-CN")
    answer = await studio.text("paula", line)
    assert answer.split("\n")[0] == first
    assert answer.split("\n")[1].startswith("用法：brief [vN]")


@pytest.mark.parametrize(
    "line",
    [
        'brief add deliverable "Logo" due 2030-01-15',
        'brief add deliverable "Logo" due: 2030-01-15',
        'brief add deliverable "Logo" DUE: 2030-01-15',
        'brief add deliverable "Logo" due：2030-01-15',
        'brief add deliverable "Logo" due :2030-01-15',
        'brief add deliverable "Logo" due ：2030-01-15',
        "brief add deliverable Logo due: 2030-01-15",
    ],
)
async def test_a_colon_after_due_on_either_side_of_a_space_still_gives_the_date(
    studio: Studio, line: str
) -> None:
    assert await studio.text("paula", line) == (
        f"Brief v1 drafted. Deliverable 1 added: “Logo”. {TAIL}"
    )
    [stored] = briefs(studio)
    assert [(d.name, d.due) for d in stored.deliverables] == [("Logo", date(2030, 1, 15))]


async def test_a_deliverable_added_with_a_date_and_criteria_keeps_both(studio: Studio) -> None:
    line = "brief add deliverable Icons DUE: 2030-01-16 criteria: three sizes; one stroke"
    assert (await studio.say("paula", line)).ok
    [stored] = briefs(studio)
    assert [(d.name, d.due, d.criteria) for d in stored.deliverables] == [
        ("Icons", date(2030, 1, 16), ("three sizes", "one stroke"))
    ]


@pytest.mark.parametrize("typed", ["2030-03-01", ": 2030-03-01", ":2030-03-01", "：2030-03-01"])
async def test_a_corrected_date_may_follow_a_colon(studio: Studio, typed: str) -> None:
    await studio.say("paula", 'brief add deliverable "Logo" due 2030-01-15')
    assert await studio.text("paula", f"brief due 1 {typed}") == (
        told("“Logo” is due Fri 1 Mar 2030.")
    )
    assert [d.due for d in briefs(studio)[0].deliverables] == [date(2030, 3, 1)]


async def test_a_corrected_deliverable_gets_exactly_the_criteria_typed(studio: Studio) -> None:
    await studio.say("paula", 'brief add deliverable "Logo" criteria: one route')
    assert await studio.text("paula", "brief criteria 1 three routes; one colour") == (
        told("New criteria for “Logo”.")
    )
    assert [d.criteria for d in briefs(studio)[0].deliverables] == [("three routes", "one colour")]


UNREADABLE = "I can't read “{}” as a date. Try 2026-12-15, “next friday” or “12月15日”."


async def test_a_date_that_cannot_be_read_is_echoed_back_as_typed(studio: Studio) -> None:
    # "Xmas": the echo keeps its first letter, whatever is stripped before the date is read.
    assert await studio.text("paula", 'brief add deliverable "Logo" due Xmas') == (
        UNREADABLE.format("Xmas") + USAGE
    )
    await studio.say("paula", 'brief add deliverable "Logo" due 2030-01-15')
    assert await studio.text("paula", "brief due 1 Xmas") == UNREADABLE.format("Xmas") + USAGE
    assert [d.due for d in briefs(studio)[0].deliverables] == [date(2030, 1, 15)]


async def test_a_date_after_a_quoted_name_without_due_is_echoed_as_not_understood(
    studio: Studio,
) -> None:
    assert await studio.text("paula", 'brief add deliverable "Logo" 2030-01-15') == (
        "I did not understand “2030-01-15” at the end." + USAGE
    )
    assert briefs(studio) == []


@pytest.mark.parametrize("number", ["0", "1000", "x", "３", "-1"])
@pytest.mark.parametrize("what", ["deliverable", "out-of-scope"])
async def test_only_a_plain_number_from_1_to_999_names_an_item(
    studio: Studio, number: str, what: str
) -> None:
    await studio.say("paula", 'brief add deliverable "Logo"')
    await studio.say("paula", "brief add out-of-scope Printing")
    assert await studio.text("paula", f"brief remove {what} {number}") == NUMBER_BAD + USAGE
    [stored] = briefs(studio)
    assert ([d.name for d in stored.deliverables], stored.out_of_scope) == (
        ["Logo"],
        ("Printing",),
    )


async def test_the_number_999_is_read_and_found_missing_from_the_brief(studio: Studio) -> None:
    await studio.say("paula", 'brief add deliverable "Logo"')
    assert await studio.text("paula", "brief remove deliverable 999") == (
        "The brief has no deliverable 999; “brief” shows them numbered."
    )
    assert await studio.text("paula", "brief due 999 2030-01-15") == (
        "The brief has no deliverable 999; “brief” shows them numbered."
    )


async def test_removing_out_of_scope_leaves_the_deliverable_of_the_same_number(
    studio: Studio,
) -> None:
    await studio.say("paula", 'brief add deliverable "Logo"')
    await studio.say("paula", "brief add out-of-scope Printing")
    assert await studio.text("paula", "brief remove out-of-scope 1") == told("Removed: Printing.")
    [stored] = briefs(studio)
    assert ([d.name for d in stored.deliverables], stored.out_of_scope) == (["Logo"], ())
    assert await studio.text("paula", "brief remove deliverable 1") == (
        told("Deliverable “Logo” removed.")
    )
    assert briefs(studio)[0].deliverables == ()


@pytest.mark.parametrize("word", ["default", "DEFAULT", "Default", "默认"])
async def test_rounds_default_in_any_case_gives_the_project_s_own(
    studio: Studio, word: str
) -> None:
    await studio.say("paula", "brief rounds 5")
    assert await studio.text("paula", f"brief rounds {word}") == (
        told("Revision rounds: 2 per milestone.")
    )
    assert briefs(studio)[0].rounds is None


@pytest.mark.parametrize("typed", ["21", "many", "2.5"])
async def test_rounds_the_brief_cannot_take_are_refused_with_a_brief_example(
    studio: Studio, typed: str
) -> None:
    assert await studio.text("paula", f"brief rounds {typed}") == (
        "Give the revision rounds as a whole number from 0 to 20, like “brief rounds 2”." + USAGE
    )
    assert briefs(studio) == []
