"""The port for what the chat adapters keep beside the core's records. It rides on the core's
unit of work (`uow.platform`), so an adapter's bookkeeping commits with the command it belongs
to: where a card was posted, the latest card of each key, how to post into a conversation
unprompted, and the ids a platform knows people by besides their user id."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from bot.model import Conversation, Identity


class PlatformLog(Protocol):
    async def note_post(
        self, card_key: str, conversation: Conversation, message_id: str, at: datetime
    ) -> None:
        """A card of this key was posted there (once per place, however often it is said)."""

    async def posts(self, card_key: str) -> Sequence[tuple[Conversation, str]]:
        """Every place a card of this key was posted, in the order they were noted."""

    async def keep_card(self, card_key: str, card: Mapping[str, Any], at: datetime) -> None:
        """The latest card of a key (what a platform's refresh is answered with)."""

    async def card(self, card_key: str) -> dict[str, Any] | None: ...

    async def keep_reference(
        self, conversation: Conversation, reference: Mapping[str, Any], at: datetime
    ) -> None:
        """How to post into a conversation unprompted (latest wins)."""

    async def reference(self, conversation: Conversation) -> dict[str, Any] | None: ...

    async def keep_platform_id(self, who: Identity, platform_id: str, at: datetime) -> None:
        """Another id the platform knows this person by (Teams: the 29:… id of its rosters)."""

    async def platform_ids(self, people: Sequence[Identity]) -> dict[Identity, str]:
        """The ids kept for these people, for those that have one (one read for them all)."""
