"""A record's history as stored: instants in UTC whatever the machine's zone, missing values
null, and a step stored before people had stable ids read back without one."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.history import from_data, to_data
from bot.model import Change

BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def machine_in_shanghai(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_step_is_stored_in_utc_whatever_the_machines_zone(machine_in_shanghai) -> None:
    step = Change(action="resolved", at=datetime(2026, 11, 27, 18, 30, tzinfo=BEIJING),
                  by="Dan", by_id="slack:T1:U2", note="fixed")  # fmt: skip

    data = to_data(step)

    assert data == {"action": "resolved", "at": "2026-11-27T10:30:00+00:00", "by": "Dan",
                    "by_id": "slack:T1:U2", "note": "fixed", "before": None,
                    "after": None}  # fmt: skip
    assert from_data(data) == Change(
        action="resolved", at=datetime(2026, 11, 27, 10, 30, tzinfo=UTC), by="Dan",
        by_id="slack:T1:U2", note="fixed",
    )  # fmt: skip


def test_a_step_stored_without_names_or_note_reads_back_empty() -> None:
    step = from_data({"action": "edited", "at": "2026-11-27T10:30:00+00:00",
                      "before": {"text": "old"}, "after": {"text": "new"}})  # fmt: skip

    assert (step.by, step.by_id, step.note) == ("", "", "")
    assert (step.before, step.after) == ({"text": "old"}, {"text": "new"})
