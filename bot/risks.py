"""The risk register: what could go wrong on the project, how likely and how bad, who owns it
and what is done about it. RK-n is raised by the studio (or by Signoff from its own data, with
the evidence), kept from the client unless shared (a register often names the client as the
risk), and closed with how it ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.model import Person, Severity


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> int:
        return LEVELS.index(self) + 1


LEVELS = (Level.LOW, Level.MEDIUM, Level.HIGH)


@dataclass(frozen=True, kw_only=True)
class RiskThresholds:
    """When Signoff raises a risk by itself (app.yaml's `scheduler.risks`): a milestone late by
    more than `overdue_days` working days; `rounds_left` revision rounds or fewer left once the
    client spent one; `issues` issues of `severity` or worse unacknowledged past their response
    deadline at once; the client silent for `silence_days` working days while something waits
    on them. A review waits past its reminders by the review_waiting nudge's rule."""

    enabled: bool = True
    overdue_days: int = 3
    rounds_left: int = 0
    issues: int = 2
    severity: Severity = Severity.HIGH
    silence_days: int = 3


class RiskState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(kw_only=True)
class Risk:
    id: int = 0
    project_id: int
    number: int = 0
    title: str
    likelihood: Level = Level.MEDIUM
    impact: Level = Level.MEDIUM
    owner: Person | None = None
    mitigation: str = ""
    shared: bool = False  # the client may see it
    state: RiskState = RiskState.OPEN
    # What raised it by itself ("overdue:M-2"), so Signoff raises each once; "" for a person's.
    key: str = ""
    evidence: str = ""
    raised_by: Person | None = None  # None: raised by Signoff
    raised_at: datetime | None = None
    closed_by: Person | None = None
    closed_at: datetime | None = None
    close_note: str = ""
    seq: int = 0  # bumped by every write: a change saves only over what it read

    @property
    def ref(self) -> str:
        return f"RK-{self.number}"

    @property
    def score(self) -> int:
        """Likelihood × impact, 1 to 9: the register's order."""
        return self.likelihood.weight * self.impact.weight
