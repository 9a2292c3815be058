"""`signoff nudges run-due --now ISO8601` (one scheduler pass) and `signoff nudges log KEY`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from adapters.composition import build_runtime
from adapters.config import Settings
from adapters.platforms import build_platforms
from adapters.scheduling import build_engine, nudge_messenger


class BadInstant(ValueError):
    pass


@dataclass(frozen=True)
class FixedClock:
    """The instant an operator named: the pass runs as if it were then."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


def instant(text: str) -> datetime:
    """An ISO 8601 instant; without an offset it is read as UTC."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 instant like 2026-11-30T09:30:00+01:00"
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def add_parsers(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser):
    nudges = commands.add_parser("nudges", parents=[common], help="the scheduler's nudges")
    actions = nudges.add_subparsers(dest="action", metavar="ACTION", required=True)
    run_due = actions.add_parser("run-due", parents=[common], help="one scheduler pass")
    run_due.add_argument("--now", type=instant, default=None, metavar="ISO8601",
                         help="run as of this instant (default: now)")  # fmt: skip
    run_due.set_defaults(run=run_due_command)
    log = actions.add_parser("log", parents=[common], help="the deliveries of an occurrence")
    log.add_argument("key", metavar="KEY", help="an occurrence key, or its beginning")
    log.set_defaults(run=log_command)


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


async def run_due_command(args: argparse.Namespace, settings: Settings) -> int:
    clock = FixedClock(args.now) if args.now else None
    async with await build_runtime(settings, clock=clock) as runtime:
        platforms = build_platforms(runtime)
        try:
            engine = build_engine(runtime, nudge_messenger(platforms, write=_write))
            result = await engine.run_pass()
        finally:
            for platform in platforms:
                await platform.aclose()
    _write(
        f"Pass as of {runtime.services.clock.now().isoformat()}: {result.enqueued} queued, "
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
