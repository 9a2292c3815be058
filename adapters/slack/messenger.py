"""Posting into Slack; a channel the bot cannot post to is marked on its binding, not retried."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.charts import upload_chart
from adapters.slack.errors import error_code
from adapters.slack.render import message_payload
from adapters.slack.tenants import current_team
from bot.errors import StorageUnavailable
from bot.messages import Message
from bot.model import Conversation
from bot.ports import SendFailed
from bot.service import Services

logger = logging.getLogger(__name__)

# Message metadata naming a reply from the outbox (`send`'s key), looked for by `find_posted`.
REPLY_EVENT = "signoff_reply"
HISTORY_PAGE, HISTORY_PAGES = 200, 5  # a busy channel's last 1,000 messages at most
HISTORY_SLACK_S = 60  # seconds before the reply was committed: clocks differ a little

# Errors no retry will cure: the binding is marked so `status` tells the PM, and we stop trying.
PERMANENT = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "token_revoked",
        "invalid_auth",
        "no_permission",
        "restricted_action",
    }
)


class CannotPost(SendFailed):
    """Slack refused a post. Permanent problems (the bot removed, the channel gone) are marked
    on the binding; anything else, a rate limit above all, is worth another try later."""

    def __init__(self, problem: str, *, retry_after: float | None = None) -> None:
        super().__init__(problem, permanent=problem in PERMANENT, retry_after=retry_after)
        self.problem = problem


class SlackMessenger:
    """bot.ports.Messenger for Slack, plus what the listeners need to answer a request."""

    def __init__(self, *, client: AsyncWebClient, services: Services) -> None:
        self.client = client
        self.services = services

    async def send(self, conversation: Conversation, message: Message, *, key: str = "") -> str:
        """Post; `key` names the post in its message metadata so a later try can find it."""
        marked = {"event_type": REPLY_EVENT, "event_payload": {"reply": key}} if key else None
        current_team.set(conversation.tenant)  # OAuth mode: the binding's workspace's token
        try:
            answer = await self.client.chat_postMessage(
                channel=conversation.channel, metadata=marked, **message_payload(message)
            )
        except SlackApiError as exc:
            problem = await self._refused(conversation, exc)
            raise CannotPost(problem, retry_after=_retry_after(exc)) from exc
        if message.chart is not None:
            await upload_chart(self.client, conversation.channel, message.chart)
        return str(answer["ts"])

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        current_team.set(conversation.tenant)
        try:
            await self.client.chat_update(
                channel=conversation.channel, ts=message_id, **message_payload(message)
            )
        except SlackApiError as exc:
            problem = await self._refused(conversation, exc)
            raise CannotPost(problem, retry_after=_retry_after(exc)) from exc

    async def post(
        self, conversation: Conversation, message: Message, *, card_key: str, key: str = ""
    ) -> str:
        """Post in the channel and remember where a card went; returns "" or the problem."""
        try:
            ts = await self.send(conversation, message, key=key)
        except CannotPost as refused:
            return refused.problem
        await self.remember_card(card_key, conversation, ts)
        return ""

    async def remember_card(self, card_key: str, conversation: Conversation, ts: str) -> None:
        """Where a card was posted, so a decision updates it in place."""
        if not card_key:
            return
        try:
            async with self.services.uow() as uow:
                await uow.platform.note_post(card_key, conversation, ts, self.services.clock.now())
                await uow.commit()
        except StorageUnavailable:
            logger.warning("could not record where card %s was posted", card_key)

    async def find_posted(self, conversation: Conversation, key: str, *, since: datetime) -> str:
        """The ts of the post made under `key` (see `send`) since `since`, or "": what tells a
        second try whether the first one's post went through before its instance died.
        History that cannot be read (an install without the history scopes) counts as not
        posted: the reply then goes out again rather than not at all."""
        oldest = f"{since.timestamp() - HISTORY_SLACK_S:.6f}"
        current_team.set(conversation.tenant)
        cursor = ""
        for _ in range(HISTORY_PAGES):
            try:
                page = await self.client.conversations_history(
                    channel=conversation.channel, oldest=oldest, limit=HISTORY_PAGE,
                    include_all_metadata=True, cursor=cursor or None,
                )  # fmt: skip
            except SlackApiError as exc:
                if (problem := error_code(exc)) == "ratelimited":
                    raise CannotPost(problem, retry_after=_retry_after(exc)) from exc
                logger.warning("cannot read %s to check for a post: %s", conversation.channel,
                               problem)  # fmt: skip
                return ""
            for found in page.get("messages") or []:
                metadata = found.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == REPLY_EVENT and payload.get("reply") == key:
                    return str(found["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
            if not cursor:
                return ""
        return ""

    async def update_card(self, card_key: str, message: Message) -> bool:
        """chat.update every posted copy of the card; False when none was recorded."""
        async with self.services.uow() as uow:
            copies = await uow.platform.posts(card_key)
        for conversation, ts in copies:
            try:
                await self.update(conversation, ts, message)
            except CannotPost:
                continue  # recorded on the binding; the other copies still get the news
        return bool(copies)

    async def respond(self, response_url: str, payload: dict[str, Any]) -> bool:
        """Post to a response_url; False when Slack could not be reached (worth a retry)."""
        webhook = AsyncWebhookClient(url=response_url, session=self.client.session)
        try:
            answer = await webhook.send_dict(
                {**payload, "response_type": "ephemeral", "replace_original": False}
            )
        except (aiohttp.ClientError, TimeoutError) as exc:
            # Slack out of reach (after the client's own retry): the network's failure, not
            # ours, so no traceback; the caller simply hears nothing back this time.
            logger.warning("response_url could not be reached: %s", type(exc).__name__)
            return False
        if answer.status_code != 200:
            # An expired or used-up hook: no retry will cure it.
            logger.warning("response_url answered %s", answer.status_code)
        return True

    async def ephemeral(self, channel: str, user: str, payload: dict[str, Any]) -> None:
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, **payload)
        except SlackApiError as exc:
            logger.warning("chat.postEphemeral failed: %s", error_code(exc))

    async def direct(self, user: str, payload: dict[str, Any]) -> None:
        await self.say(user, payload)

    async def say(self, channel: str, payload: dict[str, Any]) -> None:
        """chat.postMessage of a rendered payload into a channel or to a user (a direct
        message); a refusal is logged, not raised."""
        try:
            await self.client.chat_postMessage(channel=channel, **payload)
        except SlackApiError as exc:
            logger.warning("a message could not be posted: %s", error_code(exc))

    async def _refused(self, conversation: Conversation, exc: SlackApiError) -> str:
        problem = error_code(exc)
        if problem not in PERMANENT:
            logger.warning("Slack refused a post in %s: %s", conversation.channel, problem)
            return problem
        logger.warning("cannot post in %s: %s; binding marked", conversation.channel, problem)
        try:
            async with self.services.uow() as uow:
                await uow.projects.mark_binding(
                    conversation, problem=problem, at=self.services.clock.now()
                )
                await uow.commit()
        except StorageUnavailable:
            logger.warning("could not record the problem with %s", conversation.channel)
        return problem


def _retry_after(exc: SlackApiError) -> float | None:
    """Slack's Retry-After (seconds) on a 429 that outlasted the client's own retries."""
    headers = getattr(exc.response, "headers", None) or {}
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
