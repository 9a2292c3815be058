"""`signoff nudges run-due [--now ISO8601] [--timeout SECONDS]` (one scheduler pass, bounded) and
`signoff nudges log KEY`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from typing import Any

from adapters.composition import build_runtime
from adapters.config import Settings
from adapters.platforms import build_platforms
from adapters.run_due import MovingClock, left_over, run_until_done
from adapters.scheduling import build_engine, nudge_messenger

# How long a pass may take, unless --timeout says otherwise.
DEFAULT_TIMEOUT = 600.0


def instant(text: str) -> datetime:
    """An ISO 8601 instant; without an offset it is read as UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 instant like 2026-11-30T09:30:00+01:00"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser):
    nudges = commands.add_parser("nudges", parents=[common], help="the scheduler's nudges")
    actions = nudges.add_subparsers(dest="action", metavar="ACTION", required=True)
    run_due = actions.add_parser("run-due", parents=[common], help="one scheduler pass")
    run_due.add_argument("--now", type=instant, default=None, metavar="ISO8601",
                         help="run as of this instant (default: now)")  # fmt: skip
    run_due.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                         help="give up after this long, saying what is left (600)")  # fmt: skip
    run_due.set_defaults(run=run_due_command)
    log = actions.add_parser("log", parents=[common], help="the deliveries of an occurrence")
    log.add_argument("key", metavar="KEY", help="an occurrence key, or its beginning")
    log.set_defaults(run=log_command)


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


async def run_due_command(args: argparse.Namespace, settings: Settings) -> int:
    # The pass starts at --now and its clock moves on from there, so paced sends can go out.
    moving = MovingClock(args.now) if args.now else None
    async with await build_runtime(settings, clock=moving) as runtime:
        clock = runtime.services.clock
        as_of = clock.now()
        platforms = build_platforms(runtime)
        try:
            engine = build_engine(runtime, nudge_messenger(platforms, write=_write))
            try:
                async with asyncio.timeout(args.timeout):
                    result = await run_until_done(engine, runtime.engine, clock, as_of)
            except TimeoutError:
                left = await left_over(runtime.engine, as_of)
                sys.stderr.write(
                    f"signoff: the pass as of {as_of.isoformat()} did not finish within "
                    f"{args.timeout:g} s: {left} (see signoff nudges log)\n"
                )
                return 1
        finally:
            for platform in platforms:
                await platform.aclose()
    _write(
        f"Pass as of {as_of.isoformat()}: {result.enqueued} queued, "
        f"{result.missed} recorded as missed, {result.claimed} delivered or settled."
    )
    return 0


async def log_command(args: argparse.Namespace, settings: Settings) -> int:
    async with await build_runtime(settings) as runtime, runtime.services.uow() as uow:
        records = await uow.nudges.log(args.key)
    if not records:
        sys.stderr.write(f"signoff: no deliveries logged for {args.key!r}\n")
        return 1
    for r in records:
        target = f"{r.target.platform.value}:{r.target.channel}"
        extra = " ".join(part for part in (r.message_id, r.detail) if part)
        _write(
            f"{r.at.isoformat()} {r.outcome:<9} {r.kind.value} {target} {r.key} {extra}".rstrip()
        )
    return 0
