"""The nudges' records: kinds, settings, occurrences in the outbox, and the deliveries log."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from bot.model import Conversation
from bot.risks import RiskThresholds


class NudgeKind(StrEnum):
    DIGEST = "digest"
    DUE_SOON = "due_soon"
    REVIEW_WAITING = "review_waiting"
    ISSUE_OVERDUE = "issue_overdue"
    FEEDBACK_WAITING = "feedback_waiting"
    OVERDUE = "overdue"  # a milestone past its due date and not approved: told to the PMs
    RISK_RAISED = "risk_raised"  # a risk Signoff raised by itself: told to the PMs, once
    SURVEY_WAITING = "survey_waiting"  # a satisfaction survey by DM, and its one reminder
    STUDIO_DIGEST = "studio_digest"  # the open risks and the week's changes: the studio's only


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting to be claimed (or claimed under a lease that may expire)
    SENT = "sent"
    FAILED = "failed"  # permanent error, or retries used up
    MISSED = "missed"  # fell due while no instance ran, older than the grace window
    OBSOLETE = "obsolete"  # the awaited action happened before it went out
    SKIPPED = "skipped"  # the project was paused or the nudge turned off before it went out


@dataclass(frozen=True, kw_only=True)
class NudgeRule:
    """One nudge's timing. `weekday` (Monday 0) only for the digest; `days` counts working days
    (before a due date, waiting in review, feedback open), or for an overdue milestone the
    calendar days between its reminders; `times` caps review reminders."""

    enabled: bool = True
    at: time = time(9, 30)
    weekday: int = 0
    days: int = 2
    times: int = 3
    grace: timedelta = timedelta(hours=6)


def _default_rules() -> dict[NudgeKind, NudgeRule]:
    return {
        NudgeKind.DIGEST: NudgeRule(),
        NudgeKind.DUE_SOON: NudgeRule(days=2),
        NudgeKind.REVIEW_WAITING: NudgeRule(days=2, times=3),
        NudgeKind.ISSUE_OVERDUE: NudgeRule(),
        NudgeKind.FEEDBACK_WAITING: NudgeRule(days=3),
        NudgeKind.OVERDUE: NudgeRule(days=7),
        NudgeKind.RISK_RAISED: NudgeRule(),
        NudgeKind.SURVEY_WAITING: NudgeRule(days=2),
        NudgeKind.STUDIO_DIGEST: NudgeRule(at=time(9, 0)),
    }


@dataclass(frozen=True, kw_only=True)
class NudgeConfig:
    """The studio-wide nudge settings (app.yaml's `scheduler:` block, typed by the adapters).

    `lookback` is how far back a pass looks for occurrences nobody handled: those older than
    their rule's grace are recorded as missed, never silently dropped. `risks` says when a pass
    raises a risk by itself (each is told to the PMs as a `risk_raised` nudge).
    """

    rules: dict[NudgeKind, NudgeRule] = field(default_factory=_default_rules)
    lookback: timedelta = timedelta(days=8)
    risks: RiskThresholds = field(default_factory=RiskThresholds)

    def rule(self, kind: NudgeKind) -> NudgeRule:
        return self.rules.get(kind, NudgeRule())


@dataclass(frozen=True, kw_only=True)
class ProjectNudges:
    """A project's own nudge settings, changed with the `nudges` chat verbs."""

    project_id: int
    paused: bool = False
    # With `paused`: when the pause ends (None: at `nudges resume`); without: when it ended.
    paused_until: datetime | None = None
    disabled: frozenset[NudgeKind] = frozenset()
    country: str = ""  # a `holidays` country code such as CN, DE, US
    holidays: frozenset[date] = frozenset()  # the project's own days off
    # The project's own times, overriding the studio's: (kind, local time, weekday or None).
    retimed: tuple[tuple[NudgeKind, time, int | None], ...] = ()
    # The studio's own channel for escalations (`nudges escalate KEY`); None: each PM directly.
    escalate_to: Conversation | None = None

    def effective(self, config: NudgeConfig) -> NudgeConfig:
        """The studio's nudge settings with this project's own times applied."""
        if not self.retimed:
            return config
        rules = dict(config.rules)
        for kind, at, weekday in self.retimed:
            rule = replace(config.rule(kind), at=at)
            rules[kind] = rule if weekday is None else replace(rule, weekday=weekday)
        return replace(config, rules=rules)

    def retime(self, kind: NudgeKind, at: time, weekday: int | None) -> ProjectNudges:
        others = tuple(r for r in self.retimed if r[0] is not kind)
        return replace(self, retimed=(*others, (kind, at, weekday)))

    def is_paused(self, moment: datetime) -> bool:
        """Whether nothing falling due at `moment` may go out: while paused (until the date, if
        one was given), and before the instant of the last resume."""
        if self.paused:
            return self.paused_until is None or moment < self.paused_until
        return self.paused_until is not None and moment < self.paused_until


@dataclass(frozen=True, kw_only=True)
class Occurrence:
    """One nudge falling due: for a project, to a conversation, at an instant.

    `key` is deterministic (nudge + project + subject + target + due instant) and unique in the
    outbox, so every instance that computes it inserts the same row once.
    """

    kind: NudgeKind
    project_id: int
    target: Conversation
    due_at: datetime
    subject: dict[str, Any] = field(default_factory=dict)  # e.g. {"milestone": 12, "round": 2}

    @property
    def series(self) -> str:
        """The key without the due instant: the same nudge about the same thing to the same
        target. A nudge retimed after it went out (a new time, a recipient's newly known zone)
        falls due again under another key, but in the same series: it is sent once."""
        parts = [self.kind.value, str(self.project_id)]
        parts += [f"{name}={self.subject[name]}" for name in sorted(self.subject)]
        parts += [self.target.platform.value, self.target.tenant, self.target.channel]
        return ":".join(parts)

    @property
    def key(self) -> str:
        return f"{self.series}:{self.due_at.strftime('%Y-%m-%dT%H:%MZ')}"


@dataclass(frozen=True, kw_only=True)
class OutboxItem:
    """An occurrence as stored in the outbox, with its delivery state."""

    id: int
    occurrence: Occurrence
    status: OutboxStatus
    not_before: datetime
    attempts: int = 0
    lease_owner: str = ""
    lease_until: datetime | None = None
    message_id: str = ""
    detail: str = ""
    finished_at: datetime | None = None
    # Set by a claim that took the item over from an instance whose lease expired: that
    # instance may have sent it already, so a duplicate is possible and logged as such.
    reclaimed_from: str = ""

    @property
    def key(self) -> str:
        return self.occurrence.key


@dataclass(frozen=True, kw_only=True)
class DeliveryRecord:
    """One line of the deliveries log: an attempt to send an occurrence, or its fate."""

    key: str
    kind: NudgeKind
    target: Conversation
    at: datetime
    outcome: str  # sent, retry, failed, missed, obsolete, skipped, reclaimed
    message_id: str = ""
    detail: str = ""
    instance: str = ""
