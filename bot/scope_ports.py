"""The ports for the project's scope: the versions of its brief, and its change requests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.brief import Brief, BriefState
from bot.change_requests import ChangeRequest, ChangeState
from bot.model import Person


class BriefRepository(Protocol):
    async def add(self, brief: Brief) -> Brief:
        """Store a new version; raises `bot.errors.Conflict` if the project already has it
        (another PM drafted the same version a moment ago)."""

    async def latest(self, project_id: int) -> Brief | None:
        """The project's newest version, whatever its state."""

    async def confirmed(self, project_id: int) -> Brief | None:
        """The newest confirmed version: the project's reference."""

    async def get(self, project_id: int, version: int) -> Brief | None: ...

    async def list(self, project_id: int) -> Sequence[Brief]:
        """Every version, oldest first."""

    async def save_draft(self, brief: Brief) -> bool:
        """Write back a draft's content if nobody wrote it since it was read (its `seq`) and it
        is still a draft; False otherwise."""

    async def settle(
        self,
        brief: Brief,
        *,
        expected: BriefState,
        state: BriefState,
        by: Person,
        at: datetime,
        note: str = "",
    ) -> bool:
        """Move a version from `expected` to `state` (sent by `by`, or decided by `by` with
        `note`), if it is still `expected`: of two at once, exactly one gets True."""


class ChangeRequestRepository(Protocol):
    async def add(self, change: ChangeRequest) -> ChangeRequest:
        """Store a new change request, allocating CR-n race-free within the project."""

    async def get(self, project_id: int, number: int) -> ChangeRequest | None: ...

    async def list(self, project_id: int) -> Sequence[ChangeRequest]:
        """Every change request of the project by number."""

    async def save_if_unchanged(self, change: ChangeRequest) -> bool:
        """Write back its price, days, milestone and description if nobody wrote it since it
        was read (its `seq`) and it is still open; False otherwise."""

    async def settle(
        self,
        change: ChangeRequest,
        *,
        expected: ChangeState,
        state: ChangeState,
        by: Person,
        at: datetime,
        note: str = "",
    ) -> bool:
        """Move it from `expected` to `state` (sent by `by`, or decided or withdrawn by `by` with
        `note`) if it is still `expected`: of two at once, exactly one gets True."""
