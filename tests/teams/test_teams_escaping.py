"""Text from people or the database is shown on a Teams card as typed, not read as Markdown: in
every TextBlock and fact (title, subtitle, facts, criteria, decisions, a form's error) a typed
link or emphasis arrives backslash-escaped, through the renderer and through a submit in Teams."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from adapters.teams import render
from bot.commands import AddMilestone
from bot.messages import Card, Field, Form, FormInput, Message
from tests.teams.conftest import Teams

HOSTILE = "see [the files](https://evil.example) **now** _please_ <b>x</b> `y` ~z~ \\o/"
SPECIAL = re.compile(r"[\\*_\[\]<>`~]")
PLAIN_CARD = Card(
    title="M-1 Concepts · v1",
    subtitle="Acme rebrand",
    fields=(Field(label="Status", value="in review"),),
    items=("three routes",),
    footer="✔ Paula approved (PM review)",
)
PLACES = {
    "title": replace(PLAIN_CARD, title=HOSTILE),
    "subtitle": replace(PLAIN_CARD, subtitle=HOSTILE),
    "fact title": replace(PLAIN_CARD, fields=(Field(label=HOSTILE, value="x"),)),
    "fact value": replace(PLAIN_CARD, fields=(Field(label="Note", value=HOSTILE),)),
    "item": replace(PLAIN_CARD, items=("three routes", HOSTILE)),
    "footer": replace(PLAIN_CARD, footer=HOSTILE),
}


def as_shown(text: str) -> str | None:
    """What Teams shows for a Markdown text made only of escaped characters; None when some
    Markdown character is left unescaped (Teams would read it as markup)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and SPECIAL.match(text[i + 1]):
            out.append(text[i + 1])
            i += 2
        elif SPECIAL.match(text[i]):
            return None
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def markdown_texts(card: dict[str, Any]) -> list[str]:
    """Every text Teams renders as Markdown: TextBlocks' text, facts' titles and values."""
    found: list[str] = []
    for element in card.get("body", []):
        if element.get("type") == "TextBlock":
            found.append(element["text"])
        for fact in element.get("facts", []):
            found += [fact["title"], fact["value"]]
    return found


def hostile_shown_as_typed(texts: list[str]) -> bool:
    shown = [as_shown(t) for t in texts]
    return None not in shown and any(HOSTILE in t for t in shown if t)


@pytest.mark.parametrize("place", sorted(PLACES))
def test_markdown_in_any_card_text_is_shown_as_typed(place: str) -> None:
    card = render.adaptive_card(Message(text="M-1 Concepts · v1", card=PLACES[place]))
    assert card is not None
    assert hostile_shown_as_typed(markdown_texts(card)), markdown_texts(card)


def test_markdown_in_a_forms_error_is_shown_as_typed() -> None:
    form = Form(kind="issue", title="Raise an issue", submit_label="Raise issue",
                inputs=(FormInput(name="title", label="Title", required=True),))  # fmt: skip
    card = render.form_card(form, error=f"“{HOSTILE}” is too long.", values={"title": HOSTILE})
    assert hostile_shown_as_typed(markdown_texts(card))
    beside = render.form_card(form, values={}, errors={"title": f"“{HOSTILE}” is too long."})
    assert hostile_shown_as_typed(markdown_texts(beside))  # an error under its field too
    [title] = [e for e in card["body"] if e.get("id") == "title"]
    assert title["value"] == HOSTILE  # an input holds the text itself, not Markdown


async def test_a_card_submitted_in_teams_shows_every_typed_part_as_typed(teams: Teams) -> None:
    """The milestone's name and criteria (from the database) and the submit note (typed in
    Teams) reach the posted card's title, criteria and note, escaped."""
    await teams.project()
    await teams.run(AddMilestone(name="Concepts **v2**", due="2036-12-15",
                                 criteria=("three routes", HOSTILE)), "acme")  # fmt: skip
    await teams.say(f"submit M-1 {HOSTILE}", who="dan")
    posts = await teams.connector.wait_for(lambda: [p for p in teams.connector.posts() if p.card])
    texts = markdown_texts(posts[0].card)
    assert None not in [as_shown(t) for t in texts], texts
    shown = [as_shown(t) for t in texts]
    assert "M-1 Concepts **v2** · v1" in shown
    assert f"- {HOSTILE}" in shown  # the criterion
    # The note: Teams sends a message as HTML, and its tags are read off before the core sees
    # it; the Markdown link typed in it is a deliverable, opened by a button naming its host.
    assert "see **now** _please_ x `y` ~z~ \\o/" in shown
    opens = [a for e in posts[0].card["body"] if e["type"] == "ActionSet" for a in e["actions"]]
    assert opens == [{"type": "Action.OpenUrl", "title": "the files · evil.example",
                      "url": "https://evil.example"}]  # fmt: skip
