"""The satisfaction survey in Teams: the final sign-off posts an Adaptive Card (valid 1.5) with
an Input.ChoiceSet of 1–5 and an Input.Text comment, answered with Action.Execute; the answer is
stored once per person, a second one within the day replaces it, the studio is refused."""

from __future__ import annotations

from typing import Any

from bot.actions import decode
from bot.survey_commands import AnswerSurvey
from tests.fixtures.published_schemas import ADAPTIVE_CARD, assert_valid
from tests.teams.conftest import Teams, find_action
from tests.teams.test_teams_approvals import click, submitted

QUESTION = "How satisfied are you with M-1 Concepts? 1–5"


async def survey_card(teams: Teams) -> dict[str, Any]:
    post = await submitted(teams)
    await click(teams, post.card, "milestone.approve", "paula")
    await teams.settled()
    await click(teams, post.card, "milestone.approve", "ava")
    posts = await teams.connector.wait_for(
        lambda: [
            p for p in teams.connector.posts() if p.card and QUESTION in p.card["fallbackText"]
        ]
    )
    return posts[0].card


async def answers(teams: Teams) -> list[tuple[str, int, str]]:
    async with teams.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        occasions = await uow.surveys.occasions(project.id)
    return [(a.person.display_name, a.score, a.comment) for o in occasions for a in o.answers]


async def test_the_survey_card_is_answered_with_its_choice_and_comment(teams: Teams) -> None:
    card = await survey_card(teams)
    assert_valid(card, ADAPTIVE_CARD)
    inputs = {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}
    assert inputs["choice"]["type"] == "Input.ChoiceSet"
    assert [c["value"] for c in inputs["choice"]["choices"]] == ["1", "2", "3", "4", "5"]
    assert inputs["note"]["type"] == "Input.Text" and inputs["note"]["isMultiline"] is True
    send = find_action(card, "card.answer")
    assert send["type"] == "Action.Execute" and [a["verb"] for a in card["actions"]] == [
        "card.answer"
    ]
    assert decode(send["data"]["command"], choice="3") == AnswerSurvey(
        milestone=1, score=3, project="acme"
    )

    said = await click(teams, card, "card.answer", "ava", choice="3", note="a bit slow")
    assert said["value"] == "Thank you: your score for M-1 is 3."
    again = await click(teams, card, "card.answer", "ava", choice="5", note="")
    assert again["value"] == "Your answer for M-1 is now 5 (it was 3)."
    assert await answers(teams) == [("ava", 5, "")]


async def test_the_studio_and_a_card_without_a_score_store_nothing(teams: Teams) -> None:
    card = await survey_card(teams)
    studio = await click(teams, card, "card.answer", "paula", choice="4")
    assert studio["value"].startswith("Only the client's people answer")
    await click(teams, card, "card.answer", "cleo", choice="", note="no score")
    assert await answers(teams) == []
