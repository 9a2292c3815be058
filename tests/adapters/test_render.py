"""How the console shows the core's neutral messages."""

from __future__ import annotations

from adapters.console import render
from bot.messages import Action, ActionStyle, Card, Field, Form, FormInput, Message


def test_a_card_is_a_titled_block_with_the_commands_to_type() -> None:
    card = Card(
        title="M-1 Concepts · v1",
        subtitle="Acme rebrand",
        fields=(Field(label="Status", value="in review"), Field(label="Due", value="Dec 15")),
        items=("three routes", "a mono logo"),
        actions=(
            Action(label="Approve", command="approve M-1@v1", style=ActionStyle.PRIMARY),
            Action(label="Request changes", command="changes M-1@v1", needs_input="What?"),
        ),
        footer="✔ Paula approved",
    )
    text = render(Message(text="M-1 Concepts · v1\nStatus: in review", card=card))

    assert text.splitlines() == [
        "┌ M-1 Concepts · v1",
        "│ Acme rebrand",
        "│ Status: in review",
        "│ Due: Dec 15",
        "│  • three routes",
        "│  • a mono logo",
        "│ ✔ Paula approved",
        "│ → approve M-1@v1   → changes M-1@v1 <What?>",
        "└",
    ]


def test_text_that_is_not_the_cards_fallback_is_kept() -> None:
    card = Card(title="M-1 Concepts · v2")
    assert render(Message(text="Submitted.", card=card)).splitlines() == [
        "Submitted.",
        "┌ M-1 Concepts · v2",
        "└",
    ]


def test_a_form_shows_the_command_to_type() -> None:
    form = Form(
        kind="issue",
        title="Raise an issue",
        submit_label="Raise",
        inputs=(FormInput(name="title", label="title", required=True),),
    )
    assert render(Message(text="Type: issue TITLE", form=form)) == "Type: issue TITLE"
    assert render(Message(text="", form=form)) == "Raise an issue: → issue <title>"


def test_chinese_field_labels_take_the_full_width_colon() -> None:
    card = Card(title="M-1 概念 · v1", fields=(Field(label="状态", value="审核中"),))
    assert "│ 状态：审核中" in render(Message(text="", card=card)).splitlines()
