"""Change requests and the budget: the round beyond the contract opens CR-n, the PM prices it,
the client accepts it once; the budget grows by exactly its price and the milestone's due date
by its working days. Declined, withdrawn or refused, nothing changes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.actions import decode, typed
from bot.change_commands import DecideChange
from bot.change_requests import ChangeState
from bot.service import Result
from tests.core.conftest import Studio, make_studio

BRIEF = [
    "brief set goal A brand the team can use",
    'brief add deliverable "Logo" due 2030-01-15 criteria: three routes',
    "brief budget 12000 EUR",
    "brief rounds 1",
    "brief send",
]


async def confirmed(studio: Studio) -> None:
    for line in BRIEF:
        assert (await studio.say("paula", line)).ok, line
    assert (await studio.say("ava", "brief confirm")).ok


async def over_allowance(studio: Studio) -> Result:
    """M-1's one included round spent, then the client asks again."""
    for note in ("warmer blue", "add a monogram"):
        await studio.say("dan", "submit M-1")
        await studio.say("paula", "approve M-1")
        result = await studio.say("ava", f"changes M-1 {note}")
    return result


def changes(studio: Studio):
    return sorted(studio.tables.changes, key=lambda c: c.number)


def milestone_due(studio: Studio, number: int = 1) -> date:
    return next(m.due_date for m in studio.tables.milestones.values() if m.number == number)


async def test_the_round_beyond_the_contract_is_priced_accepted_and_counted(
    studio: Studio,
) -> None:
    await confirmed(studio)
    asked = await over_allowance(studio)
    assert "CR-1 “Revision round 2 of M-1” is opened by Ava, not priced yet." in (
        asked.replies[-1].message.text
    )
    [opened] = changes(studio)
    assert (opened.description, opened.milestone, opened.round) == ("add a monogram", 1, 2)

    priced = await studio.text("paula", "change price CR-1 800 days 3")
    assert priced == (
        "CR-1 “Revision round 2 of M-1”: €800.00, +3 working days to M-1. “change send CR-1” "
        "asks the client's approvers."
    )
    sent = await studio.say("paula", "change send CR-1")
    [card] = [r for r in sent.replies if r.message.card is not None]
    assert [typed(a.command) for a in card.message.card.actions] == [
        "change accept CR-1",
        "change decline CR-1",
    ]
    accept = decode(card.message.card.actions[0].command)
    assert isinstance(accept, DecideChange)
    accepted = await studio.run("ava", accept)
    assert accepted.ok
    assert accepted.replies[-1].message.text.splitlines() == [
        "Ava accepted CR-1 “Revision round 2 of M-1”: €800.00 is added to the budget, now "
        "€12,800.00.",
        "M-1 “Logo” is now due Fri 18 Jan 2030 (was Tue 15 Jan 2030).",
    ]
    assert milestone_due(studio) == date(2030, 1, 18)  # Tue + 3 working days
    assert (await studio.text("cleo", "budget")).splitlines() == [
        "Brief v1 (confirmed): €12,000.00",
        "Accepted changes: €800.00",
        "  CR-1 Revision round 2 of M-1 · €800.00 · +3 working days to M-1 · accepted",
        "Total committed: €12,800.00",
    ]
    late = await studio.run("ava", DecideChange(number=1, kind=accept.kind))
    assert late.replies[0].message.text.startswith("CR-1 is already accepted (Ava, ")
    actions = [e.action for e in studio.tables.audit if e.action.startswith("change.")]
    assert actions == ["change.raised", "change.priced", "change.sent", "change.accepted"]


async def test_working_days_skip_the_projects_days_off(studio: Studio) -> None:
    await confirmed(studio)
    assert (await studio.say("paula", "nudges holiday 2030-01-16")).ok
    await studio.say("paula", 'change request "Extra banner" price 300 days 2 M-1')
    await studio.say("paula", "change send CR-1")
    await studio.say("ava", "change accept CR-1")
    assert milestone_due(studio) == date(2030, 1, 18)  # Wed 16 is off: Thu 17, Fri 18


async def test_a_declined_change_moves_neither_money_nor_dates(studio: Studio) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300 days 2 M-1')
    await studio.say("paula", "change send CR-1")
    said = await studio.text("ava", "change decline CR-1 not now")
    assert said.endswith(
        "Ava declined CR-1 “Extra banner”. The budget and the schedule stay as they were."
    )
    assert milestone_due(studio) == date(2030, 1, 15)
    assert "Total committed: €12,000.00" in await studio.text("cleo", "budget")


