"""The port for the project's satisfaction surveys (occasions, answers, where they are asked)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.surveys import SurveyAnswer, SurveyMode, SurveyOccasion


class SurveyRepository(Protocol):
    async def open(self, occasion: SurveyOccasion) -> SurveyOccasion | None:
        """Store a new occasion; None when the project has one for the same milestone (or its
        close) already: each is asked once."""

    async def occasions(self, project_id: int) -> Sequence[SurveyOccasion]:
        """Every occasion of the project, oldest first, each with its answers (oldest first).
        The close-out report reads the project's satisfaction from here."""

    async def answer(self, occasion_id: int, answer: SurveyAnswer) -> bool:
        """Store a person's first answer; False when they answered this occasion already
        (one answer per person and occasion, however many clicks arrive at once)."""

    async def change(self, occasion_id: int, answer: SurveyAnswer) -> bool:
        """Replace a person's answer (score, comment, when); False when there is none."""

    async def mode(self, project_id: int) -> SurveyMode:
        """Where the project's surveys are asked (the channel unless a PM said otherwise)."""

    async def set_mode(self, project_id: int, mode: SurveyMode) -> None: ...
