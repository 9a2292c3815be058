"""Memory: VmRSS of `signoff run` idle and after blocks of Slack commands, against bare bolt."""

# Every block is paced below what Signoff can process and sampled once its answers have all
# arrived (in the ack bodies or at the fake Slack), so the figure is what stays resident, not a
# backlog of queued work.

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from benchmarks import chat_setup, procs
from benchmarks.fake_platforms import FakePlatforms
from benchmarks.report import Row

BLOCKS = 3
RATE = 80  # requests a second: below what Signoff processes here (mixed, SQLite), so nothing queues
CONCURRENCY = 16
CHANNELS = 8
GOAL_MB = 150.0
FLAT_MB = 2.0  # growth this small over the last block counts as none (allocator noise)


async def samples(
    argv: list[str],
    env: dict[str, str],
    port: int,
    fake: FakePlatforms,
    *,
    block: int,
    log: Path,
    answers: bool,
) -> list[float]:
    """RSS in MB: idle, then after each block of `block` requests."""
    async with procs.server(argv, port=port, env=env, log=log) as process:
        await asyncio.sleep(1.0)
        measured = [procs.rss_mb(process.pid)]
        for n in range(BLOCKS):
            fake.reset()
            spec = {
                "kind": "slack",
                "mix": "mixed",
                "url": f"http://127.0.0.1:{port}/slack/events",
                "count": block,
                "concurrency": CONCURRENCY,
                "rate": RATE,
                "first": (n + 1) * 10**7,
                "channels": CHANNELS,
                "hook_url": fake.hook_url,
                "deadline": block / RATE * 2 + 60,
            }
            result = await procs.load(spec)
            if result["errors"]:
                raise RuntimeError(f"errors under load: {result['errors']}")
            # status, help and milestones answer in the ack body; the others post to the fake.
            posted = result["ok"] - result["carried"]
            if answers and not await fake.wait_delivered(posted, within=300):
                raise RuntimeError(f"only {fake.delivered} of {posted} posted answers arrived")
            await asyncio.sleep(1.0)
            measured.append(procs.rss_mb(process.pid))
    return measured


async def run(url: str, fake: FakePlatforms, *, block: int, folder: Path) -> list[Row]:
    await chat_setup.seed(url, "slack", CHANNELS)
    port = procs.free_port()
    env = chat_setup.signoff_env("slack", url, port, fake)
    ours = await samples(
        chat_setup.signoff_argv(port),
        env,
        port,
        fake,
        block=block,
        log=folder / "signoff-memory.log",
        answers=True,
    )
    port = procs.free_port()
    argv = [sys.executable, "-m", "benchmarks.bare_bolt", str(port), fake.slack_api]
    bare = await samples(
        argv, {}, port, fake, block=block, log=folder / "bare-memory.log", answers=False
    )
    rows = []
    for n, (mine, theirs) in enumerate(zip(ours, bare, strict=True)):
        after = "idle" if n == 0 else f"after {n * block:,} requests"
        note = "lower is better"
        if n == BLOCKS - 1:
            note += f"; goal < {GOAL_MB:.0f} MB " + ("met" if mine < GOAL_MB else "NOT MET")
        if n == BLOCKS:
            growth = mine - ours[n - 1]
            flat = "met" if growth <= FLAT_MB else "NOT MET"
            note += f"; growth over the last block {growth:+.1f} MB, goal none: {flat}"
        rows.append(
            Row(
                benchmark="memory RSS",
                setting=f"SQLite, {after}",
                ours=f"{mine:.1f} MB",
                reference=f"bare bolt {theirs:.1f} MB",
                ratio=mine / theirs,
                note=note,
            )
        )
    return rows
