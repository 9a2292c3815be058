"""The two halves of a scheduler pass the core owns: planning occurrences, preparing one."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.errors import StorageUnavailable
from bot.messages import Message
from bot.model import ProjectStatus
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.compose import compose
from bot.nudges.due import calendar_for, occurrences
from bot.nudges.model import (
    DeliveryRecord,
    NudgeConfig,
    NudgeKind,
    Occurrence,
    OutboxItem,
    OutboxStatus,
)
from bot.nudges.ports import NudgeWork, NudgeWorkFactory
from bot.nudges.raised import raise_risks
from bot.nudges.risk_signals import risks_due
from bot.nudges.snapshot import ProjectSnapshot, direct, load_snapshot
from bot.nudges.studio_digest import with_risk_events

logger = logging.getLogger(__name__)

PLANNERS = 8  # projects planned at once (each holds one pooled connection)
# How far back an escalation sent elsewhere is looked for (an issue's escalation falls due with
# its deadline; a review's after its last reminder: both well within this).
ESCALATION_MEMORY = timedelta(days=30)


@dataclass(frozen=True, kw_only=True)
class Planned:
    enqueued: int = 0
    missed: int = 0


async def plan(
    uow: NudgeWorkFactory,
    config: NudgeConfig,
    base: NudgeCalendar,
    now: datetime,
    *,
    horizon: timedelta = timedelta(0),
) -> Planned:
    """Raise the risks each project's data calls for (once per key), and put every occurrence
    due by `now` (or `horizon` later) into the outbox once: within its grace window as pending
    (held until the project's quiet hours end), older as missed.

    Planning ahead lets delivery find occurrences waiting when they fall due; whether each is
    still wanted is decided when it goes out.
    """
    async with uow() as work:
        project_ids = await work.nudges.active_projects()
    # A few projects at a time: planning is a handful of reads per project, and thousands of
    # projects one after the other would outlast the planning interval.
    slots = asyncio.Semaphore(PLANNERS)

    async def one(project_id: int) -> tuple[int, int]:
        async with slots:
            try:
                return await _plan_project(uow, project_id, config, base, now, horizon)
            except StorageUnavailable:
                raise
            except Exception:  # one project's bad data must not stop the others' nudges
                logger.exception("planning nudges for project %s failed", project_id)
                return 0, 0

    counts = await asyncio.gather(*(one(project_id) for project_id in project_ids))
    enqueued, missed = sum(c[0] for c in counts), sum(c[1] for c in counts)
    if enqueued or missed:
        logger.info("planned %d nudges, %d recorded as missed", enqueued, missed)
    return Planned(enqueued=enqueued, missed=missed)


async def _plan_project(
    uow: NudgeWorkFactory,
    project_id: int,
    config: NudgeConfig,
    base: NudgeCalendar,
    now: datetime,
    horizon: timedelta,
) -> tuple[int, int]:
    async with uow() as work:
        snap = await load_snapshot(work, project_id)
        if snap is None:
            return 0, 0
        cal = calendar_for(snap.project, snap.settings, base)
        due = risks_due(snap, config, cal, now)
        if not due:
            return await _enqueue(work, snap, config, cal, now, horizon)
    # Risks the data calls for are raised first, each in its own unit of work (never inside
    # the one that read the snapshot), then planned with the rest: a notice of one is in the
    # outbox within this pass, and one raised but not planned (a crash between the two) is
    # planned by the next pass, as long as it looks back.
    raised = await raise_risks(uow, snap, due, now)
    async with uow() as work:
        snap = replace(snap, raised=(*snap.raised, *raised))
        return await _enqueue(work, snap, config, cal, now, horizon)


async def _enqueue(
    work: NudgeWork,
    snap: ProjectSnapshot,
    config: NudgeConfig,
    cal: NudgeCalendar,
    now: datetime,
    horizon: timedelta,
) -> tuple[int, int]:
    found = occurrences(snap, config, cal, now - config.lookback, now + horizon)
    fresh = [o for o in found if o.due_at > now - config.rule(o.kind).grace]
    stale = [o for o in found if o.due_at <= now - config.rule(o.kind).grace]
    added = await work.nudges.add(
        fresh, status=OutboxStatus.PENDING, at=now, not_before=cal.next_allowed(now)
    )
    lost = await work.nudges.add(stale, status=OutboxStatus.MISSED, at=now, not_before=now)
    for occurrence in lost:
        await work.nudges.record(
            DeliveryRecord(
                key=occurrence.key,
                kind=occurrence.kind,
                target=occurrence.target,
                at=now,
                outcome=OutboxStatus.MISSED.value,
                detail=f"due {occurrence.due_at.isoformat()}, no instance ran in time",
            )
        )
    await work.commit()
    return len(added), len(lost)


async def prepare(
    work: NudgeWork, item: OutboxItem, config: NudgeConfig, base: NudgeCalendar, now: datetime
) -> tuple[OutboxStatus | None, Message | None]:
    """What to send for a claimed item now, or why nothing is: (None, message) to send it,
    (OBSOLETE, None) when the awaited action happened, (SKIPPED, None) when the project was
    paused or closed, the nudge turned off, the conversation unbound, or it already went out
    at another time."""
    occurrence = item.occurrence
    snap = await load_snapshot(work, occurrence.project_id)
    if snap is None:
        return OutboxStatus.OBSOLETE, None
    if await work.nudges.sent_in_series(occurrence.series, other_than=item.id):
        # The same nudge already went out at its earlier time (it was retimed since).
        return OutboxStatus.SKIPPED, None
    if _is_escalation(occurrence, config) and await _escalated_elsewhere(work, item, snap):
        return OutboxStatus.SKIPPED, None
    if (
        snap.project.status is ProjectStatus.CLOSED  # closed after this was planned
        or snap.settings.is_paused(now)
        or occurrence.kind in snap.settings.disabled
        or not config.rule(occurrence.kind).enabled
        or not snap.reaches(occurrence.target)
    ):
        return OutboxStatus.SKIPPED, None
    missed = 0
    if occurrence.kind is NudgeKind.DIGEST:
        # Since the previous week's digest slot, that slot included (it may be the one missed).
        missed = await work.nudges.count_missed(
            occurrence.project_id,
            since=occurrence.due_at - timedelta(days=7),
            before=occurrence.due_at,
        )
    if occurrence.kind is NudgeKind.STUDIO_DIGEST:
        snap = await with_risk_events(work, snap, occurrence, now)
    cal = calendar_for(snap.project, snap.settings, base)
    message = compose(occurrence, snap, config, cal, now, missed=missed)
    return (None, message) if message else (OutboxStatus.OBSOLETE, None)


def _is_escalation(occurrence: Occurrence, config: NudgeConfig) -> bool:
    if occurrence.kind in (NudgeKind.ISSUE_OVERDUE, NudgeKind.OVERDUE, NudgeKind.RISK_RAISED):
        return True
    if occurrence.kind is NudgeKind.STUDIO_DIGEST:  # it goes where escalations go
        return True
    if occurrence.kind is not NudgeKind.REVIEW_WAITING:
        return False
    return int(occurrence.subject.get("round", 0)) > config.rule(NudgeKind.REVIEW_WAITING).times


async def _escalated_elsewhere(work: NudgeWork, item: OutboxItem, snap: ProjectSnapshot) -> bool:
    """Whether this escalation already went out to another place (the project moved its
    escalations between the studio's channel and the PMs' DMs since): once is enough. Each
    PM's own DM is not "elsewhere" for another PM's."""
    mine = item.occurrence
    dms = {direct(m.person.identity) for m in snap.members}
    since = mine.due_at - ESCALATION_MEMORY
    for other in await work.nudges.items(mine.project_id, since=since):
        theirs = other.occurrence
        if (
            other.status is OutboxStatus.SENT
            and (theirs.kind, theirs.subject) == (mine.kind, mine.subject)
            and theirs.target != mine.target
            and not (theirs.target in dms and mine.target in dms)
        ):
            return True
    return False
