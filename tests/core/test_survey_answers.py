"""Answering a satisfaction survey as the client sees it and as the audit keeps it: the score
typed, changed within the day and refused at its end, the form that asks again with what was
said, and where the PM asks surveys; each reply and audit record compared whole."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.messages import Audience, Form, FormInput, InputKind
from bot.model import Conversation, Platform
from bot.service import handle
from bot.survey_commands import AnswerSurvey, OpenSurveyForm
from tests import fakes
from tests.core.conftest import Studio
from tests.core.test_surveys import audit, signed_off

CHANGE_REFUSED = (
    "You answered the survey for M-1 at Fri 27 Nov, 10:00\u202fAM; an answer can be changed "
    "only within 24 hours of the first."
)


async def test_a_score_out_of_five_counts_and_a_long_word_is_echoed_shortened(
    studio: Studio,
) -> None:
    await signed_off(studio)
    refused = await studio.text("ava", "csat M-1 " + "x" * 40)
    assert (
        refused.splitlines()[0] == "“xxxxxxxxxxx…” is not a score: give a whole number from 1 to 5."
    )
    assert await studio.text("ava", "csat M-1 4/5") == "Thank you: your score for M-1 is 4."


async def test_answers_and_changes_are_audited_whole_and_the_day_runs_from_the_first(
    studio: Studio,
) -> None:
    await signed_off(studio)
    assert await studio.text("ava", "csat M-1 4 the layout works") == (
        "Thank you: your score for M-1 is 4."
    )
    studio.clock.advance(hours=23, minutes=59, seconds=59)
    assert await studio.text("ava", "csat M-1 2 too small") == (
        "Your answer for M-1 is now 2 (it was 4)."
    )
    studio.clock.advance(seconds=1)  # 24 hours to the second since the first answer
    assert await studio.text("ava", "csat M-1 5") == CHANGE_REFUSED
    assert [(e.action, e.subject, e.detail) for e in audit(studio, "survey.")] == [
        ("survey.answered", "M-1", {"score": 4, "comment": "the layout works"}),
        (
            "survey.changed",
            "M-1",
            {"score_before": 4, "score": 2, "comment_before": "the layout works",
             "comment": "too small"},
        ),
    ]  # fmt: skip


async def test_a_comment_too_long_is_refused_with_the_usage_of_csat(studio: Studio) -> None:
    await signed_off(studio)
    refused = await studio.text("ava", "csat M-1 4 " + "x" * 5000)
    assert refused.splitlines()[0] == "A note can be at most 4000 characters."
    assert refused.splitlines()[1].startswith("Usage: csat — the client's satisfaction scores")
    assert studio.tables.survey_occasions[0].answers == ()


async def test_a_second_click_that_loses_the_race_changes_the_first(
    studio: Studio, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer looked for was read before the other click's landed: this one changes it."""
    await signed_off(studio)
    assert (await studio.say("ava", "csat M-1 4")).ok
    fresh = fakes.Surveys.occasions
    reads = 0

    async def read_before_the_other_click(self: fakes.Surveys, project_id: int) -> list:
        nonlocal reads
        reads += 1
        found = await fresh(self, project_id)
        return [replace(o, answers=()) for o in found] if reads == 1 else found

    monkeypatch.setattr(fakes.Surveys, "occasions", read_before_the_other_click)
    assert await studio.text("ava", "csat M-1 5") == "Your answer for M-1 is now 5 (it was 4)."
    assert [a.score for a in studio.tables.survey_occasions[0].answers] == [5]


async def test_a_card_from_a_direct_message_naming_no_project_we_know_is_refused(
    studio: Studio,
) -> None:
    await signed_off(studio)
    dm = Conversation(platform=Platform.CONSOLE, tenant="T1", channel="@ava")
    clicked = AnswerSurvey(milestone=1, score=3, project="gone")
    result = await handle(clicked, replace(studio.invocation("ava"), conversation=dm),
                          studio.services)  # fmt: skip
    assert [r.message.text for r in result.replies] == ["There is no project “gone”."]


def survey_form(occasion: str, question: str, score: str, comment: str) -> Form:
    scores = tuple((s, s) for s in "12345")
    return Form(
        kind="survey",
        title="Your satisfaction",
        inputs=(
            FormInput(name="occasion", label="Survey", kind=InputKind.CHOICE, required=True,
                      choices=((occasion, question),), initial=occasion),
            FormInput(name="choice", label="Your score", kind=InputKind.CHOICE, required=True,
                      choices=scores, initial=score),
            FormInput(name="note", label="Comment (optional)", kind=InputKind.LONG_TEXT,
                      required=False, initial=comment),
        ),
        submit_label="Send",
    )  # fmt: skip


async def test_the_form_asks_again_with_what_each_person_said(studio: Studio) -> None:
    await signed_off(studio)
    assert (await studio.say("ava", "csat M-1 2 the blue is off")).ok
    [mine] = (await studio.run("ava", OpenSurveyForm(milestone=1, project="acme"))).replies
    assert (mine.audience, mine.message.text) == (
        Audience.CALLER,
        "Or type: csat M-1 SCORE [comment]",
    )
    question = "How satisfied are you with M-1 Homepage? 1–5"
    assert mine.message.form == survey_form("acme/M-1", question, "2", "the blue is off")
    [theirs] = (await studio.run("cleo", OpenSurveyForm(milestone=1))).replies
    assert theirs.message.form == survey_form("acme/M-1", question, "", "")
    assert (await studio.say("paula", "project close")).ok
    [close] = (await studio.run("cleo", OpenSurveyForm(milestone=None))).replies
    assert close.message.text == "Or type: csat project SCORE [comment]"
    assert close.message.form == survey_form(
        "acme/project",
        "How satisfied are you with Acme rebrand, now that it is finished? 1–5",
        "",
        "",
    )


async def test_where_surveys_are_asked_is_audited_from_and_to(studio: Studio) -> None:
    assert (await studio.say("paula", "project survey dm")).ok
    assert (await studio.say("paula", "project survey off")).ok
    assert [(e.action, e.subject, e.detail) for e in audit(studio, "survey.")] == [
        ("survey.mode", "acme", {"before": "channel", "after": "dm"}),
        ("survey.mode", "acme", {"before": "dm", "after": "off"}),
    ]
    refused = await studio.text("paula", "project survey sometimes")
    assert refused.splitlines()[0] == "After “project survey”, use one of: dm|channel|off."
