"""Rows of the nudge tables as the core's records (bot.nudges.model)."""

from __future__ import annotations

from datetime import date, time

from bot.model import Conversation, Platform
from bot.nudges.model import DeliveryRecord, NudgeKind, Occurrence, OutboxItem, ProjectNudges
from storage.tables_nudges import NudgeDeliveryRow, NudgeOutboxRow, NudgeSettingsRow


def settings_of(row: NudgeSettingsRow) -> ProjectNudges:
    return ProjectNudges(
        project_id=row.project_id,
        paused=row.paused,
        paused_until=row.paused_until,
        disabled=frozenset(NudgeKind(k) for k in row.disabled),
        country=row.country,
        holidays=frozenset(date.fromisoformat(d) for d in row.holidays),
        retimed=tuple(
            (NudgeKind(kind), time.fromisoformat(at), weekday) for kind, at, weekday in row.times
        ),
        escalate_to=_conversation(row.escalate_to) if row.escalate_to else None,
    )


def record_of(row: NudgeDeliveryRow) -> DeliveryRecord:
    return DeliveryRecord(
        key=row.key,
        kind=row.kind,
        target=Conversation(platform=row.platform, tenant=row.tenant, channel=row.channel),
        at=row.at,
        outcome=row.outcome,
        message_id=row.message_id,
        detail=row.detail,
        instance=row.instance,
    )


def item_of(row: NudgeOutboxRow, *, reclaimed_from: str = "") -> OutboxItem:
    occurrence = Occurrence(
        kind=row.kind,
        project_id=row.project_id,
        target=Conversation(platform=row.platform, tenant=row.tenant, channel=row.channel),
        due_at=row.due_at,
        subject=dict(row.subject),
    )
    return OutboxItem(
        id=row.id,
        occurrence=occurrence,
        status=row.status,
        not_before=row.not_before,
        attempts=row.attempts,
        lease_owner=row.lease_owner,
        lease_until=row.lease_until,
        message_id=row.message_id,
        detail=row.detail,
        finished_at=row.finished_at,
        reclaimed_from=reclaimed_from,
    )


def _conversation(stored: dict[str, str]) -> Conversation:
    return Conversation(
        platform=Platform(stored["platform"]), tenant=stored["tenant"], channel=stored["channel"]
    )
