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


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_results(
    rows: list[Row],
    path: Path,
    *,
    preamble: str,
    epilogue: str = "",
    measured: list[str] | None = None,
) -> None:
    """`measured`: the lines saying when the rows were measured (default: all of them now)."""
    when = "\n\n".join(measured or [f"Measured {stamp()} on {machine()}."])
    after = f"\n{epilogue.strip()}\n" if epilogue.strip() else ""
    path.write_text(
        f"# Benchmark results\n\n{preamble}\n\n{when}\n\n{table(rows)}\n{after}",
        encoding="utf-8",
    )


def read_results(path: Path) -> tuple[list[str], list[Row]]:
    """What write_results wrote: its "Measured" lines and its rows."""
    measured: list[str] = []
    rows: list[Row] = []
    if not path.exists():
        return measured, rows
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("Measured "):
            measured.append(line)
        elif line.startswith("| ") and not line.startswith(("| benchmark |", "| --- |")):
            benchmark, setting, ours, reference, ratio, note = line[2:-2].split(" | ")
            rows.append(Row(benchmark=benchmark, setting=setting, ours=ours,
                            reference=reference, ratio=float(ratio), note=note))  # fmt: skip
    return measured, rows
