"""Messengers the scheduler posts through: the console's (prints), and the platforms' wrapped
so their failures read as bot.ports.SendFailed (permanent, rate-limited or transient)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

from adapters.console_charts import saved_chart
from adapters.platforms import NoMessenger
from bot.messages import Message
from bot.model import Conversation
from bot.ports import Messenger, SendFailed

logger = logging.getLogger(__name__)


class ConsoleMessenger:
    """Writes what would be posted: `[console CHANNEL] text`, one line per message line."""

    def __init__(self, *, write: Callable[[str], None]) -> None:
        self._write = write
        self._ids = itertools.count(1)

    async def send(self, conversation: Conversation, message: Message) -> str:
        where = f"[{conversation.platform.value} {conversation.channel}]"
        self._write("\n".join(f"{where} {line}" for line in message.text.splitlines()))
        if message.chart is not None:
            self._write(f"{where} {await saved_chart(message.chart)}")
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
    """SendFailed for what is not one already: a conversation on a platform this instance does
    not serve is permanent; anything else unexpected is transient and retried with back-off.
    (Slack's CannotPost and Teams' DeliveryFailed are SendFailed and pass through as they are.)"""
    problem = str(exc) or type(exc).__name__
    return SendFailed(problem, permanent=isinstance(exc, NoMessenger))
