"""Lessons learned: what the studio would do differently next time, kept for the close-out
report, and the port that stores them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.model import Person

MAX_LESSON = 2000  # characters: a lesson is a paragraph, not a document


@dataclass(frozen=True, kw_only=True)
class Lesson:
    id: int = 0
    project_id: int
    text: str
    author: Person
    created_at: datetime


class LessonRepository(Protocol):
    async def add(self, lesson: Lesson) -> Lesson:
        """Store a lesson; the stored one (with its id) is returned."""

    async def list(self, project_id: int) -> Sequence[Lesson]:
        """Every lesson of the project, oldest first."""
