"""The survey card: one question, a score from 1 to 5 and an optional comment. Posted in the
channel when a milestone is signed off or the project closes (or sent to each client
approver), and again by the reminder; the same card on every platform (bot.messages.Card)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import N_, tr
from bot.labels import name_of
from bot.messages import Action, ActionStyle, Card, FormInput, InputKind, Message
from bot.model import Milestone, Person, Project
from bot.survey_actions import encode_answer, encode_form
from bot.surveys import SCORES
from bot.typography import join_items

QUESTION_MILESTONE = N_("How satisfied are you with {ref} {name}? 1–5")
QUESTION_CLOSE = N_("How satisfied are you with {project}, now that it is finished? 1–5")
SCALE = N_("1 is very unhappy, 5 is very happy. Only the studio reads your comment.")
# The same answer typed, for a platform without buttons (and said in the card's text).
TYPE_IT = N_("Or type: csat {about} SCORE [comment]")
ASKED = N_("Asked of {people}.")
SCORE_LABEL = N_("Your score")
COMMENT_LABEL = N_("Comment (optional)")
CHOICE, NOTE = "choice", "note"  # the card's input names: the score chosen, the comment


def question(locale: str, project: Project, milestone: Milestone | None) -> str:
    if milestone is None:
        return tr(locale, QUESTION_CLOSE, project=project.name)
    return tr(locale, QUESTION_MILESTONE, ref=milestone.ref, name=milestone.name)


def about(milestone: Milestone | None) -> str:
    """How the occasion is named in a typed command: `M-2`, or `project` for the close."""
    return milestone.ref if milestone is not None else "project"


def survey_message(
    locale: str, project: Project, milestone: Milestone | None, asked: Sequence[Person]
) -> Message:
    """The survey as a card, its text the question and how to answer by typing."""
    number = milestone.number if milestone is not None else None
    title = question(locale, project, milestone)
    lines = [tr(locale, SCALE), tr(locale, TYPE_IT, about=about(milestone))]
    if asked:
        lines.append(tr(locale, ASKED, people=join_items(locale, (name_of(p) for p in asked))))
    buttons = tuple(
        Action(label=str(score), command=encode_answer(number, score, project.key))
        for score in SCORES
    )
    comment = Action(
        label=tr(locale, N_("Add a comment")), command=encode_form(number, project.key)
    )
    card = Card(
        title=title,
        subtitle=project.name,
        items=(),
        footer="\n".join(lines),
        actions=(*buttons, comment),
        inputs=score_inputs(locale),
        submit=Action(
            label=tr(locale, N_("Send")),
            command=encode_answer(number, None, project.key),
            style=ActionStyle.PRIMARY,
        ),
    )
    return Message(text="\n".join([title, *lines]), card=card, mentions=tuple(asked))


def score_inputs(locale: str, *, score: str = "") -> tuple[FormInput, ...]:
    """The score (1 to 5) and the comment, as a card's or a form's inputs."""
    return (
        FormInput(
            name=CHOICE,
            label=tr(locale, SCORE_LABEL),
            kind=InputKind.CHOICE,
            required=True,
            initial=score,
            choices=tuple((str(s), str(s)) for s in SCORES),
        ),
        FormInput(name=NOTE, label=tr(locale, COMMENT_LABEL), kind=InputKind.LONG_TEXT),
    )