async def test_a_client_proposes_without_a_price_and_the_pm_prices_it(studio: Studio) -> None:
    await confirmed(studio)
    refused = await studio.say("cleo", 'change request "Extra banner" price 50')
    assert refused.replies[0].message.text.startswith("Only the project's PM prices")
    assert changes(studio) == []
    assert (await studio.say("cleo", 'change request "Extra banner" M-1')).ok
    unsent = await studio.say("paula", "change send CR-1")
    assert unsent.replies[0].message.text == "Price CR-1 first: change price CR-1 AMOUNT [days N]."
    assert (await studio.say("paula", "change price CR-1 300")).ok
    assert changes(studio)[0].price is not None
    assert changes(studio)[0].price.minor == 30_000


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("change price CR-1 300 USD", "This project counts money in EUR: give the price in EUR."),
        ("change price CR-1 300.005", "EUR has 2 decimal places: “300.005” has more."),
        ("change price CR-9 300", "There is no change request CR-9 in this project."),
        ('change request "Extra" M-7', "There is no milestone M-7 in this project."),
    ],
)
async def test_a_wrong_price_or_reference_says_why_and_stores_nothing(
    studio: Studio, line: str, said: str
) -> None:
    await confirmed(studio)
    await studio.say("cleo", 'change request "Extra banner"')
    before = changes(studio)
    refused = await studio.say("paula", line)
    assert not refused.ok
    assert refused.replies[0].message.text.splitlines()[0] == said
    assert changes(studio) == before


async def test_a_withdrawn_change_cannot_be_decided(studio: Studio) -> None:
    await confirmed(studio)
    await studio.say("cleo", 'change request "Extra banner"')
    await studio.say("paula", "change price CR-1 300")
    sent = await studio.say("paula", "change send CR-1")
    key = next(r.card_key for r in sent.replies if r.card_key)
    withdrawn = await studio.say("cleo", "change withdraw CR-1 we found another way")
    assert withdrawn.ok
    assert [r.replaces for r in withdrawn.replies if r.replaces] == [key]
    late = await studio.say("ava", "change accept CR-1")
    assert late.replies[0].message.text.startswith("CR-1 is already withdrawn (Cleo, ")
    assert changes(studio)[0].state is ChangeState.WITHDRAWN


async def test_two_approvers_at_once_one_decision(studio: Studio) -> None:
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 300 days 2 M-1')
    await studio.say("paula", "change send CR-1")
    studio.tables.racing.add("changes")  # the other approver's decision lands first
    raced = await studio.say("ava", "change accept CR-1")
    assert not raced.ok
    assert milestone_due(studio) == date(2030, 1, 15)


async def test_a_budget_in_chinese_is_written_the_chinese_way() -> None:
    studio = await make_studio(locale="zh-CN")
    for line in ("需求 设置 目标 品牌", "需求 预算 12000 CNY"):
        assert (await studio.say("paula", line)).ok
    assert (await studio.say("paula", '变更 申请 "增加横幅" 价格 800.50')).ok
    assert (await studio.say("paula", "变更 发送 CR-1")).ok
    assert (await studio.say("ava", "变更 接受 CR-1")).ok
    said = await studio.text("cleo", "预算")
    assert "已确定总额：¥12,800.50" in said


@settings(max_examples=40, deadline=None)
@given(prices=st.lists(st.integers(min_value=1, max_value=10**12 - 1), min_size=1, max_size=5))
async def test_the_committed_total_is_the_exact_sum_of_what_was_accepted(
    prices: list[int],
) -> None:
    """Amounts in cents far beyond what a float holds exactly, typed as people type them."""
    studio = await make_studio()
    await confirmed(studio)
    for n, cents in enumerate(prices, 1):
        amount = f"{cents // 100:,}.{cents % 100:02d}"
        assert (await studio.say("paula", f'change request "Extra {n}" price {amount}')).ok
        assert (await studio.say("paula", f"change send CR-{n}")).ok
        assert (await studio.say("ava", f"change accept CR-{n}")).ok
    total = 12_000_00 + sum(prices)
    shown = f"€{total // 100:,}.{total % 100:02d}"
    assert f"Total committed: {shown}" in await studio.text("cleo", "budget")


async def test_a_budget_in_another_currency_than_the_prices_is_refused(studio: Studio) -> None:
    from bot.brief_commands import DeliverableDraft, ImportBrief

    await studio.say("paula", 'change request "Extra banner" price 300 EUR')
    refused = await studio.say("paula", "brief budget 12000 USD")
    assert refused.replies[0].message.text == (
        "The change requests are priced in EUR: the budget must be in EUR too."
    )
    imported = await studio.run(
        "paula",
        ImportBrief(goal="A", deliverables=(DeliverableDraft(name="Logo"),), budget="1 USD"),
    )
    assert list(imported.field_errors) == ["budget"]
    assert [b.budget for b in studio.tables.briefs] == []
    assert (await studio.say("paula", "brief budget 12000 EUR")).ok
