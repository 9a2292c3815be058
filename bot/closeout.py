"""The close-out report as data: how a project went, computed from what is on record.

Pure: fed a ProjectRecord (bot.usecases.closeout reads it), it judges the timeline (planned vs
actual per milestone, the on-time rate), the revision rounds, the change requests and their
value, the issues' deadline compliance, the time waiting on each side, the risks and the
lessons. The chat summary, the chart, the HTML page, Markdown and PDF all read this one result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.brief import Brief
from bot.budget import Budget, budget_from
from bot.change_requests import ChangeRequest
from bot.held import held
from bot.lessons import Lesson
from bot.model import (
    SEVERITIES,
    Decision,
    Feedback,
    Issue,
    IssueStatus,
    Milestone,
    MilestoneState,
    MilestoneVersion,
    Project,
    Severity,
)
from bot.risks import Risk


@dataclass(frozen=True, kw_only=True)
class Score:
    """One CSAT answer, 1–5: on a milestone's sign-off (its number), or the project's close
    (None)."""

    milestone: int | None
    score: int
    at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ProjectRecord:
    """Everything the report and the page read about one project, as of `now`."""

    project: Project
    now: datetime
    milestones: tuple[Milestone, ...]
    versions: dict[int, tuple[MilestoneVersion, ...]]  # by milestone id, oldest first
    decisions: dict[int, tuple[Decision, ...]]  # by milestone id, oldest first
    feedback: tuple[Feedback, ...] = ()
    issues: tuple[Issue, ...] = ()
    briefs: tuple[Brief, ...] = ()  # oldest first
    changes: tuple[ChangeRequest, ...] = ()
    risks: tuple[Risk, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    scores: tuple[Score, ...] | None = None  # None: this installation keeps no surveys

    @property
    def today(self) -> date:
        return self.now.astimezone(ZoneInfo(self.project.timezone)).date()


@dataclass(frozen=True, kw_only=True)
class MilestoneLine:
    number: int
    name: str
    state: MilestoneState
    planned: date
    actual: date | None  # the day it was approved, in the project's time zone
    late_days: int  # calendar days past its due date (approved late, or open and overdue)
    on_time: bool | None  # None: it does not count (open and not yet due, or cancelled)
    rounds_used: int
    rounds_included: int
    internal_rounds: int
    client: timedelta
    studio: timedelta


@dataclass(frozen=True, kw_only=True)
class SeverityLine:
    severity: Severity
    raised: int
    in_time: int  # answered (acknowledged, resolved or closed) by the response deadline
    late: int  # answered after it, or still unanswered past it
    pending: int  # unanswered, the deadline still ahead
    open: int


@dataclass(frozen=True, kw_only=True)
class Closeout:
    milestones: tuple[MilestoneLine, ...]
    on_time: int  # milestones approved on or before their due date
    counted: int  # milestones approved, or open past their due date
    rounds_used: int
    rounds_included: int
    budget: Budget
    changes: tuple[ChangeRequest, ...]
    issues: tuple[SeverityLine, ...]
    client: timedelta  # summed over the milestones
    studio: timedelta
    scores: tuple[Score, ...] | None
    risks: tuple[Risk, ...]
    lessons: tuple[Lesson, ...]

    @property
    def on_time_rate(self) -> float | None:
        """On time ÷ counted, 0–1; None while no milestone counts."""
        return self.on_time / self.counted if self.counted else None

    @property
    def issues_in_time(self) -> int:
        return sum(line.in_time for line in self.issues)

    @property
    def issues_answered(self) -> int:
        """Issues whose deadline compliance is known: answered in time, or late."""
        return sum(line.in_time + line.late for line in self.issues)

    @property
    def csat_average(self) -> float | None:
        if not self.scores:
            return None
        return sum(s.score for s in self.scores) / len(self.scores)


def closeout(record: ProjectRecord) -> Closeout:
    """How the project went, as of `record.now`."""
    lines = tuple(
        _milestone_line(record, m)
        for m in record.milestones
        if m.state is not MilestoneState.CANCELLED
    )
    counted = [line for line in lines if line.on_time is not None]
    risks = tuple(record.risks)
    return Closeout(
        milestones=lines,
        on_time=sum(1 for line in counted if line.on_time),
        counted=len(counted),
        rounds_used=sum(line.rounds_used for line in lines),
        rounds_included=sum(line.rounds_included for line in lines),
        budget=budget_from(record.briefs, record.changes),
        changes=tuple(record.changes),
        issues=issue_lines(record.issues, record.now),
        client=sum((line.client for line in lines), timedelta()),
        studio=sum((line.studio for line in lines), timedelta()),
        scores=record.scores,
        risks=risks,
        lessons=tuple(record.lessons),
    )


def _milestone_line(record: ProjectRecord, milestone: Milestone) -> MilestoneLine:
    zone = ZoneInfo(record.project.timezone)
    approved = milestone.state is MilestoneState.APPROVED and milestone.approved_at is not None
    actual = (
        milestone.approved_at.astimezone(zone).date()
        if approved and milestone.approved_at
        else None
    )
    reached = actual or record.today
    late = max((reached - milestone.due_date).days, 0)
    on_time: bool | None
    if actual is not None:
        on_time = actual <= milestone.due_date
    else:
        on_time = False if record.today > milestone.due_date else None
    spent = held(
        milestone,
        record.versions.get(milestone.id, ()),
        record.decisions.get(milestone.id, ()),
        studio_stage=record.project.studio_stage,
        now=record.now,
    )
    included = milestone.rounds_included
    return MilestoneLine(
        number=milestone.number,
        name=milestone.name,
        state=milestone.state,
        planned=milestone.due_date,
        actual=actual,
        late_days=late,
        on_time=on_time,
        rounds_used=milestone.rounds_used,
        rounds_included=record.project.revision_rounds if included is None else included,
        internal_rounds=milestone.internal_rounds,
        client=spent.client,
        studio=spent.studio,
    )


def issue_lines(issues: Sequence[Issue], now: datetime) -> tuple[SeverityLine, ...]:
    """Issues by severity, worst first, with whether each was answered by its deadline."""
    lines = []
    for severity in SEVERITIES:
        mine = [
            i for i in issues if i.severity is severity and i.status is not IssueStatus.WITHDRAWN
        ]
        in_time = late = pending = 0
        for issue in mine:
            verdict = _answered_in_time(issue, now)
            in_time += verdict is True
            late += verdict is False
            pending += verdict is None and issue.response_due_at is not None
        still_open = sum(
            1 for i in mine if i.status in (IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED)
        )
        lines.append(SeverityLine(severity=severity, raised=len(mine), in_time=in_time, late=late,
                                  pending=pending, open=still_open))  # fmt: skip
    return tuple(lines)


def _answered_in_time(issue: Issue, now: datetime) -> bool | None:
    """True when the studio answered by the deadline, False when after it (or not yet, past it),
    None while it cannot be told (no deadline, or unanswered with the deadline ahead)."""
    due = issue.response_due_at
    if due is None:
        return None
    answers = [at for at in (issue.acknowledged_at, issue.resolved_at, issue.closed_at) if at]
    if answers:
        return min(answers) <= due
    return False if now > due else None
