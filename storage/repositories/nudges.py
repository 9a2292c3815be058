"""bot.nudges.ports.NudgeRepository on SQLAlchemy: settings, leased outbox claims, the log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.model import Conversation, ProjectStatus
from bot.nudges.model import (
    DeliveryRecord,
    Occurrence,
    OutboxItem,
    OutboxStatus,
    ProjectNudges,
)
from storage.errors import guarded
from storage.repositories.leases import claim_leased
from storage.repositories.nudge_rows import item_of, record_of, settings_of
from storage.repositories.sql import fresh, insert_ignoring_duplicates, rows_changed
from storage.tables import ProjectRow
from storage.tables_nudges import NudgeDeliveryRow, NudgeOutboxRow, NudgeSettingsRow, NudgeTurnRow

_NO_CHANGE = {"synchronize_session": False}


class SqlNudgeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def settings(self, project_id: int) -> ProjectNudges:
        row = await self._session.get(NudgeSettingsRow, project_id, populate_existing=True)
        return ProjectNudges(project_id=project_id) if row is None else settings_of(row)

    @guarded
    async def save_settings(self, settings: ProjectNudges) -> None:
        values: dict[str, Any] = {
            "paused": settings.paused,
            "paused_until": settings.paused_until,
            "disabled": sorted(k.value for k in settings.disabled),
            "country": settings.country,
            "holidays": sorted(d.isoformat() for d in settings.holidays),
            "times": [[k.value, at.strftime("%H:%M"), day] for k, at, day in settings.retimed],
            "escalate_to": _conversation_json(settings.escalate_to),
            "updated_at": datetime.now(UTC),
        }
        where = NudgeSettingsRow.project_id == settings.project_id
        changed = await self._session.execute(
            update(NudgeSettingsRow).where(where).values(**values).execution_options(**_NO_CHANGE)
        )
        if not rows_changed(changed):
            insert = insert_ignoring_duplicates(self._session, NudgeSettingsRow, "project_id")
            await self._session.execute(insert.values(project_id=settings.project_id, **values))

    @guarded
    async def active_projects(self) -> Sequence[int]:
        ids = await self._session.scalars(
            select(ProjectRow.id)
            .where(ProjectRow.status != ProjectStatus.CLOSED)
            .order_by(ProjectRow.id)
        )
        return list(ids)

    @guarded
    async def add(
        self,
        occurrences: Sequence[Occurrence],
        *,
        status: OutboxStatus,
        at: datetime,
        not_before: datetime,
    ) -> list[Occurrence]:
        if not occurrences:
            return []
        by_key = {o.key: o for o in occurrences}
        rows = [
            {
                "key": key,
                "series": o.series,
                "kind": o.kind,
                "project_id": o.project_id,
                "platform": o.target.platform,
                "tenant": o.target.tenant,
                "channel": o.target.channel,
                "subject": o.subject,
                "due_at": o.due_at,
                "status": status,
                "not_before": max(not_before, o.due_at),
                "attempts": 0,
                "lease_owner": "",
                "message_id": "",
                "detail": "",
                "created_at": at,
                "finished_at": at if status is not OutboxStatus.PENDING else None,
            }
            for key, o in by_key.items()
        ]
        insert = insert_ignoring_duplicates(self._session, NudgeOutboxRow, "key")
        # Another instance inserting the same keys at once waits on the unique index, then
        # inserts nothing: each occurrence has one row, whoever computed it first.
        inserted = await self._session.scalars(insert.values(rows).returning(NudgeOutboxRow.key))
        return [by_key[key] for key in inserted]

    @guarded
    async def claim(
        self, *, owner: str, now: datetime, lease: timedelta, limit: int
    ) -> Sequence[OutboxItem]:
        claimed = await claim_leased(
            self._session,
            NudgeOutboxRow,
            ready=(NudgeOutboxRow.status == OutboxStatus.PENDING, NudgeOutboxRow.not_before <= now),
            order=(NudgeOutboxRow.not_before, NudgeOutboxRow.id),
            owner=owner,
            now=now,
            lease=lease,
            limit=limit,
        )
        items = [item_of(row, reclaimed_from=previous) for row, previous in claimed]
        return sorted(items, key=lambda i: (i.not_before, i.id))

    @guarded
    async def sent_in_series(self, series: str, *, other_than: int) -> bool:
        sent = select(NudgeOutboxRow.id).where(
            NudgeOutboxRow.series == series,
            NudgeOutboxRow.status == OutboxStatus.SENT,
            NudgeOutboxRow.id != other_than,
        )
        return (await self._session.scalar(sent.limit(1))) is not None

    @guarded
    async def senders(self, now: datetime) -> int:
        leased = select(func.count(distinct(NudgeOutboxRow.lease_owner))).where(
            NudgeOutboxRow.status == OutboxStatus.PENDING, NudgeOutboxRow.lease_until > now
        )
        return int(await self._session.scalar(leased) or 0)

    @guarded
    async def finish(
        self,
        item_id: int,
        *,
        owner: str,
        status: OutboxStatus,
        at: datetime,
        message_id: str = "",
        detail: str = "",
    ) -> bool:
        changed = await self._session.execute(
            update(NudgeOutboxRow)
            .where(*_leased(item_id, owner))
            .values(
                status=status,
                finished_at=at,
                message_id=message_id,
                detail=detail,
                lease_until=None,
            )
            .execution_options(**_NO_CHANGE)
        )
        return bool(rows_changed(changed))

    @guarded
    async def postpone(
        self, item_id: int, *, owner: str, until: datetime, detail: str, tried: bool = True
    ) -> bool:
        attempts = NudgeOutboxRow.attempts - (0 if tried else 1)
        changed = await self._session.execute(
            update(NudgeOutboxRow)
            .where(*_leased(item_id, owner))
            .values(
                not_before=until, lease_owner="", lease_until=None, detail=detail, attempts=attempts
            )
            .execution_options(**_NO_CHANGE)
        )
        return bool(rows_changed(changed))

    @guarded
    async def take_turn(self, slot: str, *, owner: str, at: datetime) -> bool:
        insert = insert_ignoring_duplicates(self._session, NudgeTurnRow, "slot")
        taken = await self._session.scalar(
            insert.values(slot=slot, owner=owner, taken_at=at).returning(NudgeTurnRow.slot)
        )
        # Turns older than a week only answer questions nobody asks any more.
        await self._session.execute(
            delete(NudgeTurnRow)
            .where(NudgeTurnRow.taken_at < at - timedelta(days=7))
            .execution_options(**_NO_CHANGE)
        )
        return taken is not None

    @guarded
    async def record(self, record: DeliveryRecord) -> None:
        self._session.add(
            NudgeDeliveryRow(
                key=record.key,
                kind=record.kind,
                platform=record.target.platform,
                tenant=record.target.tenant,
                channel=record.target.channel,
                at=record.at,
                outcome=record.outcome,
                message_id=record.message_id,
                detail=record.detail,
                instance=record.instance,
            )
        )
        await self._session.flush()

    @guarded
    async def log(self, key: str) -> Sequence[DeliveryRecord]:
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = await self._session.scalars(
            select(NudgeDeliveryRow)
            .where(NudgeDeliveryRow.key.like(escaped + "%", escape="\\"))
            .order_by(NudgeDeliveryRow.at, NudgeDeliveryRow.id)
        )
        return [record_of(row) for row in rows]

    @guarded
    async def count_missed(self, project_id: int, *, since: datetime, before: datetime) -> int:
        count = await self._session.scalar(
            select(func.count())
            .select_from(NudgeOutboxRow)
            .where(
                NudgeOutboxRow.project_id == project_id,
                NudgeOutboxRow.status == OutboxStatus.MISSED,
                NudgeOutboxRow.due_at >= since,
                NudgeOutboxRow.due_at < before,
            )
        )
        return int(count or 0)

    @guarded
    async def items(
        self, project_id: int, *, since: datetime | None = None
    ) -> Sequence[OutboxItem]:
        query = select(NudgeOutboxRow).where(NudgeOutboxRow.project_id == project_id)
        if since is not None:
            query = query.where(NudgeOutboxRow.due_at > since)
        rows = await self._session.scalars(
            fresh(query.order_by(NudgeOutboxRow.due_at, NudgeOutboxRow.id))
        )
        return [item_of(row) for row in rows]


def _leased(item_id: int, owner: str) -> tuple[Any, ...]:
    return (
        NudgeOutboxRow.id == item_id,
        NudgeOutboxRow.lease_owner == owner,
        NudgeOutboxRow.status == OutboxStatus.PENDING,
    )


def _conversation_json(conversation: Conversation | None) -> dict[str, str] | None:
    if conversation is None:
        return None
    return {"platform": conversation.platform.value, "tenant": conversation.tenant,
            "channel": conversation.channel}  # fmt: skip
