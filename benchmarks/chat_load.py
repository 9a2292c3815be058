"""Slack and Teams under load: `signoff run` against the bare framework, and its confirmations."""

# The load generator is its own process (benchmarks.loadgen); so is each server. The fake Slack /
# Bot Connector runs in this process and counts what the bots send back.

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import chat_setup, loop_lag, procs
from benchmarks.fake_platforms import FakePlatforms
from benchmarks.report import Row, percentile

LEVELS = (1, 16, 64)
CHANNELS = 8  # projects, each bound to its own channel; requests go round-robin
LOAD_DEADLINE = 150.0  # seconds a load level may take before the generator stops itself
DRAIN_DEADLINE = 180.0  # seconds to wait for the confirmations after the last ack
ACK_GOAL, CONFIRM_GOAL, P99_GOAL_MS = 0.7, 0.8, 300.0
PATHS = {"slack": "/slack/events", "teams": "/api/messages"}
REFERENCE = {"slack": "bare bolt", "teams": "bare echo bot"}


@dataclass(frozen=True, kw_only=True)
class Level:
    concurrency: int
    ok: int
    errors: dict[str, int]
    rate: float  # acknowledgements a second
    p50_ms: float
    p99_ms: float
    confirm_rate: float = 0.0  # confirmations a second, from the first request to the last one
    confirmed: int = 0  # acked requests whose confirmation arrived
    refused: int = 0  # acked requests answered that nothing was recorded (no confirmation)
    duplicates: int = 0  # confirmations that arrived again
    # From a request's ack reaching the load generator to its confirmation reaching the fake
    # platform (0 when the ack body carried it): the delivery the caller waits for after the ack.
    confirm_p50_ms: float = 0.0
    confirm_p99_ms: float = 0.0

    def outcome(self) -> str:
        shown = f"{self.confirmed} of {self.ok} confirmed"
        if self.refused:
            shown += f", {self.refused} answered nothing was recorded"
        return shown + (f", {self.duplicates} twice" if self.duplicates else "")

    def after_ack(self) -> str:
        return f"p50 {self.confirm_p50_ms:.1f} ms, p99 {self.confirm_p99_ms:.1f} ms"

    def ack(self) -> str:
        errors = sum(self.errors.values())
        shown = f", {errors} errors {self.errors}" if errors else ""
        return f"{self.rate:.0f} req/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms{shown}"


async def drive(
    kind: str,
    port: int,
    fake: FakePlatforms,
    *,
    count: int,
    concurrency: int,
    first: int,
    confirms: bool,
) -> Level:
    """One load level; waits until every acked request was confirmed (when the server
    `confirms` them: the references only ack, or post their echo before the ack)."""
    fake.reset()
    spec = {
        "kind": kind,
        "url": f"http://127.0.0.1:{port}{PATHS[kind]}",
        "count": count,
        "concurrency": concurrency,
        "first": first,
        "channels": CHANNELS,
        "hook_url": fake.hook_url,
        "service_url": fake.service_url,
        "deadline": LOAD_DEADLINE,
    }
    result = await procs.load(spec)
    acked = {int(n): at for n, at in result["acked"].items()}
    if confirms:  # all of this level's answers, so that none arrives during the next one
        pending = acked.keys() - result["confirmed_in_ack"]
        refused = result["refused_in_ack"]
        await fake.wait_answered(pending, refused=refused, within=DRAIN_DEADLINE)
    arrived = fake.confirmed_at | {n: acked[n] for n in result["confirmed_in_ack"]}
    waits = [(arrived[n] - at) * 1000 for n, at in acked.items() if n in arrived]
    confirm_rate = confirm_p50 = confirm_p99 = 0.0
    if waits:
        last = max(arrived[n] for n in acked if n in arrived)
        confirm_rate = len(waits) / max(1e-9, last - result["started"])
        confirm_p50, confirm_p99 = percentile(waits, 50), percentile(waits, 99)
    return Level(
        concurrency=concurrency,
        ok=result["ok"],
        errors=result["errors"],
        rate=result["ok"] / result["elapsed"],
        p50_ms=result["p50_ms"],
        p99_ms=result["p99_ms"],
        confirm_rate=confirm_rate,
        confirmed=len(waits),
        refused=result["refused_in_ack"] + fake.refused,
        duplicates=fake.duplicates,
        confirm_p50_ms=confirm_p50,
        confirm_p99_ms=confirm_p99,
    )


