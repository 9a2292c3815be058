"""Every message and view Signoff sends to Slack is Block Kit that slack_sdk's models accept,
with what is longer than Slack allows cut with "…"."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

from fake_slack import Call
from slack_harness import APPROVER, CLIENT, PM, Harness, inbound
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from adapters.slack import render
from bot.commands import AddMilestone
from bot.messages import (
    Action,
    ActionStyle,
    Card,
    Field,
    Form,
    FormInput,
    InputKind,
    Link,
    Message,
)

LONG = "Warmer blue & a <bigger> logo; the tagline on one line. " * 80  # ~4,500 characters
# The longest the core takes (bot/policy.py, bot/usecases/milestones.py): text, titles, criteria.
TEXT, TITLE, CRITERIA = LONG[:4000], LONG[:200], tuple(f"{n:02} {LONG[:197]}" for n in range(20))
# Slack limits slack_sdk's models do not check (docs.slack.dev, "section" block: fields).
FIELD_TEXT = 2000


def valid_blocks(blocks: list[dict[str, Any]]) -> None:
    """Each block parses into slack_sdk's model and comes back unchanged: `to_dict` runs the
    model's validators (Slack's lengths and counts), and a key the model does not know is lost."""
    assert 0 < len(blocks) <= 50
    for raw in blocks:
        block = Block.parse(raw)
        assert block is not None, f"not a Block Kit block: {raw}"
        assert block.to_dict() == raw
        for field in raw.get("fields") or []:
            assert len(field["text"]) <= FIELD_TEXT


def valid_message(args: dict[str, Any]) -> None:
    assert args["text"].strip()  # the notification and screen-reader text
    if "blocks" in args:
        valid_blocks(args["blocks"])


def valid_view(raw: dict[str, Any]) -> None:
    view = View(**raw)
    view.validate_json()
    assert view.to_dict() == raw
    valid_blocks(raw["blocks"])


def button(args: dict[str, Any], action_id: str) -> dict[str, Any]:
    return next(
        element
        for block in args["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    )


def home_opened(user: str, event_id: str) -> dict[str, Any]:
    payload = copy.deepcopy(inbound("event_callback_app_home_opened.json"))
    payload["event"].update(user=user, tab="home")
    payload["event_id"] = event_id
    return payload


def mention(text: str, user: str) -> dict[str, Any]:
    payload = copy.deepcopy(inbound("event_callback_app_mention.json"))
    payload["team_id"] = "T111"
    payload["event"].update(text=f"<@W23456789> {text}", user=user, channel="C111")
    payload["event_id"] = f"Ev-{user}-{len(text)}"
    return payload


async def card_recorded(slack: Harness, number: int) -> None:
    """Wait until the adapter has noted where the card went, so a click updates it in place."""
    deadline = asyncio.get_running_loop().time() + 10
    while asyncio.get_running_loop().time() < deadline:
        async with slack.runtime.services.uow() as uow:
            project = await uow.projects.get_by_key("acme")
            milestone = await uow.milestones.get(project.id, number)
            if await uow.platform.posts(f"milestone:{milestone.id}:v1"):
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the card's post was never recorded")


async def story(slack: Harness) -> None:
    """Every kind of message, at the longest the core lets each part be."""
    fake = slack.fake
    await slack.seed()
    await slack.core(AddMilestone(name=TITLE, due="2030-02-01", criteria=CRITERIA))
    await slack.slash("help")  # a slash-command answer through response_url
    await slack.slash("feedback " + TEXT, user=CLIENT)
    await slack.slash("milestone rename", user=CLIENT)  # a usage answer
    await slack.slash("submit M-2 " + TEXT[:3900], user=PM)  # the approval card
    [card] = await fake.wait_for(
        lambda: [c for c in fake.called("chat.postMessage") if "blocks" in c.args]
    )
    await card_recorded(slack, 2)
    await slack.slash("", command="/issue", user=CLIENT)  # the issue modal
    [opened] = await fake.wait_call("views.open")
    values = {"title": TITLE, "description": TEXT, "severity": "high", "milestone": "2"}
    assert (await slack.submit(opened.args["view"], values, user=CLIENT)).status == 200
    await slack.click(button(card.args, "milestone_approve"), user=PM)
    await fake.wait_call("chat.update")
    await slack.click(button(card.args, "milestone_changes"), user=APPROVER)
    changes = (await fake.wait_call("views.open", count=2))[1].args["view"]  # its modal
    assert (await slack.submit(changes, {"note": TEXT}, user=APPROVER)).status == 200
    await fake.wait_call("chat.update", count=2)  # the decided card
    await slack.click(button(card.args, "milestone_approve"), user=PM)  # a late click
    await slack.slash("status", user=CLIENT)
    await slack.event(mention("help", CLIENT))  # no response_url: an ephemeral answer
    await fake.wait_call("chat.postEphemeral")
    for n, user in enumerate((PM, APPROVER, CLIENT, "W999")):
        await slack.event(home_opened(user, f"EvHome{n}"))
    await fake.wait_call("views.publish", count=4)
    await fake.wait_hook(count=4)  # help, usage, the late click, status


async def test_every_message_and_view_of_a_whole_story_is_valid_block_kit(
    slack: Harness,
) -> None:
    await story(slack)
    fake = slack.fake
    checked: list[str] = []
    for call in [*fake.calls, *(Call(method="response_url", args=h.args) for h in fake.hooks)]:
        if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url"):
            valid_message(call.args)
        elif "view" in call.args:
            valid_view(call.args["view"])
        else:
            continue
        checked.append(call.method)
    assert {"chat.postMessage", "chat.update", "chat.postEphemeral", "views.open"} <= set(checked)
    assert checked.count("views.publish") == 4 and checked.count("response_url") == 4
    cards = [c.args for c in fake.calls if c.method in ("chat.postMessage", "chat.update")]
    shown = json.dumps([c.get("blocks") for c in cards], ensure_ascii=False)
    assert "…" in shown  # the 20 long criteria were cut to fit a section, not refused


FULL = Card(
    title="M-12 " + LONG,
    subtitle=LONG,
    fields=tuple(Field(label=f"Field {n}", value=LONG) for n in range(12)),
    items=CRITERIA,
    actions=(
        Action(label="Approve " + LONG, command="approve M-12@v3", style=ActionStyle.PRIMARY),
        Action(
            label="Request changes " + LONG,
            command="changes M-12@v3",
            style=ActionStyle.DANGER,
            needs_input=LONG,
        ),
        Action(label="Status", command="status"),
    ),
    footer=LONG,
    links=tuple(Link(label=f"{n} {LONG}", url=f"https://x.io/{n}?a=1&b=<2>") for n in range(12)),
)
FORM = Form(
    kind="issue",
    title="Raise an issue " + LONG,
    inputs=(
        FormInput(name="title", label=LONG, required=True, initial=TEXT[:3000]),
        FormInput(name="description", label="What happened", kind=InputKind.LONG_TEXT),
        FormInput(
            name="milestone",
            label="Milestone",
            kind=InputKind.CHOICE,
            choices=tuple((str(n), f"M-{n} {TITLE}") for n in range(120)),
            initial="7",
        ),
    ),
    submit_label="Raise " + LONG,
)


def test_a_card_at_every_limit_is_cut_to_slacks_lengths_with_an_ellipsis() -> None:
    blocks = render.message_payload(Message(text=TEXT, card=FULL))["blocks"]
    valid_blocks(blocks)
    header, subtitle, fields, items, links, footer, actions = blocks
    assert len(links["elements"]) == 10  # a context block's most
    first = links["elements"][0]["text"]
    # Slack's own link markup, the link and its name escaped, the name cut to 80 characters.
    assert first.startswith("<https://x.io/0?a=1&amp;b=&lt;2&gt;|0 Warmer blue &amp; a &lt;bigger")
    assert first.endswith("…>") and first.count("<") == first.count(">") == 1
    assert len(header["text"]["text"]) == 150 and header["text"]["text"].endswith("…")
    assert len(fields["fields"]) == 10
    assert all(len(f["text"]) == FIELD_TEXT and f["text"].endswith("…") for f in fields["fields"])
    for text in (
        items["text"]["text"],
        subtitle["elements"][0]["text"],
        footer["elements"][0]["text"],
    ):
        assert len(text) <= 3000 and text.endswith("…")
        assert not text.rstrip("…").endswith(("&", "&a", "&am", "&l", "&g"))  # no half entity
    approve, changes, status = actions["elements"]
    assert len(approve["text"]["text"]) == 75 and approve["text"]["text"].endswith("…")
    asked = json.loads(changes["value"])
    assert len(changes["value"]) <= 2000 and asked["command"] == "changes M-12@v3"
    assert asked["ask"].endswith("…")
    assert json.loads(status["value"]) == {"command": "status", "ask": ""}


def test_modals_at_every_limit_are_valid_views() -> None:
    metadata = {"channel": "C111", "team": "T111", "response_url": "https://hooks.slack.com/x"}
    changes = render.changes_view(title=LONG, question=LONG, metadata=metadata)
    form = render.form_view(FORM, metadata=metadata)
    for view in (changes, form):
        valid_view(view)
        assert len(view["title"]["text"]) == 24 and view["title"]["text"].endswith("…")
        assert len(view["submit"]["text"]) == 24
    assert len(changes["blocks"][0]["label"]["text"]) == 2000
    options = form["blocks"][2]["element"]["options"]
    assert len(options) == 100 and all(len(o["text"]["text"]) <= 75 for o in options)
