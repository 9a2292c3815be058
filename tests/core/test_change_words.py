"""Change-request words: how `change …` lines are read, and what people see."""

from __future__ import annotations

import pytest

from bot import change_commands as cc
from bot.change_commands import DecideChange, RaiseChange, WithdrawChange
from bot.change_requests import ChangeDecisionKind
from bot.commands import Unparsed
from bot.grammar import parse
from bot.grammar_changes import ACTIONS
from bot.grammar_scan import CHOOSE, EXTRA
from bot.messages import Action, ActionStyle, Card, Field
from tests.core.conftest import Studio
from tests.core.test_change_lifecycle import audit
from tests.core.test_change_requests import confirmed, over_allowance

DAYS_REFUSAL = Unparsed(
    verb="change",
    reason="Give the days as a whole number from 0 to {max}, like: days 3.",
    params=(("max", "365"),),
)


def test_an_unknown_change_word_lists_the_words_that_work() -> None:
    assert parse("change frobnicate CR-1") == Unparsed(
        verb="change",
        reason=CHOOSE,
        params=(("verb", "change"), ("choices", "list|request|price|send|accept|decline|withdraw")),
    )
    assert "|".join(ACTIONS) == "list|request|price|send|accept|decline|withdraw"


def test_an_unquoted_title_may_end_with_the_milestone_it_touches() -> None:
    assert parse("change request Extra round M-2 price 800") == cc.RaiseChange(
        title="Extra round", price="800", days=None, milestone=2
    )
    assert parse("change request Extra round m-12") == cc.RaiseChange(
        title="Extra round", price="", days=None, milestone=12
    )


@pytest.mark.parametrize(
    ("line", "command"),
    [
        (
            'change request "Banner" 价格 800 天数 3天',
            cc.RaiseChange(title="Banner", price="800", days=3, milestone=None),
        ),
        (
            'change request "Banner" 报价 900 EUR',
            cc.RaiseChange(title="Banner", price="900 EUR", days=None, milestone=None),
        ),
        (
            'change request "Banner" days 365',
            cc.RaiseChange(title="Banner", price="", days=365, milestone=None),
        ),
        (
            "change price CR-4 800 EUR 天数 0",
            cc.PriceChange(number=4, price="800 EUR", days=0),
        ),
    ],
)
def test_price_and_days_are_read_in_english_and_chinese(line: str, command: object) -> None:
    assert parse(line) == command


@pytest.mark.parametrize(
    "line",
    [
        'change request "Banner" days 366',
        'change request "Banner" days x',
        'change request "Banner" days 天3',
        'change request "Banner" days 3.5',
    ],
)
def test_days_that_are_not_a_whole_number_up_to_365_are_refused(line: str) -> None:
    assert parse(line) == DAYS_REFUSAL


def test_words_left_over_after_the_terms_are_quoted_back() -> None:
    assert parse('change request "Banner" price 800 days 3 please') == Unparsed(
        verb="change", reason=EXTRA, params=(("text", "please"),)
    )


AT = "Fri 27 Nov, 10:00\u202fAM"  # the fake clock's now, as a person reads it
USAGE_LINE = (
    "Usage: change | change list | change CR-n — the change requests, or one with its history"
)


async def test_an_empty_list_says_how_to_raise_one_and_a_list_has_one_line_each(
    studio: Studio,
) -> None:
    assert await studio.text("paula", "change list") == (
        'No change requests yet. Anyone raises one with “change request "TITLE"”.'
    )
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" days 1')
    await studio.say("paula", 'change request "Banner two" price 300 days 2')
    assert await studio.text("paula", "change list") == (
        "CR-1 Extra banner · not priced yet · +1 working day · draft\n"
        "CR-2 Banner two · €300.00 · +2 working days · draft"
    )
    assert await studio.text("paula", "change CR-1") == (
        "CR-1 · Extra banner\nStatus: draft\nPrice: not priced yet\nSchedule: +1 working day"
    )
    assert await audit(studio, "change.raised") == [
        ("change.raised", "CR-1", {"title": "Extra banner", "price_minor": None,
                                   "currency": None, "days": 1, "milestone": None}),
        ("change.raised", "CR-2", {"title": "Banner two", "price_minor": 30000,
                                   "currency": "EUR", "days": 2, "milestone": None}),
    ]  # fmt: skip