async def levels(
    kind: str,
    argv: list[str],
    env: dict[str, str],
    port: int,
    fake: FakePlatforms,
    *,
    count: int,
    log: Path,
    confirms: bool = True,
    after: Callable[[], Awaitable[None]] | None = None,
) -> list[Level]:
    """Start one server, warm it up, then run each level against it (and `after`, before the
    server stops)."""
    measured = []
    async with procs.server(argv, port=port, env=env, log=log):
        await drive(
            kind, port, fake, count=min(count, 200), concurrency=16, first=10**6, confirms=confirms
        )
        for n, concurrency in enumerate(LEVELS):
            sent = count if concurrency > 1 else count // 2  # concurrency 1 is slow and steady
            level = dict(count=sent, concurrency=concurrency, first=(n + 2) * 10**6)
            measured.append(await drive(kind, port, fake, **level, confirms=confirms))
        if after is not None:
            await after()
    return measured


async def reference(kind: str, fake: FakePlatforms, *, count: int, folder: Path) -> list[Level]:
    port = procs.free_port()
    module = "benchmarks.bare_bolt" if kind == "slack" else "benchmarks.bare_teams"
    argv = [sys.executable, "-m", module, str(port), fake.slack_api]
    log = folder / f"{module}.log"
    # Bare bolt posts nothing; the echo bot posts inside its turn, so before its ack.
    return await levels(kind, argv, {}, port, fake, count=count, log=log, confirms=False)


async def signoff(
    kind: str, database: str, url: str, fake: FakePlatforms, *, count: int, folder: Path
) -> tuple[list[Level], loop_lag.LoopLag]:
    """Signoff's levels, and how late its event loop ran over all of them."""
    await chat_setup.seed(url, kind, CHANNELS)
    port = procs.free_port()
    env = {**chat_setup.signoff_env(kind, url, port, fake), **loop_lag.ENV}
    log = folder / f"signoff-{kind}-{database}.log"
    lag: list[loop_lag.LoopLag] = []

    async def read_lag() -> None:
        lag.append(await loop_lag.scrape(port))

    argv = chat_setup.signoff_argv(port)
    ours = await levels(kind, argv, env, port, fake, count=count, log=log, after=read_lag)
    return ours, lag[0]


def rows(kind: str, database: str, ours: list[Level], bare: list[Level], floor: float) -> list[Row]:
    out = []
    for mine, theirs in zip(ours, bare, strict=True):
        ratio = mine.rate / theirs.rate
        misses = []
        if ratio < ACK_GOAL:
            misses.append(f"< {ACK_GOAL} of {REFERENCE[kind]}")
        if mine.concurrency == LEVELS[-1] and mine.p99_ms >= P99_GOAL_MS:
            misses.append(f"p99 ≥ {P99_GOAL_MS:.0f} ms")
        if mine.errors:
            misses.append("errors")
        out.append(
            Row(
                benchmark=f"{kind} ack",
                setting=f"{database}, concurrency {mine.concurrency}",
                ours=mine.ack(),
                reference=f"{REFERENCE[kind]}: {theirs.ack()}",
                ratio=ratio,
                note="higher is better; goal "
                + (f"NOT MET: {', '.join(misses)}" if misses else "met"),
            )
        )
    # Confirmations at the highest concurrency only: below it the offered load, not the
    # server's work, sets their pace.
    top = ours[-1]
    ratio = top.confirm_rate / floor
    met = ratio >= CONFIRM_GOAL and top.confirmed == top.ok and not top.duplicates
    out.append(
        Row(
            benchmark=f"{kind} confirmations",
            setting=f"{database}, concurrency {top.concurrency}",
            ours=f"{top.confirm_rate:.0f}/s ({top.outcome()})",
            reference=f"insert+commit loop, {top.concurrency} tasks: {floor:.0f}/s",
            ratio=ratio,
            note="higher is better; goal " + ("met" if met else "NOT MET"),
        )
    )
    # The wait after the ack, beside the ack's own: no goal is set for it. The lower levels
    # show it without the burst's queue.
    lower = "; ".join(f"concurrency {m.concurrency}: {m.after_ack()}" for m in ours[:-1])
    out.append(
        Row(
            benchmark=f"{kind} ack→confirmation",
            setting=f"{database}, concurrency {top.concurrency}",
            ours=f"{top.after_ack()} ({top.outcome()})",
            reference=f"ack p50 at the same level: {top.p50_ms:.1f} ms",
            ratio=top.confirm_p50_ms / top.p50_ms,
            note=f"p50 / p50, lower is better; {lower}",
        )
    )
    return out


async def run(
    kind: str, fake: FakePlatforms, databases: dict[str, str], *, count: int, folder: Path
) -> list[Row]:
    """The bare framework once, then Signoff and the commit floor on each database."""
    bare = await reference(kind, fake, count=count, folder=folder)
    out: list[Row] = []
    for database, url in databases.items():
        ours, lag = await signoff(kind, database, url, fake, count=count, folder=folder)
        floor = await chat_setup.commit_floor(url, count=count, concurrency=LEVELS[-1])
        out += [*rows(kind, database, ours, bare, floor), loop_lag.row(kind, database, lag)]
    return out
