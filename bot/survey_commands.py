"""Commands about the client's satisfaction surveys (beside bot/commands.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command
from bot.surveys import SurveyMode


@dataclass(frozen=True, kw_only=True)
class ShowCsat(Command):
    """`csat`: the project's scores over time."""


@dataclass(frozen=True, kw_only=True)
class AnswerSurvey(Command):
    """`csat M-n SCORE [comment]`, `csat project SCORE [comment]`, or a card's answer.
    `milestone` None: the project's close."""

    milestone: int | None
    score: int
    comment: str = ""
    # The project's key, from a card answered outside its channel (a direct message); "" for
    # the project of the conversation.
    project: str = ""


@dataclass(frozen=True, kw_only=True)
class OpenSurveyForm(Command):
    """A card's "Add a comment": the score and the comment in one form (a Slack modal)."""

    milestone: int | None
    project: str = ""


@dataclass(frozen=True, kw_only=True)
class SetSurveyMode(Command):
    """`project survey dm|channel|off`; None alone: say where they are asked."""

    mode: SurveyMode | None = None
