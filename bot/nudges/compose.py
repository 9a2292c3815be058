"""What each nudge says, composed from the project's state when it goes out (en and zh-CN)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import N_, fmt_date, fmt_datetime, fmt_days, fmt_duration, tr
from bot.labels import label, milestone_state, name_of, severity_count
from bot.messages import Card, Field, Message
from bot.model import SEVERITIES, IssueStatus, Member, Milestone, MilestoneState, Role, Stage
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.due import is_waiting
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence
from bot.nudges.raised import risk_notice
from bot.nudges.scope import brief_reminder, change_reminder, digest_fields
from bot.nudges.snapshot import SETTLED, ProjectSnapshot, direct
from bot.nudges.studio_digest import studio_digest
from bot.nudges.survey_nudges import survey_nudge
from bot.rules import days_late, scan_order
from bot.typography import join_groups, join_items, join_sentences


def compose(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
    *,
    missed: int = 0,
) -> Message | None:
    """The message for an occurrence as things stand `now`; None when it is no longer needed
    (the milestone was approved, the approvers decided, the issue was acknowledged)."""
    if occurrence.kind is NudgeKind.DIGEST:
        return _digest(occurrence, snap, now, missed)
    message = _WRITERS[occurrence.kind](occurrence, snap, config, cal, now)
    if message is not None and occurrence.target == snap.settings.escalate_to:
        # In the studio's escalation channel, the escalation calls on the PMs by name.
        pms = snap.people(Role.PM)
        loc = snap.project.locale
        more = tr(loc, N_("For {people}."), people=_names(pms, loc))
        called = tuple(m.person for m in pms)
        text = join_sentences(loc, (message.text, more))
        message = replace(message, text=text, mentions=called)
    return message


def _names(members: list[Member], locale: str) -> str:
    return join_items(locale, (f"@{name_of(m.person)}" for m in members))


def _day(loc: str, value: date, now: datetime, snap: ProjectSnapshot) -> str:
    return fmt_date(loc, value, today=now.astimezone(snap.project_zone()).date())


def _digest(occurrence: Occurrence, snap: ProjectSnapshot, now: datetime, missed: int) -> Message:
    p, loc = snap.project, snap.project.locale
    since = occurrence.due_at - timedelta(days=7)
    approved = [
        m.ref
        if m.signed_by_client
        else tr(loc, N_("{ref} (by the studio, no client sign-off)"), ref=m.ref)
        for m in snap.milestones
        if m.approved_at and since < m.approved_at <= now
    ]
    reviewing = [m for m in snap.milestones if m.state is MilestoneState.IN_REVIEW]
    in_review = [
        tr(
            loc,
            N_("{ref} v{version} ({stage}, waiting {duration})"),
            ref=m.ref,
            version=m.version,
            stage=label(loc, m.stage or Stage.PM),
            duration=fmt_duration(loc, now - m.stage_started_at),
        )
        for m in sorted(reviewing, key=lambda m: m.stage_started_at or now)  # longest first
        if m.stage_started_at
    ]
    today = now.astimezone(snap.project_zone()).date()
    open_milestones = scan_order(snap.milestones)  # by due date, so the most overdue first
    overdue = [
        tr(
            loc,
            N_("{ref} {name} (due {date}, {late} late)"),
            ref=m.ref,
            name=m.name,
            date=_day(loc, m.due_date, now, snap),
            late=fmt_days(loc, days_late(m, today)),
        )
        for m in open_milestones
        if days_late(m, today)
    ]
    soon = [
        tr(
            loc,
            N_("{ref} {name} ({date})"),
            ref=m.ref,
            name=m.name,
            date=_day(loc, m.due_date, now, snap),
        )
        for m in open_milestones
        if m.state not in SETTLED and today <= m.due_date <= today + timedelta(14)
    ]
    counts = {s: 0 for s in SEVERITIES}
    for issue in snap.issues:
        counts[issue.severity] += 1
    none = tr(loc, N_("none"))
    fields = [
        Field(label=tr(loc, N_("Overdue")), value=join_groups(loc, overdue) or none),
        Field(
            label=tr(loc, N_("Approved since the last digest")),
            value=join_items(loc, approved) or none,
        ),
        Field(label=tr(loc, N_("In review")), value=join_groups(loc, in_review) or none),
        *digest_fields(snap, now),
        Field(label=tr(loc, N_("Due in the next two weeks")), value=join_groups(loc, soon) or none),
        Field(
            label=tr(loc, N_("Open issues")),
            value=join_items(loc, (severity_count(loc, s, counts[s]) for s in SEVERITIES)),
        ),
        Field(label=tr(loc, N_("Open feedback")), value=str(len(snap.feedback))),
    ]
    if missed:
        fields.append(
            Field(label=tr(loc, N_("Nudges missed while the bot was down")), value=str(missed))
        )
    title = tr(loc, N_("{name}: weekly progress"), name=p.name)
    lines = [tr(loc, N_("{label}: {value}"), label=f.label, value=f.value) for f in fields]
    return Message(
        text="\n".join([title, *lines]),
        card=Card(title=title, subtitle=p.key, fields=tuple(fields)),
    )


def _still_due(occurrence: Occurrence, snap: ProjectSnapshot) -> Milestone | None:
    """The milestone a due-date nudge is about, None once it needs no nudge: approved or
    cancelled since it was planned, or its due date moved (another occurrence covers the new)."""
    m = snap.milestone(occurrence.subject.get("milestone"))
    if m is None or m.state in SETTLED or m.due_date.isoformat() != occurrence.subject.get("due"):
        return None
    return m


def _due_soon(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
) -> Message | None:
    loc = snap.project.locale
    if (m := _still_due(occurrence, snap)) is None:
        return None
    if m.state is MilestoneState.IN_REVIEW:
        who = snap.owing(m) if m.stage is Stage.CLIENT else snap.people(Role.PM)
    else:
        who = snap.people(Role.DESIGNER) + snap.people(Role.PM)
    text = tr(
        loc,
        N_("Reminder: {ref} “{name}” is due on {date}. Over to {people}."),
        ref=m.ref,
        name=m.name,
        date=_day(loc, m.due_date, now, snap),
        people=_names(who, loc) or tr(loc, N_("the team")),
    )
    return Message(text=text)


def _review_waiting(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
) -> Message | None:
    if "brief" in occurrence.subject:
        return brief_reminder(occurrence, snap, config, now)
    if "change" in occurrence.subject:
        return change_reminder(occurrence, snap, config, now)
    loc = snap.project.locale
    m = snap.milestone(occurrence.subject.get("milestone"))
    if m is None or m.version != occurrence.subject.get("version") or not snap.owing(m):
        return None  # decided, resubmitted or withdrawn: the reminder has nothing to ask
    waited = fmt_duration(loc, now - (m.stage_started_at or now))
    times = config.rule(NudgeKind.REVIEW_WAITING).times
    if int(occurrence.subject.get("round", 1)) <= times:
        template = N_(
            "Reminder: {ref} v{version} “{name}” has waited {duration} for sign-off "
            "from {people}. Reply “approve {ref}” or “changes {ref} …”."
        )
    else:
        template = N_(
            "Escalation: {ref} v{version} “{name}” has waited {duration} for the "
            "client's sign-off after every reminder; still owed by {people}."
        )
    text = tr(
        loc,
        template,
        ref=m.ref,
        version=m.version,
        name=m.name,
        duration=waited,
        people=_names(snap.owing(m), loc),
    )
    return Message(text=text)


def _issue_overdue(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
) -> Message | None:
    loc = snap.project.locale
    issue = next((i for i in snap.issues if i.id == occurrence.subject.get("issue")), None)
    if issue is None or issue.status is not IssueStatus.OPEN or issue.response_due_at is None:
        return None
    text = tr(
        loc,
        N_(
            "Escalation in {project}: {ref} “{title}” ({severity}) was not acknowledged by "
            "{deadline}. Raised by {reporter}."
        ),
        project=snap.project.key,
        ref=issue.ref,
        title=issue.title,
        severity=label(loc, issue.severity),
        deadline=_deadline(loc, issue.response_due_at, _reader_zone(occurrence, snap), now),
        reporter=name_of(issue.reporter),
    )
    return Message(text=text)


def _deadline(locale: str, due: datetime, zone: str, now: datetime) -> str:
    """A deadline on the reader's clock, naming the zone: a PM may be elsewhere."""
    today = now.astimezone(ZoneInfo(zone)).date()
    return fmt_datetime(locale, due, zone, today=today, zone=True)


