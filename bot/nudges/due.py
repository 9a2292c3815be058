"""When each nudge falls due: occurrences computed from a project's state, in its local time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.model import Conversation, Feedback, IssueStatus, Member, Project, ProjectStatus, Role
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence, ProjectNudges
from bot.nudges.snapshot import SETTLED, ProjectSnapshot, direct
from bot.nudges.survey_nudges import survey_waiting


def calendar_for(project: Project, settings: ProjectNudges, base: NudgeCalendar) -> NudgeCalendar:
    """The studio's calendar in the project's time zone, with its country and own holidays."""
    return NudgeCalendar(
        timezone=project.timezone,
        working_days=base.working_days,
        quiet_start=base.quiet_start,
        quiet_end=base.quiet_end,
        country=settings.country,
        own_holidays=settings.holidays,
    )


def occurrences(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> list[Occurrence]:
    """Every occurrence of the project's nudges due in (since, until], none while it is paused
    and none at all once it is closed.

    Each falls on a working day outside quiet hours (moved to the next allowed moment) and never
    before the thing it is about existed.
    """
    if snap.project.status is ProjectStatus.CLOSED:
        return []
    config = snap.settings.effective(config)
    found = []
    for kind, make in _MAKERS.items():
        if not config.rule(kind).enabled or kind in snap.settings.disabled:
            continue
        for occurrence, born in make(snap, config, cal, since, until):
            due = occurrence.due_at
            if since < due <= until and (born is None or born <= due):
                if not snap.settings.is_paused(due):
                    found.append(occurrence)
    return found


_Found = Iterator[tuple[Occurrence, datetime | None]]


def _days(cal: NudgeCalendar, since: datetime, until: datetime) -> Iterator[date]:
    day = cal.local(since).date() - timedelta(days=1)
    while day <= cal.local(until).date():
        yield day
        day += timedelta(days=1)


def _digest(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    rule = config.rule(NudgeKind.DIGEST)
    for day in _days(cal, since - timedelta(days=7), until):
        if day.weekday() != rule.weekday:
            continue
        due = cal.next_allowed(cal.at(day, rule.at), keep=rule.at)
        for target in snap.bindings:
            subject = {"week": day.isoformat()}
            yield _at(NudgeKind.DIGEST, snap, target, due, subject), snap.project.created_at


def _due_soon(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    rule = config.rule(NudgeKind.DUE_SOON)
    for m in snap.milestones:
        if m.state in SETTLED:
            continue
        fire = cal.add_working_days(m.due_date, -rule.days)
        due = cal.next_allowed(cal.at(fire, rule.at), keep=rule.at)
        for target in snap.bindings:
            subject = {"milestone": m.id, "due": m.due_date.isoformat()}
            yield _at(NudgeKind.DUE_SOON, snap, target, due, subject), m.created_at


def _review_waiting(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    """A milestone version, the brief or a change request waiting on the client's approvers:
    reminded every `days` working days since it reached them, `times` times, then escalated
    to the PMs once. One nudge for all three, with the same settings and switch."""
    rule = config.rule(NudgeKind.REVIEW_WAITING)
    for about, since_when in snap.waiting_on_client():
        start = cal.local(since_when).date()
        for round_ in range(1, rule.times + 2):
            day = cal.add_working_days(start, rule.days * round_)
            due = cal.next_allowed(cal.at(day, rule.at), keep=rule.at)
            subject = {**about, "round": round_}
            if round_ <= rule.times:  # remind the approvers in the channel
                sends = [(target, due) for target in snap.bindings]
            else:  # then escalate, once
                sends = _escalations(snap, cal, due, keep=rule.at)
            for target, at in sends:
                yield _at(NudgeKind.REVIEW_WAITING, snap, target, at, subject), since_when


def _issue_overdue(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    for issue in snap.issues:
        if issue.status is not IssueStatus.OPEN or issue.response_due_at is None:
            continue
        # The deadline runs in the project's working hours.
        for target, due in _escalations(snap, cal, issue.response_due_at):
            yield _at(NudgeKind.ISSUE_OVERDUE, snap, target, due, {"issue": issue.id}), None


def _feedback_waiting(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    rule = config.rule(NudgeKind.FEEDBACK_WAITING)
    if not snap.feedback:
        return
    for day in _days(cal, since, until):
        if not cal.is_working_day(day):
            continue
        waiting = [f for f in snap.feedback if is_waiting(f, cal, day, rule.days)]
        if not waiting:
            continue
        due = cal.next_allowed(cal.at(day, rule.at), keep=rule.at)
        born = max(f.created_at for f in waiting if f.created_at)
        for target in snap.bindings:
            subject = {"day": day.isoformat()}
            yield _at(NudgeKind.FEEDBACK_WAITING, snap, target, due, subject), born


def _overdue(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    """A milestone past its due date and not approved: the PMs are told on the first working
    day after the due date, then every `days` days (a week) while it stays late."""
    rule = config.rule(NudgeKind.OVERDUE)
    every = timedelta(days=max(rule.days, 1))
    last = cal.local(until).date()
    for m in snap.milestones:
        if m.state in SETTLED:
            continue
        first = cal.add_working_days(m.due_date, 1)
        # Skip the reminders that fell due before this pass looks (the outbox has them).
        skipped = max(0, (cal.local(since).date() - first) // every - 1)
        day, late = first + skipped * every, skipped
        while day <= last:
            due = cal.next_allowed(cal.at(day, rule.at), keep=rule.at)
            subject = {"milestone": m.id, "due": m.due_date.isoformat(), "reminder": late + 1}
            for target, at in _escalations(snap, cal, due, keep=rule.at):
                yield _at(NudgeKind.OVERDUE, snap, target, at, subject), m.created_at
            day, late = day + every, late + 1


def _risk_raised(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    """A risk Signoff raised by itself: the PMs are told once, privately, as escalations go,
    from the moment it was raised."""
    for risk in snap.raised:
        if risk.raised_at is not None:
            for target, due in _escalations(snap, cal, risk.raised_at):
                subject = {"risk": risk.id}
                yield _at(NudgeKind.RISK_RAISED, snap, target, due, subject), risk.raised_at


def _studio_digest(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, since: datetime, until: datetime
) -> _Found:
    """The studio's weekly risk digest (bot.nudges.studio_digest): weekly like the client's,
    but where escalations go, never into a channel the client reads."""
    rule = config.rule(NudgeKind.STUDIO_DIGEST)
    if not snap.risks:  # a project that never kept a risk has nothing to tell the studio
        return
    for day in _days(cal, since - timedelta(days=7), until):
        if day.weekday() == rule.weekday:
            due = cal.next_allowed(cal.at(day, rule.at), keep=rule.at)
            for target, at in _escalations(snap, cal, due, keep=rule.at):
                occurrence = _at(NudgeKind.STUDIO_DIGEST, snap, target, at, {"week": str(day)})
                yield occurrence, snap.project.created_at


def is_waiting(feedback: Feedback, cal: NudgeCalendar, day: date, days: int) -> bool:
    """Whether feedback has been open for more than `days` working days on `day`."""
    if feedback.created_at is None:
        return False
    return cal.working_days_between(cal.local(feedback.created_at).date(), day) > days


def _escalations(
    snap: ProjectSnapshot, cal: NudgeCalendar, due: datetime, keep: time | None = None
) -> list[tuple[Conversation, datetime]]:
    """Where and when an escalation due at `due` goes: once into the studio's escalation
    channel if the project has one (on the project's clock), else to each PM directly, at the
    first moment their own clock allows."""
    if snap.settings.escalate_to is not None:
        return [(snap.settings.escalate_to, cal.next_allowed(due, keep=keep))]
    return [
        (direct(pm.person.identity), _personal(cal, pm).next_allowed(due, keep=keep))
        for pm in snap.people(Role.PM)
    ]


def _personal(cal: NudgeCalendar, member: Member) -> NudgeCalendar:
    """The project's calendar on the recipient's own clock, where their platform told it."""
    return cal.in_zone(member.person.timezone)


def _at(
    kind: NudgeKind,
    snap: ProjectSnapshot,
    target: Conversation,
    due: datetime,
    subject: dict[str, Any],
) -> Occurrence:
    return Occurrence(
        kind=kind, project_id=snap.project.id, target=target, due_at=due, subject=subject
    )


_MAKERS = {
    NudgeKind.DIGEST: _digest,
    NudgeKind.DUE_SOON: _due_soon,
    NudgeKind.REVIEW_WAITING: _review_waiting,
    NudgeKind.ISSUE_OVERDUE: _issue_overdue,
    NudgeKind.FEEDBACK_WAITING: _feedback_waiting,
    NudgeKind.OVERDUE: _overdue,
    NudgeKind.RISK_RAISED: _risk_raised,
    NudgeKind.SURVEY_WAITING: survey_waiting,
    NudgeKind.STUDIO_DIGEST: _studio_digest,
}
