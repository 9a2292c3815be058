"""Sending the brief, and what the channel and the PM see of it: the card posted with who sent it
and when, the approvers asked by mention, the audit rows of each edit and sending, a version sent
again refused, a brief nobody can confirm or an incomplete one refused with the brief's usage, an
earlier version still waiting redrawn as replaced, the brief shown as a card (and the confirmed
one named only when a newer version exists), and the next version drafted after a sending."""

from __future__ import annotations

import pytest

from bot.grammar import usage
from bot.i18n import tr
from bot.messages import Audience, Reply
from bot.service import Result
from tests.core.conftest import Studio, make_studio
from tests.core.test_brief import DRAFT, drafted
from tests.core.test_brief_decisions import audit

SENT_AT = "Sent by Paula at Fri 27 Nov, 10:00\u202fAM"  # the fake clock's now
USAGE = "\nUsage: " + tr("en", usage("brief"))
TAIL = "“brief” shows it; “brief send” posts it for the client's approvers."
ZH = [
    "需求 设置 目标 品牌",
    "需求 添加 交付物 「标志」 截止 2030-01-15",
]


def texts(result: Result) -> list[str]:
    return [r.message.text for r in result.replies]


def cards(result: Result) -> list[Reply]:
    return [r for r in result.replies if r.message.card is not None]


async def test_a_sent_brief_is_posted_as_a_card_saying_who_sent_it_and_when(
    studio: Studio,
) -> None:
    await drafted(studio)
    sent = await studio.say("paula", "brief send")
    [card] = cards(sent)
    assert card.audience is Audience.CHANNEL
    assert card.card_key == "brief:2:v1"
    assert card.message.text.splitlines()[-1] == SENT_AT
    assert card.message.card.title == "Brief v1"
    assert card.message.card.footer == SENT_AT
    assert [a.label for a in card.message.card.actions] == ["Confirm", "Ask for changes"]


@pytest.mark.parametrize(
    ("locale", "lines", "asked"),
    [
        ("en", DRAFT, "Brief v1 is ready for Ava to confirm."),
        ("zh-CN", ZH, "需求确认单 v1 已发出，请 Ava 确认。"),
    ],
)
async def test_the_approvers_are_asked_by_mention_to_confirm(
    locale: str, lines: list[str], asked: str
) -> None:
    studio = await make_studio(locale=locale)
    await drafted(studio, lines)
    sent = await studio.say("paula", "brief send" if locale == "en" else "需求 发送")
    ask = sent.replies[-1]
    assert (ask.audience, ask.message.text) == (Audience.CHANNEL, asked)
    assert [p.display_name for p in ask.message.mentions] == ["Ava"]


async def test_two_approvers_are_both_named_and_mentioned() -> None:
    studio = await make_studio(approvers=("ava", "bo"))
    await drafted(studio)
    ask = (await studio.say("paula", "brief send")).replies[-1]
    assert ask.message.text == "Brief v1 is ready for Ava, Bo to confirm."
    assert [p.display_name for p in ask.message.mentions] == ["Ava", "Bo"]


async def test_each_edit_and_each_sending_leaves_an_audit_row(studio: Studio) -> None:
    await drafted(studio, [*DRAFT[:2], DRAFT[3]])
    await studio.say("paula", "brief send")
    assert await audit(studio, "brief.") == [
        ("brief.edited", "brief v1", {"change": "goal", "said": "Goal set."}),
        (
            "brief.edited",
            "brief v1",
            {"change": "add deliverable", "said": "Deliverable 1 added: “Logo”."},
        ),
        (
            "brief.edited",
            "brief v1",
            {"change": "add deliverable", "said": "Deliverable 2 added: “Icons”."},
        ),
        ("brief.sent", "brief v1", {"deliverables": 2}),
    ]


