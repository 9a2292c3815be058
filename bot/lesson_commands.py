"""Commands about lessons learned (beside bot/commands.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command


@dataclass(frozen=True, kw_only=True)
class AddLesson(Command):
    text: str


@dataclass(frozen=True, kw_only=True)
class ListLessons(Command):
    pass
