"""Display names from users.info, asked only for people the database has no name for yet."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.errors import error_code
from adapters.slack.translate import Origin

logger = logging.getLogger(__name__)


async def display_name(client: AsyncWebClient, origin: Origin) -> str:
    """Their Slack display name, else real name; the payload's user name if Slack will not say
    (external users of a Slack Connect channel are often invisible to users.info)."""
    if not origin.user:
        return origin.user_name
    try:
        answer = await client.users_info(user=origin.user)
    except SlackApiError as exc:
        logger.info("users.info failed for a user: %s", error_code(exc))
        return origin.user_name
    except Exception:
        logger.warning("users.info could not be reached", exc_info=True)
        return origin.user_name
    user = answer.get("user") or {}
    profile = user.get("profile") or {}
    for name in (profile.get("display_name"), profile.get("real_name"), user.get("real_name")):
        if name:
            return str(name)
    return origin.user_name or str(user.get("name") or "")
