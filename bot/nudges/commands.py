"""The `nudges` chat commands: show what is scheduled, pause, resume, and per-project settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command
from bot.nudges.model import NudgeKind


@dataclass(frozen=True, kw_only=True)
class ShowNudges(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class PauseNudges(Command):
    until: str = ""  # as typed, read in the project's time zone; empty: until resumed


@dataclass(frozen=True, kw_only=True)
class ResumeNudges(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class SwitchNudge(Command):
    kind: NudgeKind
    enabled: bool


@dataclass(frozen=True, kw_only=True)
class SetNudgeCalendar(Command):
    """`nudges country CN` (or `none`), `nudges holiday DATE` and `nudges holiday DATE off`."""

    country: str | None = None
    holiday: str = ""
    working_again: bool = False  # take `holiday` back off the project's days off


@dataclass(frozen=True, kw_only=True)
class RetimeNudge(Command):
    """`nudges time digest tue 10:00`, `nudges time due_soon 14:00`: as typed, checked by the
    use case (the weekday only for the digest)."""

    kind: NudgeKind
    at: str
    weekday: str = ""


@dataclass(frozen=True, kw_only=True)
class EscalateTo(Command):
    """`nudges escalate KEY` in the studio's own channel: escalations of KEY go there;
    `nudges escalate KEY direct`: to each PM directly again. The key is typed because that
    channel is not bound to the project (clients are not in it)."""

    key: str
    here: bool = True
