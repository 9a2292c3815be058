"""Messengers the scheduler posts through: the console's (prints), and the platforms' wrapped
so their failures read as bot.ports.SendFailed (permanent, rate-limited or transient)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

from bot.messages import Message
from bot.model import Conversation
from bot.ports import Messenger, SendFailed

logger = logging.getLogger(__name__)

# What the Slack and Teams adapters report when a conversation is gone for good.
PERMANENT_PROBLEMS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "account_inactive",
        "token_revoked",
        "invalid_auth",
        "no_permission",
        "restricted_action",
        "no conversation reference: the app was never installed there",
    }
)
PERMANENT_STATUSES = frozenset({403, 404})


class ConsoleMessenger:
    """Writes what would be posted: `[console CHANNEL] text`, one line per message line."""

    def __init__(self, *, write: Callable[[str], None]) -> None:
        self._write = write
        self._ids = itertools.count(1)

    async def send(self, conversation: Conversation, message: Message) -> str:
        where = f"[{conversation.platform.value} {conversation.channel}]"
        self._write("\n".join(f"{where} {line}" for line in message.text.splitlines()))
        return f"console-{next(self._ids)}"

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        await self.send(conversation, message)


class ClassifyingMessenger:
    """Passes posts through and turns a platform's refusal into SendFailed for the scheduler."""

    def __init__(self, *, inner: Messenger) -> None:
        self._inner = inner

    async def send(self, conversation: Conversation, message: Message) -> str:
        try:
            return await self._inner.send(conversation, message)
        except SendFailed:
            raise
        except Exception as exc:
            raise classify(exc) from exc

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        await self._inner.update(conversation, message_id, message)


def classify(exc: Exception) -> SendFailed:
    """SendFailed for a platform adapter's exception (Slack's CannotPost, Teams' DeliveryFailed,
    the router's NoMessenger), read from the `problem`/`status` they carry."""
    problem = str(getattr(exc, "problem", "") or exc or type(exc).__name__)
    status = getattr(exc, "status", 0)
    permanent = problem in PERMANENT_PROBLEMS or status in PERMANENT_STATUSES
    retry_after = getattr(exc, "retry_after", None)
    return SendFailed(problem, permanent=permanent, retry_after=retry_after)
