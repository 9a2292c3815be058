"""`brief edit` on Slack, over real HTTP: the PM's slash command opens the whole brief as a
modal filled with the draft; a line it cannot read is shown beside its input before the modal
closes, with nothing stored; a saved form is the draft `brief` then shows; nobody else edits."""

from __future__ import annotations

from typing import Any

from slack_harness import CLIENT, Harness
from test_slack_blocks import valid_view
from test_slack_brief import DRAFT

from adapters.slack.ids import FORM_VIEW
from bot import brief_form
from bot.i18n import tr

DELIVERABLES = (
    "Logo | 2030-01-15 | three routes; one colour\nGuidelines | 2030-02-15 | twelve pages"
)
LINE_BAD = "Line 1: write “Name | due date | criteria; criteria”."
ONLY_PM = "Only the project's PM can draft and send the brief."


async def opened(slack: Harness, *, locale: str = "en") -> dict[str, Any]:
    """The PM drafts the brief in chat, then `/signoff brief edit`: the modal it opens."""
    await slack.seed(milestone=False, locale=locale)
    for line in DRAFT:
        assert (await slack.slash(line)).status == 200
    slack.fake.hooks.clear()  # what the drafting said
    response = await slack.slash("brief edit")
    assert response.status == 200
    [call] = await slack.fake.wait_call("views.open")
    assert call.args["trigger_id"] == "111.111.xxx"  # within the slash command's trigger
    return dict(call.args["view"])


def answers(view: dict[str, Any], **changed: str) -> dict[str, str]:
    """Every input as the modal shows it, with `changed` typed over."""
    shown = {b["block_id"]: b["element"].get("initial_value", "") for b in view["blocks"]}
    return {**shown, **changed}


async def draft(slack: Harness) -> Any:
    async with slack.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        return await uow.briefs.latest(project.id)


async def told(slack: Harness, words: str) -> str:
    """What the caller was told, through the response_url, once it says `words`."""
    calls = await slack.fake.wait_for(
        lambda: [c for c in slack.fake.hooks if words in c.args.get("text", "")]
    )
    return str(calls[0].args["text"])


async def test_brief_edit_opens_a_modal_filled_with_the_draft(slack: Harness) -> None:
    view = await opened(slack)
    valid_view(view)
    assert view["callback_id"] == f"{FORM_VIEW}:brief"
    assert (view["title"]["text"], view["submit"]["text"]) == ("Edit the brief", "Save the draft")
    inputs = {block["block_id"]: block for block in view["blocks"]}
    assert list(inputs) == ["goal", "deliverables", "out_of_scope", "budget", "rounds"]
    assert [n for n, b in inputs.items() if b["element"]["multiline"]] == [
        "goal",
        "deliverables",
        "out_of_scope",
    ]
    assert inputs["goal"]["optional"] is False and inputs["deliverables"]["optional"] is True
    assert answers(view) == {
        "goal": "A brand the team can use",
        "deliverables": DELIVERABLES,
        "out_of_scope": "Printing",
        "budget": "12000.00 EUR",
        "rounds": "3",
    }
    assert slack.fake.hooks == []  # the modal is the answer


async def test_a_saved_modal_is_the_draft_brief_then_shows(slack: Harness) -> None:
    view = await opened(slack)
    added = answers(view, deliverables=DELIVERABLES + "\nFavicon | 2030-03-05 | a 32px icon")
    response = await slack.submit(view, added)
    assert response.status == 200 and await response.text() == ""  # the modal closes
    said = await told(slack, "Imported: 3 deliverables, 1 out-of-scope items.")
    assert said.startswith("Brief v1:")  # still the draft v1, not a new version
    saved = await draft(slack)
    assert [(d.name, str(d.due)) for d in saved.deliverables][-1] == ("Favicon", "2030-03-05")
    shown = await slack.slash("brief")
    text = (await shown.json())["text"]
    assert "3. Favicon · due Tue 5 Mar 2030 · criteria: a 32px icon" in text
    assert "Budget: €12,000.00" in text and "1. Logo · due" in text


async def test_a_line_it_cannot_read_stays_in_the_modal_and_nothing_is_stored(
    slack: Harness,
) -> None:
    view = await opened(slack)
    before = await draft(slack)
    wrong = answers(view, deliverables="Logo | 2030-01-15 | routes | colours", goal="New goal")
    response = await slack.submit(view, wrong)
    assert await response.json() == {
        "response_action": "errors",
        "errors": {"deliverables": LINE_BAD},
    }
    rounds = await slack.submit(view, answers(view, rounds="three"))
    assert (await rounds.json())["errors"] == {
        "rounds": "Give the revision rounds as a whole number, or leave it empty."
    }
    assert await draft(slack) == before
    assert slack.fake.hooks == []  # nothing ran, so nothing was said


async def test_the_cores_own_refusal_is_told_to_the_pm_and_nothing_is_stored(
    slack: Harness,
) -> None:
    view = await opened(slack)
    before = await draft(slack)
    past = answers(view, deliverables=DELIVERABLES + "\nFavicon | 2001-01-01")
    response = await slack.submit(view, past)
    assert response.status == 200 and await response.text() == ""
    said = await told(slack, "Mon 1 Jan 2001 is in the past.")
    assert "Usage: brief" in said
    assert await draft(slack) == before


async def test_only_the_pm_edits_the_brief_in_a_form(slack: Harness) -> None:
    view = await opened(slack)
    before = await draft(slack)
    refused = await slack.slash("brief edit", user=CLIENT)
    assert (await refused.json())["text"] == ONLY_PM
    assert len(slack.fake.called("views.open")) == 1  # the PM's only
    # The PM's modal, submitted as the client (a forged or shared view): refused when run.
    forged = await slack.submit(view, answers(view, goal="Their goal"), user=CLIENT)
    assert forged.status == 200
    await slack.fake.wait_for(lambda: len(slack.fake.hooks) >= 2)
    assert [c.args["text"] for c in slack.fake.hooks] == [ONLY_PM, ONLY_PM]
    assert await draft(slack) == before


async def test_the_modal_and_its_errors_speak_the_projects_language(slack: Harness) -> None:
    view = await opened(slack, locale="zh-CN")
    valid_view(view)
    assert view["title"]["text"] != "Edit the brief"
    response = await slack.submit(view, answers(view, deliverables="| 2030-01-15"))
    said = (await response.json())["errors"]["deliverables"]
    assert said == tr("zh-CN", brief_form.LINE_BAD, line=1) and "第 1 行" in said
