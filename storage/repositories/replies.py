"""bot.outbox.ReplyOutbox on SQLAlchemy: replies committed with their command, leased out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Reply
from bot.outbox import Backlog, QueuedReply, ReplyRoute, ReplyStatus
from bot.reply_codec import decode_reply, encode_reply
from storage.errors import guarded
from storage.repositories.leases import claim_leased
from storage.repositories.sql import rows_changed
from storage.tables_replies import ReplyOutboxRow

_NO_CHANGE = {"synchronize_session": False}


class SqlReplyOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @guarded
    async def add(
        self, route: ReplyRoute, replies: Sequence[Reply], *, at: datetime
    ) -> list[QueuedReply]:
        if not replies:
            return []
        values = [
            {
                "platform": route.platform,
                "lane": route.lane,
                "address": dict(route.address),
                "reply": encode_reply(reply),
                "status": ReplyStatus.PENDING,
                "not_before": at,
                "attempts": 1,  # the holder's own delivery right after the answer
                "lease_owner": route.holder,
                "lease_until": at + route.lease,
                "detail": "",
                "created_at": at,
            }
            for reply in replies
        ]
        # One statement for all of a turn's replies. A multi-row VALUES takes its ids from the
        # sequence (PostgreSQL) or the rowid (SQLite) row after row, in the order given, which
        # is the order they are delivered in; RETURNING's own order is not promised, so sort.
        insert_all = insert(ReplyOutboxRow).values(values).returning(ReplyOutboxRow.id)
        ids = sorted((await self._session.execute(insert_all)).scalars())
        return [
            QueuedReply(
                id=new_id,
                platform=route.platform,
                lane=route.lane,
                address=dict(route.address),
                reply=reply,
                created_at=at,
                attempts=1,
            )
            for new_id, reply in zip(ids, replies, strict=True)
        ]

    @guarded
    async def claim(
        self, *, owner: str, now: datetime, lease: timedelta, limit: int
    ) -> Sequence[QueuedReply]:
        claimed = await claim_leased(
            self._session,
            ReplyOutboxRow,
            ready=(ReplyOutboxRow.status == ReplyStatus.PENDING, ReplyOutboxRow.not_before <= now),
            order=(ReplyOutboxRow.id,),
            owner=owner,
            now=now,
            lease=lease,
            limit=limit,
        )
        queued = [_queued(row, reclaimed_from=previous) for row, previous in claimed]
        return sorted(queued, key=lambda q: q.id)

    @guarded
    async def delivered(self, ids: Sequence[int], *, owner: str) -> int:
        if not ids:
            return 0
        gone = await self._session.execute(
            delete(ReplyOutboxRow)
            .where(ReplyOutboxRow.id.in_(ids), ReplyOutboxRow.lease_owner == owner)
            .execution_options(**_NO_CHANGE)
        )
        return rows_changed(gone)

    @guarded
    async def postpone(self, reply_id: int, *, owner: str, until: datetime, detail: str) -> None:
        await self._session.execute(
            update(ReplyOutboxRow)
            .where(ReplyOutboxRow.id == reply_id, ReplyOutboxRow.lease_owner == owner)
            .values(not_before=until, lease_owner="", lease_until=None, detail=detail)
            .execution_options(**_NO_CHANGE)
        )

    @guarded
    async def give_up(self, reply_id: int, *, owner: str, at: datetime, detail: str) -> None:
        await self._session.execute(
            update(ReplyOutboxRow)
            .where(ReplyOutboxRow.id == reply_id, ReplyOutboxRow.lease_owner == owner)
            .values(status=ReplyStatus.FAILED, lease_until=None, detail=detail, not_before=at)
            .execution_options(**_NO_CHANGE)
        )

    @guarded
    async def renew(self, reply_id: int, *, owner: str, until: datetime) -> bool:
        renewed = await self._session.execute(
            update(ReplyOutboxRow)
            .where(
                ReplyOutboxRow.id == reply_id,
                ReplyOutboxRow.lease_owner == owner,
                ReplyOutboxRow.status == ReplyStatus.PENDING,
            )
            .values(lease_until=until)
            .execution_options(**_NO_CHANGE)
        )
        return bool(rows_changed(renewed))

    @guarded
    async def release(self, *, owner: str) -> int:
        released = await self._session.execute(
            update(ReplyOutboxRow)
            .where(
                ReplyOutboxRow.lease_owner == owner,
                ReplyOutboxRow.status == ReplyStatus.PENDING,
            )
            .values(lease_owner="", lease_until=None)
            .execution_options(**_NO_CHANGE)
        )
        return rows_changed(released)

    @guarded
    async def backlog(self, now: datetime) -> Backlog:
        count, oldest = (
            await self._session.execute(
                select(func.count(), func.min(ReplyOutboxRow.created_at)).where(
                    ReplyOutboxRow.status == ReplyStatus.PENDING
                )
            )
        ).one()
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=now.tzinfo)  # SQLite's aggregate loses the zone
        age = (now - oldest).total_seconds() if oldest is not None else 0.0
        return Backlog(pending=int(count or 0), oldest_seconds=max(age, 0.0))


def _queued(row: ReplyOutboxRow, *, reclaimed_from: str = "") -> QueuedReply:
    return QueuedReply(
        id=row.id,
        platform=row.platform,
        lane=row.lane,
        address=dict(row.address),
        reply=decode_reply(row.reply),
        created_at=row.created_at,
        attempts=row.attempts,
        reclaimed_from=reclaimed_from,
    )
