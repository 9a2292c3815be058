"""Moments read back are the same instants in UTC whatever zone the machine runs in: SQLite
hands back naive datetimes and PostgreSQL aware ones, and neither may be read on the server's
own clock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC

import pytest
from storage_helpers import T0, Studio, UowFactory, new_feedback


@pytest.fixture
def in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_a_moment_reads_back_in_utc_on_a_machine_in_another_zone(
    in_tokyo: None, uow_factory: UowFactory, studio: Studio
) -> None:
    async with uow_factory() as uow:
        added = await uow.feedback.add(
            replace(new_feedback(studio.project.id, studio.client), created_at=T0)
        )
        await uow.commit()
    async with uow_factory() as uow:
        [read] = await uow.feedback.list(studio.project.id)
    assert added.created_at == read.created_at == T0
    assert added.created_at.tzinfo == read.created_at.tzinfo == UTC
    assert read.created_at.hour == T0.astimezone(UTC).hour
