"""Delivering a Slack reply from the outbox: into the channel (cards remembered for updates) or
to the person who asked, through the response_url while Slack still takes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from adapters.slack import render
from adapters.slack.markup import mention
from adapters.slack.messenger import SlackMessenger
from adapters.slack.tenants import current_team
from bot.i18n import N_, tr
from bot.labels import delivery_problem
from bot.messages import Audience, Message, Reply
from bot.model import Conversation, Identity, Platform
from bot.outbox import QueuedReply
from bot.ports import Clock, SendFailed

CANNOT_POST = N_(
    "I could not post this in the channel ({problem}); the project's PM can see it in status. "
    "Invite me to the channel with /invite."
)
# Slack takes posts to a response_url for 30 minutes; a later reply is posted in the channel,
# naming the person (an ephemeral message then would vanish unseen for someone who left).
RESPONSE_URL_LIFE = timedelta(minutes=29)


def slack_address(
    *, team: str, user_team: str, user: str, channel: str, response_url: str
) -> dict[str, str]:
    """Where a Slack reply goes: what `SlackCourier` needs, as the outbox stores it."""
    return {"team": team, "user_team": user_team, "user": user, "channel": channel,
            "response_url": response_url}  # fmt: skip


def reply_key(queued: QueuedReply) -> str:
    """What names a reply's post in Slack: its outbox row, and when it was committed (so two
    Signoff databases posting into one channel never take each other's posts for their own)."""
    return f"{queued.id}@{queued.created_at.timestamp():.3f}"


class SlackCourier:
    """bot.ports.ReplyCourier for Slack."""

    def __init__(
        self, *, messenger: SlackMessenger, clock: Clock, locale_of: Callable[[str, str], str]
    ) -> None:
        self.messenger = messenger
        self.clock = clock
        self.locale_of = locale_of  # (team, channel) -> the channel's project language

    async def deliver(self, queued: QueuedReply) -> None:
        # Only a second try can find its reply already posted: an instance that died between
        # the post and the reply's removal from the outbox. The first try never looks.
        await self.send(queued.reply, dict(queued.address), since=queued.created_at,
                        key=reply_key(queued), retried=queued.attempts > 1)  # fmt: skip

    async def send(
        self,
        reply: Reply,
        address: dict[str, Any],
        *,
        since: datetime,
        key: str = "",
        retried: bool = False,
    ) -> None:
        message, channel = reply.message, address.get("channel", "")
        current_team.set(address.get("team", ""))  # OAuth mode: whose token posts it
        if reply.audience is Audience.CHANNEL and channel:
            where = Conversation(platform=Platform.SLACK, tenant=address["team"], channel=channel)
            if reply.replaces and await self.messenger.update_card(reply.replaces, message):
                return
            if retried and (ts := await self.messenger.find_posted(where, key, since=since)):
                await self.messenger.remember_card(reply.card_key, where, ts)
                return
            problem = await self.messenger.post(where, message, card_key=reply.card_key, key=key)
            if problem:
                locale = self.locale_of(address["team"], channel)
                note = tr(locale, CANNOT_POST, problem=delivery_problem(locale, problem))
                message = Message(text=f"{message.text}\n\n{note}")
            else:
                return
        await self.tell_caller(message, address, since=since)

    async def tell_caller(self, message: Message, address: dict[str, Any], *, since: datetime):
        """Only the caller sees it: through response_url when Slack gave one (it works even
        where the bot is not a member) and it is still good, else an ephemeral message; a
        reply that outlived its response_url is posted in the channel, naming them."""
        payload = render.message_payload(message)
        hook, channel, user = address.get("response_url"), address.get("channel"), address["user"]
        fresh = self.clock.now() - since < RESPONSE_URL_LIFE
        if hook and fresh:
            if not await self.messenger.respond(hook, payload):
                raise SendFailed("response_url could not be reached")
        elif channel and fresh:
            await self.messenger.ephemeral(channel, user, payload)
        elif channel:
            who = Identity(
                platform=Platform.SLACK, tenant=address.get("user_team", ""), user_id=user
            )
            named = {**payload, "text": f"{mention(who)} {payload['text']}".strip()}
            await self.messenger.say(channel, named)
        else:
            await self.messenger.direct(user, payload)
