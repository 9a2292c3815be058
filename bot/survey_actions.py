"""A survey card's buttons as data (see bot.actions): a score to record, or the form that asks
for a score and a comment together. `m` is the milestone's number, null for the close."""

from __future__ import annotations

import json
from typing import Any

from bot.commands import Command
from bot.survey_commands import AnswerSurvey, OpenSurveyForm
from bot.surveys import SCORES

ANSWER, FORM = "csat", "csat_form"
VERSION = 1  # bot.actions.VERSION, which reads these (kept here: the nudges make the card too)
DOES = (ANSWER, FORM)


def encode_answer(milestone: int | None, score: int | None, project: str) -> str:
    """A score button (`score`), or the card's one submit (None: the score is the card's
    choice)."""
    fields = {"v": VERSION, "do": ANSWER, "m": milestone, "score": score, "p": project}
    return json.dumps(fields, separators=(",", ":"))


def encode_form(milestone: int | None, project: str) -> str:
    fields = {"v": VERSION, "do": FORM, "m": milestone, "p": project}
    return json.dumps(fields, separators=(",", ":"))


def decode(fields: dict[str, Any], *, note: str, choice: str) -> Command | None:
    """The command of a survey button: its score, else the card's chosen one, with the comment
    (`note`) as typed; None for data no release made."""
    milestone, project = fields.get("m"), fields.get("p", "")
    if not (milestone is None or type(milestone) is int) or not isinstance(project, str):
        return None
    if fields.get("do") == FORM:
        return OpenSurveyForm(milestone=milestone, project=project)
    score = fields.get("score")
    if score is None and choice.strip().isdigit():
        score = int(choice.strip())
    if type(score) is not int or score not in SCORES:
        return None
    return AnswerSurvey(milestone=milestone, score=score, comment=note.strip(), project=project)


def typed(command: Command) -> str | None:
    """What one would type for a survey button (the console shows buttons this way)."""
    if isinstance(command, AnswerSurvey):
        about = f"M-{command.milestone}" if command.milestone is not None else "project"
        return f"csat {about} {command.score}"
    if isinstance(command, OpenSurveyForm):
        about = f"M-{command.milestone}" if command.milestone is not None else "project"
        return f"csat {about} SCORE COMMENT"
    return None
