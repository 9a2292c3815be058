"""APScheduler inside `signoff run`: it ticks the engine (the first pass at once, catching up),
never overlaps two passes, and stops letting a pass finish."""

from __future__ import annotations

import asyncio

from scheduler_helpers import FakeSlack, make_engine, make_studio
from test_scheduler_time_travel import DIGEST, at

from scheduler.service import DELIVER_JOB, PLAN_JOB, SchedulerService
from tests.fakes import FakeClock


async def until(condition, *, seconds: float) -> None:
    """Poll `condition` until it holds or the deadline passes (real concurrency, no fixed sleep)."""
    async with asyncio.timeout(seconds):
        while not condition():  # noqa: ASYNC110 - the scheduler runs the pass on its own
            await asyncio.sleep(0.01)


async def test_the_scheduler_catches_up_at_start_and_stops_cleanly(uow_factory):
    clock = FakeClock(at("Europe/Berlin", 2026, 11, 27, 12))
    await make_studio(uow_factory, clock)
    clock.current = at("Europe/Berlin", 2026, 11, 30, 11)  # started after the 09:30 digest
    slack = FakeSlack(clock=clock)
    service = SchedulerService(engine=make_engine(uow_factory, clock, slack, tick_seconds=3600))

    service.start()
    for job_id in (PLAN_JOB, DELIVER_JOB):
        job = service._scheduler.get_job(job_id)
        assert (job.coalesce, job.max_instances) == (True, 1)
    await until(lambda: bool(slack.posts), seconds=10)
    await service.stop()

    assert len(slack.when(DIGEST)) == 1
    assert not service._scheduler.running
