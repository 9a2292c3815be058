"""The core's neutral messages as Teams sees them: Adaptive Cards (1.5) with a text fallback."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from adapters.teams.charts import chart_attachment
from adapters.teams.translate import (
    NOTE_INPUT,
    VERB_ANSWER,
    VERB_APPROVE,
    VERB_CHANGES,
    VERB_REFRESH,
    form_verb,
)
from bot.actions import decision_kind
from bot.labels import name_of
from bot.messages import Action, ActionStyle, Card, Form, FormInput, InputKind, Message
from bot.model import DecisionKind, Platform
from bot.platform_ids import is_user_id

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"  # Universal Actions (Action.Execute, refresh) need 1.4+; Teams renders 1.5
MAX_REFRESH_USERS = 60  # Teams refreshes automatically for at most this many user ids
_STYLES = {ActionStyle.PRIMARY: "positive", ActionStyle.DANGER: "destructive"}
# Teams reads TextBlocks and facts as Markdown: a typed "[files](https://…)" would be a link.
_MARKDOWN = re.compile(r"([\\*_\[\]<>`~])")


def shown(text: str) -> str:
    """Text from people or the database, backslash-escaped so Teams shows it as typed."""
    return _MARKDOWN.sub(r"\\\1", text)


def activity(message: Message, *, card: dict[str, Any] | None = None) -> dict[str, Any]:
    """A message activity: the text alone, or the card with the text as its summary."""
    card = card if card is not None else adaptive_card(message)
    if card is None:
        shaped = _text_activity(message)
    else:
        shaped = {
            "type": "message",
            "summary": message.text.splitlines()[0] if message.text else "",
            "attachments": [{"contentType": CARD_TYPE, "content": card}],
        }
    if message.chart is not None:  # the picture goes with the text, inline
        shaped["attachments"] = [*shaped.get("attachments", ()), chart_attachment(message.chart)]
    return shaped


def escape(text: str) -> str:
    """Text from users or the database inside Teams' markup (a message with <at> mentions):
    shown as written, never a tag. The one place it is escaped."""
    return html.escape(text, quote=False)


def _text_activity(message: Message) -> dict[str, Any]:
    """Plain text; with mention entities for the Teams people it calls on, so Teams notifies
    them (mentions need Teams' markup, so the text is escaped rather than sent as plain). Only
    an AAD object id of the right shape becomes a mention; anyone else is named in the text."""
    called = [
        p
        for p in message.mentions
        if p.identity.platform is Platform.TEAMS and is_user_id(p.identity)
    ]
    if not called:
        return {"type": "message", "text": message.text, "textFormat": "plain"}
    tags = [f"<at>{escape(name_of(p))}</at>" for p in called]
    entities = [
        {
            "type": "mention",
            "text": tag,
            "mentioned": {"id": p.identity.user_id, "name": name_of(p)},
        }
        for tag, p in zip(tags, called, strict=True)
    ]
    text = escape(message.text) + "\n\n" + " ".join(tags)
    return {"type": "message", "text": text, "entities": entities}


def adaptive_card(
    message: Message,
    *,
    card_key: str = "",
    refresh_users: Sequence[str] = (),
    error: str = "",
    values: dict[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """The card for a message with a Card or a Form; None for plain text."""
    if message.form is not None:
        return form_card(message.form, error=error, values=values or {}, errors=errors or {})
    if message.card is None:
        return None
    body = _card_body(message.card)
    card = _envelope(body, message.text)
    actions = [_action(a, card_key) for a in message.card.actions]
    if message.card.submit is not None:  # answered in place: its inputs, then one button
        body += [_input(spec, None) for spec in message.card.inputs]
        actions = [_answer(message.card.submit, card_key)]
    if actions:
        card["actions"] = actions
    if actions and card_key:
        # Approvers who open the chat later get the current card, not the one posted.
        card["refresh"] = {
            "action": {
                "type": "Action.Execute",
                "title": "Refresh",
                "verb": VERB_REFRESH,
                "data": {"card_key": card_key},
            },
            "userIds": list(refresh_users)[:MAX_REFRESH_USERS],
        }
    return card


def _envelope(body: list[dict[str, Any]], fallback: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "type": "AdaptiveCard",
        "version": VERSION,
        "fallbackText": fallback,
        "body": body,
    }


def _card_body(card: Card) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": shown(card.title),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
    ]
    if card.subtitle:
        body.append(
            {
                "type": "TextBlock",
                "text": shown(card.subtitle),
                "isSubtle": True,
                "spacing": "None",
                "wrap": True,
            }
        )
    if card.fields:
        facts = [{"title": shown(f.label), "value": shown(f.value)} for f in card.fields]
        body.append({"type": "FactSet", "facts": facts})
    for item in card.items:
        body.append(
            {"type": "TextBlock", "text": f"- {shown(item)}", "wrap": True, "spacing": "Small"}
        )
    if card.links:  # the deliverables, each opened in the browser
        opens = [{"type": "Action.OpenUrl", "title": link.label, "url": link.url}
                 for link in card.links]  # fmt: skip
        body.append({"type": "ActionSet", "actions": opens})
    if card.footer:
        body.append(
            {
                "type": "TextBlock",
                "text": shown(card.footer),
                "wrap": True,
                "isSubtle": True,
                "separator": True,
            }
        )
    return body


def _action(action: Action, card_key: str) -> dict[str, Any]:
    approve = decision_kind(action.command) is DecisionKind.APPROVE
    verb = VERB_APPROVE if approve else VERB_CHANGES
    execute: dict[str, Any] = {
        "type": "Action.Execute",
        "title": action.label,
        "verb": verb,
        "data": {"command": action.command, "card_key": card_key},
    }
    if action.style in _STYLES:
        execute["style"] = _STYLES[action.style]
    if not action.needs_input:
        return execute
    # "Request changes" asks what should change before it runs: a card of its own.
    note = {
        "type": "Input.Text",
        "id": NOTE_INPUT,
        "label": action.needs_input,
        "isMultiline": True,
        "isRequired": True,
        "errorMessage": action.needs_input,
    }
    submit = {**execute, "associatedInputs": "auto"}
    return {
        "type": "Action.ShowCard",
        "title": action.label,
        "card": {"type": "AdaptiveCard", "body": [note], "actions": [submit]},
    }


def _answer(action: Action, card_key: str) -> dict[str, Any]:
    """The one button of a card answered in place: Teams sends the card's inputs with it."""
    return {
        "type": "Action.Execute",
        "title": action.label,
        "verb": VERB_ANSWER,
        "data": {"command": action.command, "card_key": card_key},
        "associatedInputs": "auto",
        **({"style": _STYLES[action.style]} if action.style in _STYLES else {}),
    }


def form_card(
    form: Form,
    *,
    error: str = "",
    values: dict[str, str],
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A form as an Adaptive Card; the inputs keep what was typed. A refused field's words
    (`errors`, by input) are shown right under it, any other refusal (`error`) above them."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": form.title, "weight": "Bolder", "size": "Medium"}
    ]
    if error:
        body.append({"type": "TextBlock", "text": shown(error), "color": "Attention", "wrap": True})
    for spec in form.inputs:
        body.append(_input(spec, values.get(spec.name)))
        if wrong := (errors or {}).get(spec.name):
            body.append({"type": "TextBlock", "text": shown(wrong), "color": "Attention",
                         "wrap": True, "spacing": "None"})  # fmt: skip
    card = _envelope(body, form.title)
    card["actions"] = [
        {
            "type": "Action.Execute",
            "title": form.submit_label,
            "verb": form_verb(form.kind),  # translate.FORMS reads what it submits
            "data": {"form": form.kind},
        }
    ]
    return card


def _input(spec: FormInput, value: str | None) -> dict[str, Any]:
    chosen = spec.initial if value is None else value
    if spec.kind is InputKind.CHOICE:
        element: dict[str, Any] = {
            "type": "Input.ChoiceSet",
            "style": "compact",
            "choices": [{"title": title, "value": v} for v, title in spec.choices],
        }
    else:
        element = {"type": "Input.Text", "isMultiline": spec.kind is InputKind.LONG_TEXT}
    element.update(id=spec.name, label=spec.label, value=chosen)
    if spec.required:
        element.update(isRequired=True, errorMessage=spec.label)
    return element


def invoke_card(card: dict[str, Any]) -> dict[str, Any]:
    """The adaptiveCard/action answer that replaces the card for whoever clicked."""
    return {"statusCode": 200, "type": CARD_TYPE, "value": card}


def invoke_message(text: str) -> dict[str, Any]:
    """The adaptiveCard/action answer that shows a short message and leaves the card."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": text}
