"""Slack ids from what an admin knows: `#acme-design`, `alice@studio.com`, `@alice`. The admin
CLI calls these before it binds a channel or adds a member, so nobody hunts for C…/U… ids."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.name_lookup import NotResolved, which
from adapters.slack.app import web_client
from adapters.slack.errors import error_code
from adapters.slack.settings import SlackSettings

# Channel ids: C… public, G… private (older), D… a DM; already an id, nothing to look up.
_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{6,}")
_USER_ID = re.compile(r"[UW][A-Z0-9]{6,}")
PAGE = 200  # Slack's suggested page size for conversations.list and users.list


@dataclass(frozen=True)
class SlackUser:
    user_id: str
    name: str  # the name to show: display name, else real name, else the handle


def client_for(settings: SlackSettings, token: str) -> AsyncWebClient:
    """A Web API client with `token`, the bot token of the workspace looked in (the one bot
    token, or in OAuth mode that workspace's installation's: adapters/cli_slack_token.py)."""
    return web_client(settings.model_copy(update={"bot_token": token}))


async def channel_id(client: AsyncWebClient, wanted: str) -> str:
    """The id of `#name` (public channels, and private ones the bot is in); an id as given."""
    text = wanted.strip()
    if _CHANNEL_ID.fullmatch(text):
        return text
    name = text.removeprefix("#").lower()
    pages = _pages(client, "conversations_list", "channels",
                   types="public_channel,private_channel", exclude_archived=True)  # fmt: skip
    channels = [c async for c in pages]
    exact = [c for c in channels if name in _channel_names(c)]
    if len(exact) == 1:
        return str(exact[0]["id"])
    near = exact or [c for c in channels if name and name in str(c.get("name", "")).lower()]
    raise NotResolved(which(text, [f"#{c.get('name')} ({c.get('id')})" for c in near], "channel"))


async def user(client: AsyncWebClient, wanted: str) -> SlackUser:
    """The person `alice@studio.com` (users.lookupByEmail) or `@alice` (users.list: the handle,
    display name or real name, ignoring case) names; a U…/W… id as given."""
    text = wanted.strip()
    if _USER_ID.fullmatch(text):
        return SlackUser(text, "")
    if "@" in text[1:]:
        return await _by_email(client, text)
    name = text.removeprefix("@").casefold()
    pages = _pages(client, "users_list", "members")
    people = [p async for p in pages if not p.get("deleted") and not p.get("is_bot")]
    exact = [p for p in people if name in _names(p)]
    if len(exact) == 1:
        return SlackUser(str(exact[0]["id"]), _shown(exact[0]))
    near = exact or [p for p in people if name and any(n.startswith(name) for n in _names(p))]
    listed = [f"@{p.get('name')} ({_shown(p)})" for p in near]
    raise NotResolved(which(text, listed, "Slack user"))


async def _by_email(client: AsyncWebClient, email: str) -> SlackUser:
    try:
        answer = await client.users_lookupByEmail(email=email)
    except SlackApiError as exc:
        if error_code(exc) == "users_not_found":
            raise NotResolved(f"no Slack user has the email {email}") from None
        raise NotResolved(f"Slack would not look up {email}: {error_code(exc)}") from None
    found = answer.get("user") or {}
    return SlackUser(str(found["id"]), _shown(found))


def _channel_names(channel: dict[str, Any]) -> set[str]:
    return {str(channel.get(k) or "").lower() for k in ("name", "name_normalized")}


def _names(person: dict[str, Any]) -> set[str]:
    card = person.get("profile") or {}
    names = (person.get("name"), person.get("real_name"), card.get("display_name"),
             card.get("real_name"))  # fmt: skip
    return {str(n).casefold() for n in names if n}


def _shown(person: dict[str, Any]) -> str:
    card = person.get("profile") or {}
    names = (card.get("display_name"), card.get("real_name"), person.get("real_name"))
    return next((str(n) for n in names if n), str(person.get("name") or ""))


async def _pages(
    client: AsyncWebClient, method: str, key: str, **args: Any
) -> AsyncIterator[dict[str, Any]]:
    """Every item of a cursor-paginated Web API list, page after page."""
    call: Callable[..., Any] = getattr(client, method)
    cursor = ""
    while True:
        try:
            answer = await call(limit=PAGE, cursor=cursor or None, **args)
        except SlackApiError as exc:
            raise NotResolved(
                f"Slack refused {method.replace('_', '.')}: {error_code(exc)}"
            ) from None
        for item in answer.get(key) or []:
            yield item
        cursor = str((answer.get("response_metadata") or {}).get("next_cursor") or "")
        if not cursor:
            return
