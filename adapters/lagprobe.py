"""An opt-in event-loop lag probe: how late a short timer fires, and how much of that the loop
thread spent working (a stall of ours) rather than waiting for a free core (a busy machine)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from typing import Any

from aiohttp import web

from adapters.composition import Runtime
from adapters.metrics import Metrics

logger = logging.getLogger(__name__)

INTERVAL = 0.02  # seconds between ticks; a tick later than this by X means a stall of about X
STALL = 0.1
PROBE = web.AppKey("loop_lag_probe", asyncio.Task)


class _GcClock:
    """Seconds spent in the garbage collector so far (a stall's usual suspect)."""

    def __init__(self) -> None:
        self.total, self._started = 0.0, 0.0

    def __call__(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._started


async def measure(metrics: Metrics, interval: float = INTERVAL) -> None:
    """Tick forever, recording each tick's lateness, the loop thread's CPU time over it, and
    the largest of each."""
    worst, busiest, clock = 0.0, 0.0, _GcClock()
    gc.callbacks.append(clock)
    try:
        while True:
            started, cpu, in_gc = time.perf_counter(), time.thread_time(), clock.total
            await asyncio.sleep(interval)
            lag = max(0.0, time.perf_counter() - started - interval)
            busy = time.thread_time() - cpu  # the loop thread's own work: no other thread's
            metrics.loop_lag_seconds.observe(lag)
            metrics.loop_busy_seconds.observe(busy)
            worst, busiest = max(worst, lag), max(busiest, busy)
            metrics.loop_lag_max_seconds.set(worst)
            metrics.loop_busy_max_seconds.set(busiest)
            if lag > STALL:
                logger.warning(
                    "the event loop ran %.0f ms late (%.0f ms of its own work, %.0f ms "
                    "collecting garbage)",
                    lag * 1000,
                    busy * 1000,
                    (clock.total - in_gc) * 1000,
                )
    finally:
        gc.callbacks.remove(clock)


def install(app: web.Application, runtime: Runtime) -> None:
    """Run the probe while the server runs (a route installer for adapters.server)."""

    async def start(app: web.Application) -> None:
        app[PROBE] = asyncio.create_task(measure(runtime.metrics))

    async def stop(app: web.Application) -> None:
        app[PROBE].cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await app[PROBE]

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
