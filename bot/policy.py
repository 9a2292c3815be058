"""The studio's rules the core applies: defaults for new projects, working time, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from bot.model import Platform, Severity
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import NudgeConfig
from bot.pages import PageSite


def _default_response_hours() -> dict[Severity, float]:
    return {Severity.CRITICAL: 4, Severity.HIGH: 8, Severity.MEDIUM: 24, Severity.LOW: 72}


@dataclass(frozen=True, kw_only=True)
class Policy:
    default_locale: str = "en"
    default_timezone: str = "UTC"
    revision_rounds: int = 2
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday is 0
    workday_start: time = time(9, 0)
    workday_end: time = time(18, 0)
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    # Working hours allowed before a new issue must be acknowledged, by severity.
    response_hours: dict[Severity, float] = field(default_factory=_default_response_hours)
    max_text: int = 4000
    max_title: int = 200
    # Which nudges run and when (app.yaml's `scheduler:` block); projects may turn some off.
    nudges: NudgeConfig = field(default_factory=NudgeConfig)
    # The platforms this process serves (the composition root fills it from the settings), so
    # `status` can say a binding elsewhere gets nothing; None: not known, nothing is said.
    platforms: frozenset[Platform] | None = None
    # Where the projects' read-only pages are served and what signs their links (off: unset).
    pages: PageSite = field(default_factory=PageSite)


def base_calendar(policy: Policy) -> NudgeCalendar:
    """The studio's working days and quiet hours, before a project's zone and holidays."""
    return NudgeCalendar(
        timezone=policy.default_timezone,
        working_days=policy.working_days,
        quiet_start=policy.quiet_start,
        quiet_end=policy.quiet_end,
    )
