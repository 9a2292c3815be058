"""Scale: `status` and `export` as projects grow from 10 to 100 to 1,000 (each with 1,000
feedback and 100 issues), on SQLite and PostgreSQL.

Reference: the floor of one unit of work that makes a single primary-key read (what any command
pays for a transaction and a round trip), measured in the same run on the same database.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable

from benchmarks.report import Row, percentile
from benchmarks.scale_seed import pm_id, project_key, seed_projects
from bot.commands import ShowStatus
from bot.invocation import Invocation
from bot.model import Identity, Platform
from bot.policy import Policy
from bot.queries import export_project
from bot.service import Services, handle
from storage.database import make_engine
from storage.migrate import upgrade
from storage.uow import sql_uow_factory

SIZES = (10, 100, 1000)
SAMPLES = 300  # status calls per size
EXPORTS = 20


class _Clock:
    def now(self):
        from datetime import UTC, datetime

        return datetime.now(UTC)


async def _timed(call: Callable[[], Awaitable[object]], count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return times


async def run(database: str, url: str, *, feedback: int = 1000, issues: int = 100) -> list[Row]:
    engine = make_engine(url)
    await upgrade(engine)
    uow = sql_uow_factory(engine)
    services = Services(uow=uow, clock=_Clock(), policy=Policy())
    rows: list[Row] = []
    seeded = 0
    try:
        for size in SIZES:
            await seed_projects(engine, seeded, size, feedback=feedback, issues=issues)
            seeded = size
            picks = [random.randrange(size) for _ in range(SAMPLES)]

            async def floor(picks=picks) -> None:
                async with uow() as work:
                    await work.projects.get_by_key(project_key(picks.pop()))

            async def status(picks=picks) -> None:
                n = picks.pop()
                identity = Identity(platform=Platform.SLACK, tenant="T1", user_id=pm_id(n))
                invocation = Invocation(identity=identity, project_key=project_key(n))
                result = await handle(ShowStatus(), invocation, services)
                assert result.ok, result.replies

            async def export(picks=picks) -> None:
                record = await export_project(project_key(picks.pop()), services)
                assert len(record["feedback"]) == feedback

            floor_ms = await _timed(floor, SAMPLES // 2)
            picks[:] = [random.randrange(size) for _ in range(SAMPLES)]
            status_ms = await _timed(status, SAMPLES)
            picks[:] = [random.randrange(size) for _ in range(EXPORTS)]
            export_ms = await _timed(export, EXPORTS)
            reference = percentile(floor_ms, 95)
            for what, times in (("status", status_ms), ("export", export_ms)):
                p50, p95 = percentile(times, 50), percentile(times, 95)
                rows.append(
                    Row(
                        benchmark=f"scale {what}",
                        setting=f"{database}, {size} projects",
                        ours=f"p95 {p95:.1f} ms (p50 {p50:.1f})",
                        reference=f"one-read unit of work p95 {reference:.2f} ms",
                        ratio=p95 / reference,
                    )
                )
    finally:
        await engine.dispose()
    return rows
