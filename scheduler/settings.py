"""How the engine delivers: leases, batches, retries, pacing (app.yaml's scheduler block)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.model import Platform
from scheduler.pacing import DEFAULT_INTERVALS, DEFAULT_WORKSPACE_RATES


@dataclass(frozen=True, kw_only=True)
class EngineSettings:
    """`lease` must outlast a batch's sends (an instance holds at most `batch` items, paced per
    conversation and per workspace); an instance that dies leaves its items to others once it
    expires."""

    tick_seconds: float = 60.0  # how often due items are claimed and delivered
    # How often occurrences are planned (one instance per slot), each pass planning this far
    # ahead twice over, so one failed pass delays nothing.
    plan_seconds: float = 300.0
    lease: timedelta = timedelta(minutes=5)
    batch: int = 100
    concurrency: int = 32  # conversations served at once by one instance
    max_attempts: int = 6
    backoff: timedelta = timedelta(seconds=5)
    backoff_cap: timedelta = timedelta(minutes=10)
    intervals: dict[Platform, float] = field(default_factory=lambda: dict(DEFAULT_INTERVALS))
    workspace_rates: dict[Platform, float] = field(
        default_factory=lambda: dict(DEFAULT_WORKSPACE_RATES)
    )
