"""Commands that look at, list and correct feedback and issues (beside bot/commands.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command
from bot.model import Severity


@dataclass(frozen=True, kw_only=True)
class ShowFeedback(Command):
    number: int


@dataclass(frozen=True, kw_only=True)
class ShowIssue(Command):
    number: int


@dataclass(frozen=True, kw_only=True)
class ListFeedback(Command):
    state: str = "open"  # open | resolved | all
    milestone: int | None = None


@dataclass(frozen=True, kw_only=True)
class ShowMore(Command):
    """The next page of the caller's last list in this conversation."""


@dataclass(frozen=True, kw_only=True)
class EditFeedback(Command):
    number: int
    text: str


@dataclass(frozen=True, kw_only=True)
class EditIssue(Command):
    number: int
    title: str = ""  # "" keeps the title (only the severity changes)
    severity: Severity | None = None  # None keeps the severity


@dataclass(frozen=True, kw_only=True)
class WithdrawFeedback(Command):
    number: int
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class WithdrawIssue(Command):
    number: int
    note: str = ""
