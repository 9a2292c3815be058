"""The history kept on a feedback or issue: each step as a `Change`, and as plain data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.labels import name_of
from bot.model import Change, Person


def identity_of(person: Person) -> str:
    """A person's stable platform identity, e.g. "slack:T0456:W111"."""
    who = person.identity
    return f"{who.platform.value}:{who.tenant}:{who.user_id}"


def change(
    action: str,
    *,
    at: datetime,
    by: Person,
    note: str = "",
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
) -> Change:
    """One step done by `by` at `at`; `before` holds what it replaced or cleared."""
    return Change(
        action=action,
        at=at,
        by=name_of(by),
        by_id=identity_of(by),
        note=note,
        before={k: v for k, v in (before or {}).items() if v},
        after={k: v for k, v in (after or {}).items() if v},
    )


def when(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def to_data(step: Change) -> dict[str, Any]:
    """JSON-ready: the storage column's form, and the export's (a missing value is null)."""
    return {
        "action": step.action,
        "at": step.at.astimezone(UTC).isoformat(),
        "by": step.by or None,
        "by_id": step.by_id or None,
        "note": step.note or None,
        "before": dict(step.before) or None,
        "after": dict(step.after) or None,
    }


def from_data(data: dict[str, Any]) -> Change:
    return Change(
        action=str(data["action"]),
        at=datetime.fromisoformat(data["at"]),
        by=data.get("by") or "",
        by_id=data.get("by_id") or "",
        note=data.get("note") or "",
        before=dict(data.get("before") or {}),
        after=dict(data.get("after") or {}),
    )
