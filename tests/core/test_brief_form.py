"""The brief as a form (`brief edit`): every field labelled as the PM reads it, filled with the
draft as it stands (and empty, not made up, where the draft has nothing), and read back into
the one ImportBrief the answers describe, field for field."""

from __future__ import annotations

import pytest

from bot.brief_commands import DeliverableDraft, ImportBrief
from bot.brief_form import answered, brief_form
from bot.messages import Form, FormInput, InputKind
from tests.core.conftest import Studio


def empty_form(**initial: str) -> Form:
    """The form as the PM sees it, with `initial` filled in where the draft has something."""
    return Form(
        kind="brief",
        title="Edit the brief",
        submit_label="Save the draft",
        inputs=(
            FormInput(name="goal", label="Goal", kind=InputKind.LONG_TEXT, required=True,
                      initial=initial.get("goal", "")),
            FormInput(name="deliverables",
                      label="Deliverables, one a line: Name | due date | criteria; criteria",
                      kind=InputKind.LONG_TEXT, initial=initial.get("deliverables", "")),
            FormInput(name="out_of_scope", label="Out of scope, one a line",
                      kind=InputKind.LONG_TEXT, initial=initial.get("out_of_scope", "")),
            FormInput(name="budget", label="Budget, like 12000 EUR",
                      initial=initial.get("budget", "")),
            FormInput(name="rounds", label="Revision rounds per milestone",
                      initial=initial.get("rounds", "")),
        ),
    )  # fmt: skip


def test_the_first_brief_form_is_empty_and_labelled() -> None:
    assert brief_form("en", None) == empty_form()


async def test_the_form_holds_the_draft_and_leaves_empty_what_it_lacks(studio: Studio) -> None:
    for line in [
        "brief set goal A brand the team can use",
        'brief add deliverable "Logo" due 2030-01-15 criteria: three routes; one colour',
        'brief add deliverable "Icons"',
        "brief add out-of-scope Printing",
        "brief add out-of-scope Hosting",
    ]:
        assert (await studio.say("paula", line)).ok, line
    [reply] = (await studio.say("paula", "brief edit")).replies
    # No budget and no rounds yet: those inputs stay empty; the undated deliverable is its name.
    assert reply.message.form == empty_form(
        goal="A brand the team can use",
        deliverables="Logo | 2030-01-15 | three routes; one colour\nIcons",
        out_of_scope="Printing\nHosting",
    )


def test_answers_left_out_read_as_empty() -> None:
    assert answered({"goal": "A brand"}) == ImportBrief(goal="A brand")
    assert answered({}) == ImportBrief(goal="")
    blank = {"goal": "A", "deliverables": "", "out_of_scope": "", "budget": "", "rounds": " "}
    assert answered(blank) == ImportBrief(goal="A")


def test_every_answer_is_read_into_its_field() -> None:
    answers = {
        "goal": "A brand the team can use",
        "deliverables": "Logo | 2030-01-15 | three routes; one colour\n\n"
        "Icons | 2030-03-01\n  Favicon  \nGuidelines |  | twelve pages",
        "out_of_scope": "Printing\n\n Hosting ",
        "budget": " 12000 EUR ",
        "rounds": " 3 ",
    }
    assert answered(answers) == ImportBrief(
        goal="A brand the team can use",
        deliverables=(
            DeliverableDraft(
                name="Logo", due="2030-01-15", criteria=("three routes", "one colour")
            ),
            DeliverableDraft(name="Icons", due="2030-03-01"),
            DeliverableDraft(name="Favicon"),
            DeliverableDraft(name="Guidelines", criteria=("twelve pages",)),
        ),
        out_of_scope=("Printing", "Hosting"),
        budget="12000 EUR",
        rounds=3,
    )


@pytest.mark.parametrize(("typed", "rounds"), [("0", 0), ("1", 1), ("12", 12)])
def test_revision_rounds_are_read_as_typed(typed: str, rounds: int) -> None:
    assert answered({"goal": "A", "rounds": typed}).rounds == rounds