def _reader_zone(occurrence: Occurrence, snap: ProjectSnapshot) -> str:
    """The zone a direct message's times are read in: the PM's own where known."""
    for pm in snap.people(Role.PM):
        if direct(pm.person.identity) == occurrence.target and pm.person.timezone:
            return pm.person.timezone
    return snap.project.timezone


def _feedback_waiting(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
) -> Message | None:
    loc = snap.project.locale
    days = config.rule(NudgeKind.FEEDBACK_WAITING).days
    today = cal.local(now).date()
    waiting = [f for f in snap.feedback if is_waiting(f, cal, today, days)]
    if not waiting:
        return None
    title = tr(
        loc,
        N_("{count} feedback items have waited more than {days} working days. Over to {people}."),
        count=len(waiting),
        days=days,
        people=_names(snap.people(Role.DESIGNER) + snap.people(Role.PM), loc)
        or tr(loc, N_("the team")),
    )
    items = tuple(f"{f.ref} {f.text[:80]}" for f in waiting)
    return Message(text="\n".join([title, *items]), card=Card(title=title, items=items))


def _overdue(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
) -> Message | None:
    loc = snap.project.locale
    if (m := _still_due(occurrence, snap)) is None:
        return None
    today = cal.local(now).date()
    text = tr(
        loc,
        N_("Overdue in {project}: {ref} “{name}” was due on {date} and is {late} late ({state})."),
        project=snap.project.key,
        ref=m.ref,
        name=m.name,
        date=_day(loc, m.due_date, now, snap),
        state=milestone_state(loc, m),
        late=fmt_days(loc, (today - m.due_date).days),
    )
    return Message(text=text)


_WRITERS = {
    NudgeKind.DUE_SOON: _due_soon,
    NudgeKind.REVIEW_WAITING: _review_waiting,
    NudgeKind.ISSUE_OVERDUE: _issue_overdue,
    NudgeKind.FEEDBACK_WAITING: _feedback_waiting,
    NudgeKind.OVERDUE: _overdue,
    NudgeKind.RISK_RAISED: risk_notice,
    NudgeKind.SURVEY_WAITING: survey_nudge,
    NudgeKind.STUDIO_DIGEST: studio_digest,
}
