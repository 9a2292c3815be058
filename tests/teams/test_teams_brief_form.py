"""`brief edit` on Teams, through botbuilder over HTTP: the PM's @mention is answered with the
whole brief as an Adaptive Card form filled with the draft; its Action.Execute saves it, and
what cannot be saved comes back in the form, under the input it is about, with nothing stored."""

from __future__ import annotations

from typing import Any

from bot import brief_form
from bot.i18n import tr
from tests.fixtures.published_schemas import ADAPTIVE_CARD, assert_valid
from tests.teams.conftest import Teams, find_action
from tests.teams.test_teams_brief import DRAFT

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
SUBMIT = "brief.submit"
DELIVERABLES = (
    "Logo | 2036-01-15 | three routes; one colour\nGuidelines | 2036-02-15 | twelve pages"
)
ONLY_PM = "Only the project's PM can draft and send the brief."


def is_form(card: dict[str, Any] | None) -> bool:
    return card is not None and any(e["type"].startswith("Input.") for e in card["body"])


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


def answers(card: dict[str, Any], **changed: str) -> dict[str, str]:
    """Every input as the card shows it, with `changed` typed over."""
    return {**{name: e["value"] for name, e in inputs(card).items()}, **changed}


def beside(card: dict[str, Any]) -> list[tuple[str, str]]:
    """Each refusal the card shows, with the input right above it ("" when above them all)."""
    body = card["body"]
    return [(body[n - 1].get("id", ""), e["text"])
            for n, e in enumerate(body) if e.get("color") == "Attention"]  # fmt: skip


async def opened(teams: Teams) -> dict[str, Any]:
    """The PM drafts the brief in the channel, then `@Signoff brief edit`: the form card."""
    await teams.project()
    for line in DRAFT:
        await teams.say(line, who="paula")
    await teams.say("brief edit", who="paula")
    [card] = await teams.connector.wait_for(
        lambda: [p.card for p in teams.connector.posts() if is_form(p.card)]
    )
    return card


async def submit(teams: Teams, card: dict[str, Any], who: str, **values: str) -> dict[str, Any]:
    response = await teams.post(teams.click(card, SUBMIT, who=who, **values))
    assert response.status == 200, await response.text()
    return dict(await response.json())


async def draft(teams: Teams) -> Any:
    async with teams.runtime.services.uow() as uow:
        project = await uow.projects.get_by_key("acme")
        return await uow.briefs.latest(project.id)


async def test_brief_edit_answers_with_a_form_card_filled_with_the_draft(teams: Teams) -> None:
    card = await opened(teams)
    assert_valid(card, ADAPTIVE_CARD)
    assert card["body"][0]["text"] == "Edit the brief"
    fields = inputs(card)
    assert list(fields) == ["goal", "deliverables", "out_of_scope", "budget", "rounds"]
    assert [n for n, e in fields.items() if e["isMultiline"]] == [
        "goal",
        "deliverables",
        "out_of_scope",
    ]
    assert fields["goal"].get("isRequired") is True and "isRequired" not in fields["budget"]
    assert answers(card) == {
        "goal": "A brand the team can use",
        "deliverables": DELIVERABLES,
        "out_of_scope": "Printing",
        "budget": "12000.00 EUR",
        "rounds": "3",
    }
    save = find_action(card, SUBMIT)
    assert (save["type"], save["title"]) == ("Action.Execute", "Save the draft")


async def test_a_submitted_form_saves_the_draft_that_brief_then_shows(teams: Teams) -> None:
    card = await opened(teams)
    added = DELIVERABLES + "\nFavicon | 2036-03-05 | a 32px icon"
    answer = await submit(teams, card, "paula", **answers(card, deliverables=added))
    assert answer["type"] == CARD  # the form gives way to what was saved
    assert_valid(answer["value"], ADAPTIVE_CARD)
    assert "Imported: 3 deliverables, 1 out-of-scope items." in answer["value"]["fallbackText"]
    saved = await draft(teams)
    assert [(d.name, str(d.due)) for d in saved.deliverables][-1] == ("Favicon", "2036-03-05")
    await teams.say("brief", who="paula")
    [shown] = await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if "3. Favicon" in p.text]
    )
    assert "3. Favicon · due Wed 5 Mar 2036 · criteria: a 32px icon" in shown.text
    assert "Budget: €12,000.00" in shown.text


async def test_a_line_it_cannot_read_comes_back_under_its_input_and_nothing_is_stored(
    teams: Teams,
) -> None:
    card = await opened(teams)
    before = await draft(teams)
    typed = answers(card, goal="A new goal", deliverables="Logo | 2036-01-15 | a | b")
    answer = await submit(teams, card, "paula", **typed)
    assert answer["type"] == CARD
    form = answer["value"]
    assert_valid(form, ADAPTIVE_CARD)
    assert beside(form) == [("deliverables", tr("en", brief_form.LINE_BAD, line=1))]
    assert answers(form) == typed  # what was typed, kept
    # Teams sending the same invoke again is answered the same (opening the form is no record).
    again = teams.click(card, SUBMIT, who="paula", **typed)
    for _ in range(2):
        retried = await teams.post(again)
        assert beside((await retried.json())["value"]) == beside(form)
    rounds = await submit(teams, form, "paula", **answers(form, rounds="three", deliverables=""))
    assert beside(rounds["value"]) == [
        ("rounds", "Give the revision rounds as a whole number, or leave it empty.")
    ]
    await teams.settled()
    assert await draft(teams) == before


async def test_the_cores_own_refusal_is_shown_under_the_lines_input(teams: Teams) -> None:
    card = await opened(teams)
    before = await draft(teams)
    past = answers(card, deliverables=DELIVERABLES + "\nFavicon | 2001-01-01")
    answer = await submit(teams, card, "paula", **past)
    # The core names deliverables[3].due; the card has one input for every line.
    assert beside(answer["value"]) == [("deliverables", "Mon 1 Jan 2001 is in the past.")]
    assert inputs(answer["value"])["deliverables"]["value"] == past["deliverables"]
    await teams.settled()
    assert await draft(teams) == before


async def test_only_the_pm_edits_the_brief_in_a_form(teams: Teams) -> None:
    card = await opened(teams)
    before = await draft(teams)
    await teams.say("brief edit", who="dan")
    await teams.connector.wait_for(
        lambda: [p for p in teams.connector.posts() if p.text == ONLY_PM]
    )
    assert len([p for p in teams.connector.posts() if is_form(p.card)]) == 1  # the PM's
    # The PM's form, submitted by the designer: told why, whatever the lines say.
    for lines in (DELIVERABLES, "Logo | 2036-01-15 | a | b"):
        answer = await submit(teams, card, "dan", **answers(card, deliverables=lines))
        assert (answer["type"], answer["value"]) == (MESSAGE, ONLY_PM)
    await teams.settled()
    assert await draft(teams) == before
