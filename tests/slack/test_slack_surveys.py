"""The satisfaction survey in Slack: the final sign-off posts a card with buttons 1–5 and "Add a
comment"; a score button answers at once, the comment button opens a modal whose answer
replaces it (within the day), and a low score opens a risk the channel never sees."""

from __future__ import annotations

import json

from slack_harness import APPROVER, CLIENT, PM, Harness
from test_slack_blocks import valid_message, valid_view

from bot.actions import decode
from bot.survey_commands import AnswerSurvey


async def survey_card(slack: Harness) -> dict:
    """M-1 submitted and signed off by Paula then Alex: the survey card the channel got."""
    await slack.seed()
    for user, line in ((PM, "submit M-1"), (PM, "approve M-1"), (APPROVER, "approve M-1")):
        assert (await slack.slash(line, user=user)).status == 200
    posts = await slack.fake.wait_for(
        lambda: [
            c.args
            for c in slack.fake.called("chat.postMessage")
            if c.args.get("text", "").startswith("How satisfied")
        ]
    )
    return posts[0]


async def answers(slack: Harness) -> list[tuple[str, int, str]]:
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        occasions = await uow.surveys.occasions(project.id)
    return [(a.person.display_name, a.score, a.comment) for o in occasions for a in o.answers]


async def test_a_score_button_answers_and_the_comment_modal_changes_it(slack: Harness) -> None:
    card = await survey_card(slack)
    assert card["channel"] == "C111"
    valid_message(card)  # Block Kit, as slack_sdk's models read it
    buttons = slack.buttons(card)
    assert [b["text"]["text"] for b in buttons] == ["1", "2", "3", "4", "5", "Add a comment"]
    four = buttons[3]
    assert decode(json.loads(four["value"])["command"]) == AnswerSurvey(
        milestone=1, score=4, project="acme"
    )

    assert (await slack.click(four, user=APPROVER)).status == 200
    thanked = await slack.fake.wait_for(
        lambda: [h for h in slack.fake.hooks if "Thank you" in json.dumps(h.args)]
    )
    assert "Thank you: your score for M-1 is 4." in thanked[0].args["text"]
    assert await answers(slack) == [("Alex", 4, "")]

    assert (await slack.click(buttons[5], user=APPROVER)).status == 200
    view = (await slack.fake.wait_call("views.open"))[0].args["view"]
    assert view["callback_id"] == "signoff_form:survey"
    valid_view(view)
    inputs = {block["block_id"]: block for block in view["blocks"]}
    assert list(inputs) == ["occasion", "choice", "note"]
    assert inputs["choice"]["element"]["initial_option"]["value"] == "4"  # their answer so far
    response = await slack.submit(
        view, {"occasion": "acme/M-1", "choice": "2", "note": "too slow"}, user=APPROVER
    )
    assert response.status == 200 and await response.text() == ""  # the modal closes
    await slack.fake.wait_for(
        lambda: [h for h in slack.fake.hooks if "is now 2 (it was 4)" in json.dumps(h.args)]
    )
    assert await answers(slack) == [("Alex", 2, "too slow")]
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        [risk] = await uow.risks.list(project.id)
    assert risk.evidence == "Alex scored M-1 Concepts 2 of 5: “too slow”."
    channel = [c.args.get("text", "") for c in slack.fake.called("chat.postMessage")]
    assert not any("RK-" in t or "too slow" in t for t in channel)


async def test_a_modal_without_a_score_stays_open_and_stores_nothing(slack: Harness) -> None:
    card = await survey_card(slack)
    assert (await slack.click(slack.buttons(card)[5], user=CLIENT)).status == 200
    view = (await slack.fake.wait_call("views.open"))[0].args["view"]
    response = await slack.submit(view, {"occasion": "acme/M-1", "note": "nice"}, user=CLIENT)
    assert (await response.json())["response_action"] == "errors"
    assert await answers(slack) == []


async def test_the_studio_clicking_a_score_is_told_why_not(slack: Harness) -> None:
    card = await survey_card(slack)
    assert (await slack.click(slack.buttons(card)[4], user=PM)).status == 200
    await slack.fake.wait_for(
        lambda: [h for h in slack.fake.hooks if "Only the client" in json.dumps(h.args)]
    )
    assert await answers(slack) == []
