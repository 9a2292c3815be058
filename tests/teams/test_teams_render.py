"""Neutral messages as Adaptive Cards: the approval card is pinned by a snapshot."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.teams import render
from bot.messages import Action, ActionStyle, Card, Field, Message

SNAPSHOT = Path(__file__).parent / "snapshots" / "approval_card.json"
MESSAGE = Message(
    text="M-1 Concepts · v2\nStatus: in review",
    card=Card(
        title="M-1 Concepts · v2",
        subtitle="Acme rebrand",
        fields=(
            Field(label="Status", value="in review · PM review"),
            Field(label="Due", value="Dec 15, 2036"),
        ),
        items=("three routes", "a mono logo"),
        actions=(
            Action(label="Approve", command="approve M-1@v2", style=ActionStyle.PRIMARY),
            Action(
                label="Request changes",
                command="changes M-1@v2",
                style=ActionStyle.DANGER,
                needs_input="What should change?",
            ),
        ),
        footer="✎ ava requested changes (client sign-off) at Dec 1, 2036 10:00 AM: warmer",
    ),
)


def test_the_approval_card_matches_its_snapshot() -> None:
    card = render.adaptive_card(MESSAGE, card_key="milestone:7:v2", refresh_users=["29:a", "29:b"])
    assert card == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_a_card_without_actions_has_no_refresh_and_plain_text_stays_text() -> None:
    decided = Message(text="done", card=Card(title="M-1", fields=MESSAGE.card.fields))
    card = render.adaptive_card(decided, card_key="milestone:7:v2", refresh_users=["29:a"])
    assert "actions" not in card and "refresh" not in card
    assert render.activity(Message(text="hello")) == {
        "type": "message",
        "text": "hello",
        "textFormat": "plain",
    }


def test_refresh_names_at_most_sixty_users() -> None:
    users = [f"29:{n}" for n in range(80)]
    card = render.adaptive_card(MESSAGE, card_key="k", refresh_users=users)
    assert card["refresh"]["userIds"] == users[:60]
