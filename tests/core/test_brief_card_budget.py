"""The brief's card and the project's budget word for word: what the client's approvers see when
a version is sent (its fields, deliverables, buttons and who sent it), the same card redrawn in
place once they decide (who decided, when, and what they asked for), the audit row of each
decision, and the refusal of a decision that names no version there is, comes before anything
waits, or asks for changes without saying which. Then `budget`: a project with nothing priced, a
brief without a budget, the confirmed version's budget while a later draft names another, the
changes accepted and those still waiting on the client, in English and Chinese; and an amount the
brief cannot take (two currencies, a currency code that is none) refused as it was typed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.brief import BriefDecisionKind
from bot.brief_commands import DecideBrief
from bot.grammar import usage
from bot.i18n import tr
from bot.messages import ActionStyle, Field
from bot.money import MoneyError, parse_money
from tests.core.conftest import Studio, make_studio
from tests.core.test_brief import card
from tests.core.test_brief_decisions import audit

SENT_AT = "Fri 27 Nov, 10:00\u202fAM"  # the fake clock's now
DECIDED_AT = "Fri 27 Nov, 12:00\u202fPM"
USAGE = "\nUsage: " + tr("en", usage("brief"))
DRAFT = [
    "brief set goal A brand the team can use",
    'brief add deliverable "Logo" due 2030-01-15 criteria: three routes; one colour',
    'brief add deliverable "Icons" due 2030-03-01',
    "brief budget 12000 EUR",
    "brief rounds 3",
    "brief add out-of-scope Printing",
    "brief add out-of-scope Hosting",
]
CARD_TEXT = [
    "Brief v1",
    "Status: {status}",
    "Goal: A brand the team can use",
    "Revision rounds: 3 per milestone",
    "Budget: €12,000.00",
    "Out of scope: 1. Printing; 2. Hosting",
    "Deliverables:",
    "1. Logo · due Tue 15 Jan 2030 · criteria: three routes; one colour",
    "2. Icons · due Fri 1 Mar 2030",
    f"Sent by Paula at {SENT_AT}",
]


async def sent(studio: Studio, lines: list[str] = DRAFT):
    for line in lines:
        assert (await studio.say("paula", line)).ok, line
    result = await studio.say("paula", "brief send")
    assert result.ok, result.replies
    return result


def fields(status: str) -> tuple[Field, ...]:
    return (
        Field(label="Status", value=status),
        Field(label="Goal", value="A brand the team can use"),
        Field(label="Revision rounds", value="3 per milestone"),
        Field(label="Budget", value="€12,000.00"),
        Field(label="Out of scope", value="1. Printing; 2. Hosting"),
    )


async def test_the_sent_card_shows_every_field_its_deliverables_and_who_sent_it(
    studio: Studio,
) -> None:
    posted = card(await sent(studio))
    assert posted.message.text.splitlines() == [
        line.format(status="waiting on the client") for line in CARD_TEXT
    ]
    shown = posted.message.card
    assert (shown.title, shown.subtitle) == ("Brief v1", "Acme rebrand")
    assert shown.fields == fields("waiting on the client")
    assert shown.items == (
        "1. Logo · due Tue 15 Jan 2030 · criteria: three routes; one colour",
        "2. Icons · due Fri 1 Mar 2030",
    )
    assert shown.footer == f"Sent by Paula at {SENT_AT}"
    assert [(a.label, a.style, a.needs_input) for a in shown.actions] == [
        ("Confirm", ActionStyle.PRIMARY, ""),
        ("Ask for changes", ActionStyle.DANGER, "What should change?"),
    ]


async def test_a_chinese_card_asks_what_should_change_in_chinese() -> None:
    studio = await make_studio(locale="zh-CN")
    shown = card(await sent(studio)).message
    assert [(a.label, a.needs_input) for a in shown.card.actions] == [
        ("确认", ""),
        ("要求修改", "修改意见"),
    ]
    assert shown.card.footer == "Paula 于 11月27日（周五）10:00 发出"
    assert "\n交付物：\n1. Logo · 截止 2030年1月15日（周二）" in shown.text


async def test_asking_for_changes_redraws_the_card_with_who_asked_and_what(
    studio: Studio,
) -> None:
    posted = card(await sent(studio))
    studio.clock.current += timedelta(hours=2)
    asked = await studio.say("ava", "brief changes more icons")
    redrawn = card(asked)
    assert (redrawn.card_key, redrawn.replaces) == (posted.card_key, posted.card_key)
    status = f"changes requested by Ava at {DECIDED_AT}"
    assert redrawn.message.text.splitlines() == [
        *(line.format(status=status) for line in CARD_TEXT),
        "✎ Ava asked for: more icons",
    ]
    assert redrawn.message.card.fields == fields(status)
    assert redrawn.message.card.footer == (
        f"Sent by Paula at {SENT_AT}\n✎ Ava asked for: more icons"
    )
    assert redrawn.message.card.actions == ()
    assert await audit(studio, "brief.changes", "brief.confirmed") == [
        ("brief.changes_requested", "brief v1", {"note": "more icons"})
    ]


async def test_a_confirmation_with_a_note_says_who_confirmed_but_asks_for_nothing(
    studio: Studio,
) -> None:
    posted = card(await sent(studio))
    studio.clock.current += timedelta(hours=2)
    decided = await studio.say("ava", "brief confirm looks right")
    redrawn = card(decided)
    assert (redrawn.card_key, redrawn.replaces) == (posted.card_key, posted.card_key)
    status = f"confirmed by Ava at {DECIDED_AT}"
    assert redrawn.message.text.splitlines() == [line.format(status=status) for line in CARD_TEXT]
    assert redrawn.message.card.footer == f"Sent by Paula at {SENT_AT}"
    assert await audit(studio, "brief.changes", "brief.confirmed") == [
        ("brief.confirmed", "brief v1", {"note": "looks right", "milestones": ["M-1", "M-2"]})
    ]


async def test_a_card_without_rounds_says_the_projects_and_an_undated_deliverable_says_so(
    studio: Studio,
) -> None:
    await studio.say("paula", "brief set goal A brand")
    await studio.say("paula", 'brief add deliverable "Logo"')
    assert (await studio.text("cleo", "brief")).splitlines() == [
        "Brief v1",
        "Status: draft",
        "Goal: A brand",
        "Revision rounds: 2 per milestone",  # the project's own
        "Deliverables:",
        "1. Logo · no due date yet",
    ]


@pytest.mark.parametrize(("typed", "shown"), [("3", "3"), ("0", "0"), ("default", "2")])
async def test_the_card_shows_the_rounds_the_brief_names_else_the_projects(
    studio: Studio, typed: str, shown: str
) -> None:
    await studio.say("paula", f"brief rounds {typed}")
    lines = (await studio.text("cleo", "brief")).splitlines()
    assert lines[2] == f"Revision rounds: {shown} per milestone"


async def test_deciding_a_version_there_is_not_or_before_any_waits_is_refused(
    studio: Studio,
) -> None:
    nothing = "No brief is waiting for the client's confirmation."
    assert await studio.text("ava", "brief confirm") == nothing
    await studio.say("paula", "brief set goal A brand")
    assert await studio.text("ava", "brief confirm") == nothing
    assert await studio.text("ava", "brief confirm v3") == "The brief has no version v3."


async def test_asking_for_changes_without_saying_which_is_refused_with_the_usage(
    studio: Studio,
) -> None:
    await sent(studio)
    # A button's note can arrive empty: it is refused, and nothing is decided.
    empty = await studio.run("ava", DecideBrief(kind=BriefDecisionKind.CHANGES, note=" "))
    assert [r.message.text for r in empty.replies] == ["Say what needs to change." + USAGE]
    long = await studio.say("ava", "brief changes " + "x" * 4001)
    assert [r.message.text for r in long.replies] == [
        "A note can be at most 4000 characters." + USAGE
    ]
    assert await audit(studio, "brief.changes", "brief.confirmed") == []
    assert (await studio.say("ava", "brief changes " + "x" * 4000)).ok


CONFIRMED = [
    "brief set goal A brand",
    'brief add deliverable "Logo" due 2030-01-15',
    "brief budget 12000 EUR",
    "brief send",
]


async def confirmed(studio: Studio, lines: list[str] = CONFIRMED) -> None:
    for line in lines:
        assert (await studio.say("paula", line)).ok, line
    assert (await studio.say("ava", "brief confirm")).ok


@pytest.mark.parametrize(
    ("locale", "nothing", "unpriced"),
    [
        (
            "en",
            "No budget yet. A PM sets the brief's with “brief budget 12000 EUR”.",
            "The brief has no budget yet.\nNothing is priced yet.",
        ),
        (
            "zh-CN",
            "还没有预算。项目经理可以用“需求 预算 12000 EUR”设定。",
            "需求确认单还没有预算。\n还没有任何报价。",
        ),
    ],
)
async def test_a_project_without_a_price_says_so(locale: str, nothing: str, unpriced: str) -> None:
    studio = await make_studio(locale=locale)
    assert await studio.text("cleo", "budget") == nothing
    await studio.say("paula", "brief set goal A brand")
    assert await studio.text("cleo", "budget") == unpriced


async def test_the_confirmed_versions_budget_counts_while_a_later_draft_names_another(
    studio: Studio,
) -> None:
    await confirmed(studio)
    assert (await studio.say("paula", "brief budget 15000 EUR")).ok  # drafts v2
    assert (await studio.text("cleo", "budget")).splitlines() == [
        "Brief v1 (confirmed): €12,000.00",
        "Accepted changes: €0.00",
        "Total committed: €12,000.00",
    ]


async def test_a_draft_names_the_currency_when_the_confirmed_version_has_no_budget(
    studio: Studio,
) -> None:
    await confirmed(studio, [line for line in CONFIRMED if "budget" not in line])
    assert (await studio.say("paula", "brief budget 9000 USD")).ok
    assert (await studio.text("cleo", "budget")).splitlines() == [
        "The brief has no budget yet.",
        "Accepted changes: $0.00",
        "Total committed: $0.00",
    ]


async def test_the_budget_lists_what_is_accepted_and_what_waits_on_the_client(
    studio: Studio,
) -> None:
    await confirmed(studio)
    for line in (
        'change request "Extra banner" price 300 days 2 M-1',
        'change request "Icons" price 200 days 1 M-1',
        'change request "Favicon" price 50 days 1 M-1',
        "change send CR-1",
        "change send CR-2",
        "change send CR-3",
    ):
        assert (await studio.say("paula", line)).ok, line
    assert (await studio.say("ava", "change accept CR-3")).ok
    assert (await studio.text("cleo", "budget")).splitlines() == [
        "Brief v1 (confirmed): €12,000.00",
        "Accepted changes: €50.00",
        "  CR-3 Favicon · €50.00 · +1 working day to M-1 · accepted",
        "Total committed: €12,050.00",
        "Waiting on the client: €500.00",
        "  CR-1 Extra banner · €300.00 · +2 working days to M-1 · waiting on the client",
        "  CR-2 Icons · €200.00 · +1 working day to M-1 · waiting on the client",
    ]


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "12000 EUR USD",
            "“12000 EUR USD” is not an amount: type it like 12000 EUR or 12,000.50 EUR.",
        ),
        ("12000 xyz", "“xyz” is not a currency code: use one like EUR, USD or CNY."),
    ],
)
async def test_a_budget_in_two_currencies_or_none_is_refused_as_typed(
    studio: Studio, typed: str, said: str
) -> None:
    assert await studio.text("paula", f"brief budget {typed}") == said
    assert studio.tables.briefs == []


def test_an_amount_in_a_currency_that_is_none_names_that_code() -> None:
    with pytest.raises(MoneyError) as refused:
        parse_money("800", "xyz")
    said = refused.value.message.format(**refused.value.params)
    assert said == "“XYZ” is not a currency code: use one like EUR, USD or CNY."
