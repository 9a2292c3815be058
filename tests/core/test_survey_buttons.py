"""A survey card's buttons and its form, read back into the answer they give: the score clicked
or chosen, the comment as typed, the project named by a card sent to a direct message; data no
release made gives nothing, and the form refuses beside the input that is wrong."""

from __future__ import annotations

import json

import pytest

from bot.actions import decode, typed
from bot.errors import InvalidField
from bot.i18n import tr
from bot.survey_actions import encode_answer, encode_form
from bot.survey_commands import AnswerSurvey, OpenSurveyForm
from bot.survey_form import answered


def data(**fields: object) -> str:
    return json.dumps({"v": 1} | fields)


def test_a_score_button_answers_with_its_score_and_the_comment_typed_beside_it() -> None:
    clicked = decode(encode_answer(2, 4, "acme"), note="  the layout works \n", choice="")
    assert clicked == AnswerSurvey(milestone=2, score=4, comment="the layout works", project="acme")
    # The button clicked wins over a score chosen on the card before.
    assert decode(encode_answer(None, 2, "acme"), choice="5") == AnswerSurvey(
        milestone=None, score=2, project="acme"
    )


def test_the_cards_one_submit_answers_with_the_score_chosen() -> None:
    assert decode(encode_answer(1, None, "acme"), note="fine", choice=" 3 ") == AnswerSurvey(
        milestone=1, score=3, comment="fine", project="acme"
    )
    assert decode(encode_answer(1, None, "acme"), choice="") is None  # nothing chosen
    assert decode(encode_answer(1, None, "acme"), choice="9") is None


def test_add_a_comment_opens_the_form_for_its_survey() -> None:
    assert decode(encode_form(3, "acme")) == OpenSurveyForm(milestone=3, project="acme")
    assert decode(encode_form(None, "acme"), choice="4") == OpenSurveyForm(
        milestone=None, project="acme"
    )


def test_a_button_made_before_cards_named_their_project_answers_in_its_channel() -> None:
    assert decode(data(do="csat", m=1, score=4)) == AnswerSurvey(milestone=1, score=4, project="")
    assert decode(data(do="csat_form", m=None)) == OpenSurveyForm(milestone=None, project="")


@pytest.mark.parametrize(
    "fields",
    [
        {"do": "csat", "m": "1", "score": 4, "p": "acme"},  # a milestone as text
        {"do": "csat", "m": True, "score": 4, "p": "acme"},  # a JSON true is an int to Python
        {"do": "csat", "m": 1, "score": 4, "p": 7},
        {"do": "csat_form", "m": 1, "p": ["acme"]},
        {"do": "csat", "m": 1, "score": 6, "p": "acme"},
        {"do": "csat", "m": 1, "score": 0, "p": "acme"},
        {"do": "csat", "m": 1, "score": "4", "p": "acme"},
    ],
)
def test_button_data_no_release_made_gives_nothing(fields: dict[str, object]) -> None:
    assert decode(data(**fields), choice="4") is None


def test_the_console_shows_each_button_as_what_one_would_type() -> None:
    assert typed(encode_answer(2, 4, "acme")) == "csat M-2 4"
    assert typed(encode_answer(None, 5, "acme")) == "csat project 5"
    assert typed(encode_form(3, "acme")) == "csat M-3 SCORE COMMENT"
    assert typed(encode_form(None, "acme")) == "csat project SCORE COMMENT"


def test_the_form_answers_with_its_score_comment_and_project() -> None:
    form = {"occasion": " acme/M-12 ", "choice": " 4 ", "note": "  lovely work \n"}
    assert answered(form) == AnswerSurvey(
        milestone=12, score=4, comment="lovely work", project="acme"
    )
    assert answered({"occasion": "acme/project", "choice": "1"}) == AnswerSurvey(
        milestone=None, score=1, comment="", project="acme"
    )


SCORE_MISSING = "Give a score from 1 to 5, like: csat M-2 4 the layout works."
OCCASION_MISSING = (
    "Say what the score is for: csat M-n SCORE [comment], or csat project SCORE [comment] "
    "once the project is closed."
)


@pytest.mark.parametrize(
    ("form", "field", "said"),
    [
        ({"occasion": "acme/M-1"}, "choice", SCORE_MISSING),
        ({"occasion": "acme/M-1", "choice": ""}, "choice", SCORE_MISSING),
        ({"occasion": "acme/M-1", "choice": "four"}, "choice", SCORE_MISSING),
        ({"occasion": "acme/M-1", "choice": "6"}, "choice", SCORE_MISSING),
        ({"occasion": "acme/M-1", "choice": "0"}, "choice", SCORE_MISSING),
        ({"choice": "4"}, "occasion", OCCASION_MISSING),
        ({"occasion": "  ", "choice": "4"}, "occasion", OCCASION_MISSING),
    ],
)
def test_the_form_refuses_beside_the_input_that_is_wrong(
    form: dict[str, str], field: str, said: str
) -> None:
    with pytest.raises(InvalidField) as refused:
        answered(form)
    # What a form shows beside the input (adapters/slack/views.py reads it the same way).
    assert (refused.value.field, tr("en", refused.value.message, **refused.value.params)) == (
        field,
        said,
    )
