"""The neutral outgoing message: text that always stands alone, plus an optional card or form.

Every adapter renders these its own way (Block Kit, Adaptive Cards, plain text); the text is the
fallback that notifications, screen readers and the console show.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.chart import Chart
from bot.model import Person


class ActionStyle(StrEnum):
    PRIMARY = "primary"
    DANGER = "danger"
    DEFAULT = "default"


@dataclass(frozen=True, kw_only=True)
class Action:
    """A button. `command` is the typed equivalent, run through the grammar when clicked.

    `needs_input` names what the platform must ask for before running it (for example the
    changes requested); the answer is appended to the command.
    """

    label: str
    command: str
    style: ActionStyle = ActionStyle.DEFAULT
    needs_input: str = ""


@dataclass(frozen=True, kw_only=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True, kw_only=True)
class Link:
    """A link a card opens (a version's deliverable): Slack shows it in a context block, Teams
    as an Action.OpenUrl."""

    label: str
    url: str


@dataclass(frozen=True, kw_only=True)
class Card:
    title: str
    subtitle: str = ""
    fields: tuple[Field, ...] = ()
    items: tuple[str, ...] = ()  # bullet lines, e.g. acceptance criteria
    actions: tuple[Action, ...] = ()
    footer: str = ""
    links: tuple[Link, ...] = ()
    # A card answered in place (a survey): a platform that can put inputs on a card (Teams)
    # shows `inputs` and the one `submit` button, whose command gets what was chosen and
    # typed, instead of `actions`; the others show `actions`, a button per choice.
    inputs: tuple[FormInput, ...] = ()
    submit: Action | None = None


class InputKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"


@dataclass(frozen=True, kw_only=True)
class FormInput:
    name: str
    label: str
    kind: InputKind = InputKind.TEXT
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    initial: str = ""


@dataclass(frozen=True, kw_only=True)
class Form:
    """A dialog a platform may open (Slack modal, Teams task module); `kind` names what it makes."""

    kind: str  # e.g. "issue"
    title: str
    inputs: tuple[FormInput, ...]
    submit_label: str


@dataclass(frozen=True, kw_only=True)
class Message:
    text: str
    card: Card | None = None
    form: Form | None = None
    # People the message calls on (the next approvers, say): platforms that can notify them
    # with a real @-mention do, the text already names them for the rest.
    mentions: tuple[Person, ...] = ()
    # A picture to go with the text (the close-out chart): adapters draw it and attach or
    # upload it; the text says what it shows for those that cannot.
    chart: Chart | None = None


class Audience(StrEnum):
    CALLER = "caller"  # only the person who asked (Slack ephemeral, Teams reply in personal scope)
    CHANNEL = "channel"  # everyone in the conversation: a record the channel should see


@dataclass(frozen=True, kw_only=True)
class Reply:
    """One message the core wants delivered in answer to a command.

    `card_key` names a card that may later be replaced (e.g. "milestone:12:v2"); adapters remember
    where they posted it. `replaces` asks them to update every posted copy of that key in place.
    """

    message: Message
    audience: Audience = Audience.CALLER
    card_key: str = ""
    replaces: str = ""
