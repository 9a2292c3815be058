"""The risks Signoff raises by itself from a project's data, each under a key that names what
raised it: a milestone late by more than N working days ("overdue:M-2"), its revision rounds
used up ("rounds:M-1"), urgent issues past their response deadline at once ("issues:IS-3,IS-5"),
a review waiting on the client past every reminder ("review:M-1@v3"). Pure: a snapshot, a
calendar and the thresholds in, the risks with their title and evidence (in the project's
language) out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, NamedTuple

from bot.i18n import N_, fmt_date, fmt_datetime, fmt_duration, tr
from bot.labels import label, milestone_state, name_of
from bot.model import SEVERITIES, IssueStatus, Member, ProjectStatus, Role
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import NudgeConfig, NudgeKind
from bot.nudges.risk_silence import silent_client
from bot.nudges.snapshot import SETTLED, ProjectSnapshot
from bot.risks import Level, Risk, RiskThresholds
from bot.rules import rounds_included
from bot.typography import join_groups, join_items, join_sentences

_Found = Iterator[Risk]
_Keys = set[str]  # the keys raised before: skipped before any counting


class _Waiting(NamedTuple):
    """A version, the brief or a change request waiting on the client, as a risk names it."""

    key: str
    title: str
    template: str  # the evidence, with {date}, {duration} and {people} still to fill
    terms: dict[str, Any]
    owing: list[Member]


def risks_due(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, now: datetime
) -> list[Risk]:
    """The risks the project's data calls for at `now` that Signoff has not raised before (by
    key, even if a person closed it since), each as raised by Signoff at `now`; none for a
    closed project or when the studio turned raising off."""
    limits = snap.risk_limits(config.risks)  # the project's own thresholds where it set them
    if not limits.enabled or snap.project.status is ProjectStatus.CLOSED:
        return []
    raised = {r.key for r in snap.raised}
    return [
        *_overdue(snap, limits, cal, now, raised),
        *_rounds(snap, limits, now, raised),
        *_issues(snap, limits, now, raised),
        *_reviews(snap, config, cal, now, raised),
        *silent_client(snap, limits, cal, now, raised),
    ]


def _overdue(
    snap: ProjectSnapshot, limits: RiskThresholds, cal: NudgeCalendar, now: datetime, raised: _Keys
) -> _Found:
    loc, today = snap.project.locale, cal.local(now).date()
    for m in snap.milestones:
        key = f"overdue:{m.ref}"
        if m.state in SETTLED or key in raised:
            continue
        late = cal.working_days_between(m.due_date, today)
        if late <= limits.overdue_days:
            continue
        evidence = tr(
            loc,
            N_("{ref} “{name}” was due on {date} and is {late} late ({state})."),
            ref=m.ref,
            name=m.name,
            date=fmt_date(loc, m.due_date, today=today),
            late=_working_days(loc, late),
            state=milestone_state(loc, m),
        )
        title = tr(loc, N_("{ref} “{name}” is running late"), ref=m.ref, name=m.name)
        yield _risk(snap, now, key, title, evidence, Level.HIGH, Level.MEDIUM)


def _rounds(snap: ProjectSnapshot, limits: RiskThresholds, now: datetime, raised: _Keys) -> _Found:
    loc = snap.project.locale
    for m in snap.milestones:
        key, included = f"rounds:{m.ref}", rounds_included(snap.project, m)
        # Only once the client spent a round: a contract of no rounds is no risk by itself.
        if m.state in SETTLED or not m.rounds_used or key in raised:
            continue
        if included - m.rounds_used > limits.rounds_left:
            continue
        said = [
            tr(
                loc,
                N_(
                    "Revision rounds on {ref} “{name}”: {used} asked for by the client, "
                    "{included} included in the contract."
                ),
                ref=m.ref,
                name=m.name,
                used=m.rounds_used,
                included=included,
            )
        ]
        if m.rounds_used >= included:
            said.append(tr(loc, N_("A further request for changes opens a change request.")))
        title = tr(loc, N_("{ref} “{name}” has used up its revision rounds"), ref=m.ref,
                   name=m.name)  # fmt: skip
        yield _risk(snap, now, key, title, join_sentences(loc, said), Level.MEDIUM, Level.MEDIUM)


def _issues(snap: ProjectSnapshot, limits: RiskThresholds, now: datetime, raised: _Keys) -> _Found:
    """The first issues to be `limits.issues` at once past their deadline name the risk: more
    joining them later raise nothing new, a new set does once these are answered."""
    loc, zone = snap.project.locale, snap.project.timezone
    urgent = SEVERITIES[: SEVERITIES.index(limits.severity) + 1]  # that severity or worse
    late = sorted(
        (
            i
            for i in snap.issues
            if i.status is IssueStatus.OPEN  # acknowledged: answered within its deadline
            and i.severity in urgent
            and i.response_due_at is not None
            and i.response_due_at <= now
        ),
        key=lambda i: (i.response_due_at, i.number),
    )
    count = max(limits.issues, 1)
    if len(late) < count:
        return
    first = sorted(late[:count], key=lambda i: i.number)
    key = "issues:" + ",".join(i.ref for i in first)
    if key in raised:
        return
    today = now.astimezone(snap.project_zone()).date()
    items = [
        tr(
            loc,
            N_("{ref} “{title}” ({severity}, due {deadline})"),
            ref=i.ref,
            title=i.title,
            severity=label(loc, i.severity),
            deadline=fmt_datetime(loc, i.response_due_at or now, zone, today=today),
        )
        for i in first
    ]
    evidence = tr(loc, N_("Not acknowledged by their response deadline: {issues}."),
                  issues=join_groups(loc, items))  # fmt: skip
    refs = join_items(loc, (i.ref for i in first))
    title = tr(loc, N_("Urgent issues past their response deadline: {refs}"), refs=refs)
    yield _risk(snap, now, key, title, evidence, Level.HIGH, Level.HIGH)


def _reviews(
    snap: ProjectSnapshot, config: NudgeConfig, cal: NudgeCalendar, now: datetime, raised: _Keys
) -> _Found:
    """What waits on the client's approvers past the moment its reminders end and the PMs get
    the escalation (the review_waiting nudge's `days` × (`times` + 1) working days)."""
    rule = snap.settings.effective(config).rule(NudgeKind.REVIEW_WAITING)
    loc = snap.project.locale
    for about, since in snap.waiting_on_client():
        day = cal.add_working_days(cal.local(since).date(), rule.days * (rule.times + 1))
        if now < cal.next_allowed(cal.at(day, rule.at), keep=rule.at):
            continue
        waiting = _waiting(snap, about)
        if waiting.key in raised:
            continue
        evidence = tr(
            loc,
            waiting.template,
            **waiting.terms,
            date=fmt_date(loc, cal.local(since).date(), today=cal.local(now).date()),
            duration=fmt_duration(loc, now - since),
            people=join_items(loc, (name_of(m.person) for m in waiting.owing)),
        )
        yield _risk(snap, now, waiting.key, waiting.title, evidence, Level.HIGH, Level.MEDIUM)


def _waiting(snap: ProjectSnapshot, about: dict[str, Any]) -> _Waiting:
    """A nudge's subject (bot.nudges.snapshot.waiting_on_client) as the risk names it."""
    loc, approvers = snap.project.locale, snap.people(Role.APPROVER)
    if "brief" in about:
        version = f"v{about['version']}"
        title = tr(loc, N_("Brief {version} waits on the client past every reminder"),
                   version=version)  # fmt: skip
        template = N_(
            "Brief {version} has waited for the client's confirmation since {date} "
            "({duration}), past every reminder; still owed by {people}."
        )
        return _Waiting(f"review:brief@{version}", title, template, {"version": version}, approvers)
    if "change" in about:
        change = next(c for c in snap.changes if c.id == about["change"])
        terms: dict[str, Any] = {"ref": change.ref, "title": change.title}
        title = tr(loc, N_("{ref} “{title}” waits on the client past every reminder"), **terms)
        template = N_(
            "{ref} “{title}” has waited for the client's decision since {date} ({duration}), "
            "past every reminder; still owed by {people}."
        )
        return _Waiting(f"review:{change.ref}", title, template, terms, approvers)
    m = next(m for m in snap.milestones if m.id == about["milestone"])
    terms = {"ref": m.ref, "version": m.version, "name": m.name}
    title = tr(loc, N_("{ref} v{version} “{name}” waits on the client past every reminder"),
               **terms)  # fmt: skip
    template = N_(
        "{ref} v{version} “{name}” has waited for the client's sign-off since {date} "
        "({duration}), past every reminder; still owed by {people}."
    )
    return _Waiting(f"review:{m.ref}@v{m.version}", title, template, terms, snap.owing(m))


def _working_days(locale: str, count: int) -> str:
    template = N_("1 working day") if count == 1 else N_("{count} working days")
    return tr(locale, template, count=count)


def _risk(
    snap: ProjectSnapshot,
    now: datetime,
    key: str,
    title: str,
    evidence: str,
    likelihood: Level,
    impact: Level,
) -> Risk:
    return Risk(
        project_id=snap.project.id,
        title=title,
        likelihood=likelihood,
        impact=impact,
        key=key,
        evidence=evidence,
        raised_by=None,
        raised_at=now,
    )
