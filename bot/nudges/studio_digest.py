"""The studio's weekly risk digest: the open risks by score (likelihood × impact, worst first)
and what changed in the week (raised, closed, reopened, a score changed), read from the audit
log's risk.* events. It goes only where escalations go (the studio's escalation channel, else
each PM's DMs), so it shows every risk, shared or not; with nothing open and nothing changed,
nothing is sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.i18n import N_, tr
from bot.labels import label, name_of
from bot.messages import Card, Field, Message
from bot.model import AuditEvent
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import NudgeConfig, Occurrence
from bot.nudges.ports import NudgeWork
from bot.nudges.snapshot import ProjectSnapshot
from bot.risks import Level, Risk, RiskState
from bot.typography import separator

WEEK = timedelta(days=7)
# What each risk.* event says in the digest; share, unshare and other edits are not news here.
SAID = {
    "risk.added": N_("added by {who}"),
    "risk.raised": N_("raised by {who}"),
    "risk.close": N_("closed by {who}"),
    "risk.reopen": N_("reopened by {who}"),
}
SCORE_CHANGED = N_("score {before} → {after}, by {who}")


async def with_risk_events(
    work: NudgeWork, snap: ProjectSnapshot, occurrence: Occurrence, now: datetime
) -> ProjectSnapshot:
    """The snapshot with the risk.* events of the digest's week (up to `now`: a digest held
    back by quiet hours also tells what happened meanwhile)."""
    since = occurrence.due_at - WEEK
    events = tuple(
        e
        for e in await work.audit.list(snap.project.id)
        if e.action.startswith("risk.") and since < e.at <= now
    )
    return replace(snap, risk_events=events)


def studio_digest(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
) -> Message | None:
    """The digest for the studio, None when there is nothing to say."""
    loc = snap.project.locale
    open_risks = sorted(
        (r for r in snap.risks if r.state is RiskState.OPEN), key=lambda r: (-r.score, r.number)
    )
    changes = [line for e in snap.risk_events if (line := _change(loc, snap, e))]
    if not open_risks and not changes:
        return None
    title = tr(loc, N_("{name}: the studio's weekly risks"), name=snap.project.name)
    items = tuple(_risk_line(loc, r) for r in open_risks)
    none = tr(loc, N_("none"))
    fields = (Field(label=tr(loc, N_("Changed this week")), value="\n".join(changes) or none),)
    heading = tr(loc, N_("Open risks, worst first ({count})"), count=len(open_risks))
    text = "\n".join(
        [title, _headed(loc, heading, items, none), _headed(loc, fields[0].label, changes, none)]
    )
    card = Card(title=title, subtitle=snap.project.key, fields=fields, items=items)
    return Message(text=text, card=card)


def _headed(loc: str, heading: str, lines: Sequence[str], none: str) -> str:
    if not lines:
        return tr(loc, N_("{label}: {value}"), label=heading, value=none)
    return "\n".join([tr(loc, N_("{label}:"), label=heading), *lines])


def _risk_line(loc: str, risk: Risk) -> str:
    parts = [
        f"{risk.ref} {risk.title}",
        tr(
            loc,
            N_("likelihood {likelihood}, impact {impact} ({score})"),
            likelihood=label(loc, risk.likelihood),
            impact=label(loc, risk.impact),
            score=risk.score,
        ),
    ]
    if risk.owner is not None:
        parts.append(tr(loc, N_("owner {who}"), who=name_of(risk.owner)))
    if risk.shared:
        parts.append(tr(loc, N_("shared with the client")))
    return separator(loc).join(parts)


def _change(loc: str, snap: ProjectSnapshot, event: AuditEvent) -> str:
    """One event as the digest says it ("RK-3 Fonts licence: closed by Paula"), or ""."""
    who = name_of(event.actor) if event.actor else "Signoff"
    if event.action == "risk.updated":
        before, after = _score(event.detail.get("before")), _score(event.detail.get("after"))
        if before == after:
            return ""
        said = tr(loc, SCORE_CHANGED, before=before, after=after, who=who)
    elif event.action in SAID:
        said = tr(loc, SAID[event.action], who=who)
    else:
        return ""
    return tr(loc, N_("{ref} {title}: {said}"), ref=event.subject, title=_title(snap, event),
              said=said)  # fmt: skip


def _title(snap: ProjectSnapshot, event: AuditEvent) -> str:
    """The risk's title: from the register read, or, for a risk added after it was read
    (another instance's turn), from the week's event that recorded it (only an add does)."""
    risk = next((r for r in snap.risks if r.ref == event.subject), None)
    if risk:
        return risk.title
    recorded = (e.detail.get("title") for e in snap.risk_events if e.subject == event.subject)
    return str(next((t for t in recorded if t), ""))


def _score(terms: object) -> int:
    if not isinstance(terms, dict):
        return 0
    return Level(terms["likelihood"]).weight * Level(terms["impact"]).weight
