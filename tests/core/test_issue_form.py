"""The issue form's answers: read into the one RaiseIssue they describe, field for field; an
answer left out (or a severity or milestone that is no choice) reads as the form's default."""

from __future__ import annotations

import pytest

from bot.commands import RaiseIssue
from bot.model import Severity
from bot.usecases.issue_form import answered
from tests.core.conftest import Studio


def test_every_answer_is_read_into_its_field() -> None:
    answers = {"title": "Site is down", "description": "since 9", "severity": "high",
               "milestone": "2"}  # fmt: skip
    assert answered(answers) == RaiseIssue(
        title="Site is down", description="since 9", severity=Severity.HIGH, milestone=2
    )


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"title": "", "description": "", "severity": "", "milestone": ""},
        {"title": "", "severity": "urgent", "milestone": "M-2"},
    ],
)
def test_answers_left_out_or_not_offered_read_as_the_defaults(answers: dict[str, str]) -> None:
    assert answered(answers) == RaiseIssue(
        title="", description="", severity=Severity.MEDIUM, milestone=None
    )


@pytest.mark.parametrize("severity", ["low", "medium", "critical"])
def test_the_chosen_severity_is_kept(severity: str) -> None:
    assert answered({"title": "T", "severity": severity}).severity is Severity(severity)


async def test_a_submitted_form_raises_the_issue_it_describes(studio: Studio) -> None:
    assert (await studio.say("paula", 'milestone add "Concepts" due 2030-01-15')).ok
    answers = {"title": "Site is down", "description": "since 9", "severity": "critical",
               "milestone": "1"}  # fmt: skip
    raised = await studio.run("cleo", answered(answers))
    assert raised.ok, raised.replies
    [concepts] = studio.tables.milestones.values()
    [issue] = studio.tables.issues.values()
    assert (issue.title, issue.description, issue.severity, issue.milestone_id) == (
        "Site is down", "since 9", Severity.CRITICAL, concepts.id
    )  # fmt: skip
