"""A risk Signoff raises by itself: stored once per key with its `risk.raised` audit event, each
in a unit of work of its own, and told to the PMs privately by the `risk_raised` nudge (their
DMs, or the studio's escalation channel), through the nudge outbox like every escalation."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from bot.i18n import N_, tr
from bot.labels import label
from bot.messages import Message
from bot.model import AuditEvent, Platform
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.model import NudgeConfig, Occurrence
from bot.nudges.ports import NudgeWorkFactory
from bot.nudges.snapshot import ProjectSnapshot
from bot.risks import Risk, RiskState

logger = logging.getLogger(__name__)

NOTICE = N_(
    "New risk in {project}, {ref}: {title}. Likelihood {likelihood}, impact {impact} "
    "({score}). {evidence} See “risk {ref}”."
)


async def raise_risks(
    uow: NudgeWorkFactory, snap: ProjectSnapshot, risks: Sequence[Risk], now: datetime
) -> tuple[Risk, ...]:
    """Store each risk with its audit event, one unit of work each; a risk another instance
    raised meanwhile (its key taken) is left for that instance to tell, its unit of work left
    without a commit: rolled back, giving its RK number back. Returns the risks raised here."""
    raised = []
    for risk in risks:
        async with uow() as work:
            added = await work.risks.add(risk)
            if added is None:
                continue
            await work.audit.add(
                AuditEvent(
                    project_id=added.project_id,
                    at=now,
                    actor=None,  # Signoff itself
                    platform=_platform(snap),
                    action="risk.raised",
                    subject=added.ref,
                    detail={
                        "key": added.key,
                        "title": added.title,
                        "evidence": added.evidence,
                        "likelihood": added.likelihood.value,
                        "impact": added.impact.value,
                        "score": added.score,
                    },
                )
            )
            await work.commit()
        logger.info("raised %s (%s) in project %s", added.ref, added.key, snap.project.key)
        raised.append(added)
    return tuple(raised)


def risk_notice(
    occurrence: Occurrence,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
) -> Message | None:
    """What the PMs are told of a risk Signoff raised; None once it was closed (someone dealt
    with it before the notice could go out)."""
    risk = next((r for r in snap.raised if r.id == occurrence.subject.get("risk")), None)
    if risk is None or risk.state is not RiskState.OPEN:
        return None
    loc = snap.project.locale
    text = tr(
        loc,
        NOTICE,
        project=snap.project.key,
        ref=risk.ref,
        title=risk.title,
        likelihood=label(loc, risk.likelihood),
        impact=label(loc, risk.impact),
        score=risk.score,
        evidence=risk.evidence,
    )
    return Message(text=text)


def _platform(snap: ProjectSnapshot) -> Platform:
    """Where the project lives, for the audit trail of what nobody typed: its first channel's
    platform, else the console's (as the admin CLI's own changes are)."""
    return snap.bindings[0].platform if snap.bindings else Platform.CONSOLE
