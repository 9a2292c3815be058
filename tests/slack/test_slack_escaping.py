"""Text people typed or the database holds is shown on Slack, never obeyed: in every Block Kit
field of a card (subtitle, field labels and values, criteria, decisions) as in the message text,
`<!channel>` and `<https://…|links>` arrive escaped, through the renderer and through a whole
submit typed in Slack."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from slack_harness import PM, Harness

from adapters.slack import render
from bot.commands import AddMilestone
from bot.messages import Card, Field, Message

HOSTILE = "<!channel> see <https://evil.example|the files> & <@U0BOSS>"
ESCAPED = "&lt;!channel&gt; see &lt;https://evil.example|the files&gt; &amp; &lt;@U0BOSS&gt;"
PLAIN_CARD = Card(
    title="M-1 Concepts · v1",
    subtitle="Acme rebrand",
    fields=(Field(label="Status", value="in review"), Field(label="Note", value="first")),
    items=("three routes", "a mono logo"),
    footer="✔ Paula approved (PM review)",
)
# Each place a card carries text from people or the database, made hostile in turn.
PLACES = {
    "subtitle": replace(PLAIN_CARD, subtitle=HOSTILE),
    "field label": replace(PLAIN_CARD, fields=(Field(label=HOSTILE, value="x"),)),
    "field value": replace(PLAIN_CARD, fields=(Field(label="Note", value=HOSTILE),)),
    "item": replace(PLAIN_CARD, items=("three routes", HOSTILE)),
    "footer": replace(PLAIN_CARD, footer=HOSTILE),
}


def shown(payload: dict[str, Any]) -> list[str]:
    """Every text Slack reads as mrkdwn: the message text and each mrkdwn object in the blocks."""
    found = [payload["text"]]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload.get("blocks", []))
    return found


def obeyed(texts: list[str]) -> list[str]:
    return [t for t in texts if "<!channel>" in t or "<https://" in t or "<@U0BOSS>" in t]


@pytest.mark.parametrize("place", sorted(PLACES))
def test_markup_in_any_card_field_is_escaped(place: str) -> None:
    payload = render.message_payload(Message(text="M-1 Concepts · v1", card=PLACES[place]))
    texts = shown(payload)
    assert obeyed(texts) == []
    assert any(ESCAPED in t for t in texts), texts


def test_markup_in_the_message_text_and_the_title_is_not_obeyed() -> None:
    card = replace(PLAIN_CARD, title=HOSTILE)
    payload = render.message_payload(Message(text=HOSTILE, card=card))
    assert obeyed(shown(payload)) == []
    assert payload["text"] == ESCAPED
    [header] = [b for b in payload["blocks"] if b["type"] == "header"]
    assert header["text"]["type"] == "plain_text"  # Slack shows plain_text as typed


async def test_a_card_submitted_in_slack_shows_every_typed_part_escaped(slack: Harness) -> None:
    """The milestone's name and criteria (from the database) and the submit note (typed) reach
    the posted card's header, criteria and note field, escaped."""
    await slack.seed(milestone=False)
    await slack.core(AddMilestone(name="Concepts <!here>", due="2030-01-15",
                                  criteria=("three routes", HOSTILE)))  # fmt: skip
    await slack.slash(f"submit M-1 {HOSTILE}", user=PM)
    [card] = await slack.fake.wait_for(
        lambda: [c for c in slack.fake.called("chat.postMessage") if "blocks" in c.args]
    )
    texts = shown(card.args)
    # The link typed in Slack's markup is a deliverable now: a link, whose text names the host
    # it really opens. Nothing else typed is obeyed.
    link = "<https://evil.example|the files · evil.example>"
    assert obeyed(texts) == [link] and not [t for t in texts if "<!here>" in t]
    blocks = card.args["blocks"]
    criteria = next(b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b)
    assert f"• {ESCAPED}" in criteria
    fields = next(b["fields"] for b in blocks if b.get("fields"))
    note = "&lt;!channel&gt; see &amp; &lt;@U0BOSS&gt;"  # the link taken out as a deliverable
    assert any(f["text"].endswith(f"\n{note}") for f in fields)
