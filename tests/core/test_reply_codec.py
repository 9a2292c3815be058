"""A reply waiting in the outbox is plain JSON and comes back exactly as it was committed, card,
form and mentions included; a row written in version 1 stays readable after an upgrade."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from bot.reply_codec import decode_reply, encode_reply

TEXT = st.text(max_size=30)
SMALL = {"max_size": 3}
IDENTITIES = st.builds(Identity, platform=st.sampled_from(Platform), tenant=TEXT, user_id=TEXT)
PEOPLE = st.builds(Person, id=st.integers(0, 10**9), identity=IDENTITIES, display_name=TEXT,
                   timezone=TEXT)  # fmt: skip
ACTIONS = st.builds(Action, label=TEXT, command=TEXT, style=st.sampled_from(ActionStyle),
                    needs_input=TEXT)  # fmt: skip
CARDS = st.builds(
    Card, title=TEXT, subtitle=TEXT, footer=TEXT,
    fields=st.lists(st.builds(Field, label=TEXT, value=TEXT), **SMALL).map(tuple),
    items=st.lists(TEXT, **SMALL).map(tuple), actions=st.lists(ACTIONS, **SMALL).map(tuple),
    links=st.lists(st.builds(Link, label=TEXT, url=TEXT), **SMALL).map(tuple),
)  # fmt: skip
INPUTS = st.builds(
    FormInput, name=TEXT, label=TEXT, kind=st.sampled_from(InputKind), required=st.booleans(),
    choices=st.lists(st.tuples(TEXT, TEXT), **SMALL).map(tuple), initial=TEXT,
)  # fmt: skip
FORMS = st.builds(Form, kind=TEXT, title=TEXT, submit_label=TEXT,
                  inputs=st.lists(INPUTS, **SMALL).map(tuple))  # fmt: skip
MESSAGES = st.builds(Message, text=TEXT, card=st.none() | CARDS, form=st.none() | FORMS,
                     mentions=st.lists(PEOPLE, **SMALL).map(tuple))  # fmt: skip
REPLIES = st.builds(Reply, message=MESSAGES, audience=st.sampled_from(Audience),
                    card_key=TEXT, replaces=TEXT)  # fmt: skip


@given(REPLIES)
def test_a_reply_comes_back_from_its_json_as_it_went_in(reply: Reply) -> None:
    stored = json.loads(json.dumps(encode_reply(reply)))  # what a JSON column gives back
    assert decode_reply(stored) == reply


# A version-1 row as the outbox holds it: what an instance of this release committed must be
# readable by the next one. Changing the encoding means a new version, not a new meaning for 1.
VERSION_1 = {
    "v": 1, "audience": "channel", "card_key": "milestone:7:v2", "replaces": "",
    "message": {
        "text": "M-1 v2 is ready for sign-off",
        "card": {"title": "M-1 Concepts · v2", "subtitle": "Due Fri 15 Jan",
                 "fields": [["Round", "2 of 3"]], "items": ["three routes"],
                 "actions": [{"label": "Request changes", "command": "s1:changes:7:2",
                              "style": "danger", "needs_input": "What should change?"}],
                 "footer": "Submitted by Dora"},
        "form": {"kind": "issue", "title": "Raise an issue", "submit_label": "Raise",
                 "inputs": [{"name": "severity", "label": "Severity", "kind": "choice",
                             "required": True, "choices": [["high", "High"]],
                             "initial": "medium"}]},
        "mentions": [{"id": 4, "platform": "slack", "tenant": "T1", "user_id": "U4",
                      "name": "Ava", "timezone": "Europe/London"}],
    },
}  # fmt: skip


def test_a_version_1_row_reads_as_the_reply_it_was() -> None:
    ava = Person(id=4, identity=Identity(platform=Platform.SLACK, tenant="T1", user_id="U4"),
                 display_name="Ava", timezone="Europe/London")  # fmt: skip
    changes = Action(label="Request changes", command="s1:changes:7:2", style=ActionStyle.DANGER,
                     needs_input="What should change?")  # fmt: skip
    severity = FormInput(name="severity", label="Severity", kind=InputKind.CHOICE, required=True,
                         choices=(("high", "High"),), initial="medium")  # fmt: skip
    assert decode_reply(VERSION_1) == Reply(
        audience=Audience.CHANNEL, card_key="milestone:7:v2", replaces="",
        message=Message(
            text="M-1 v2 is ready for sign-off", mentions=(ava,),
            card=Card(title="M-1 Concepts · v2", subtitle="Due Fri 15 Jan",
                      fields=(Field(label="Round", value="2 of 3"),), items=("three routes",),
                      actions=(changes,), footer="Submitted by Dora"),
            form=Form(kind="issue", title="Raise an issue", submit_label="Raise",
                      inputs=(severity,)),
        ),
    )  # fmt: skip
    assert encode_reply(decode_reply(VERSION_1)) == VERSION_1


def test_a_cards_links_go_through_the_outbox() -> None:
    logo = Link(label="Logo", url="https://figma.com/file/k/Logo?a=1&b=2")
    card = Card(title="M-1 Concepts · v1", links=(logo,))
    reply = Reply(audience=Audience.CHANNEL, message=Message(text="M-1", card=card))
    assert decode_reply(json.loads(json.dumps(encode_reply(reply)))) == reply


@pytest.mark.parametrize("version", [None, 0, 2, "1"])
def test_a_row_of_an_unknown_version_is_refused_not_misread(version: object) -> None:
    row = {**VERSION_1, "v": version}
    with pytest.raises(ValueError, match=re.escape(f"unknown reply encoding {version!r}")):
        decode_reply(row)
