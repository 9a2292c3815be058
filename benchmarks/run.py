"""Run the benchmarks: `python -m benchmarks.run [--only NAME] [--quick]`.

PostgreSQL figures need a server: --postgres URL (default $SIGNOFF_BENCH_POSTGRES_URL, else the
local postgresql://postgres@127.0.0.1:5432/test); a scratch database is created and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from benchmarks import chat_load, memory, nudges, scale
from benchmarks.fake_platforms import FakePlatforms
from benchmarks.nudge_setup import LimitedSlack
from benchmarks.report import Row, machine, read_results, stamp, table, write_results

LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
RESULTS = Path(__file__).parent / "RESULTS.md"
PREAMBLE = (
    "Written by `python -m benchmarks.run`. Each row puts Signoff's figure beside a reference "
    "measured in the same run on the same machine; ratio = Signoff / reference."
)


@asynccontextmanager
async def scratch_postgres(server_url: str) -> AsyncIterator[str]:
    name = f"signoff_bench_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        connection = await asyncpg.connect(server_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


async def run_scale(postgres: str, *, quick: bool) -> list[Row]:
    sizes = dict(feedback=100, issues=10) if quick else {}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        rows += await scale.run("SQLite", f"sqlite:///{folder}/bench.db", **sizes)
    async with scratch_postgres(postgres) as url:
        rows += await scale.run("PostgreSQL", url, **sizes)
    return rows


async def run_chat(kind: str, postgres: str, *, quick: bool) -> list[Row]:
    count = 100 if quick else 2000
    with tempfile.TemporaryDirectory() as folder:
        async with FakePlatforms() as fake, scratch_postgres(postgres) as url:
            databases = {"SQLite": f"sqlite:///{folder}/{kind}.db", "PostgreSQL": url}
            return await chat_load.run(kind, fake, databases, count=count, folder=Path(folder))


async def run_slack(postgres: str, *, quick: bool) -> list[Row]:
    return await run_chat("slack", postgres, quick=quick)


async def run_teams(postgres: str, *, quick: bool) -> list[Row]:
    return await run_chat("teams", postgres, quick=quick)


async def run_memory(postgres: str, *, quick: bool) -> list[Row]:
    # 3 x 5,000 paced requests, not the issue's 3 x 50,000: that would take hours here.
    with tempfile.TemporaryDirectory() as folder:
        async with FakePlatforms() as fake:
            url = f"sqlite:///{folder}/memory.db"
            block = 300 if quick else 5000
            return await memory.run(url, fake, block=block, folder=Path(folder))


async def run_nudges(postgres: str, *, quick: bool) -> list[Row]:
    # The issue's 10,000 channels: at least 200 s per database at 50/s, ~15 minutes in all.
    count = 100 if quick else 10_000
    rows = []
    async with LimitedSlack(rate=nudges.RATE) as fake:
        with tempfile.TemporaryDirectory() as folder:
            rows += await nudges.run("SQLite", f"sqlite:///{folder}/nudges.db", fake, count=count)
        async with scratch_postgres(postgres) as url:
            rows += await nudges.run("PostgreSQL", url, fake, count=count)
    return rows


BENCHMARKS = {
    "slack": run_slack,
    "teams": run_teams,
    "memory": run_memory,
    "scale": run_scale,
    "nudges": run_nudges,
}


async def main_async(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    for name, benchmark in BENCHMARKS.items():
        if args.only in (None, name):
            rows += await benchmark(args.postgres, quick=args.quick)
            print(table(rows), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--only", choices=sorted(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="small data, for a smoke run")
    parser.add_argument(
        "--postgres", default=os.environ.get("SIGNOFF_BENCH_POSTGRES_URL", LOCAL_POSTGRES)
    )
    args = parser.parse_args()
    rows = asyncio.run(main_async(args))
    if args.quick:
        return
    measured = None
    if args.only:
        rows, measured = keep_others(rows, args.only)
    write_results(rows, RESULTS, preamble=PREAMBLE, epilogue=epilogue(rows), measured=measured)


def keep_others(rows: list[Row], only: str) -> tuple[list[Row], list[str]]:
    """After `--only NAME`: its rows in place of NAME's rows in RESULTS.md, the other rows and
    the lines dating them kept as they were, and a line dating NAME's."""
    measured, before = read_results(RESULTS)

    def replaced(row: Row) -> bool:
        return only.startswith(row.benchmark.split()[0])  # "nudges" runs the "nudge …" rows

    others = [r for r in before if not replaced(r)]
    first = next((n for n, r in enumerate(before) if replaced(r)), len(before))
    at = sum(1 for r in before[:first] if not replaced(r))
    tag = f": the {only} rows."
    dated = [m for m in measured if not m.endswith(tag)]
    return others[:at] + rows + others[at:], [*dated, f"Measured {stamp()} on {machine()}{tag}"]


def epilogue(rows: list[Row]) -> str:
    """Notes on the run, then each benchmark whose goal was missed with what profiling found."""
    from benchmarks.findings import NOTES, REASONS  # read at the end: edited during long runs

    missed = sorted({r.benchmark for r in rows if "NOT MET" in r.note})
    if not missed:
        return NOTES
    lines = [NOTES, "## Goals not met", ""]
    for name in missed:
        settings = "; ".join(r.setting for r in rows if r.benchmark == name and "NOT MET" in r.note)
        lines += [f"**{name}** ({settings}). {REASONS.get(name, 'Not investigated yet.')}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
