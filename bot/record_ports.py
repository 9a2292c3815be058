"""What the lists of feedback and issues need from storage: where a caller's last list stopped,
so `more` can show its next page (part of bot.ports.UnitOfWork as `cursors`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True, kw_only=True)
class ListCursor:
    """A person's last list in one place: which list (plain data) and where the next page starts."""

    project_id: int
    listing: dict[str, Any] = field(default_factory=dict)
    offset: int = 0


class ListCursors(Protocol):
    async def remember(
        self, person_id: int, place: str, cursor: ListCursor, *, at: datetime
    ) -> None:
        """Keep `cursor` as the person's last list in `place` (a conversation), replacing any."""

    async def recall(self, person_id: int, place: str) -> ListCursor | None:
        """The person's last list in `place`, or None if they listed nothing there."""
