"""The port for the links to projects' read-only web pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.model import Person
from bot.pages import PageLink


class PageLinkRepository(Protocol):
    async def add(self, link: PageLink) -> PageLink:
        """Store a new link (its `link_id` is random and unique)."""

    async def get(self, link_id: str) -> PageLink | None:
        """The link with this id, of whichever project, revoked or expired too."""

    async def list(self, project_id: int) -> Sequence[PageLink]:
        """Every link of the project, oldest first."""

    async def revoke_all(self, project_id: int, *, by: Person, at: datetime) -> int:
        """Revoke every link of the project not revoked yet, in one statement (a link being
        opened meanwhile is either still valid or revoked, never half); how many were."""
