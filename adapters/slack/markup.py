"""Text in and out of Slack's mrkdwn: the one place user and database text is escaped on the way
out, unescaped on the way in, and the one place a mention is written."""

from __future__ import annotations

import re

from bot.model import Identity, Platform
from bot.platform_ids import is_user_id

# Slack's three control characters, and only those (its formatting docs: "Don't HTML
# entity-encode the entire message").
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_UNESCAPES = {entity: char for char, entity in _ESCAPES.items()}
_CONTROL = re.compile("[&<>]")
_ENTITY = re.compile("&(?:amp|lt|gt);")


def escape(text: str) -> str:
    """Text from users or the database as mrkdwn shows it: never a <!channel>, a link or a
    mention, whatever it says."""
    return _CONTROL.sub(lambda m: _ESCAPES[m.group()], text)


def unescape(text: str) -> str:
    """What someone typed, from the text Slack sends (slash commands, messages), in which Slack
    escaped & < and >: once, so "a &amp;amp; b" (they typed "a &amp; b") stays as typed."""
    return _ENTITY.sub(lambda m: _UNESCAPES[m.group()], text)


def mention(identity: Identity) -> str:
    """A mention that notifies the person, or "" for anyone who is no Slack user of the right
    shape: a stored id is never written into mrkdwn as it is."""
    if identity.platform is not Platform.SLACK or not is_user_id(identity):
        return ""
    return f"<@{identity.user_id}>"
