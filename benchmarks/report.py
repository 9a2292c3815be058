"""Benchmark results: one row per measurement, printed as a table and written to RESULTS.md."""

from __future__ import annotations

import math
import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class Row:
    benchmark: str
    setting: str
    ours: str
    reference: str
    ratio: float  # ours / reference for costs (lower is better) unless the note says otherwise
    note: str = ""


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, math.ceil(pct / 100 * len(ordered)) - 1)
    return ordered[index]


def machine() -> str:
    cpus = os.cpu_count() or 0
    return f"{platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def table(rows: list[Row]) -> str:
    lines = [
        "| benchmark | setting | Signoff | reference | ratio | note |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r.benchmark} | {r.setting} | {r.ours} | {r.reference} | {r.ratio:.2f} | {r.note} |"
        for r in rows
    ]
    return "\n".join(lines)


def write_results(rows: list[Row], path: Path, *, preamble: str, epilogue: str = "") -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    after = f"\n{epilogue.strip()}\n" if epilogue.strip() else ""
    path.write_text(
        f"# Benchmark results\n\n{preamble}\n\nMeasured {stamp} on {machine()}.\n\n"
        f"{table(rows)}\n{after}",
        encoding="utf-8",
    )
