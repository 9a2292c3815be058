"""The core's neutral messages → Block Kit: message blocks, the approval card, modal views."""

from __future__ import annotations

import json
import re
from typing import Any

from adapters.slack.ids import APPROVE_ACTION, CHANGES_ACTION, CHANGES_VIEW, FORM_VIEW, RUN_ACTION
from adapters.slack.markup import escape, mention
from bot.actions import decision_kind
from bot.messages import Action, ActionStyle, Card, Form, FormInput, InputKind, Message
from bot.model import DecisionKind

INPUT = "value"  # the action_id of every modal input; its block_id is the input's name
# Slack's limits: longer values are refused with invalid_blocks, so they are cut instead.
SECTION_LIMIT, HEADER_LIMIT, TITLE_LIMIT, BUTTON_LIMIT = 3000, 150, 24, 75
FIELD_LIMIT, FIELDS, VALUE_LIMIT, BUTTONS = 2000, 10, 2000, 25  # a section field; a button's value
LINKS, LINK_LABEL = 10, 80  # elements of a context block; a link's shown name
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")  # what is left of "&amp;" "&lt;" "&gt;" when cut


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int = SECTION_LIMIT) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text, limit) or " ", "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_LIMIT) -> dict[str, Any]:
    if len(text) > limit:  # escaped text: an entity cut in half would show as "&am…"
        text = _PARTIAL_ENTITY.sub("", text[: limit - 1]) + "…"
    return {"type": "mrkdwn", "text": text or " "}


def message_payload(message: Message) -> dict[str, Any]:
    """chat.postMessage / chat.update / response_url arguments: text always, blocks for cards."""
    text = escape(message.text)
    called = " ".join(filter(None, (mention(who.identity) for who in message.mentions)))
    if called:  # a real mention notifies them; the text already names them for everyone else
        text = f"{text}\n{called}"
    payload: dict[str, Any] = {"text": cut(text, 40000)}
    if message.card is not None:
        payload["blocks"] = card_blocks(message.card)
        if called:
            payload["blocks"].append({"type": "context", "elements": [mrkdwn(called)]})
    return payload


def card_blocks(card: Card) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "header", "text": plain(card.title, HEADER_LIMIT)}]
    if card.subtitle:
        blocks.append({"type": "context", "elements": [mrkdwn(escape(card.subtitle))]})
    if card.fields:
        fields = [
            mrkdwn(f"*{escape(f.label)}*\n{escape(f.value)}", FIELD_LIMIT)
            for f in card.fields[:FIELDS]
        ]
        blocks.append({"type": "section", "fields": fields})
    if card.items:
        blocks.append(
            {"type": "section", "text": mrkdwn("\n".join(f"• {escape(i)}" for i in card.items))}
        )
    if card.links:  # the deliverables, as links Slack opens itself (no action to answer)
        opens = [
            mrkdwn(f"<{escape(link.url)}|{escape(cut(link.label, LINK_LABEL))}>")
            for link in card.links[:LINKS]
        ]
        blocks.append({"type": "context", "elements": opens})
    if card.footer:
        blocks.append({"type": "context", "elements": [mrkdwn(escape(card.footer))]})
    if card.actions:
        buttons = [button(action, index) for index, action in enumerate(card.actions[:BUTTONS])]
        blocks.append({"type": "actions", "block_id": "card_actions", "elements": buttons})
    return blocks


def action_id(action: Action, index: int) -> str:
    kind = decision_kind(action.command)
    if kind is DecisionKind.APPROVE:
        return APPROVE_ACTION
    if kind is DecisionKind.CHANGES:
        return CHANGES_ACTION
    return f"{RUN_ACTION}:{index}"


def button(action: Action, index: int) -> dict[str, Any]:
    # The value carries the command as data (bot.actions: milestone, version, decision) and, for
    # a button that needs an answer first, the question the modal asks.
    element: dict[str, Any] = {
        "type": "button",
        "action_id": action_id(action, index),
        "text": plain(action.label, BUTTON_LIMIT),
        "value": button_value(action.command, action.needs_input),
    }
    if action.style is not ActionStyle.DEFAULT:
        element["style"] = action.style.value
    return element


def button_value(command: str, ask: str) -> str:
    """The command and the question as JSON within Slack's 2,000 characters: the question
    (only shown again as the modal's label) gives way, never the command."""
    value = json.dumps({"command": command, "ask": ask}, ensure_ascii=False)
    if len(value) > VALUE_LIMIT:
        room = len(ask) - (len(value) - VALUE_LIMIT)  # JSON escapes only make the cut deeper
        ask = cut(ask, room) if room > 1 else ""
        value = json.dumps({"command": command, "ask": ask}, ensure_ascii=False)
    return value


def changes_view(*, title: str, question: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """The modal a request-changes click opens: one required, multi-line answer."""
    block = text_input(
        FormInput(name="note", label=question, kind=InputKind.LONG_TEXT, required=True)
    )
    return {
        "type": "modal",
        "callback_id": CHANGES_VIEW,
        "title": plain(title, TITLE_LIMIT),
        "submit": plain(title, TITLE_LIMIT),
        "private_metadata": json.dumps(metadata, ensure_ascii=False),
        "blocks": [block],
    }


def form_view(form: Form, *, metadata: dict[str, Any]) -> dict[str, Any]:
    blocks = [text_input(i) for i in form.inputs if i.kind is not InputKind.CHOICE or i.choices]
    return {
        "type": "modal",
        "callback_id": f"{FORM_VIEW}:{form.kind}",
        "title": plain(form.title, TITLE_LIMIT),
        "submit": plain(form.submit_label, TITLE_LIMIT),
        "private_metadata": json.dumps(metadata, ensure_ascii=False),
        "blocks": blocks,
    }


def text_input(field: FormInput) -> dict[str, Any]:
    if field.kind is InputKind.CHOICE:
        options = [{"text": plain(label, 75), "value": value} for value, label in field.choices]
        element: dict[str, Any] = {"type": "static_select", "options": options[:100]}
        chosen = [o for o in element["options"] if o["value"] == field.initial]
        if chosen:
            element["initial_option"] = chosen[0]
    else:
        element = {"type": "plain_text_input", "multiline": field.kind is InputKind.LONG_TEXT}
        if field.initial:
            element["initial_value"] = field.initial
    element["action_id"] = INPUT
    return {
        "type": "input",
        "block_id": field.name,
        "label": plain(field.label, 2000),
        "optional": not field.required,
        "element": element,
    }


def submitted(view: dict[str, Any]) -> dict[str, str]:
    """A submitted modal's answers by input name (a choice gives its value; empty when unset)."""
    answers: dict[str, str] = {}
    for name, actions in (view.get("state") or {}).get("values", {}).items():
        state: dict[str, Any] = actions.get(INPUT) or next(iter(actions.values()), {})
        option = state.get("selected_option") or {}
        answers[name] = option.get("value") or state.get("value") or ""
    return answers
