"""Where a confirmation's CPU goes: `signoff run` under a CPU profiler through one chat load level.

`python -m benchmarks.profile [slack|teams] [--count N] [--concurrency C] [--checkout PATH]`
seeds a SQLite database as the chat benchmark does, starts `signoff run` (from PATH, another
checkout of Signoff, to profile an earlier version the same way) under yappi's CPU clock, sends N
feedback commands with C in flight, waits until each is confirmed in the channel, stops the
server and prints where its CPU went (the functions, then the packages, with the most time of
their own), as shares of the process's total, so that runs on a busy machine compare.
"""

from __future__ import annotations

import argparse
import asyncio
import pstats
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks import chat_load, chat_setup, procs
from benchmarks.fake_platforms import FakePlatforms

TOP = 10
# `signoff run` under yappi's CPU clock, which charges a coroutine only for the time it runs,
# not for the time it waits; saved in pstats' format when the server stops (SIGTERM ends
# aiohttp's run_app with SystemExit). Run with -c, so the working folder's code is imported.
PROFILED = """
import sys, yappi, runpy
yappi.set_clock_type("cpu")
yappi.start(builtins=False)
sys.argv = ["signoff", *{args!r}]
try:
    runpy.run_module("adapters.cli", run_name="__main__")
finally:
    yappi.stop()
    yappi.get_func_stats().save({out!r}, type="pstat")
"""


async def profile(kind: str, *, count: int, concurrency: int, checkout: Path, out: Path) -> None:
    folder = out.parent
    url = f"sqlite:///{folder}/{kind}.db"
    async with FakePlatforms() as fake:
        await _seed(checkout, url, kind)
        port = procs.free_port()
        env = chat_setup.signoff_env(kind, url, port, fake)
        args = ["run", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler"]
        argv = [sys.executable, "-c", PROFILED.format(out=str(out), args=args)]
        # Run in the checkout: `python -c` puts the working folder first on the path.
        log = folder / "server.log"
        async with procs.server(argv, port=port, env=env, log=log, cwd=checkout):
            level = await chat_load.drive(
                kind, port, fake, count=count, concurrency=concurrency, first=10**6, confirms=True
            )
        print(f"{kind}, SQLite, concurrency {concurrency}: {level.ack()}; "
              f"{level.confirm_rate:.0f} confirmations/s ({level.outcome()})")  # fmt: skip


async def _seed(checkout: Path, url: str, kind: str) -> None:
    """The chat benchmark's projects, made by the checkout's own code (its migrations)."""
    code = (
        "import asyncio; from benchmarks import chat_setup; "
        f"asyncio.run(chat_setup.seed({url!r}, {kind!r}, {chat_load.CHANNELS}))"
    )
    seeding = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, cwd=checkout, env=procs.clean_env({})
    )
    if await seeding.wait() != 0:
        raise RuntimeError(f"seeding with {checkout} failed")


def summary(path: Path, top: int = TOP) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """Where the CPU went, as shares of the process's total: the `top` functions by their own
    time, and the `top` packages (Signoff's floors, each library) by the time of their code.

    Own time, not cumulative: SQLAlchemy's async layer runs each statement in a greenlet, and a
    profiler charges a greenlet switch's whole wait to whichever frame was open at the time.
    """
    stats = pstats.Stats(str(path))
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    raw = stats.stats  # type: ignore[attr-defined]  # pstats keeps it undeclared
    total = sum(own for _, _, own, _, _ in raw.values()) or 1.0
    functions, packages = [], defaultdict[str, float](float)
    for (file, line, name), (_, _, own, _, _) in raw.items():
        functions.append((100 * own / total, f"{name} ({_package(file)}/{Path(file).name}:{line})"))
        packages[_package(file)] += 100 * own / total
    functions.sort(reverse=True)
    by_share = sorted(((share, name) for name, share in packages.items()), reverse=True)
    return functions[:top], by_share[:top]


def _package(file: str) -> str:
    """The top-level package a source file belongs to ("sqlalchemy", "bot", "asyncio")."""
    parts = Path(file).parts
    for marker in ("site-packages", "python3.11", "python3.12", "python3.13"):
        if marker in parts and parts.index(marker) + 1 < len(parts):
            return parts[parts.index(marker) + 1].removesuffix(".py")
    for floor in ("bot", "adapters", "storage", "scheduler"):
        if floor in parts:
            return floor
    return parts[-1] if parts else file


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("kind", nargs="?", default="slack", choices=sorted(chat_load.PATHS))
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--checkout", type=Path, default=procs.ROOT)
    parser.add_argument("--top", type=int, default=TOP)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "signoff.prof"
        asyncio.run(profile(args.kind, count=args.count, concurrency=args.concurrency,
                            checkout=args.checkout.resolve(), out=out))  # fmt: skip
        functions, packages = summary(out, args.top)
        print("| CPU % | function (own time) |\n| --- | --- |")
        print("\n".join(f"| {share:.1f} | `{name}` |" for share, name in functions))
        print("\n| CPU % | package |\n| --- | --- |")
        print("\n".join(f"| {share:.1f} | {name} |" for share, name in packages))


if __name__ == "__main__":
    main()
