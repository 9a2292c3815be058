"""Who someone is on Slack, from users.info: asked only for people the database has no name or
time zone for yet."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import error_code
from adapters.slack.translate import Origin

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Profile:
    display_name: str
    timezone: str = ""  # their own IANA zone, as set in Slack ("" when Slack will not say)


async def profile_within(client: AsyncWebClient, origin: Origin, seconds: float) -> Profile:
    """`profile`, or the payload's name when Slack takes longer than `seconds`: asked before
    an answer Slack waits for at most 3 s."""
    try:
        return await asyncio.wait_for(profile(client, origin), seconds)
    except TimeoutError:
        return Profile(origin.user_name)


async def profile(client: AsyncWebClient, origin: Origin) -> Profile:
    """Their Slack display name (else real name) and time zone; the payload's user name if
    Slack will not say (external users of a Slack Connect channel are often invisible to
    users.info)."""
    if not origin.user:
        return Profile(origin.user_name)
    try:
        answer = await client.users_info(user=origin.user)
    except SlackApiError as exc:
        logger.info("users.info failed for a user: %s", error_code(exc))
        return Profile(origin.user_name)
    except Exception:
        logger.warning("users.info could not be reached", exc_info=True)
        return Profile(origin.user_name)
    user = answer.get("user") or {}
    card = user.get("profile") or {}
    names = (card.get("display_name"), card.get("real_name"), user.get("real_name"))
    name = next((str(n) for n in names if n), origin.user_name or str(user.get("name") or ""))
    zone = user.get("tz")
    return Profile(name, zone if isinstance(zone, str) else "")
