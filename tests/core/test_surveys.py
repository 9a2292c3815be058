"""Client satisfaction: a survey opens when a milestone is signed off and when the project
closes; the client's people answer once each, may change it for a day, and a low score or a
complaint opens a risk the client never sees."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.actions import decode
from bot.messages import Audience
from bot.model import Conversation, Platform
from bot.reply_codec import decode_reply, encode_reply
from bot.risks import Level
from bot.service import handle
from bot.survey_commands import AnswerSurvey
from bot.surveys import SurveyMode
from tests.core.conftest import Studio, make_studio


async def signed_off(studio: Studio, name: str = "Homepage") -> list:
    """A milestone planned, submitted, and signed off by the PM then the client's approver;
    the replies of the final approval."""
    number = len(studio.tables.milestones) + 1
    assert (await studio.say("paula", f'milestone add "{name}" due 2036-12-15')).ok
    assert (await studio.say("dan", f"submit M-{number}")).ok
    assert (await studio.say("paula", f"approve M-{number}")).ok
    result = await studio.say("ava", f"approve M-{number}")
    assert result.ok, result.replies
    return result.replies


def surveys_in(replies: list) -> list[str]:
    """The titles of the survey cards among the replies."""
    cards = [r.message.card for r in replies if r.message.card is not None]
    return [c.title for c in cards if c.title.startswith("How satisfied")]


def audit(studio: Studio, prefix: str) -> list:
    return [e for e in studio.tables.audit if e.action.startswith(prefix)]


async def test_the_final_approval_posts_the_survey_card_in_the_channel(studio: Studio) -> None:
    replies = await signed_off(studio)
    [survey] = [r for r in replies if r.message.card and surveys_in([r])]
    assert survey.audience is Audience.CHANNEL
    card = survey.message.card
    assert card is not None
    assert card.title == "How satisfied are you with M-1 Homepage? 1–5"
    assert [a.label for a in card.actions] == ["1", "2", "3", "4", "5", "Add a comment"]
    assert [i.name for i in card.inputs] == ["choice", "note"] and card.submit is not None
    assert "Or type: csat M-1 SCORE [comment]" in survey.message.text
    assert [p.display_name for p in survey.message.mentions] == ["Ava"]
    assert len(studio.tables.survey_occasions) == 1


async def test_one_answer_per_person_changeable_for_a_day_then_refused(studio: Studio) -> None:
    await signed_off(studio)
    assert await studio.text("ava", "csat M-1 4 the layout works") == (
        "Thank you: your score for M-1 is 4."
    )
    studio.clock.advance(hours=23)
    assert await studio.text("ava", "csat M-1 5") == "Your answer for M-1 is now 5 (it was 4)."
    [occasion] = studio.tables.survey_occasions
    [answer] = occasion.answers
    assert (answer.score, answer.comment) == (5, "")
    studio.clock.advance(hours=2)
    late = await studio.text("ava", "csat M-1 3")
    assert late.startswith("You answered the survey for M-1 at ")
    assert "only within 24 hours of the first" in late
    assert studio.tables.survey_occasions[0].answers[0].score == 5
    assert [e.action for e in audit(studio, "survey.")] == [
        "survey.answered",
        "survey.changed",
    ]
    changed = audit(studio, "survey.changed")[0].detail
    assert (changed["score_before"], changed["score"]) == (4, 5)


@pytest.mark.parametrize(
    ("who", "line", "said"),
    [
        (
            "dan",
            "csat M-1 5",
            "Only the client's people answer the satisfaction survey; the "
            "studio reads the answers with “csat”.",
        ),
        (
            "gina",
            "csat M-1 5",
            "Only the client's people answer the satisfaction survey; the "
            "studio reads the answers with “csat”.",
        ),
        ("ava", "csat M-2 5", "There is no survey for M-2: one opens when it is signed off."),
        (
            "ava",
            "csat project 5",
            "There is no survey for the project's close: one opens when a PM closes it.",
        ),
        ("ava", "csat M-1 6", "“6” is not a score: give a whole number from 1 to 5."),
        ("ava", "csat M-1", "Give a score from 1 to 5, like: csat M-2 4 the layout works."),
    ],
)
async def test_bad_answers_are_refused_and_store_nothing(
    studio: Studio, who: str, line: str, said: str
) -> None:
    await signed_off(studio)
    assert (await studio.text(who, line)).splitlines()[0] == said
    assert studio.tables.survey_occasions[0].answers == ()
    assert audit(studio, "survey.answered") == []


async def test_a_client_member_answers_too_and_a_milestone_not_signed_off_has_no_survey(
    studio: Studio,
) -> None:
    await studio.say("paula", 'milestone add "Logo" due 2036-12-15')
    assert (await studio.text("cleo", "csat M-1 3")).startswith("There is no survey for M-1")
    await signed_off(studio, "Homepage")
    assert (await studio.say("cleo", "csat M-2 3")).ok


async def test_csat_shows_scores_over_time_with_the_trend_and_whose_comments(
    studio: Studio,
) -> None:
    await signed_off(studio, "Logo")
    await studio.say("ava", "csat M-1 4 clear")
    await studio.say("cleo", "csat M-1 3 fine")
    await signed_off(studio, "Homepage")
    await studio.say("ava", "csat M-2 5 lovely")
    shown = (await studio.text("paula", "csat")).splitlines()
    assert shown[0] == "Client satisfaction in acme (1 to 5):"
    assert shown[1].startswith("M-1 Logo · ") and shown[1].endswith(" · average 3.5")
    assert shown[2:4] == ["  Ava 4 · clear", "  Cleo 3 · fine"]
    assert shown[4].startswith("M-2 Homepage · ") and shown[4].endswith(" · average 5 · up")
    assert shown[5:] == ["  Ava 5 · lovely", "Overall: 4 from 3 answers."]
    as_client = await studio.text("cleo", "csat")
    assert "  Cleo 3 · fine" in as_client and "  Ava 4" in as_client
    assert "clear" not in as_client and "lovely" not in as_client


async def test_no_answers_yet(studio: Studio) -> None:
    assert await studio.text("cleo", "csat") == (
        "No survey answers yet. The client is asked when a milestone is signed off."
    )


async def test_a_low_score_opens_a_risk_once_and_the_client_never_sees_it(
    studio: Studio,
) -> None:
    await signed_off(studio)
    assert (await studio.say("ava", "csat M-1 2 we expected more")).ok
    [risk] = studio.tables.risks
    assert risk.key.startswith("csat:") and risk.raised_by is None
    assert (risk.likelihood, risk.impact) == (Level.MEDIUM, Level.HIGH)
    assert risk.title == "Low client satisfaction: Ava on M-1 Homepage"
    assert risk.evidence == "Ava scored M-1 Homepage 2 of 5: “we expected more”."
    assert [e.subject for e in audit(studio, "risk.raised")] == ["RK-1"]
    assert (await studio.say("ava", "csat M-1 1 worse")).ok  # changed: raised once
    assert len(studio.tables.risks) == 1
    assert "RK-1" not in await studio.text("cleo", "risks")
    assert "RK-1 Low client satisfaction" in await studio.text("paula", "risks")


@pytest.mark.parametrize(
    ("comment", "raised"),
    [
        ("honestly a bit disappointed", True),
        ("进度太慢了", True),
        ("Frustrated with the delays", True),
        ("great, thanks", False),
    ],
)
async def test_a_complaint_in_a_fair_score_opens_a_risk(
    studio: Studio, comment: str, raised: bool
) -> None:
    await signed_off(studio)
    assert (await studio.say("ava", f"csat M-1 4 {comment}")).ok
    assert len(studio.tables.risks) == (1 if raised else 0)


async def test_closing_the_project_asks_about_the_whole_of_it_once(studio: Studio) -> None:
    closed = await studio.say("paula", "project close")
    assert surveys_in(closed.replies) == [
        "How satisfied are you with Acme rebrand, now that it is finished? 1–5"
    ]
    assert (
        await studio.text("ava", "csat project 3") == "Thank you: your score for the project is 3."
    )
    await studio.say("paula", "project reopen")
    again = await studio.say("paula", "project close")
    assert surveys_in(again.replies) == []
    assert len(studio.tables.survey_occasions) == 1


async def test_the_pm_chooses_where_surveys_go_and_status_free_modes(studio: Studio) -> None:
    assert await studio.text("ava", "project survey") == (
        "Satisfaction surveys for acme are asked in this project's channel; a PM changes it "
        "with “project survey dm|channel|off”."
    )
    refused = await studio.say("ava", "project survey off")
    assert not refused.ok and studio.tables.survey_modes == {}
    assert await studio.text("paula", "project survey dm") == (
        "Satisfaction surveys for acme are now asked in each client approver's direct messages."
    )
    replies = await signed_off(studio)  # asked by the scheduler, in their DMs
    assert surveys_in(replies) == []
    assert len(studio.tables.survey_occasions) == 1
    assert (await studio.say("paula", "project survey off")).ok
    replies = await signed_off(studio, "Logo")
    assert len(studio.tables.survey_occasions) == 1
    assert list(studio.tables.survey_modes.values()) == [SurveyMode.OFF]


async def test_a_card_click_answers_like_typing(studio: Studio) -> None:
    await signed_off(studio)
    result = await studio.run("ava", AnswerSurvey(milestone=1, score=5, comment="spot on"))
    assert result.ok and result.replies[0].audience is Audience.CALLER
    assert studio.tables.survey_occasions[0].answers[0].comment == "spot on"


async def test_in_chinese() -> None:
    studio = await make_studio(locale="zh-CN")
    await signed_off(studio)
    assert (await studio.say("ava", "满意度 M-1 2 太慢")).ok
    assert "M-1" in await studio.text("paula", "满意度")


async def test_the_survey_card_waits_in_the_reply_outbox_whole(studio: Studio) -> None:
    """A channel reply may wait in the outbox: the card keeps its inputs and its one button."""
    [survey] = [r for r in await signed_off(studio) if surveys_in([r])]
    assert decode_reply(encode_reply(survey)) == survey


async def test_nudges_shows_the_reminder_to_come(studio: Studio) -> None:
    await signed_off(studio)
    shown = await studio.text("paula", "nudges")
    assert any(line.endswith("· satisfaction survey M-1") for line in shown.splitlines())
    await studio.say("ava", "csat M-1 5")
    assert "satisfaction survey" not in await studio.text("paula", "nudges")


async def test_a_card_answered_in_a_direct_message_names_its_project(studio: Studio) -> None:
    [survey] = [r for r in await signed_off(studio) if surveys_in([r])]
    card = survey.message.card
    assert card is not None
    clicked = decode(card.actions[2].command)
    assert clicked == AnswerSurvey(milestone=1, score=3, project="acme")
    dm = Conversation(platform=Platform.CONSOLE, tenant="T1", channel="@ava")
    answered = await handle(clicked, replace(studio.invocation("ava"), conversation=dm),
                            studio.services)  # fmt: skip
    assert answered.ok and answered.replies[0].message.text == "Thank you: your score for M-1 is 3."
    studio.conversation = dm
    typed = await studio.text("ava", "csat M-1 4")  # typed there, no project to answer for
    assert typed.startswith("This conversation is not bound to a project.")
