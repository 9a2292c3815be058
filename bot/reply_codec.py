"""Replies as plain JSON data, so a reply still to be delivered can wait in the outbox.

Versioned: a row written by an older release stays readable after an upgrade (an instance may
deliver what another one committed minutes before a deploy).
"""

from __future__ import annotations

from typing import Any

from bot.chart import chart_data, chart_of
from bot.messages import (
    Action,
    ActionStyle,
    Audience,
    Card,
    Field,
    Form,
    FormInput,
    InputKind,
    Link,
    Message,
    Reply,
)
from bot.model import Identity, Person, Platform

VERSION = 1


def encode_reply(reply: Reply) -> dict[str, Any]:
    return {
        "v": VERSION,
        "audience": reply.audience.value,
        "card_key": reply.card_key,
        "replaces": reply.replaces,
        "message": _message(reply.message),
    }


def decode_reply(data: dict[str, Any]) -> Reply:
    if data.get("v") != VERSION:
        raise ValueError(f"unknown reply encoding {data.get('v')!r}")
    return Reply(
        message=_message_of(data["message"]),
        audience=Audience(data["audience"]),
        card_key=data["card_key"],
        replaces=data["replaces"],
    )


def _message(message: Message) -> dict[str, Any]:
    card, form = message.card, message.form
    return {
        "text": message.text,
        "card": None if card is None else {
            "title": card.title,
            "subtitle": card.subtitle,
            "fields": [[f.label, f.value] for f in card.fields],
            "items": list(card.items),
            "actions": [
                {"label": a.label, "command": a.command, "style": a.style.value,
                 "needs_input": a.needs_input}
                for a in card.actions
            ],
            "footer": card.footer,
            # Only when there are any: a v1 row without links reads and writes as it was.
            **({"links": [[link.label, link.url] for link in card.links]} if card.links else {}),
            # Only on a card answered in place (a survey): the rest read and write as they were.
            **({"inputs": [_input(i) for i in card.inputs]} if card.inputs else {}),
            **({"submit": _action(card.submit)} if card.submit else {}),
        },
        "form": None if form is None else {
            "kind": form.kind,
            "title": form.title,
            "inputs": [
                {"name": i.name, "label": i.label, "kind": i.kind.value, "required": i.required,
                 "choices": [list(c) for c in i.choices], "initial": i.initial}
                for i in form.inputs
            ],
            "submit_label": form.submit_label,
        },
        # Only when there is one: a v1 row without a chart reads and writes as it was.
        **({"chart": chart_data(message.chart)} if message.chart else {}),
        "mentions": [
            {"id": p.id, "platform": p.identity.platform.value, "tenant": p.identity.tenant,
             "user_id": p.identity.user_id, "name": p.display_name, "timezone": p.timezone}
            for p in message.mentions
        ],
    }  # fmt: skip


def _message_of(data: dict[str, Any]) -> Message:
    card, form = data["card"], data["form"]
    return Message(
        text=data["text"],
        card=None if card is None else Card(
            title=card["title"],
            subtitle=card["subtitle"],
            fields=tuple(Field(label=label, value=value) for label, value in card["fields"]),
            items=tuple(card["items"]),
            actions=tuple(
                Action(label=a["label"], command=a["command"], style=ActionStyle(a["style"]),
                       needs_input=a["needs_input"])
                for a in card["actions"]
            ),
            footer=card["footer"],
            # Replies queued before cards carried links have none.
            links=tuple(Link(label=label, url=url) for label, url in card.get("links", ())),
            inputs=tuple(_input_of(i) for i in card.get("inputs", ())),
            submit=_action_of(card["submit"]) if card.get("submit") else None,
        ),
        form=None if form is None else Form(
            kind=form["kind"],
            title=form["title"],
            inputs=tuple(
                FormInput(name=i["name"], label=i["label"], kind=InputKind(i["kind"]),
                          required=i["required"], choices=tuple(tuple(c) for c in i["choices"]),
                          initial=i["initial"])
                for i in form["inputs"]
            ),
            submit_label=form["submit_label"],
        ),
        chart=chart_of(data["chart"]) if data.get("chart") else None,
        mentions=tuple(
            Person(id=p["id"], identity=Identity(platform=Platform(p["platform"]),
                   tenant=p["tenant"], user_id=p["user_id"]),
                   display_name=p["name"], timezone=p["timezone"])
            for p in data["mentions"]
        ),
    )  # fmt: skip


def _input(spec: FormInput) -> dict[str, Any]:
    return {"name": spec.name, "label": spec.label, "kind": spec.kind.value,
            "required": spec.required, "choices": [list(c) for c in spec.choices],
            "initial": spec.initial}  # fmt: skip


def _input_of(data: dict[str, Any]) -> FormInput:
    return FormInput(name=data["name"], label=data["label"], kind=InputKind(data["kind"]),
                     required=data["required"], choices=tuple(tuple(c) for c in data["choices"]),
                     initial=data["initial"])  # fmt: skip


def _action(action: Action) -> dict[str, Any]:
    return {"label": action.label, "command": action.command, "style": action.style.value,
            "needs_input": action.needs_input}  # fmt: skip


def _action_of(data: dict[str, Any]) -> Action:
    return Action(label=data["label"], command=data["command"], style=ActionStyle(data["style"]),
                  needs_input=data["needs_input"])  # fmt: skip
