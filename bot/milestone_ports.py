"""The port for a milestone's submitted versions (what each was submitted with, withdrawals)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.model import MilestoneVersion, Person


class MilestoneVersionRepository(Protocol):
    async def add(self, version: MilestoneVersion) -> MilestoneVersion:
        """Record a submitted version; raises `bot.errors.Conflict` if that version of that
        milestone is already recorded."""

    async def get(self, milestone_id: int, version: int) -> MilestoneVersion | None: ...

    async def list(self, milestone_id: int) -> Sequence[MilestoneVersion]:
        """Every recorded version of the milestone, oldest first."""

    async def withdraw(self, milestone_id: int, version: int, *, by: Person, at: datetime) -> bool:
        """Mark a version withdrawn; False if it is unknown or was withdrawn already."""
