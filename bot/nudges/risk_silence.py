"""The client silent while something waits on them: a milestone version at the client's stage,
the brief or a change request sent and not decided, with nothing from anyone on the client's
side for N full working days. "Nothing" is read from the audit log: its newest event by a person
who is not the studio's (bot.nudges.snapshot's `client_seen_at`), so every command, decision and
answer counts, and reading (`status`, `risks`) does not. Raised once per waiting thing, under
"silence:M-2@v1", "silence:brief@v2" or "silence:CR-4"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from bot.i18n import N_, fmt_date, tr
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.snapshot import ProjectSnapshot
from bot.risks import Level, Risk, RiskThresholds

EVIDENCE = N_("Nothing from the client for {days} (since {date}) while {what} waits on them.")
TITLE = N_("The client is silent while {what} waits on them")


def silent_client(
    snap: ProjectSnapshot,
    limits: RiskThresholds,
    cal: NudgeCalendar,
    now: datetime,
    raised: set[str],
) -> Iterator[Risk]:
    """A risk for each thing waiting on the client once `limits.silence_days` whole working days
    have passed since it reached them, or since the client's last word if that came later."""
    loc, today = snap.project.locale, cal.local(now).date()
    for about, since in snap.waiting_on_client():
        name, what = _named(snap, about)
        key = f"silence:{name}"
        if key in raised:
            continue
        heard = since if snap.client_seen_at is None else max(since, snap.client_seen_at)
        last = cal.local(heard).date()
        # Whole working days: the day they were last heard from does not count.
        if today <= cal.add_working_days(last, limits.silence_days):
            continue
        days = cal.working_days_between(last, today - timedelta(days=1))
        evidence = tr(
            loc,
            EVIDENCE,
            days=_working_days(loc, days),
            date=fmt_date(loc, last, today=today),
            what=what,
        )
        yield Risk(
            project_id=snap.project.id,
            title=tr(loc, TITLE, what=what),
            likelihood=Level.MEDIUM,
            impact=Level.MEDIUM,
            key=key,
            evidence=evidence,
            raised_by=None,
            raised_at=now,
        )


def _named(snap: ProjectSnapshot, about: dict[str, Any]) -> tuple[str, str]:
    """What waits, for the key ("M-2@v1") and as the risk says it ("M-2 v1 “Logo”")."""
    loc = snap.project.locale
    if "brief" in about:
        version = f"v{about['version']}"
        return f"brief@{version}", tr(loc, N_("brief {version}"), version=version)
    if "change" in about:
        change = next(c for c in snap.changes if c.id == about["change"])
        return change.ref, tr(loc, N_("{ref} “{title}”"), ref=change.ref, title=change.title)
    m = next(m for m in snap.milestones if m.id == about["milestone"])
    said = tr(loc, N_("{ref} v{version} “{name}”"), ref=m.ref, version=m.version, name=m.name)
    return f"{m.ref}@v{m.version}", said


def _working_days(locale: str, count: int) -> str:
    template = N_("1 working day") if count == 1 else N_("{count} working days")
    return tr(locale, template, count=count)
