"""Small answers read whole: the status's waiting line for a sent change request and its budget
line with a confirmed brief alone; the refusal of a Teams submit whose files did not arrive,
with the field it is shown beside; a studio person whose name starts with X; a change request's
button keeping the note typed after the click, and a brief's button without a version read as
what one would type; a survey card's inputs and submit button going through the outbox whole."""

from __future__ import annotations

import json

import pytest

from bot.actions import decode, encode, typed
from bot.brief import BriefDecisionKind
from bot.brief_commands import DecideBrief
from bot.change_commands import DecideChange
from bot.change_requests import ChangeDecisionKind
from bot.commands import AddMember, SubmitMilestone
from bot.messages import (
    Action,
    ActionStyle,
    Audience,
    Card,
    FormInput,
    InputKind,
    Message,
    Reply,
)
from bot.model import Role
from bot.reply_codec import decode_reply, encode_reply
from tests.core.conftest import Studio, make_studio
from tests.core.test_change_requests import confirmed


@pytest.mark.parametrize(
    ("locale", "budget", "nobody"),
    [
        ("en", "Budget: €12,000.00 committed", "Waiting: nobody"),
        ("zh-CN", "预算：已确定€12,000.00", "待处理：无"),
    ],
)
async def test_a_confirmed_brief_alone_puts_the_budget_in_the_status(
    locale: str, budget: str, nobody: str
) -> None:
    studio = await make_studio(locale=locale)
    await confirmed(studio)
    status = (await studio.text("cleo", "status")).splitlines()
    assert budget in status
    assert nobody in status


@pytest.mark.parametrize(
    ("locale", "waiting"),
    [
        ("en", "Waiting: CR-1 waits on the client, for 2 hours"),
        ("zh-CN", "待处理：CR-1 待客户确认（已等待 2 小时）"),
    ],
)
async def test_a_sent_change_request_waits_on_the_client_for_as_long_as_it_was_sent(
    locale: str, waiting: str
) -> None:
    studio = await make_studio(locale=locale)
    await confirmed(studio)
    await studio.say("paula", 'change request "Extra banner" price 800 EUR days 2 M-1')
    await studio.say("paula", "change send CR-1")
    studio.clock.advance(hours=2)
    assert waiting in (await studio.text("cleo", "status")).splitlines()


FILES_LOST = (
    "The files attached to your message did not reach Signoff: in a channel, Teams gives apps "
    "only a message's text. Submit again with a link to each file (in Teams: the file's ⋯ › "
    "Copy link), like “submit M-1 https://…”."
)


SUBMIT_USAGE = "Usage: submit M-n [note] [link …] — submit a milestone for sign-off, with its links"


async def test_a_submit_whose_files_did_not_arrive_is_refused_beside_its_deliverables(
    studio: Studio,
) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2026-12-20')).ok
    refused = await studio.run("dan", SubmitMilestone(number=1, note="", files_withheld=True))
    assert not refused.ok
    assert refused.field_errors == {"deliverables": FILES_LOST}
    [reply] = refused.replies
    assert reply.message.text == FILES_LOST + "\n" + SUBMIT_USAGE
    assert "M-1 Concepts · planned" in await studio.text("paula", "status")


async def test_an_issue_is_assigned_to_a_designer_whose_name_starts_with_x(studio: Studio) -> None:
    added = await studio.run("paula", AddMember(user="Xu", role=Role.DESIGNER, display_name="Xu"))
    assert added.ok
    assert (await studio.say("cleo", "issue the logo file is missing")).ok
    assert await studio.text("paula", "issue assign IS-1 @Xu") == "IS-1 assigned to Xu."


def test_a_change_request_button_keeps_the_note_typed_after_the_click() -> None:
    button = encode(DecideChange(number=3, kind=ChangeDecisionKind.DECLINE))
    assert decode(button, note="not this month") == DecideChange(
        number=3, kind=ChangeDecisionKind.DECLINE, note="not this month"
    )


def test_a_brief_button_without_a_version_reads_as_the_bare_command() -> None:
    assert typed(encode(DecideBrief(kind=BriefDecisionKind.CONFIRM, version=None))) == (
        "brief confirm"
    )
    assert typed(encode(DecideBrief(kind=BriefDecisionKind.CHANGES, version=2))) == (
        "brief changes v2"
    )


def test_a_survey_card_s_inputs_and_submit_come_back_from_the_outbox_whole() -> None:
    score = FormInput(
        name="score",
        label="How did we do?",
        kind=InputKind.CHOICE,
        required=True,
        choices=(("5", "Very satisfied"), ("1", "Very dissatisfied")),
        initial="5",
    )
    send = Action(
        label="Send",
        command="csat M-1 SCORE COMMENT",
        style=ActionStyle.PRIMARY,
        needs_input="Anything to add?",
    )
    card = Card(title="How was M-1?", inputs=(score,), submit=send)
    reply = Reply(audience=Audience.CHANNEL, message=Message(text="How was M-1?", card=card))
    back = decode_reply(json.loads(json.dumps(encode_reply(reply))))
    assert back == reply
    assert back.message.card is not None and back.message.card.submit is not None
    assert (back.message.card.inputs[0].initial, back.message.card.submit.needs_input) == (
        "5",
        "Anything to add?",
    )
