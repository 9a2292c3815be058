"""How late `signoff run`'s event loop ran under a chat load, read from its opt-in lag probe
(SIGNOFF_LOOP_LAG_PROBE=1, adapters/lagprobe.py) once the load is over: a figure, not a test."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from benchmarks.report import Row

ENV = {"SIGNOFF_LOOP_LAG_PROBE": "1"}
STALL_SECONDS = 0.1  # a tick later than this through the loop's own work is a stall
GOAL_STALLS = 0


@dataclass(frozen=True, kw_only=True)
class LoopLag:
    ticks: int
    stalls: int  # ticks whose wait held more than STALL_SECONDS of the loop thread's own work
    worst_lag: float
    worst_busy: float


async def scrape(port: int) -> LoopLag:
    """The probe's figures so far, from GET /metrics."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{port}/metrics") as answer:
            text = await answer.text()
    samples = {
        (s.name, s.labels.get("le", "")): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    ticks = samples.get(("signoff_loop_busy_seconds_count", ""), 0.0)
    within = samples.get(("signoff_loop_busy_seconds_bucket", str(STALL_SECONDS)), ticks)
    return LoopLag(
        ticks=int(ticks),
        stalls=int(ticks - within),
        worst_lag=samples.get(("signoff_loop_lag_max_seconds", ""), 0.0),
        worst_busy=samples.get(("signoff_loop_busy_max_seconds", ""), 0.0),
    )


def row(kind: str, database: str, lag: LoopLag) -> Row:
    met = lag.stalls <= GOAL_STALLS
    return Row(
        benchmark=f"{kind} event loop",
        setting=f"{database}, every level and its warm-up",
        ours=f"worst tick {lag.worst_lag * 1000:.0f} ms late ({lag.worst_busy * 1000:.0f} ms of "
        f"its own work); {lag.stalls} of {lag.ticks} ticks stalled over "
        f"{STALL_SECONDS * 1000:.0f} ms",
        reference=f"a {STALL_SECONDS * 1000:.0f} ms stall",
        ratio=lag.worst_busy / STALL_SECONDS,
        note="lower is better; goal no stall: " + ("met" if met else "NOT MET"),
    )
