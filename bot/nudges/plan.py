"""The two halves of a scheduler pass the core owns: planning occurrences, preparing one."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.messages import Message
from bot.nudges.calendar import NudgeCalendar
from bot.nudges.compose import compose
from bot.nudges.due import calendar_for, occurrences
from bot.nudges.model import (
    DeliveryRecord,
    NudgeConfig,
    NudgeKind,
    OutboxItem,
    OutboxStatus,
)
from bot.nudges.snapshot import load_snapshot
from bot.ports import UnitOfWork, UnitOfWorkFactory

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Planned:
    enqueued: int = 0
    missed: int = 0


async def plan(
    uow: UnitOfWorkFactory, config: NudgeConfig, base: NudgeCalendar, now: datetime
) -> Planned:
    """Put every occurrence due by `now` into the outbox once: within its grace window as
    pending (held until the project's quiet hours end), older as missed (logged)."""
    async with uow() as work:
        project_ids = await work.nudges.active_projects()
    enqueued = missed = 0
    for project_id in project_ids:
        async with uow() as work:
            snap = await load_snapshot(work, project_id)
            if snap is None:
                continue
            cal = calendar_for(snap.project, snap.settings, base)
            found = occurrences(snap, config, cal, now - config.lookback, now)
            fresh = [o for o in found if o.due_at > now - config.rule(o.kind).grace]
            stale = [o for o in found if o.due_at <= now - config.rule(o.kind).grace]
            not_before = cal.next_allowed(now)
            added = await work.nudges.add(
                fresh, status=OutboxStatus.PENDING, at=now, not_before=not_before
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
        enqueued, missed = enqueued + len(added), missed + len(lost)
    if enqueued or missed:
        logger.info("planned %d nudges, %d recorded as missed", enqueued, missed)
    return Planned(enqueued=enqueued, missed=missed)


async def prepare(
    work: UnitOfWork, item: OutboxItem, config: NudgeConfig, base: NudgeCalendar, now: datetime
) -> tuple[OutboxStatus | None, Message | None]:
    """What to send for a claimed item now, or why nothing is: (None, message) to send it,
    (OBSOLETE, None) when the awaited action happened, (SKIPPED, None) when the project was
    paused, the nudge turned off or the conversation unbound."""
    occurrence = item.occurrence
    snap = await load_snapshot(work, occurrence.project_id)
    if snap is None:
        return OutboxStatus.OBSOLETE, None
    if (
        snap.settings.is_paused(now)
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
    cal = calendar_for(snap.project, snap.settings, base)
    message = compose(occurrence, snap, config, cal, now, missed=missed)
    return (None, message) if message else (OutboxStatus.OBSOLETE, None)