@pytest.mark.parametrize(
    ("locale", "lines", "send", "refused"),
    [
        (
            "en",
            DRAFT,
            "brief send",
            "Brief v1 is already waiting on the client; change something to draft the next "
            "version.",
        ),
        (
            "zh-CN",
            ZH,
            "需求 发送",
            "需求确认单 v1 已是“等待客户确认”状态；再做任何修改即会起草下一版。",
        ),
    ],
)
async def test_a_version_already_sent_is_not_sent_again(
    locale: str, lines: list[str], send: str, refused: str
) -> None:
    studio = await make_studio(locale=locale)
    await drafted(studio, lines)
    assert (await studio.say("paula", send)).ok
    again = await studio.say("paula", send)
    assert not again.ok
    assert texts(again) == [refused]


async def test_a_confirmed_version_is_named_as_confirmed_when_sent_again(studio: Studio) -> None:
    await drafted(studio)
    await studio.say("paula", "brief send")
    await studio.say("ava", "brief confirm")
    assert await studio.text("paula", "brief send") == (
        "Brief v1 is already confirmed; change something to draft the next version."
    )


@pytest.mark.parametrize(
    ("locale", "lines", "send", "refused"),
    [
        (
            "en",
            DRAFT,
            "brief send",
            "Nobody can confirm the brief: this project has no client approvers. Add one with "
            "“member add @person approver”.",
        ),
        (
            "zh-CN",
            ZH,
            "需求 发送",
            "没有人能确认需求确认单：此项目还没有客户审批人。请用“成员 添加 @某人 审批人”添加。",
        ),
    ],
)
async def test_a_brief_nobody_can_confirm_is_refused_with_how_to_add_one(
    locale: str, lines: list[str], send: str, refused: str
) -> None:
    studio = await make_studio(locale=locale, approvers=())
    await drafted(studio, lines)
    assert await studio.text("paula", send) == refused


@pytest.mark.parametrize(
    ("lines", "refused"),
    [
        (
            ['brief add deliverable "Logo" due 2030-01-15'],
            "Say what the project is for first: brief set goal …",
        ),
        (DRAFT[:1], 'List a deliverable first: brief add deliverable "NAME" due DATE'),
        (
            [*DRAFT[:2], 'brief add deliverable "Icons"'],
            "Deliverable 2 has no due date: brief due 2 DATE",
        ),
    ],
)  # fmt: skip
async def test_an_incomplete_brief_is_refused_with_the_brief_usage(
    studio: Studio, lines: list[str], refused: str
) -> None:
    await drafted(studio, lines)
    assert await studio.text("paula", "brief send") == refused + USAGE


async def test_an_earlier_version_still_waiting_is_redrawn_as_replaced_without_buttons(
    studio: Studio,
) -> None:
    await drafted(studio)
    await studio.say("paula", "brief send")
    assert await studio.text("paula", "brief rounds 4") == (
        f"Brief v2 drafted. Revision rounds: 4 per milestone. {TAIL}"
    )
    second = await studio.say("paula", "brief send")
    [old, new] = cards(second)
    assert (old.audience, old.card_key, old.replaces) == (
        Audience.CHANNEL,
        "brief:2:v1",
        "brief:2:v1",
    )
    assert old.message.card.title == "Brief v1"
    assert old.message.card.fields[0].value == "replaced by a later version"
    assert old.message.card.actions == ()
    assert (new.card_key, new.replaces) == ("brief:2:v2", "")
    assert texts(second)[-1] == "Brief v2 is ready for Ava to confirm."


async def test_the_brief_is_shown_to_the_caller_as_its_card(studio: Studio) -> None:
    await drafted(studio)
    shown = await studio.say("cleo", "brief")
    [card] = shown.replies
    assert card.audience is Audience.CALLER
    assert card.message.card is not None
    assert card.message.card.title == "Brief v1"
    assert card.message.card.fields[0].value == "draft"


async def test_the_confirmed_version_is_named_only_when_a_newer_one_exists(
    studio: Studio,
) -> None:
    await drafted(studio)
    await studio.say("paula", "brief send")
    await studio.say("ava", "brief confirm")
    [card] = (await studio.say("cleo", "brief")).replies
    assert card.message.text.startswith("Brief v1\nStatus: confirmed by Ava")
    await studio.say("paula", "brief rounds 4")
    assert texts(await studio.say("cleo", "brief"))[-1] == (
        "The confirmed brief is still v1; “brief v1” shows it."
    )
