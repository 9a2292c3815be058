"""The survey's form (Slack's modal after "Add a comment"): read back into the answer it
gives. Its inputs: the occasion (`acme/M-2`, or `acme/project` for the close: the project's key
first, as a form sent from a direct message has no project of its own), the score and a
comment."""

from __future__ import annotations

from collections.abc import Mapping

from bot.errors import InvalidField
from bot.grammar_surveys import OCCASION_MISSING, SCORE_MISSING
from bot.survey_card import CHOICE, NOTE
from bot.survey_commands import AnswerSurvey
from bot.surveys import SCORES

KIND = "survey"
OCCASION = "occasion"


def answered(answers: Mapping[str, str]) -> AnswerSurvey:
    """The answer a submitted survey form gives; InvalidField beside a score not chosen."""
    score = answers.get(CHOICE, "").strip()
    if not score.isdigit() or int(score) not in SCORES:
        raise InvalidField("csat", CHOICE, SCORE_MISSING)
    occasion = answers.get(OCCASION, "").strip()
    if not occasion:
        raise InvalidField("csat", OCCASION, OCCASION_MISSING)
    project, _, named = occasion.rpartition("/")
    number = named.removeprefix("M-")
    return AnswerSurvey(
        milestone=int(number) if number.isdigit() else None,
        score=int(score),
        comment=answers.get(NOTE, "").strip(),
        project=project,
    )
