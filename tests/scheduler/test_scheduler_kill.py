"""A real instance killed with SIGKILL in the middle of a batch: after its leases expire another
instance delivers the rest; nothing is lost and only sends that were in flight can repeat."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scheduler_helpers import CountingMessenger, make_engine, make_studio

from bot.model import Conversation, Platform
from bot.nudges.model import NudgeKind, Occurrence, OutboxStatus
from scheduler.settings import EngineSettings
from tests.fakes import FakeClock

NOW = datetime(2026, 11, 30, 8, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
TITLE = "Acme rebrand: weekly progress"


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", id="postgresql")],
                         indirect=True)  # fmt: skip
async def test_a_killed_instance_loses_nothing_and_repeats_at_most_its_sends_in_flight(
    database_url, uow_factory, tmp_path
):
    clock = FakeClock(NOW - timedelta(days=3))
    studio = await make_studio(uow_factory, clock)
    project_id = await studio.project_id()
    channels = [Conversation(platform=Platform.CONSOLE, tenant="local", channel=f"c{n:02}")
                for n in range(40)]  # fmt: skip
    occurrences = [
        Occurrence(kind=NudgeKind.DIGEST, project_id=project_id, target=channel, due_at=NOW,
                   subject={"week": f"w{n}"})
        for channel in channels
        for n in range(10)
    ]  # fmt: skip
    async with uow_factory() as uow:
        for channel in channels:
            await uow.projects.bind(project_id, channel)
        await uow.nudges.add(occurrences, status=OutboxStatus.PENDING, at=NOW, not_before=NOW)
        await uow.commit()

    # The instance prints each console post; reading only part of its output leaves it stuck
    # on a full pipe in the middle of its batch, where it is killed.
    errors = (tmp_path / "stderr.txt").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "nudges", "run-due", "--now", NOW.isoformat(),
        cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=errors,
        env={**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    seen = 0
    async with asyncio.timeout(60):
        while seen < 30:
            line = await process.stdout.readline()
            said = (tmp_path / "stderr.txt").read_text(errors="replace")[-2000:] if not line else ""
            assert line, f"the instance ended before it was killed:\n{said}"
            seen += TITLE in line.decode()
    process.send_signal(signal.SIGKILL)
    rest = await process.stdout.read()  # what it wrote before dying, still in the pipe
    await process.wait()
    errors.close()
    killed_posts = seen + rest.decode().count(TITLE)

    survivor = CountingMessenger()
    clock.current = NOW + EngineSettings().lease + timedelta(seconds=1)
    await make_engine(uow_factory, clock, survivor).deliver_due()

    keys = {o.key for o in occurrences}
    async with uow_factory() as uow:
        items = await uow.nudges.items(project_id)
    # The pass also planned this week's real digest for each channel: 41 more to deliver.
    total = len(items)
    assert keys <= {i.key for i in items} and total == 400 + len(channels) + 1
    assert all(i.status is OutboxStatus.SENT for i in items)  # nothing lost
    in_flight_bound = EngineSettings().concurrency  # conversations one instance serves at once
    delivered = killed_posts + len(survivor.posts)
    assert total <= delivered <= total + in_flight_bound
    assert 0 < killed_posts < total, (killed_posts, len(survivor.posts))
