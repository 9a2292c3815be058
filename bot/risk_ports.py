"""The port for the project's risk register."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.risk_thresholds import ProjectRiskThresholds
from bot.risks import Risk


class RiskRepository(Protocol):
    async def add(self, risk: Risk) -> Risk | None:
        """Store a new risk, allocating RK-n race-free within the project. A risk with a `key`
        is stored once per project: None when one with that key exists already."""

    async def get(self, project_id: int, number: int) -> Risk | None: ...

    async def list(self, project_id: int) -> Sequence[Risk]:
        """Every risk of the project by number."""

    async def save_if_unchanged(self, risk: Risk) -> bool:
        """Write back everything but its number, key and who raised it, if nobody wrote it
        since it was read (its `seq`); False otherwise."""

    async def thresholds(self, project_id: int) -> ProjectRiskThresholds:
        """The project's own thresholds for the risks Signoff raises (all unset if never set)."""

    async def save_thresholds(self, thresholds: ProjectRiskThresholds) -> None:
        """Store the project's own thresholds, replacing those it had."""