async def test_a_sent_change_posts_a_card_with_accept_and_decline_and_names_the_client(
    studio: Studio,
) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 200 days 1')
    card_reply, ask = (await studio.say("paula", "change send CR-1")).replies
    assert card_reply.message.card == Card(
        title="CR-1 · Extra banner",
        subtitle="Acme rebrand",
        fields=(
            Field(label="Status", value="waiting on the client"),
            Field(label="Price", value="€200.00"),
            Field(label="Schedule", value="+1 working day"),
        ),
        actions=(
            Action(
                label="Accept",
                command='{"v":1,"do":"change","kind":"accept","cr":1}',
                style=ActionStyle.PRIMARY,
            ),
            Action(
                label="Decline",
                command='{"v":1,"do":"change","kind":"decline","cr":1}',
                style=ActionStyle.DANGER,
                needs_input="Why decline it?",
            ),
        ),
        footer=f"Sent by Paula at {AT}",
    )
    assert ask.message.text == "CR-1 is ready for Ava to accept or decline."
    assert [p.display_name for p in ask.message.mentions] == ["Ava"]
    assert await audit(studio, "change.sent") == [
        ("change.sent", "CR-1", {"price_minor": 20000, "currency": "EUR", "days": 1,
                                 "milestone": None}),
    ]  # fmt: skip


async def test_a_decline_redraws_the_card_with_who_when_and_why(studio: Studio) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 200 days 1')
    [posted, _] = (await studio.say("paula", "change send CR-1")).replies
    redrawn, told = (await studio.say("ava", "change decline CR-1 too dear")).replies
    assert (redrawn.card_key, redrawn.replaces) == (posted.card_key, posted.card_key)
    assert redrawn.message.text == (
        "CR-1 · Extra banner\n"
        f"Status: declined by Ava at {AT}: too dear\n"
        "Price: €200.00\n"
        "Schedule: +1 working day\n"
        f"Sent by Paula at {AT}"
    )
    assert redrawn.message.card is not None
    assert redrawn.message.card.actions == ()
    assert redrawn.message.card.fields[0] == Field(
        label="Status", value=f"declined by Ava at {AT}: too dear"
    )
    assert told.message.text == (
        "Ava declined CR-1 “Extra banner”. The budget and the schedule stay as they were."
    )
    assert await studio.text("ava", "change accept CR-1") == (
        f"CR-1 is already declined (Ava, {AT})."
    )
    assert await audit(studio, "change.declined") == [
        ("change.declined", "CR-1", {"note": "too dear"})
    ]


async def test_an_accept_adds_the_price_to_the_budget_and_audits_the_new_total(
    studio: Studio,
) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Banner two" price 300 days 2')
    await studio.say("paula", "change send CR-1")
    redrawn, told = (await studio.say("ava", "change accept CR-1 fine")).replies
    assert redrawn.message.card is not None
    assert redrawn.message.card.fields[0] == Field(
        label="Status", value=f"accepted by Ava at {AT}: fine"
    )
    assert told.message.text == (
        "Ava accepted CR-1 “Banner two”: €300.00 is added to the budget, now €12,300.00."
    )
    assert await audit(studio, "change.accepted") == [
        ("change.accepted", "CR-1", {"note": "fine", "committed_minor": 1230000,
                                     "currency": "EUR"})
    ]  # fmt: skip


async def test_a_round_beyond_the_contract_shows_what_was_asked_and_why(studio: Studio) -> None:
    await confirmed(studio)
    await over_allowance(studio)
    [shown] = (await studio.say("paula", "change CR-1")).replies
    assert shown.message.text == (
        "CR-1 · Revision round 2 of M-1\n"
        "Status: draft\n"
        "Price: not priced yet\n"
        "Schedule: no change to the schedule\n"
        "What: add a monogram\n"
        "Why: revision round 2 of M-1, beyond the contract's"
    )


async def test_too_long_words_are_refused_with_the_change_usage(studio: Studio) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300')
    await studio.say("paula", "change send CR-1")
    for command in (
        RaiseChange(title="x" * 4001, price="", days=None, milestone=None),
        RaiseChange(title="Banner", price="", days=None, milestone=None,
                    description="x" * 4001),
        DecideChange(number=1, kind=ChangeDecisionKind.DECLINE, note="x" * 4001),
        WithdrawChange(number=1, reason="x" * 4001),
    ):  # fmt: skip
        refused = await studio.run("paula", command)
        assert refused.replies[0].message.text.splitlines()[1] == USAGE_LINE, command
