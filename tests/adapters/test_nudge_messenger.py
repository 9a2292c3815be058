"""How the scheduler reads a platform's refusal: gone for good, or worth another try."""

from __future__ import annotations

import pytest

from adapters.console_messenger import ClassifyingMessenger
from adapters.platforms import RoutingMessenger
from adapters.slack.messenger import CannotPost
from adapters.teams.messenger import NO_REFERENCE, DeliveryFailed
from bot.messages import Message
from bot.model import Conversation, Platform
from bot.ports import SendFailed

TEAMS = Conversation(platform=Platform.TEAMS, tenant="t", channel="19:x@thread.tacv2")


class Refusing:
    def __init__(self, error: Exception) -> None:
        self.error = error

    async def send(self, conversation: Conversation, message: Message) -> str:
        raise self.error

    async def update(self, conversation: Conversation, message_id: str, message: Message) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (CannotPost("channel_not_found"), True),
        (CannotPost("ratelimited", retry_after=1), False),  # held and tried again, not dropped
        (DeliveryFailed(404, "ConversationNotFound"), True),
        (DeliveryFailed(403, "BotNotInConversationRoster"), True),
        (DeliveryFailed(0, NO_REFERENCE), True),
        (DeliveryFailed(502, "Bad Gateway"), False),
        (RuntimeError("connection reset"), False),
    ],
)
async def test_a_refusal_reads_as_permanent_or_transient(error: Exception, permanent: bool) -> None:
    messenger = ClassifyingMessenger(inner=RoutingMessenger({Platform.TEAMS: Refusing(error)}))

    with pytest.raises(SendFailed) as failed:
        await messenger.send(TEAMS, Message(text="digest"))

    assert failed.value.permanent is permanent


async def test_a_platform_this_instance_does_not_serve_is_permanent() -> None:
    messenger = ClassifyingMessenger(inner=RoutingMessenger({}))

    with pytest.raises(SendFailed) as failed:
        await messenger.send(TEAMS, Message(text="digest"))

    assert failed.value.permanent
