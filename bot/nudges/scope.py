"""What the nudges say about the project's scope: the brief and the change requests waiting on
the client's approvers (their reminders and escalations), and where they stand in the digest."""

from __future__ import annotations

from datetime import datetime

from bot.brief import Brief, BriefState
from bot.change_requests import ChangeRequest, ChangeState
from bot.i18n import N_, fmt_date, fmt_duration, tr
from bot.labels import label, name_of
from bot.messages import Field, Message
from bot.model import Role
from bot.money import Money, zero
from bot.nudges.model import NudgeConfig, NudgeKind, Occurrence
from bot.nudges.snapshot import ProjectSnapshot
from bot.typography import join_groups, join_items

BRIEF_REMINDER = N_(
    "Reminder: brief {version} has waited {duration} for confirmation from {people}. "
    "Reply “brief confirm” or “brief changes …”."
)
BRIEF_ESCALATION = N_(
    "Escalation: brief {version} has waited {duration} for the client's confirmation after "
    "every reminder; still owed by {people}."
)
CHANGE_REMINDER = N_(
    "Reminder: {ref} “{title}” ({price}) has waited {duration} for a decision from {people}. "
    "Reply “change accept {ref}” or “change decline {ref} …”."
)
CHANGE_ESCALATION = N_(
    "Escalation: {ref} “{title}” ({price}) has waited {duration} for the client's decision "
    "after every reminder; still owed by {people}."
)


def brief_reminder(
    occurrence: Occurrence, snap: ProjectSnapshot, config: NudgeConfig, now: datetime
) -> Message | None:
    """The reminder (or, past the cap, the escalation) about a brief version sent to the
    client; None once it was confirmed, sent back, replaced, or nobody is left to confirm it."""
    loc = snap.project.locale
    brief = next((b for b in snap.briefs if b.id == occurrence.subject.get("brief")), None)
    if brief is None or brief.state is not BriefState.SENT or not snap.people(Role.APPROVER):
        return None
    template = BRIEF_REMINDER if _reminding(occurrence, config) else BRIEF_ESCALATION
    text = tr(
        loc,
        template,
        version=brief.ref,
        duration=fmt_duration(loc, now - (brief.sent_at or now)),
        people=_mentions(snap, loc),
    )
    return Message(text=text)


def change_reminder(
    occurrence: Occurrence, snap: ProjectSnapshot, config: NudgeConfig, now: datetime
) -> Message | None:
    """The reminder (or escalation) about a change request sent to the client; None once it
    was accepted, declined or withdrawn, or nobody is left to decide it."""
    loc = snap.project.locale
    change = next((c for c in snap.changes if c.id == occurrence.subject.get("change")), None)
    if change is None or change.state is not ChangeState.SENT or not snap.people(Role.APPROVER):
        return None
    template = CHANGE_REMINDER if _reminding(occurrence, config) else CHANGE_ESCALATION
    text = tr(
        loc,
        template,
        ref=change.ref,
        title=change.title,
        price=_price(loc, change),
        duration=fmt_duration(loc, now - (change.sent_at or now)),
        people=_mentions(snap, loc),
    )
    return Message(text=text)


def digest_fields(snap: ProjectSnapshot, now: datetime) -> list[Field]:
    """The digest's lines on the brief and the change requests waiting on the client; none
    for a project that has neither a brief nor a change request."""
    if not snap.briefs and not snap.changes:
        return []
    loc = snap.project.locale
    none = tr(loc, N_("none"))
    waiting = [c for c in snap.changes if c.state is ChangeState.SENT]
    items = [
        tr(loc, N_("{ref} “{title}” ({price})"), ref=c.ref, title=c.title, price=_price(loc, c))
        for c in waiting
    ]
    changes = join_items(loc, items)
    if totals := _totals(waiting):
        amount = join_items(loc, (total.shown(loc) for total in totals))
        changes = tr(loc, N_("{items}; total {amount}"), items=changes, amount=amount)
    return [
        Field(label=tr(loc, N_("Brief")), value=_standing(snap, now) or none),
        Field(label=tr(loc, N_("Change requests waiting on the client")), value=changes or none),
    ]


def _standing(snap: ProjectSnapshot, now: datetime) -> str:
    """Where the brief stands: the version confirmed, the one waiting on the client and the
    draft after them, each that there is ("v1 confirmed on …; v2 draft")."""
    loc = snap.project.locale
    confirmed = snap.newest_brief(BriefState.CONFIRMED)
    sent = snap.newest_brief(BriefState.SENT)
    latest = snap.newest_brief()
    parts = []
    if confirmed is not None:
        on = _day(snap, confirmed.decided_at, now)
        parts.append(tr(loc, N_("{version} confirmed on {date}"), version=confirmed.ref, date=on))
    if sent is not None:
        since = _day(snap, sent.sent_at, now)
        waiting = N_("{version} waiting on the client since {date}")
        parts.append(tr(loc, waiting, version=sent.ref, date=since))
    if latest is not None and _unsettled(latest):
        state = label(loc, latest.state)
        parts.append(tr(loc, N_("{version} {state}"), version=latest.ref, state=state))
    return join_groups(loc, parts)


def _unsettled(brief: Brief) -> bool:
    # A draft, or sent back: the newest version says so after the confirmed one, if any (a
    # confirmed or sent one is said already, a replaced one says nothing of the brief now).
    return brief.state in (BriefState.DRAFT, BriefState.CHANGES)


def _day(snap: ProjectSnapshot, moment: datetime | None, now: datetime) -> str:
    zone = snap.project_zone()
    day = (moment or now).astimezone(zone).date()
    return fmt_date(snap.project.locale, day, today=now.astimezone(zone).date())


def _totals(changes: list[ChangeRequest]) -> list[Money]:
    """The prices summed exactly: one total, as a project prices in one currency (were two
    ever mixed, each would get its own total rather than a sum that means nothing)."""
    totals: dict[str, Money] = {}
    for change in changes:
        if change.price is not None:
            currency = change.price.currency
            totals[currency] = totals.get(currency, zero(currency)) + change.price
    return list(totals.values())


def _price(locale: str, change: ChangeRequest) -> str:
    return change.price.shown(locale) if change.price else tr(locale, N_("not priced yet"))


def _mentions(snap: ProjectSnapshot, locale: str) -> str:
    return join_items(locale, (f"@{name_of(m.person)}" for m in snap.people(Role.APPROVER)))


def _reminding(occurrence: Occurrence, config: NudgeConfig) -> bool:
    """Within the reminders' cap; past it, the occurrence is the escalation to the PMs."""
    return int(occurrence.subject.get("round", 1)) <= config.rule(NudgeKind.REVIEW_WAITING).times
