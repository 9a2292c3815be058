"""Teams activities to the core's terms: who, where, and which command (never an SDK call)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot import brief_commands as b
from bot import brief_form
from bot import commands as c
from bot.actions import decode
from bot.commands import Command
from bot.errors import InvalidField
from bot.invocation import Invocation
from bot.model import Conversation, Identity, Platform
from bot.usecases import issue_form

_THREAD = re.compile(r";messageid=.*$", re.IGNORECASE)
_AT = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")

VERB_APPROVE = "milestone.approve"
VERB_CHANGES = "milestone.changes"
VERB_REFRESH = "milestone.refresh"
VERB_ANSWER = "card.answer"  # a card answered in place (a survey): its inputs go with it
CHOICE_INPUT = "choice"  # what was chosen on such a card (bot.survey_card.CHOICE)
SUBMIT = ".submit"  # a form's Action.Execute verb is its kind and this: "issue.submit"
NOTE_INPUT = "note"  # the Input.Text id of "request changes"


@dataclass(frozen=True, kw_only=True)
class Where:
    """Where an activity came from: the bound conversation (no thread suffix) and its tenant."""

    conversation: Conversation
    kind: str  # "channel", "personal" or "groupChat"


def channel_id(conversation_id: str) -> str:
    """A Teams conversation without its thread suffix: what a project is bound to."""
    return _THREAD.sub("", conversation_id or "")


def tenant_of(activity: dict[str, Any]) -> str:
    conversation = activity.get("conversation") or {}
    channel_data = activity.get("channelData") or {}
    return conversation.get("tenantId") or (channel_data.get("tenant") or {}).get("id") or ""


def where(activity: dict[str, Any]) -> Where:
    conversation = activity.get("conversation") or {}
    kind = conversation.get("conversationType") or (
        "groupChat" if conversation.get("isGroup") else "personal"
    )
    return Where(
        conversation=Conversation(
            platform=Platform.TEAMS,
            tenant=tenant_of(activity),
            channel=channel_id(conversation.get("id", "")),
        ),
        kind=kind,
    )


def identity(activity: dict[str, Any]) -> Identity:
    """A person by AAD object id within the tenant; guests have one too. Bots without one (the
    Emulator) fall back to their channel id."""
    sender = activity.get("from") or {}
    return Identity(
        platform=Platform.TEAMS,
        tenant=tenant_of(activity),
        user_id=sender.get("aadObjectId") or sender.get("id") or "",
    )


def invocation(activity: dict[str, Any]) -> Invocation:
    sender = activity.get("from") or {}
    conversation_id = (activity.get("conversation") or {}).get("id", "")
    return Invocation(
        identity=identity(activity),
        display_name=sender.get("name") or "",
        timezone=sender_timezone(activity),
        conversation=where(activity).conversation,
        locale=activity.get("locale"),
        # Activity ids are unique within a conversation; Teams re-sends with the same id.
        delivery_id=f"{channel_id(conversation_id)}|{activity.get('id', '')}",
    )


def sender_timezone(activity: dict[str, Any]) -> str:
    """The sender's own IANA zone: the activity's localTimezone, else its clientInfo entity's
    timezone; "" when the client sent neither (the core drops anything not a real zone)."""
    zone = activity.get("localTimezone")
    if not zone:
        info = (e for e in _entities(activity) if e.get("type") == "clientInfo")
        zone = next((e.get("timezone") for e in info if e.get("timezone")), "")
    return zone if isinstance(zone, str) else ""


def command_text(activity: dict[str, Any]) -> str | None:
    """What the person typed, without the bot's mention; None when the bot is not addressed
    (a channel message that does not @mention it)."""
    text = activity.get("text") or ""
    bot_id = (activity.get("recipient") or {}).get("id")
    mentions = [
        e
        for e in _entities(activity)
        if e.get("type") == "mention" and _field(e, "mentioned").get("id") == bot_id
    ]
    if where(activity).kind == "channel" and not mentions:
        return None
    for mention in mentions:
        said = mention.get("text")
        text = text.replace(said if isinstance(said, str) and said else "\0", " ")
    text = _TAGS.sub(" ", _AT.sub(" ", text))
    return " ".join(html.unescape(text).split())


def action_command(value: dict[str, Any]) -> tuple[str, Command | InvalidField] | None:
    """The verb of an Action.Execute and the command it carries; None for an unknown verb. A
    form's answer its reader cannot read comes as the InvalidField: nothing is to run, and the
    form shows it beside that input."""
    action = value.get("action") or {}
    verb, data = action.get("verb") or "", action.get("data") or {}
    if verb in (VERB_APPROVE, VERB_CHANGES):
        note = str(data.get(NOTE_INPUT) or "").strip()
        command = decode(str(data.get("command") or ""), note=note)
        return (verb, command) if command is not None else None
    if verb == VERB_ANSWER:
        note = str(data.get(NOTE_INPUT) or "").strip()
        choice = str(data.get(CHOICE_INPUT) or "")
        command = decode(str(data.get("command") or ""), note=note, choice=choice)
        return (verb, command) if command is not None else None
    if (kind := form_kind(verb)) is not None:
        try:
            return verb, FORMS[kind].read(data)
        except InvalidField as unread:
            return verb, unread
    return None


def issue_command(data: Mapping[str, Any]) -> Command:
    """bot.usecases.issue_form.answered over the card's inputs, as text."""
    return issue_form.answered({k: str(v) for k, v in data.items() if v is not None})


def brief_command(data: Mapping[str, Any]) -> Command:
    """bot.brief_form.answered over the card's inputs: text, as Input.Text sends it."""
    return brief_form.answered({k: v for k, v in data.items() if isinstance(v, str)})


@dataclass(frozen=True, kw_only=True)
class FormKind:
    """What a form's submit runs (`read`: InvalidField for an answer it cannot read), and the
    command that opens it again, to show a refusal beside the input it is about."""

    read: Callable[[Mapping[str, Any]], Command]
    reopen: Callable[[], Command]


# A form's kind (bot.messages.Form.kind) → how its card is answered. A new form is one entry.
FORMS: dict[str, FormKind] = {
    "issue": FormKind(read=issue_command, reopen=c.OpenIssueForm),
    brief_form.KIND: FormKind(read=brief_command, reopen=b.OpenBriefForm),
}


def form_verb(kind: str) -> str:
    """The verb of a form's submit button."""
    return kind + SUBMIT


def form_kind(verb: str) -> str | None:
    """The form a verb submits; None for any other verb."""
    kind = verb.removesuffix(SUBMIT)
    return kind if verb == form_verb(kind) and kind in FORMS else None


def bot_added(activity: dict[str, Any]) -> bool:
    """The bot itself was installed: conversationUpdate adding it, or installationUpdate add."""
    if activity.get("type") == "installationUpdate":
        return (activity.get("action") or "add") == "add"
    bot_id = (activity.get("recipient") or {}).get("id")
    return any(m.get("id") == bot_id for m in activity.get("membersAdded") or [])


def _entities(activity: dict[str, Any]) -> list[dict[str, Any]]:
    """The activity's entities that are objects; a client sending anything else is ignored."""
    entities = activity.get("entities")
    return [e for e in entities if isinstance(e, dict)] if isinstance(entities, list) else []


def _field(entity: dict[str, Any], name: str) -> dict[str, Any]:
    value = entity.get(name)
    return value if isinstance(value, dict) else {}
