"""Servers and the load generator as child processes: started, awaited with deadlines, stopped."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
STOP_SECONDS = 15.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc/PID/status (VmRSS, in kB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"no VmRSS for {pid}")


def clean_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment without any platform credentials inherited from the shell."""
    prefixes = ("SLACK_", "MICROSOFT_", "SIGNOFF_", "DATABASE_URL", "PORT")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return {**env, "PYTHONUNBUFFERED": "1", **extra}


@asynccontextmanager
async def server(
    argv: Sequence[str],
    *,
    port: int,
    env: Mapping[str, str],
    log: Path,
    ready: float = 60.0,
    cwd: Path = ROOT,
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Start a server process (in `cwd`, whose code `python -m` runs first), wait until GET
    /healthz answers 200, and always stop it."""
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            *argv, cwd=cwd, env=clean_env(env), stdout=out, stderr=out
        )
    try:
        await _until_healthy(process, port, ready, log)
        yield process
    finally:
        await stop(process)


async def _until_healthy(
    process: asyncio.subprocess.Process, port: int, within: float, log: Path
) -> None:
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                break
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not become healthy:\n{tail(log)}")


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:]


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), STOP_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()


async def load(spec: dict[str, Any]) -> dict[str, Any]:
    """Run benchmarks.loadgen with `spec` in its own process; killed if it overruns."""
    limit = float(spec.get("deadline", 120)) + 30
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks.loadgen",
        json.dumps(spec),
        cwd=ROOT,
        env=clean_env({}),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), limit)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    if process.returncode != 0:
        raise RuntimeError(f"load generator failed: {err.decode(errors='replace')[-2000:]}")
    return json.loads(out.decode().strip().splitlines()[-1])
