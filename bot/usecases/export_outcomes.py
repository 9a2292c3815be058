"""How the project is going, in its export: the risk register, the client's satisfaction
answers and the lessons learned. The export is the studio's, so it holds every risk, shared
with the client or not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.lessons import Lesson
from bot.risks import Risk
from bot.surveys import SurveyAnswer, SurveyOccasion

# The fields below are raw values (people, moments) in the order of the export's row: export.py
# writes them the way it writes every record, people named twice; these keep their "_id"
# beside them (null) while nobody is named.
RISK_PEOPLE = ("owner", "closed_by")


def risk_fields(risk: Risk) -> dict[str, Any]:
    """One risk: raised ("at", "by": null when Signoff raised it by itself, its `key` and
    `evidence` then saying from what), scored, owned, shared or not, and how it ended."""
    return {
        "ref": risk.ref,
        "at": risk.raised_at,
        "by": risk.raised_by,
        "status": risk.state.value,
        "summary": risk.title,
        "number": risk.number,
        "likelihood": risk.likelihood.value,
        "impact": risk.impact.value,
        "score": risk.score,
        "owner": risk.owner,
        "mitigation": risk.mitigation,
        "shared": risk.shared,
        "key": risk.key,
        "evidence": risk.evidence,
        "closed_by": risk.closed_by,
        "closed_at": risk.closed_at,
        "close_note": risk.close_note,
    }


def survey_answer_fields(
    occasion: SurveyOccasion, answer: SurveyAnswer, milestones: dict[int, str]
) -> dict[str, Any]:
    """One person's answer to one survey ("M-2" signed off, or "close"): its latest score and
    comment, and when it was first given (the 24 hours to change it run from there)."""
    about = "close" if occasion.milestone_id is None else milestones[occasion.milestone_id]
    return {
        "ref": f"{about}:{answer.person.identity.key}",
        "at": answer.answered_at,
        "by": answer.person,
        "status": str(answer.score),
        "summary": answer.comment,
        "survey": about,
        "opened_at": occasion.opened_at,
        "score": answer.score,
        "comment": answer.comment,
        "first_answered_at": answer.first_answered_at,
    }


def surveys_fields(
    occasions: Sequence[SurveyOccasion], milestones: dict[int, str]
) -> list[dict[str, Any]]:
    """Every answer of every survey, the oldest survey first."""
    ordered = sorted(occasions, key=lambda o: (o.opened_at, o.id))
    return [survey_answer_fields(o, a, milestones) for o in ordered for a in o.answers]


def lesson_fields(lesson: Lesson) -> dict[str, Any]:
    return {
        "ref": f"lesson-{lesson.id}",
        "at": lesson.created_at,
        "by": lesson.author,
        "status": "",
        "summary": lesson.text,
    }
