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


class GatedMessenger:
    """A post that takes as long as the test says: it is in flight until `gate` opens."""

    def __init__(self) -> None:
        self.gate, self.entered = asyncio.Event(), asyncio.Event()
        self.finished: list[str] = []

    async def send(self, conversation, message) -> str:
        self.entered.set()
        await self.gate.wait()
        self.finished.append(message.text)
        return "1700000000.000001"

    async def update(self, conversation, message_id, message) -> None:
        raise NotImplementedError


async def test_stopping_lets_a_post_in_flight_finish_instead_of_cutting_it(uow_factory):
    clock = FakeClock(at("Europe/Berlin", 2026, 11, 27, 12))
    await make_studio(uow_factory, clock)
    clock.current = at("Europe/Berlin", 2026, 11, 30, 11)
    slack = GatedMessenger()
    service = SchedulerService(engine=make_engine(uow_factory, clock, slack, tick_seconds=3600))
    service.start()
    await asyncio.wait_for(slack.entered.wait(), 10)

    stopping = asyncio.create_task(service.stop())
    await until(lambda: not service._scheduler.running, seconds=10)
    slack.gate.set()
    await asyncio.wait_for(stopping, 10)

    assert [text for text in slack.finished if text.startswith(DIGEST)]
